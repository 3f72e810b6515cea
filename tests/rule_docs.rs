//! Each rule's documented examples do what they claim.

use coderform::analyzer::config::CoderVersion;
use coderform::analyzer::{lint, rules, Options};

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
