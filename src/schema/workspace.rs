//! `coder_workspace`: the workspace being built.

use super::{Attribute, TypeSchema};

pub fn schema() -> TypeSchema {
    TypeSchema::data_source(
        "coder_workspace",
        1,
        "The workspace this build belongs to, as Coder's provisioner describes it in \
         CODER_WORKSPACE_* variables.",
    )
    .attribute(Attribute::integer("access_port", "Port of the deployment's access URL.").computed())
    .attribute(
        Attribute::string(
            "access_url",
            "Access URL of the deployment, as configured on the provider.",
        )
        .computed(),
    )
    .attribute(Attribute::string("id", "ID of the workspace.").computed())
    .attribute(
        Attribute::bool(
            "is_prebuild",
            "True while the workspace is built as a prebuild.",
        )
        .computed(),
    )
    .attribute(
        Attribute::bool(
            "is_prebuild_claim",
            "True in the build that hands a prebuild to its new owner.",
        )
        .computed(),
    )
    .attribute(Attribute::string("name", "Name of the workspace.").computed())
    .attribute(
        Attribute::integer(
            "prebuild_count",
            "1 while building a prebuild, else 0; usable as a `count`.",
        )
        .computed(),
    )
    .attribute(
        Attribute::integer(
            "start_count",
            "1 when the workspace starts, 0 when it stops; usable as a `count`.",
        )
        .computed(),
    )
    .attribute(Attribute::string("template_id", "ID of the workspace's template.").computed())
    .attribute(Attribute::string("template_name", "Name of the workspace's template.").computed())
    .attribute(
        Attribute::string(
            "template_version",
            "Name of the template version being built.",
        )
        .computed(),
    )
    .attribute(Attribute::string("transition", "`start`, `stop` or `delete`.").computed())
}
