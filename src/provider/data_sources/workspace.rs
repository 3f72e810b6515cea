//! `coder_workspace`: the workspace as CODER_WORKSPACE_* describe it.

use crate::provider::{Context, DataSourceBehaviour};
use crate::schema::{self, Finding, TypeSchema};
use crate::value::{go_quote, Object, ObjectExt};

pub struct Workspace;

impl DataSourceBehaviour for Workspace {
    fn schema(&self) -> &'static TypeSchema {
        schema::data_source("coder_workspace")
            .unwrap_or_else(|| unreachable!("coder_workspace is declared"))
    }

    fn read(&self, context: &Context, _config: &Object, state: &mut Object) -> Vec<Finding> {
        let env = &context.env;
        let transition = env
            .non_empty("CODER_WORKSPACE_TRANSITION")
            .unwrap_or_else(|| "start".into());
        state.put("start_count", i64::from(transition == "start"));
        state.put("transition", transition);

        let is_true = |name: &str| {
            env.lookup(name)
                .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        };
        let (mut prebuild, mut claim) = (false, false);
        if is_true("CODER_WORKSPACE_IS_PREBUILD") {
            prebuild = true;
        }
        if is_true("CODER_WORKSPACE_IS_PREBUILD_CLAIM") {
            // A claim wins when both are set.
            (prebuild, claim) = (false, true);
        }
        state.put("is_prebuild", prebuild);
        state.put("is_prebuild_claim", claim);
        state.put("prebuild_count", i64::from(prebuild));

        state.put(
            "name",
            env.non_empty("CODER_WORKSPACE_NAME")
                .unwrap_or_else(|| "default".into()),
        );
        state.put(
            "id",
            env.non_empty("CODER_WORKSPACE_ID")
                .unwrap_or_else(super::new_id),
        );

        // Inside a real build (a build ID is set) the template must be known.
        let in_build = env.non_empty("CODER_WORKSPACE_BUILD_ID").is_some();
        let mut findings = Vec::new();
        for (attribute, variable, what) in [
            ("template_id", "CODER_WORKSPACE_TEMPLATE_ID", "template ID"),
            (
                "template_name",
                "CODER_WORKSPACE_TEMPLATE_NAME",
                "template name",
            ),
            (
                "template_version",
                "CODER_WORKSPACE_TEMPLATE_VERSION",
                "template version",
            ),
        ] {
            let value = env.lookup(variable).unwrap_or_default();
            if in_build && value.is_empty() {
                findings.push(Finding::error(format!(
                    "{what} is missing: {variable} is required"
                )));
            }
            state.put(attribute, value);
        }

        let config = context.provider_config();
        let port = match config.parsed.port.as_deref() {
            Some(port) => match port.parse::<i64>() {
                Ok(port) => port,
                Err(_) => {
                    return vec![Finding::error(format!(
                        "couldn't parse port {}",
                        go_quote(port)
                    ))]
                }
            },
            None if config.parsed.scheme == "https" => 443,
            None => 80,
        };
        state.put("access_port", port);
        state.put("access_url", config.url);
        findings
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::test_context;

    fn read(vars: &[(&str, &str)]) -> (Object, Vec<Finding>) {
        let mut state = Object::new();
        let findings = Workspace.read(&test_context(vars), &Object::new(), &mut state);
        (state, findings)
    }

    #[test]
    fn defaults_outside_coder() {
        let (state, findings) = read(&[]);
        assert!(findings.is_empty());
        assert_eq!(state.str("transition"), Some("start"));
        assert_eq!(state.number("start_count"), Some(1.0));
        assert_eq!(state.str("name"), Some("default"));
        assert_eq!(state.number("access_port"), Some(443.0));
        assert_eq!(
            state.str("access_url"),
            Some("https://mydeployment.coder.com")
        );
    }

    #[test]
    fn stop_and_prebuild_claims() {
        let (state, _) = read(&[
            ("CODER_WORKSPACE_TRANSITION", "stop"),
            ("CODER_WORKSPACE_IS_PREBUILD", "TRUE"),
            ("CODER_WORKSPACE_IS_PREBUILD_CLAIM", "true"),
        ]);
        assert_eq!(state.number("start_count"), Some(0.0));
        assert_eq!(state.bool("is_prebuild"), Some(false));
        assert_eq!(state.bool("is_prebuild_claim"), Some(true));
        assert_eq!(state.number("prebuild_count"), Some(0.0));
    }

    #[test]
    fn a_build_needs_its_template() {
        let (_, findings) = read(&[
            ("CODER_WORKSPACE_BUILD_ID", "b"),
            ("CODER_WORKSPACE_TEMPLATE_ID", "t"),
            ("CODER_WORKSPACE_TEMPLATE_VERSION", "v"),
        ]);
        let messages: Vec<_> = findings.iter().map(|f| f.summary.as_str()).collect();
        assert_eq!(
            messages,
            ["template name is missing: CODER_WORKSPACE_TEMPLATE_NAME is required"]
        );
    }
}
