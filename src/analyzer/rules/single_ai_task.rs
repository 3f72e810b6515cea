//! `single-ai-task`: no admissible build may plan two `coder_ai_task` instances.

use super::{diagnostic, Context, Diagnostic, Rule, RuleMeta};
use crate::analyzer::eval::Prebuild;
use crate::analyzer::report::{PlannedDeclaration, Witness};
use crate::schema::Severity;

pub struct SingleAiTask;

/// Declarations named in the message; the JSON's `instances` has them all.
const NAMED: usize = 8;

static META: RuleMeta = RuleMeta {
    id: "single-ai-task",
    severity: Severity::Error,
    summary: "Some admissible parameter values make a build plan more than one coder_ai_task instance.",
    explanation: "Coder fails a workspace build that plans two or more `coder_ai_task` instances \
(`only one 'coder_ai_task' resource can be provisioned per template`). It only finds out when a \
user's build plans them, long after the template was accepted. coderform evaluates every \
`count` and `for_each` that decides task instances, including those of enclosing modules. It \
does so for every value each parameter admits (its options, `true`/`false`, the numbers its \
validation allows, up to 32, else its bounds, default and the numbers compared with and one \
number for each interval between them; for a free string, the values the template compares it \
with and one value for all the others, two when the template trims it (`trimspace`): the blank \
strings and the rest; a number compared with a string is also tried spelled otherwise, as \
`\"00\"`; for a `list(string)` parameter, every selection of its options (in any order, and \
with options repeated), the lists compared with, also spelled otherwise (`\"[ ]\"`), or \
every selection of the elements the \
template looks for, each with no other element, with each number of others up to the longest \
length compared with, and with more), for \
start and stop, with and without \
a running task, for a prebuilt workspace's build (`is_prebuild`, a start that \
runs no task) and for a build that claims one (`is_prebuild_claim`, a start). It reports the first combination that plans more than one instance, \
as a witness. When a count cannot be evaluated (it depends on something known only at apply \
time, on more combinations of parameter values than coderform enumerates, or on a free \
parameter taken apart, as `split` or `length` do, where one value cannot stand for the others), a warning says \
what could not be decided (and a violation the value tried shows as itself is still an error); the counts that are known still count, so two certain instances are \
an error (\"at least 2\") whatever the undecided count adds.",
    bad: "resource \"coder_ai_task\" \"claude\" {\n  app_id = coder_app.claude.id\n}\n\nresource \"coder_ai_task\" \"codex\" {\n  app_id = coder_app.codex.id\n}\n",
    good: "data \"coder_parameter\" \"agent\" {\n  name    = \"agent\"\n  default = \"claude\"\n  option {\n    name  = \"Claude\"\n    value = \"claude\"\n  }\n  option {\n    name  = \"Codex\"\n    value = \"codex\"\n  }\n}\n\nresource \"coder_ai_task\" \"claude\" {\n  count  = data.coder_parameter.agent.value == \"claude\" ? 1 : 0\n  app_id = coder_app.claude.id\n}\n\nresource \"coder_ai_task\" \"codex\" {\n  count  = data.coder_parameter.agent.value == \"codex\" ? 1 : 0\n  app_id = coder_app.codex.id\n}\n",
};

impl Rule for SingleAiTask {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if context.version.ignores_tasks() || context.task_declarations().next().is_none() {
            return;
        }
        if let Some((scenario, planned)) = &context.tasks.violation {
            let mut involved: Vec<String> = planned
                .declarations
                .iter()
                .take(NAMED)
                .map(|(address, count, _)| format!("{address} ({count})"))
                .collect();
            if planned.declarations.len() > NAMED {
                involved.push(format!("and {} more", planned.declarations.len() - NAMED));
            }
            let message = format!(
                "a build can plan {}{} coder_ai_task instances ({}), and Coder then fails it: only one 'coder_ai_task' resource can be provisioned per template",
                if planned.undecided.is_some() { "at least " } else { "" },
                planned.total,
                involved.join(", ")
            );
            let span = planned
                .declarations
                .first()
                .map(|(_, _, span)| span.clone());
            let mut found = diagnostic(&META, message, span);
            found.witness = Some(Witness {
                parameters: scenario.parameters.clone(),
                transition: if scenario.build.start {
                    "start"
                } else {
                    "stop"
                },
                task: scenario.build.task,
                prebuild: scenario.build.prebuild == Prebuild::Making,
                prebuild_claim: scenario.build.prebuild == Prebuild::Claiming,
                plans: planned
                    .declarations
                    .iter()
                    .map(|(address, count, _)| PlannedDeclaration {
                        address: address.clone(),
                        count: *count,
                    })
                    .collect(),
            });
            found.instances = planned
                .declarations
                .iter()
                .map(|(address, _, _)| address.clone())
                .collect();
            out.push(found);
        }
        if let Some(undecided) = &context.tasks.undecided {
            let span = undecided.span.clone().or_else(|| {
                context
                    .task_declarations()
                    .next()
                    .map(|(_, r)| r.header_span())
            });
            out.push(Diagnostic {
                severity: Severity::Warning,
                ..diagnostic(
                    &META,
                    format!(
                        "cannot decide how many coder_ai_task instances a build plans: the count depends on {}",
                        undecided.what
                    ),
                    span,
                )
            });
        }
    }
}
