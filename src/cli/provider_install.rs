//! `coderform provider install`: puts the provider into a plugin directory in
//! the layout Terraform's implied local mirror and `-plugin-dir` both read:
//! `DIR/registry.terraform.io/coder/coder/VERSION/OS_ARCH/terraform-provider-coder_vVERSION`.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};

use crate::platform;
use crate::schema::PROVIDER_ADDRESS;

const BINARY_NAME: &str = "terraform-provider-coder";

pub fn run(dir: Option<PathBuf>, version: &str, binary: Option<PathBuf>) -> Result<()> {
    let dir = match dir {
        Some(dir) => dir,
        None => default_plugin_dir()?,
    };
    let binary = match binary {
        Some(binary) => binary,
        None => sibling_binary()?,
    };
    let installed = install(&binary, &dir, version)?;
    super::output(&format!("{}\n", installed.display()))
}

/// Where Terraform looks for plugins without any configuration.
fn default_plugin_dir() -> Result<PathBuf> {
    let home = std::env::var_os("HOME").context("HOME is not set; pass --dir")?;
    Ok(PathBuf::from(home).join(".terraform.d").join("plugins"))
}

fn sibling_binary() -> Result<PathBuf> {
    let exe = std::env::current_exe().context("cannot locate the coderform executable")?;
    let candidate = exe.with_file_name(format!("{BINARY_NAME}{}", std::env::consts::EXE_SUFFIX));
    if !candidate.is_file() {
        bail!(
            "no {BINARY_NAME} next to {}; build both binaries (cargo build --release) or pass --binary",
            exe.display()
        );
    }
    Ok(candidate)
}

/// Copies `binary` into `dir` for `version`; returns the installed path.
pub fn install(binary: &Path, dir: &Path, version: &str) -> Result<PathBuf> {
    if version.is_empty()
        || !version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-+".contains(c))
    {
        bail!("invalid version {version:?}: expected something like 2.17.0");
    }
    if !binary.is_file() {
        bail!("provider binary {} does not exist", binary.display());
    }
    let target_dir = dir
        .join(PROVIDER_ADDRESS)
        .join(version)
        .join(platform::current());
    std::fs::create_dir_all(&target_dir)
        .with_context(|| format!("cannot create {}", target_dir.display()))?;
    let target = target_dir.join(format!(
        "{BINARY_NAME}_v{version}{}",
        std::env::consts::EXE_SUFFIX
    ));
    // Copy to a temporary name first so a running Terraform never sees half a binary.
    let partial = target.with_extension("partial");
    std::fs::copy(binary, &partial)
        .with_context(|| format!("cannot copy {} to {}", binary.display(), partial.display()))?;
    make_executable(&partial)?;
    std::fs::rename(&partial, &target)
        .with_context(|| format!("cannot move the provider into {}", target.display()))?;
    Ok(target)
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .with_context(|| format!("cannot make {} executable", path.display()))
}

#[cfg(not(unix))]
fn make_executable(_path: &Path) -> Result<()> {
    Ok(())
}
