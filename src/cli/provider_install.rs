//! `coderform provider install`.

use std::path::PathBuf;

use anyhow::Result;

use crate::provider::install::{default_plugin_dir, install, sibling_binary, Placement};

pub fn run(dir: Option<PathBuf>, version: &str, binary: Option<PathBuf>) -> Result<()> {
    let dir = match dir {
        Some(dir) => dir,
        None => default_plugin_dir()?,
    };
    let binary = match binary {
        Some(binary) => binary,
        None => sibling_binary()?,
    };
    let installed = install(&binary, &dir, version, Placement::Copy)?;
    super::output(&format!("{}\n", installed.display()))
}
