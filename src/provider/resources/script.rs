//! `coder_script`: checked when created, as in the Go provider.

use crate::provider::{Context, ResourceBehaviour};
use crate::schema::{self, defaulted, Finding, TypeSchema};
use crate::value::{Object, ObjectExt, Value};

pub struct Script;

impl ResourceBehaviour for Script {
    fn schema(&self) -> &'static TypeSchema {
        schema::resource("coder_script").unwrap_or_else(|| unreachable!("coder_script is declared"))
    }

    fn create(&self, _context: &Context, state: &mut Object) -> Vec<Finding> {
        let refused = refusal(|name| state.get(name));
        if refused.is_empty() {
            state.put("id", super::new_id());
        }
        refused
    }

    fn create_findings(&self, _context: &Context, config: &Object) -> Vec<Finding> {
        let block = &self.schema().block;
        refusal(|name| defaulted(block, config, name))
    }
}

/// Why the provider refuses to create the script, read through `get` from
/// the state or from a configuration with its defaults.
fn refusal<'a>(get: impl Fn(&str) -> Option<&'a Value>) -> Vec<Finding> {
    let flag = |name: &str| get(name).and_then(Value::as_bool) == Some(true);
    let cron = get("cron").and_then(Value::as_str).unwrap_or_default();
    if !flag("run_on_start") && !flag("run_on_stop") && cron.is_empty() {
        return vec![Finding::error(
            r#"at least one of "run_on_start", "run_on_stop", or "cron" must be set"#,
        )];
    }
    if !flag("run_on_start") && flag("start_blocks_login") {
        return vec![Finding::error(
            r#""start_blocks_login" can only be set if "run_on_start" is "true""#,
        )];
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::test_context;

    #[test]
    fn a_script_must_run_sometime() {
        let mut never = Object::new();
        never.put("run_on_start", false);
        let findings = Script.create(&test_context(&[]), &mut never);
        assert!(findings[0].summary.starts_with("at least one of"));

        let mut blocking = Object::new();
        blocking.put("run_on_stop", true);
        blocking.put("start_blocks_login", true);
        let findings = Script.create(&test_context(&[]), &mut blocking);
        assert!(findings[0].summary.contains("can only be set if"));

        let mut scheduled = Object::new();
        scheduled.put("cron", "0 * * * * *");
        assert!(Script.create(&test_context(&[]), &mut scheduled).is_empty());
        assert!(scheduled.str("id").is_some());
    }

    #[test]
    fn findings_without_the_state_are_those_of_a_create() {
        let configs: Vec<Vec<(&str, Value)>> = vec![
            vec![("script", "true".into())],
            vec![("run_on_start", true.into())],
            vec![
                ("run_on_stop", true.into()),
                ("start_blocks_login", true.into()),
            ],
            vec![
                ("cron", "0 * * * * *".into()),
                ("start_blocks_login", false.into()),
            ],
        ];
        let refused = crate::provider::assert_create_paths_agree(&Script, configs);
        assert_eq!(refused, 2, "the cases exercise the refusals");
    }
}
