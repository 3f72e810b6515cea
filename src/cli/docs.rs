//! `coderform docs`: writes the generated documentation.

use std::path::Path;

use anyhow::{Context as _, Result};

use crate::docs::pages;

pub fn run(dir: &Path, examples: &Path) -> Result<()> {
    for page in pages(examples)? {
        let path = dir.join(&page.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, page.text)
            .with_context(|| format!("cannot write {}", path.display()))?;
        super::output(&format!("{}\n", path.display()))?;
    }
    Ok(())
}
