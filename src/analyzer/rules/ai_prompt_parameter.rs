//! `ai-prompt-parameter`: a task template needs a string parameter named "AI Prompt".

use super::{diagnostic, Context, Diagnostic, Rule, RuleMeta};
use crate::analyzer::eval::scenarios::for_each_module_instance;
use crate::analyzer::eval::{Evaluator, Scenario};
use crate::analyzer::load::Expr;
use crate::schema::Severity;
use crate::value::Value;

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
        let baseline = Scenario {
            start: true,
            ..Scenario::default()
        };
        let none = Default::default();
        let evaluator = Evaluator::new(context.template, &baseline, &none);
        // Each parameter's evaluated name, and its type attribute.
        let mut names: Vec<(String, String, Option<crate::analyzer::source::Span>)> = Vec::new();
        for_each_module_instance(&evaluator, &evaluator.root_scope(), "", &mut |scope, _| {
            for parameter in evaluator
                .module(scope)
                .resources
                .iter()
                .filter(|r| r.data && r.ty == "coder_parameter")
            {
                let Some(name) = evaluator.parameter_name(scope, parameter) else {
                    continue;
                };
                let ty_expr: Option<Expr<'_>> = parameter.attribute("type");
                let ty = match ty_expr.map(|e| evaluator.eval(scope, e.expr)) {
                    None | Some(Value::Null) => "string".to_string(),
                    Some(Value::String(s)) => s,
                    Some(_) => "an unknown type".to_string(),
                };
                let at = ty_expr
                    .and_then(|e| e.span())
                    .or(Some(parameter.header_span()));
                names.push((name, ty, at));
            }
        });
        match names.iter().find(|(name, _, _)| name == AI_PROMPT) {
            Some((_, ty, _)) if ty == "string" => {}
            Some((_, ty, at)) => out.push(diagnostic(
                &META,
                format!("the \"{AI_PROMPT}\" parameter must have type \"string\", not {ty:?}"),
                at.clone(),
            )),
            None => {
                let mut message = format!(
                    "coder_parameter named '{AI_PROMPT}' is required when 'coder_ai_task' resource is defined"
                );
                if let Some((near, _, _)) = names
                    .iter()
                    .find(|(name, _, _)| name.trim().eq_ignore_ascii_case(AI_PROMPT))
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
