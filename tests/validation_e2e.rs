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

/// Asserts that every message appears in the run's output.
fn sees_all(run: &Run, messages: &[&str]) {
    let text = run.all();
    let flat: String = text
        .lines()
        .map(|l| l.trim_start_matches(['│', '╷', '╵', ' ']))
        .collect::<Vec<_>>()
        .join(" ");
    let missing: Vec<&&str> = messages.iter().filter(|m| !flat.contains(**m)).collect();
    assert!(missing.is_empty(), "not seen: {missing:#?}\n{text}");
}

#[test]
fn argument_validations_of_scripts_env_metadata_devcontainers_and_presets() {
    let icon_257 = format!("/{}", "i".repeat(256));
    let description_129 = "d".repeat(129);
    let body = format!(
        r#"{AGENT}
resource "coder_script" "bad_cron" {{
  agent_id     = coder_agent.main.id
  display_name = "x"
  script       = "true"
  cron         = "invalid"
}}

resource "coder_script" "zero_timeout" {{
  agent_id     = coder_agent.main.id
  display_name = "x"
  script       = "true"
  run_on_start = true
  timeout      = 0
}}

resource "coder_env" "bad_name" {{
  agent_id = coder_agent.main.id
  name     = "bad-name"
}}

resource "coder_env" "bad_strategy" {{
  agent_id       = coder_agent.main.id
  name           = "OK"
  merge_strategy = "concat"
}}

resource "coder_metadata" "bad_icon" {{
  resource_id = coder_agent.main.id
  icon        = "/icon%.svg"
}}

resource "coder_devcontainer" "empty_folder" {{
  agent_id         = coder_agent.main.id
  workspace_folder = ""
}}

data "coder_workspace_preset" "empty_name" {{
  name = ""
}}

data "coder_workspace_preset" "long" {{
  name        = "long"
  description = "{description_129}"
  icon        = "{icon_257}"
}}

data "coder_workspace_preset" "prebuilds" {{
  name = "prebuilds"
  prebuilds {{
    instances = -1
    expiration_policy {{
      ttl = 1800
    }}
    scheduling {{
      timezone = "InvalidLocation"
      schedule {{
        cron      = "0 8 * * *"
        instances = 1
      }}
      schedule {{
        cron      = "* 25-26 * * 1-5"
        instances = 1
      }}
    }}
  }}
}}

data "coder_secret" "bad_env" {{
  env          = "MY-TOKEN"
  help_message = "x"
}}

data "coder_secret" "bad_file" {{
  file         = "creds.txt"
  help_message = "x"
}}
"#
    );
    let Some(run) = failing(PLAN, &body, &[]) else {
        return;
    };
    sees_all(
        &run,
        &[
            "invalid is not a valid cron expression: expected 5 to 6 fields, found 1: [invalid]",
            "expected timeout to be at least (1), got 0",
            "invalid value for name (must be a valid environment variable name)",
            r#"expected merge_strategy to be one of ["replace" "append" "prepend" "error"], got concat"#,
            r#"parse "/icon%.svg": invalid URL escape "%.s""#,
            r#"expected "workspace_folder" to not be an empty string, got"#,
            r#"expected "name" to not be an empty string, got"#,
            "expected length of description to be in the range (0 - 128)",
            "expected length of icon to be in the range (0 - 256)",
            "expected prebuilds.0.instances to be at least (0), got -1",
            r#""prebuilds.0.expiration_policy.0.ttl" must be 0 or between 3600 and 31536000, got 1800"#,
            r#"failed to load timezone "InvalidLocation": unknown time zone InvalidLocation"#,
            "cron spec failed validation: minute field should be *",
            "failed to parse cron spec: end of range (26) above maximum (23): 25-26",
            r#"`env` must be a POSIX-compliant identifier matching "^[a-zA-Z_][a-zA-Z0-9_]*$"; got "MY-TOKEN""#,
            r#"`file` must start with `/` or `~/`; got "creds.txt""#,
        ],
    );
}

#[test]
fn plan_time_checks_of_metadata_presets_secrets_and_external_auth() {
    let body = format!(
        r#"{AGENT}
resource "coder_metadata" "duplicate" {{
  resource_id = coder_agent.main.id
  item {{
    key   = "region"
    value = "eu"
  }}
  item {{
    key   = "region"
    value = "us"
  }}
}}

data "coder_workspace_preset" "overlap" {{
  name = "overlap"
  prebuilds {{
    instances = 1
    scheduling {{
      timezone = "UTC"
      schedule {{
        cron      = "* 8-18 * * 1-5"
        instances = 2
      }}
      schedule {{
        cron      = "* 18-19 * * 5-6"
        instances = 1
      }}
    }}
  }}
}}

data "coder_secret" "both" {{
  env          = "A"
  file         = "/a"
  help_message = "x"
}}

data "coder_secret" "missing" {{
  env          = "GITHUB_TOKEN"
  help_message = "Add a GitHub token."
}}

data "coder_external_auth" "empty" {{
  id = ""
}}
"#
    );
    let env = [
        (
            "CODER_WORKSPACE_BUILD_ID",
            "2d2e1e8c-4c1e-4bd5-9d8a-0c1f1e1e1e1e",
        ),
        ("CODER_WORKSPACE_TRANSITION", "start"),
    ];
    let Some(run) = failing(PLAN, &body, &env) else {
        return;
    };
    sees_all(
        &run,
        &[
            r#"duplicate resource metadata key "region""#,
            "schedules overlap with each other: schedules overlap: * 8-18 * * 1-5 and * 18-19 * * 5-6",
            "exactly one of `env` or `file` must be set",
            r#"Missing required secret: environment variable "GITHUB_TOKEN""#,
            "Help message: Add a GitHub token.",
            "id is required",
        ],
    );
}

#[test]
fn a_preset_schedule_block_is_required() {
    let body = r#"
data "coder_workspace_preset" "no_schedule" {
  name = "x"
  prebuilds {
    instances = 1
    scheduling {
      timezone = "UTC"
    }
  }
}
"#;
    let Some(run) = failing(PLAN, body, &[]) else {
        return;
    };
    sees_all(&run, &[r#"At least 1 "schedule" blocks are required."#]);
}

#[test]
fn apply_time_checks_of_scripts() {
    let body = format!(
        r#"{AGENT}
resource "coder_script" "never" {{
  agent_id     = coder_agent.main.id
  display_name = "never"
  script       = "true"
}}

resource "coder_script" "blocks_without_start" {{
  agent_id           = coder_agent.main.id
  display_name       = "blocks"
  script             = "true"
  run_on_stop        = true
  start_blocks_login = true
}}
"#
    );
    let Some(terraform) = terraform() else { return };
    let workspace = Workspace::new(&terraform, &[("main.tf", &format!("{PROVIDER}{body}"))]);
    // The Go provider checks these only when creating: the plan succeeds.
    workspace.ok(PLAN);
    let run = workspace.run(APPLY);
    assert!(!run.success);
    sees_all(
        &run,
        &[
            r#"at least one of "run_on_start", "run_on_stop", or "cron" must be set"#,
            r#""start_blocks_login" can only be set if "run_on_start" is "true""#,
        ],
    );
}

#[test]
fn five_field_script_crons_warn() {
    let body = format!(
        r#"{AGENT}
resource "coder_script" "unix_cron" {{
  agent_id     = coder_agent.main.id
  display_name = "x"
  script       = "true"
  cron         = "*/5 * * * *"
}}
"#
    );
    let Some(terraform) = terraform() else { return };
    let workspace = Workspace::new(&terraform, &[("main.tf", &format!("{PROVIDER}{body}"))]);
    let run = workspace.ok(PLAN);
    sees_all(
        &run,
        &[
            "The cron expression '*/5 * * * *' appears to be in Unix 5-field format.",
            "Consider prefixing with '0 ' to run at the start of each minute: '0 */5 * * * *'",
        ],
    );
}

#[test]
fn the_provider_refuses_an_empty_or_broken_url() {
    let empty = "\nprovider \"coder\" {\n  url = \"\"\n}\n\ndata \"coder_workspace\" \"me\" {}\n";
    let Some(run) = failing(PLAN, empty, &[]) else {
        return;
    };
    sees_all(&run, &[r#"CODER_AGENT_URL must not be empty; got """#]);
    let broken = "\nprovider \"coder\" {\n  url = \"http://[::1:80/\"\n}\n\ndata \"coder_workspace\" \"me\" {}\n";
    let Some(run) = failing(PLAN, broken, &[]) else {
        return;
    };
    sees_all(&run, &[r#"parse "http://[::1:80/": missing ']' in host"#]);
}
