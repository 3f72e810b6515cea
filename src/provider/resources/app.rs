//! `coder_app`: an ID, and warnings for settings a hidden app ignores.

use crate::provider::{Context, ResourceBehaviour};
use crate::schema::{self, defaulted, Finding, PathStep, TypeSchema};
use crate::value::{Object, ObjectExt, Value};

pub struct App;

impl ResourceBehaviour for App {
    fn schema(&self) -> &'static TypeSchema {
        schema::resource("coder_app").unwrap_or_else(|| unreachable!("coder_app is declared"))
    }

    fn create(&self, _context: &Context, state: &mut Object) -> Vec<Finding> {
        state.put("id", super::new_id());
        hidden_warnings(|name| state.get(name))
    }

    fn create_findings(&self, _context: &Context, config: &Object) -> Vec<Finding> {
        let block = &self.schema().block;
        hidden_warnings(|name| defaulted(block, config, name))
    }
}

/// Settings a hidden app ignores, read through `get` from the state or
/// from a configuration with its defaults.
fn hidden_warnings<'a>(get: impl Fn(&str) -> Option<&'a Value>) -> Vec<Finding> {
    if get("hidden").and_then(Value::as_bool) != Some(true) {
        return Vec::new();
    }
    // As the SDK's GetOk: zero values count as unset.
    let set = |value: Option<&Value>| match value {
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Number(n)) => *n != 0.0,
        _ => false,
    };
    ["display_name", "icon", "order"]
        .into_iter()
        .filter(|name| set(get(name)))
        .map(|name| {
            Finding::warning(format!("`{name}` set when app is hidden"))
                .at(vec![PathStep::Attribute(name)])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::test_context;

    #[test]
    fn hidden_apps_warn_about_visible_settings() {
        let ctx = test_context(&[]);
        let mut state = Object::new();
        state.put("hidden", true);
        state.put("display_name", "Shown");
        state.put("order", 0);
        let warnings: Vec<String> = App
            .create(&ctx, &mut state)
            .into_iter()
            .map(|f| f.summary)
            .collect();
        assert_eq!(warnings, ["`display_name` set when app is hidden"]);
        assert!(state.str("id").is_some());
    }

    #[test]
    fn findings_without_the_state_are_those_of_a_create() {
        let configs: Vec<Vec<(&str, Value)>> = vec![
            vec![("slug", "a".into())],
            vec![
                ("hidden", true.into()),
                ("icon", "/icon/a.svg".into()),
                ("order", 2.into()),
            ],
            vec![("hidden", true.into()), ("display_name", "".into())],
            vec![("hidden", false.into()), ("display_name", "Shown".into())],
        ];
        let warned = crate::provider::assert_create_paths_agree(&App, configs);
        assert_eq!(warned, 2, "the cases exercise the warnings");
    }
}
