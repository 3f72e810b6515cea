//! `coder_workspace_preset`: its ID is its name; prebuild schedules may not overlap.

use crate::provider::{Context, DataSourceBehaviour};
use crate::schema::validate::schedule::validate_schedules;
use crate::schema::{self, Finding, PathStep, TypeSchema};
use crate::value::{Object, ObjectExt, Value};

pub struct WorkspacePreset;

impl DataSourceBehaviour for WorkspacePreset {
    fn schema(&self) -> &'static TypeSchema {
        schema::data_source("coder_workspace_preset")
            .unwrap_or_else(|| unreachable!("coder_workspace_preset is declared"))
    }

    fn read(&self, _context: &Context, config: &Object, state: &mut Object) -> Vec<Finding> {
        let crons: Vec<String> = config
            .get("prebuilds")
            .into_iter()
            .flat_map(Value::blocks)
            .flat_map(|p| p.get("scheduling").into_iter().flat_map(Value::blocks))
            .flat_map(|s| s.get("schedule").into_iter().flat_map(Value::blocks))
            .filter_map(|s| s.str("cron").map(str::to_string))
            .collect();
        if let Err(e) = validate_schedules(&crons) {
            return vec![Finding::error(e).at(vec![PathStep::Attribute("prebuilds")])];
        }
        let name = config.str("name").unwrap_or_default().to_string();
        state.put("id", name);
        Vec::new()
    }
}
