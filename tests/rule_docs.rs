//! Each rule's documented examples do what they claim.

use coderform::analyzer::config::CoderVersion;
use coderform::analyzer::{lint, rules, Options};

/// The files of a documented example: each `# NAME.tf` line begins one;
/// text before any is `main.tf`.
fn example_files(text: &str) -> Vec<(String, String)> {
    let mut files = vec![("main.tf".to_string(), String::new())];
    for line in text.lines() {
        match line.strip_prefix("# ").filter(|name| name.ends_with(".tf")) {
            Some(name) => files.push((name.to_string(), String::new())),
            None => {
                let (_, text) = files.last_mut().expect("a file");
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    files.retain(|(name, text)| name != "main.tf" || !text.trim().is_empty());
    files
}

fn findings(text: &str, version: CoderVersion) -> Vec<&'static str> {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in example_files(text) {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
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
fn examples_split_into_the_files_they_name() {
    let files = example_files("# main.tf\na = 1\n\n# override.tf\na = 2\n");
    assert_eq!(
        files,
        [
            ("main.tf".to_string(), "a = 1\n\n".to_string()),
            ("override.tf".to_string(), "a = 2\n".to_string())
        ]
    );
    assert_eq!(
        example_files("# a comment\nb = 1\n"),
        [("main.tf".to_string(), "# a comment\nb = 1\n".to_string())]
    );
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
