//! `mcp-app-slug`: the app an agent reports its status on must exist.

use hcl_edit::expr::{Expression, ObjectKey};

use super::{diagnostic, Context, Diagnostic, Rule, RuleMeta};
use crate::analyzer::eval::scenarios::distinct_instance_scopes;
use crate::analyzer::eval::Scope;
use crate::analyzer::load::{Expr, Resource};
use crate::analyzer::references::{Owner, Target};
use crate::analyzer::source::Span;
use crate::schema::Severity;
use crate::value::Value;

pub struct McpAppSlug;

const VARIABLE: &str = "CODER_MCP_APP_STATUS_SLUG";

static META: RuleMeta = RuleMeta {
    id: "mcp-app-slug",
    severity: Severity::Warning,
    summary: "CODER_MCP_APP_STATUS_SLUG names no coder_app of its agent.",
    explanation: "A custom AI agent reports its activity to Coder through `coder exp mcp \
server`, on behalf of the `coder_app` whose slug is in `CODER_MCP_APP_STATUS_SLUG`. When that \
slug matches no app of the same agent, the status goes nowhere and the task page shows \
nothing. The variable is looked for in the agent's `env`, in `coder_env` resources and in \
scripts (`coder_script` and the agent's own) that set it to a literal. Each instance of a \
block or module with `count` or `for_each` sets and names slugs with its own `count.index` or \
`each`. Each instance of a module that declares its agent has an agent of its own, whose \
apps are that instance's; the instances of an agent with `count` or `for_each` of its own \
still count as one agent. An agent passed to a module that could not be loaded (not yet fetched \
by `terraform init`) may have its app there, so its slug is not judged.",
    bad: "resource \"coder_agent\" \"main\" {\n  os   = \"linux\"\n  arch = \"amd64\"\n  env = {\n    CODER_MCP_APP_STATUS_SLUG = \"claude\"\n  }\n}\n\nresource \"coder_app\" \"agent\" {\n  agent_id = coder_agent.main.id\n  slug     = \"claude-code\"\n  command  = \"claude\"\n}\n",
    good: "resource \"coder_agent\" \"main\" {\n  os   = \"linux\"\n  arch = \"amd64\"\n  env = {\n    CODER_MCP_APP_STATUS_SLUG = \"claude-code\"\n  }\n}\n\nresource \"coder_app\" \"agent\" {\n  agent_id = coder_agent.main.id\n  slug     = \"claude-code\"\n  command  = \"claude\"\n}\n",
};

/// The value a script gives the variable (`VAR=value`, `export VAR=value`).
fn from_script(text: &str) -> Option<String> {
    let at = text.find(&format!("{VARIABLE}="))? + VARIABLE.len() + 1;
    let rest = &text[at..];
    let value: String = rest
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, '"' | '\'' | ';'))
        .collect();
    (!value.is_empty()).then_some(value)
}

impl Rule for McpAppSlug {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let evaluator = context.defaults;
        let agent_of = |scope: &Scope<'_>, block: &Resource| match block.ty.as_str() {
            "coder_agent" => Some(Owner::in_scope(scope, &block.name)),
            _ => context
                .references
                .owner_in(scope, block, "agent_id", "coder_agent"),
        };
        // Apps are evaluated only if some agent names one.
        let mut apps = Vec::new();
        let mut wanted: Vec<Wish> = Vec::new();
        for scope in context.module_scopes {
            for resource in evaluator.module(scope).resources.iter().filter(|r| !r.data) {
                match resource.ty.as_str() {
                    "coder_app" => apps.push((scope.clone(), resource)),
                    "coder_agent" | "coder_env" | "coder_script" => {
                        let Some(agent) = agent_of(scope, resource) else {
                            continue;
                        };
                        for instance in distinct_instance_scopes(evaluator, scope, resource) {
                            let text = |expr: &Expression| match evaluator.eval(&instance, expr) {
                                Value::String(s) => Some(s),
                                _ => None,
                            };
                            for (slug, span) in slugs_set(resource, &text) {
                                wanted.push(Wish {
                                    agent: agent.clone(),
                                    slug,
                                    span,
                                    address: instance.address_of(resource),
                                });
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        if wanted.is_empty() {
            return;
        }
        let mut slugs: Vec<(Owner, String)> = Vec::new();
        for (scope, app) in apps {
            let Some(agent) = agent_of(&scope, app) else {
                continue;
            };
            for instance in distinct_instance_scopes(evaluator, &scope, app) {
                if let Some(Value::String(slug)) = app
                    .attribute("slug")
                    .map(|s| evaluator.eval(&instance, s.expr))
                {
                    slugs.push((agent.clone(), slug));
                }
            }
        }
        let unloaded = agents_given_to_unloaded_modules(context);
        for wish in wanted {
            if slugs
                .iter()
                .any(|(agent, slug)| *slug == wish.slug && agent.may_be(&wish.agent))
            {
                continue;
            }
            // A module that could not be loaded may declare the app.
            if unloaded
                .iter()
                .any(|agent| agent.as_ref().is_none_or(|agent| agent.may_be(&wish.agent)))
            {
                continue;
            }
            let mut found = diagnostic(
                &META,
                format!(
                    "{VARIABLE} is {:?}, but coder_agent.{} has no coder_app with that slug: the agent's status would show on no app",
                    wish.slug, wish.agent.name
                ),
                wish.span,
            );
            found.instances.push(wish.address);
            out.push(found);
        }
    }
}

/// The agents passed to module calls that could not be loaded, whose apps
/// are not known; `None` for an `agent_id` that comes from outside the
/// template, which may be any agent.
fn agents_given_to_unloaded_modules(context: &Context<'_>) -> Vec<Option<Owner>> {
    let mut given = Vec::new();
    for scope in context.module_scopes {
        let module = context.defaults.module(scope);
        for call in module.calls.iter().filter(|call| call.child.is_none()) {
            for argument in call.body.attributes() {
                let target =
                    context
                        .references
                        .resolve(scope.module, &argument.value, "coder_agent");
                match (Owner::of_target(scope, &target), target) {
                    (Some(agent), _) => given.push(Some(agent)),
                    (None, Target::Unseen(_)) if argument.key.as_str() == "agent_id" => {
                        given.push(None)
                    }
                    _ => {}
                }
            }
        }
    }
    given
}

/// A block instance that sets the variable to `slug` for `agent`.
struct Wish {
    agent: Owner,
    slug: String,
    span: Option<Span>,
    address: String,
}

/// Where an agent, a `coder_env` or a `coder_script` sets the variable,
/// to which slug; `text` evaluates an expression of the block to a string.
fn slugs_set(
    resource: &Resource,
    text: &dyn Fn(&Expression) -> Option<String>,
) -> Vec<(String, Option<Span>)> {
    let mut set = Vec::new();
    match resource.ty.as_str() {
        "coder_agent" => {
            if let Some(env) = resource.attribute("env") {
                if let Expression::Object(object) = env.expr {
                    for (key, value) in object.iter() {
                        let name = match key {
                            ObjectKey::Ident(ident) => Some(ident.as_str().to_string()),
                            ObjectKey::Expression(e) => text(e),
                        };
                        if name.as_deref() != Some(VARIABLE) {
                            continue;
                        }
                        if let Some(slug) = text(value.expr()) {
                            let at = Expr {
                                expr: value.expr(),
                                file: env.file,
                            };
                            set.push((slug, at.span()));
                        }
                    }
                }
            }
            for script in ["startup_script", "shutdown_script"] {
                if let Some(expr) = resource.attribute(script) {
                    if let Some(slug) = text(expr.expr).as_deref().and_then(from_script) {
                        set.push((slug, expr.span()));
                    }
                }
            }
        }
        "coder_env" => {
            let named = resource.attribute("name").and_then(|n| text(n.expr));
            if let (Some(VARIABLE), Some(value)) = (named.as_deref(), resource.attribute("value")) {
                if let Some(slug) = text(value.expr) {
                    set.push((slug, value.span()));
                }
            }
        }
        _ => {
            if let Some(script) = resource.attribute("script") {
                if let Some(slug) = text(script.expr).as_deref().and_then(from_script) {
                    set.push((slug, script.span()));
                }
            }
        }
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_slug_in_scripts() {
        assert_eq!(
            from_script("export CODER_MCP_APP_STATUS_SLUG=claude\nrun"),
            Some("claude".into())
        );
        assert_eq!(
            from_script("CODER_MCP_APP_STATUS_SLUG=\"my-agent\" goose"),
            Some("my-agent".into())
        );
        assert_eq!(from_script("echo nothing"), None);
    }
}
