//! The bundled task template under real Terraform: init from the plugin
//! directory, plan, apply, show and destroy, inside and outside a task.

mod support;

use std::path::Path;

use serde_json::Value as Json;
use support::{all_terraforms, parameter_variable, resource, Terraform, Workspace};

const TASK_ID: &str = "7AE6C3B2-4D44-4B4A-9F0E-2B3F1D6F9C11";
const PROMPT: &str = "Write tests for the parser";

fn template() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/tasks-basic"
    ))
}

fn is_uuid(value: &Json) -> bool {
    value
        .as_str()
        .is_some_and(|s| uuid::Uuid::try_parse(s).is_ok() && s.len() == 36)
}

fn run_inside_a_task(terraform: &Terraform) {
    let mut workspace = Workspace::from_dir(terraform, template());
    workspace.set_env(&[
        ("CODER_TASK_ID", TASK_ID),
        ("CODER_TASK_PROMPT", PROMPT),
        (&parameter_variable("AI Prompt"), PROMPT),
    ]);
    let plan = workspace.ok(&["plan", "-input=false", "-no-color"]);
    assert!(
        plan.stdout
            .contains("coder_ai_task.task[0] will be created"),
        "{}",
        plan.stdout
    );
    workspace.apply();
    let state = workspace.state();

    let task = resource(&state, "coder_ai_task.task[0]").expect("one task instance");
    assert!(resource(&state, "coder_ai_task.task[1]").is_none());
    let values = &task["values"];
    assert_eq!(values["enabled"], true);
    assert_eq!(values["prompt"], PROMPT);
    assert_eq!(values["id"], TASK_ID.to_lowercase());
    let app = resource(&state, "coder_app.ai_agent").expect("the app");
    assert_eq!(values["app_id"], app["values"]["id"]);
    assert!(is_uuid(&values["app_id"]));

    let agent = resource(&state, "coder_agent.main").expect("the agent");
    assert!(
        is_uuid(&agent["values"]["token"]),
        "token: {}",
        agent["values"]["token"]
    );
    assert_ne!(agent["values"]["token"], agent["values"]["id"]);

    let prompt = resource(&state, "data.coder_parameter.ai_prompt").expect("the parameter");
    assert_eq!(prompt["values"]["value"], PROMPT);
    let data_task = resource(&state, "data.coder_task.me").expect("the task data source");
    assert_eq!(data_task["values"]["enabled"], true);

    workspace.ok(&["destroy", "-auto-approve", "-input=false", "-no-color"]);
    let after = workspace.state();
    assert!(
        resource(&after, "coder_agent.main").is_none(),
        "destroy left the agent"
    );
}

fn run_outside_a_task(terraform: &Terraform) {
    let workspace = Workspace::from_dir(terraform, template());
    workspace.ok(&["plan", "-input=false", "-no-color"]);
    workspace.apply();
    let state = workspace.state();
    assert!(
        resource(&state, "coder_ai_task.task[0]").is_none(),
        "no prompt, no task"
    );
    let prompt = resource(&state, "data.coder_parameter.ai_prompt").expect("the parameter");
    assert_eq!(prompt["values"]["value"], "");
    let data_task = resource(&state, "data.coder_task.me").expect("the task data source");
    assert_eq!(data_task["values"]["enabled"], false);
    assert_eq!(data_task["values"]["prompt"], "");
    let agent = resource(&state, "coder_agent.main").expect("the agent");
    assert!(is_uuid(&agent["values"]["token"]));
    if terraform.at_least((1, 1, 5)) {
        // Defaults reach the state where Terraform honours the legacy type system.
        assert_eq!(agent["values"]["auth"], "token");
        let app = resource(&state, "coder_app.ai_agent").expect("the app");
        assert_eq!(app["values"]["share"], "owner");
        assert_eq!(agent["values"]["display_apps"][0]["vscode"], true);
    }
    // A second plan is empty: nothing replaces itself.
    let replan = workspace.ok(&["plan", "-input=false", "-no-color", "-detailed-exitcode"]);
    assert!(replan.stdout.contains("No changes"), "{}", replan.stdout);
    workspace.ok(&["destroy", "-auto-approve", "-input=false", "-no-color"]);
}

#[test]
fn task_template_applies_inside_and_outside_a_task() {
    for terraform in all_terraforms() {
        eprintln!("Terraform {}", terraform.version);
        run_inside_a_task(&terraform);
        run_outside_a_task(&terraform);
    }
}

/// Every bundled template plans, applies and destroys, inside a task too.
#[test]
fn every_bundled_template_applies() {
    let Some(terraform) = support::terraform() else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut dirs: Vec<_> = std::fs::read_dir(root)
        .expect("templates")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 2);
    for dir in dirs {
        let mut workspace = Workspace::from_dir(&terraform, &dir);
        workspace.set_env(&[
            ("CODER_TASK_ID", TASK_ID),
            ("CODER_TASK_PROMPT", PROMPT),
            (&parameter_variable("AI Prompt"), PROMPT),
        ]);
        let apply = workspace.apply();
        assert!(
            !terraform.at_least((1, 1, 5)) || !apply.all().contains("Warning:"),
            "{} applies with warnings:\n{}",
            dir.display(),
            apply.all()
        );
        let state = workspace.state();
        let tasks = support::resources(&state)
            .into_iter()
            .filter(|r| r["type"] == "coder_ai_task")
            .count();
        assert_eq!(tasks, 1, "{}: one task inside a task build", dir.display());
        workspace.ok(&["destroy", "-auto-approve", "-input=false", "-no-color"]);
    }
}
