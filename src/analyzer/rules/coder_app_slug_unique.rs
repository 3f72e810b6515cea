//! `coder-app-slug-unique`: app slugs are unique per agent.

use std::collections::{BTreeMap, BTreeSet};

use super::{diagnostic, Context, Diagnostic, Rule, RuleMeta};
use crate::analyzer::eval::scenarios::for_each_planned;
use crate::analyzer::eval::{Evaluator, Scenario};
use crate::analyzer::references::{References, Target};
use crate::analyzer::source::Span;
use crate::schema::Severity;

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
        let references = References::new(context.template);
        let defaults = context.defaults;
        let (at_defaults, reads) = defaults.reads_of(|| clashes(defaults, &references));
        let mut reported = BTreeSet::new();
        let mut report = |clash: Clash, when: Option<(&str, &str)>| {
            let key = (clash.span.file, clash.span.range.start, clash.slug.clone());
            if reported.insert(key) {
                let mut message = format!(
                    "duplicate app slug {:?} on agent coder_agent.{}: slugs must be unique per agent",
                    clash.slug, clash.agent
                );
                if let Some((name, value)) = when {
                    message.push_str(&format!(" (when {name} = {value:?})"));
                }
                out.push(diagnostic(&META, message, Some(clash.span)));
            }
        };
        for clash in at_defaults {
            report(clash, None);
        }
        // The apps a build plans can hang on parameters: each one the
        // defaults read is tried at every value it admits.
        for name in &reads.parameters {
            let Some(parameter) = context.parameters.get(name) else {
                continue;
            };
            for value in parameter.domain.iter().take(VALUES_PER_PARAMETER) {
                let mut scenario = Scenario::clone(&defaults.scenario);
                scenario.parameters.insert(name.clone(), value.clone());
                let varied = defaults.fork(&scenario, defaults.fallback);
                for clash in clashes(&varied, &references) {
                    report(clash, Some((name, value)));
                }
            }
        }
    }
}

/// How many values of one parameter are tried.
const VALUES_PER_PARAMETER: usize = 16;

/// A second app with a slug another app of its agent has.
struct Clash {
    slug: String,
    agent: String,
    span: Span,
}

/// The clashes among the apps the evaluator's scenario plans, each
/// instance of a block with `count` or `for_each` an app of its own.
fn clashes(evaluator: &Evaluator<'_>, references: &References<'_>) -> Vec<Clash> {
    let mut seen: BTreeMap<(AgentKey, String), usize> = BTreeMap::new();
    let mut found = Vec::new();
    let root = evaluator.root_scope();
    for_each_planned(evaluator, &root, false, "coder_app", &mut |scope, app| {
        let Some(slug) = app
            .attribute("slug")
            .and_then(|s| evaluator.eval(scope, s.expr).as_str().map(str::to_string))
        else {
            return;
        };
        let Some(agent) = app.attribute("agent_id").and_then(|a| {
            match references.resolve(scope.module, a.expr, "coder_agent") {
                // An agent of the app's own module is that module instance's.
                Target::Resource { module, name, .. } => {
                    let instance = (module == scope.module).then(|| scope.id());
                    Some((module, instance, name))
                }
                _ => None,
            }
        }) else {
            return;
        };
        let count = seen.entry((agent.clone(), slug.clone())).or_default();
        *count += 1;
        if *count == 2 {
            found.push(Clash {
                slug,
                agent: agent.2,
                span: app
                    .attribute("slug")
                    .and_then(|s| s.span())
                    .unwrap_or_else(|| app.header_span()),
            });
        }
    });
    found
}

/// An agent: its module, the module instance when the app shares it, and
/// its name.
type AgentKey = (usize, Option<usize>, String);
