//! `ai-task-app`: every `coder_ai_task` names exactly one app, and that app
//! is a `coder_app` of the template.

use super::{diagnostic, Context, Diagnostic, Rule, RuleMeta};
use crate::analyzer::load::blocks_named;
use crate::analyzer::references::Target;
use crate::schema::Severity;

pub struct AiTaskApp;

static META: RuleMeta = RuleMeta {
    id: "ai-task-app",
    severity: Severity::Error,
    summary: "A coder_ai_task must name exactly one app, and it must be a declared coder_app.",
    explanation: "The task page shows the app that `app_id` (or the deprecated `sidebar_app { id }`) \
names. With neither, the provider fails the apply with `'app_id' must be set`. With both, Terraform \
rejects the configuration. When the ID is not a `coder_app` of the same build, Coder does not fail. \
It logs `Unknown ai_task_app_id`, and the workspace silently cannot run tasks. coderform follows \
the reference through locals, module inputs and module outputs, so \
`app_id = module.claude.task_app_id` is fine when that output returns a `coder_app` ID. Coder \
2.24 to 2.27 read only `sidebar_app`; from 2.28 `app_id` is the expected form, and `sidebar_app` \
draws a warning.",
    bad: "resource \"coder_ai_task\" \"task\" {\n  app_id = \"6f0a3b0e-0000-4000-8000-000000000000\"\n}\n",
    good: "resource \"coder_app\" \"claude\" {\n  agent_id = coder_agent.main.id\n  slug     = \"claude\"\n  command  = \"claude\"\n}\n\nresource \"coder_ai_task\" \"task\" {\n  app_id = coder_app.claude.id\n}\n",
};

impl Rule for AiTaskApp {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let references = context.references;
        for (module, task) in context.task_declarations() {
            let app_id = task.attribute("app_id");
            let sidebar = blocks_named(&task.body, "sidebar_app").next();
            let sidebar_id = task.block_attribute("sidebar_app", "id");
            // Written only into a finding: most tasks have none.
            let address = || {
                let module = &context.template.modules[module];
                format!("{}{}", module.address_prefix(), task.address())
            };
            let header = Some(task.header_span());
            let reference = match (app_id, sidebar) {
                (Some(app_id), Some(_)) => {
                    out.push(diagnostic(
                        &META,
                        format!("{address} sets both app_id and sidebar_app; Terraform rejects it (\"app_id\": conflicts with sidebar_app)", address = address()),
                        app_id.span().or(header),
                    ));
                    continue;
                }
                (None, None) => {
                    out.push(diagnostic(
                        &META,
                        format!("{address} names no app: set app_id = coder_app.<name>.id ('app_id' must be set)", address = address()),
                        header,
                    ));
                    continue;
                }
                (Some(app_id), None) => {
                    if context.version.requires_sidebar_app() {
                        out.push(diagnostic(
                            &META,
                            format!("coder_ai_task has no sidebar_app defined: {} reads the app only from sidebar_app", context.version),
                            app_id.span().or(header.clone()),
                        ));
                    }
                    Some(app_id)
                }
                (None, Some(block)) => {
                    if context.version.prefers_app_id() {
                        out.push(Diagnostic {
                            severity: Severity::Warning,
                            ..diagnostic(
                                &META,
                                format!("sidebar_app is deprecated from Coder 2.28 on: use app_id = <the same id> on {address}", address = address()),
                                hcl_edit::Span::span(block)
                                    .map(|range| crate::analyzer::source::Span { file: task.files.of("sidebar_app"), range })
                                    .or(header.clone()),
                            )
                        });
                    }
                    sidebar_id
                }
            };
            let Some(reference) = reference else { continue };
            let at = reference.span().or(header);
            match references.resolve(module, reference.expr, "coder_app") {
                Target::Resource { attribute, .. } if attribute == "id" => {}
                Target::Resource { name, attribute, .. } => out.push(diagnostic(
                    &META,
                    format!("the app of {address} is not a coder_app's id (coder_app.{name}.{attribute}); Coder would log \"Unknown ai_task_app_id\" and the workspace could not run tasks", address = address()),
                    at,
                )),
                Target::Other(what) => out.push(diagnostic(
                    &META,
                    format!("the app of {address} is not a coder_app of this template ({what}); Coder would log \"Unknown ai_task_app_id\" and the workspace could not run tasks", address = address()),
                    at,
                )),
                Target::Unseen(why) => out.push(Diagnostic {
                    severity: Severity::Warning,
                    ..diagnostic(&META, format!("cannot tell whether the app of {address} is a coder_app: {why}", address = address()), at)
                }),
            }
        }
    }
}
