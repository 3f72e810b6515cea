//! `coder-app-slug-unique`: app slugs are unique per agent.

use super::unique::{across_parameters, never_repeated, repeated_keys, Repeat};
use super::{Context, Diagnostic, Rule, RuleMeta};
use crate::analyzer::eval::{Evaluator, Scope};
use crate::analyzer::load::Resource;
use crate::schema::Severity;
use crate::value::Value;

pub struct CoderAppSlugUnique;

static META: RuleMeta = RuleMeta {
    id: "coder-app-slug-unique",
    severity: Severity::Error,
    summary: "Two coder_app blocks give the same slug to one agent.",
    explanation: "An app's slug names it in URLs (`/@user/workspace.agent/apps/SLUG`), so Coder \
refuses a workspace build in which two apps of one agent share a slug. Terraform and the \
provider accept it: the problem only shows when Coder processes the build. The agent is found \
by following each app's `agent_id` through locals and modules. Only the apps a build plans \
count, each instance of an app with `count` or `for_each` (or in a module with them) as an app \
of its own: apps that exclude each other do not clash, and a clash that a parameter value \
brings about names that value.",
    bad: "resource \"coder_agent\" \"main\" {\n  os   = \"linux\"\n  arch = \"amd64\"\n}\n\nresource \"coder_app\" \"a\" {\n  agent_id = coder_agent.main.id\n  slug     = \"code\"\n}\n\nresource \"coder_app\" \"b\" {\n  agent_id = coder_agent.main.id\n  slug     = \"code\"\n}\n",
    good: "resource \"coder_agent\" \"main\" {\n  os   = \"linux\"\n  arch = \"amd64\"\n}\n\nresource \"coder_app\" \"a\" {\n  agent_id = coder_agent.main.id\n  slug     = \"code\"\n}\n\nresource \"coder_app\" \"b\" {\n  agent_id = coder_agent.main.id\n  slug     = \"code-insiders\"\n}\n",
};

impl Rule for CoderAppSlugUnique {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let evaluator = context.defaults;
        let fixed = |scope: &Scope<'_>, app: &Resource| {
            let (module, agent) =
                context
                    .references
                    .owner(scope.module, app, "agent_id", "coder_agent")?;
            let slug = slug_of(evaluator, scope, app)?;
            Some(slug.map(|slug| (module, agent, slug)))
        };
        if never_repeated(evaluator, false, "coder_app", &fixed) {
            return;
        }
        let repeats = |evaluator: &Evaluator<'_>| {
            let key = |scope: &Scope<'_>, app: &Resource| {
                let agent = context
                    .references
                    .owner_in(scope, app, "agent_id", "coder_agent")?;
                Some((agent, slug_of(evaluator, scope, app)??))
            };
            repeated_keys(evaluator, false, "coder_app", &key)
                .into_iter()
                .map(|repeated| {
                    let (agent, slug) = &repeated.key;
                    let agent = &agent.name;
                    Repeat {
                        message: format!(
                            "duplicate app slug {slug:?} on agent coder_agent.{agent}: slugs must be unique per agent"
                        ),
                        span: repeated
                            .block
                            .attribute("slug")
                            .and_then(|s| s.span())
                            .unwrap_or_else(|| repeated.block.header_span()),
                        instances: repeated.instances,
                    }
                })
                .collect()
        };
        across_parameters(context, &META, &repeats, out);
    }
}

/// An app's slug: none when it has no `slug`, and `Some(None)` when its
/// value is not known.
fn slug_of(evaluator: &Evaluator<'_>, scope: &Scope<'_>, app: &Resource) -> Option<Option<String>> {
    let slug = app.attribute("slug")?;
    Some(match evaluator.eval(scope, slug.expr) {
        Value::String(slug) => Some(slug),
        _ => None,
    })
}
