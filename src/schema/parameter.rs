//! `coder_parameter`: a value the workspace owner chooses. The rules for
//! what a value may be live in `validate::parameter`.

use super::validate::parameter::{FORM_TYPES, PARAMETER_TYPES};
use super::validate::Validator;
use super::{Attribute, NestedBlock, TypeSchema};

pub fn schema() -> TypeSchema {
    TypeSchema::data_source(
        "coder_parameter",
        1,
        "A value the workspace owner chooses when creating or updating a workspace. Coder \
         passes the choice in CODER_PARAMETER_<sha256 of name>; `value` holds it, or the default.",
    )
    .attribute(Attribute::string("default", "Value used when the owner gives none; also makes the parameter optional."))
    .attribute(Attribute::string("description", "Explanation shown with the parameter; Markdown is rendered."))
    .attribute(Attribute::string("display_name", "Name shown instead of `name` in the dashboard."))
    .attribute(
        Attribute::bool("ephemeral", "The value applies to one build only and is not kept for the next.")
            .default(false),
    )
    .attribute(
        Attribute::string(
            "form_type",
            "Input control shown for the parameter; left out, it is chosen from `type` and whether options exist.",
        )
        .default("")
        .validate(Validator::OneOf(FORM_TYPES)),
    )
    .attribute(
        Attribute::string("icon", "URL or built-in path (`/icon/...`) of the parameter's icon.")
            .force_new()
            .validate(Validator::Url),
    )
    .attribute(Attribute::string("id", "Random identifier of this read.").optional_computed())
    .attribute(
        Attribute::bool("mutable", "The value may change after the workspace was created.")
            .default(false),
    )
    .attribute(Attribute::string("name", "Name of the parameter; Coder matches values by it.").required())
    .attribute(Attribute::bool("optional", "True when a default exists, so the owner need not answer.").computed())
    .attribute(Attribute::integer("order", "Position of the parameter in the form, lowest first."))
    .attribute(
        Attribute::string("styling", "JSON with display hints for the form control.").default("{}"),
    )
    .attribute(
        Attribute::string("type", "Type of the value: `string`, `number`, `bool` or `list(string)`.")
            .default("string")
            .validate(Validator::OneOf(PARAMETER_TYPES)),
    )
    .attribute(Attribute::string("value", "The chosen value, or the default; always a string.").computed())
    .block(
        NestedBlock::list("option", "A value the owner may choose; with options, only these are allowed.")
            .force_new()
            .attribute(Attribute::string("description", "Explanation shown with the option.").force_new())
            .attribute(
                Attribute::string("icon", "URL or built-in path of the option's icon.")
                    .force_new()
                    .validate(Validator::Url),
            )
            .attribute(Attribute::string("name", "Label of the option.").required().force_new())
            .attribute(Attribute::string("value", "Value the option stands for.").required().force_new()),
    )
    .block(
        NestedBlock::list("validation", "Constraints on the value.")
            .max_items(1)
            .attribute(Attribute::string(
                "error",
                "Message shown when the value breaks `min`, `max` or `regex`; {min}, {max} and {value} are replaced.",
            ))
            .attribute(Attribute::integer("max", "Largest allowed number."))
            .attribute(Attribute::bool("max_disabled", "True when no `max` is set.").computed())
            .attribute(Attribute::integer("min", "Smallest allowed number."))
            .attribute(Attribute::bool("min_disabled", "True when no `min` is set.").computed())
            .attribute(Attribute::string(
                "monotonic",
                "`increasing` or `decreasing`: how a number may change from one build to the next.",
            ))
            .attribute(
                Attribute::string("regex", "Pattern a string value must match (RE2 syntax, unanchored).")
                    .conflicts_with(&["validation.0.min", "validation.0.max", "validation.0.monotonic"]),
            ),
    )
}
