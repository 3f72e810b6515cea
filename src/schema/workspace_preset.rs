//! `coder_workspace_preset`: a named set of parameter values, optionally prebuilt.

use super::check::Finding;
use super::validate::{schedule, timezone_exists, Validator};
use super::{Attribute, NestedBlock, TypeSchema, ValueType};
use crate::value::{format_number, go_quote, Value};

pub fn schema() -> TypeSchema {
    TypeSchema::data_source(
        "coder_workspace_preset",
        1,
        "A named set of parameter values users can pick when creating a workspace; with `prebuilds`, Coder keeps workspaces built ahead of time.",
    )
    .attribute(Attribute::bool("default", "Select this preset when a workspace is created.").default(false))
    .attribute(
        Attribute::string("description", "Explanation shown with the preset (at most 128 characters).")
            .validate(Validator::LengthBetween(0, 128)),
    )
    .attribute(
        Attribute::string("icon", "URL or built-in path of the preset's icon (at most 256 characters).")
            .force_new()
            .validate(Validator::Url)
            .validate(Validator::LengthBetween(0, 256)),
    )
    .attribute(Attribute::string("id", "The preset's name.").computed())
    .attribute(Attribute::string("name", "Name of the preset.").required().validate(Validator::NotEmpty))
    .attribute(Attribute::typed(
        "parameters",
        ValueType::Map(Box::new(ValueType::String)),
        "Parameter values by parameter name.",
    ))
    .block(
        NestedBlock::set("prebuilds", "Workspaces of this preset Coder builds ahead of time.")
            .max_items(1)
            .attribute(
                Attribute::integer("instances", "How many prebuilt workspaces to keep ready.")
                    .required()
                    .force_new()
                    .validate(Validator::IntAtLeast(0)),
            )
            .block(
                NestedBlock::set("expiration_policy", "When unclaimed prebuilt workspaces are replaced.")
                    .max_items(1)
                    .attribute(
                        Attribute::integer("ttl", "Seconds after which an unclaimed prebuild is replaced: 0 (never) or 3600 to 31536000.")
                            .required()
                            .force_new()
                            .validate(Validator::Custom(ttl)),
                    ),
            )
            .block(
                NestedBlock::list("scheduling", "Different numbers of prebuilds at different times.")
                    .max_items(1)
                    .attribute(
                        Attribute::string("timezone", "IANA time zone the schedules are read in, such as Europe/Berlin.")
                            .required()
                            .validate(Validator::Custom(timezone)),
                    )
                    .block(
                        NestedBlock::list("schedule", "How many prebuilds to keep during the hours a cron spec names.")
                            .required()
                            .attribute(
                                Attribute::string("cron", "Five-field cron spec whose minute field is `*`, such as `* 8-18 * * 1-5`.")
                                    .required()
                                    .validate(Validator::Custom(schedule_cron)),
                            )
                            .attribute(Attribute::integer("instances", "How many prebuilds to keep while the schedule applies.").required()),
                    ),
            ),
    )
}

fn ttl(key: &str, value: &Value) -> Vec<Finding> {
    match value.as_number() {
        Some(n) if n != 0.0 && !(3600.0..=31_536_000.0).contains(&n) => {
            vec![Finding::error(format!(
                "{} must be 0 or between 3600 and 31536000, got {}",
                go_quote(key),
                format_number(n)
            ))]
        }
        _ => Vec::new(),
    }
}

fn timezone(_key: &str, value: &Value) -> Vec<Finding> {
    match value.as_str() {
        Some(name) => match timezone_exists(name) {
            Ok(()) => Vec::new(),
            Err(e) => vec![Finding::error(format!(
                "failed to load timezone {}: {e}",
                go_quote(name)
            ))],
        },
        None => Vec::new(),
    }
}

fn schedule_cron(_key: &str, value: &Value) -> Vec<Finding> {
    match value.as_str().map(schedule::validate_cron) {
        Some(Err(e)) => vec![Finding::error(e)],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ttl_bounds() {
        let key = "prebuilds.0.expiration_policy.0.ttl";
        assert!(ttl(key, &Value::Number(0.0)).is_empty());
        assert!(ttl(key, &Value::Number(86400.0)).is_empty());
        assert_eq!(
            ttl(key, &Value::Number(1800.0))[0].summary,
            "\"prebuilds.0.expiration_policy.0.ttl\" must be 0 or between 3600 and 31536000, got 1800"
        );
        assert!(!ttl(key, &Value::Number(63_072_000.0)).is_empty());
    }

    #[test]
    fn zones() {
        assert!(timezone("timezone", &Value::string("America/Los_Angeles")).is_empty());
        assert_eq!(
            timezone("timezone", &Value::string("InvalidLocation"))[0].summary,
            "failed to load timezone \"InvalidLocation\": unknown time zone InvalidLocation"
        );
    }
}
