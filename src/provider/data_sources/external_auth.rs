//! `coder_external_auth`: the owner's token for an external auth provider.

use crate::provider::{Context, DataSourceBehaviour};
use crate::schema::{self, Finding, PathStep, TypeSchema};
use crate::value::{Object, ObjectExt};

pub struct ExternalAuth;

impl DataSourceBehaviour for ExternalAuth {
    fn schema(&self) -> &'static TypeSchema {
        schema::data_source("coder_external_auth")
            .unwrap_or_else(|| unreachable!("coder_external_auth is declared"))
    }

    fn read(&self, context: &Context, config: &Object, state: &mut Object) -> Vec<Finding> {
        let id = config.str("id").unwrap_or_default().to_string();
        if id.is_empty() {
            return vec![Finding::error("id is required").at(vec![PathStep::Attribute("id")])];
        }
        let token = context
            .env
            .lookup(&format!("CODER_EXTERNAL_AUTH_ACCESS_TOKEN_{id}"))
            .unwrap_or_default();
        state.put("access_token", token);
        state.put("id", id);
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::test_context;

    #[test]
    fn token_by_provider_id() {
        let mut config = Object::new();
        config.put("id", "github");
        let mut state = config.clone();
        let ctx = test_context(&[("CODER_EXTERNAL_AUTH_ACCESS_TOKEN_github", "gho_x")]);
        assert!(ExternalAuth.read(&ctx, &config, &mut state).is_empty());
        assert_eq!(state.str("access_token"), Some("gho_x"));
        let mut other = Object::new();
        other.put("id", "gitlab");
        let mut state = other.clone();
        ExternalAuth.read(&ctx, &other, &mut state);
        assert_eq!(state.str("access_token"), Some(""));
    }
}
