//! `coderform import`: the manifest of a template version, as JSON.

use std::path::PathBuf;

use anyhow::Result;

use crate::analyzer::config::CoderVersion;
use crate::analyzer::Options as LintOptions;
use crate::import::archive::Limits;
use crate::import::terraform::Tools;
use crate::import::{import, Options, Source};
use crate::provider::install::sibling_binary;

pub struct Args {
    pub source: String,
    pub coder_version: Option<CoderVersion>,
    pub disable: Vec<String>,
    pub plan: Option<PathBuf>,
    pub terraform: bool,
    pub terraform_binary: PathBuf,
    pub provider_binary: Option<PathBuf>,
    pub max_bytes: u64,
    pub max_entries: usize,
}

/// Prints the manifest; returns whether any error was found.
pub fn run(args: Args) -> Result<bool> {
    let terraform = if args.terraform {
        let provider = match args.provider_binary {
            Some(path) => path,
            None => sibling_binary()?,
        };
        Some(Tools {
            terraform: args.terraform_binary,
            provider,
        })
    } else {
        None
    };
    let options = Options {
        lint: LintOptions {
            coder_version: args.coder_version,
            disabled: args.disable,
        },
        limits: Limits {
            max_bytes: args.max_bytes,
            max_entries: args.max_entries,
        },
        plan: args.plan,
        terraform,
    };
    let (manifest, errors) = import(&Source::from_arg(&args.source), &args.source, &options)?;
    super::output(&format!("{manifest:#}\n"))?;
    Ok(errors)
}
