//! Random and truncated HCL never makes `lint` panic: every input gives a
//! result, with diagnostics or without.

mod support;

use coderform::analyzer::{lint, Options};
use proptest::prelude::*;
use support::fixture_cases;

/// The fixture templates' main files, to cut and mutate.
fn fixture_texts() -> Vec<String> {
    let mut texts: Vec<String> = fixture_cases()
        .iter()
        .filter_map(|case| std::fs::read_to_string(case.join("main.tf")).ok())
        .collect();
    texts.sort();
    texts
}

fn lint_text(text: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("main.tf"), text).expect("write");
    let report =
        lint(dir.path(), ".", &Options::default()).expect("a readable directory always lints");
    // Rendering touches every span: it must not panic either.
    let reports = [report];
    let _ = coderform::render::text::render(&reports, false);
    let _ = coderform::render::json::render(&reports);
    let _ = coderform::render::sarif::render(&reports);
}

/// Pieces of HCL that make interesting soup.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("resource \"coder_ai_task\" \"t\" {".to_string()),
        Just("data \"coder_parameter\" \"p\" {".to_string()),
        Just("module \"m\" {".to_string()),
        Just("locals {".to_string()),
        Just("count = ".to_string()),
        Just("for_each = ".to_string()),
        Just("name = ".to_string()),
        Just("app_id = ".to_string()),
        Just("source = \"./m\"".to_string()),
        Just("data.coder_parameter.p.value".to_string()),
        Just("local.x".to_string()),
        Just("var.y".to_string()),
        Just("module.m[0].o".to_string()),
        Just("? 1 : 0".to_string()),
        Just("== \"a\"".to_string()),
        Just("&& !".to_string()),
        Just("tobool(".to_string()),
        Just("length([".to_string()),
        Just("\"${".to_string()),
        Just("<<EOT\n".to_string()),
        Just("}".to_string()),
        Just(")".to_string()),
        Just("]".to_string()),
        Just("\n".to_string()),
        Just("# coderform-ignore: single-ai-task\n".to_string()),
        "[a-z0-9_\" =.{}()\\[\\]!?:<>,-]{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn token_soup_never_panics(tokens in proptest::collection::vec(token(), 0..40)) {
        lint_text(&tokens.join(" "));
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
        lint_text(&text);
    }

    #[test]
    fn truncated_fixtures_never_panic(index in 0usize..64, cut in 0.0f64..1.0) {
        let texts = fixture_texts();
        let text = &texts[index % texts.len()];
        let mut end = (text.len() as f64 * cut) as usize;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        lint_text(&text[..end]);
    }
}
