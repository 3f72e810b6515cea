//! `provider-validation`: values the provider's own validators refuse.

use super::{provider_findings, Context, Diagnostic, Rule, RuleMeta};
use crate::schema::{Origin, Severity};

pub struct ProviderValidation;

static META: RuleMeta = RuleMeta {
    id: "provider-validation",
    severity: Severity::Error,
    summary: "A value of a coder_* block is one the provider would refuse at plan or apply time.",
    explanation: "The provider's validators and checks run here on every value the analysis \
can determine: literals, locals, variable defaults, and parameter values over the values each \
parameter admits. These are the same functions the provider runs, not copies. They cover app \
slugs, sharing levels, environment variable names, UUIDs, cron expressions, parameter \
defaults against options, types and validation blocks, duplicate metadata keys, preset \
schedules and the checks the provider only makes when it creates a resource, such as a script \
that never runs. Each instance of a block or module call with `count` or `for_each` whose \
arguments read `count.index` or `each` is checked with its own values, as Terraform plans it. \
A finding that depends on a parameter says for which value. The messages are the provider's \
own.",
    bad: "resource \"coder_app\" \"code\" {\n  agent_id = coder_agent.main.id\n  slug     = \"Code_Server\"\n}\n",
    good: "resource \"coder_app\" \"code\" {\n  agent_id = coder_agent.main.id\n  slug     = \"code-server\"\n}\n",
};

impl Rule for ProviderValidation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        provider_findings(&META, Origin::Value, context, out);
    }
}
