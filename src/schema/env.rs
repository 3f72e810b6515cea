//! `coder_env`: an environment variable for an agent's processes.

use super::validate::{env_name_pattern, Validator};
use super::{Attribute, TypeSchema};

pub fn schema() -> TypeSchema {
    TypeSchema::resource(
        "coder_env",
        1,
        "An environment variable set for every process an agent starts.",
    )
    .attribute(Attribute::string("agent_id", "ID of the `coder_agent` whose processes get the variable.").required().force_new())
    .attribute(Attribute::string("id", "Unique identifier of this variable.").optional_computed())
    .attribute(
        Attribute::string(
            "merge_strategy",
            "What happens when several `coder_env` set the same name: `replace`, `append`, `prepend` or `error`.",
        )
        .force_new()
        .default("replace")
        .validate(Validator::OneOf(&["replace", "append", "prepend", "error"])),
    )
    .attribute(
        Attribute::string("name", "Name of the variable: letters, digits and underscores, not starting with a digit.")
            .required()
            .force_new()
            .validate(Validator::Matches(env_name_pattern, "must be a valid environment variable name")),
    )
    .attribute(Attribute::string("value", "Value of the variable.").force_new())
}
