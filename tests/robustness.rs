//! Random and truncated HCL and Terraform JSON never make `lint` panic:
//! every input gives a result, with diagnostics or without.

mod support;

use coderform::analyzer::report::TemplateReport;
use coderform::analyzer::{lint, Options};
use proptest::prelude::*;
use support::{fixture_cases, write_files};

/// The fixture templates' files named `name`, to cut and mutate.
fn fixture_texts(name: &str) -> Vec<String> {
    let mut texts: Vec<String> = fixture_cases()
        .iter()
        .filter_map(|case| std::fs::read_to_string(case.join(name)).ok())
        .collect();
    texts.sort();
    texts
}

fn lint_text(text: &str) {
    lint_file("main.tf", text);
}

fn lint_file(name: &str, text: &str) {
    lint_files(&[(name, text)]);
}

fn lint_files(files: &[(&str, &str)]) {
    let report = linted(files);
    // Rendering touches every span: it must not panic either.
    let reports = [report];
    let _ = coderform::render::text::render(&reports, false);
    let _ = coderform::render::json::render(&reports);
    let _ = coderform::render::sarif::render(&reports);
}

fn linted(files: &[(&str, &str)]) -> TemplateReport {
    let dir = tempfile::tempdir().expect("tempdir");
    write_files(dir.path(), files);
    lint(dir.path(), ".", &Options::default()).expect("a readable directory always lints")
}

/// The messages of a report's `single-ai-task` findings.
fn task_findings(report: &TemplateReport) -> Vec<&str> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.rule == "single-ai-task")
        .map(|d| d.message.as_str())
        .collect()
}

const PROMPT: &str = "data \"coder_parameter\" \"ai_prompt\" {\n  name = \"AI Prompt\"\n}\n";

/// Templates are input that control planes take from users: a count of
/// a billion or locals that double one another get an answer, not all of
/// the machine's memory.
#[test]
fn huge_counts_and_exponential_locals_get_an_answer() {
    let many = format!("{PROMPT}resource \"coder_ai_task\" \"many\" {{\n  count = 1e15\n}}\n");
    let report = linted(&[("main.tf", &many)]);
    assert_eq!(report.ai_task_instances_max, Some(1_000_000_000_000_000));
    assert!(task_findings(&report)[0].starts_with("a build can plan 1000000000000000 "));

    let modules = format!("{PROMPT}module \"m\" {{\n  count  = 1e9\n  source = \"./m\"\n}}\n");
    let task = "resource \"coder_ai_task\" \"t\" {}\n";
    let report = linted(&[("main.tf", &modules), ("m/main.tf", task)]);
    assert_eq!(report.ai_task_instances_max, None);
    assert_eq!(report.ai_task_instances_min, 1024);
    let findings = task_findings(&report);
    assert!(
        findings
            .iter()
            .any(|f| f.starts_with("a build can plan at least 1024 "))
            && findings.iter().any(|f| f
                .contains("the 1000000000 instances of module.m, of which coderform entered 1024")),
        "{findings:?}"
    );

    // Nested calls share one allowance of module instances, entered depth
    // first: the instances entered still prove the violation.
    let nested = "module \"n\" {\n  count  = 1e9\n  source = \"./n\"\n}\n";
    let report = linted(&[
        ("main.tf", &modules),
        ("m/main.tf", nested),
        ("m/n/main.tf", task),
    ]);
    assert_eq!(report.ai_task_instances_min, 1023);
    assert!(
        task_findings(&report).iter().any(
            |f| f.starts_with("a build can plan at least 1023 ") && f.contains("and 1015 more")
        ),
        "{:?}",
        task_findings(&report)
    );

    let doubling: String = (0..40)
        .map(|i| format!("  l{} = [local.l{i}, local.l{i}]\n", i + 1))
        .collect();
    let locals = format!(
        "{PROMPT}locals {{\n  l0 = [1]\n{doubling}}}\nresource \"coder_ai_task\" \"t\" {{\n  count = length(flatten(local.l40)) > 0 ? 1 : 0\n}}\n"
    );
    let report = linted(&[("main.tf", &locals)]);
    assert_eq!(report.ai_task_instances_max, None);
    assert!(
        task_findings(&report)[0].contains("takes more steps than coderform spends"),
        "{:?}",
        task_findings(&report)
    );
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

/// Pieces of Terraform JSON: block structure, templates, escapes.
fn json_token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("{".to_string()),
        Just("}".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just(",".to_string()),
        Just(":".to_string()),
        Just("\"resource\": {\"coder_ai_task\": {\"t\": ".to_string()),
        Just("\"data\": {\"coder_parameter\": {\"p\": ".to_string()),
        Just("\"module\": {\"m\": ".to_string()),
        Just("\"variable\": {\"v\": ".to_string()),
        Just("\"locals\": ".to_string()),
        Just("\"dynamic\": {\"option\": {\"content\": ".to_string()),
        Just("\"count\": ".to_string()),
        Just("\"option\": ".to_string()),
        Just("\"type\": ".to_string()),
        Just("\"${data.coder_parameter.p.value == \\\"a\\\" ? 1 : 0}\"".to_string()),
        Just("\"${\"".to_string()),
        Just("\"%{ if x }y%{ endif }\"".to_string()),
        Just("\"$${x} ${~ y ~}\"".to_string()),
        Just("\"\\ud800\\udc00 \\u00e9 \\ud800\"".to_string()),
        Just("2".to_string()),
        Just("true".to_string()),
        Just("null".to_string()),
        "\"[a-z0-9_ ${}.\"\\\\]{0,12}\"",
    ]
}

/// Always well-formed JSON, with the keys and templates Terraform gives
/// meaning to: exercises the translation rather than the JSON parser.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        (-3i64..3).prop_map(serde_json::Value::from),
        prop_oneof![
            Just("${data.coder_parameter.p.value == \"a\" ? 1 : 0}".to_string()),
            Just("${var.v}".to_string()),
            Just("a ${local.x} b %{ if true }c%{ endif }".to_string()),
            Just("$${x}\n\"\\".to_string()),
            Just("coder_app.a.id".to_string()),
            Just("list(string)".to_string()),
            Just("./m".to_string()),
            "\\PC{0,8}",
        ]
        .prop_map(serde_json::Value::String),
    ];
    let key = prop_oneof![
        Just("resource"),
        Just("data"),
        Just("module"),
        Just("variable"),
        Just("output"),
        Just("locals"),
        Just("terraform"),
        Just("provider"),
        Just("coder_ai_task"),
        Just("coder_parameter"),
        Just("coder_app"),
        Just("t"),
        Just("count"),
        Just("for_each"),
        Just("option"),
        Just("dynamic"),
        Just("content"),
        Just("lifecycle"),
        Just("provisioner"),
        Just("providers"),
        Just("depends_on"),
        Just("type"),
        Just("default"),
        Just("source"),
        Just("value"),
        Just("app_id"),
        Just("//"),
        Just("not an identifier"),
    ];
    leaf.prop_recursive(5, 48, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            proptest::collection::vec((key.clone(), inner), 0..5).prop_map(|entries| {
                serde_json::Value::Object(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect(),
                )
            }),
        ]
    })
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
    fn json_soup_never_panics(tokens in proptest::collection::vec(json_token(), 0..40)) {
        lint_file("main.tf.json", &tokens.join(" "));
    }

    #[test]
    fn well_formed_json_never_panics(value in json_value()) {
        lint_file("main.tf.json", &value.to_string());
    }

    #[test]
    fn arbitrary_json_never_panics(text in "\\PC{0,300}") {
        lint_file("main.tf.json", &text);
    }

    #[test]
    fn truncated_json_fixtures_never_panic(index in 0usize..64, cut in 0.0f64..1.0) {
        let texts = fixture_texts("main.tf.json");
        let text = &texts[index % texts.len()];
        let mut end = (text.len() as f64 * cut) as usize;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        lint_file("main.tf.json", &text[..end]);
    }

    #[test]
    fn override_soup_over_fixtures_never_panics(
        index in 0usize..64,
        tokens in proptest::collection::vec(token(), 0..40),
    ) {
        let texts = fixture_texts("main.tf");
        let soup = tokens.join(" ");
        lint_files(&[("main.tf", &texts[index % texts.len()]), ("override.tf", &soup)]);
    }

    /// Every block of a fixture overridden by a cut copy of itself.
    #[test]
    fn fixtures_overriding_themselves_never_panic(index in 0usize..64, cut in 0.0f64..1.0) {
        let texts = fixture_texts("main.tf");
        let text = &texts[index % texts.len()];
        let mut end = (text.len() as f64 * cut) as usize;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        lint_files(&[("main.tf", text), ("override.tf", &text[..end])]);
    }

    #[test]
    fn truncated_fixtures_never_panic(index in 0usize..64, cut in 0.0f64..1.0) {
        let texts = fixture_texts("main.tf");
        let text = &texts[index % texts.len()];
        let mut end = (text.len() as f64 * cut) as usize;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        lint_text(&text[..end]);
    }
}
