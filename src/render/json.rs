//! The JSON contract other tools read (`version: 1`): fields may be added,
//! none removed or renamed.

use serde_json::{json, Value as Json};

use super::{display_file, severity_word, summary};
use crate::analyzer::report::TemplateReport;

pub fn render(reports: &[TemplateReport]) -> Json {
    let totals = summary(reports);
    json!({
        "version": 1,
        "templates": reports.iter().map(template).collect::<Vec<_>>(),
        "summary": {
            "templates": totals.templates,
            "errors": totals.errors,
            "warnings": totals.warnings,
        },
    })
}

fn template(report: &TemplateReport) -> Json {
    json!({
        "path": report.path,
        "task_template": report.task_template,
        "ai_task_instances": {
            "min": report.ai_task_instances_min,
            "max": report.ai_task_instances_max,
        },
        "diagnostics": diagnostics(report),
    })
}

/// A report's diagnostics as the JSON contract writes them.
pub fn diagnostics(report: &TemplateReport) -> Vec<Json> {
    report
        .diagnostics
        .iter()
        .map(|d| {
            let mut entry = json!({
                "rule": d.rule,
                "severity": severity_word(d.severity),
                "message": d.message,
            });
            if let Some(span) = &d.span {
                let (start, end) = report.positions(span);
                entry["file"] = json!(report.file_path(span));
                entry["path"] = json!(display_file(report, d));
                entry["line"] = json!(start.line);
                entry["column"] = json!(start.column);
                entry["end_line"] = json!(end.line);
                entry["end_column"] = json!(end.column);
            }
            if let Some(witness) = &d.witness {
                entry["witness"] = json!(witness);
            }
            if !d.instances.is_empty() {
                entry["instances"] = json!(d.instances);
            }
            entry
        })
        .collect()
}
