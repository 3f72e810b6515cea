//! `coder_external_auth`: a token from an external auth provider (GitHub, GitLab, ...).

use super::{Attribute, TypeSchema};

pub fn schema() -> TypeSchema {
    TypeSchema::data_source(
        "coder_external_auth",
        1,
        "The workspace owner's access token for an external auth provider configured in Coder.",
    )
    .attribute(
        Attribute::string(
            "access_token",
            "The owner's access token; empty until they authenticate.",
        )
        .computed()
        .sensitive(),
    )
    .attribute(
        Attribute::string(
            "id",
            "ID of the external auth provider, as configured in Coder.",
        )
        .required(),
    )
    .attribute(Attribute::bool(
        "optional",
        "Workspaces may be created without authenticating.",
    ))
}
