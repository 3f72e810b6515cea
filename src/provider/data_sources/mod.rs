//! Data source behaviour, one file per type.

mod parameter;
mod provisioner;
mod task;
mod workspace;
mod workspace_owner;

use uuid::Uuid;

use super::DataSourceBehaviour;

/// Every data source the provider serves.
pub fn all() -> Vec<Box<dyn DataSourceBehaviour>> {
    vec![
        Box::new(parameter::Parameter),
        Box::new(provisioner::Provisioner),
        Box::new(task::Task),
        Box::new(workspace::Workspace),
        Box::new(workspace_owner::WorkspaceOwner),
    ]
}

fn new_id() -> String {
    Uuid::new_v4().to_string()
}
