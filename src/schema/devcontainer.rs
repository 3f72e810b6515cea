//! `coder_devcontainer`: a dev container an agent starts in its workspace.

use super::validate::Validator;
use super::{Attribute, TypeSchema};

pub fn schema() -> TypeSchema {
    TypeSchema::resource(
        "coder_devcontainer",
        1,
        "A dev container the agent builds and starts from a folder of the workspace; it gets an agent of its own.",
    )
    .attribute(Attribute::string("agent_id", "ID of the `coder_agent` that runs the dev container.").required().force_new())
    .attribute(Attribute::string("config_path", "Path of devcontainer.json, when not in the usual place.").force_new())
    .attribute(Attribute::string("id", "Unique identifier of this dev container.").optional_computed())
    .attribute(Attribute::string("subagent_id", "ID of the agent inside the dev container.").computed())
    .attribute(
        Attribute::string("workspace_folder", "Folder holding the project with the dev container configuration.")
            .required()
            .force_new()
            .validate(Validator::NotEmpty),
    )
}
