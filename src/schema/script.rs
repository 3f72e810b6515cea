//! `coder_script`: a script the agent runs on start, on stop or on a schedule.

use super::check::Finding;
use super::validate::{cron, Validator};
use super::{Attribute, TypeSchema};
use crate::value::Value;

pub fn schema() -> TypeSchema {
    TypeSchema::resource(
        "coder_script",
        1,
        "A script an agent runs when the workspace starts, when it stops, or on a cron schedule.",
    )
    .attribute(
        Attribute::string("agent_id", "ID of the `coder_agent` that runs the script.")
            .required()
            .force_new(),
    )
    .attribute(
        Attribute::string(
            "cron",
            "Schedule in six fields, seconds first (`0 */5 * * * *`), on which the script runs.",
        )
        .force_new()
        .validate(Validator::Custom(cron_expression)),
    )
    .attribute(
        Attribute::string(
            "display_name",
            "Name shown for the script in the dashboard and its logs.",
        )
        .required()
        .force_new(),
    )
    .attribute(Attribute::string("icon", "URL or built-in path of the script's icon.").force_new())
    .attribute(Attribute::string("id", "Unique identifier of this script.").optional_computed())
    .attribute(Attribute::string("log_path", "File the script's output is written to.").force_new())
    .attribute(
        Attribute::bool("run_on_start", "Run when the workspace starts.")
            .force_new()
            .default(false),
    )
    .attribute(
        Attribute::bool("run_on_stop", "Run when the workspace stops.")
            .force_new()
            .default(false),
    )
    .attribute(
        Attribute::string(
            "script",
            "The script itself; a shebang chooses the interpreter.",
        )
        .required()
        .force_new(),
    )
    .attribute(
        Attribute::bool(
            "start_blocks_login",
            "Keep users from logging in until the script ends (needs `run_on_start`).",
        )
        .force_new()
        .default(false),
    )
    .attribute(
        Attribute::integer(
            "timeout",
            "Seconds the script may run before it is stopped; unset means no limit.",
        )
        .force_new()
        .default(0)
        .validate(Validator::IntAtLeast(1)),
    )
}

/// robfig's six-field parser, and a warning for what looks like a Unix
/// five-field spec (its first field would be read as seconds).
fn cron_expression(_key: &str, value: &Value) -> Vec<Finding> {
    let Some(spec) = value.as_str() else {
        return Vec::new();
    };
    if spec.is_empty() {
        return Vec::new();
    }
    if let Err(e) = cron::parse_with_seconds(spec) {
        return vec![Finding::error(format!(
            "{spec} is not a valid cron expression: {e}"
        ))];
    }
    if spec.split_whitespace().count() == 5 && cron::parse_standard(spec).is_ok() {
        return vec![Finding::warning(format!(
            "The cron expression '{spec}' appears to be in Unix 5-field format. Coder uses 6-field format (seconds minutes hours day month day-of-week). Consider prefixing with '0 ' to run at the start of each minute: '0 {spec}'"
        ))];
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cron_checks() {
        assert!(cron_expression("cron", &Value::string("0 22 * * * *")).is_empty());
        let warned = cron_expression("cron", &Value::string("*/5 * * * *"));
        assert!(warned[0]
            .summary
            .contains("appears to be in Unix 5-field format"));
        assert!(warned[0].summary.ends_with("'0 */5 * * * *'"));
        let failed = cron_expression("cron", &Value::string("invalid"));
        assert_eq!(
            failed[0].summary,
            "invalid is not a valid cron expression: expected 5 to 6 fields, found 1: [invalid]"
        );
    }
}
