//! `coder_agent_instance`: only an ID of its own.

use crate::provider::{Context, ResourceBehaviour};
use crate::schema::{self, Finding, TypeSchema};
use crate::value::{Object, ObjectExt};

pub struct AgentInstance;

impl ResourceBehaviour for AgentInstance {
    fn schema(&self) -> &'static TypeSchema {
        schema::resource("coder_agent_instance")
            .unwrap_or_else(|| unreachable!("coder_agent_instance is declared"))
    }

    fn create(&self, _context: &Context, state: &mut Object) -> Vec<Finding> {
        state.put("id", super::new_id());
        Vec::new()
    }
}
