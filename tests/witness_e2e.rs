//! Every `single-ai-task` counterexample holds under real Terraform: each
//! fixture whose lint reports one is planned with this provider under the
//! witness's inputs, set as Coder sets them (parameter values, transition,
//! task, prebuild or its claim), and the plan must create exactly the `coder_ai_task`
//! instances the report names (at least those, where the lint could not
//! decide some count). Where the lint also reports what the provider
//! rejects, the plan must fail instead.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value as Json;
use support::{copy_with_requirements, fixture_cases, parameter_variable, terraform, Workspace};

const TASK_ID: &str = "7ae6c3b2-4d44-4b4a-9f0e-2b3f1d6f9c11";

/// The JSON report of `coderform lint` on one case.
fn lint(case: &Path) -> Json {
    let output = Command::new(env!("CARGO_BIN_EXE_coderform"))
        .args(["lint", "--format", "json", "."])
        .current_dir(case)
        .output()
        .expect("run coderform");
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{}: not JSON ({e}): {}",
            case.display(),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// A case's `single-ai-task` error with its witness, and what else the
/// lint said that decides how Terraform takes the case.
struct Witnessed {
    case: PathBuf,
    diagnostic: Json,
    /// Files that do not parse: Terraform would stop at them, the analysis
    /// goes on without them, and so does the plan.
    broken_files: Vec<String>,
    /// The provider rejects the configuration: the plan must fail.
    provider_rejects: bool,
    /// Some count was undecided: the report names the instances a build
    /// plans at least, and Terraform may plan more.
    at_least: bool,
}

fn witnessed(case: PathBuf) -> Option<Witnessed> {
    let report = lint(&case);
    let diagnostics = report["templates"][0]["diagnostics"].as_array()?.clone();
    let diagnostic = diagnostics
        .iter()
        .find(|d| d["rule"] == "single-ai-task" && d["severity"] == "error")?
        .clone();
    let errors_of = |rule: &'static str| {
        diagnostics
            .iter()
            .filter(move |d| d["rule"] == rule && d["severity"] == "error")
    };
    Some(Witnessed {
        broken_files: errors_of("hcl-syntax")
            .filter_map(|d| d["file"].as_str().map(str::to_string))
            .collect(),
        provider_rejects: errors_of("provider-validation")
            .chain(errors_of("provider-schema"))
            .next()
            .is_some(),
        at_least: diagnostics
            .iter()
            .any(|d| d["rule"] == "single-ai-task" && d["severity"] == "warning"),
        case,
        diagnostic,
    })
}

/// Coder's provisioner environment for a witness.
fn environment(witness: &Json) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = witness["parameters"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, value)| {
            let value = value.as_str().expect("parameter values are strings");
            (parameter_variable(name), value.to_string())
        })
        .collect();
    let transition = witness["transition"].as_str().expect("a transition");
    env.push(("CODER_WORKSPACE_TRANSITION".into(), transition.into()));
    if witness["task"] == true {
        env.push(("CODER_TASK_ID".into(), TASK_ID.into()));
        env.push(("CODER_TASK_PROMPT".into(), "Fix the build".into()));
    }
    if witness["prebuild"] == true {
        env.push(("CODER_WORKSPACE_IS_PREBUILD".into(), "true".into()));
    }
    if witness["prebuild_claim"] == true {
        env.push(("CODER_WORKSPACE_IS_PREBUILD_CLAIM".into(), "true".into()));
    }
    env
}

/// The `coder_ai_task` declarations a plan creates instances of, each
/// (module instance and resource, as the report names them) with its count.
fn planned_tasks(plan: &Json) -> BTreeMap<String, u64> {
    let mut planned = BTreeMap::new();
    for change in plan["resource_changes"].as_array().into_iter().flatten() {
        let creates = change["change"]["actions"]
            .as_array()
            .is_some_and(|a| a.iter().any(|action| action == "create"));
        if change["type"] != "coder_ai_task" || change["mode"] != "managed" || !creates {
            continue;
        }
        let resource = format!("coder_ai_task.{}", change["name"].as_str().expect("a name"));
        let declaration = match change["module_address"].as_str() {
            Some(module) => format!("{module}.{resource}"),
            None => resource,
        };
        *planned.entry(declaration).or_default() += 1;
    }
    planned
}

/// What the report says a build plans: the declarations and their counts.
fn reported_tasks(diagnostic: &Json) -> BTreeMap<String, u64> {
    diagnostic["witness"]["plans"]
        .as_array()
        .expect("the witness's plans")
        .iter()
        .map(|plan| {
            let address = plan["address"].as_str().expect("an address");
            let count = plan["count"].as_u64().expect("a count");
            (address.to_string(), count)
        })
        .collect()
}

fn check(terraform: &support::Terraform, witnessed: &Witnessed) {
    let name = witnessed.case.display();
    let dir = tempfile::tempdir().expect("scratch");
    copy_with_requirements(&witnessed.case, dir.path());
    for file in &witnessed.broken_files {
        std::fs::remove_file(dir.path().join(file)).expect("remove the broken file");
    }
    let (mut workspace, init) = Workspace::init(terraform, dir);
    assert!(
        init.success,
        "{name}: terraform init failed:\n{}",
        init.all()
    );
    let env = environment(&witnessed.diagnostic["witness"]);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    workspace.set_env(&env);
    let plan = workspace.run(&["plan", "-input=false", "-no-color", "-out=witness.plan"]);
    if witnessed.provider_rejects {
        assert!(
            !plan.success,
            "{name}: the lint reports provider errors, yet Terraform planned:\n{}",
            plan.all()
        );
        return;
    }
    assert!(
        plan.success,
        "{name}: terraform plan failed:\n{}",
        plan.all()
    );
    let shown = workspace.ok(&["show", "-json", "-no-color", "witness.plan"]);
    let plan: Json = serde_json::from_str(&shown.stdout).expect("terraform show -json prints JSON");
    let (planned, reported) = (planned_tasks(&plan), reported_tasks(&witnessed.diagnostic));
    if witnessed.at_least {
        for (declaration, count) in &reported {
            assert!(
                planned
                    .get(declaration)
                    .is_some_and(|planned| planned >= count),
                "{name}: under {env:?}, {declaration} plans fewer than {count}: {planned:?}"
            );
        }
    } else {
        assert_eq!(planned, reported, "{name}: under {env:?}");
    }
}

#[test]
fn every_witness_plans_the_instances_it_names() {
    let Some(terraform) = terraform() else { return };
    let cases: Vec<Witnessed> = fixture_cases().into_iter().filter_map(witnessed).collect();
    // A guard against a lint that stops giving witnesses: the fixtures of
    // multi-select (in another order or spelling too), prebuild,
    // blank-prompt, number and free-list counterexamples are among them.
    for expected in [
        "multi-select-agents",
        "prebuild",
        "prebuild-claim",
        "task-enabled",
        "nested-modules",
        "certain-despite-undecided",
        "blank-prompt",
        "number-threshold",
        "number-spelled",
        "free-number-count",
        "free-string-split",
        "free-list-length",
        "free-list-for-each",
        "multi-select-order",
        "list-spelled",
    ] {
        assert!(
            cases.iter().any(|c| c.case.ends_with(expected)),
            "no witness for {expected}"
        );
    }
    std::thread::scope(|scope| {
        for half in [0, 1] {
            let (terraform, cases) = (&terraform, &cases);
            scope.spawn(move || {
                for witnessed in cases.iter().skip(half).step_by(2) {
                    check(terraform, witnessed);
                }
            });
        }
    });
}
