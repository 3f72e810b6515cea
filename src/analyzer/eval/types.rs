//! Terraform's type unification, where it shows in values: the two results
//! of a conditional, and the elements of the collections that `tolist`,
//! `toset`, `tomap`, `distinct` and `coalesce` make, are converted to one
//! type they can all take (numbers and bools become strings, objects with
//! different attributes a map), or refused when there is none.
//!
//! Values carry no type here, so a list stands for a tuple and a map for
//! an object, the types Terraform gives literals and `for` expressions.

use hcl_edit::expr::{BinaryOperator, Expression, ObjectKey, UnaryOperator};

use super::{beyond_f64, sole_interpolation, to_bool, to_number, to_string};
use crate::schema::ValueType;
use crate::value::{go_quote, Object, Value};

/// The type of a value, as far as unification looks at it.
#[derive(Clone, Debug, PartialEq)]
pub enum Type {
    /// Null or unknown: converts to anything.
    Any,
    Bool,
    Number,
    String,
    Tuple(Vec<Type>),
    List(Box<Type>),
    Object(Vec<(String, Type)>),
    Map(Box<Type>),
}

pub fn type_of(value: &Value) -> Type {
    match value {
        Value::Null | Value::Unknown => Type::Any,
        Value::Bool(_) => Type::Bool,
        Value::Number(_) => Type::Number,
        Value::String(_) => Type::String,
        Value::List(items) => Type::Tuple(items.iter().map(type_of).collect()),
        Value::Map(entries) => Type::Object(
            entries
                .iter()
                .map(|(key, value)| (key.to_string(), type_of(value)))
                .collect(),
        ),
    }
}

/// The type an expression has whatever its value, known or not, failed
/// or not: an operator's, a template's, and a literal list's or object's
/// shape.
pub fn result_type(expr: &Expression) -> Type {
    match expr {
        Expression::Array(items) => Type::Tuple(items.iter().map(result_type).collect()),
        Expression::Object(object) => {
            let mut attributes = Vec::new();
            for (key, value) in object.iter() {
                let name = match key {
                    ObjectKey::Ident(ident) => ident.as_str(),
                    ObjectKey::Expression(Expression::String(name)) => name.as_str(),
                    ObjectKey::Expression(_) => return Type::Any,
                };
                attributes.push((name.to_string(), result_type(value.expr())));
            }
            attributes.sort_by(|a, b| a.0.cmp(&b.0));
            Type::Object(attributes)
        }
        Expression::Parenthesis(inner) => result_type(inner.inner()),
        Expression::UnaryOp(op) => match op.operator.value() {
            UnaryOperator::Not => Type::Bool,
            UnaryOperator::Neg => Type::Number,
        },
        Expression::BinaryOp(op) => match op.operator.value() {
            BinaryOperator::Plus
            | BinaryOperator::Minus
            | BinaryOperator::Mul
            | BinaryOperator::Div
            | BinaryOperator::Mod => Type::Number,
            _ => Type::Bool,
        },
        Expression::StringTemplate(template) if sole_interpolation(template).is_none() => {
            Type::String
        }
        _ => Type::Any,
    }
}

/// The one type all of `types` convert to; `None` when there is none.
/// Null and unknown values take any type, and where the others have none
/// in common, they make the whole of no particular type, as Terraform's
/// dynamic type does.
pub fn unify(types: &[Type]) -> Option<Type> {
    let known: Vec<&Type> = types.iter().filter(|t| **t != Type::Any).collect();
    let unified = unify_known(&known);
    if unified.is_none() && known.len() < types.len() {
        return Some(Type::Any);
    }
    unified
}

fn unify_known(known: &[&Type]) -> Option<Type> {
    let Some(first) = known.first() else {
        return Some(Type::Any);
    };
    if known.iter().all(|t| t == first) {
        return Some((*first).clone());
    }
    let all = |kind: fn(&Type) -> bool| known.iter().all(|t| kind(t));
    if all(|t| matches!(t, Type::Tuple(_) | Type::List(_))) {
        return unify_sequences(known);
    }
    if all(|t| matches!(t, Type::Object(_) | Type::Map(_))) {
        return unify_records(known);
    }
    if all(|t| matches!(t, Type::Bool | Type::Number | Type::String)) {
        // A string takes a number or a bool; a number and a bool have no
        // type in common.
        return known
            .iter()
            .any(|t| **t == Type::String)
            .then_some(Type::String);
    }
    None
}

/// Tuples of one length unify element by element; otherwise, and with
/// lists, every element unifies into a list.
fn unify_sequences(types: &[&Type]) -> Option<Type> {
    let tuples: Option<Vec<&Vec<Type>>> = types
        .iter()
        .map(|t| match t {
            Type::Tuple(elements) => Some(elements),
            _ => None,
        })
        .collect();
    if let Some(tuples) = tuples {
        let length = tuples[0].len();
        if tuples.iter().all(|elements| elements.len() == length) {
            return (0..length)
                .map(|i| unify(&tuples.iter().map(|e| e[i].clone()).collect::<Vec<_>>()))
                .collect::<Option<Vec<_>>>()
                .map(Type::Tuple);
        }
    }
    let elements: Vec<Type> = types
        .iter()
        .flat_map(|t| match t {
            Type::Tuple(elements) => elements.clone(),
            Type::List(element) => vec![(**element).clone()],
            _ => Vec::new(),
        })
        .collect();
    Some(Type::List(Box::new(unify(&elements)?)))
}

/// Objects with the same attributes unify attribute by attribute;
/// otherwise, and with maps, every attribute unifies into a map.
fn unify_records(types: &[&Type]) -> Option<Type> {
    let objects: Option<Vec<&Vec<(String, Type)>>> = types
        .iter()
        .map(|t| match t {
            Type::Object(attributes) => Some(attributes),
            _ => None,
        })
        .collect();
    if let Some(objects) = objects {
        let names = |attributes: &Vec<(String, Type)>| -> Vec<String> {
            attributes.iter().map(|(name, _)| name.clone()).collect()
        };
        let first = names(objects[0]);
        if objects.iter().all(|attributes| names(attributes) == first) {
            return first
                .iter()
                .enumerate()
                .map(|(i, name)| {
                    let types: Vec<Type> = objects.iter().map(|a| a[i].1.clone()).collect();
                    Some((name.clone(), unify(&types)?))
                })
                .collect::<Option<Vec<_>>>()
                .map(Type::Object);
        }
    }
    let values: Vec<Type> = types
        .iter()
        .flat_map(|t| match t {
            Type::Object(attributes) => attributes.iter().map(|(_, t)| t.clone()).collect(),
            Type::Map(value) => vec![(**value).clone()],
            _ => Vec::new(),
        })
        .collect();
    Some(Type::Map(Box::new(unify(&values)?)))
}

/// `value` converted to `to`; `None` where Terraform's conversion fails.
pub fn convert(value: Value, to: &Type) -> Option<Value> {
    Some(match (value, to) {
        (value @ (Value::Null | Value::Unknown), _) | (value, Type::Any) => value,
        (value, Type::String) => Value::String(to_string(&value)?.into_owned()),
        (value, Type::Number) => Value::Number(to_number(&value)?),
        (value, Type::Bool) => Value::Bool(to_bool(&value)?),
        (Value::List(items), Type::Tuple(types)) if items.len() == types.len() => Value::List(
            items
                .into_iter()
                .zip(types)
                .map(|(item, to)| convert(item, to))
                .collect::<Option<_>>()?,
        ),
        (Value::List(items), Type::List(element)) => Value::List(
            items
                .into_iter()
                .map(|item| convert(item, element))
                .collect::<Option<_>>()?,
        ),
        (Value::Map(entries), Type::Object(types)) => {
            let mut converted = Object::new();
            for ((key, item), (_, to)) in entries.into_iter().zip(types) {
                converted.insert(key, convert(item, to)?);
            }
            Value::Map(converted)
        }
        (Value::Map(entries), Type::Map(element)) => Value::Map(
            entries
                .into_iter()
                .map(|(key, item)| Some((key, convert(item, element)?)))
                .collect::<Option<_>>()?,
        ),
        _ => return None,
    })
}

/// `value` converted to an argument's declared type, as Terraform converts
/// a block's arguments before the provider sees them (`order = "2"` is the
/// number 2, `value = 1` the string "1"). The error is Terraform's reason,
/// as it follows `Inappropriate value for attribute "x": `. A string beyond
/// `f64` becomes unknown, since Terraform keeps it exactly.
pub fn conform(value: &mut Value, to: &ValueType) -> Result<(), String> {
    let converted = match (&*value, to) {
        (Value::Null | Value::Unknown, _)
        | (Value::String(_), ValueType::String)
        | (Value::Number(_), ValueType::Number | ValueType::Integer)
        | (Value::Bool(_), ValueType::Bool) => return Ok(()),
        (Value::Number(_) | Value::Bool(_), ValueType::String) => {
            Value::String(to_string(value).unwrap_or_default().into_owned())
        }
        (Value::String(_), ValueType::Number | ValueType::Integer) => {
            if beyond_f64(value) {
                Value::Unknown
            } else {
                Value::Number(to_number(value).ok_or("a number is required")?)
            }
        }
        (Value::String(text), ValueType::Bool) => match to_bool(value) {
            Some(b) => Value::Bool(b),
            None => {
                let text = text.to_lowercase();
                return Err(match text.as_str() {
                    "true" | "false" => format!(
                        "a bool is required; to convert from string, use lowercase \"{text}\""
                    ),
                    _ => "a bool is required".into(),
                });
            }
        },
        (Value::List(_), ValueType::List(_)) | (Value::Map(_), ValueType::Map(_)) => {
            return conform_elements(value, to)
        }
        (Value::Map(entries), ValueType::Object(attributes)) => {
            let mut converted = Object::new();
            for (name, ty) in attributes {
                let mut item = entries.get(name).cloned().unwrap_or(Value::Null);
                conform(&mut item, ty)
                    .map_err(|problem| format!("attribute {}: {problem}", go_quote(name)))?;
                converted.insert(*name, item);
            }
            Value::Map(converted)
        }
        (_, to) => return Err(format!("{} required", friendly_name(to))),
    };
    *value = converted;
    Ok(())
}

/// The elements of a list or map converted in place to its element type.
fn conform_elements(value: &mut Value, to: &ValueType) -> Result<(), String> {
    match (value, to) {
        (Value::List(items), ValueType::List(element)) => {
            for (index, item) in items.iter_mut().enumerate() {
                conform(item, element).map_err(|problem| format!("element {index}: {problem}"))?;
            }
        }
        (Value::Map(entries), ValueType::Map(element)) => {
            for (key, item) in entries.iter_mut() {
                conform(item, element)
                    .map_err(|problem| format!("element {}: {problem}", go_quote(key)))?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// A type as Terraform names it in its conversion errors.
fn friendly_name(ty: &ValueType) -> String {
    match ty {
        ValueType::String => "string".into(),
        ValueType::Number | ValueType::Integer => "number".into(),
        ValueType::Bool => "bool".into(),
        ValueType::List(element) => format!("list of {}", friendly_name(element)),
        ValueType::Map(element) => format!("map of {}", friendly_name(element)),
        ValueType::Object(_) => "object".into(),
    }
}

/// `items` converted to the one type they all take, as a list or set of
/// them is made; `None` when they have none.
pub fn unified(items: Vec<Value>) -> Option<Vec<Value>> {
    let types: Vec<Type> = items.iter().map(type_of).collect();
    let to = unify(&types)?;
    items.into_iter().map(|item| convert(item, &to)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[Value]) -> Value {
        Value::List(items.to_vec())
    }

    fn unify_values(values: &[Value]) -> Option<Type> {
        unify(&values.iter().map(type_of).collect::<Vec<_>>())
    }

    #[test]
    fn primitives_meet_in_string_but_numbers_and_bools_do_not_meet() {
        let (n, s, b) = (Value::Number(1.0), Value::string("a"), Value::Bool(true));
        assert_eq!(unify_values(&[n.clone(), s.clone()]), Some(Type::String));
        assert_eq!(unify_values(&[b.clone(), s]), Some(Type::String));
        assert_eq!(unify_values(&[n.clone(), b]), None);
        assert_eq!(unify_values(&[n, Value::Null]), Some(Type::Number));
    }

    #[test]
    fn tuples_of_other_lengths_and_objects_of_other_attributes_become_collections() {
        // true ? [1, "a"] : ["b"] is ["1", "a"] in Terraform.
        let to = unify_values(&[
            list(&[Value::Number(1.0), Value::string("a")]),
            list(&[Value::string("b")]),
        ])
        .expect("a list of strings");
        assert_eq!(to, Type::List(Box::new(Type::String)));
        assert_eq!(
            convert(list(&[Value::Number(1.0), Value::string("a")]), &to),
            Some(list(&[Value::string("1"), Value::string("a")]))
        );
        let object = |key: &'static str, value: Value| {
            let mut entries = Object::new();
            entries.insert(key, value);
            Value::Map(entries)
        };
        // true ? { a = 1 } : { b = true } has no type in Terraform.
        assert_eq!(
            unify_values(&[
                object("a", Value::Number(1.0)),
                object("b", Value::Bool(true))
            ]),
            None
        );
        assert_eq!(
            unify_values(&[
                object("a", Value::Number(1.0)),
                object("b", Value::string("x"))
            ]),
            Some(Type::Map(Box::new(Type::String)))
        );
        assert_eq!(unify_values(&[list(&[]), object("a", Value::Null)]), None);
    }

    fn conformed(mut value: Value, to: &ValueType) -> Result<Value, String> {
        conform(&mut value, to).map(|()| value)
    }

    #[test]
    fn arguments_convert_to_their_declared_type_or_say_why_not() {
        let string = ValueType::String;
        let number = ValueType::Number;
        assert_eq!(
            conformed(Value::Number(1.0), &string),
            Ok(Value::string("1"))
        );
        assert_eq!(
            conformed(Value::string("2.5"), &number),
            Ok(Value::Number(2.5))
        );
        assert_eq!(
            conformed(Value::string("1e400"), &number),
            Ok(Value::Unknown)
        );
        assert_eq!(
            conformed(Value::string(" 1"), &number),
            Err("a number is required".into())
        );
        assert_eq!(
            conformed(Value::Bool(true), &number),
            Err("number required".into())
        );
        assert_eq!(
            conformed(Value::string("False"), &ValueType::Bool),
            Err("a bool is required; to convert from string, use lowercase \"false\"".into())
        );
        let mut env = Object::new();
        env.insert("ok", Value::Bool(true));
        env.insert("bad \"one\"", list(&[]));
        let env_type = ValueType::Map(Box::new(ValueType::String));
        assert_eq!(
            conformed(Value::Map(env), &env_type),
            Err(r#"element "bad \"one\"": string required"#.into())
        );
        assert_eq!(
            conformed(list(&[]), &env_type),
            Err("map of string required".into())
        );
    }
}
