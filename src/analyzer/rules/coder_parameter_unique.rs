//! `coder-parameter-unique`: parameter names are unique across the template.

use std::collections::BTreeMap;

use super::{diagnostic, Context, Diagnostic, Rule, RuleMeta};
use crate::analyzer::eval::scenarios::for_each_block;
use crate::analyzer::eval::Evaluator;
use crate::analyzer::source::Span;
use crate::schema::Severity;

pub struct CoderParameterUnique;

static META: RuleMeta = RuleMeta {
    id: "coder-parameter-unique",
    severity: Severity::Error,
    summary: "Two coder_parameter blocks, in any modules, have the same name.",
    explanation: "Coder matches parameter values by name, so it refuses a template version in \
which two `coder_parameter` data sources, in the root module or any child module, evaluate to \
the same `name`. Its message is `coder_parameter names must be unique but \"NAME\" appears \
multiple times`. Terraform itself sees no problem, since the blocks have different addresses.",
    bad: "data \"coder_parameter\" \"a\" {\n  name = \"region\"\n}\n\ndata \"coder_parameter\" \"b\" {\n  name = \"region\"\n}\n",
    good: "data \"coder_parameter\" \"a\" {\n  name = \"region\"\n}\n\ndata \"coder_parameter\" \"b\" {\n  name = \"zone\"\n}\n",
};

impl Rule for CoderParameterUnique {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let names = parameter_names(context.defaults);
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for (name, span) in &names {
            let count = seen.entry(name.as_str()).or_default();
            *count += 1;
            if *count == 2 {
                out.push(diagnostic(
                    &META,
                    format!(
                        "coder_parameter names must be unique but {name:?} appears multiple times"
                    ),
                    Some(span.clone()),
                ));
            }
        }
    }
}

/// Every parameter's evaluated name, with its block's header.
fn parameter_names(evaluator: &Evaluator<'_>) -> Vec<(String, Span)> {
    let mut names = Vec::new();
    for_each_block(
        evaluator,
        true,
        "coder_parameter",
        &mut |scope, resource| {
            if let Some(name) = evaluator.parameter_name(scope, resource) {
                names.push((name, resource.header_span()));
            }
        },
    );
    names
}
