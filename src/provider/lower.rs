//! Turns a declaration into the schema tf-provider serves over the plugin protocol.

use std::collections::HashMap;

use tf_provider::schema::{
    Attribute as TfAttribute, AttributeConstraint, AttributeType, Block as TfBlock, Description,
    NestedBlock as TfNestedBlock, Schema,
};

use crate::schema::{Block, Nesting, Presence, TypeSchema, ValueType};

pub fn schema(declaration: &TypeSchema) -> Schema {
    Schema {
        version: declaration.version,
        block: block(&declaration.block, declaration.description, false),
    }
}

fn block(declared: &Block, description: &str, deprecated: bool) -> TfBlock {
    let attributes = declared
        .attributes
        .iter()
        .map(|a| {
            let attribute = TfAttribute {
                attr_type: attribute_type(&a.ty),
                description: Description::plain(a.description),
                constraint: match a.presence {
                    Presence::Required => AttributeConstraint::Required,
                    Presence::Optional => AttributeConstraint::Optional,
                    Presence::OptionalComputed => AttributeConstraint::OptionalComputed,
                    Presence::Computed => AttributeConstraint::Computed,
                },
                sensitive: a.sensitive,
                deprecated: a.deprecated.is_some(),
            };
            (a.name.to_string(), attribute)
        })
        .collect();
    let blocks = declared
        .blocks
        .iter()
        .map(|b| {
            let inner = block(&b.block, b.description, b.deprecated.is_some());
            let (min_items, max_items) = (b.min_items as i64, b.max_items as i64);
            let nested = match b.nesting {
                Nesting::List => TfNestedBlock::BoundedList {
                    block: inner,
                    min_items,
                    max_items,
                },
                Nesting::Set => TfNestedBlock::BoundedSet {
                    block: inner,
                    min_items,
                    max_items,
                },
            };
            (b.name.to_string(), nested)
        })
        .collect();
    TfBlock {
        version: 0,
        attributes,
        blocks,
        description: Description::plain(description),
        deprecated,
    }
}

fn attribute_type(ty: &ValueType) -> AttributeType {
    match ty {
        ValueType::String => AttributeType::String,
        ValueType::Number | ValueType::Integer => AttributeType::Number,
        ValueType::Bool => AttributeType::Bool,
        ValueType::List(element) => AttributeType::List(Box::new(attribute_type(element))),
        ValueType::Map(element) => AttributeType::Map(Box::new(attribute_type(element))),
        ValueType::Object(fields) => AttributeType::Object(
            fields
                .iter()
                .map(|(name, ty)| (name.to_string(), attribute_type(ty)))
                .collect::<HashMap<_, _>>(),
        ),
    }
}
