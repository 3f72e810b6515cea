//! docs/ is generated from the declarations, the rules and examples/: it must
//! match what `coderform docs` writes today, and every type has an example.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use coderform::docs::pages;
use coderform::schema;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn docs_are_current() {
    let pages = pages(&root().join("examples")).expect("every type has its example");
    let mut stale = Vec::new();
    for page in &pages {
        let written =
            std::fs::read_to_string(root().join("docs").join(&page.path)).unwrap_or_default();
        if written != page.text {
            stale.push(page.path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "out of date: {stale:?}; run `cargo run -- docs` and commit docs/"
    );
    // No page for a type that no longer exists.
    let generated: BTreeSet<PathBuf> = pages.iter().map(|p| p.path.clone()).collect();
    for dir in ["resources", "data-sources"] {
        for entry in std::fs::read_dir(root().join("docs").join(dir))
            .expect("docs directory")
            .filter_map(Result::ok)
        {
            let relative = Path::new(dir).join(entry.file_name());
            assert!(
                generated.contains(&relative),
                "{} is not generated",
                relative.display()
            );
        }
    }
}

#[test]
fn every_type_has_an_example() {
    for resource in schema::resources() {
        let path = root().join(format!("examples/resources/{}/resource.tf", resource.name));
        assert!(path.is_file(), "{} has no example", resource.name);
    }
    for data_source in schema::data_sources() {
        let path = root().join(format!(
            "examples/data-sources/{}/data-source.tf",
            data_source.name
        ));
        assert!(path.is_file(), "{} has no example", data_source.name);
    }
    assert_eq!(schema::resources().len(), 9);
    assert_eq!(schema::data_sources().len(), 9);
}
