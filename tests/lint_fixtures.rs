//! One folder per case under tests/fixtures/<rule>/<case>: the template, and
//! insta snapshots of its JSON and text reports beside it.

mod support;

use std::path::Path;

use coderform::analyzer::{lint, Options};
use coderform::render;
use support::fixture_cases;

#[test]
fn every_fixture_matches_its_snapshots() {
    let cases = fixture_cases();
    assert!(cases.len() >= 20, "fixtures missing: {}", cases.len());
    for case in cases {
        let report = lint(&case, ".", &Options::default())
            .unwrap_or_else(|e| panic!("{}: {e}", case.display()));
        let reports = [report];
        let json = format!("{:#}", render::json::render(&reports));
        let text = render::text::render(&reports, false);
        insta::with_settings!({
            snapshot_path => case.clone(),
            prepend_module_to_snapshot => false,
            omit_expression => true,
            description => case.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(&case).display().to_string(),
        }, {
            insta::assert_snapshot!("json", json);
            insta::assert_snapshot!("text", text);
        });
    }
}

/// Each rule's folder holds cases that report it, so the snapshots are not
/// all empty: a guard against a rule that silently stops reporting.
#[test]
fn every_rule_folder_reports_its_rule() {
    for case in fixture_cases() {
        let rule = case
            .parent()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let report = lint(&case, ".", &Options::default()).expect("lint");
        let name = case
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let reports_rule = report.diagnostics.iter().any(|d| d.rule == rule);
        let clean_case = matches!(
            name.as_str(),
            "documented-template"
                | "exclusive-options"
                | "exclusive-conditions"
                | "module-or-fallback"
                | "name-from-local"
                | "in-local-module"
                | "not-required-from-2.28"
                | "ignored-by-comment"
                | "json-template"
                | "json-ignored-by-comment"
                | "override-turns-one-off"
                | "dynamic-options"
                | "exclusive-apps"
                | "prebuild-never-a-task"
                | "claim-is-a-start"
                | "multi-select-first-only"
                | "trimmed-exclusive"
                | "number-threshold-exclusive"
                | "free-list-length-exclusive"
        );
        assert_eq!(
            reports_rule,
            !clean_case,
            "{}: expected {} finding",
            case.display(),
            if clean_case { "no" } else { "a" }
        );
    }
}
