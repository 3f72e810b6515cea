//! Installing the provider into a plugin directory, in the layout Terraform's
//! implied local mirror and `-plugin-dir` both read:
//! `DIR/registry.terraform.io/coder/coder/VERSION/OS_ARCH/terraform-provider-coder_vVERSION`.

use std::path::{Path, PathBuf};

use crate::platform;
use crate::schema::PROVIDER_ADDRESS;

const BINARY_NAME: &str = "terraform-provider-coder";

#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    #[error("HOME is not set; pass --dir")]
    NoHome,
    #[error("no {BINARY_NAME} next to {0}; build both binaries (cargo build --release) or pass --binary")]
    NoSibling(PathBuf),
    #[error("invalid version {0:?}: expected something like 2.17.0")]
    Version(String),
    #[error("provider binary {0} does not exist")]
    Missing(PathBuf),
    #[error("{what} {path}: {source}")]
    Io {
        what: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
}

fn io(what: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> InstallError {
    let path = path.to_path_buf();
    move |source| InstallError::Io { what, path, source }
}

/// Where Terraform looks for plugins without any configuration.
pub fn default_plugin_dir() -> Result<PathBuf, InstallError> {
    let home = std::env::var_os("HOME").ok_or(InstallError::NoHome)?;
    Ok(PathBuf::from(home).join(".terraform.d").join("plugins"))
}

/// `terraform-provider-coder` next to the running program.
pub fn sibling_binary() -> Result<PathBuf, InstallError> {
    let exe = std::env::current_exe().map_err(io("cannot locate", Path::new("coderform")))?;
    let candidate = exe.with_file_name(format!("{BINARY_NAME}{}", std::env::consts::EXE_SUFFIX));
    if !candidate.is_file() {
        return Err(InstallError::NoSibling(exe));
    }
    Ok(candidate)
}

/// Copies `binary` into `dir` for `version`; returns the installed path.
pub fn install(binary: &Path, dir: &Path, version: &str) -> Result<PathBuf, InstallError> {
    let valid = !version.is_empty()
        && version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-+".contains(c));
    if !valid {
        return Err(InstallError::Version(version.to_string()));
    }
    if !binary.is_file() {
        return Err(InstallError::Missing(binary.to_path_buf()));
    }
    let target_dir = dir
        .join(PROVIDER_ADDRESS)
        .join(version)
        .join(platform::current());
    std::fs::create_dir_all(&target_dir).map_err(io("cannot create", &target_dir))?;
    let target = target_dir.join(format!(
        "{BINARY_NAME}_v{version}{}",
        std::env::consts::EXE_SUFFIX
    ));
    // Copy to a temporary name first so a running Terraform never sees half a binary.
    let partial = target.with_extension("partial");
    std::fs::copy(binary, &partial).map_err(io("cannot copy the provider to", &partial))?;
    make_executable(&partial)?;
    std::fs::rename(&partial, &target).map_err(io("cannot move the provider to", &target))?;
    Ok(target)
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<(), InstallError> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .map_err(io("cannot make executable", path))
}

#[cfg(not(unix))]
fn make_executable(_path: &Path) -> Result<(), InstallError> {
    Ok(())
}
