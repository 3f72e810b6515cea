//! `coder-app-slug-unique`: app slugs are unique per agent.

use std::collections::{BTreeMap, BTreeSet};

use hcl_edit::expr::Expression;

use super::{diagnostic, Context, Diagnostic, Rule, RuleMeta};
use crate::analyzer::eval::scenarios::for_each_planned;
use crate::analyzer::eval::{Evaluator, Instance, Scenario, Scope};
use crate::analyzer::load::{Expr, Resource};
use crate::analyzer::references::{References, Target};
use crate::analyzer::source::Span;
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
        let references = References::new(context.template);
        let defaults = context.defaults;
        let mut slugs = BTreeSet::new();
        if fixed_and_distinct(
            defaults,
            &defaults.root_scope(),
            &references,
            true,
            &mut slugs,
        ) {
            return;
        }
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
            let default = defaults
                .scenario
                .parameters
                .get(name)
                .or_else(|| defaults.fallback.get(name));
            for value in parameter.domain.iter().take(VALUES_PER_PARAMETER) {
                if Some(value) == default {
                    continue;
                }
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
        let Some((module, name)) = agent_of(references, scope, app) else {
            return;
        };
        // An agent of the app's own module is that module instance's.
        let agent = (module, (module == scope.module).then(|| scope.id()), name);
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

/// Whether no build can plan a clash, as is most often plain without
/// planning any: every app block has a slug that no parameter and no
/// instance changes, a slug of its own among its agent's, and at most one
/// instance, through its modules too (`once`: those above plan one).
/// `slugs` collects each agent's (module, name) and slug.
fn fixed_and_distinct<'t>(
    evaluator: &Evaluator<'t>,
    scope: &Scope<'t>,
    references: &References<'_>,
    once: bool,
    slugs: &mut BTreeSet<(usize, String, String)>,
) -> bool {
    let module = evaluator.module(scope);
    for app in module
        .resources
        .iter()
        .filter(|r| !r.data && r.ty == "coder_app")
    {
        let Some(agent) = agent_of(references, scope, app) else {
            continue;
        };
        let Some(slug) = app.attribute("slug") else {
            continue;
        };
        let (slug, reads) = evaluator.reads_of(|| evaluator.eval(scope, slug.expr));
        let Value::String(slug) = slug else {
            return false;
        };
        let single = once && at_most_one(app.attribute("count"), app.attribute("for_each"));
        if !reads.parameters.is_empty() || !single || !slugs.insert((agent.0, agent.1, slug)) {
            return false;
        }
    }
    module.calls.iter().all(|call| {
        let single = once && at_most_one(call.attribute("count"), call.attribute("for_each"));
        evaluator
            .child_scope(scope, call, Instance::Single)
            .is_none_or(|child| fixed_and_distinct(evaluator, &child, references, single, slugs))
    })
}

/// The `coder_agent` an app's `agent_id` refers to: its module and name.
fn agent_of(
    references: &References<'_>,
    scope: &Scope<'_>,
    app: &Resource,
) -> Option<(usize, String)> {
    let agent_id = app.attribute("agent_id")?;
    match references.resolve(scope.module, agent_id.expr, "coder_agent") {
        Target::Resource { module, name, .. } => Some((module, name)),
        _ => None,
    }
}

/// Whether a `count` (and no `for_each`) plans at most one instance in any
/// build, as `count = local.on ? 1 : 0` does.
fn at_most_one(count: Option<Expr<'_>>, for_each: Option<Expr<'_>>) -> bool {
    fn most(expr: &Expression) -> Option<f64> {
        match expr {
            Expression::Number(n) => n.as_f64(),
            Expression::Parenthesis(inner) => most(inner.inner()),
            Expression::Conditional(c) => Some(most(&c.true_expr)?.max(most(&c.false_expr)?)),
            _ => None,
        }
    }
    for_each.is_none() && count.is_none_or(|count| most(count.expr).is_some_and(|n| n <= 1.0))
}

/// An agent: its module, the module instance when the app shares it, and
/// its name.
type AgentKey = (usize, Option<usize>, String);
