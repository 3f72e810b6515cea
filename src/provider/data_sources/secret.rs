//! `coder_secret`: a secret by environment variable or file, required on start builds.

use crate::provider::{Context, DataSourceBehaviour};
use crate::schema::{self, Finding, TypeSchema};
use crate::value::{go_quote, Object, ObjectExt};

pub struct Secret;

impl DataSourceBehaviour for Secret {
    fn schema(&self) -> &'static TypeSchema {
        schema::data_source("coder_secret")
            .unwrap_or_else(|| unreachable!("coder_secret is declared"))
    }

    fn read(&self, context: &Context, config: &Object, state: &mut Object) -> Vec<Finding> {
        let env = config.str("env").unwrap_or_default();
        let file = config.str("file").unwrap_or_default();
        let (id, variable, requirement) = match (env.is_empty(), file.is_empty()) {
            (false, true) => (
                format!("env:{env}"),
                format!("CODER_SECRET_ENV_{env}"),
                format!("environment variable {}", go_quote(env)),
            ),
            (true, false) => (
                format!("file:{file}"),
                format!("CODER_SECRET_FILE_{}", hex::encode(file.as_bytes())),
                format!("file {}", go_quote(file)),
            ),
            _ => return vec![Finding::error("exactly one of `env` or `file` must be set")],
        };
        state.put("id", id);
        let value = context.env.lookup(&variable).unwrap_or_default();
        // Only a real start build (one with a build ID) must have the secret.
        let starting = context.env.non_empty("CODER_WORKSPACE_BUILD_ID").is_some()
            && context.env.lookup("CODER_WORKSPACE_TRANSITION").as_deref() == Some("start");
        if value.is_empty() && starting {
            let help = config.str("help_message").unwrap_or_default();
            let mut detail = format!("Required: {requirement}\n\n");
            if !help.is_empty() {
                detail.push_str(&format!("Help message: {help}\n\n"));
            }
            detail.push_str(&format!(
                "To resolve: ensure a secret exposes the {requirement}.\n"
            ));
            return vec![
                Finding::error(format!("Missing required secret: {requirement}"))
                    .with_detail(detail),
            ];
        }
        state.put("value", value);
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::test_context;

    fn config(pairs: &[(&'static str, &str)]) -> Object {
        let mut config = Object::new();
        for (k, v) in pairs {
            config.put(k, *v);
        }
        config
    }

    #[test]
    fn values_by_env_and_by_file() {
        let ctx = test_context(&[
            ("CODER_SECRET_ENV_MY_TOKEN", "t0k3n"),
            (
                "CODER_SECRET_FILE_7e2f2e6177732f63726564656e7469616c73",
                "creds",
            ),
        ]);
        let by_env = config(&[("env", "MY_TOKEN"), ("help_message", "h")]);
        let mut state = by_env.clone();
        assert!(Secret.read(&ctx, &by_env, &mut state).is_empty());
        assert_eq!(
            (state.str("id"), state.str("value")),
            (Some("env:MY_TOKEN"), Some("t0k3n"))
        );
        let by_file = config(&[("file", "~/.aws/credentials"), ("help_message", "h")]);
        let mut state = by_file.clone();
        Secret.read(&ctx, &by_file, &mut state);
        assert_eq!(state.str("value"), Some("creds"));
    }

    #[test]
    fn missing_only_fails_start_builds() {
        let wanted = config(&[("env", "GITHUB_TOKEN"), ("help_message", "Add a token.")]);
        let start = test_context(&[
            ("CODER_WORKSPACE_BUILD_ID", "b"),
            ("CODER_WORKSPACE_TRANSITION", "start"),
        ]);
        let findings = Secret.read(&start, &wanted, &mut wanted.clone());
        assert_eq!(
            findings[0].summary,
            r#"Missing required secret: environment variable "GITHUB_TOKEN""#
        );
        assert_eq!(
            findings[0].detail,
            "Required: environment variable \"GITHUB_TOKEN\"\n\nHelp message: Add a token.\n\nTo resolve: ensure a secret exposes the environment variable \"GITHUB_TOKEN\".\n"
        );
        let stop = test_context(&[
            ("CODER_WORKSPACE_BUILD_ID", "b"),
            ("CODER_WORKSPACE_TRANSITION", "stop"),
        ]);
        assert!(Secret.read(&stop, &wanted, &mut wanted.clone()).is_empty());
        assert!(Secret
            .read(&test_context(&[]), &wanted, &mut wanted.clone())
            .is_empty());
        let both = config(&[("env", "A"), ("file", "/a"), ("help_message", "")]);
        assert_eq!(
            Secret.read(&start, &both, &mut both.clone())[0].summary,
            "exactly one of `env` or `file` must be set"
        );
    }
}
