//! The Terraform functions templates use where instance counts are decided.
//! An unknown argument makes an unknown result; an unsupported function is
//! unknown; a supported one that Terraform would fail on fails.

use hcl_edit::expr::Expression;

use super::files::{self, Found};
use super::open;
use super::types::{convert, type_of, unified, unify};
use super::{beyond_f64, number_text, to_bool, to_number, to_string, Bindings, Evaluator, Scope};
use crate::value::{Object, Value};

/// Text a function makes beyond this is left unknown: `replace` can
/// multiply the length of its input.
const MAX_MADE_TEXT: usize = 1 << 20;

pub fn call<'t>(
    evaluator: &Evaluator<'t>,
    scope: &Scope<'t>,
    bindings: &Bindings,
    name: &str,
    args: Vec<&Expression>,
) -> Value {
    let eval = |e: &Expression| evaluator.eval_in(scope, e, bindings);
    // `try` and `can` look at their arguments one by one, as Terraform does:
    // an argument that reads an unknown value makes the result unknown, as
    // whether it fails is not known yet; one that fails gives way to the
    // next. An argument that met an unknown value of this analysis's own
    // making (an unsupported function) is undecided too.
    match name {
        "try" => {
            for arg in &args {
                if evaluator.depends_on_unknowns(scope, arg, bindings) {
                    return Value::Unknown;
                }
                let attempt = evaluator.attempt(|| eval(arg));
                if attempt.failed {
                    continue;
                }
                return if attempt.unknown {
                    Value::Unknown
                } else {
                    attempt.value
                };
            }
            return evaluator.fail();
        }
        "can" => {
            let [arg] = args.as_slice() else {
                return evaluator.fail();
            };
            if evaluator.depends_on_unknowns(scope, arg, bindings) {
                return Value::Unknown;
            }
            let attempt = evaluator.attempt(|| eval(arg));
            return match (attempt.failed, attempt.unknown) {
                (true, _) => Value::Bool(false),
                (false, true) => Value::Unknown,
                (false, false) => Value::Bool(true),
            };
        }
        _ => {}
    }
    let (values, failed) =
        evaluator.newly_failed(|| args.iter().map(|a| eval(a)).collect::<Vec<Value>>());
    // An argument that fails fails the call (the failure is recorded).
    if failed {
        return Value::Unknown;
    }
    if evaluator.has_open() && values.iter().any(open::holds_open) {
        if values.iter().any(|v| !v.is_wholly_known()) {
            return Value::Unknown;
        }
        return evaluator.open_call(name, &values);
    }
    // `coalesce` and `contains` stay decidable with some unknown elements.
    if name == "coalesce" {
        let Some(chosen) = values.iter().find(|value| match value {
            Value::Null => false,
            Value::String(s) => !s.is_empty(),
            _ => true,
        }) else {
            return evaluator.fail();
        };
        if !chosen.is_known() {
            return Value::Unknown;
        }
        // The result has the type all the arguments share.
        if !values.iter().all(Value::is_known) {
            return chosen.clone();
        }
        let types: Vec<_> = values.iter().map(type_of).collect();
        return match unify(&types).and_then(|to| convert(chosen.clone(), &to)) {
            Some(value) => value,
            None => evaluator.fail(),
        };
    }
    if values.iter().any(|v| !v.is_wholly_known()) {
        return Value::Unknown;
    }
    // An object written out is no map: its `lookup` default is taken as is.
    if let ("lookup", [Value::Map(entries), Value::String(key), default]) =
        (name, values.as_slice())
    {
        if args.first().is_some_and(|arg| makes_object(arg)) {
            return entries.get(key).cloned().unwrap_or_else(|| default.clone());
        }
    }
    if let ("file" | "fileexists", [Value::String(path)]) = (name, values.as_slice()) {
        return template_file(evaluator, name, path);
    }
    match apply(name, &values) {
        Some(value) => value,
        None if EVALUATED.contains(&name) && !values.iter().any(beyond_f64) => evaluator.fail(),
        None => Value::Unknown,
    }
}

/// `file` or `fileexists` of `path`, where the template's own files answer.
fn template_file(evaluator: &Evaluator<'_>, name: &str, path: &str) -> Value {
    let reading = name == "file";
    match (
        files::find(&evaluator.template.root, path, reading),
        reading,
    ) {
        (Found::File(Some(text)), true) => Value::String(text),
        (Found::File(_), false) => Value::Bool(true),
        (Found::Missing, false) => Value::Bool(false),
        // Not UTF-8, no regular file, or (for `file`) missing: Terraform fails.
        (Found::File(None) | Found::NotAFile | Found::Missing, _) => evaluator.fail(),
        (Found::Unseen, _) => Value::Unknown,
    }
}

/// The functions [`apply`] evaluates and fails on where Terraform fails:
/// all but `range`, which this analysis stops at 1,024 elements.
const EVALUATED: &[&str] = &[
    "length",
    "tobool",
    "tonumber",
    "tostring",
    "toset",
    "tolist",
    "tomap",
    "contains",
    "keys",
    "values",
    "lookup",
    "element",
    "concat",
    "merge",
    "compact",
    "distinct",
    "flatten",
    "one",
    "max",
    "min",
    "sum",
    "abs",
    "ceil",
    "floor",
    "signum",
    "alltrue",
    "anytrue",
    "lower",
    "upper",
    "trimspace",
    "startswith",
    "endswith",
    "jsondecode",
    "jsonencode",
    "split",
    "join",
    "replace",
    "substr",
    "trimprefix",
    "trimsuffix",
    "trim",
    "chomp",
    "reverse",
    "index",
    "zipmap",
    "slice",
    "format",
];

/// The elements of a list, set or tuple: what the collection functions
/// take (a map or an object they refuse).
fn collection(value: &Value) -> Option<Vec<Value>> {
    match value {
        Value::List(items) => Some(items.clone()),
        _ => None,
    }
}

/// Whether an expression makes an object (never a map): an object
/// literal or a `for` expression with keys.
fn makes_object(expr: &Expression) -> bool {
    match expr {
        Expression::Object(_) => true,
        Expression::ForExpr(for_expr) => for_expr.key_expr.is_some(),
        Expression::Parenthesis(inner) => makes_object(inner.inner()),
        _ => false,
    }
}

/// `lookup` with a default, where a map and an object differ: a map's
/// default takes the type of its elements (and one that cannot fails the
/// call, found key or not), an object's is taken as it is. Which of the
/// two a value is, is not known here: where the answers differ, the result
/// is undecided.
fn lookup_with_default(entries: &Object, found: Option<Value>, default: &Value) -> Option<Value> {
    let elements: Vec<_> = entries.values().map(type_of).collect();
    let converted = unify(&elements).and_then(|to| convert(default.clone(), &to));
    Some(match (found, converted) {
        (Some(value), Some(_)) => value,
        (None, Some(converted)) if converted == *default => converted,
        _ => Value::Unknown,
    })
}

/// A number that is whole, as Terraform wants an index or `signum`'s argument.
fn whole(value: &Value) -> Option<f64> {
    to_number(value).filter(|n| n.fract() == 0.0)
}

/// `format` with the verbs `%s`, `%d` and `%v` on strings, numbers and
/// bools, and `%%`. Flags, widths, argument indexes, the other verbs and
/// null arguments (an unknown result in Terraform 1.11, an error in 1.0)
/// leave the result undecided.
fn format(spec: &str, args: &[Value]) -> Option<Value> {
    if args.iter().any(Value::is_null) {
        return Some(Value::Unknown);
    }
    let mut out = String::new();
    let mut args = args.iter();
    let mut chars = spec.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let verb = chars.next();
        if verb == Some('%') {
            out.push('%');
            continue;
        }
        let arg = match verb {
            Some('s' | 'd' | 'v') => args.next()?,
            _ => return Some(Value::Unknown),
        };
        let text = match (verb, arg) {
            (_, Value::List(_) | Value::Map(_)) => match verb {
                Some('v') => return Some(Value::Unknown),
                _ => return None,
            },
            (Some('d'), Value::Bool(_)) => return None,
            (Some('d'), arg) => {
                let n = whole(arg)?;
                number_text(if n == 0.0 { 0.0 } else { n })
            }
            (_, arg) => to_string(arg)?.into_owned(),
        };
        out.push_str(&text);
    }
    if args.next().is_some() {
        return None;
    }
    Some(Value::String(out))
}

/// A whole number that fits Go's `int`, as a function taking one wants it.
fn integer(value: &Value) -> Option<i64> {
    whole(value)
        .filter(|n| (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(n))
        .map(|n| n as i64)
}

/// A set's elements in Terraform's order for them: strings, numbers and
/// bools sorted; other elements as they come.
fn in_set_order(mut items: Vec<Value>) -> Vec<Value> {
    items.sort_by(|a, b| match (a, b) {
        (Value::String(a), Value::String(b)) => a.cmp(b),
        (Value::Number(a), Value::Number(b)) => a.total_cmp(b),
        (Value::Bool(a), Value::Bool(b)) => a.cmp(b),
        _ => std::cmp::Ordering::Equal,
    });
    items
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
        Value::Number(n) => out.push_str(&number_text(*n)),
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

pub(super) fn apply(name: &str, args: &[Value]) -> Option<Value> {
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
            v => Value::String(to_string(v)?.into_owned()),
        },
        // An untyped null converts to a null collection, but a null of a
        // primitive type (`tostring(null)`) converts to none; values carry
        // no type, so which this one is stays undecided.
        "tomap" | "tolist" | "toset" if first?.is_null() => Value::Unknown,
        "toset" => Value::List(in_set_order(dedupe(unified(collection(first?)?)?))),
        "tolist" => Value::List(unified(collection(first?)?)?),
        "tomap" => match first? {
            Value::Map(entries) => {
                let (keys, values): (Vec<_>, Vec<_>) = entries.clone().into_iter().unzip();
                Value::Map(keys.into_iter().zip(unified(values)?).collect())
            }
            _ => return None,
        },
        "contains" => match args.get(1)? {
            Value::Null => return None,
            value => Value::Bool(collection(first?)?.contains(value)),
        },
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
            (Value::Map(entries), Value::String(key)) => {
                let found = entries.get(key).cloned();
                match (found, args.get(2)) {
                    (Some(value), None) => value,
                    (None, None) => return None,
                    (found, Some(default)) => lookup_with_default(entries, found, default)?,
                }
            }
            _ => return None,
        },
        "element" => {
            let items = collection(first?)?;
            let index = whole(args.get(1)?)?;
            if items.is_empty() {
                return None;
            }
            // Terraform 1.0 refuses a negative index; later versions count
            // it from the end of a list, but not of every tuple.
            if index < 0.0 {
                return Some(Value::Unknown);
            }
            items[index as usize % items.len()].clone()
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
                .iter()
                .filter(|v| !matches!(v, Value::Null))
                .map(|v| to_string(v).map(|s| s.into_owned()))
                .collect::<Option<Vec<_>>>()?
                .into_iter()
                .filter(|s| !s.is_empty())
                .map(Value::String)
                .collect(),
        ),
        "distinct" => Value::List(dedupe(unified(collection(first?)?)?)),
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
        "sum" => {
            let numbers = collection(first?)?;
            if numbers.is_empty() {
                return None;
            }
            Value::Number(numbers.iter().map(to_number).sum::<Option<f64>>()?)
        }
        "abs" => Value::Number(to_number(first?)?.abs()),
        "ceil" => Value::Number(to_number(first?)?.ceil()),
        "floor" => Value::Number(to_number(first?)?.floor()),
        "signum" => {
            let n = whole(first?)?;
            Value::Number(if n == 0.0 { 0.0 } else { n.signum() })
        }
        // A null element counts as false.
        "alltrue" | "anytrue" => {
            let bools = collection(first?)?
                .iter()
                .map(|v| if v.is_null() { Some(false) } else { to_bool(v) })
                .collect::<Option<Vec<_>>>()?;
            Value::Bool(if name == "alltrue" {
                bools.iter().all(|b| *b)
            } else {
                bools.iter().any(|b| *b)
            })
        }
        "lower" => Value::String(to_string(first?)?.to_lowercase()),
        "upper" => Value::String(to_string(first?)?.to_uppercase()),
        "trimspace" => Value::String(to_string(first?)?.trim().to_string()),
        "startswith" => {
            Value::Bool(to_string(first?)?.starts_with(to_string(args.get(1)?)?.as_ref()))
        }
        "endswith" => Value::Bool(to_string(first?)?.ends_with(to_string(args.get(1)?)?.as_ref())),
        "jsondecode" => from_json(serde_json::from_str(&to_string(first?)?).ok()?),
        "jsonencode" => {
            let mut json = String::new();
            to_json(first?, &mut json)?;
            Value::String(json)
        }
        "split" => Value::List(
            to_string(args.get(1)?)?
                .split(to_string(first?)?.as_ref())
                .map(Value::string)
                .collect(),
        ),
        "join" => Value::String(
            collection(args.get(1)?)?
                .iter()
                .map(to_string)
                .collect::<Option<Vec<_>>>()?
                .join(&to_string(first?)?),
        ),
        "replace" => {
            let (text, search) = (to_string(first?)?, to_string(args.get(1)?)?);
            let with = to_string(args.get(2)?)?;
            // `/.../` is a regular expression, whose empty matches and
            // `$` expansions follow Go's rules: undecided.
            if search.len() > 1 && search.starts_with('/') && search.ends_with('/') {
                return Some(Value::Unknown);
            }
            // Each match may make the text longer: decided only while short.
            let matches = if search.is_empty() {
                text.chars().count() + 1
            } else {
                text.matches(search.as_ref()).count()
            };
            let longest = text
                .len()
                .saturating_add(matches.saturating_mul(with.len()));
            if longest > MAX_MADE_TEXT {
                return Some(Value::Unknown);
            }
            Value::String(text.replace(search.as_ref(), &with))
        }
        "substr" => {
            let text = to_string(first?)?;
            let (offset, length) = (integer(args.get(1)?)?, integer(args.get(2)?)?);
            // Terraform counts grapheme clusters, which are characters
            // only in ASCII text.
            if !text.is_ascii() {
                return Some(Value::Unknown);
            }
            // Terraform's own steps, quirks included: a negative offset
            // counts from the end (and from the start when it is still
            // negative), where a length of 0 then takes the rest.
            let total = text.len() as i64;
            let mut offset = offset;
            if offset < 0 {
                offset += total;
            } else if length == 0 {
                return Some(Value::string(""));
            }
            let rest = match offset {
                o if o > total => "",
                o if o > 0 => &text[o as usize..],
                _ => &text[..],
            };
            let taken = match length {
                l if l > 0 => rest.len().min(l as usize),
                _ => rest.len(),
            };
            Value::string(&rest[..taken])
        }
        "trimprefix" => {
            let (text, prefix) = (to_string(first?)?, to_string(args.get(1)?)?);
            Value::string(text.strip_prefix(prefix.as_ref()).unwrap_or(&text))
        }
        "trimsuffix" => {
            let (text, suffix) = (to_string(first?)?, to_string(args.get(1)?)?);
            Value::string(text.strip_suffix(suffix.as_ref()).unwrap_or(&text))
        }
        "trim" => {
            let (text, cutset) = (to_string(first?)?, to_string(args.get(1)?)?);
            Value::string(text.trim_matches(|c| cutset.contains(c)))
        }
        "chomp" => Value::string(to_string(first?)?.trim_end_matches(['\r', '\n'])),
        "reverse" => {
            let mut items = collection(first?)?;
            items.reverse();
            Value::List(items)
        }
        "index" => {
            let wanted = args.get(1).filter(|v| !v.is_null())?;
            let position = collection(first?)?.iter().position(|item| item == wanted)?;
            Value::Number(position as f64)
        }
        "zipmap" => {
            let (keys, values) = (collection(first?)?, collection(args.get(1)?)?);
            if keys.len() != values.len() {
                return None;
            }
            let mut map = Object::new();
            for (key, value) in keys.iter().zip(values) {
                map.insert(to_string(key)?.into_owned(), value);
            }
            Value::Map(map)
        }
        "format" => format(to_string(first?)?.as_ref(), &args[1..])?,
        "slice" => {
            let items = collection(first?)?;
            let (start, end) = (whole(args.get(1)?)?, whole(args.get(2)?)?);
            if start < 0.0 || start > end || end > items.len() as f64 {
                return None;
            }
            Value::List(items[start as usize..end as usize].to_vec())
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::analyzer::eval::in_template;

    /// Each local of the root module of `text`, evaluated.
    fn locals(text: &str) -> BTreeMap<String, Value> {
        in_template(text, |template, evaluator, scope| {
            template.modules[0]
                .locals
                .iter()
                .map(|local| (local.name.clone(), evaluator.eval(scope, &local.value)))
                .collect()
        })
    }

    /// Templates are input: work and memory that grow exponentially with
    /// the text stop at the step budget, and the values are unknown.
    #[test]
    fn exponential_templates_run_out_of_steps_not_memory() {
        let doubling: String = (0..60)
            .map(|i| format!("  l{} = [local.l{i}, local.l{i}]\n  s{} = \"${{local.s{i}}}${{local.s{i}}}\"\n", i + 1, i + 1))
            .collect();
        let text = format!(
            "locals {{\n  l0 = [1]\n  s0 = \"ab\"\n{doubling}  products = [for a in range(1000) : [for b in range(1000) : [for c in range(1000) : c]]]\n}}\n"
        );
        let (values, out_of_steps) = in_template(&text, |template, evaluator, scope| {
            let values: BTreeMap<String, Value> = template.modules[0]
                .locals
                .iter()
                .map(|local| (local.name.clone(), evaluator.eval(scope, &local.value)))
                .collect();
            (values, evaluator.out_of_steps())
        });
        assert!(out_of_steps);
        let l0 = list(&[Value::Number(1.0)]);
        let l1 = list(&[l0.clone(), l0]);
        assert_eq!(values["l2"], list(&[l1.clone(), l1]));
        assert_eq!(values["s3"], Value::string("ab".repeat(8)));
        assert_eq!(values["l60"], Value::Unknown);
        assert_eq!(values["s60"], Value::Unknown);
        assert_eq!(values["products"], Value::Unknown);
    }

    #[test]
    fn replace_decides_only_short_results() {
        let doubling: String = (0..15)
            .map(|i| format!("  s{} = \"${{local.s{i}}}${{local.s{i}}}\"\n", i + 1))
            .collect();
        // 64 KiB with a copy of itself before each character: 4 GiB.
        let values = locals(&format!(
            "locals {{\n  s0 = \"ab\"\n{doubling}  long = replace(local.s15, \"\", local.s15)\n  short = replace(local.s3, \"a\", \"xy\")\n}}\n"
        ));
        assert_eq!(values["s15"].as_str().map(str::len), Some(1 << 16));
        assert_eq!(values["long"], Value::Unknown);
        assert_eq!(values["short"], Value::string("xyb".repeat(8)));
    }

    /// A name listed in [`EVALUATED`] that `apply` did not know would fail
    /// on every call, where Terraform may succeed.
    #[test]
    fn every_function_said_to_be_evaluated_is() {
        let (n, s) = (Value::Number, Value::string);
        let mut map = Object::new();
        map.insert("a", n(1.0));
        let map = Value::Map(map);
        let numbers = list(&[n(1.0), n(2.0)]);
        let bools = list(&[Value::Bool(true)]);
        for name in EVALUATED {
            let args = match *name {
                "tomap" | "keys" | "values" | "merge" => vec![map.clone()],
                "lookup" => vec![map.clone(), s("a")],
                "element" | "contains" => vec![numbers.clone(), n(1.0)],
                "concat" => vec![numbers.clone(), numbers.clone()],
                "max" | "min" => vec![n(1.0), n(2.0)],
                "alltrue" | "anytrue" => vec![bools.clone()],
                "startswith" | "endswith" | "split" => vec![s("a"), s("abc")],
                "join" => vec![s(","), list(&[s("a")])],
                "jsondecode" => vec![s("[1]")],
                "one" => vec![list(&[n(1.0)])],
                "tobool" => vec![Value::Bool(true)],
                "lower" | "upper" | "trimspace" | "tostring" | "tonumber" | "abs" | "ceil"
                | "floor" | "signum" | "jsonencode" | "chomp" => vec![n(1.0)],
                "replace" => vec![s("abc"), s("b"), s("x")],
                "substr" => vec![s("abc"), n(1.0), n(1.0)],
                "trimprefix" | "trimsuffix" | "trim" => vec![s("abc"), s("a")],
                "index" => vec![numbers.clone(), n(2.0)],
                "zipmap" => vec![list(&[s("a"), s("b")]), numbers.clone()],
                "slice" => vec![numbers.clone(), n(0.0), n(1.0)],
                "format" => vec![s("%s-%d"), s("a"), n(1.0)],
                _ => vec![numbers.clone()],
            };
            assert!(apply(name, &args).is_some(), "{name}({args:?})");
        }
    }

    #[test]
    fn try_and_can_catch_what_terraform_fails_on_and_wait_for_unknowns() {
        let found = locals(
            r#"
variable "unset" {}

locals {
  config = { name = "a" }
  items  = ["x"]
  port   = local.config.port

  present      = try(local.config.name, "fallback")
  missing      = try(local.config.port, 8080)
  by_key       = try(local.config["name"], "fallback")
  out_of_range = try(local.items[3], "none")
  not_a_number = try(tonumber("many"), 1)
  not_a_list   = try(toset(local.config), [])
  through      = try(local.port, 1)
  nested       = try(try(local.config.port, local.items[9]), 5)
  in_for       = try([for k, v in local.config : v.missing], ["ok"])
  counted      = length(try(local.config.tags, []))
  unknown      = try(var.unset, "fallback")
  unknown_next = try(local.config.port, var.unset)
  unsupported  = try(regex("a", "b"), 0)
  all_fail     = try(local.config.port, local.items[5])

  can_present = can(local.config.name)
  can_missing = can(local.config.port)
  can_sum     = can(sum([]))
  can_keyed   = can({ for x in ["a"] : 1 => x })
  can_unknown = can(var.unset.port)
}
"#,
        );
        let expected = [
            ("present", Value::string("a")),
            ("missing", Value::Number(8080.0)),
            ("by_key", Value::string("a")),
            ("out_of_range", Value::string("none")),
            ("not_a_number", Value::Number(1.0)),
            ("not_a_list", Value::List(Vec::new())),
            ("through", Value::Number(1.0)),
            ("nested", Value::Number(5.0)),
            ("in_for", Value::List(vec![Value::string("ok")])),
            ("counted", Value::Number(0.0)),
            ("unknown", Value::Unknown),
            ("unknown_next", Value::Unknown),
            ("unsupported", Value::Unknown),
            ("all_fail", Value::Unknown),
            ("can_present", Value::Bool(true)),
            ("can_missing", Value::Bool(false)),
            ("can_sum", Value::Bool(false)),
            ("can_keyed", Value::Bool(true)),
            ("can_unknown", Value::Unknown),
        ];
        for (name, value) in expected {
            assert_eq!(found.get(name), Some(&value), "local.{name}");
        }
    }

    /// Each answer checked with `terraform console` (1.11.4 and 1.0.3).
    #[test]
    fn grouping_conversions_and_splats_are_terraform_s() {
        let found = locals(
            r#"
locals {
  grouped    = { for x in ["a", "b"] : "k" => x... }
  duplicate  = try({ for x in ["b", "a", "b"] : x => 1 }, "error")
  unified    = true ? [1, "a"] : ["b"]
  no_type    = try(true ? { a = 1 } : { b = true }, "error")
  as_map     = true ? { a = 1 } : { b = "x" }
  set        = toset(["b", "a", "b"])
  text_list  = tolist([1, "a", true])
  compacted  = compact(["a", "", null, 1])
  coalesced  = coalesce(1, "a")
  splat      = [{ a = 1 }, { a = 2 }][*].a
  bool_text  = tobool("0")
  spaced     = try(tonumber(" 2"), "error")
  fraction   = try(element([1, 2], 1.5), "error")
  wraps      = element([1, 2], 2)
  sign       = signum(0)
  both_sides = try(true || [], "error")
  filtered   = [for x in ["true", "false"] : x if x]
  null_any   = anytrue([null])
}
"#,
        );
        let (n, s) = (Value::Number, Value::string);
        let mut grouped = Object::new();
        grouped.insert("k", list(&[s("a"), s("b")]));
        let mut as_map = Object::new();
        as_map.insert("a", s("1"));
        let expected = [
            ("grouped", Value::Map(grouped)),
            ("duplicate", s("error")),
            ("unified", list(&[s("1"), s("a")])),
            ("no_type", s("error")),
            ("as_map", Value::Map(as_map)),
            ("set", list(&[s("a"), s("b")])),
            ("text_list", list(&[s("1"), s("a"), s("true")])),
            ("compacted", list(&[s("a"), s("1")])),
            ("coalesced", s("1")),
            ("splat", list(&[n(1.0), n(2.0)])),
            ("bool_text", Value::Bool(false)),
            ("spaced", s("error")),
            ("fraction", s("error")),
            ("wraps", n(1.0)),
            ("sign", n(0.0)),
            ("both_sides", s("error")),
            ("filtered", list(&[s("true")])),
            ("null_any", Value::Bool(false)),
        ];
        for (name, value) in expected {
            assert_eq!(found.get(name), Some(&value), "local.{name}");
        }
    }

    fn list(items: &[Value]) -> Value {
        Value::List(items.to_vec())
    }

    /// Terraform reads "inf" and numbers beyond an f64 exactly
    /// (`tonumber("1e400")` is a number, `tonumber("1e-400") == 0` false):
    /// undecided here, where refusing them or rounding them would differ.
    #[test]
    fn numbers_an_f64_cannot_hold_are_left_undecided() {
        let found = locals(
            r#"
locals {
  infinite  = tonumber("inf")
  negative  = -"-Inf"
  huge      = "1e400" + 0
  tiny      = tonumber("1e-400") == 0
  caught    = try(tonumber("1e400"), "error")
  spelled   = try(tonumber("infinity"), "error")
  shouted   = try(tonumber("INF"), "error")
  not_a_num = try(tonumber("nan"), "error")
  zero      = tonumber("0e5")
  small     = tonumber("1e-300") > 0
}
"#,
        );
        for name in ["infinite", "negative", "huge", "tiny", "caught"] {
            assert_eq!(found.get(name), Some(&Value::Unknown), "local.{name}");
        }
        for name in ["spelled", "shouted", "not_a_num"] {
            assert_eq!(
                found.get(name),
                Some(&Value::string("error")),
                "local.{name}"
            );
        }
        assert_eq!(found.get("zero"), Some(&Value::Number(0.0)));
        assert_eq!(found.get("small"), Some(&Value::Bool(true)));
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
