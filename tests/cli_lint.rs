//! `coderform lint` as users run it: exit codes, formats, and SARIF that
//! validates against the SARIF 2.1.0 schema.

use std::path::Path;
use std::process::{Command, Output};

fn coderform(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_coderform"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run coderform")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

const CLEAN: &str = "tests/fixtures/single-ai-task/exclusive-options";
const BROKEN: &str = "tests/fixtures/single-ai-task/independent-bools";
const WARNS: &str = "tests/fixtures/single-ai-task/undecided-count";

#[test]
fn exit_codes_follow_errors_not_warnings() {
    assert_eq!(coderform(&["lint", CLEAN]).status.code(), Some(0));
    assert_eq!(coderform(&["lint", WARNS]).status.code(), Some(0));
    assert_eq!(coderform(&["lint", BROKEN]).status.code(), Some(1));
    assert_eq!(coderform(&["lint", CLEAN, BROKEN]).status.code(), Some(1));
}

#[test]
fn the_bundled_templates_are_clean() {
    // `templates/` holds templates: each is linted.
    let output = coderform(&["lint", "--format", "json", "templates/"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let linted = json["templates"].as_array().map_or(0, Vec::len);
    let bundled = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"))
        .expect("templates")
        .count();
    assert_eq!(linted, bundled);
    assert!(json["templates"][0]["task_template"] == true);
    assert_eq!(json["summary"]["errors"], 0);
    assert_eq!(json["summary"]["warnings"], 0);
}

#[test]
fn a_directory_of_templates_lints_each_one() {
    let output = coderform(&["lint", "--format", "json", "tests/fixtures/single-ai-task"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let cases = std::fs::read_dir(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/single-ai-task"),
    )
    .expect("fixtures")
    .count();
    assert_eq!(json["templates"].as_array().map_or(0, Vec::len), cases);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn json_keeps_the_contract() {
    let output = coderform(&["lint", "--format", "json", BROKEN]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["version"], 1);
    let template = &json["templates"][0];
    assert_eq!(template["path"], BROKEN);
    assert_eq!(template["task_template"], true);
    assert_eq!(template["ai_task_instances"]["min"], 0);
    assert_eq!(template["ai_task_instances"]["max"], 2);
    let diagnostic = &template["diagnostics"][0];
    assert_eq!(diagnostic["rule"], "single-ai-task");
    assert_eq!(diagnostic["severity"], "error");
    assert_eq!(diagnostic["file"], "main.tf");
    assert!(diagnostic["line"].as_u64().is_some_and(|l| l > 1));
    assert!(diagnostic["column"].as_u64() == Some(1));
    assert_eq!(diagnostic["witness"]["parameters"]["use_claude"], "true");
    assert_eq!(diagnostic["witness"]["parameters"]["use_codex"], "true");
    assert_eq!(diagnostic["witness"]["transition"], "start");
    assert_eq!(diagnostic["witness"]["task"], false);
    assert_eq!(json["summary"]["errors"], 1);
    assert_eq!(json["summary"]["templates"], 1);
}

#[test]
fn sarif_validates_against_the_2_1_0_schema() {
    let schema_text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json"),
    )
    .expect("schema");
    // The published schema has one pattern with an unescaped `]`, which
    // strict regex engines reject; escaping it keeps its meaning.
    let schema_text = schema_text.replace(
        r#"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$"#,
        r#"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$"#,
    );
    let schema: serde_json::Value = serde_json::from_str(&schema_text).expect("schema JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let output = coderform(&[
        "lint",
        "--format",
        "sarif",
        BROKEN,
        "tests/fixtures/hcl-syntax/one-file-of-two",
        "tests/fixtures/module-not-found/unfetched",
        "tests/fixtures/provider-validation/one-finding-many-instances",
        CLEAN,
    ]);
    assert_eq!(output.status.code(), Some(1));
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).expect("SARIF is JSON");
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF: {errors:#?}");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert!(results.len() >= 4);
    let first = &results[0];
    assert_eq!(first["ruleId"], "single-ai-task");
    assert_eq!(
        first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        format!("{BROKEN}/main.tf")
    );
    // Each result's instances, by rule, as logical locations.
    let named: Vec<(&str, Vec<&str>)> = results
        .iter()
        .filter_map(|r| {
            let names = r["locations"][0]["logicalLocations"]
                .as_array()?
                .iter()
                .map(|l| {
                    assert_eq!(l["kind"], "resource");
                    l["fullyQualifiedName"].as_str().expect("an address")
                })
                .collect();
            Some((r["ruleId"].as_str().expect("a rule"), names))
        })
        .collect();
    assert_eq!(
        named[0],
        (
            "single-ai-task",
            vec!["coder_ai_task.claude", "coder_ai_task.codex"]
        )
    );
    assert_eq!(
        named[named.len() - 2..],
        [
            (
                "provider-validation",
                vec![
                    r#"module.tools["emacs"].coder_app.app"#,
                    r#"module.tools["vim"].coder_app.app"#
                ]
            ),
            ("provider-validation", vec!["module.same.coder_app.app"]),
        ]
    );
    // A schema that rejects nothing would make this test worthless.
    assert!(
        !validator.is_valid(&serde_json::json!({"version": "2.1.0", "runs": [{"results": []}]}))
    );
}

#[test]
fn bad_input_fails_with_exit_2_and_one_line() {
    for (args, message) in [
        (vec!["lint", "no/such/dir"], "no such directory"),
        (vec!["lint", "Cargo.toml"], "not a directory"),
        (
            vec!["lint", "--disable", "no-such-rule", CLEAN],
            "unknown rule",
        ),
    ] {
        let output = coderform(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message), "{stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    }
    assert_eq!(
        coderform(&["lint", "--coder-version", "two", CLEAN])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        coderform(&["lint", "--format", "xml", CLEAN]).status.code(),
        Some(2)
    );
}

#[test]
fn a_file_that_is_not_utf8_fails_with_exit_2_naming_it() {
    let template = tempfile::tempdir().expect("temporary directory");
    let module = template.path().join("modules/agent");
    std::fs::create_dir_all(&module).expect("module directory");
    std::fs::write(
        template.path().join("main.tf"),
        "module \"agent\" {\n  source = \"./modules/agent\"\n}\n",
    )
    .expect("write main.tf");
    std::fs::write(module.join("main.tf"), b"variable \"x\" {}\n# caf\xe9\n").expect("write");
    let path = template.path().to_string_lossy().into_owned();
    let output = coderform(&["lint", &path]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("modules/agent/main.tf"), "{stderr}");
    assert!(stderr.contains("UTF-8"), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
}

#[test]
fn flags_win_over_the_config_file() {
    // The fixture's .coderform.hcl targets 2.28, where "AI Prompt" is not required.
    let dir = "tests/fixtures/ai-prompt-parameter/not-required-from-2.28";
    assert_eq!(coderform(&["lint", dir]).status.code(), Some(0));
    let output = coderform(&["lint", "--coder-version", "2.27", dir]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(stdout(&output).contains("ai-prompt-parameter"));
    assert_eq!(
        coderform(&["lint", "--disable", "single-ai-task", BROKEN])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn a_closed_pipe_is_not_a_crash() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    // Far more output than a pipe buffers, so writes hit the closed pipe.
    let mut args = vec!["lint", "--format", "sarif"];
    args.extend(std::iter::repeat_n("tests/fixtures", 20));
    let mut child = Command::new(env!("CARGO_BIN_EXE_coderform"))
        .args(&args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn coderform");
    let stdout = child.stdout.take().expect("stdout");
    let mut first = String::new();
    BufReader::new(stdout)
        .read_line(&mut first)
        .expect("one line");
    // The reader is dropped here: the rest of the output hits a closed pipe.
    let output = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(output.status.code(), Some(101));
}
