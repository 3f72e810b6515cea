//! `coder_external_agent`: nothing beyond its declaration but an ID of its own, given
//! when created (its arguments are only stored; Coder reads them).

use super::simple::IdOnly;

pub const BEHAVIOUR: IdOnly = IdOnly("coder_external_agent");
