//! `coder_provisioner`: where the provisioner running Terraform is.

use super::{Attribute, TypeSchema};

pub fn schema() -> TypeSchema {
    TypeSchema::data_source(
        "coder_provisioner",
        1,
        "Operating system and architecture of the machine running Terraform, for templates \
         that build the workspace where the provisioner runs.",
    )
    .attribute(
        Attribute::string(
            "arch",
            "CPU architecture of the provisioner, as Go names it (`amd64`, `arm64`, `armv7`).",
        )
        .computed(),
    )
    .attribute(Attribute::string("id", "Random identifier of this read.").optional_computed())
    .attribute(
        Attribute::string(
            "os",
            "Operating system of the provisioner, as Go names it (`linux`, `darwin`, `windows`).",
        )
        .computed(),
    )
}
