//! The `coderform` command line: one file per subcommand.

mod docs;
mod import;
mod lint;
mod provider_install;
pub mod rules;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::analyzer::config::CoderVersion;
use crate::schema::GO_PROVIDER_VERSION;

fn parse_version(text: &str) -> Result<CoderVersion, String> {
    text.parse()
}

#[derive(Parser)]
#[command(
    name = "coderform",
    version,
    about = "Tools for Coder templates that run AI coding agents"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check templates statically: the task-template rules, over every admissible parameter value.
    Lint {
        /// Template directories (Terraform root modules).
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: lint::Format,
        /// The Coder release whose rules apply (MAJOR.MINOR); default: the documented task contract.
        #[arg(long, value_parser = parse_version)]
        coder_version: Option<CoderVersion>,
        /// Turn a rule off (repeatable).
        #[arg(long = "disable", value_name = "RULE")]
        disable: Vec<String>,
    },
    /// Turn a template version into a verdict and a manifest (JSON), as at import.
    Import(import::Args),
    /// Write the provider and rule documentation (registry layout) from the declarations.
    Docs {
        /// Where to write.
        #[arg(long, default_value = "docs")]
        dir: PathBuf,
        /// Where the examples embedded in the pages are.
        #[arg(long, default_value = "examples")]
        examples: PathBuf,
    },
    /// List the lint rules, or print their documentation.
    Rules {
        /// Print the Markdown reference (docs/rules.md).
        #[arg(long)]
        markdown: bool,
    },
    /// Manage the Terraform provider shipped with coderform.
    #[command(subcommand)]
    Provider(ProviderCommand),
}

#[derive(Subcommand)]
enum ProviderCommand {
    /// Install terraform-provider-coder where `terraform init` finds it offline.
    Install {
        /// Plugin directory (default: ~/.terraform.d/plugins; pass the same to `terraform init -plugin-dir`).
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Version to install as; the default is the Go provider's version whose schema we match.
        #[arg(long, default_value = GO_PROVIDER_VERSION)]
        version: String,
        /// Provider binary to install (default: terraform-provider-coder next to this program).
        #[arg(long)]
        binary: Option<PathBuf>,
    },
}

/// Writes to standard output; a closed pipe (`coderform lint | head`) ends
/// the output quietly instead of failing.
pub(crate) fn output(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// Runs the command line; errors are printed on one line with exit code 2.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    // Whether the command found errors in what it checked (exit code 1).
    let found_errors = match cli.command {
        Command::Lint {
            paths,
            format,
            coder_version,
            disable,
        } => lint::run(&paths, format, coder_version, disable),
        Command::Import(args) => import::run(args),
        Command::Docs { dir, examples } => docs::run(&dir, &examples).map(|()| false),
        Command::Rules { markdown } => output(&if markdown {
            rules::markdown()
        } else {
            rules::list()
        })
        .map(|()| false),
        Command::Provider(ProviderCommand::Install {
            dir,
            version,
            binary,
        }) => provider_install::run(dir, &version, binary).map(|()| false),
    };
    match found_errors {
        Ok(false) => ExitCode::SUCCESS,
        Ok(true) => ExitCode::from(1),
        Err(error) => {
            eprintln!("coderform: {error:#}");
            ExitCode::from(2)
        }
    }
}
