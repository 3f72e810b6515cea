//! What a `coder_parameter` value may be: form types, options, the
//! `validation` block and the type, checked in the Go provider's order and
//! worded with its messages. The data source resolves its value with this,
//! and the analyzer asks it which values a parameter admits.

use super::go_regexp;

use crate::schema::check::{Finding, PathStep};
use crate::value::go_quote;

pub const PARAMETER_TYPES: &[&str] = &["string", "number", "bool", "list(string)"];

pub const FORM_TYPES: &[&str] = &[
    "radio",
    "slider",
    "input",
    "dropdown",
    "checkbox",
    "switch",
    "multi-select",
    "tag-select",
    "textarea",
    "error",
];

/// A parameter as declared, after defaults.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParameterSpec {
    pub name: String,
    pub ty: String,
    pub form_type: String,
    /// `None` when the configuration sets no default (an empty string is a default).
    pub default: Option<String>,
    pub mutable: bool,
    pub ephemeral: bool,
    pub options: Vec<OptionSpec>,
    pub validation: Option<ValidationSpec>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct OptionSpec {
    pub name: String,
    pub value: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ValidationSpec {
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub monotonic: String,
    pub regex: String,
    pub error: String,
}

/// A parameter's value once Coder's input and the default were weighed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    pub value: String,
    pub form_type: String,
    /// A default exists, so the owner need not answer.
    pub optional: bool,
}

/// Where a value came from, which words and places its errors.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    Input,
    Default,
}

/// The form types allowed for a type with or without options, default first.
pub fn allowed_form_types(ty: &str, has_options: bool) -> &'static [&'static str] {
    match (ty, has_options) {
        ("string" | "number" | "bool", true) => &["radio", "dropdown"],
        ("string", false) => &["input", "textarea"],
        ("number", false) => &["input", "slider"],
        ("bool", false) => &["checkbox", "switch"],
        ("list(string)", true) => &["radio", "multi-select"],
        ("list(string)", false) => &["tag-select"],
        _ => &[],
    }
}

/// Resolves the value Coder passed in (`input`) or the default, checking it
/// as the Go provider does. `previous` is the last build's value, for
/// `monotonic`. Errors carry the path of the attribute that rejected the value.
pub fn resolve(
    spec: &ParameterSpec,
    input: Option<&str>,
    previous: Option<&str>,
) -> Result<Resolved, Vec<Finding>> {
    if !spec.mutable && spec.ephemeral {
        return Err(vec![Finding::error(
            "parameter can't be immutable and ephemeral",
        )]);
    }
    if spec.default.is_none() && spec.ephemeral {
        return Err(vec![Finding::error(
            "ephemeral parameter requires the default property",
        )]);
    }
    let (value, source) = match input {
        Some(input) => (Some(input), Source::Input),
        None => (spec.default.as_deref(), Source::Default),
    };
    let form_type = resolve_form_type(spec)?;
    let option_type = if spec.ty == "list(string)" && form_type == "multi-select" {
        "string"
    } else {
        spec.ty.as_str()
    };
    let option_errors = check_options(&spec.options, option_type);
    if !option_errors.is_empty() {
        return Err(option_errors);
    }
    let resolved = |value: &str| Resolved {
        value: value.to_string(),
        form_type: form_type.to_string(),
        optional: spec.default.is_some(),
    };
    if spec.validation.is_none() && value.is_none() {
        // A required parameter nobody answered yet: nothing to check.
        return Ok(resolved(""));
    }
    let value = value.unwrap_or_default();
    check_value(spec, form_type, value, previous, source).map_err(|f| vec![f])?;
    Ok(resolved(value))
}

/// Whether Coder may pass `value` for the parameter: the checks [`resolve`]
/// makes of an input. A form type the type does not allow (an error of its
/// own) is read as the type's default, so the values stay those of the type.
pub fn admits(spec: &ParameterSpec, value: &str) -> bool {
    check_value(spec, effective_form_type(spec), value, None, Source::Input).is_ok()
}

/// Whether the value is a JSON list of options chosen together.
pub fn selects_many(spec: &ParameterSpec) -> bool {
    spec.ty == "list(string)"
        && !spec.options.is_empty()
        && effective_form_type(spec) == "multi-select"
}

fn effective_form_type(spec: &ParameterSpec) -> &'static str {
    resolve_form_type(spec).unwrap_or_else(|_| {
        allowed_form_types(&spec.ty, !spec.options.is_empty())
            .first()
            .copied()
            .unwrap_or_default()
    })
}

fn resolve_form_type(spec: &ParameterSpec) -> Result<&'static str, Vec<Finding>> {
    let has_options = !spec.options.is_empty();
    let allowed = allowed_form_types(&spec.ty, has_options);
    if spec.form_type.is_empty() {
        if let Some(default) = allowed.first() {
            return Ok(default);
        }
    } else if let Some(found) = allowed.iter().find(|f| **f == spec.form_type) {
        return Ok(found);
    }
    let hint = if allowed_form_types(&spec.ty, !has_options).contains(&spec.form_type.as_str()) {
        if has_options {
            " when options exist"
        } else {
            " when options do not exist"
        }
    } else {
        ""
    };
    Err(vec![Finding::error("Invalid form_type for parameter")
        .with_detail(format!(
            "\"form_type\" attribute={} is not supported for \"type\"={}{hint}, choose one of [{}]",
            go_quote(&spec.form_type),
            go_quote(&spec.ty),
            allowed.join(" ")
        ))
        .at(vec![PathStep::Attribute("form_type")])])
}

fn check_options(options: &[OptionSpec], option_type: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut names = std::collections::HashSet::new();
    let mut values = std::collections::HashSet::new();
    for (index, option) in options.iter().enumerate() {
        let path = vec![PathStep::Attribute("option"), PathStep::Index(index)];
        if !names.insert(option.name.as_str()) {
            findings.push(
                Finding::error("Option names must be unique.")
                    .with_detail(format!(
                        "multiple options found with the same name {}",
                        go_quote(&option.name)
                    ))
                    .at(path.clone()),
            );
        }
        if !values.insert(option.value.as_str()) {
            findings.push(
                Finding::error("Option values must be unique.")
                    .with_detail(format!(
                        "multiple options found with the same value {}",
                        go_quote(&option.value)
                    ))
                    .at(path.clone()),
            );
        }
        if let Err(detail) = value_is_type(option_type, &option.value) {
            findings.push(
                Finding::error(format!(
                    "Option {} with value={} is not of type {}",
                    go_quote(&option.name),
                    go_quote(&option.value),
                    go_quote(option_type)
                ))
                .with_detail(detail)
                .at(path),
            );
        }
    }
    findings
}

fn check_value(
    spec: &ParameterSpec,
    form_type: &str,
    value: &str,
    previous: Option<&str>,
    source: Source,
) -> Result<(), Finding> {
    let place = match source {
        Source::Default => Some("default"),
        Source::Input => None,
    };
    let at = |finding: Finding, attribute: &'static str| {
        finding.at(vec![PathStep::Attribute(place.unwrap_or(attribute))])
    };
    if !spec.options.is_empty() {
        if spec.ty == "list(string)" && form_type == "multi-select" {
            let Some(chosen) = parse_string_list(value) else {
                return Err(at(
                    Finding::error(
                        "When using list(string) type, value must be a json encoded list of strings",
                    )
                    .with_detail(format!(
                        "value {} is not a valid list of strings",
                        go_quote(value)
                    )),
                    "option",
                ));
            };
            let missing: Vec<&str> = chosen
                .iter()
                .map(String::as_str)
                .filter(|c| !spec.options.iter().any(|o| o.value == *c))
                .collect();
            if !missing.is_empty() {
                let (summary, subject) = match source {
                    Source::Default => ("Default values must be a valid option", "Default value"),
                    Source::Input => ("Values must be a valid option", "Value"),
                };
                return Err(at(
                    Finding::error(summary).with_detail(format!(
                        "{subject} {} is not a valid option, values {} are missing from the options",
                        go_quote(value),
                        go_quote(&missing.join(", "))
                    )),
                    "option",
                ));
            }
        } else if !spec.options.iter().any(|o| o.value == value) {
            let mut summary = match source {
                Source::Default => "Default value must be a valid option".to_string(),
                Source::Input => "Value must be a valid option".to_string(),
            };
            if value.is_empty() {
                summary.push_str(
                    ". The value is empty, did you forget to set it with a default or from user input?",
                );
            }
            return Err(at(
                Finding::error(summary).with_detail(format!(
                    "the value {} must be defined as one of options",
                    go_quote(value)
                )),
                "option",
            ));
        }
    }
    if let Some(validation) = &spec.validation {
        if let Err(rejection) = validation_allows(validation, &spec.ty, value, previous) {
            let (summary, path) = match source {
                Source::Default => (
                    "Invalid parameter default value according to 'validation' block",
                    vec![PathStep::Attribute("default")],
                ),
                Source::Input => {
                    // The value came from Coder: point at the rule it broke.
                    let mut path = vec![PathStep::Attribute("validation"), PathStep::Index(0)];
                    if !rejection.argument.is_empty() {
                        path.push(PathStep::Attribute(rejection.argument));
                    }
                    (
                        "Invalid parameter value according to 'validation' block",
                        path,
                    )
                }
            };
            return Err(Finding::error(summary)
                .with_detail(rejection.message)
                .at(path));
        }
    }
    value_is_type(&spec.ty, value).map_err(|detail| {
        at(
            Finding::error(format!(
                "Parameter value is not of type {}",
                go_quote(&spec.ty)
            ))
            .with_detail(detail),
            "type",
        )
    })
}

/// A value the `validation` block rejects, and which of its arguments did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    pub message: String,
    /// `min`, `max`, `monotonic`, `regex` or `error`; empty for the block as a whole.
    pub argument: &'static str,
}

fn rejected(argument: &'static str, message: impl Into<String>) -> Rejection {
    Rejection {
        message: message.into(),
        argument,
    }
}

/// The `validation` block's own checks (the Go provider's `Validation.Valid`).
pub fn validation_allows(
    validation: &ValidationSpec,
    ty: &str,
    value: &str,
    previous: Option<&str>,
) -> Result<(), Rejection> {
    if ty != "number" {
        if validation.min.is_some() {
            return Err(rejected(
                "min",
                format!("a min cannot be specified for a {ty} type"),
            ));
        }
        if validation.max.is_some() {
            return Err(rejected(
                "max",
                format!("a max cannot be specified for a {ty} type"),
            ));
        }
        if !validation.monotonic.is_empty() {
            return Err(rejected(
                "monotonic",
                format!(
                    "monotonic validation can only be specified for number types, not {ty} types"
                ),
            ));
        }
    }
    if ty != "string" && !validation.regex.is_empty() {
        return Err(rejected(
            "regex",
            format!("a regex cannot be specified for a {ty} type"),
        ));
    }
    match ty {
        "bool" if value != "true" && value != "false" => {
            return Err(rejected(
                "",
                r#"boolean value can be either "true" or "false""#,
            ));
        }
        "string" => {
            if validation.regex.is_empty() {
                return Ok(());
            }
            let regex = go_regexp::compile(&validation.regex)
                .map_err(|e| rejected("regex", format!("compile regex <nil>: {e}")))?;
            if validation.error.is_empty() {
                return Err(rejected(
                    "error",
                    "an error must be specified with a regex validation",
                ));
            }
            if !regex.is_match(value) {
                return Err(rejected(
                    "regex",
                    format!(
                        "{} (value {} does not match {})",
                        validation.error,
                        go_quote(value),
                        go_quote(&validation.regex)
                    ),
                ));
            }
        }
        "number" => {
            let custom = |argument: &'static str, fallback: String| {
                if validation.error.is_empty() {
                    rejected(argument, fallback)
                } else {
                    rejected(argument, render_error(validation, value))
                }
            };
            let Ok(number) = value.parse::<i64>() else {
                return Err(custom(
                    "",
                    format!("value {} is not a number", go_quote(value)),
                ));
            };
            if let Some(min) = validation.min.filter(|min| number < *min) {
                return Err(custom(
                    "min",
                    format!("value {number} is less than the minimum {min}"),
                ));
            }
            if let Some(max) = validation.max.filter(|max| number > *max) {
                return Err(custom(
                    "max",
                    format!("value {number} is more than the maximum {max}"),
                ));
            }
            let monotonic = validation.monotonic.as_str();
            if !monotonic.is_empty() && monotonic != "increasing" && monotonic != "decreasing" {
                return Err(rejected(
                    "monotonic",
                    r#"number monotonicity can be either "increasing" or "decreasing""#,
                ));
            }
            if let Some(previous) = previous.and_then(|p| p.parse::<i64>().ok()) {
                if monotonic == "increasing" && number < previous {
                    return Err(rejected(
                        "monotonic",
                        format!("parameter value '{number}' must be equal or greater than previous value: {previous}"),
                    ));
                }
                if monotonic == "decreasing" && number > previous {
                    return Err(rejected(
                        "monotonic",
                        format!("parameter value '{number}' must be equal or lower than previous value: {previous}"),
                    ));
                }
            }
        }
        "list(string)" if parse_string_list(value).is_none() => {
            return Err(rejected(
                "",
                format!("value {} is not valid list of strings", go_quote(value)),
            ));
        }
        _ => {}
    }
    Ok(())
}

/// Whether `value` reads as `ty` (the Go provider's `valueIsType`).
pub fn value_is_type(ty: &str, value: &str) -> Result<(), String> {
    match ty {
        "number" if !is_go_float(value) => Err(format!("{} is not a number", go_quote(value))),
        "bool" if parse_go_bool(value).is_none() => {
            Err(format!("{} is not a bool", go_quote(value)))
        }
        "list(string)" if parse_string_list(value).is_none() => Err(format!(
            "value {} is not a valid list of strings",
            go_quote(value)
        )),
        "number" | "bool" | "list(string)" | "string" => Ok(()),
        other => Err(format!("invalid type {}", go_quote(other))),
    }
}

/// Go's `strconv.ParseBool`.
pub fn parse_go_bool(value: &str) -> Option<bool> {
    match value {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// Go's `strconv.ParseFloat(value, 64)` succeeding, for the decimal forms
/// (hexadecimal floats and digit separators are not recognised).
fn is_go_float(value: &str) -> bool {
    !value.is_empty() && value.parse::<f64>().is_ok()
}

/// A JSON array of strings; `null` counts, as Go's `json.Unmarshal` takes it.
fn parse_string_list(value: &str) -> Option<Vec<String>> {
    serde_json::from_str::<Option<Vec<String>>>(value)
        .ok()
        .map(Option::unwrap_or_default)
}

/// The custom `error` with {min}, {max} and {value} replaced, then read as a
/// Go format string with no arguments, as the Go provider does.
fn render_error(validation: &ValidationSpec, value: &str) -> String {
    let text = validation
        .error
        .replace("{min}", &validation.min.unwrap_or(0).to_string())
        .replace("{max}", &validation.max.unwrap_or(0).to_string())
        .replace("{value}", value);
    go_format_without_arguments(&text)
}

fn go_format_without_arguments(format: &str) -> String {
    let mut out = String::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        while let Some(flag) =
            chars.next_if(|c| "+-# 0".contains(*c) || c.is_ascii_digit() || *c == '.')
        {
            let _ = flag;
        }
        match chars.next() {
            None => out.push_str("%!(NOVERB)"),
            Some('%') => out.push('%'),
            Some(verb) => out.push_str(&format!("%!{verb}(MISSING)")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(min: Option<i64>, max: Option<i64>) -> ParameterSpec {
        ParameterSpec {
            name: "parameter".into(),
            ty: "number".into(),
            validation: Some(ValidationSpec {
                min,
                max,
                error: "{min} < {value} < {max}".into(),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    fn options(values: &[&str]) -> Vec<OptionSpec> {
        values
            .iter()
            .map(|v| OptionSpec {
                name: v.to_string(),
                value: v.to_string(),
            })
            .collect()
    }

    fn detail(result: Result<Resolved, Vec<Finding>>) -> String {
        let findings = result.unwrap_err();
        format!("{}: {}", findings[0].summary, findings[0].detail)
    }

    #[test]
    fn absent_max_renders_as_zero() {
        let mut spec = number(Some(10), None);
        spec.default = Some("5".into());
        assert_eq!(
            detail(resolve(&spec, None, None)),
            "Invalid parameter default value according to 'validation' block: 10 < 5 < 0"
        );
    }

    #[test]
    fn validation_without_value_checks_the_empty_string() {
        assert_eq!(
            detail(resolve(&number(Some(1), Some(10)), None, None)),
            "Invalid parameter default value according to 'validation' block: 1 <  < 10"
        );
    }

    #[test]
    fn input_beats_an_invalid_default() {
        let mut spec = number(Some(1), Some(3));
        spec.default = Some("5".into());
        let resolved = resolve(&spec, Some("3"), None).unwrap();
        assert_eq!(resolved.value, "3");
        assert!(resolved.optional);
        assert_eq!(resolved.form_type, "input");
    }

    #[test]
    fn options_without_any_value_are_not_enforced() {
        let spec = ParameterSpec {
            ty: "string".into(),
            options: options(&["a"]),
            ..Default::default()
        };
        let resolved = resolve(&spec, None, None).unwrap();
        assert_eq!(resolved.value, "");
        assert_eq!(resolved.form_type, "radio");
        assert!(!resolved.optional);
    }

    #[test]
    fn default_outside_options() {
        let spec = ParameterSpec {
            ty: "string".into(),
            default: Some("a".into()),
            options: options(&["b", "c"]),
            ..Default::default()
        };
        let findings = resolve(&spec, None, None).unwrap_err();
        assert_eq!(findings[0].summary, "Default value must be a valid option");
        assert_eq!(
            findings[0].detail,
            r#"the value "a" must be defined as one of options"#
        );
        assert_eq!(findings[0].path, vec![PathStep::Attribute("default")]);
    }

    #[test]
    fn multi_select_lists_missing_values() {
        let spec = ParameterSpec {
            ty: "list(string)".into(),
            form_type: "multi-select".into(),
            options: options(&["red", "green"]),
            ..Default::default()
        };
        let findings = resolve(&spec, Some(r#"["red","yellow","black"]"#), None).unwrap_err();
        assert_eq!(findings[0].summary, "Values must be a valid option");
        assert!(findings[0]
            .detail
            .ends_with(r#"values "yellow, black" are missing from the options"#));
    }

    #[test]
    fn monotonic_rules() {
        let mut spec = number(None, None);
        spec.validation = Some(ValidationSpec {
            monotonic: "increasing".into(),
            ..Default::default()
        });
        assert!(detail(resolve(&spec, Some("5"), Some("6")))
            .ends_with("parameter value '5' must be equal or greater than previous value: 6"));
        assert!(resolve(&spec, Some("5"), Some("a")).is_ok());
        spec.ty = "string".into();
        assert!(detail(resolve(&spec, Some("5"), None)).ends_with(
            "monotonic validation can only be specified for number types, not string types"
        ));
    }

    #[test]
    fn form_types_follow_the_truth_table() {
        let spec = ParameterSpec {
            ty: "number".into(),
            form_type: "slider".into(),
            options: options(&["1"]),
            ..Default::default()
        };
        let findings = resolve(&spec, None, None).unwrap_err();
        assert_eq!(
            findings[0].detail,
            r#""form_type" attribute="slider" is not supported for "type"="number" when options exist, choose one of [radio dropdown]"#
        );
        let error_form = ParameterSpec {
            ty: "string".into(),
            form_type: "error".into(),
            ..Default::default()
        };
        assert!(resolve(&error_form, None, None).is_err());
    }

    #[test]
    fn types_and_options() {
        assert_eq!(
            value_is_type("number", "a").unwrap_err(),
            r#""a" is not a number"#
        );
        assert!(value_is_type("number", "1.5").is_ok());
        assert!(value_is_type("bool", "True").is_ok());
        assert_eq!(
            value_is_type("bool", "2").unwrap_err(),
            r#""2" is not a bool"#
        );
        let spec = ParameterSpec {
            ty: "number".into(),
            default: Some("1".into()),
            options: options(&["1", "a", "1"]),
            ..Default::default()
        };
        let summaries: Vec<String> = resolve(&spec, None, None)
            .unwrap_err()
            .into_iter()
            .map(|f| f.summary)
            .collect();
        assert_eq!(
            summaries,
            [
                r#"Option "a" with value="a" is not of type "number""#,
                "Option names must be unique.",
                "Option values must be unique."
            ]
        );
    }

    #[test]
    fn percent_signs_are_mangled_like_go() {
        assert_eq!(
            go_format_without_arguments("50% off %%"),
            "50%!o(MISSING)ff %"
        );
        assert_eq!(go_format_without_arguments("end %"), "end %!(NOVERB)");
    }
}
