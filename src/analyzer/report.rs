//! What the analysis of one template produces: diagnostics with spans, and
//! the facts the JSON contract exposes.

use std::collections::{BTreeMap, HashMap};

use super::config::CoderVersion;
use super::load::Template;
use super::source::{Position, Span};
use crate::schema::Severity;

/// The inputs under which the single-task rule breaks.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Witness {
    pub parameters: BTreeMap<String, String>,
    /// `start` or `stop`.
    pub transition: &'static str,
    pub task: bool,
    /// The build makes a prebuilt workspace.
    pub prebuild: bool,
    /// The build claims a prebuilt workspace for its owner.
    pub prebuild_claim: bool,
    /// What the build then plans: each declaration with task instances, by
    /// module instance and address, and how many (at least that many, where
    /// the rule also reports a count it could not decide).
    pub plans: Vec<PlannedDeclaration>,
}

/// One declaration's task instances in a witness's build.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PlannedDeclaration {
    pub address: String,
    pub count: u64,
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Where; `None` for the template as a whole.
    pub span: Option<Span>,
    pub witness: Option<Witness>,
    /// The block instances it concerns, by Terraform address
    /// (`module.apps["cursor"].coder_app.app`), where a rule knows them.
    pub instances: Vec<String>,
}

/// Makes one diagnostic of those of one rule that say the same at the same
/// place (the instances of a module or block that go wrong alike), naming
/// every instance they concern; the first keeps its place in the order.
pub fn merge_alike(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut merged: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len());
    let mut at: HashMap<(&'static str, String, Option<Span>), usize> = HashMap::new();
    for diagnostic in diagnostics {
        let key = (
            diagnostic.rule,
            diagnostic.message.clone(),
            diagnostic.span.clone(),
        );
        match at.get(&key) {
            Some(&index) => {
                let kept = &mut merged[index].instances;
                for instance in diagnostic.instances {
                    if !kept.contains(&instance) {
                        kept.push(instance);
                    }
                }
            }
            None => {
                at.insert(key, merged.len());
                merged.push(diagnostic);
            }
        }
    }
    merged
}

/// One template's results.
pub struct TemplateReport {
    /// The path as given on the command line.
    pub path: String,
    /// The Coder release whose rules were applied.
    pub version: CoderVersion,
    pub template: Template,
    pub task_template: bool,
    pub ai_task_instances_min: u64,
    /// `None` when unbounded or undecided.
    pub ai_task_instances_max: Option<u64>,
    pub diagnostics: Vec<Diagnostic>,
}

impl TemplateReport {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// Start and end positions of a span (end is exclusive, as editors expect).
    pub fn positions(&self, span: &Span) -> (Position, Position) {
        self.template.sources.get(span.file).positions(&span.range)
    }

    /// The file a span is in, relative to the template.
    pub fn file_path(&self, span: &Span) -> String {
        self.template
            .sources
            .get(span.file)
            .path
            .to_string_lossy()
            .replace('\\', "/")
    }
}
