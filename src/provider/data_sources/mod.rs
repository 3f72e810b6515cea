//! Data source behaviour, one file per type.

mod external_auth;
mod parameter;
mod provisioner;
mod secret;
mod task;
mod workspace;
mod workspace_owner;
mod workspace_preset;
mod workspace_tags;

use std::sync::LazyLock;

use uuid::Uuid;

use super::DataSourceBehaviour;

/// Every data source the provider serves.
pub fn all() -> Vec<Box<dyn DataSourceBehaviour>> {
    vec![
        Box::new(external_auth::ExternalAuth),
        Box::new(parameter::Parameter),
        Box::new(provisioner::Provisioner),
        Box::new(secret::Secret),
        Box::new(task::Task),
        Box::new(workspace::Workspace),
        Box::new(workspace_owner::WorkspaceOwner),
        Box::new(workspace_preset::WorkspacePreset),
        Box::new(workspace_tags::WorkspaceTags),
    ]
}

fn new_id() -> String {
    Uuid::new_v4().to_string()
}

static REGISTRY: LazyLock<Vec<Box<dyn DataSourceBehaviour>>> = LazyLock::new(all);

/// The behaviour of the data source `name`.
pub fn find(name: &str) -> Option<&'static dyn DataSourceBehaviour> {
    REGISTRY
        .iter()
        .find(|d| d.schema().name == name)
        .map(|d| d.as_ref())
}
