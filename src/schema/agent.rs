//! `coder_agent`: the process that runs inside a workspace and connects it to Coder.

use super::check::Finding;
use super::validate::Validator;
use super::{Attribute, NestedBlock, TypeSchema, ValueType};
use crate::value::Value;

pub const DIR_DEPRECATION: &str =
    "dir has been deprecated and will be removed in a future release.";

pub fn schema() -> TypeSchema {
    TypeSchema::resource(
        "coder_agent",
        1,
        "An agent that runs inside the workspace's compute and connects it to Coder. Pass \
         `init_script` and `token` to the machine that should run it.",
    )
    .attribute(
        Attribute::string(
            "api_key_scope",
            "Scope of the API key the agent hands to the workspace owner's sessions: `all` or `no_user_data`.",
        )
        .force_new()
        .default("all")
        .validate(Validator::OneOf(&["all", "no_user_data"])),
    )
    .attribute(
        Attribute::string("arch", "CPU architecture of the machine running the agent: `amd64`, `armv7` or `arm64`.")
            .required()
            .force_new()
            .validate(Validator::OneOf(&["amd64", "armv7", "arm64"])),
    )
    .attribute(
        Attribute::string(
            "auth",
            "How the agent authenticates: `token`, or the identity of a Google, AWS or Azure instance.",
        )
        .force_new()
        .default("token")
        .validate(Validator::OneOf(&[
            "token",
            "google-instance-identity",
            "aws-instance-identity",
            "azure-instance-identity",
        ])),
    )
    .attribute(
        Attribute::integer(
            "connection_timeout",
            "Seconds to wait for the agent to connect before the dashboard shows it as timed out; 0 waits forever.",
        )
        .force_new()
        .default(120)
        .validate(Validator::IntAtLeast(0)),
    )
    .attribute(
        Attribute::string("dir", "Directory that SSH sessions and apps start in.")
            .force_new()
            .deprecated(DIR_DEPRECATION)
            .validate(Validator::Custom(warn_dir_not_home)),
    )
    .attribute(
        Attribute::typed(
            "env",
            ValueType::Map(Box::new(ValueType::String)),
            "Environment variables set for every process the agent starts.",
        )
        .force_new(),
    )
    .attribute(Attribute::string("id", "Unique identifier of this agent.").optional_computed())
    .attribute(
        Attribute::string(
            "init_script",
            "Script that downloads and starts the agent on the workspace machine.",
        )
        .computed(),
    )
    .attribute(
        Attribute::string("motd_file", "File whose contents are shown as the message of the day at login.")
            .force_new(),
    )
    .attribute(
        Attribute::integer("order", "Position of the agent among the workspace's agents in the dashboard.")
            .force_new(),
    )
    .attribute(
        Attribute::string("os", "Operating system of the machine running the agent: `linux`, `darwin` or `windows`.")
            .required()
            .force_new()
            .validate(Validator::OneOf(&["linux", "darwin", "windows"])),
    )
    .attribute(
        Attribute::string("shutdown_script", "Script run before the workspace stops.").force_new(),
    )
    .attribute(
        Attribute::string("startup_script", "Script run when the agent starts.").force_new(),
    )
    .attribute(
        Attribute::string(
            "startup_script_behavior",
            "`blocking` keeps logins waiting until the startup script ends; `non-blocking` does not.",
        )
        .force_new()
        .default("non-blocking")
        .validate(Validator::OneOf(&["blocking", "non-blocking"])),
    )
    .attribute(
        Attribute::string("token", "Secret the agent authenticates with when `auth` is `token`.")
            .computed()
            .sensitive()
            .force_new(),
    )
    .attribute(
        Attribute::string("troubleshooting_url", "Link shown when the agent fails to connect.")
            .force_new(),
    )
    .block(
        NestedBlock::set("display_apps", "Which built-in apps the dashboard shows for this agent.")
            .optional_computed()
            .max_items(1)
            .force_new()
            .attribute(Attribute::bool("port_forwarding_helper", "Show the port forwarding helper.").force_new().default(true))
            .attribute(Attribute::bool("ssh_helper", "Show the SSH helper.").force_new().default(true))
            .attribute(Attribute::bool("vscode", "Show the VS Code Desktop button.").force_new().default(true))
            .attribute(Attribute::bool("vscode_insiders", "Show the VS Code Insiders button.").force_new().default(false))
            .attribute(Attribute::bool("web_terminal", "Show the web terminal.").force_new().default(true)),
    )
    .block(
        NestedBlock::list("metadata", "A value the agent computes periodically and shows in the dashboard.")
            .force_new()
            .attribute(Attribute::string("display_name", "Label shown next to the value.").force_new())
            .attribute(Attribute::integer("interval", "Seconds between two runs of the script.").required().force_new())
            .attribute(Attribute::string("key", "Identifier of the item, unique per agent.").required().force_new())
            .attribute(Attribute::integer("order", "Position of the item in the dashboard.").force_new())
            .attribute(Attribute::string("script", "Script whose output is the value.").required().force_new())
            .attribute(Attribute::integer("timeout", "Seconds the script may run.").force_new()),
    )
    .block(
        NestedBlock::set("resources_monitoring", "Alerts when memory or volumes of the workspace run full.")
            .max_items(1)
            .force_new()
            .block(
                NestedBlock::set("memory", "Memory usage alert.")
                    .max_items(1)
                    .force_new()
                    .attribute(Attribute::bool("enabled", "Whether the alert is on.").required().force_new())
                    .attribute(
                        Attribute::integer("threshold", "Usage percentage (0 to 100) that raises the alert.")
                            .required()
                            .force_new()
                            .validate(Validator::IntBetween(0, 100)),
                    ),
            )
            .block(
                NestedBlock::set("volume", "Disk usage alert for one volume.")
                    .force_new()
                    .attribute(Attribute::bool("enabled", "Whether the alert is on.").required().force_new())
                    .attribute(
                        Attribute::string("path", "Absolute path of the volume.")
                            .required()
                            .force_new()
                            .validate(Validator::Custom(volume_path)),
                    )
                    .attribute(
                        Attribute::integer("threshold", "Usage percentage (0 to 100) that raises the alert.")
                            .required()
                            .force_new()
                            .validate(Validator::IntBetween(0, 100)),
                    ),
            ),
    )
}

/// Any `dir` but the home directory breaks Coder Desktop's file sync.
fn warn_dir_not_home(_key: &str, value: &Value) -> Vec<Finding> {
    match value.as_str() {
        Some("" | "$HOME" | "~") | None => Vec::new(),
        Some(_) => vec![
            Finding::warning("\"dir\" is deprecated and will be removed in a future release."),
            Finding::warning(
                "Setting \"dir\" to a value other than $HOME will break Coder Desktop file sync.",
            ),
        ],
    }
}

fn volume_path(_key: &str, value: &Value) -> Vec<Finding> {
    match value.as_str() {
        None => vec![Finding::error("volume path must be a string")],
        Some("") => vec![Finding::error("volume path must not be empty")],
        Some(path) if !path.starts_with('/') => {
            vec![Finding::error("volume path must be an absolute path")]
        }
        Some(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dir_warns_unless_home() {
        assert!(warn_dir_not_home("dir", &Value::string("$HOME")).is_empty());
        assert!(warn_dir_not_home("dir", &Value::string("~")).is_empty());
        assert_eq!(
            warn_dir_not_home("dir", &Value::string("/workspace")).len(),
            2
        );
    }

    #[test]
    fn volume_paths_must_be_absolute() {
        assert_eq!(
            volume_path("p", &Value::string("data"))[0].summary,
            "volume path must be an absolute path"
        );
        assert_eq!(
            volume_path("p", &Value::string(""))[0].summary,
            "volume path must not be empty"
        );
        assert!(volume_path("p", &Value::string("/home")).is_empty());
    }
}
