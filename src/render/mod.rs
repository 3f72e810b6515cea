//! The outputs of `coderform lint`: rustc-style text, the JSON contract,
//! and SARIF 2.1.0 for code scanning.

pub mod json;
pub mod sarif;
pub mod text;

use crate::analyzer::report::{Diagnostic, TemplateReport};
use crate::schema::Severity;

/// Totals over every template of a run.
pub struct Summary {
    pub templates: usize,
    pub errors: usize,
    pub warnings: usize,
}

pub fn summary(reports: &[TemplateReport]) -> Summary {
    Summary {
        templates: reports.len(),
        errors: reports.iter().map(TemplateReport::errors).sum(),
        warnings: reports.iter().map(TemplateReport::warnings).sum(),
    }
}

/// The file of a diagnostic as a path from where coderform ran: the
/// template path as given, then the file within it.
pub fn display_file(report: &TemplateReport, diagnostic: &Diagnostic) -> Option<String> {
    let span = diagnostic.span.as_ref()?;
    let file = report.file_path(span);
    let base = report.path.trim_end_matches('/');
    Some(if base.is_empty() || base == "." {
        file
    } else {
        format!("{base}/{file}")
    })
}

pub fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}
