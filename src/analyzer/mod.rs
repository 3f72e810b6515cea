//! `coderform lint`: checks templates statically. Loading (files, modules,
//! spans), a partial evaluator over every admissible scenario, and one file
//! per rule; the outputs live in `crate::render`.

pub mod config;
/// Public so that the lint benchmark's baseline reads files as the loader does.
pub mod directory;
pub mod eval;
pub mod json;
pub mod load;
mod overrides;
pub mod provider_checks;
pub mod references;
pub mod report;
pub mod rules;
pub mod source;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use config::{read_config, CoderVersion, FileConfig, Suppressions};
use eval::scenarios::{
    analyse_tasks, defaults_scenario, distinct_module_scopes, parameters, TaskAnalysis,
};
use eval::Evaluator;
use load::{load, LoadError};
use references::References;
use report::{Diagnostic, TemplateReport};

/// Choices from the command line; they win over `.coderform.hcl`.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub coder_version: Option<CoderVersion>,
    pub disabled: Vec<String>,
}

/// Why a template could not be analysed (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum LintError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("{0}")]
    Config(String),
    #[error("unknown rule {0:?} (see `coderform rules`)")]
    UnknownRule(String),
}

/// The template directories under `path`: `path` itself when it holds `*.tf`
/// files, else every directory below it that does (not looking inside a
/// template, nor into hidden directories such as `.terraform`).
pub fn template_dirs(path: &Path) -> Vec<std::path::PathBuf> {
    fn walk(dir: &Path, depth: usize, out: &mut Vec<std::path::PathBuf>) {
        let Ok(mut directory) = directory::Directory::open(dir) else {
            return;
        };
        let (mut holds_tf, mut children) = (false, Vec::new());
        let listed = directory.for_each_entry(&mut |name, is_dir| {
            if is_dir {
                if !name.to_string_lossy().starts_with('.') {
                    children.push(dir.join(name));
                }
            } else if load::is_terraform_file(name) {
                holds_tf = true;
            }
        });
        if holds_tf {
            out.push(dir.to_path_buf());
            return;
        }
        if depth == 0 || listed.is_err() {
            return;
        }
        children.sort();
        for child in children {
            walk(&child, depth - 1, out);
        }
    }
    let mut found = Vec::new();
    walk(path, 8, &mut found);
    if found.is_empty() {
        found.push(path.to_path_buf());
    }
    found
}

/// Analyses the template in `dir`; `display` is how reports name it.
pub fn lint(dir: &Path, display: &str, options: &Options) -> Result<TemplateReport, LintError> {
    let template = load(dir)?;
    let config = if template.has_config {
        read_config(dir).map_err(LintError::Config)?
    } else {
        FileConfig::default()
    };
    let version = options
        .coder_version
        .or(config.coder_version)
        .unwrap_or_default();
    let mut disabled = BTreeSet::new();
    for id in options.disabled.iter().chain(&config.disable) {
        if rules::find(id).is_none() {
            return Err(LintError::UnknownRule(id.clone()));
        }
        disabled.insert(id.as_str());
    }
    let parameters = parameters(&template);
    let task_template = template.modules.iter().any(|m| {
        m.resources
            .iter()
            .any(|r| !r.data && r.ty == "coder_ai_task")
    });
    let tasks = if task_template {
        analyse_tasks(&template, &parameters)
    } else {
        TaskAnalysis {
            max: Some(0),
            ..TaskAnalysis::default()
        }
    };
    let mut diagnostics: Vec<Diagnostic> = template
        .problems
        .iter()
        .map(|p| Diagnostic {
            rule: p.rule,
            severity: p.severity,
            message: p.message.clone(),
            span: p.span.clone(),
            witness: None,
            instances: Vec::new(),
        })
        .collect();
    // Disabled rules do not run: a team that turns the provider's checks
    // off also saves their cost. Syntax errors are always reported.
    let enabled = |rule: &str| rule == "hcl-syntax" || !disabled.contains(rule);
    let defaults = defaults_scenario(&parameters);
    let none = BTreeMap::new();
    let evaluator = Evaluator::new(&template, &defaults, &none);
    let module_scopes = distinct_module_scopes(&evaluator);
    let provider = if enabled("provider-schema") || enabled("provider-validation") {
        provider_checks::check(&evaluator, &parameters, &module_scopes)
    } else {
        Vec::new()
    };
    let references = References::new(&template);
    let context = rules::Context {
        template: &template,
        version,
        parameters: &parameters,
        tasks: &tasks,
        provider: &provider,
        defaults: &evaluator,
        references: &references,
        module_scopes: &module_scopes,
    };
    for rule in rules::all().iter().filter(|rule| enabled(rule.meta().id)) {
        rule.check(&context, &mut diagnostics);
    }
    let mut diagnostics = report::merge_alike(diagnostics);
    // Only findings can be silenced: a clean template's text is not scanned.
    let suppressions = if diagnostics.is_empty() {
        Suppressions::default()
    } else {
        Suppressions::scan(&template.sources)
    };
    diagnostics.retain(|d| {
        if d.rule == "hcl-syntax" {
            return true;
        }
        if !enabled(d.rule) {
            return false;
        }
        match &d.span {
            Some(span) => {
                let line = template
                    .sources
                    .get(span.file)
                    .positions(&span.range)
                    .0
                    .line;
                !suppressions.silences(span.file, line, d.rule)
            }
            None => true,
        }
    });
    diagnostics.sort_by_key(|d| {
        d.span
            .as_ref()
            .map(|s| (s.file, template.sources.get(s.file).positions(&s.range).0))
    });
    Ok(TemplateReport {
        path: display.to_string(),
        version,
        template,
        task_template,
        ai_task_instances_min: tasks.min,
        ai_task_instances_max: tasks.max,
        diagnostics,
    })
}

#[cfg(test)]
mod tests {
    use super::template_dirs;

    #[test]
    fn template_dirs_finds_each_template_once_and_skips_hidden_directories() {
        let root = tempfile::tempdir().expect("temporary directory");
        for file in [
            "a/main.tf",
            "a/modules/agent/main.tf",
            "b/c/main.tf",
            ".terraform/modules/x/main.tf",
            "d/README.md",
        ] {
            let path = root.path().join(file);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("directories");
            std::fs::write(path, "").expect("write");
        }
        // A directory whose name ends in `.tf` is not a Terraform file.
        std::fs::create_dir_all(root.path().join("d/odd.tf")).expect("directory");
        let found: Vec<_> = template_dirs(root.path())
            .into_iter()
            .map(|dir| dir.strip_prefix(root.path()).map(|p| p.to_path_buf()))
            .collect();
        assert_eq!(found, [Ok("a".into()), Ok("b/c".into())]);
        assert_eq!(
            template_dirs(&root.path().join("a")),
            [root.path().join("a")]
        );
        let missing = root.path().join("missing");
        assert_eq!(template_dirs(&missing), [missing]);
    }
}
