//! Findings as Terraform diagnostics.

use tf_provider::{AttributePath, AttributePathStep, Diagnostic, Diagnostics};

use crate::schema::{Finding, PathStep, Severity};

/// Adds findings to `diags`, keeping their attribute paths. Diagnostics are
/// built directly: tf-provider's constructors append a backtrace to the
/// detail whenever RUST_BACKTRACE is set.
pub fn add(diags: &mut Diagnostics, findings: impl IntoIterator<Item = Finding>) {
    for finding in findings {
        let attribute = AttributePath {
            steps: finding
                .path
                .iter()
                .map(|step| match step {
                    PathStep::Attribute(name) => AttributePathStep::Attribute((*name).into()),
                    PathStep::Index(index) => AttributePathStep::Index(*index as i64),
                })
                .collect(),
        };
        let diagnostic = Diagnostic {
            summary: finding.summary.into(),
            detail: finding.detail.into(),
            attribute,
        };
        match finding.severity {
            Severity::Error => diags.add_error(diagnostic),
            Severity::Warning => diags.add_warning(diagnostic),
        }
    }
}

/// An error with no attribute path.
pub fn error(diags: &mut Diagnostics, summary: impl Into<String>) {
    add(diags, [Finding::error(summary)]);
}
