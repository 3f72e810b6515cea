//! `coder_task`: the task a build runs, if any.

use super::{Attribute, TypeSchema};

pub fn schema() -> TypeSchema {
    TypeSchema::data_source(
        "coder_task",
        0,
        "The AI task this build runs, from CODER_TASK_ID and CODER_TASK_PROMPT. Outside a task, \
         `enabled` is false.",
    )
    .attribute(Attribute::bool("enabled", "True when the build runs a task.").computed())
    .attribute(
        Attribute::string("id", "The task's ID, or a random UUID outside a task.").computed(),
    )
    .attribute(Attribute::string("prompt", "The prompt the task was started with.").computed())
}
