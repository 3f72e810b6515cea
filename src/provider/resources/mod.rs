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

use std::sync::LazyLock;

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

static REGISTRY: LazyLock<Vec<Box<dyn ResourceBehaviour>>> = LazyLock::new(all);

/// The behaviour of the resource type `name`.
pub fn find(name: &str) -> Option<&'static dyn ResourceBehaviour> {
    REGISTRY
        .iter()
        .find(|r| r.schema().name == name)
        .map(|r| r.as_ref())
}
