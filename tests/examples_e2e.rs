//! Every example under examples/ applies and destroys cleanly with real Terraform.

mod support;

use std::path::{Path, PathBuf};

use support::{terraform, tf_files, Workspace};

/// Examples leave out the provider requirement, as registry docs do; the
/// test adds it so Terraform resolves `coder` to this provider.
const VERSIONS_TF: &str = r#"
terraform {
  required_providers {
    coder = { source = "coder/coder" }
  }
}
"#;

fn example_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut dirs = vec![root.join("provider")];
    for kind in ["resources", "data-sources"] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(root.join(kind))
            .expect("examples directory")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        found.sort();
        dirs.extend(found);
    }
    dirs
}

#[test]
fn every_example_applies_and_destroys() {
    let Some(terraform) = terraform() else { return };
    let dirs = example_dirs();
    assert!(dirs.len() >= 10, "examples missing: {dirs:?}");
    for dir in dirs {
        let mut files = vec![("versions.tf".to_string(), VERSIONS_TF.to_string())];
        files.extend(tf_files(&dir));
        assert!(files.len() > 1, "{} has no .tf file", dir.display());
        let borrowed: Vec<(&str, &str)> = files
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        let workspace = Workspace::new(&terraform, &borrowed);
        let apply = workspace.run(&["apply", "-auto-approve", "-input=false", "-no-color"]);
        assert!(
            apply.success,
            "{} does not apply:\n{}",
            dir.display(),
            apply.all()
        );
        // Terraform before 1.1.5 gets the provider's warning about defaults.
        assert!(
            !terraform.at_least((1, 1, 5)) || !apply.all().contains("Warning:"),
            "{} applies with warnings:\n{}",
            dir.display(),
            apply.all()
        );
        workspace.ok(&["destroy", "-auto-approve", "-input=false", "-no-color"]);
    }
}
