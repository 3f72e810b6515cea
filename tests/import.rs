//! `coderform import`: manifests (snapshots), archives as hostile input, the
//! build-time check on real plans, and agreement with real Terraform.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value as Json;
use support::{copy_with_requirements, fixture_cases, terraform, Workspace, CODER_REQUIREMENT};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn coderform(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_coderform"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run coderform")
}

fn manifest(output: &Output) -> Json {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}):\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

#[test]
fn manifests_of_the_bundled_templates_and_fixtures() {
    for dir in [
        "templates/tasks-basic",
        "templates/ai-workspace",
        "tests/import_fixtures/everything",
    ] {
        let output = coderform(&["import", dir]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{dir}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let name = dir.replace('/', "__");
        insta::assert_json_snapshot!(name, manifest(&output));
    }
}

/// A tar.gz of a directory, built with the tar crate.
fn tar_gz(dir: &Path) -> Vec<u8> {
    let encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut builder = tar::Builder::new(encoder);
    builder
        .append_dir_all(".", dir)
        .expect("archive the directory");
    builder
        .into_inner()
        .and_then(|e| e.finish())
        .expect("finish the archive")
}

#[test]
fn an_archive_gives_the_manifest_of_its_directory() {
    let dir = "tests/import_fixtures/everything";
    let archive = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(archive.path(), tar_gz(&root().join(dir))).expect("write archive");
    let from_dir = manifest(&coderform(&["import", dir]));
    let archive_path = archive.path().to_string_lossy().into_owned();
    let mut from_archive = manifest(&coderform(&["import", &archive_path]));
    assert_eq!(from_archive["source"], archive_path.as_str());
    from_archive["source"] = from_dir["source"].clone();
    assert_eq!(from_archive, from_dir);

    // The same archive on standard input.
    let mut child = Command::new(env!("CARGO_BIN_EXE_coderform"))
        .args(["import", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&tar_gz(&root().join(dir)))
        .expect("send the archive");
    let output = child.wait_with_output().expect("wait");
    let mut from_stdin = manifest(&output);
    from_stdin["source"] = from_dir["source"].clone();
    assert_eq!(from_stdin, from_dir);
}

/// A raw tar entry, bypassing the checks the tar crate makes when building.
fn raw_entry(
    builder: &mut tar::Builder<Vec<u8>>,
    path: &str,
    kind: tar::EntryType,
    link: &str,
    data: &[u8],
) {
    let mut header = tar::Header::new_old();
    header.as_old_mut().name[..path.len()].copy_from_slice(path.as_bytes());
    header.as_old_mut().linkname[..link.len()].copy_from_slice(link.as_bytes());
    header.set_entry_type(kind);
    header.set_size(data.len() as u64);
    header.set_mode(0o644);
    header.set_cksum();
    builder.append(&header, data).expect("append");
}

/// Imports a crafted archive from a scratch directory two levels down, so
/// that an escape would land in directories the test can watch.
fn import_crafted(
    entries: impl FnOnce(&mut tar::Builder<Vec<u8>>),
    extra: &[&str],
) -> (Output, tempfile::TempDir) {
    let watched = tempfile::tempdir().expect("watched directory");
    let mut builder = tar::Builder::new(Vec::new());
    raw_entry(
        &mut builder,
        "main.tf",
        tar::EntryType::Regular,
        "",
        b"# a template\n",
    );
    entries(&mut builder);
    let bytes = builder.into_inner().expect("archive");
    let archive = watched.path().join("version.tar");
    std::fs::write(&archive, bytes).expect("write archive");
    let mut args = vec!["import".to_string(), archive.to_string_lossy().into_owned()];
    args.extend(extra.iter().map(|s| s.to_string()));
    let output = Command::new(env!("CARGO_BIN_EXE_coderform"))
        .args(&args)
        .env("TMPDIR", watched.path())
        .output()
        .expect("run coderform");
    (output, watched)
}

fn refused(output: &Output, message: &str) {
    assert_eq!(
        output.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(message), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
}

/// Everything under `dir` except the archive itself: nothing may be left.
fn leftovers(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read").filter_map(Result::ok) {
        if entry.file_name() != "version.tar" {
            found.push(entry.path());
        }
    }
    found
}

#[test]
fn path_traversal_is_refused() {
    let (output, watched) = import_crafted(
        |b| raw_entry(b, "../../escaped.tf", tar::EntryType::Regular, "", b"x"),
        &[],
    );
    refused(
        &output,
        "archive entry \"../../escaped.tf\" escapes the template directory",
    );
    assert!(
        leftovers(watched.path()).is_empty(),
        "{:?}",
        leftovers(watched.path())
    );
    assert!(!watched.path().join("../escaped.tf").exists());
}

#[test]
fn absolute_paths_are_refused() {
    let target = format!("/tmp/coderform-absolute-{}.tf", std::process::id());
    let (output, watched) = import_crafted(
        |b| raw_entry(b, &target, tar::EntryType::Regular, "", b"x"),
        &[],
    );
    refused(&output, "has an absolute path");
    assert!(!Path::new(&target).exists());
    assert!(leftovers(watched.path()).is_empty());
}

#[test]
fn links_out_of_the_root_are_refused() {
    let (output, watched) = import_crafted(
        |b| {
            raw_entry(
                b,
                "modules/evil",
                tar::EntryType::Symlink,
                "../../../etc",
                b"",
            )
        },
        &[],
    );
    refused(
        &output,
        "links to \"../../../etc\", outside the template directory",
    );
    assert!(leftovers(watched.path()).is_empty());
    let (output, _) = import_crafted(
        |b| raw_entry(b, "hard", tar::EntryType::Link, "/etc/passwd", b""),
        &[],
    );
    refused(&output, "outside the template directory");
}

#[test]
fn decompression_bombs_are_refused() {
    // 8 MiB of zeros compress to a few KiB; the cap is 1 MiB.
    let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(
        Vec::new(),
        flate2::Compression::best(),
    ));
    let zeros = vec![0u8; 8 * 1024 * 1024];
    let mut header = tar::Header::new_gnu();
    header.set_size(zeros.len() as u64);
    header.set_mode(0o644);
    header.set_cksum();
    builder
        .append_data(&mut header, "bomb.tf", zeros.as_slice())
        .expect("append");
    let bytes = builder
        .into_inner()
        .and_then(|e| e.finish())
        .expect("archive");
    assert!(bytes.len() < 100 * 1024);
    let watched = tempfile::tempdir().expect("watched directory");
    let archive = watched.path().join("version.tar");
    std::fs::write(&archive, bytes).expect("write");
    let output = Command::new(env!("CARGO_BIN_EXE_coderform"))
        .args([
            "import",
            &archive.to_string_lossy(),
            "--max-bytes",
            "1048576",
        ])
        .env("TMPDIR", watched.path())
        .output()
        .expect("run");
    refused(
        &output,
        "archive entry \"bomb.tf\" makes the template larger than 1048576 bytes",
    );
    assert!(leftovers(watched.path()).is_empty());

    let (output, _) = import_crafted(
        |b| {
            for i in 0..20 {
                raw_entry(b, &format!("f{i}.tf"), tar::EntryType::Regular, "", b"");
            }
        },
        &["--max-entries", "10"],
    );
    refused(&output, "archive has more than 10 entries");
}

#[test]
fn devices_and_garbage_are_refused() {
    let (output, _) = import_crafted(|b| raw_entry(b, "dev", tar::EntryType::Char, "", b""), &[]);
    refused(&output, "is a character device");
    let garbage = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(
        garbage.path(),
        b"definitely not a tar archive, but long enough to be read as one....",
    )
    .expect("write");
    let output = coderform(&["import", &garbage.path().to_string_lossy()]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        coderform(&["import", "no/such/archive.tar"]).status.code(),
        Some(2)
    );
}

const APP: &str = r#"
resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
}

resource "coder_app" "agent" {
  agent_id = coder_agent.main.id
  slug     = "agent"
  command  = "agent"
}
"#;

/// Plans `files` with real Terraform and our provider; the plan as JSON in a file.
fn plan_json(files: &[(&str, &str)]) -> Option<(Workspace, PathBuf)> {
    let terraform = terraform()?;
    let workspace = Workspace::new(&terraform, files);
    workspace.ok(&["plan", "-input=false", "-no-color", "-out=build.tfplan"]);
    let shown = workspace.ok(&["show", "-json", "-no-color", "build.tfplan"]);
    let path = workspace.dir.path().join("plan.json");
    std::fs::write(&path, shown.stdout).expect("write plan JSON");
    Some((workspace, path))
}

fn check_plan(files: &[(&str, &str)], expected: usize, found_message: bool) {
    let Some((workspace, plan)) = plan_json(files) else {
        return;
    };
    let dir = workspace.dir.path().to_string_lossy().into_owned();
    let plan = plan.to_string_lossy().into_owned();
    let base = "only one 'coder_ai_task' resource can be provisioned per template";
    for (version, message) in [
        ("2.29", Some(base.to_string())),
        ("2.30", Some(format!("{base}, found {expected}"))),
        ("2.37", None),
    ] {
        let output = coderform(&["import", "--coder-version", version, "--plan", &plan, &dir]);
        let json = manifest(&output);
        assert_eq!(json["plan"]["ai_task_instances"], expected, "{version}");
        let messages: Vec<&str> = json["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|d| d["file"] == plan.as_str())
            .filter_map(|d| d["message"].as_str())
            .collect();
        match (&message, found_message) {
            (Some(message), true) => {
                assert_eq!(messages, [message.as_str()], "{version}");
                assert_eq!(output.status.code(), Some(1), "{version}");
            }
            _ => assert!(messages.is_empty(), "{version}: {messages:?}"),
        }
    }
}

#[test]
fn plan_check_passes_one_task() {
    let main = format!("{CODER_REQUIREMENT}{APP}\nresource \"coder_ai_task\" \"task\" {{\n  app_id = coder_app.agent.id\n}}\n");
    check_plan(&[("main.tf", &main)], 1, false);
}

#[test]
fn plan_check_catches_two_tasks_through_count() {
    let main = format!("{CODER_REQUIREMENT}{APP}\nresource \"coder_ai_task\" \"task\" {{\n  count  = 2\n  app_id = coder_app.agent.id\n}}\n");
    check_plan(&[("main.tf", &main)], 2, true);
}

#[test]
fn plan_check_catches_two_tasks_through_a_module() {
    let main = format!(
        "{CODER_REQUIREMENT}\nmodule \"agent\" {{\n  count  = 2\n  source = \"./agent\"\n}}\n"
    );
    // Modules declare their providers, as real ones do.
    let module = format!(
        "{CODER_REQUIREMENT}{APP}\nresource \"coder_ai_task\" \"task\" {{\n  app_id = coder_app.agent.id\n}}\n"
    );
    check_plan(&[("main.tf", &main), ("agent/main.tf", &module)], 2, true);
}

#[test]
fn a_file_that_is_not_a_plan_is_an_error() {
    let file = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(file.path(), r#"{"format_version": "1.0", "values": {}}"#).expect("write");
    let output = coderform(&[
        "import",
        "--plan",
        &file.path().to_string_lossy(),
        "templates/tasks-basic",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not the JSON of a plan"));
}

/// Terraform runs in a scratch copy of the template, yet relative paths to it
/// and to the provider are read from where coderform was started.
#[cfg(unix)]
#[test]
fn relative_tool_paths_are_read_from_the_working_directory() {
    let Some(terraform) = terraform() else { return };
    let start = tempfile::tempdir().expect("scratch");
    let tools = start.path().join("tools");
    std::fs::create_dir(&tools).expect("tools directory");
    std::os::unix::fs::symlink(&terraform.path, tools.join("terraform")).expect("link terraform");
    std::os::unix::fs::symlink(
        env!("CARGO_BIN_EXE_terraform-provider-coder"),
        tools.join("provider"),
    )
    .expect("link provider");
    let output = Command::new(env!("CARGO_BIN_EXE_coderform"))
        .args([
            "import",
            "--terraform",
            "--terraform-binary",
            "tools/terraform",
            "--provider-binary",
            "tools/provider",
        ])
        .arg(root().join("templates/tasks-basic"))
        .current_dir(start.path())
        .output()
        .expect("run coderform");
    let json = manifest(&output);
    assert_eq!(json["terraform"]["error"], Json::Null, "{json:#}");
    assert_eq!(json["terraform"]["agrees"], true, "{json:#}");
}

/// `--terraform` agrees with the static analysis on every analyzer fixture
/// that Terraform can plan.
#[test]
fn terraform_agrees_with_the_static_analysis() {
    let Some(terraform) = terraform() else { return };
    let mut cases = fixture_cases();
    cases.extend([
        root().join("templates/tasks-basic"),
        root().join("templates/ai-workspace"),
    ]);
    cases.sort();
    let terraform_path = terraform.path.to_string_lossy().into_owned();
    // Fixtures leave out the provider requirement, which real templates
    // carry: copies get it, or Terraform would look for hashicorp/coder.
    let scratch = tempfile::tempdir().expect("scratch");
    let cases: Vec<PathBuf> = cases
        .iter()
        .enumerate()
        .map(|(i, case)| {
            let copy = scratch.path().join(i.to_string());
            copy_with_requirements(case, &copy);
            copy
        })
        .collect();
    let results: Vec<(PathBuf, Json)> = std::thread::scope(|scope| {
        let halves: Vec<Vec<PathBuf>> = vec![
            cases.iter().step_by(2).cloned().collect(),
            cases.iter().skip(1).step_by(2).cloned().collect(),
        ];
        let handles: Vec<_> = halves
            .into_iter()
            .map(|half| {
                let terraform_path = terraform_path.clone();
                scope.spawn(move || {
                    half.into_iter()
                        .map(|case| {
                            let output = coderform(&[
                                "import",
                                "--terraform",
                                "--terraform-binary",
                                &terraform_path,
                                "--provider-binary",
                                env!("CARGO_BIN_EXE_terraform-provider-coder"),
                                &case.to_string_lossy(),
                            ]);
                            (case, manifest(&output))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("worker"))
            .collect()
    });
    let mut agreed = 0;
    let mut refusals = Vec::new();
    for (case, json) in &results {
        let ran = &json["terraform"];
        if let Some(error) = ran.get("error") {
            // Terraform cannot plan this fixture (a syntax error, a missing module, ...).
            refusals.push(format!("{}: {error}", case.display()));
            continue;
        }
        if json["ai_task_instances"]["at_defaults"].is_null() {
            // Undecided statically: Terraform's count is reported, not compared.
            assert_eq!(ran["agrees"], Json::Null, "{}: {json:#}", case.display());
            let warned = json["diagnostics"].as_array().is_some_and(|d| {
                d.iter()
                    .any(|d| d["rule"] == "terraform-agreement" && d["severity"] == "warning")
            });
            assert!(warned, "{}: no warning: {json:#}", case.display());
            continue;
        }
        assert_eq!(
            ran["agrees"],
            true,
            "{}: static {} vs terraform {}",
            case.display(),
            json["ai_task_instances"]["at_defaults"],
            ran["ai_task_instances"]
        );
        agreed += 1;
    }
    assert!(
        agreed >= 20,
        "only {agreed} of {} fixtures planned; the first refusals:\n{}",
        results.len(),
        refusals[..refusals.len().min(3)].join("\n")
    );
}
