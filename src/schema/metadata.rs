//! `coder_metadata`: details shown for a resource on the workspace page.

use super::validate::Validator;
use super::{Attribute, NestedBlock, TypeSchema};

pub fn schema() -> TypeSchema {
    TypeSchema::resource(
        "coder_metadata",
        1,
        "Key-value details, an icon and a daily cost shown for a resource on the workspace page.",
    )
    .attribute(
        Attribute::integer(
            "daily_cost",
            "Cost of the resource per day, in the deployment's quota units.",
        )
        .force_new(),
    )
    .attribute(Attribute::bool("hide", "Hide the resource from the workspace page.").force_new())
    .attribute(
        Attribute::string("icon", "URL or built-in path of the resource's icon.")
            .force_new()
            .validate(Validator::Url),
    )
    .attribute(Attribute::string("id", "Unique identifier of this metadata.").optional_computed())
    .attribute(
        Attribute::string("resource_id", "ID of the resource the details describe.")
            .required()
            .force_new(),
    )
    .block(
        NestedBlock::list("item", "One detail; keys must be unique.")
            .force_new()
            .attribute(
                Attribute::bool("is_null", "True when `value` was left null.")
                    .computed()
                    .force_new(),
            )
            .attribute(
                Attribute::string("key", "Label of the detail.")
                    .required()
                    .force_new(),
            )
            .attribute(
                Attribute::bool("sensitive", "Hide the value until the user reveals it.")
                    .force_new()
                    .default(false),
            )
            .attribute(Attribute::string("value", "The detail's value.").force_new()),
    )
}
