//! Validators with the Go provider's exact messages. An attribute's
//! declaration lists them; the provider runs them at plan time and the
//! analyzer runs the very same functions over values it can evaluate.

pub mod cron;
pub mod go_regexp;
pub mod go_url;
pub mod parameter;
pub mod schedule;
pub mod uuid;

use std::sync::LazyLock;

use regex::Regex;

use super::check::Finding;
use crate::value::{format_number, go_quote, Value};

/// A check of one attribute's known, non-null value. `key` is the flat path
/// the SDK prints (`resources_monitoring.0.memory.0.threshold`).
#[derive(Debug)]
pub enum Validator {
    /// The SDK's `StringInSlice`.
    OneOf(&'static [&'static str]),
    /// The SDK's `IntAtLeast`.
    IntAtLeast(i64),
    /// The SDK's `IntBetween`.
    IntBetween(i64, i64),
    /// The SDK's `StringIsNotEmpty`.
    NotEmpty,
    /// The SDK's `StringLenBetween`.
    LengthBetween(usize, usize),
    /// The SDK's `IsUUID`.
    Uuid,
    /// The provider's `ValidateURL`: whatever Go's `url.Parse` accepts.
    Url,
    /// The SDK's `StringMatch` with a message.
    Matches(fn() -> &'static Regex, &'static str),
    /// A check of the provider's own, with its own messages.
    Custom(fn(key: &str, value: &Value) -> Vec<Finding>),
}

impl Validator {
    pub fn check(&self, key: &str, value: &Value) -> Vec<Finding> {
        let error = |message: String| vec![Finding::error(message)];
        match (self, value) {
            (Validator::Custom(check), value) => check(key, value),
            (Validator::OneOf(allowed), Value::String(s)) => {
                if allowed.contains(&s.as_str()) {
                    return Vec::new();
                }
                let quoted: Vec<String> = allowed.iter().map(|a| go_quote(a)).collect();
                error(format!(
                    "expected {key} to be one of [{}], got {s}",
                    quoted.join(" ")
                ))
            }
            (Validator::IntAtLeast(min), Value::Number(n)) if *n < *min as f64 => error(format!(
                "expected {key} to be at least ({min}), got {}",
                format_number(*n)
            )),
            (Validator::IntBetween(min, max), Value::Number(n))
                if *n < *min as f64 || *n > *max as f64 =>
            {
                error(format!(
                    "expected {key} to be in the range ({min} - {max}), got {}",
                    format_number(*n)
                ))
            }
            (Validator::NotEmpty, Value::String(s)) if s.is_empty() => error(format!(
                "expected {} to not be an empty string, got {s}",
                go_quote(key)
            )),
            (Validator::LengthBetween(min, max), Value::String(s))
                if s.chars().count() < *min || s.chars().count() > *max =>
            {
                error(format!(
                    "expected length of {key} to be in the range ({min} - {max}), got {s}"
                ))
            }
            (Validator::Uuid, Value::String(s)) if !uuid::is_hashicorp_uuid(s) => error(format!(
                "expected {} to be a valid UUID, got {s}",
                go_quote(key)
            )),
            (Validator::Url, Value::String(s)) => match go_url::parse(s) {
                Ok(_) => Vec::new(),
                Err(message) => error(message),
            },
            (Validator::Matches(pattern, message), Value::String(s)) if !pattern().is_match(s) => {
                error(format!("invalid value for {key} ({message})"))
            }
            _ => Vec::new(),
        }
    }
}

/// Environment variable names: a POSIX identifier.
pub const ENV_NAME_PATTERN: &str = "^[a-zA-Z_][a-zA-Z0-9_]*$";

pub fn env_name_pattern() -> &'static Regex {
    static PATTERN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(ENV_NAME_PATTERN).expect("constant pattern"));
    &PATTERN
}

/// Go's `time.LoadLocation` succeeding: "", "UTC", "Local" or a name in the
/// IANA time zone database.
pub fn timezone_exists(name: &str) -> Result<(), String> {
    if matches!(name, "" | "UTC" | "Local") || name.parse::<chrono_tz::Tz>().is_ok() {
        Ok(())
    } else {
        Err(format!("unknown time zone {name}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(v: &Validator, key: &str, value: Value) -> Vec<String> {
        v.check(key, &value)
            .into_iter()
            .map(|f| f.summary)
            .collect()
    }

    #[test]
    fn one_of_quotes_choices_like_go() {
        assert_eq!(
            messages(
                &Validator::OneOf(&["all", "no_user_data"]),
                "api_key_scope",
                Value::string("invalid-scope")
            ),
            [r#"expected api_key_scope to be one of ["all" "no_user_data"], got invalid-scope"#]
        );
        assert!(messages(&Validator::OneOf(&["all"]), "k", Value::string("all")).is_empty());
    }

    #[test]
    fn integer_bounds() {
        assert_eq!(
            messages(
                &Validator::IntBetween(0, 100),
                "resources_monitoring.0.memory.0.threshold",
                Value::Number(101.0)
            ),
            ["expected resources_monitoring.0.memory.0.threshold to be in the range (0 - 100), got 101"]
        );
        assert!(messages(&Validator::IntBetween(0, 100), "t", Value::Number(100.0)).is_empty());
        assert_eq!(
            messages(&Validator::IntAtLeast(1), "timeout", Value::Number(0.0)),
            ["expected timeout to be at least (1), got 0"]
        );
    }

    #[test]
    fn strings() {
        assert_eq!(
            messages(&Validator::NotEmpty, "name", Value::string("")),
            [r#"expected "name" to not be an empty string, got "#]
        );
        assert_eq!(
            messages(&Validator::Uuid, "app_id", Value::string("nope")),
            [r#"expected "app_id" to be a valid UUID, got nope"#]
        );
        assert_eq!(
            messages(
                &Validator::LengthBetween(0, 3),
                "description",
                Value::string("abcd")
            ),
            ["expected length of description to be in the range (0 - 3), got abcd"]
        );
    }

    #[test]
    fn time_zones() {
        assert!(timezone_exists("America/Los_Angeles").is_ok());
        assert!(timezone_exists("").is_ok());
        assert_eq!(
            timezone_exists("InvalidLocation").unwrap_err(),
            "unknown time zone InvalidLocation"
        );
    }

    #[test]
    fn unknown_and_null_values_are_not_judged() {
        for v in [Value::Unknown, Value::Null] {
            assert!(Validator::Uuid.check("app_id", &v).is_empty());
            assert!(Validator::NotEmpty.check("name", &v).is_empty());
        }
    }
}
