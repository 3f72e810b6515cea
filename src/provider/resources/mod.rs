//! Resource behaviour, one file per type.

mod agent;
mod agent_instance;
mod ai_task;
mod app;
mod devcontainer;
mod env;
mod external_agent;
mod metadata;
mod script;
mod simple;

use uuid::Uuid;

use super::ResourceBehaviour;

/// Every resource the provider serves.
pub fn all() -> Vec<Box<dyn ResourceBehaviour>> {
    vec![
        Box::new(agent::Agent),
        Box::new(agent_instance::BEHAVIOUR),
        Box::new(ai_task::AiTask),
        Box::new(app::App),
        Box::new(devcontainer::Devcontainer),
        Box::new(env::BEHAVIOUR),
        Box::new(external_agent::BEHAVIOUR),
        Box::new(metadata::Metadata),
        Box::new(script::Script),
    ]
}

/// A fresh random ID, as the Go provider gives every new object.
fn new_id() -> String {
    Uuid::new_v4().to_string()
}
