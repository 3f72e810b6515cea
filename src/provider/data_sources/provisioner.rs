//! `coder_provisioner`: the platform this provider runs on, named as Go names it.

use crate::platform::{go_arch, go_os};
use crate::provider::{Context, DataSourceBehaviour};
use crate::schema::{self, Finding, TypeSchema};
use crate::value::{Object, ObjectExt};

pub struct Provisioner;

impl DataSourceBehaviour for Provisioner {
    fn schema(&self) -> &'static TypeSchema {
        schema::data_source("coder_provisioner")
            .unwrap_or_else(|| unreachable!("coder_provisioner is declared"))
    }

    fn read(&self, _context: &Context, _config: &Object, state: &mut Object) -> Vec<Finding> {
        state.put("id", super::new_id());
        state.put("os", go_os(std::env::consts::OS));
        state.put("arch", go_arch(std::env::consts::ARCH));
        Vec::new()
    }
}
