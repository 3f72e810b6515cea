//! `coder_metadata`: unique item keys, and which values were left null.

use std::collections::HashSet;

use crate::provider::{Context, ResourceBehaviour};
use crate::schema::{self, Finding, PathStep, TypeSchema};
use crate::value::{go_quote, Object, ObjectExt, Value};

pub struct Metadata;

impl ResourceBehaviour for Metadata {
    fn schema(&self) -> &'static TypeSchema {
        schema::resource("coder_metadata")
            .unwrap_or_else(|| unreachable!("coder_metadata is declared"))
    }

    fn plan_reads(&self) -> &'static [&'static str] {
        &["item"]
    }

    fn check_plan(&self, planned: &Object) -> Vec<Finding> {
        let mut keys = HashSet::new();
        planned
            .get("item")
            .into_iter()
            .flat_map(Value::blocks)
            .filter_map(|item| item.str("key"))
            .filter(|key| !keys.insert(*key))
            .map(|key| {
                Finding::error(format!("duplicate resource metadata key {}", go_quote(key)))
                    .at(vec![PathStep::Attribute("item")])
            })
            .collect()
    }

    fn create(&self, _context: &Context, state: &mut Object) -> Vec<Finding> {
        state.put("id", super::new_id());
        // Coder shows a null value differently from an empty one.
        if let Some(Value::List(items)) = state.get_mut("item") {
            for item in items.iter_mut() {
                if let Value::Map(item) = item {
                    let null = item.get("value").is_none_or(Value::is_null);
                    item.put("is_null", null);
                }
            }
        }
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::test_context;

    fn item(key: &str, value: Value) -> Value {
        let mut item = Object::new();
        item.put("key", key);
        item.put("value", value);
        Value::Map(item)
    }

    #[test]
    fn null_values_and_duplicate_keys() {
        let mut state = Object::new();
        state.put(
            "item",
            Value::List(vec![item("a", Value::Null), item("b", Value::string(""))]),
        );
        Metadata.create(&test_context(&[]), &mut state);
        let flags: Vec<Option<bool>> = state["item"].blocks().map(|i| i.bool("is_null")).collect();
        assert_eq!(flags, [Some(true), Some(false)]);

        state.put(
            "item",
            Value::List(vec![item("a", Value::Null), item("a", Value::Null)]),
        );
        assert_eq!(
            crate::provider::plan_checks(&Metadata, &state)[0].summary,
            r#"duplicate resource metadata key "a""#
        );
    }
}
