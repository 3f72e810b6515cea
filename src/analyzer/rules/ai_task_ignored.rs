//! `ai-task-ignored`: from Coder 2.37 task resources do nothing.

use super::{diagnostic, Context, Diagnostic, Rule, RuleMeta};
use crate::schema::Severity;

pub struct AiTaskIgnored;

static META: RuleMeta = RuleMeta {
    id: "ai-task-ignored",
    severity: Severity::Warning,
    summary: "From Coder 2.37, coder_ai_task resources are ignored.",
    explanation: "Coder removed Tasks from its releases in 2.37 (they live on in an extended \
support release). A template aimed at 2.37 or later still plans and applies with its \
`coder_ai_task` resources, but Coder no longer treats it as a task template. Reported only \
with `--coder-version 2.37` or later.",
    bad: "resource \"coder_ai_task\" \"task\" {\n  app_id = coder_app.agent.id\n}\n",
    good: "# No coder_ai_task: use Coder Agents on 2.37 and later.\n",
};

impl Rule for AiTaskIgnored {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !context.version.ignores_tasks() {
            return;
        }
        for (_, task) in context.task_declarations() {
            out.push(diagnostic(
                &META,
                format!(
                    "{} is ignored by {}: Coder no longer runs tasks",
                    task.address(),
                    context.version
                ),
                Some(task.header_span()),
            ));
        }
    }
}
