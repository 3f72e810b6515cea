//! `ai-task-app`: every `coder_ai_task` names exactly one app, and that app
//! is a `coder_app` of the template.

use std::collections::HashMap;

use hcl_edit::expr::{Expression, TraversalOperator};

use super::{diagnostic, Context, Diagnostic, Rule, RuleMeta};
use crate::analyzer::load::{Expr, Template};
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

/// Where an app reference leads.
enum Target {
    App,
    /// Something that is not a `coder_app` ID, described.
    Other(String),
    /// A place coderform cannot see into, described.
    Unseen(String),
}

impl Rule for AiTaskApp {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let parents = parents(context.template);
        for (module, task) in context.task_declarations() {
            let app_id = task.attribute("app_id");
            let sidebar = task.body.get_blocks("sidebar_app").next();
            let sidebar_id = sidebar
                .and_then(|b| b.body.get_attribute("id"))
                .map(|a| Expr {
                    expr: &a.value,
                    file: task.file,
                });
            let address = task.address();
            let header = Some(task.header_span());
            let reference = match (app_id, sidebar) {
                (Some(app_id), Some(_)) => {
                    out.push(diagnostic(
                        &META,
                        format!("{address} sets both app_id and sidebar_app; Terraform rejects it (\"app_id\": conflicts with sidebar_app)"),
                        app_id.span().or(header),
                    ));
                    continue;
                }
                (None, None) => {
                    out.push(diagnostic(
                        &META,
                        format!("{address} names no app: set app_id = coder_app.<name>.id ('app_id' must be set)"),
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
                                format!("sidebar_app is deprecated from Coder 2.28 on: use app_id = <the same id> on {address}"),
                                hcl_edit::Span::span(block)
                                    .map(|range| crate::analyzer::source::Span { file: task.file, range })
                                    .or(header.clone()),
                            )
                        });
                    }
                    sidebar_id
                }
            };
            let Some(reference) = reference else { continue };
            let at = reference.span().or(header);
            match resolve(context.template, &parents, module, reference.expr, 0) {
                Target::App => {}
                Target::Other(what) => out.push(diagnostic(
                    &META,
                    format!("the app of {address} is not a coder_app of this template ({what}); Coder would log \"Unknown ai_task_app_id\" and the workspace could not run tasks"),
                    at,
                )),
                Target::Unseen(why) => out.push(Diagnostic {
                    severity: Severity::Warning,
                    ..diagnostic(&META, format!("cannot tell whether the app of {address} is a coder_app: {why}"), at)
                }),
            }
        }
    }
}

/// For each called module: the module that calls it, and the call's index.
fn parents(template: &Template) -> HashMap<usize, (usize, usize)> {
    let mut parents = HashMap::new();
    for (index, module) in template.modules.iter().enumerate() {
        for (call_index, call) in module.calls.iter().enumerate() {
            if let Some(child) = call.child {
                parents.insert(child, (index, call_index));
            }
        }
    }
    parents
}

fn attribute_name(operator: Option<&hcl_edit::Decorated<TraversalOperator>>) -> Option<&str> {
    match operator.map(|o| o.value()) {
        Some(TraversalOperator::GetAttr(name)) => Some(name.as_str()),
        _ => None,
    }
}

/// Follows an expression to what it refers to, through locals, module
/// inputs and outputs.
fn resolve(
    template: &Template,
    parents: &HashMap<usize, (usize, usize)>,
    module: usize,
    expr: &Expression,
    depth: usize,
) -> Target {
    if depth > 32 {
        return Target::Unseen("the reference goes around in circles".into());
    }
    let here = &template.modules[module];
    match expr {
        Expression::Parenthesis(inner) => {
            resolve(template, parents, module, inner.inner(), depth + 1)
        }
        Expression::Conditional(conditional) => {
            let a = resolve(template, parents, module, &conditional.true_expr, depth + 1);
            let b = resolve(
                template,
                parents,
                module,
                &conditional.false_expr,
                depth + 1,
            );
            match (a, b) {
                (Target::App, Target::App) => Target::App,
                (Target::Other(what), _) | (_, Target::Other(what)) => Target::Other(what),
                (Target::Unseen(why), _) | (_, Target::Unseen(why)) => Target::Unseen(why),
            }
        }
        Expression::FuncCall(call)
            if matches!(
                call.name.name.as_str(),
                "try" | "one" | "coalesce" | "tostring"
            ) =>
        {
            match call.args.iter().next() {
                Some(first) => resolve(template, parents, module, first, depth + 1),
                None => Target::Other(format!("{}() with no arguments", call.name.name.as_str())),
            }
        }
        Expression::Traversal(traversal) => {
            let ops = &traversal.operators;
            let Expression::Variable(root) = &traversal.expr else {
                return Target::Other("a computed value".into());
            };
            match root.as_str() {
                "coder_app" => {
                    let Some(name) = attribute_name(ops.first()) else {
                        return Target::Other("coder_app without a name".into());
                    };
                    if here.resource(false, "coder_app", name).is_none() {
                        return Target::Other(format!(
                            "coder_app.{name} is not declared in this module"
                        ));
                    }
                    let attribute = ops[1..]
                        .iter()
                        .find_map(|o| attribute_name(Some(o)))
                        .unwrap_or_default();
                    if attribute == "id" {
                        Target::App
                    } else {
                        Target::Other(format!("coder_app.{name}.{attribute} is not the app's id"))
                    }
                }
                "local" => match attribute_name(ops.first()).and_then(|l| here.local(l)) {
                    Some(local) => resolve(template, parents, module, &local.value, depth + 1),
                    None => Target::Other("an undeclared local value".into()),
                },
                "var" => {
                    let Some(name) = attribute_name(ops.first()) else {
                        return Target::Other("a variable reference without a name".into());
                    };
                    match parents.get(&module) {
                        Some((parent, call_index)) => {
                            let call = &template.modules[*parent].calls[*call_index];
                            match call.body.get_attribute(name) {
                                Some(input) => {
                                    resolve(template, parents, *parent, &input.value, depth + 1)
                                }
                                None => Target::Other(format!(
                                    "module \"{}\" does not set var.{name}",
                                    call.name
                                )),
                            }
                        }
                        None => {
                            Target::Unseen(format!("var.{name} is set from outside the template"))
                        }
                    }
                }
                "module" => {
                    let Some(call) = attribute_name(ops.first()).and_then(|m| here.call(m)) else {
                        return Target::Other("an undeclared module".into());
                    };
                    let Some(output) = ops[1..].iter().find_map(|o| attribute_name(Some(o))) else {
                        return Target::Other(format!("module.{} without an output", call.name));
                    };
                    let Some(child) = call.child else {
                        return Target::Unseen(format!(
                            "module \"{}\" could not be loaded",
                            call.name
                        ));
                    };
                    match template.modules[child]
                        .output(output)
                        .and_then(|o| o.value.as_ref())
                    {
                        Some(value) => resolve(template, parents, child, value, depth + 1),
                        None => Target::Other(format!(
                            "module \"{}\" has no output \"{output}\"",
                            call.name
                        )),
                    }
                }
                "data" => Target::Other("a data source".into()),
                other => Target::Other(format!("an attribute of {other}")),
            }
        }
        Expression::String(s) => Target::Other(format!("the literal {:?}", s.as_str())),
        _ => Target::Other("a computed value".into()),
    }
}
