//! `invalid-override`: a block of an override file that Terraform cannot
//! merge into the module.

use super::{Context, Diagnostic, Rule, RuleMeta};
use crate::schema::Severity;

pub struct InvalidOverride;

static META: RuleMeta = RuleMeta {
    id: "invalid-override",
    severity: Severity::Error,
    summary: "A block of an override file has no block of the same header to merge into.",
    explanation: "Terraform reads `override.tf`, `*_override.tf` and their `.tf.json` forms \
after the other files of a module, and merges each of their blocks into the block with the \
same type and labels: an argument replaces the argument of that name, and nested blocks of a \
type replace all the nested blocks of that type. coderform analyses the merged blocks, so an \
override that sets a task's `count` is counted as Terraform counts it. A block with nothing \
to merge into (often a misspelt name) makes Terraform refuse the whole template, as do \
`moved` and `import` blocks in an override file, and a `depends_on` that lists anything in an \
override of a resource, data source, output or module call (Terraform 1.0 let the last \
through): dependencies are not merged, so the primary's would be lost. A block with nothing \
to merge into is not analysed.",
    bad: "# main.tf\nresource \"coder_agent\" \"main\" {\n  os   = \"linux\"\n  arch = \"amd64\"\n}\n\n\
# override.tf\nresource \"coder_agent\" \"mian\" {\n  arch = \"arm64\"\n}\n",
    good: "# main.tf\nresource \"coder_agent\" \"main\" {\n  os   = \"linux\"\n  arch = \"amd64\"\n}\n\n\
# override.tf\nresource \"coder_agent\" \"main\" {\n  arch = \"arm64\"\n}\n",
};

impl Rule for InvalidOverride {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// Reported by the loader, which merges the override files.
    fn check(&self, _context: &Context<'_>, _out: &mut Vec<Diagnostic>) {}
}
