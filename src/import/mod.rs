//! `coderform import`: a template version (a directory, or a tar archive as
//! Coder receives them) turned into a verdict and a manifest, statically, and
//! optionally checked against a real plan.

pub mod archive;
pub mod manifest;
pub mod plan;
pub mod terraform;

use std::path::PathBuf;

use serde_json::{json, Value as Json};

use crate::analyzer::{lint, LintError, Options as LintOptions};
use crate::render;
use archive::{unpack, ArchiveError, Limits};
use terraform::Tools;

/// Where the template version comes from.
pub enum Source {
    Dir(PathBuf),
    Archive(PathBuf),
    /// An archive on standard input.
    Stdin,
}

impl Source {
    pub fn from_arg(arg: &str) -> Source {
        if arg == "-" {
            return Source::Stdin;
        }
        let path = PathBuf::from(arg);
        if path.is_dir() {
            Source::Dir(path)
        } else {
            Source::Archive(path)
        }
    }
}

#[derive(Default)]
pub struct Options {
    pub lint: LintOptions,
    pub limits: Limits,
    /// `terraform show -json` of a plan to check as Coder checks builds.
    pub plan: Option<PathBuf>,
    /// Run the import with Terraform and compare its plan with the analysis.
    pub terraform: Option<Tools>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    #[error(transparent)]
    Lint(#[from] LintError),
    #[error("{0}: {1}")]
    Read(PathBuf, std::io::Error),
    #[error("{0}")]
    Plan(String),
}

/// The manifest, and whether any error was found.
pub fn import(
    source: &Source,
    display: &str,
    options: &Options,
) -> Result<(Json, bool), ImportError> {
    // Archives unpack into a scratch directory that is removed afterwards.
    let scratch = tempfile::tempdir()
        .map_err(|e| ImportError::Read(PathBuf::from("temporary directory"), e))?;
    let dir: PathBuf = match source {
        Source::Dir(dir) => dir.clone(),
        Source::Archive(path) => {
            let file = std::fs::File::open(path).map_err(|e| ImportError::Read(path.clone(), e))?;
            unpack(file, scratch.path(), options.limits)?;
            scratch.path().to_path_buf()
        }
        Source::Stdin => {
            unpack(std::io::stdin().lock(), scratch.path(), options.limits)?;
            scratch.path().to_path_buf()
        }
    };
    let report = lint(&dir, display, &options.lint)?;
    let at_defaults = manifest::tasks_at_defaults(&report.template);
    let mut diagnostics = render::json::diagnostics(&report);
    let mut errors = report.errors() > 0;
    let version = report.version;
    let effective = if version.ignores_tasks() {
        Some(false)
    } else if version.plans_task_flag() {
        at_defaults.map(|n| n > 0)
    } else {
        Some(report.task_template)
    };
    let mut out = json!({
        "version": 1,
        "source": display,
        "coder_version": version.to_string(),
        "task_template": {
            "declared": report.task_template,
            "planned_at_defaults": at_defaults.map(|n| n > 0),
            "effective": effective,
        },
        "ai_task_instances": {
            "min": report.ai_task_instances_min,
            "max": report.ai_task_instances_max,
            "at_defaults": at_defaults,
        },
    });
    if let Json::Object(described) = manifest::describe(&report.template) {
        if let Json::Object(target) = &mut out {
            target.extend(described);
        }
    }
    if let Some(path) = &options.plan {
        let text = std::fs::read_to_string(path).map_err(|e| ImportError::Read(path.clone(), e))?;
        let shown: Json = serde_json::from_str(&text)
            .map_err(|e| ImportError::Plan(format!("{}: not JSON: {e}", path.display())))?;
        let count = plan::planned_tasks(&shown)
            .map_err(|e| ImportError::Plan(format!("{}: {e}", path.display())))?;
        out["plan"] = json!({ "file": path.display().to_string(), "ai_task_instances": count });
        if let Some(message) = plan::coder_message(count, version) {
            errors = true;
            diagnostics.push(json!({ "rule": "single-ai-task", "severity": "error", "message": message, "file": path.display().to_string() }));
        }
    }
    if let Some(tools) = &options.terraform {
        match terraform::import_plan(&dir, tools).and_then(|shown| plan::planned_tasks(&shown)) {
            Ok(count) => {
                out["terraform"] = json!({ "ai_task_instances": count, "agrees": at_defaults.map(|n| n == count) });
                match at_defaults {
                    Some(expected) if expected != count => {
                        errors = true;
                        diagnostics.push(json!({
                            "rule": "terraform-agreement",
                            "severity": "error",
                            "message": format!("the static analysis expects {expected} coder_ai_task instances at the import defaults, but terraform plans {count}"),
                        }));
                    }
                    Some(_) => {}
                    None => diagnostics.push(json!({
                        "rule": "terraform-agreement",
                        "severity": "warning",
                        "message": format!("terraform plans {count} coder_ai_task instances at the import defaults; the static analysis could not decide"),
                    })),
                }
            }
            Err(message) => {
                errors = true;
                out["terraform"] = json!({ "error": message });
                diagnostics.push(json!({ "rule": "terraform-agreement", "severity": "error", "message": message }));
            }
        }
    }
    out["diagnostics"] = Json::Array(diagnostics);
    drop(scratch);
    Ok((out, errors))
}
