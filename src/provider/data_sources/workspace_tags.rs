//! `coder_workspace_tags`: the tags are the configuration; only an ID is added.

use crate::provider::{Context, DataSourceBehaviour};
use crate::schema::{self, Finding, TypeSchema};
use crate::value::{Object, ObjectExt};

pub struct WorkspaceTags;

impl DataSourceBehaviour for WorkspaceTags {
    fn schema(&self) -> &'static TypeSchema {
        schema::data_source("coder_workspace_tags")
            .unwrap_or_else(|| unreachable!("coder_workspace_tags is declared"))
    }

    fn read(&self, _context: &Context, _config: &Object, state: &mut Object) -> Vec<Finding> {
        state.put("id", super::new_id());
        Vec::new()
    }
}
