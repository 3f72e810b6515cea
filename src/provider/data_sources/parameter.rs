//! `coder_parameter`: resolves the owner's answer or the default.

use crate::provider::env::parameter_inputs;
use crate::provider::{Context, DataSourceBehaviour};
use crate::schema::validate::parameter::{resolve, OptionSpec, ParameterSpec, ValidationSpec};
use crate::schema::{self, Finding, TypeSchema};
use crate::value::{Object, ObjectExt, Value};

pub struct Parameter;

impl DataSourceBehaviour for Parameter {
    fn schema(&self) -> &'static TypeSchema {
        schema::data_source("coder_parameter")
            .unwrap_or_else(|| unreachable!("coder_parameter is declared"))
    }

    fn read(&self, context: &Context, config: &Object, state: &mut Object) -> Vec<Finding> {
        state.put("id", super::new_id());
        // min_disabled/max_disabled tell a bound of 0 from no bound.
        if let Some(Value::List(validations)) = state.get_mut("validation") {
            for validation in validations.iter_mut() {
                if let Value::Map(validation) = validation {
                    let min_unset = validation.get("min").is_none_or(Value::is_null);
                    let max_unset = validation.get("max").is_none_or(Value::is_null);
                    validation.put("min_disabled", min_unset);
                    validation.put("max_disabled", max_unset);
                }
            }
        }
        let spec = spec_of(config, state);
        let (input, previous) = parameter_inputs(context.env.as_ref(), &spec.name);
        match resolve(&spec, input.as_deref(), previous.as_deref()) {
            Ok(resolved) => {
                state.put("value", resolved.value);
                state.put("form_type", resolved.form_type);
                state.put("optional", resolved.optional);
                Vec::new()
            }
            Err(findings) => findings,
        }
    }
}

/// The parameter as declared: `config` tells a null default from an empty
/// one, `state` carries the schema defaults.
fn spec_of(config: &Object, state: &Object) -> ParameterSpec {
    let text = |name: &str| state.str(name).unwrap_or_default().to_string();
    let options = state
        .get("option")
        .into_iter()
        .flat_map(Value::blocks)
        .map(|o| OptionSpec {
            name: o.str("name").unwrap_or_default().to_string(),
            value: o.str("value").unwrap_or_default().to_string(),
        })
        .collect();
    let validation = state
        .get("validation")
        .into_iter()
        .flat_map(Value::blocks)
        .next()
        .map(|v| ValidationSpec {
            min: v.number("min").map(|n| n as i64),
            max: v.number("max").map(|n| n as i64),
            monotonic: v.str("monotonic").unwrap_or_default().to_string(),
            regex: v.str("regex").unwrap_or_default().to_string(),
            error: v.str("error").unwrap_or_default().to_string(),
        });
    ParameterSpec {
        name: text("name"),
        ty: text("type"),
        form_type: text("form_type"),
        default: config.str("default").map(str::to_string),
        mutable: state.bool("mutable").unwrap_or(false),
        ephemeral: state.bool("ephemeral").unwrap_or(false),
        options,
        validation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::test_context;
    use crate::schema::apply_defaults;

    fn read(config: Object, vars: &[(&str, &str)]) -> (Object, Vec<Finding>) {
        let mut state = config.clone();
        apply_defaults(&Parameter.schema().block, &mut state);
        let findings = Parameter.read(&test_context(vars), &config, &mut state);
        (state, findings)
    }

    #[test]
    fn value_comes_from_the_hashed_variable() {
        let mut config = Object::new();
        config.put("name", "AI Prompt");
        config.put("default", "");
        let (variable, _) = crate::provider::env::parameter_variables("AI Prompt");
        let (state, findings) = read(config.clone(), &[(&variable, "write tests")]);
        assert!(findings.is_empty());
        assert_eq!(state.str("value"), Some("write tests"));
        assert_eq!(state.str("form_type"), Some("input"));
        assert_eq!(state.bool("optional"), Some(true));

        let (state, _) = read(config, &[]);
        assert_eq!(state.str("value"), Some(""));
    }

    #[test]
    fn bounds_record_whether_they_were_set() {
        let mut validation = Object::new();
        validation.put("min", 0);
        let mut config = Object::new();
        config.put("name", "n");
        config.put("type", "number");
        config.put("default", "0");
        config.put("validation", Value::List(vec![Value::Map(validation)]));
        let (state, findings) = read(config, &[]);
        assert!(findings.is_empty(), "{findings:?}");
        let validation = state
            .get("validation")
            .into_iter()
            .flat_map(Value::blocks)
            .next()
            .cloned()
            .unwrap_or_default();
        assert_eq!(validation.bool("min_disabled"), Some(false));
        assert_eq!(validation.bool("max_disabled"), Some(true));
    }
}
