//! `coderform lint`: checks template directories; exit code 0 when clean,
//! 1 when any error was found.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Result;
use clap::ValueEnum;
use rayon::prelude::*;

use crate::analyzer::config::CoderVersion;
use crate::analyzer::{lint, template_dirs, Options};
use crate::render;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Sarif,
}

/// Lints every path; returns whether any error was found.
pub fn run(
    paths: &[PathBuf],
    format: Format,
    coder_version: Option<CoderVersion>,
    disabled: Vec<String>,
) -> Result<bool> {
    let options = Options {
        coder_version,
        disabled,
    };
    let default = [PathBuf::from(".")];
    let given = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    // A directory of templates (such as `templates/`) lints each of them.
    let paths: Vec<PathBuf> = given.iter().flat_map(|p| template_dirs(p)).collect();
    // Templates are independent: lint them on every core, report in order.
    let reports = paths
        .par_iter()
        .map(|path| lint(path, &path.to_string_lossy(), &options))
        .collect::<Result<Vec<_>, _>>()?;
    let output = match format {
        Format::Text => render::text::render(&reports, std::io::stdout().is_terminal()),
        Format::Json => format!("{:#}\n", render::json::render(&reports)),
        Format::Sarif => format!("{:#}\n", render::sarif::render(&reports)),
    };
    super::output(&output)?;
    Ok(reports.iter().any(|r| r.errors() > 0))
}
