//! The rule registry. Each rule is one file: its id, summary, explanation and
//! examples first (the docs are generated from them), then its check.

mod ai_prompt_parameter;
mod ai_task_app;
mod ai_task_ignored;
mod coder_app_slug_unique;
mod coder_parameter_unique;
mod hcl_syntax;
mod invalid_override;
mod mcp_app_slug;
mod module_not_found;
mod provider_schema;
mod provider_validation;
mod single_ai_task;
mod unique;

use std::collections::BTreeMap;

use super::config::CoderVersion;
use super::eval::scenarios::{Parameter, TaskAnalysis};
use super::eval::{Evaluator, Scope};
use super::load::{Resource, Template};
use super::references::References;
use super::report::Diagnostic;
use crate::schema::{Origin, Severity};

/// What a rule is, for users and for the docs.
pub struct RuleMeta {
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    /// Markdown: why the rule exists and what Coder does.
    pub explanation: &'static str,
    /// A template the rule reports: a `main.tf`, or several files, each
    /// begun by a `# NAME.tf` line.
    pub bad: &'static str,
    /// The same template, fixed.
    pub good: &'static str,
}

/// What every rule may look at.
pub struct Context<'a> {
    pub template: &'a Template,
    pub version: CoderVersion,
    pub parameters: &'a BTreeMap<String, Parameter>,
    pub tasks: &'a TaskAnalysis,
    /// What the provider and Terraform would refuse, computed once.
    pub provider: &'a [super::provider_checks::ProviderFinding],
    /// Evaluates at the import defaults; shared, so that each value is
    /// computed once for all rules.
    pub defaults: &'a Evaluator<'a>,
    /// Follows references through locals and modules, for all rules.
    pub references: &'a References<'a>,
    /// The module instances whose blocks are evaluated apart
    /// (`scenarios::distinct_module_scopes`), in `defaults`.
    pub module_scopes: &'a [Scope<'a>],
}

impl Context<'_> {
    /// Every `coder_ai_task` declaration, with the index of its module.
    pub fn task_declarations(&self) -> impl Iterator<Item = (usize, &Resource)> {
        self.template
            .modules
            .iter()
            .enumerate()
            .flat_map(|(index, module)| {
                module
                    .resources
                    .iter()
                    .filter(|r| !r.data && r.ty == "coder_ai_task")
                    .map(move |r| (index, r))
            })
    }
}

pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;

    /// Adds this rule's findings. Rules that report while loading check nothing here.
    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>);
}

static RULES: &[&dyn Rule] = &[
    &ai_prompt_parameter::AiPromptParameter,
    &single_ai_task::SingleAiTask,
    &ai_task_app::AiTaskApp,
    &ai_task_ignored::AiTaskIgnored,
    &provider_schema::ProviderSchema,
    &provider_validation::ProviderValidation,
    &coder_parameter_unique::CoderParameterUnique,
    &coder_app_slug_unique::CoderAppSlugUnique,
    &mcp_app_slug::McpAppSlug,
    &hcl_syntax::HclSyntax,
    &module_not_found::ModuleNotFound,
    &invalid_override::InvalidOverride,
];

/// Every rule, in the order their findings are computed.
pub fn all() -> &'static [&'static dyn Rule] {
    RULES
}

pub fn find(id: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.meta().id == id)
}

/// A diagnostic of `meta`'s rule and severity.
fn diagnostic(meta: &RuleMeta, message: String, span: Option<super::source::Span>) -> Diagnostic {
    Diagnostic {
        rule: meta.id,
        severity: meta.severity,
        message,
        span,
        witness: None,
        instances: Vec::new(),
    }
}

/// The provider checks' findings of `origin`, under `meta`'s rule. Each
/// keeps its own severity: deprecations are warnings.
fn provider_findings(
    meta: &RuleMeta,
    origin: Origin,
    context: &Context<'_>,
    out: &mut Vec<Diagnostic>,
) {
    out.extend(
        context
            .provider
            .iter()
            .filter(|finding| finding.origin == origin)
            .map(|finding| Diagnostic {
                rule: meta.id,
                severity: finding.severity,
                message: finding.message.clone(),
                span: finding.span.clone(),
                witness: None,
                instances: finding.instances.clone(),
            }),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_documented() {
        let mut ids: Vec<&str> = all().iter().map(|r| r.meta().id).collect();
        for rule in all() {
            let meta = rule.meta();
            assert!(
                meta.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                meta.id
            );
            assert!(
                !meta.summary.is_empty() && !meta.explanation.is_empty(),
                "{}",
                meta.id
            );
            assert!(find(meta.id).is_some());
        }
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), all().len());
    }
}
