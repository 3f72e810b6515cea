//! `coder_ai_task`: marks a template as a task template and names the app
//! that shows the AI agent.

use super::validate::Validator;
use super::{Attribute, NestedBlock, TypeSchema};

pub const SIDEBAR_APP_DEPRECATION: &str =
    "This field has been deprecated in favor of the `app_id` field.";

pub fn schema() -> TypeSchema {
    TypeSchema::resource(
        "coder_ai_task",
        1,
        "Declares that workspaces of this template run an AI task, and which `coder_app` \
         shows its agent. At most one instance may exist in one workspace build.",
    )
    .attribute(
        Attribute::string("app_id", "ID of the `coder_app` that shows the AI agent.")
            .optional_computed()
            .force_new()
            .conflicts_with(&["sidebar_app"])
            .validate(Validator::Uuid),
    )
    .attribute(
        Attribute::bool(
            "enabled",
            "True when this build runs a task (CODER_TASK_ID is set).",
        )
        .computed(),
    )
    .attribute(
        Attribute::string(
            "id",
            "The task's ID when a task runs, otherwise a random UUID.",
        )
        .computed(),
    )
    .attribute(
        Attribute::string(
            "prompt",
            "The prompt the task was started with (CODER_TASK_PROMPT).",
        )
        .computed(),
    )
    .block(
        NestedBlock::set(
            "sidebar_app",
            "The app shown next to the task; superseded by `app_id`.",
        )
        .max_items(1)
        .force_new()
        .conflicts_with(&["app_id"])
        .deprecated(SIDEBAR_APP_DEPRECATION)
        .attribute(
            Attribute::string("id", "ID of the `coder_app` to show.")
                .required()
                .force_new()
                .validate(Validator::Uuid),
        ),
    )
}
