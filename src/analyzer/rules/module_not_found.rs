//! `module-not-found`: a module call whose source could not be read.

use super::{Context, Diagnostic, Rule, RuleMeta};
use crate::schema::Severity;

pub struct ModuleNotFound;

static META: RuleMeta = RuleMeta {
    id: "module-not-found",
    severity: Severity::Warning,
    summary: "A called module could not be found, so its contents are not analysed.",
    explanation: "Local modules (`source = \"./...\"` or `\"../...\"`) are read from disk. \
Other modules are read from `.terraform/modules`, where `terraform init` puts them. When \
neither has the module, coderform cannot see its resources. A `coder_ai_task` or an \
\"AI Prompt\" parameter inside it then goes unseen. Run `terraform init` before linting, \
or vendor the module.",
    bad: "module \"agent\" {\n  source = \"./modules/agnet\" # a typo: no such directory\n}\n",
    good: "module \"agent\" {\n  source = \"./modules/agent\"\n}\n",
};

impl Rule for ModuleNotFound {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// Reported by the loader, which resolves module sources.
    fn check(&self, _context: &Context<'_>, _out: &mut Vec<Diagnostic>) {}
}
