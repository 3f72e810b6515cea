//! The behaviour of resources that only get an ID of their own
//! (`coder_agent_instance`, `coder_env`, `coder_external_agent`).

use crate::provider::{Context, ResourceBehaviour};
use crate::schema::{self, Finding, TypeSchema};
use crate::value::{Object, ObjectExt};

/// A resource that only gets a random ID when created.
pub struct IdOnly(pub &'static str);

impl ResourceBehaviour for IdOnly {
    fn schema(&self) -> &'static TypeSchema {
        schema::resource(self.0).unwrap_or_else(|| unreachable!("{} is declared", self.0))
    }

    fn create(&self, _context: &Context, state: &mut Object) -> Vec<Finding> {
        state.put("id", super::new_id());
        Vec::new()
    }
}
