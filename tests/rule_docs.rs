//! The rules' documentation comes from their metadata: docs/rules.md is
//! current, and each rule's examples do what they claim.

use std::path::Path;

use coderform::analyzer::config::CoderVersion;
use coderform::analyzer::{lint, rules, Options};

#[test]
fn docs_rules_md_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        written == coderform::cli::rules::markdown(),
        "docs/rules.md is out of date: run `cargo run -- rules --markdown > docs/rules.md`"
    );
}

fn findings(text: &str, version: CoderVersion) -> Vec<&'static str> {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("main.tf"), text).expect("write");
    // The examples that call a local module call this one.
    std::fs::create_dir_all(dir.path().join("modules/agent")).expect("module directory");
    std::fs::write(dir.path().join("modules/agent/main.tf"), "").expect("module");
    let options = Options {
        coder_version: Some(version),
        disabled: Vec::new(),
    };
    lint(dir.path(), ".", &options)
        .expect("lint")
        .diagnostics
        .iter()
        .map(|d| d.rule)
        .collect()
}

#[test]
fn every_rules_examples_show_it_and_its_fix() {
    for rule in rules::all() {
        let meta = rule.meta();
        // Rules tied to a Coder release are shown under that release.
        let version = match meta.id {
            "ai-task-ignored" => "2.37".parse().expect("version"),
            _ => CoderVersion::Contract,
        };
        assert!(
            findings(meta.bad, version).contains(&meta.id),
            "{}: the reported example is not reported",
            meta.id
        );
        assert!(
            !findings(meta.good, version).contains(&meta.id),
            "{}: the fixed example is still reported",
            meta.id
        );
    }
}
