//! `ai-prompt-parameter`: a task template needs a string parameter named "AI Prompt".

use super::{diagnostic, Context, Diagnostic, Rule, RuleMeta};
use crate::schema::Severity;

pub struct AiPromptParameter;

/// The name Coder looks for, exactly and case-sensitively.
pub const AI_PROMPT: &str = "AI Prompt";

static META: RuleMeta = RuleMeta {
    id: "ai-prompt-parameter",
    severity: Severity::Error,
    summary: "A template that declares a coder_ai_task needs a string coder_parameter named \"AI Prompt\".",
    explanation: "Up to Coder 2.27, importing a template version that declares a `coder_ai_task` \
(anywhere, whatever its `count`) fails unless some `coder_parameter`, in the root module or any \
child module, has a `name` of exactly `AI Prompt`: `coder_parameter named 'AI Prompt' is required \
when 'coder_ai_task' resource is defined`. Coder matches the `name` attribute, not the block \
label, and it must be a string parameter, since the prompt is text. From 2.28 the prompt comes \
from `data.coder_task`, and with `--coder-version 2.28` or later this rule is not reported.",
    bad: "resource \"coder_ai_task\" \"task\" {\n  app_id = coder_app.agent.id\n}\n",
    good: "data \"coder_parameter\" \"ai_prompt\" {\n  name = \"AI Prompt\"\n  type = \"string\"\n}\n\nresource \"coder_ai_task\" \"task\" {\n  app_id = coder_app.agent.id\n}\n",
};

impl Rule for AiPromptParameter {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !context.version.requires_ai_prompt() {
            return;
        }
        let Some((_, first_task)) = context.task_declarations().next() else {
            return;
        };
        match context.parameters.get(AI_PROMPT) {
            Some(parameter) if parameter.ty == "string" => {}
            Some(parameter) => out.push(diagnostic(
                &META,
                format!(
                    "the \"{AI_PROMPT}\" parameter must have type \"string\", not {:?}",
                    parameter.ty
                ),
                Some(parameter.type_span.clone()),
            )),
            None => {
                let mut message = format!(
                    "coder_parameter named '{AI_PROMPT}' is required when 'coder_ai_task' resource is defined"
                );
                if let Some(near) = context
                    .parameters
                    .keys()
                    .find(|name| name.trim().eq_ignore_ascii_case(AI_PROMPT))
                {
                    message.push_str(&format!(
                        " (found {near:?}, but the name must match exactly)"
                    ));
                }
                out.push(diagnostic(&META, message, Some(first_task.header_span())));
            }
        }
    }
}
