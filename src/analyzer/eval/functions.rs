//! The Terraform functions templates use where instance counts are decided.
//! An unknown argument makes an unknown result; an unsupported function is unknown.

use hcl_edit::expr::Expression;

use super::{to_bool, to_number, Bindings, Evaluator, Scope};
use crate::value::{format_number, Object, Value};

pub fn call<'t>(
    evaluator: &Evaluator<'t>,
    scope: &Scope<'t>,
    bindings: &Bindings,
    name: &str,
    args: Vec<&Expression>,
) -> Value {
    let eval = |e: &Expression| evaluator.eval_in(scope, e, bindings);
    // `try` and `can` look at their arguments one by one.
    match name {
        "try" => {
            return args
                .iter()
                .map(|a| eval(a))
                .find(Value::is_wholly_known)
                .unwrap_or(Value::Unknown)
        }
        "can" => {
            return match args.first().map(|a| eval(a)) {
                Some(v) if v.is_wholly_known() => Value::Bool(true),
                _ => Value::Unknown,
            }
        }
        _ => {}
    }
    let values: Vec<Value> = args.iter().map(|a| eval(a)).collect();
    // `coalesce` and `contains` stay decidable with some unknown elements.
    if name == "coalesce" {
        for value in &values {
            match value {
                Value::Unknown => return Value::Unknown,
                Value::Null => continue,
                Value::String(s) if s.is_empty() => continue,
                other => return other.clone(),
            }
        }
        return Value::Unknown;
    }
    if values.iter().any(|v| !v.is_wholly_known()) {
        return Value::Unknown;
    }
    apply(name, &values).unwrap_or(Value::Unknown)
}

fn string(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(format_number(*n)),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn collection(value: &Value) -> Option<Vec<Value>> {
    match value {
        Value::List(items) => Some(items.clone()),
        Value::Map(entries) => Some(entries.values().cloned().collect()),
        _ => None,
    }
}

fn dedupe(items: Vec<Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

fn from_json(json: serde_json::Value) -> Value {
    match json {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(b),
        serde_json::Value::Number(n) => n.as_f64().map_or(Value::Unknown, Value::Number),
        serde_json::Value::String(s) => Value::String(s),
        serde_json::Value::Array(items) => Value::List(items.into_iter().map(from_json).collect()),
        serde_json::Value::Object(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| (k, from_json(v)))
                .collect(),
        ),
    }
}

/// `jsonencode`, as Terraform writes it through Go's encoder: compact,
/// object keys sorted, and `<`, `>`, `&`, U+2028 and U+2029 escaped. A
/// value with an unknown part has no encoding yet.
fn to_json(value: &Value, out: &mut String) -> Option<()> {
    match value {
        Value::Unknown => return None,
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&format_number(*n)),
        Value::String(s) => json_string(s, out),
        Value::List(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                to_json(item, out)?;
            }
            out.push(']');
        }
        Value::Map(entries) => {
            out.push('{');
            for (index, (key, item)) in entries.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                json_string(key, out);
                out.push(':');
                to_json(item, out)?;
            }
            out.push('}');
        }
    }
    Some(())
}

fn json_string(text: &str, out: &mut String) {
    let quoted = serde_json::Value::String(text.to_string()).to_string();
    for c in quoted.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            other => out.push(other),
        }
    }
}

fn apply(name: &str, args: &[Value]) -> Option<Value> {
    let first = args.first();
    Some(match name {
        "length" => match first? {
            Value::String(s) => Value::Number(s.chars().count() as f64),
            Value::List(items) => Value::Number(items.len() as f64),
            Value::Map(entries) => Value::Number(entries.len() as f64),
            _ => return None,
        },
        "tobool" => match first? {
            Value::Null => Value::Null,
            v => Value::Bool(to_bool(v)?),
        },
        "tonumber" => match first? {
            Value::Null => Value::Null,
            v => Value::Number(to_number(v)?),
        },
        "tostring" => match first? {
            Value::Null => Value::Null,
            v => Value::String(string(v)?),
        },
        "toset" => Value::List(dedupe(collection(first?)?)),
        "tolist" => Value::List(collection(first?)?),
        "tomap" => match first? {
            Value::Map(entries) => Value::Map(entries.clone()),
            _ => return None,
        },
        "contains" => Value::Bool(collection(first?)?.contains(args.get(1)?)),
        "keys" => match first? {
            Value::Map(entries) => {
                Value::List(entries.keys().map(|k| Value::string(k.as_ref())).collect())
            }
            _ => return None,
        },
        "values" => match first? {
            Value::Map(entries) => Value::List(entries.values().cloned().collect()),
            _ => return None,
        },
        "lookup" => match (first?, args.get(1)?) {
            (Value::Map(entries), Value::String(key)) => match entries.get(key) {
                Some(v) => v.clone(),
                None => args.get(2)?.clone(),
            },
            _ => return None,
        },
        "element" => {
            let items = collection(first?)?;
            let index = to_number(args.get(1)?)? as usize;
            if items.is_empty() {
                return None;
            }
            items[index % items.len()].clone()
        }
        "concat" => Value::List(
            args.iter()
                .map(collection)
                .collect::<Option<Vec<_>>>()?
                .concat(),
        ),
        "merge" => {
            let mut merged = Object::new();
            for arg in args {
                match arg {
                    Value::Map(entries) => merged.extend(entries.clone()),
                    Value::Null => {}
                    _ => return None,
                }
            }
            Value::Map(merged)
        }
        "compact" => Value::List(
            collection(first?)?
                .into_iter()
                .filter(|v| !matches!(v, Value::Null) && v.as_str() != Some(""))
                .collect(),
        ),
        "distinct" => Value::List(dedupe(collection(first?)?)),
        "flatten" => {
            fn flat(items: Vec<Value>, out: &mut Vec<Value>) {
                for item in items {
                    match item {
                        Value::List(inner) => flat(inner, out),
                        other => out.push(other),
                    }
                }
            }
            let mut out = Vec::new();
            flat(collection(first?)?, &mut out);
            Value::List(out)
        }
        "one" => {
            let items = collection(first?)?;
            match items.len() {
                0 => Value::Null,
                1 => items[0].clone(),
                _ => return None,
            }
        }
        "range" => {
            let numbers: Vec<f64> = args.iter().map(to_number).collect::<Option<_>>()?;
            let (start, end, step) = match numbers.as_slice() {
                [end] => (0.0, *end, 1.0),
                [start, end] => (*start, *end, if start <= end { 1.0 } else { -1.0 }),
                [start, end, step] if *step != 0.0 => (*start, *end, *step),
                _ => return None,
            };
            let mut out = Vec::new();
            let mut current = start;
            while (step > 0.0 && current < end) || (step < 0.0 && current > end) {
                out.push(Value::Number(current));
                current += step;
                if out.len() > 1024 {
                    return None;
                }
            }
            Value::List(out)
        }
        "max" | "min" => {
            let numbers: Vec<f64> = args.iter().map(to_number).collect::<Option<_>>()?;
            let pick = if name == "max" { f64::max } else { f64::min };
            Value::Number(numbers.into_iter().reduce(pick)?)
        }
        "sum" => Value::Number(
            collection(first?)?
                .iter()
                .map(to_number)
                .sum::<Option<f64>>()?,
        ),
        "abs" => Value::Number(to_number(first?)?.abs()),
        "ceil" => Value::Number(to_number(first?)?.ceil()),
        "floor" => Value::Number(to_number(first?)?.floor()),
        "signum" => Value::Number(to_number(first?)?.signum()),
        "alltrue" | "anytrue" => {
            let bools = collection(first?)?
                .iter()
                .map(to_bool)
                .collect::<Option<Vec<_>>>()?;
            Value::Bool(if name == "alltrue" {
                bools.iter().all(|b| *b)
            } else {
                bools.iter().any(|b| *b)
            })
        }
        "lower" => Value::String(string(first?)?.to_lowercase()),
        "upper" => Value::String(string(first?)?.to_uppercase()),
        "trimspace" => Value::String(string(first?)?.trim().to_string()),
        "startswith" => Value::Bool(string(first?)?.starts_with(&string(args.get(1)?)?)),
        "endswith" => Value::Bool(string(first?)?.ends_with(&string(args.get(1)?)?)),
        "jsondecode" => from_json(serde_json::from_str(&string(first?)?).ok()?),
        "jsonencode" => {
            let mut json = String::new();
            to_json(first?, &mut json)?;
            Value::String(json)
        }
        "split" => Value::List(
            string(args.get(1)?)?
                .split(string(first?)?.as_str())
                .map(Value::string)
                .collect(),
        ),
        "join" => Value::String(
            collection(args.get(1)?)?
                .iter()
                .map(string)
                .collect::<Option<Vec<_>>>()?
                .join(&string(first?)?),
        ),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[Value]) -> Value {
        Value::List(items.to_vec())
    }

    #[test]
    fn jsonencode_writes_what_terraform_writes() {
        let mut object = Object::new();
        object.insert("b", Value::Number(1.5));
        object.insert("a", list(&[Value::Bool(true), Value::Null]));
        object.insert("c", Value::string("<a & b>"));
        assert_eq!(
            apply("jsonencode", &[Value::Map(object)]),
            Some(Value::string(
                r#"{"a":[true,null],"b":1.5,"c":"\u003ca \u0026 b\u003e"}"#
            ))
        );
        assert_eq!(
            apply(
                "jsonencode",
                &[list(&[Value::string("a"), Value::Number(2.0)])]
            ),
            Some(Value::string(r#"["a",2]"#))
        );
        assert_eq!(
            apply("jsonencode", &[list(&[Value::string("a"), Value::Unknown])]),
            None
        );
    }

    #[test]
    fn conversions_and_collections() {
        assert_eq!(
            apply("tobool", &[Value::string("true")]),
            Some(Value::Bool(true))
        );
        assert_eq!(apply("tobool", &[Value::string("yes")]), None);
        assert_eq!(
            apply("tonumber", &[Value::string("3")]),
            Some(Value::Number(3.0))
        );
        assert_eq!(
            apply(
                "length",
                &[apply("toset", &[list(&[Value::string("a"), Value::string("a")])]).unwrap()]
            ),
            Some(Value::Number(1.0))
        );
        assert_eq!(
            apply(
                "contains",
                &[list(&[Value::string("a")]), Value::string("a")]
            ),
            Some(Value::Bool(true))
        );
        assert_eq!(
            apply("range", &[Value::Number(3.0)]).and_then(|v| v.as_list().map(<[Value]>::len)),
            Some(3)
        );
        assert_eq!(apply("nosuchfunction", &[]), None);
    }
}
