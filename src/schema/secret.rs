//! `coder_secret`: a secret of the workspace owner's, by environment variable or file.

use super::check::Finding;
use super::validate::Validator;
use super::{Attribute, TypeSchema};
use crate::value::{go_quote, Value};

pub fn schema() -> TypeSchema {
    TypeSchema::data_source(
        "coder_secret",
        1,
        "A secret the workspace owner stores in Coder, requested by environment variable name or file path.",
    )
    .attribute(
        Attribute::string("env", "Environment variable name the secret is stored under.")
            .force_new()
            .validate(Validator::Custom(env_name)),
    )
    .attribute(
        Attribute::string("file", "File path the secret is stored under (`/...` or `~/...`).")
            .force_new()
            .validate(Validator::Custom(file_path)),
    )
    .attribute(Attribute::string("help_message", "Shown to the owner when the secret is missing.").required())
    .attribute(Attribute::string("id", "`env:NAME` or `file:PATH`.").optional_computed())
    .attribute(Attribute::string("value", "The secret; empty when missing outside a start build.").computed().sensitive())
}

fn env_name(_key: &str, value: &Value) -> Vec<Finding> {
    match value.as_str() {
        Some(name) if !name.is_empty() && !super::validate::env_name_pattern().is_match(name) => {
            vec![Finding::error(format!(
                "`env` must be a POSIX-compliant identifier matching {}; got {}",
                go_quote(super::validate::ENV_NAME_PATTERN),
                go_quote(name)
            ))]
        }
        _ => Vec::new(),
    }
}

fn file_path(_key: &str, value: &Value) -> Vec<Finding> {
    match value.as_str() {
        Some(path) if !path.is_empty() && !path.starts_with('/') && !path.starts_with("~/") => {
            vec![Finding::error(format!(
                "`file` must start with `/` or `~/`; got {}",
                go_quote(path)
            ))]
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_paths() {
        for good in ["_TOKEN", "TOKEN1", "my_token", "MyToken", "X", ""] {
            assert!(env_name("env", &Value::string(good)).is_empty(), "{good}");
        }
        for bad in ["1TOKEN", "MY-TOKEN", "MY TOKEN", "MY.TOKEN", "-TOKEN"] {
            assert!(!env_name("env", &Value::string(bad)).is_empty(), "{bad}");
        }
        for good in ["~/.netrc", "/etc/creds", ""] {
            assert!(file_path("file", &Value::string(good)).is_empty(), "{good}");
        }
        assert_eq!(
            file_path("file", &Value::string("creds.txt"))[0].summary,
            "`file` must start with `/` or `~/`; got \"creds.txt\""
        );
    }
}
