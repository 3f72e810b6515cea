//! `coder_ai_task`: the task's ID and prompt from the environment, and the
//! app that shows it.

use crate::provider::{Context, ResourceBehaviour};
use crate::schema::validate::uuid::parse_google;
use crate::schema::{self, Finding, TypeSchema};
use crate::value::{Object, ObjectExt, Value};

pub struct AiTask;

impl ResourceBehaviour for AiTask {
    fn schema(&self) -> &'static TypeSchema {
        schema::resource("coder_ai_task")
            .unwrap_or_else(|| unreachable!("coder_ai_task is declared"))
    }

    fn create(&self, context: &Context, state: &mut Object) -> Vec<Finding> {
        // An unparsable task ID is ignored here, as in the Go provider (the
        // coder_task data source reports it instead).
        let task = context
            .env
            .lookup("CODER_TASK_ID")
            .and_then(|id| parse_google(&id).ok())
            .filter(|id| !id.is_nil());
        match task {
            Some(id) => {
                state.put("id", id.to_string());
                state.put("enabled", true);
            }
            None => {
                state.put("id", super::new_id());
                state.put("enabled", false);
            }
        }
        if let Some(prompt) = context.env.non_empty("CODER_TASK_PROMPT") {
            state.put("prompt", prompt);
        }
        if state.str("app_id").is_none_or(str::is_empty) {
            let sidebar = state
                .get("sidebar_app")
                .into_iter()
                .flat_map(Value::blocks)
                .find_map(|app| {
                    app.str("id")
                        .filter(|id| !id.is_empty())
                        .map(str::to_string)
                });
            match sidebar {
                Some(id) => state.put("app_id", id),
                None => return vec![Finding::error("'app_id' must be set")],
            }
        }
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::test_context;

    const APP: &str = "11111111-2222-3333-4444-555555555555";

    #[test]
    fn task_environment_enables_the_task() {
        let id = "7AE6C3B2-4D44-4B4A-9F0E-2B3F1D6F9C11";
        let ctx = test_context(&[("CODER_TASK_ID", id), ("CODER_TASK_PROMPT", "fix the bug")]);
        let mut state = Object::new();
        state.put("app_id", APP);
        assert!(AiTask.create(&ctx, &mut state).is_empty());
        assert_eq!(
            state.str("id"),
            Some("7ae6c3b2-4d44-4b4a-9f0e-2b3f1d6f9c11")
        );
        assert_eq!(state.bool("enabled"), Some(true));
        assert_eq!(state.str("prompt"), Some("fix the bug"));
    }

    #[test]
    fn invalid_or_nil_task_ids_are_ignored() {
        for id in ["nonsense", "00000000-0000-0000-0000-000000000000"] {
            let mut state = Object::new();
            state.put("app_id", APP);
            AiTask.create(&test_context(&[("CODER_TASK_ID", id)]), &mut state);
            assert_eq!(state.bool("enabled"), Some(false));
            assert_ne!(state.str("id"), Some(id));
        }
    }

    #[test]
    fn sidebar_app_fills_app_id_and_nothing_fails() {
        let mut sidebar = Object::new();
        sidebar.put("id", APP);
        let mut state = Object::new();
        state.put("sidebar_app", Value::List(vec![Value::Map(sidebar)]));
        assert!(AiTask.create(&test_context(&[]), &mut state).is_empty());
        assert_eq!(state.str("app_id"), Some(APP));

        let mut bare = Object::new();
        let findings = AiTask.create(&test_context(&[]), &mut bare);
        assert_eq!(findings[0].summary, "'app_id' must be set");
    }
}
