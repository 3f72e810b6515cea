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

/// How the binary gets into the plugin directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// A copy, which outlives the binary it came from.
    Copy,
    /// A symbolic link, for a scratch mirror that lives no longer than one
    /// run: a debug build is 150 MB, and a full disk should not fail an
    /// import. A copy where links cannot be made.
    Link,
}

/// Puts `binary` into `dir` for `version`; returns the installed path.
pub fn install(
    binary: &Path,
    dir: &Path,
    version: &str,
    placement: Placement,
) -> Result<PathBuf, InstallError> {
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
    // Place under a temporary name first so a running Terraform never sees
    // half a binary; one name per process, so two installs into the same
    // directory never write the same file.
    let partial = target.with_extension(format!("partial-{}", std::process::id()));
    // A stale partial may be a link, and copying through it would overwrite the binary.
    match std::fs::remove_file(&partial) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(io("cannot replace", &partial)(e));
        }
        _ => {}
    }
    let linked = placement == Placement::Link && link(binary, &partial)?;
    if !linked {
        std::fs::copy(binary, &partial).map_err(io("cannot copy the provider to", &partial))?;
        make_executable(&partial)?;
    }
    std::fs::rename(&partial, &target).map_err(io("cannot move the provider to", &target))?;
    Ok(target)
}

/// Links `partial` to `binary`; false where this system has no symbolic links
/// for programs.
#[cfg(unix)]
fn link(binary: &Path, partial: &Path) -> Result<bool, InstallError> {
    let absolute = std::path::absolute(binary).map_err(io("cannot locate", binary))?;
    std::os::unix::fs::symlink(&absolute, partial)
        .map_err(io("cannot link the provider to", partial))?;
    Ok(true)
}

#[cfg(not(unix))]
fn link(_binary: &Path, _partial: &Path) -> Result<bool, InstallError> {
    Ok(false)
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

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn binary_in(dir: &Path) -> PathBuf {
        let binary = dir.join("built");
        std::fs::write(&binary, b"the provider").expect("write binary");
        binary
    }

    #[test]
    fn a_link_points_at_the_absolute_binary() {
        let scratch = tempfile::tempdir().expect("scratch");
        let binary = binary_in(scratch.path());
        let installed = install(
            &binary,
            &scratch.path().join("plugins"),
            "2.1.0",
            Placement::Link,
        )
        .expect("install");
        let pointed = std::fs::read_link(&installed).expect("a link");
        assert!(pointed.is_absolute(), "{}", pointed.display());
        assert_eq!(pointed, binary);
        assert_eq!(std::fs::read(&installed).expect("read"), b"the provider");
    }

    #[test]
    fn a_copy_never_writes_through_a_stale_link() {
        let scratch = tempfile::tempdir().expect("scratch");
        let binary = binary_in(scratch.path());
        let plugins = scratch.path().join("plugins");
        let linked = install(&binary, &plugins, "2.1.0", Placement::Link).expect("link");
        std::os::unix::fs::symlink(
            &binary,
            linked.with_extension(format!("partial-{}", std::process::id())),
        )
        .expect("stale link");
        let copied = install(&binary, &plugins, "2.1.0", Placement::Copy).expect("copy");
        assert_eq!(copied, linked);
        assert!(!std::fs::symlink_metadata(&copied)
            .expect("stat")
            .is_symlink());
        assert_eq!(std::fs::read(&copied).expect("read"), b"the provider");
        assert_eq!(std::fs::read(&binary).expect("read"), b"the provider");
    }
}
