//! SARIF 2.1.0, for code-scanning upload (GitHub, GitLab, Azure DevOps).

use serde_json::{json, Value as Json};

use super::{display_file, severity_word};
use crate::analyzer::report::TemplateReport;
use crate::analyzer::rules;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn render(reports: &[TemplateReport]) -> Json {
    let rule_list: Vec<Json> = rules::all()
        .iter()
        .map(|rule| {
            let meta = rule.meta();
            json!({
                "id": meta.id,
                "name": meta.id,
                "shortDescription": { "text": meta.summary },
                "fullDescription": { "text": meta.explanation },
                "defaultConfiguration": { "level": severity_word(meta.severity) },
                "help": {
                    "text": meta.explanation,
                    "markdown": format!("{}\n\nReported:\n\n```hcl\n{}```\n\nFixed:\n\n```hcl\n{}```\n", meta.explanation, meta.bad, meta.good),
                },
            })
        })
        .collect();
    let results: Vec<Json> = reports
        .iter()
        .flat_map(|report| {
            report.diagnostics.iter().map(move |d| {
                let index = rules::all().iter().position(|r| r.meta().id == d.rule);
                let mut result = json!({
                    "ruleId": d.rule,
                    "level": severity_word(d.severity),
                    "message": { "text": d.message },
                });
                if let Some(index) = index {
                    result["ruleIndex"] = json!(index);
                }
                let mut location = match (&d.span, display_file(report, d)) {
                    (Some(span), Some(file)) => {
                        let (start, end) = report.positions(span);
                        json!({
                            "physicalLocation": {
                                "artifactLocation": { "uri": uri(&file) },
                                "region": {
                                    "startLine": start.line,
                                    "startColumn": start.column,
                                    "endLine": end.line,
                                    "endColumn": end.column.max(if end.line == start.line { start.column } else { 1 }),
                                },
                            },
                        })
                    }
                    _ => json!({
                        "physicalLocation": { "artifactLocation": { "uri": uri(&report.path) } },
                    }),
                };
                if !d.instances.is_empty() {
                    location["logicalLocations"] = d
                        .instances
                        .iter()
                        .map(|address| json!({ "fullyQualifiedName": address, "kind": "resource" }))
                        .collect();
                }
                result["locations"] = json!([location]);
                if let Some(witness) = &d.witness {
                    result["properties"] = json!({ "witness": witness });
                }
                result
            })
        })
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "coderform",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://crates.io/crates/coderform",
                    "rules": rule_list,
                },
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// A relative URI reference for a path: `/`-separated, with anything
/// outside RFC 3986's unreserved set percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for byte in path.replace('\\', "/").bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_escape_what_they_must() {
        assert_eq!(
            uri("templates/my task/main.tf"),
            "templates/my%20task/main.tf"
        );
        assert_eq!(uri("a\\b.tf"), "a/b.tf");
    }
}
