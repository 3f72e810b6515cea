//! Reads and writes Terraform's wire values (cty's MessagePack encoding, and
//! JSON for stored states) into [`Value`], guided by the declaration so that
//! every attribute of an object is written, with the type Terraform expects.

use rmpv::Value as Mp;
use tf_provider::RawValue;

use crate::schema::{Block, ValueType};
use crate::value::{Object, Value};

/// An undecodable wire value; only a Terraform bug could cause one.
#[derive(Debug, thiserror::Error)]
#[error("cannot decode the value Terraform sent: {0}")]
pub struct DecodeError(String);

/// Decodes an object of `block`; `Value::Null` for a null object.
pub fn decode(block: &Block, raw: &RawValue) -> Result<Value, DecodeError> {
    let wire = match raw {
        RawValue::MessagePack(bytes) if bytes.is_empty() => Mp::Nil,
        RawValue::MessagePack(bytes) => rmpv::decode::read_value(&mut bytes.as_slice())
            .map_err(|e| DecodeError(e.to_string()))?,
        RawValue::Json(bytes) if bytes.is_empty() => Mp::Nil,
        RawValue::Json(bytes) => {
            let json: serde_json::Value =
                serde_json::from_slice(bytes).map_err(|e| DecodeError(e.to_string()))?;
            from_json(json)
        }
    };
    decode_block(block, wire)
}

/// Encodes an object of `block` as MessagePack.
pub fn encode(block: &Block, value: &Value) -> RawValue {
    let mut bytes = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = rmpv::encode::write_value(&mut bytes, &encode_block(block, value));
    RawValue::MessagePack(bytes)
}

fn from_json(json: serde_json::Value) -> Mp {
    match json {
        serde_json::Value::Null => Mp::Nil,
        serde_json::Value::Bool(b) => Mp::Boolean(b),
        serde_json::Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Mp::from(i),
            (None, Some(f)) => Mp::F64(f),
            (None, None) => Mp::Nil,
        },
        serde_json::Value::String(s) => Mp::from(s),
        serde_json::Value::Array(items) => Mp::Array(items.into_iter().map(from_json).collect()),
        serde_json::Value::Object(entries) => Mp::Map(
            entries
                .into_iter()
                .map(|(k, v)| (Mp::from(k), from_json(v)))
                .collect(),
        ),
    }
}

fn decode_block(block: &Block, wire: Mp) -> Result<Value, DecodeError> {
    let entries = match wire {
        Mp::Nil => return Ok(Value::Null),
        Mp::Ext(..) => return Ok(Value::Unknown),
        Mp::Map(entries) => entries,
        other => return Err(DecodeError(format!("expected an object, got {other}"))),
    };
    let mut object = Object::new();
    for (key, item) in entries {
        let Some(name) = key.as_str() else {
            return Err(DecodeError("object key is not a string".into()));
        };
        // Attributes no longer declared (older states) are dropped, as the SDK does.
        if let Some(attribute) = block.attribute(name) {
            object.insert(attribute.name, decode_typed(&attribute.ty, item)?);
        } else if let Some(nested) = block.nested(name) {
            let value = match item {
                Mp::Nil => Value::List(Vec::new()),
                Mp::Ext(..) => Value::Unknown,
                Mp::Array(elements) => Value::List(
                    elements
                        .into_iter()
                        .map(|e| decode_block(&nested.block, e))
                        .collect::<Result<_, _>>()?,
                ),
                other => return Err(DecodeError(format!("expected blocks, got {other}"))),
            };
            object.insert(nested.name, value);
        }
    }
    Ok(Value::Map(object))
}

fn decode_typed(ty: &ValueType, wire: Mp) -> Result<Value, DecodeError> {
    Ok(match (ty, wire) {
        (_, Mp::Nil) => Value::Null,
        (_, Mp::Ext(..)) => Value::Unknown,
        (ValueType::String, Mp::String(s)) => Value::String(s.into_str().unwrap_or_default()),
        (ValueType::Bool, Mp::Boolean(b)) => Value::Bool(b),
        (ValueType::Number | ValueType::Integer, Mp::Integer(i)) => {
            Value::Number(i.as_f64().unwrap_or_default())
        }
        (ValueType::Number | ValueType::Integer, Mp::F32(f)) => Value::Number(f64::from(f)),
        (ValueType::Number | ValueType::Integer, Mp::F64(f)) => Value::Number(f),
        (ValueType::Number | ValueType::Integer, Mp::String(s)) => {
            let text = s.into_str().unwrap_or_default();
            Value::Number(
                text.parse()
                    .map_err(|_| DecodeError(format!("bad number {text}")))?,
            )
        }
        (ValueType::List(element), Mp::Array(items)) => Value::List(
            items
                .into_iter()
                .map(|i| decode_typed(element, i))
                .collect::<Result<_, _>>()?,
        ),
        (ValueType::Map(element), Mp::Map(entries)) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    let key = k.as_str().unwrap_or_default().to_string();
                    Ok((key, decode_typed(element, v)?))
                })
                .collect::<Result<_, DecodeError>>()?,
        ),
        (ValueType::Object(fields), Mp::Map(entries)) => {
            let mut object = Object::new();
            for (k, v) in entries {
                let key = k.as_str().unwrap_or_default();
                if let Some((name, ty)) = fields.iter().find(|(n, _)| *n == key) {
                    object.insert(*name, decode_typed(ty, v)?);
                }
            }
            Value::Map(object)
        }
        (ty, other) => return Err(DecodeError(format!("expected {ty:?}, got {other}"))),
    })
}

/// cty's marker for an unknown value.
fn unknown() -> Mp {
    Mp::Ext(0, vec![0])
}

fn encode_block(block: &Block, value: &Value) -> Mp {
    let object = match value {
        Value::Unknown => return unknown(),
        Value::Map(object) => object,
        _ => return Mp::Nil,
    };
    let mut entries: Vec<(Mp, Mp)> = Vec::new();
    for attribute in &block.attributes {
        let item = object.get(attribute.name).unwrap_or(&Value::Null);
        entries.push((Mp::from(attribute.name), encode_typed(&attribute.ty, item)));
    }
    for nested in &block.blocks {
        let item = match object.get(nested.name) {
            Some(Value::Unknown) => unknown(),
            Some(Value::List(elements)) => Mp::Array(
                elements
                    .iter()
                    .map(|e| encode_block(&nested.block, e))
                    .collect(),
            ),
            // Terraform represents absent list and set blocks as empty collections.
            _ => Mp::Array(Vec::new()),
        };
        entries.push((Mp::from(nested.name), item));
    }
    entries.sort_by(|a, b| a.0.as_str().cmp(&b.0.as_str()));
    Mp::Map(entries)
}

fn encode_typed(ty: &ValueType, value: &Value) -> Mp {
    match (ty, value) {
        (_, Value::Unknown) => unknown(),
        (_, Value::Null) => Mp::Nil,
        (ValueType::String, Value::String(s)) => Mp::from(s.as_str()),
        (ValueType::Bool, Value::Bool(b)) => Mp::Boolean(*b),
        (ValueType::Number | ValueType::Integer, Value::Number(n)) => {
            if n.fract() == 0.0 && n.abs() < 9.0e15 {
                Mp::from(*n as i64)
            } else {
                Mp::F64(*n)
            }
        }
        (ValueType::List(element), Value::List(items)) => {
            Mp::Array(items.iter().map(|i| encode_typed(element, i)).collect())
        }
        (ValueType::Map(element), Value::Map(entries)) => Mp::Map(
            entries
                .iter()
                .map(|(k, v)| (Mp::from(k.as_ref()), encode_typed(element, v)))
                .collect(),
        ),
        (ValueType::Object(fields), Value::Map(entries)) => Mp::Map(
            fields
                .iter()
                .map(|(name, ty)| {
                    let item = entries.get(name).unwrap_or(&Value::Null);
                    (Mp::from(*name), encode_typed(ty, item))
                })
                .collect(),
        ),
        _ => Mp::Nil,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema;

    fn agent_block() -> &'static Block {
        schema::resource("coder_agent")
            .map(|s| &s.block)
            .unwrap_or_else(|| unreachable!())
    }

    #[test]
    fn round_trip_keeps_unknowns_and_fills_every_attribute() {
        let block = agent_block();
        let mut object = Object::new();
        object.insert("os", Value::string("linux"));
        object.insert("token", Value::Unknown);
        object.insert("connection_timeout", Value::Number(120.0));
        let raw = encode(block, &Value::Map(object));
        let Value::Map(decoded) = decode(block, &raw).unwrap() else {
            panic!("not an object")
        };
        assert_eq!(decoded["os"], Value::string("linux"));
        assert_eq!(decoded["token"], Value::Unknown);
        assert_eq!(decoded["connection_timeout"], Value::Number(120.0));
        assert_eq!(decoded["arch"], Value::Null);
        // Absent blocks travel as empty collections, as Terraform expects.
        assert_eq!(decoded["metadata"], Value::List(Vec::new()));
    }

    #[test]
    fn stored_json_states_drop_attributes_no_longer_declared() {
        let json = br#"{"os":"linux","login_before_ready":true,"env":{"A":"b"},"metadata":[{"key":"k","interval":5}]}"#;
        let Value::Map(decoded) = decode(agent_block(), &RawValue::Json(json.to_vec())).unwrap()
        else {
            panic!("not an object")
        };
        assert!(!decoded.contains_key("login_before_ready"));
        assert_eq!(decoded["env"].as_map().map(|m| m.len()), Some(1));
        let item = decoded["metadata"]
            .blocks()
            .next()
            .cloned()
            .unwrap_or_default();
        assert_eq!(item["interval"], Value::Number(5.0));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(decode(agent_block(), &RawValue::MessagePack(vec![0x81])).is_err());
        assert!(decode(agent_block(), &RawValue::Json(b"{".to_vec())).is_err());
        assert!(decode(agent_block(), &RawValue::MessagePack(vec![0x01])).is_err());
    }
}
