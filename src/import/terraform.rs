//! The import as Coder runs it: `terraform init`, `terraform plan` for START
//! at the defaults, `terraform show -json`, with this crate's provider
//! standing in for the Go one. Everything happens in a scratch copy.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value as Json;

use crate::provider::install::{install, Placement};
use crate::schema::{GO_PROVIDER_VERSION, PROVIDER_ADDRESS};

/// The programs the import runs.
#[derive(Clone, Debug)]
pub struct Tools {
    pub terraform: PathBuf,
    pub provider: PathBuf,
}

/// `terraform show -json` of the import plan of the template in `dir`.
pub fn import_plan(dir: &Path, tools: &Tools) -> Result<Json, String> {
    let scratch =
        tempfile::tempdir().map_err(|e| format!("cannot create a scratch directory: {e}"))?;
    let work = scratch.path().join("template");
    copy_template(dir, &work).map_err(|e| format!("cannot copy the template: {e}"))?;
    let plugins = scratch.path().join("plugins");
    install(
        &tools.provider,
        &plugins,
        GO_PROVIDER_VERSION,
        Placement::Link,
    )
    .map_err(|e| e.to_string())?;
    // Only coder/coder comes from the mirror; other providers install as usual.
    let config = scratch.path().join("terraformrc");
    let mirror = format!(
        "provider_installation {{\n  filesystem_mirror {{\n    path    = {:?}\n    include = [\"{PROVIDER_ADDRESS}\"]\n  }}\n  direct {{\n    exclude = [\"{PROVIDER_ADDRESS}\"]\n  }}\n}}\n",
        plugins.to_string_lossy()
    );
    std::fs::write(&config, mirror)
        .map_err(|e| format!("cannot write the CLI configuration: {e}"))?;
    // Terraform runs in the scratch copy: a relative path with a directory
    // part must not be looked up from there. A bare name is searched on PATH.
    let terraform = if tools.terraform.components().count() > 1 {
        std::path::absolute(&tools.terraform)
            .map_err(|e| format!("cannot locate {}: {e}", tools.terraform.display()))?
    } else {
        tools.terraform.clone()
    };
    let run = |args: &[&str]| -> Result<String, String> {
        let output = Command::new(&terraform)
            .args(args)
            .current_dir(&work)
            .env("TF_CLI_CONFIG_FILE", &config)
            .env("CHECKPOINT_DISABLE", "1")
            .env("TF_IN_AUTOMATION", "1")
            .env("CODER_WORKSPACE_TRANSITION", "start")
            .env_remove("CODER_TASK_ID")
            .env_remove("CODER_TASK_PROMPT")
            .env_remove("CODER_WORKSPACE_BUILD_ID")
            .output()
            .map_err(|e| format!("cannot run {}: {e}", terraform.display()))?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let last: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
            let tail = last[last.len().saturating_sub(8)..].join("\n");
            return Err(format!("terraform {} failed:\n{tail}", args[0]));
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    };
    run(&["init", "-input=false", "-no-color"])?;
    run(&["plan", "-input=false", "-no-color", "-out=import.tfplan"])?;
    let shown = run(&["show", "-json", "-no-color", "import.tfplan"])?;
    serde_json::from_str(&shown).map_err(|e| format!("terraform show -json printed no JSON: {e}"))
}

/// Copies the template's files, leaving out what `terraform init` makes
/// anew (providers, the lock file that pins the Go provider's hashes).
fn copy_template(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)?.filter_map(Result::ok) {
        let name = entry.file_name();
        let kind = entry.file_type()?;
        let target = to.join(&name);
        if name == ".terraform.lock.hcl" || name == "providers" && from.ends_with(".terraform") {
            continue;
        }
        if name.to_string_lossy().starts_with("terraform.tfstate") {
            continue;
        }
        if kind.is_dir() {
            copy_template(&entry.path(), &target)?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
