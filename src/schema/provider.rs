//! The `provider "coder"` block.

use super::validate::Validator;
use super::{Attribute, TypeSchema};

pub fn schema() -> TypeSchema {
    TypeSchema::provider(
        "Models Coder workspaces in Terraform: agents, apps, parameters, AI tasks and \
         the workspace context that Coder's provisioner passes in through the environment.",
    )
    .attribute(
        Attribute::string(
            "url",
            "Access URL of the Coder deployment. Falls back to CODER_AGENT_URL, then to \
             https://mydeployment.coder.com.",
        )
        .validate(Validator::Url),
    )
}
