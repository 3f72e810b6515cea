//! `coderform import`: the manifest of a template version, as JSON.

use std::path::PathBuf;

use anyhow::Result;

use crate::analyzer::config::CoderVersion;
use crate::analyzer::Options as LintOptions;
use crate::import::archive::Limits;
use crate::import::terraform::Tools;
use crate::import::{import, Options, Source};
use crate::provider::install::sibling_binary;

#[derive(clap::Args)]
pub struct Args {
    /// A template directory, a .tar or .tar.gz archive, or - for an archive on standard input.
    source: String,
    /// The Coder release whose rules apply (MAJOR.MINOR).
    #[arg(long, value_parser = super::parse_version)]
    coder_version: Option<CoderVersion>,
    /// Turn a rule off (repeatable).
    #[arg(long = "disable", value_name = "RULE")]
    disable: Vec<String>,
    /// `terraform show -json` of a plan: check it as Coder checks builds.
    #[arg(long, value_name = "FILE")]
    plan: Option<PathBuf>,
    /// Also run the import with Terraform (init, plan at the defaults, show) and compare.
    #[arg(long)]
    terraform: bool,
    /// The Terraform to run with --terraform.
    #[arg(long, default_value = "terraform")]
    terraform_binary: PathBuf,
    /// The provider to plan with (default: terraform-provider-coder next to this program).
    #[arg(long)]
    provider_binary: Option<PathBuf>,
    /// Most bytes an archive may unpack to.
    #[arg(long, default_value_t = 256 * 1024 * 1024)]
    max_bytes: u64,
    /// Most entries an archive may hold.
    #[arg(long, default_value_t = 10_000)]
    max_entries: usize,
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
