//! `coder_parameter`: resolves the owner's answer or the default.

use crate::provider::env::parameter_inputs;
use crate::provider::{Context, DataSourceBehaviour};
use crate::schema::validate::parameter::{
    resolve, OptionSpec, ParameterSpec, Resolved, ValidationSpec,
};
use crate::schema::{self, defaulted, Finding, TypeSchema};
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
        match resolution(context, config) {
            Ok(resolved) => {
                state.put("value", resolved.value);
                state.put("form_type", resolved.form_type);
                state.put("optional", resolved.optional);
                Vec::new()
            }
            Err(findings) => findings,
        }
    }

    fn findings(&self, context: &Context, config: &Object) -> Vec<Finding> {
        resolution(context, config).err().unwrap_or_default()
    }
}

/// The value the parameter takes, from the owner's answer or the default,
/// or why it has none: what a read reports and fills the state from.
fn resolution(context: &Context, config: &Object) -> Result<Resolved, Vec<Finding>> {
    let spec = spec_of(config);
    let (input, previous) = parameter_inputs(context.env.as_ref(), &spec.name);
    resolve(&spec, input.as_deref(), previous.as_deref())
}

/// The parameter as declared, with the schema's defaults for what the
/// configuration leaves unset; `default` itself stays null when unset.
fn spec_of(config: &Object) -> ParameterSpec {
    let block = &Parameter.schema().block;
    let value = |name: &str| defaulted(block, config, name);
    let text = |name: &str| {
        value(name)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let flag = |name: &str| value(name).and_then(Value::as_bool).unwrap_or(false);
    let options = config
        .get("option")
        .into_iter()
        .flat_map(Value::blocks)
        .map(|o| OptionSpec {
            name: o.str("name").unwrap_or_default().to_string(),
            value: o.str("value").unwrap_or_default().to_string(),
        })
        .collect();
    let validation = config
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
        mutable: flag("mutable"),
        ephemeral: flag("ephemeral"),
        options,
        validation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::{test_context, test_object};
    use crate::schema::apply_defaults;

    fn read(config: Object, vars: &[(&str, &str)]) -> (Object, Vec<Finding>) {
        let mut state = config.clone();
        apply_defaults(&Parameter.schema().block, &mut state);
        let findings = Parameter.read(&test_context(vars), &config, &mut state);
        (state, findings)
    }

    #[test]
    fn findings_without_the_state_are_those_of_a_read() {
        let option = |value: &str| {
            Value::Map(test_object(vec![
                ("name", value.into()),
                ("value", value.into()),
            ]))
        };
        let bounded = test_object(vec![("min", 1.into()), ("max", 3.into())]);
        let configs: Vec<Vec<(&str, Value)>> = vec![
            vec![("name", "ok".into()), ("default", "a".into())],
            vec![
                ("name", "typed".into()),
                ("type", "bool".into()),
                ("default", "maybe".into()),
            ],
            vec![
                ("name", "mutable list".into()),
                ("type", "list(string)".into()),
                ("mutable", true.into()),
            ],
            vec![
                ("name", "options".into()),
                ("default", "c".into()),
                ("option", Value::List(vec![option("a"), option("b")])),
            ],
            vec![
                ("name", "bounded".into()),
                ("type", "number".into()),
                ("default", "5".into()),
                ("validation", Value::List(vec![Value::Map(bounded)])),
            ],
            vec![
                ("name", "form".into()),
                ("form_type", "checkbox".into()),
                ("default", "x".into()),
            ],
        ];
        let context = test_context(&[]);
        let mut refused = 0;
        for config in configs.into_iter().map(test_object) {
            let (_, read_findings) = read(config.clone(), &[]);
            refused += usize::from(!read_findings.is_empty());
            assert_eq!(
                Parameter.findings(&context, &config),
                read_findings,
                "{config:?}"
            );
        }
        assert_eq!(refused, 4, "the cases exercise refusals");
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
