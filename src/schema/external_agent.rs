//! `coder_external_agent`: an agent that runs outside Terraform's resources.

use super::{Attribute, TypeSchema};

pub fn schema() -> TypeSchema {
    TypeSchema::resource(
        "coder_external_agent",
        1,
        "Marks an agent as run by something outside the template, which connects it with its token.",
    )
    .attribute(Attribute::string("agent_id", "ID of the `coder_agent` that runs externally.").required().force_new())
    .attribute(Attribute::string("id", "Unique identifier of this external agent.").optional_computed())
}
