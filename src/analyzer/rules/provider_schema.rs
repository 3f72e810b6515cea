//! `provider-schema`: configuration Terraform or the provider's schema refuses.

use super::{provider_findings, Context, Diagnostic, Rule, RuleMeta};
use crate::schema::{Origin, Severity};

pub struct ProviderSchema;

static META: RuleMeta = RuleMeta {
    id: "provider-schema",
    severity: Severity::Error,
    summary: "A coder_* block does not fit its type's schema.",
    explanation: "Every `coder_*` resource and data source is checked against the schema the \
provider serves to Terraform, the same declaration. Reported are unknown arguments and blocks, \
arguments the provider computes, missing required arguments, too many or too few blocks, \
literal values of the wrong type, arguments that conflict with each other, fractional \
numbers where a whole one is needed, labels on blocks that take none, and `dynamic` blocks \
Terraform cannot expand (no type label, no `for_each` or one that is not a collection, an \
`iterator` that is not a plain name, not exactly one `content` block). Deprecated arguments draw a warning. The messages are \
the ones `terraform plan` would show.",
    bad: "resource \"coder_agent\" \"main\" {\n  os      = \"linux\"\n  arch    = \"amd64\"\n  timeout = 30\n}\n",
    good: "resource \"coder_agent\" \"main\" {\n  os                 = \"linux\"\n  arch               = \"amd64\"\n  connection_timeout = 30\n}\n",
};

impl Rule for ProviderSchema {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        provider_findings(&META, Origin::Schema, context, out);
    }
}
