//! `coder_agent_instance`: ties an agent to the cloud instance it runs on.

use super::{Attribute, TypeSchema};

pub fn schema() -> TypeSchema {
    TypeSchema::resource(
        "coder_agent_instance",
        0,
        "Associates an agent with a cloud instance ID, so that an agent using instance \
         identity authentication can be matched to its machine.",
    )
    .attribute(
        Attribute::string(
            "agent_id",
            "ID of the `coder_agent` running on the instance.",
        )
        .required()
        .force_new(),
    )
    .attribute(
        Attribute::string("id", "Unique identifier of this association.").optional_computed(),
    )
    .attribute(
        Attribute::string("instance_id", "ID of the instance in its cloud.")
            .required()
            .force_new(),
    )
}
