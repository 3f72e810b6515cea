//! The declarations in the shape of `terraform providers schema -json`, for
//! snapshots and the docs generator.

use serde_json::{json, Map, Value as Json};

use super::{
    data_sources, provider_schema, resources, Block, Nesting, Presence, TypeSchema, ValueType,
    PROVIDER_ADDRESS,
};

/// Every type, as Terraform prints the provider's schema.
pub fn provider_schemas() -> Json {
    let by_name = |types: &[TypeSchema]| -> Map<String, Json> {
        types
            .iter()
            .map(|t| (t.name.to_string(), type_schema(t)))
            .collect()
    };
    json!({
        "format_version": "1.0",
        "provider_schemas": {
            PROVIDER_ADDRESS: {
                "provider": type_schema(provider_schema()),
                "resource_schemas": by_name(resources()),
                "data_source_schemas": by_name(data_sources()),
            }
        }
    })
}

fn type_schema(schema: &TypeSchema) -> Json {
    json!({
        "version": schema.version,
        "block": block(&schema.block, schema.description, false),
    })
}

fn block(declared: &Block, description: &str, deprecated: bool) -> Json {
    let mut out = Map::new();
    let mut attributes: Vec<_> = declared.attributes.iter().collect();
    attributes.sort_by_key(|a| a.name);
    if !attributes.is_empty() {
        let rendered: Map<String, Json> = attributes
            .into_iter()
            .map(|a| {
                let mut attribute = Map::new();
                attribute.insert("type".into(), value_type(&a.ty));
                attribute.insert("description".into(), json!(a.description));
                attribute.insert("description_kind".into(), json!("plain"));
                match a.presence {
                    Presence::Required => {
                        attribute.insert("required".into(), json!(true));
                    }
                    Presence::Optional => {
                        attribute.insert("optional".into(), json!(true));
                    }
                    Presence::OptionalComputed => {
                        attribute.insert("optional".into(), json!(true));
                        attribute.insert("computed".into(), json!(true));
                    }
                    Presence::Computed => {
                        attribute.insert("computed".into(), json!(true));
                    }
                }
                if a.sensitive {
                    attribute.insert("sensitive".into(), json!(true));
                }
                if a.deprecated.is_some() {
                    attribute.insert("deprecated".into(), json!(true));
                }
                (a.name.to_string(), Json::Object(attribute))
            })
            .collect();
        out.insert("attributes".into(), Json::Object(rendered));
    }
    let mut blocks: Vec<_> = declared.blocks.iter().collect();
    blocks.sort_by_key(|b| b.name);
    if !blocks.is_empty() {
        let rendered: Map<String, Json> = blocks
            .into_iter()
            .map(|b| {
                let mut nested = Map::new();
                nested.insert(
                    "nesting_mode".into(),
                    json!(match b.nesting {
                        Nesting::List => "list",
                        Nesting::Set => "set",
                    }),
                );
                nested.insert(
                    "block".into(),
                    block(&b.block, b.description, b.deprecated.is_some()),
                );
                if b.min_items > 0 {
                    nested.insert("min_items".into(), json!(b.min_items));
                }
                if b.max_items > 0 {
                    nested.insert("max_items".into(), json!(b.max_items));
                }
                (b.name.to_string(), Json::Object(nested))
            })
            .collect();
        out.insert("block_types".into(), Json::Object(rendered));
    }
    out.insert("description".into(), json!(description));
    out.insert("description_kind".into(), json!("plain"));
    if deprecated {
        out.insert("deprecated".into(), json!(true));
    }
    Json::Object(out)
}

fn value_type(ty: &ValueType) -> Json {
    match ty {
        ValueType::String => json!("string"),
        ValueType::Number | ValueType::Integer => json!("number"),
        ValueType::Bool => json!("bool"),
        ValueType::List(element) => json!(["list", value_type(element)]),
        ValueType::Map(element) => json!(["map", value_type(element)]),
        ValueType::Object(fields) => {
            let mut sorted: Vec<_> = fields.iter().collect();
            sorted.sort_by_key(|(name, _)| *name);
            let fields: Map<String, Json> = sorted
                .into_iter()
                .map(|(name, ty)| (name.to_string(), value_type(ty)))
                .collect();
            json!(["object", fields])
        }
    }
}
