//! Bad configuration, seen through real Terraform: each diagnostic carries
//! the Go provider's message and points at the offending argument.

mod support;

use support::{parameter_variable, terraform, Run, Workspace};

const PROVIDER: &str = r#"
terraform {
  required_providers {
    coder = { source = "coder/coder" }
  }
}
"#;

const AGENT: &str = r#"
resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
}
"#;

const APP_ID: &str = "0a5d3f3e-8a42-4f5e-9a0e-1c2b3d4e5f60";

/// Plans `body` (after the provider requirements) and returns the failed run.
fn failing(command: &[&str], body: &str, env: &[(&str, &str)]) -> Option<Run> {
    let terraform = terraform()?;
    let mut workspace = Workspace::new(&terraform, &[("main.tf", &format!("{PROVIDER}{body}"))]);
    workspace.set_env(env);
    let run = workspace.run(command);
    assert!(
        !run.success,
        "expected terraform {} to fail:\n{}",
        command.join(" "),
        run.all()
    );
    Some(run)
}

const PLAN: &[&str] = &["plan", "-input=false", "-no-color"];
const APPLY: &[&str] = &["apply", "-auto-approve", "-input=false", "-no-color"];

/// The run's error output with Terraform's box-drawing gutter removed.
fn errors(run: &Run) -> String {
    run.stderr
        .lines()
        .map(|l| l.trim_start_matches(['│', '╷', '╵', ' ']))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn invalid_app_slug_points_at_the_slug() {
    let body = format!(
        r#"{AGENT}
resource "coder_app" "code" {{
  agent_id = coder_agent.main.id
  slug     = "Code_Server"
}}
"#
    );
    let Some(run) = failing(PLAN, &body, &[]) else {
        return;
    };
    let text = errors(&run);
    assert!(
        text.contains(r#"Error: invalid "coder_app" slug, must be a valid hostname ("^[a-z0-9](-?[a-z0-9])*$", cannot contain two consecutive hyphens or start/end with a hyphen): "Code_Server""#),
        "{text}"
    );
    assert!(
        text.contains(r#"slug     = "Code_Server""#),
        "no snippet of the slug:\n{text}"
    );
}

#[test]
fn parameter_value_out_of_range() {
    let body = r#"
data "coder_parameter" "cpu" {
  name    = "CPU cores"
  type    = "number"
  default = "2"
  validation {
    min = 1
    max = 8
  }
}
"#;
    let variable = parameter_variable("CPU cores");
    let Some(run) = failing(PLAN, body, &[(&variable, "16")]) else {
        return;
    };
    let text = errors(&run);
    assert!(
        text.contains("Error: Invalid parameter value according to 'validation' block"),
        "{text}"
    );
    assert!(
        text.contains("value 16 is more than the maximum 8"),
        "{text}"
    );
    assert!(
        text.contains("max = 8"),
        "not located at the broken bound:\n{text}"
    );
}

#[test]
fn parameter_default_outside_its_options() {
    let body = r#"
data "coder_parameter" "region" {
  name    = "Region"
  default = "mars"
  option {
    name  = "Europe"
    value = "eu"
  }
  option {
    name  = "America"
    value = "us"
  }
}
"#;
    let Some(run) = failing(PLAN, body, &[]) else {
        return;
    };
    let text = errors(&run);
    assert!(
        text.contains("Error: Default value must be a valid option"),
        "{text}"
    );
    assert!(
        text.contains(r#"the value "mars" must be defined as one of options"#),
        "{text}"
    );
    assert!(
        text.contains(r#"default = "mars""#),
        "not located at the default:\n{text}"
    );
}

#[test]
fn app_id_conflicts_with_sidebar_app() {
    let body = format!(
        r#"
resource "coder_ai_task" "task" {{
  app_id = "{APP_ID}"
  sidebar_app {{
    id = "{APP_ID}"
  }}
}}
"#
    );
    let Some(run) = failing(PLAN, &body, &[]) else {
        return;
    };
    let text = errors(&run);
    assert!(
        text.contains("Error: Conflicting configuration arguments"),
        "{text}"
    );
    assert!(
        text.contains(r#""app_id": conflicts with sidebar_app"#),
        "{text}"
    );
    assert!(
        text.contains(&format!(r#"app_id = "{APP_ID}""#)),
        "not located at app_id:\n{text}"
    );
    assert!(
        run.all().contains("Warning: Argument is deprecated"),
        "{}",
        run.all()
    );
}

#[test]
fn ai_task_without_an_app_fails_at_apply() {
    let body = "\nresource \"coder_ai_task\" \"task\" {}\n";
    let terraform = match terraform() {
        Some(t) => t,
        None => return,
    };
    let workspace = Workspace::new(&terraform, &[("main.tf", &format!("{PROVIDER}{body}"))]);
    // The plan succeeds: the Go provider checks this only when creating.
    workspace.ok(PLAN);
    let run = workspace.run(APPLY);
    assert!(!run.success);
    assert!(
        errors(&run).contains("Error: 'app_id' must be set"),
        "{}",
        run.all()
    );
}

#[test]
fn invalid_app_id_is_not_a_uuid() {
    let body = "\nresource \"coder_ai_task\" \"task\" {\n  app_id = \"not-a-uuid\"\n}\n";
    let Some(run) = failing(PLAN, body, &[]) else {
        return;
    };
    let text = errors(&run);
    assert!(
        text.contains(r#"Error: expected "app_id" to be a valid UUID, got not-a-uuid"#),
        "{text}"
    );
}
