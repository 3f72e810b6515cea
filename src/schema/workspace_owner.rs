//! `coder_workspace_owner`: the user who owns the workspace.

use super::{Attribute, TypeSchema, ValueType};

pub fn schema() -> TypeSchema {
    TypeSchema::data_source(
        "coder_workspace_owner",
        0,
        "The user who owns the workspace, from CODER_WORKSPACE_OWNER_* variables.",
    )
    .attribute(Attribute::string("email", "The owner's email address.").computed())
    .attribute(Attribute::string("full_name", "The owner's full name.").computed())
    .attribute(
        Attribute::typed(
            "groups",
            ValueType::List(Box::new(ValueType::String)),
            "Names of the groups the owner belongs to.",
        )
        .computed(),
    )
    .attribute(Attribute::string("id", "The owner's user ID.").computed())
    .attribute(
        Attribute::string(
            "login_type",
            "How the owner signs in (password, github, oidc, none).",
        )
        .computed(),
    )
    .attribute(Attribute::string("name", "The owner's username.").computed())
    .attribute(
        Attribute::string(
            "oidc_access_token",
            "The owner's OIDC access token, when they signed in with OIDC.",
        )
        .computed()
        .sensitive(),
    )
    .attribute(
        Attribute::typed(
            "rbac_roles",
            ValueType::List(Box::new(ValueType::Object(vec![
                ("name", ValueType::String),
                ("org_id", ValueType::String),
            ]))),
            "The owner's roles, each with the organization it applies to.",
        )
        .computed(),
    )
    .attribute(
        Attribute::string(
            "session_token",
            "A session token acting as the owner, for use inside the workspace.",
        )
        .computed()
        .sensitive(),
    )
    .attribute(
        Attribute::string("ssh_private_key", "The owner's Git SSH private key.")
            .computed()
            .sensitive(),
    )
    .attribute(Attribute::string("ssh_public_key", "The owner's Git SSH public key.").computed())
}
