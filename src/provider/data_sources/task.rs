//! `coder_task`: the task this build runs, if any.

use crate::provider::{Context, DataSourceBehaviour};
use crate::schema::validate::uuid::parse_google;
use crate::schema::{self, Finding, TypeSchema};
use crate::value::{Object, ObjectExt};

pub struct Task;

const NIL_UUID: &str = "00000000-0000-0000-0000-000000000000";

impl DataSourceBehaviour for Task {
    fn schema(&self) -> &'static TypeSchema {
        schema::data_source("coder_task").unwrap_or_else(|| unreachable!("coder_task is declared"))
    }

    fn read(&self, context: &Context, _config: &Object, state: &mut Object) -> Vec<Finding> {
        let id = context.env.lookup("CODER_TASK_ID").unwrap_or_default();
        if id.is_empty() || id == NIL_UUID {
            state.put("id", super::new_id());
            state.put("enabled", false);
        } else {
            if let Err(message) = parse_google(&id) {
                return vec![Finding::error(message)];
            }
            state.put("id", id);
            state.put("enabled", true);
        }
        state.put(
            "prompt",
            context.env.lookup("CODER_TASK_PROMPT").unwrap_or_default(),
        );
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::test_context;

    #[test]
    fn outside_a_task() {
        let mut state = Object::new();
        assert!(Task
            .read(&test_context(&[]), &Object::new(), &mut state)
            .is_empty());
        assert_eq!(state.bool("enabled"), Some(false));
        assert_eq!(state.str("prompt"), Some(""));
        assert!(state.str("id").is_some_and(|id| id != NIL_UUID));
    }

    #[test]
    fn inside_a_task_and_with_a_bad_id() {
        let id = "7ae6c3b2-4d44-4b4a-9f0e-2b3f1d6f9c11";
        let ctx = test_context(&[("CODER_TASK_ID", id), ("CODER_TASK_PROMPT", "go")]);
        let mut state = Object::new();
        Task.read(&ctx, &Object::new(), &mut state);
        assert_eq!(state.str("id"), Some(id));
        assert_eq!(state.bool("enabled"), Some(true));
        assert_eq!(state.str("prompt"), Some("go"));

        let bad = test_context(&[("CODER_TASK_ID", "0123456789abcdef")]);
        let findings = Task.read(&bad, &Object::new(), &mut Object::new());
        assert_eq!(findings[0].summary, "invalid UUID length: 16");
    }
}
