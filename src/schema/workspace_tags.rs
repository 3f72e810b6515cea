//! `coder_workspace_tags`: tags that route the workspace's builds to provisioners.

use super::{Attribute, TypeSchema, ValueType};

pub fn schema() -> TypeSchema {
    TypeSchema::data_source(
        "coder_workspace_tags",
        1,
        "Tags that pick which provisioners build the workspace; Coder reads them from the template.",
    )
    .attribute(Attribute::string("id", "Random identifier of this read.").optional_computed())
    .attribute(
        Attribute::typed("tags", ValueType::Map(Box::new(ValueType::String)), "The tags, by name.").force_new(),
    )
}
