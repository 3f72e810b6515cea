//! The environment Coder's provisioner passes to Terraform, and so to us.
//! Behaviour reads it through this trait so tests can supply their own.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

pub trait Environment: Send + Sync {
    /// The variable's value; `None` when unset (set-but-empty is `Some("")`).
    fn lookup(&self, name: &str) -> Option<String>;

    /// The value, with unset and empty alike treated as absent.
    fn non_empty(&self, name: &str) -> Option<String> {
        self.lookup(name).filter(|v| !v.is_empty())
    }

    /// True when nothing at all is set, so that callers can skip building
    /// the names they would look up (the analyzer runs with no environment).
    fn is_empty(&self) -> bool {
        false
    }
}

/// The provider process's real environment.
pub struct ProcessEnvironment;

impl Environment for ProcessEnvironment {
    fn lookup(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }
}

/// A fixed set of variables.
impl Environment for HashMap<String, String> {
    fn lookup(&self, name: &str) -> Option<String> {
        self.get(name).cloned()
    }

    fn is_empty(&self) -> bool {
        HashMap::is_empty(self)
    }
}

/// Hex SHA-256, as Coder names per-parameter and per-agent variables.
pub fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// The variables Coder passes a parameter's value and its previous value in.
pub fn parameter_variables(name: &str) -> (String, String) {
    let digest = sha256_hex(name);
    (
        format!("CODER_PARAMETER_{digest}"),
        format!("CODER_PARAMETER_PREVIOUS_{digest}"),
    )
}

/// The owner's answer for a parameter and the previous build's, when set.
pub fn parameter_inputs(env: &dyn Environment, name: &str) -> (Option<String>, Option<String>) {
    if env.is_empty() {
        return (None, None);
    }
    let (current, previous) = parameter_variables(name);
    (env.lookup(&current), env.lookup(&previous))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_variables_hash_the_name() {
        let digest = sha256_hex("AI Prompt");
        assert_eq!(
            parameter_variables("AI Prompt"),
            (
                format!("CODER_PARAMETER_{digest}"),
                format!("CODER_PARAMETER_PREVIOUS_{digest}")
            )
        );
        assert_eq!(
            sha256_hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
