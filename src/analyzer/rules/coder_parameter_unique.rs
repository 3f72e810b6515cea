//! `coder-parameter-unique`: parameter names are unique across the template.

use super::unique::{across_parameters, never_repeated, repeated_keys, Repeat};
use super::{Context, Diagnostic, Rule, RuleMeta};
use crate::analyzer::eval::{Evaluator, Scope};
use crate::analyzer::load::Resource;
use crate::schema::Severity;

pub struct CoderParameterUnique;

static META: RuleMeta = RuleMeta {
    id: "coder-parameter-unique",
    severity: Severity::Error,
    summary: "Two coder_parameter blocks, in any modules, have the same name.",
    explanation: "Coder matches parameter values by name, so it refuses a template version in \
which two `coder_parameter` data sources, in the root module or any child module, evaluate to \
the same `name`. Its message is `coder_parameter names must be unique but \"NAME\" appears \
multiple times`. Terraform itself sees no problem, since the blocks have different addresses. \
Only the parameters a build plans count, each instance of a block with `count` or `for_each` on \
its own: parameters that exclude each other do not clash, and a clash that a parameter value \
brings about names that value.",
    bad: "data \"coder_parameter\" \"a\" {\n  name = \"region\"\n}\n\ndata \"coder_parameter\" \"b\" {\n  name = \"region\"\n}\n",
    good: "data \"coder_parameter\" \"a\" {\n  name = \"region\"\n}\n\ndata \"coder_parameter\" \"b\" {\n  name = \"zone\"\n}\n",
};

impl Rule for CoderParameterUnique {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let evaluator = context.defaults;
        let fixed = |scope: &Scope<'_>, parameter: &Resource| {
            Some(evaluator.parameter_name(scope, parameter))
        };
        if never_repeated(evaluator, true, "coder_parameter", &fixed) {
            return;
        }
        let repeats = |evaluator: &Evaluator<'_>| {
            let key = |scope: &Scope<'_>, parameter: &Resource| {
                evaluator.parameter_name(scope, parameter)
            };
            repeated_keys(evaluator, true, "coder_parameter", &key)
                .into_iter()
                .map(|repeated| Repeat {
                    message: format!(
                        "coder_parameter names must be unique but {:?} appears multiple times",
                        repeated.key
                    ),
                    span: repeated.block.header_span(),
                    instances: repeated.instances,
                })
                .collect()
        };
        across_parameters(context, &META, &repeats, out);
    }
}
