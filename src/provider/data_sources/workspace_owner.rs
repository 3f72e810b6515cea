//! `coder_workspace_owner`: the owner as CODER_WORKSPACE_OWNER_* describe them.

use crate::provider::{Context, DataSourceBehaviour};
use crate::schema::{self, Finding, TypeSchema};
use crate::value::{Object, ObjectExt, Value};

pub struct WorkspaceOwner;

#[derive(serde::Deserialize)]
struct Role {
    name: String,
    org_id: String,
}

impl DataSourceBehaviour for WorkspaceOwner {
    fn schema(&self) -> &'static TypeSchema {
        schema::data_source("coder_workspace_owner")
            .unwrap_or_else(|| unreachable!("coder_workspace_owner is declared"))
    }

    fn read(&self, context: &Context, _config: &Object, state: &mut Object) -> Vec<Finding> {
        let env = &context.env;
        let or =
            |name: &str, fallback: &str| env.non_empty(name).unwrap_or_else(|| fallback.into());
        state.put(
            "id",
            env.non_empty("CODER_WORKSPACE_OWNER_ID")
                .unwrap_or_else(super::new_id),
        );
        state.put("name", or("CODER_WORKSPACE_OWNER", "default"));
        state.put("full_name", or("CODER_WORKSPACE_OWNER_NAME", "default"));
        state.put(
            "email",
            or("CODER_WORKSPACE_OWNER_EMAIL", "default@example.com"),
        );
        for (attribute, variable) in [
            ("ssh_public_key", "CODER_WORKSPACE_OWNER_SSH_PUBLIC_KEY"),
            ("ssh_private_key", "CODER_WORKSPACE_OWNER_SSH_PRIVATE_KEY"),
            ("session_token", "CODER_WORKSPACE_OWNER_SESSION_TOKEN"),
            (
                "oidc_access_token",
                "CODER_WORKSPACE_OWNER_OIDC_ACCESS_TOKEN",
            ),
        ] {
            state.put(attribute, env.lookup(variable).unwrap_or_default());
        }
        if let Some(login_type) = env.non_empty("CODER_WORKSPACE_OWNER_LOGIN_TYPE") {
            state.put("login_type", login_type);
        }

        let mut findings = Vec::new();
        let groups: Vec<String> = json_list(
            env.as_ref(),
            "CODER_WORKSPACE_OWNER_GROUPS",
            "invalid user groups",
            &mut findings,
        );
        state.put(
            "groups",
            Value::List(groups.into_iter().map(Value::String).collect()),
        );
        let roles: Vec<Role> = json_list(
            env.as_ref(),
            "CODER_WORKSPACE_OWNER_RBAC_ROLES",
            "invalid user rbac roles",
            &mut findings,
        );
        let roles = roles
            .into_iter()
            .map(|role| {
                let mut object = Object::new();
                object.put("name", role.name);
                object.put("org_id", role.org_id);
                Value::Map(object)
            })
            .collect();
        state.put("rbac_roles", Value::List(roles));
        findings
    }
}

/// A JSON list from a variable: set (even empty) means JSON, as in the Go
/// provider; unset means an empty list.
fn json_list<T: serde::de::DeserializeOwned>(
    env: &dyn crate::provider::env::Environment,
    variable: &str,
    what: &str,
    findings: &mut Vec<Finding>,
) -> Vec<T> {
    let Some(json) = env.lookup(variable) else {
        return Vec::new();
    };
    serde_json::from_str(&json).unwrap_or_else(|e| {
        findings.push(Finding::error(format!("{what}: {}", json_error(&e))));
        Vec::new()
    })
}

/// Go says `EOF` for empty input; serde_json says something longer.
fn json_error(error: &serde_json::Error) -> String {
    if error.is_eof() && error.column() == 0 {
        "EOF".into()
    } else {
        error.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::test_context;

    #[test]
    fn reads_owner_variables() {
        let ctx = test_context(&[
            ("CODER_WORKSPACE_OWNER", "ada"),
            ("CODER_WORKSPACE_OWNER_GROUPS", r#"["Everyone","admins"]"#),
            (
                "CODER_WORKSPACE_OWNER_RBAC_ROLES",
                r#"[{"name":"member","org_id":"o1"}]"#,
            ),
        ]);
        let mut state = Object::new();
        assert!(WorkspaceOwner
            .read(&ctx, &Object::new(), &mut state)
            .is_empty());
        assert_eq!(state.str("name"), Some("ada"));
        assert_eq!(state.str("email"), Some("default@example.com"));
        assert_eq!(
            state
                .get("groups")
                .and_then(Value::as_list)
                .map(<[Value]>::len),
            Some(2)
        );
        assert!(!state.contains_key("login_type"));
    }

    #[test]
    fn empty_groups_variable_is_bad_json() {
        let ctx = test_context(&[("CODER_WORKSPACE_OWNER_GROUPS", "")]);
        let findings = WorkspaceOwner.read(&ctx, &Object::new(), &mut Object::new());
        assert_eq!(findings[0].summary, "invalid user groups: EOF");
    }
}
