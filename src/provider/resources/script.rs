//! `coder_script`: checked when created, as in the Go provider.

use crate::provider::{Context, ResourceBehaviour};
use crate::schema::{self, Finding, TypeSchema};
use crate::value::{Object, ObjectExt};

pub struct Script;

impl ResourceBehaviour for Script {
    fn schema(&self) -> &'static TypeSchema {
        schema::resource("coder_script").unwrap_or_else(|| unreachable!("coder_script is declared"))
    }

    fn create(&self, _context: &Context, state: &mut Object) -> Vec<Finding> {
        let on_start = state.bool("run_on_start") == Some(true);
        let on_stop = state.bool("run_on_stop") == Some(true);
        let cron = state.str("cron").unwrap_or_default();
        if !on_start && !on_stop && cron.is_empty() {
            return vec![Finding::error(
                r#"at least one of "run_on_start", "run_on_stop", or "cron" must be set"#,
            )];
        }
        if !on_start && state.bool("start_blocks_login") == Some(true) {
            return vec![Finding::error(
                r#""start_blocks_login" can only be set if "run_on_start" is "true""#,
            )];
        }
        state.put("id", super::new_id());
        Vec::new()
    }
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
}
