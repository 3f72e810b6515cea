//! `coder-app-slug-unique`: app slugs are unique per agent.

use std::collections::BTreeMap;

use super::{diagnostic, Context, Diagnostic, Rule, RuleMeta};
use crate::analyzer::eval::scenarios::for_each_block;
use crate::analyzer::references::{References, Target};
use crate::schema::Severity;

pub struct CoderAppSlugUnique;

static META: RuleMeta = RuleMeta {
    id: "coder-app-slug-unique",
    severity: Severity::Error,
    summary: "Two coder_app blocks give the same slug to one agent.",
    explanation: "An app's slug names it in URLs (`/@user/workspace.agent/apps/SLUG`), so Coder \
refuses a workspace build in which two apps of one agent share a slug. Terraform and the \
provider accept it: the problem only shows when Coder processes the build. The agent is found \
by following each app's `agent_id` through locals and modules.",
    bad: "resource \"coder_agent\" \"main\" {\n  os   = \"linux\"\n  arch = \"amd64\"\n}\n\nresource \"coder_app\" \"a\" {\n  agent_id = coder_agent.main.id\n  slug     = \"code\"\n}\n\nresource \"coder_app\" \"b\" {\n  agent_id = coder_agent.main.id\n  slug     = \"code\"\n}\n",
    good: "resource \"coder_agent\" \"main\" {\n  os   = \"linux\"\n  arch = \"amd64\"\n}\n\nresource \"coder_app\" \"a\" {\n  agent_id = coder_agent.main.id\n  slug     = \"code\"\n}\n\nresource \"coder_app\" \"b\" {\n  agent_id = coder_agent.main.id\n  slug     = \"code-insiders\"\n}\n",
};

impl Rule for CoderAppSlugUnique {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let evaluator = context.defaults;
        let references = References::new(context.template);
        let mut seen: BTreeMap<((usize, String), String), usize> = BTreeMap::new();
        for_each_block(evaluator, false, "coder_app", &mut |scope, app| {
            let Some(slug) = app
                .attribute("slug")
                .and_then(|s| evaluator.eval(scope, s.expr).as_str().map(str::to_string))
            else {
                return;
            };
            let Some(agent) = app.attribute("agent_id").and_then(|a| {
                match references.resolve(scope.module, a.expr, "coder_agent") {
                    Target::Resource { module, name, .. } => Some((module, name)),
                    _ => None,
                }
            }) else {
                return;
            };
            let count = seen.entry((agent.clone(), slug.clone())).or_default();
            *count += 1;
            if *count == 2 {
                out.push(diagnostic(
                    &META,
                    format!("duplicate app slug {slug:?} on agent coder_agent.{}: slugs must be unique per agent", agent.1),
                    app.attribute("slug").and_then(|s| s.span()).or(Some(app.header_span())),
                ));
            }
        });
    }
}
