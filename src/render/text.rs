//! Human output: each finding with its source line and a caret, as rustc shows them.

use annotate_snippets::{Level, Renderer, Snippet};

use super::{display_file, summary};
use crate::analyzer::report::{Diagnostic, TemplateReport};
use crate::schema::Severity;

/// Renders every report; `color` for a terminal.
pub fn render(reports: &[TemplateReport], color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for report in reports {
        for diagnostic in &report.diagnostics {
            out.push_str(&render_one(&renderer, report, diagnostic));
            out.push_str("\n\n");
        }
    }
    let totals = summary(reports);
    out.push_str(&format!(
        "{} {}, {} {} in {} {}\n",
        totals.errors,
        plural(totals.errors, "error", "errors"),
        totals.warnings,
        plural(totals.warnings, "warning", "warnings"),
        totals.templates,
        plural(totals.templates, "template", "templates"),
    ));
    out
}

/// Which instances a finding concerns, unless the message names them all
/// or the source line tells: one block of the root module, with a single
/// instance.
fn instances_note(message: &str, instances: &[String]) -> Option<String> {
    if instances
        .iter()
        .all(|address| message.contains(address.as_str()))
    {
        return None;
    }
    let listed = match instances {
        [] => return None,
        [one] if !one.starts_with("module.") && !one.contains('[') => return None,
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    };
    Some(format!("in {listed}"))
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

fn render_one(renderer: &Renderer, report: &TemplateReport, diagnostic: &Diagnostic) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
    };
    let witness = diagnostic.witness.as_ref().map(|w| {
        let mut parts: Vec<String> = w
            .parameters
            .iter()
            .map(|(name, value)| format!("{name} = {value:?}"))
            .collect();
        parts.push(format!("transition = {}", w.transition));
        parts.push(format!("task = {}", if w.task { "on" } else { "off" }));
        if w.prebuild {
            parts.push("in a prebuild".into());
        }
        if w.prebuild_claim {
            parts.push("claiming a prebuilt workspace".into());
        }
        format!("for example with {}", parts.join(", "))
    });
    let origin = display_file(report, diagnostic).unwrap_or_else(|| report.path.clone());
    let mut message = level.title(&diagnostic.message).id(diagnostic.rule);
    if let Some(span) = &diagnostic.span {
        let file = report.template.sources.get(span.file);
        let source = &file.text;
        let std::ops::Range { start, mut end } = file.shown(&span.range);
        // A point (such as a parse error) still gets one caret.
        if start == end {
            end += source[start..].chars().next().map_or(0, char::len_utf8);
        }
        let range = start..end;
        message = message.snippet(
            Snippet::source(source)
                .origin(&origin)
                .line_start(1)
                .fold(true)
                .annotation(level.span(range)),
        );
    }
    if let Some(witness) = &witness {
        message = message.footer(Level::Note.title(witness));
    }
    let instances = instances_note(&diagnostic.message, &diagnostic.instances);
    if let Some(instances) = &instances {
        message = message.footer(Level::Note.title(instances));
    }
    let rendered = renderer.render(message).to_string();
    rendered
}
