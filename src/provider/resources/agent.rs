//! `coder_agent`: IDs, the agent token and the init script.

use std::collections::HashSet;

use crate::provider::env::sha256_hex;
use crate::provider::{Context, ResourceBehaviour};
use crate::schema::{self, Finding, NestedBlock, PathStep, TypeSchema};
use crate::value::{go_quote, Object, ObjectExt, Value};

pub struct Agent;

/// Coder sets this when a prebuilt workspace is claimed, so the new owner's
/// build keeps the token the running agent already has. The Go provider
/// hashes an always-empty agent ID, hence the hash of "".
fn prebuild_token_variable() -> String {
    format!("CODER_RUNNING_WORKSPACE_AGENT_TOKEN_{}", sha256_hex(""))
}

impl ResourceBehaviour for Agent {
    fn schema(&self) -> &'static TypeSchema {
        declaration()
    }

    fn plan_reads(&self) -> &'static [&'static str] {
        &["metadata", "resources_monitoring"]
    }

    fn check_plan(&self, planned: &Object) -> Vec<Finding> {
        let mut findings = Vec::new();
        let mut keys = HashSet::new();
        for item in planned.get("metadata").into_iter().flat_map(Value::blocks) {
            if let Some(key) = item.str("key") {
                if !keys.insert(key) {
                    findings.push(
                        Finding::error(format!("duplicate agent metadata key {}", go_quote(key)))
                            .at(vec![PathStep::Attribute("metadata")]),
                    );
                }
            }
        }
        let at_monitoring = vec![PathStep::Attribute("resources_monitoring")];
        for monitoring in planned
            .get("resources_monitoring")
            .into_iter()
            .flat_map(Value::blocks)
        {
            let memory = monitoring
                .get("memory")
                .into_iter()
                .flat_map(Value::blocks)
                .count();
            let volumes: Vec<&Object> = monitoring
                .get("volume")
                .into_iter()
                .flat_map(Value::blocks)
                .collect();
            if memory == 0 && volumes.is_empty() {
                findings.push(
                    Finding::error("resources_monitoring must define at least one monitor")
                        .at(at_monitoring.clone()),
                );
            }
            let mut paths = HashSet::new();
            for path in volumes.iter().filter_map(|v| v.str("path")) {
                if !paths.insert(path) {
                    findings.push(
                        Finding::error(format!("duplicate volume path {}", go_quote(path)))
                            .at(at_monitoring.clone()),
                    );
                }
            }
        }
        findings
    }

    fn create(&self, context: &Context, state: &mut Object) -> Vec<Finding> {
        state.put("id", super::new_id());
        refresh(context, state);
        Vec::new()
    }

    fn read(&self, context: &Context, state: &mut Object) {
        refresh(context, state);
    }
}

fn declaration() -> &'static TypeSchema {
    schema::resource("coder_agent").unwrap_or_else(|| unreachable!("coder_agent is declared"))
}

/// What the Go provider recomputes on every create and read: a token (new
/// each time unless a prebuild hands one over), display apps, init script.
fn refresh(context: &Context, state: &mut Object) {
    let token = match context.env.non_empty(&prebuild_token_variable()) {
        Some(token) => {
            tracing::info!("using provided agent token for prebuild");
            token
        }
        None => super::new_id(),
    };
    state.put("token", token);
    let absent = state
        .get("display_apps")
        .is_none_or(|v| v.blocks().next().is_none());
    if absent && context.plans_defaults() {
        if let Some(display_apps) = declaration().block.nested("display_apps") {
            state.put(
                "display_apps",
                Value::List(vec![Value::Map(defaults_of(display_apps))]),
            );
        }
    }
    let script = init_script(context, state);
    state.put("init_script", script);
}

/// A block element holding each attribute's declared default.
fn defaults_of(block: &NestedBlock) -> Object {
    block
        .block
        .attributes
        .iter()
        .filter_map(|a| Some((a.name.to_string(), a.default.clone()?)))
        .collect()
}

/// The bootstrap script coderd passes in CODER_AGENT_SCRIPT_<os>_<arch>,
/// with the deployment URL and auth type filled in.
fn init_script(context: &Context, state: &Object) -> String {
    let os = state.str("os").unwrap_or_default();
    let arch = state.str("arch").unwrap_or_default();
    let Some(script) = context
        .env
        .non_empty(&format!("CODER_AGENT_SCRIPT_{os}_{arch}"))
    else {
        return String::new();
    };
    let access_url = context.provider_config().parsed.root();
    script
        .replace("${ACCESS_URL}", &access_url)
        .replace("${AUTH_TYPE}", state.str("auth").unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::test_context;

    fn agent() -> Object {
        let mut state = Object::new();
        state.put("os", "linux");
        state.put("arch", "amd64");
        state.put("auth", "token");
        state
    }

    #[test]
    fn init_script_fills_url_and_auth() {
        let ctx = test_context(&[(
            "CODER_AGENT_SCRIPT_linux_amd64",
            "curl ${ACCESS_URL}bin/coder && CODER_AGENT_AUTH=${AUTH_TYPE}",
        )]);
        let mut state = agent();
        Agent.create(&ctx, &mut state);
        assert_eq!(
            state.str("init_script"),
            Some("curl https://mydeployment.coder.com/bin/coder && CODER_AGENT_AUTH=token")
        );
        assert_eq!(
            state
                .get("display_apps")
                .into_iter()
                .flat_map(Value::blocks)
                .count(),
            1
        );
    }

    #[test]
    fn token_changes_on_read_unless_a_prebuild_hands_one_over() {
        let ctx = test_context(&[]);
        let mut state = agent();
        Agent.create(&ctx, &mut state);
        let first = state.str("token").map(str::to_string);
        Agent.read(&ctx, &mut state);
        assert_ne!(state.str("token").map(str::to_string), first);

        let claimed = test_context(&[(&prebuild_token_variable(), "kept-token")]);
        Agent.read(&claimed, &mut state);
        assert_eq!(state.str("token"), Some("kept-token"));
    }

    #[test]
    fn duplicate_metadata_keys_fail_the_plan() {
        let mut state = agent();
        let item = |key: &str| {
            let mut item = Object::new();
            item.put("key", key);
            Value::Map(item)
        };
        state.put("metadata", Value::List(vec![item("a"), item("a")]));
        let findings = crate::provider::plan_checks(&Agent, &state);
        assert_eq!(findings[0].summary, r#"duplicate agent metadata key "a""#);
    }
}
