//! The analyzer and real Terraform with this provider agree on what the
//! provider refuses: each block of the provider fixtures is planned (and
//! applied) on its own, with the blocks it refers to, and every message the
//! analyzer reports for it must come out of Terraform too; a block the
//! analyzer finds nothing wrong with must apply.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use coderform::analyzer::{lint, Options};
use coderform::schema::{self, validate::Validator, Block, Presence, ValueType};
use hcl_edit::Span as _;
use serde_json::Value as Json;
use support::{fixture_cases, parameter_variable, terraform, Workspace};

const PROVIDER: &str =
    "terraform {\n  required_providers {\n    coder = { source = \"coder/coder\" }\n  }\n}\n";

/// The rules whose findings Terraform or the provider also report.
const RULES: &[&str] = &["provider-schema", "provider-validation", "invalid-override"];

/// A fixture file cut into what each case is made of.
struct Fixture {
    /// Each resource and data block, as (address such as `coder_app.x`, its text).
    blocks: Vec<(String, String)>,
    /// The `locals` blocks, which every case carries along.
    locals: String,
}

fn fixture(text: &str) -> Fixture {
    let body = hcl_edit::parser::parse_body(text).expect("fixtures parse");
    let mut fixture = Fixture {
        blocks: Vec::new(),
        locals: String::new(),
    };
    for block in body.blocks() {
        let Some(range) = block.span() else { continue };
        let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
        let address = match (block.ident.as_str(), labels.as_slice()) {
            ("resource", [ty, name]) => format!("{ty}.{name}"),
            ("data", [ty, name]) => format!("data.{ty}.{name}"),
            ("locals", []) => {
                fixture.locals.push_str(&text[range]);
                fixture.locals.push('\n');
                continue;
            }
            _ => continue,
        };
        fixture.blocks.push((address, text[range].to_string()));
    }
    fixture
}

/// A valid stand-in for a block the block under test refers to, made from
/// its declaration: required arguments only, each with an acceptable value.
fn stub(address: &str) -> String {
    let parts: Vec<&str> = address.split('.').collect();
    let (data, ty, name) = match parts.as_slice() {
        ["data", ty, name] => (true, *ty, *name),
        [ty, name] => (false, *ty, *name),
        _ => panic!("not an address: {address}"),
    };
    let declared = if data {
        schema::data_source(ty)
    } else {
        schema::resource(ty)
    }
    .unwrap_or_else(|| panic!("{ty} is not declared"));
    let kind = if data { "data" } else { "resource" };
    format!(
        "{kind} \"{ty}\" \"{name}\" {{\n{}}}\n",
        stub_body(&declared.block, "  ")
    )
}

fn stub_body(block: &Block, indent: &str) -> String {
    let mut out = String::new();
    for attribute in block
        .attributes
        .iter()
        .filter(|a| a.presence == Presence::Required)
    {
        let value = match (&attribute.ty, attribute.validators.first()) {
            (_, Some(Validator::OneOf(allowed))) => format!("{:?}", allowed[0]),
            (_, Some(Validator::Uuid)) => "\"00000000-0000-4000-8000-000000000000\"".to_string(),
            (ValueType::Number | ValueType::Integer, _) => "1".to_string(),
            (ValueType::Bool, _) => "true".to_string(),
            (ValueType::Map(_), _) => "{}".to_string(),
            _ => "\"stub\"".to_string(),
        };
        out.push_str(&format!("{indent}{} = {value}\n", attribute.name));
    }
    for nested in block.blocks.iter().filter(|b| b.min_items > 0) {
        out.push_str(&format!(
            "{indent}{} {{\n{}{indent}}}\n",
            nested.name,
            stub_body(&nested.block, &format!("{indent}  "))
        ));
    }
    out
}

fn refers_to(text: &str, address: &str) -> bool {
    text.contains(&format!("{address}."))
}

/// A block with the fixture's locals and the blocks they refer to: the
/// fixture's own block where the analyzer finds it clean and it refers to no
/// other (so that parameters keep their options), else a stand-in.
fn with_dependencies(
    fixture: &Fixture,
    clean: &BTreeSet<String>,
    address: &str,
    text: &str,
) -> String {
    let mut config = format!("{text}\n{}", fixture.locals);
    let reading = config.clone();
    for (other, other_text) in &fixture.blocks {
        if other == address || !refers_to(&reading, other) {
            continue;
        }
        let standalone = !fixture.blocks.iter().any(|(o, _)| refers_to(other_text, o));
        config.push('\n');
        if clean.contains(other) && standalone {
            config.push_str(other_text);
            config.push('\n');
        } else {
            config.push_str(&stub(other));
        }
    }
    config
}

/// Terraform's diagnostics, as texts to match: from the lines of `plan
/// -json`, or from the one object `validate -json` prints.
fn diagnostics(stdout: &str) -> Vec<String> {
    let validated = serde_json::from_str::<Json>(stdout)
        .ok()
        .and_then(|json| json["diagnostics"].as_array().cloned());
    let found: Vec<Json> = match validated {
        Some(diagnostics) => diagnostics,
        None => stdout
            .lines()
            .filter_map(|line| serde_json::from_str::<Json>(line).ok())
            .filter(|entry| entry["type"] == "diagnostic")
            .map(|entry| entry["diagnostic"].clone())
            .collect(),
    };
    found
        .iter()
        .map(|d| {
            format!(
                "{}: {}",
                d["summary"].as_str().unwrap_or_default(),
                d["detail"].as_str().unwrap_or_default()
            )
        })
        .collect()
}

/// The Terraform files of a fixture, local modules' included, by path
/// relative to the fixture.
fn terraform_files(case: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut directories = vec![case.to_path_buf()];
    while let Some(directory) = directories.pop() {
        for entry in std::fs::read_dir(&directory)
            .expect("fixture")
            .filter_map(Result::ok)
        {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                directories.push(path);
            } else if name.ends_with(".tf") || name.ends_with(".tf.json") {
                let relative = path.strip_prefix(case).expect("inside the fixture");
                let text = std::fs::read_to_string(&path).expect("fixture file");
                files.push((relative.to_string_lossy().into_owned(), text));
            }
        }
    }
    files.sort();
    files
}

/// The fixtures of these rules: those of one `main.tf` (cut into blocks),
/// and the others, in JSON or of several files or modules (put to
/// Terraform whole).
fn cases() -> (Vec<PathBuf>, Vec<PathBuf>) {
    fixture_cases()
        .into_iter()
        .filter(|case| {
            case.parent()
                .and_then(Path::file_name)
                .is_some_and(|rule| RULES.iter().any(|r| rule == *r))
        })
        .partition(|case| {
            let files = terraform_files(case);
            files.len() == 1 && files[0].0 == "main.tf"
        })
}

/// The parameter value a finding depends on: `(when NAME = "VALUE")`.
fn condition(message: &str) -> Option<(String, String)> {
    let rest = message.split(" (when ").nth(1)?;
    let (name, value) = rest.trim_end_matches(')').split_once(" = ")?;
    Some((name.to_string(), serde_json::from_str(value).ok()?))
}

struct Case {
    label: String,
    config: String,
    /// The analyzer's messages, grouped by the parameter value they need.
    expected: Vec<(Option<(String, String)>, String)>,
}

/// The analyzer's findings of the provider rules in `config`, linted alone.
fn expected_of(dir: &Path, config: &str) -> Vec<(Option<(String, String)>, String)> {
    std::fs::create_dir_all(dir).expect("dir");
    std::fs::write(dir.join("main.tf"), config).expect("write");
    let report = lint(dir, ".", &Options::default()).expect("lint");
    report
        .diagnostics
        .iter()
        .filter(|d| RULES.contains(&d.rule))
        .map(|d| {
            let core = d
                .message
                .split(" (when ")
                .next()
                .unwrap_or_default()
                .to_string();
            (condition(&d.message), core)
        })
        .collect()
}

fn prepare() -> Vec<Case> {
    let scratch = tempfile::tempdir().expect("scratch");
    let mut prepared = Vec::new();
    for case in cases().0 {
        let text = std::fs::read_to_string(case.join("main.tf")).expect("fixture");
        let fixture = fixture(&text);
        // Which blocks are clean with stand-ins for all they refer to.
        let none = BTreeSet::new();
        let clean: BTreeSet<String> = fixture
            .blocks
            .iter()
            .enumerate()
            .filter(|(index, (address, block))| {
                let config = format!(
                    "{PROVIDER}\n{}",
                    with_dependencies(&fixture, &none, address, block)
                );
                let dir = scratch
                    .path()
                    .join(format!("clean-{}-{index}", prepared.len()));
                expected_of(&dir, &config).is_empty()
            })
            .map(|(_, (address, _))| address.clone())
            .collect();
        for (address, block) in &fixture.blocks {
            let config = format!(
                "{PROVIDER}\n{}",
                with_dependencies(&fixture, &clean, address, block)
            );
            let dir = scratch.path().join(prepared.len().to_string());
            prepared.push(Case {
                label: format!("{} {address}", case.display()),
                expected: expected_of(&dir, &config),
                config,
            });
        }
    }
    prepared
}

#[test]
fn terraform_reports_what_the_analyzer_reports() {
    let Some(terraform) = terraform() else { return };
    let cases = prepare();
    assert!(cases.len() >= 40, "only {} blocks", cases.len());
    assert!(
        cases
            .iter()
            .any(|case| case.expected.iter().any(|(when, _)| when.is_some())),
        "no finding that hangs on a parameter value is put to Terraform"
    );
    let failures: Vec<String> = std::thread::scope(|scope| {
        let halves = [0, 1].map(|half| {
            let cases = &cases;
            let terraform = &terraform;
            scope.spawn(move || {
                let mut failures = Vec::new();
                for case in cases.iter().skip(half).step_by(2) {
                    failures.extend(run(terraform, case));
                }
                failures
            })
        });
        halves
            .into_iter()
            .flat_map(|h| h.join().expect("worker"))
            .collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A fixture in Terraform's JSON syntax, or of several files (override
/// files merged into the others, local modules), is read by Terraform as
/// by the analyzer:
/// Terraform reports every finding of the analyzer's, and these fixtures
/// are not clean.
#[test]
fn terraform_reads_whole_fixtures_as_the_analyzer_does() {
    let Some(terraform) = terraform() else { return };
    let whole_cases = cases().1;
    for wanted in [".tf.json", "override.tf", "/main.tf"] {
        assert!(
            whole_cases.iter().any(|case| terraform_files(case)
                .iter()
                .any(|(n, _)| n.ends_with(wanted))),
            "no fixture of these rules has a {wanted} file"
        );
    }
    for case in whole_cases {
        let report = lint(&case, ".", &Options::default()).expect("lint");
        let expected: Vec<&str> = report
            .diagnostics
            .iter()
            .filter(|d| RULES.contains(&d.rule))
            .map(|d| d.message.as_str())
            .collect();
        assert!(
            !expected.is_empty(),
            "{}: nothing to compare",
            case.display()
        );
        let mut files = vec![("versions.tf".to_string(), PROVIDER.to_string())];
        files.extend(terraform_files(&case));
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        // A configuration Terraform cannot merge stops `init`; `validate`
        // then reports what is wrong with it.
        let (workspace, init) = Workspace::try_new(&terraform, &files);
        let command: &[&str] = if init.success {
            &["plan", "-json", "-input=false"]
        } else {
            &["validate", "-json"]
        };
        let run = workspace.run(command);
        assert!(!run.success, "{}: Terraform planned it", case.display());
        let seen = diagnostics(&run.stdout);
        for message in expected {
            assert!(
                seen.iter().any(|s| s.contains(message)),
                "{}: Terraform did not report {message:?}; it said {seen:#?}",
                case.display()
            );
        }
    }
}

fn run(terraform: &support::Terraform, case: &Case) -> Vec<String> {
    let conditions: BTreeSet<Option<(String, String)>> =
        case.expected.iter().map(|(c, _)| c.clone()).collect();
    let conditions = if conditions.is_empty() {
        BTreeSet::from([None])
    } else {
        conditions
    };
    let mut failures = Vec::new();
    for condition in conditions {
        let mut workspace = Workspace::new(terraform, &[("main.tf", &case.config)]);
        if let Some((name, value)) = &condition {
            workspace.set_env(&[(&parameter_variable(name), value)]);
        }
        let plan = workspace.run(&["plan", "-json", "-input=false"]);
        let mut seen = diagnostics(&plan.stdout);
        let mut succeeded = plan.success;
        if plan.success {
            let apply = workspace.run(&["apply", "-json", "-input=false", "-auto-approve"]);
            seen.extend(diagnostics(&apply.stdout));
            succeeded = apply.success;
        }
        let expected: Vec<&String> = case
            .expected
            .iter()
            .filter(|(c, _)| *c == condition)
            .map(|(_, m)| m)
            .collect();
        for message in &expected {
            if !seen.iter().any(|s| s.contains(message.as_str())) {
                failures.push(format!(
                    "{}: Terraform did not report {message:?}; it said {seen:#?}",
                    case.label
                ));
            }
        }
        let analyzer_clean = case.expected.is_empty();
        if analyzer_clean && !succeeded {
            failures.push(format!(
                "{}: the analyzer found nothing, but Terraform failed: {seen:#?}",
                case.label
            ));
        }
    }
    failures
}
