//! `coder_devcontainer`: its own ID and the ID of the agent inside it.

use crate::provider::{Context, ResourceBehaviour};
use crate::schema::{self, Finding, TypeSchema};
use crate::value::{Object, ObjectExt};

pub struct Devcontainer;

impl ResourceBehaviour for Devcontainer {
    fn schema(&self) -> &'static TypeSchema {
        schema::resource("coder_devcontainer")
            .unwrap_or_else(|| unreachable!("coder_devcontainer is declared"))
    }

    fn create(&self, _context: &Context, state: &mut Object) -> Vec<Finding> {
        state.put("id", super::new_id());
        state.put("subagent_id", super::new_id());
        Vec::new()
    }
}
