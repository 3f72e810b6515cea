//! `hcl-syntax`: a file that is not valid HCL (or, for `*.tf.json`, not
//! Terraform JSON).

use super::{Context, Diagnostic, Rule, RuleMeta};
use crate::schema::Severity;

pub struct HclSyntax;

static META: RuleMeta = RuleMeta {
    id: "hcl-syntax",
    severity: Severity::Error,
    summary: "A file of the template is not valid HCL, or not valid JSON for a `*.tf.json` file.",
    explanation: "Terraform refuses to load a template with a syntax error, so Coder cannot \
import it. The finding points at the place the parser stopped. A `*.tf.json` file must be \
strict JSON holding one object (no comments, no trailing commas), and the expressions in its \
strings must parse too. The other files of the \
template are still analysed, but nothing in the broken file is. This finding cannot be \
silenced with a `coderform-ignore` comment.",
    bad: "resource \"coder_agent\" \"main\" {\n  os = \"linux\"\n",
    good: "resource \"coder_agent\" \"main\" {\n  os   = \"linux\"\n  arch = \"amd64\"\n}\n",
};

impl Rule for HclSyntax {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// Reported by the loader, which sees the parse errors.
    fn check(&self, _context: &Context<'_>, _out: &mut Vec<Diagnostic>) {}
}
