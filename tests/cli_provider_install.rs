//! `coderform provider install`: the layout Terraform reads, and clear
//! one-line errors with exit code 2.

use std::process::Command;

fn coderform(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_coderform"))
        .args(args)
        .output()
        .expect("run coderform")
}

#[test]
fn installs_in_terraform_mirror_layout() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dir_arg = dir.path().to_string_lossy().into_owned();
    let output = coderform(&[
        "provider",
        "install",
        "--dir",
        &dir_arg,
        "--binary",
        env!("CARGO_BIN_EXE_terraform-provider-coder"),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let platform = format!(
        "{}_{}",
        coderform::platform::go_os(std::env::consts::OS),
        coderform::platform::go_arch(std::env::consts::ARCH)
    );
    let expected = dir
        .path()
        .join("registry.terraform.io/coder/coder/2.17.0")
        .join(platform)
        .join("terraform-provider-coder_v2.17.0");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        expected.to_string_lossy()
    );
    let installed = std::fs::read(&expected).expect("installed binary");
    let original =
        std::fs::read(env!("CARGO_BIN_EXE_terraform-provider-coder")).expect("built binary");
    assert!(
        installed == original,
        "installed binary differs from the built one"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&expected)
            .expect("metadata")
            .permissions()
            .mode();
        assert_eq!(mode & 0o111, 0o111, "not executable");
    }
}

#[test]
fn other_versions_and_the_sibling_binary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dir_arg = dir.path().to_string_lossy().into_owned();
    // No --binary: coderform finds terraform-provider-coder next to itself.
    let output = coderform(&[
        "provider",
        "install",
        "--dir",
        &dir_arg,
        "--version",
        "2.13.0",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("/2.13.0/"));
}

#[test]
fn bad_input_fails_with_one_line_and_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dir_arg = dir.path().to_string_lossy().into_owned();
    for (args, message) in [
        (
            vec![
                "provider",
                "install",
                "--dir",
                &dir_arg,
                "--version",
                "../../evil",
            ],
            "invalid version",
        ),
        (
            vec![
                "provider",
                "install",
                "--dir",
                &dir_arg,
                "--binary",
                "/nonexistent/provider",
            ],
            "does not exist",
        ),
    ] {
        let output = coderform(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.starts_with("coderform: "), "{stderr}");
        assert!(stderr.contains(message), "{stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    }
    assert_eq!(
        coderform(&["provider", "install", "--no-such-flag"])
            .status
            .code(),
        Some(2)
    );
}
