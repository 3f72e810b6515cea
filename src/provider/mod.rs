//! `terraform-provider-coder`: serves the declarations in [`crate::schema`]
//! over plugin protocol 6 (through tf-provider) and adds each type's
//! behaviour: ids, tokens, the environment Coder passes in, apply-time checks.

mod codec;
mod data_source;
pub mod data_sources;
mod diagnostics;
pub mod env;
pub mod install;
mod lower;
mod resource;
pub mod resources;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

use async_trait::async_trait;
use tf_provider::schema::Schema;
use tf_provider::{Diagnostics, DynamicDataSource, DynamicProvider, DynamicResource, RawValue};

pub use data_source::DataSourceBehaviour;
use env::{Environment, ProcessEnvironment};
pub use resource::{plan_checks, ResourceBehaviour};

use crate::schema::validate::go_url::{self, GoUrl};
use crate::schema::{self as declarations, check_config};
use crate::value::{go_quote, Value};

/// Where the deployment is when neither the provider block nor CODER_AGENT_URL says.
pub const DEFAULT_URL: &str = "https://mydeployment.coder.com";

/// What resources and data sources share: the environment and the
/// provider configuration, which arrives after they are created.
#[derive(Clone)]
pub struct Context {
    pub env: Arc<dyn Environment>,
    config: Arc<RwLock<ProviderConfig>>,
    legacy_types: Arc<AtomicBool>,
}

/// The configured deployment URL, as written and as parsed.
#[derive(Clone, Debug)]
pub struct ProviderConfig {
    pub url: String,
    pub parsed: GoUrl,
}

impl Context {
    pub fn new(env: Arc<dyn Environment>) -> Self {
        let parsed = go_url::parse(DEFAULT_URL).unwrap_or(GoUrl {
            scheme: "https".into(),
            userinfo: None,
            hostname: "mydeployment.coder.com".into(),
            port: None,
        });
        Context {
            env,
            config: Arc::new(RwLock::new(ProviderConfig {
                url: DEFAULT_URL.into(),
                parsed,
            })),
            legacy_types: Arc::new(AtomicBool::new(true)),
        }
    }

    /// Whether Terraform honours the legacy SDK type system on protocol 6
    /// (1.1.5 and later), without which defaults of optional attributes that
    /// are not computed cannot be planned and stay null.
    pub fn plans_defaults(&self) -> bool {
        self.legacy_types.load(Ordering::Relaxed)
    }

    pub fn provider_config(&self) -> ProviderConfig {
        match self.config.read() {
            Ok(config) => config.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn set_provider_config(&self, config: ProviderConfig) {
        match self.config.write() {
            Ok(mut slot) => *slot = config,
            Err(poisoned) => *poisoned.into_inner() = config,
        }
    }
}

/// The provider itself: the `provider "coder"` block and the type registry.
pub struct CoderProvider {
    context: Context,
}

impl CoderProvider {
    pub fn new(env: Arc<dyn Environment>) -> Self {
        CoderProvider {
            context: Context::new(env),
        }
    }

    pub fn from_process_environment() -> Self {
        Self::new(Arc::new(ProcessEnvironment))
    }

    /// The URL the configuration resolves to, or the message Terraform shows.
    fn resolve_url(&self, configured: &Value) -> Result<Option<ProviderConfig>, String> {
        let url = match configured {
            Value::Unknown => return Ok(None),
            Value::String(url) => url.clone(),
            _ => self
                .context
                .env
                .non_empty("CODER_AGENT_URL")
                .unwrap_or_else(|| DEFAULT_URL.to_string()),
        };
        if url.is_empty() {
            return Err(format!(
                "CODER_AGENT_URL must not be empty; got {}",
                go_quote(&url)
            ));
        }
        let parsed = go_url::parse(&url)?;
        Ok(Some(ProviderConfig { url, parsed }))
    }
}

/// Terraform 1.1.5 was the first release to read `legacy_type_system` on
/// protocol 6; unparsable versions are taken to be recent.
fn honours_legacy_types(terraform_version: &str) -> bool {
    let mut parts = terraform_version
        .trim_start_matches('v')
        .split(['.', '-'])
        .map(|p| p.parse::<u64>().ok());
    match (
        parts.next().flatten(),
        parts.next().flatten(),
        parts.next().flatten(),
    ) {
        (Some(major), Some(minor), Some(patch)) => (major, minor, patch) >= (1, 1, 5),
        _ => true,
    }
}

/// Type names as tf-provider registers them: without the `coder_` prefix.
fn short_name(name: &str) -> String {
    name.strip_prefix("coder_").unwrap_or(name).to_string()
}

#[async_trait]
impl DynamicProvider for CoderProvider {
    fn schema(&self, _diags: &mut Diagnostics) -> Option<Schema> {
        Some(lower::schema(declarations::provider_schema()))
    }

    async fn validate(&self, diags: &mut Diagnostics, config: RawValue) -> Option<()> {
        let block = &declarations::provider_schema().block;
        let config = decode_object(diags, block, &config)?;
        diagnostics::add(diags, check_config(block, &config));
        diags.errors.is_empty().then_some(())
    }

    async fn configure(
        &self,
        diags: &mut Diagnostics,
        terraform_version: String,
        config: RawValue,
    ) -> Option<()> {
        tracing::debug!(terraform_version, "configuring provider");
        if !honours_legacy_types(&terraform_version) {
            self.context.legacy_types.store(false, Ordering::Relaxed);
            diagnostics::add(
                diags,
                [crate::schema::Finding::warning(format!(
                    "Terraform {terraform_version} cannot store default values of optional arguments"
                ))
                .with_detail(
                    "Over plugin protocol 6, Terraform before 1.1.5 rejects planned defaults for \
                     optional arguments that are not computed, so this provider leaves them null \
                     (for example coder_agent.auth and coder_app.share) where the Go provider \
                     stores the default. Coder reads such values from the state: use Terraform \
                     1.1.5 or later for workspaces that Coder builds.",
                )],
            );
        }
        let block = &declarations::provider_schema().block;
        let config = decode_object(diags, block, &config)?;
        match self.resolve_url(config.get("url").unwrap_or(&Value::Null)) {
            Ok(Some(resolved)) => {
                self.context.set_provider_config(resolved);
                Some(())
            }
            Ok(None) => Some(()),
            Err(message) => {
                diagnostics::error(diags, message);
                None
            }
        }
    }

    fn get_resources(
        &self,
        _diags: &mut Diagnostics,
    ) -> Option<HashMap<String, Box<dyn DynamicResource>>> {
        Some(
            resources::all()
                .into_iter()
                .map(|behaviour| {
                    let name = short_name(behaviour.schema().name);
                    let adaptor: Box<dyn DynamicResource> = Box::new(
                        resource::SchemaResource::new(behaviour, self.context.clone()),
                    );
                    (name, adaptor)
                })
                .collect(),
        )
    }

    fn get_data_sources(
        &self,
        _diags: &mut Diagnostics,
    ) -> Option<HashMap<String, Box<dyn DynamicDataSource>>> {
        Some(
            data_sources::all()
                .into_iter()
                .map(|behaviour| {
                    let name = short_name(behaviour.schema().name);
                    let adaptor: Box<dyn DynamicDataSource> = Box::new(
                        data_source::SchemaDataSource::new(behaviour, self.context.clone()),
                    );
                    (name, adaptor)
                })
                .collect(),
        )
    }
}

/// Decodes an object, reporting a failure as an error diagnostic.
fn decode_object(
    diags: &mut Diagnostics,
    block: &declarations::Block,
    raw: &RawValue,
) -> Option<crate::value::Object> {
    match codec::decode(block, raw) {
        Ok(Value::Map(object)) => Some(object),
        Ok(_) => Some(crate::value::Object::new()),
        Err(e) => {
            diagnostics::error(diags, e.to_string());
            None
        }
    }
}

/// A context whose environment holds exactly `vars`, for unit tests.
#[cfg(test)]
pub(crate) fn test_context(vars: &[(&str, &str)]) -> Context {
    let env: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Context::new(Arc::new(env))
}

/// An object from name and value pairs, for tests.
#[cfg(test)]
pub(crate) fn test_object(entries: Vec<(&str, Value)>) -> crate::value::Object {
    entries
        .into_iter()
        .map(|(name, value)| (name.to_string(), value))
        .collect()
}

/// Asserts that a resource reports the same when asked for findings alone
/// as when it creates each configuration; the number of findings, so that
/// a test can show its cases exercise them.
#[cfg(test)]
pub(crate) fn assert_create_paths_agree(
    behaviour: &dyn ResourceBehaviour,
    configs: Vec<Vec<(&str, Value)>>,
) -> usize {
    let context = test_context(&[]);
    let mut found = 0;
    for config in configs.into_iter().map(test_object) {
        let mut state = config.clone();
        crate::schema::apply_defaults(&behaviour.schema().block, &mut state);
        let created = behaviour.create(&context, &mut state);
        found += created.len();
        assert_eq!(
            behaviour.create_findings(&context, &config),
            created,
            "{config:?}"
        );
    }
    found
}

/// Serves the provider on the plugin protocol until Terraform stops it.
pub async fn serve() -> anyhow::Result<()> {
    tf_provider::serve("coder", CoderProvider::from_process_environment()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider(vars: &[(&str, &str)]) -> CoderProvider {
        CoderProvider {
            context: test_context(vars),
        }
    }

    #[test]
    fn url_comes_from_config_then_environment_then_default() {
        let configured = provider(&[("CODER_AGENT_URL", "https://env.example.com")]);
        let url = |p: &CoderProvider, v: Value| p.resolve_url(&v).map(|c| c.map(|c| c.url));
        assert_eq!(
            url(&configured, Value::string("https://config.example.com")),
            Ok(Some("https://config.example.com".into()))
        );
        assert_eq!(
            url(&configured, Value::Null),
            Ok(Some("https://env.example.com".into()))
        );
        let empty_env = provider(&[("CODER_AGENT_URL", "")]);
        assert_eq!(url(&empty_env, Value::Null), Ok(Some(DEFAULT_URL.into())));
        assert_eq!(
            url(&empty_env, Value::string("")),
            Err(r#"CODER_AGENT_URL must not be empty; got """#.into())
        );
        assert_eq!(url(&empty_env, Value::Unknown), Ok(None));
        assert!(url(&empty_env, Value::string("http://a b/")).is_err());
    }

    #[test]
    fn legacy_types_arrived_in_terraform_1_1_5() {
        assert!(!honours_legacy_types("1.0.3"));
        assert!(!honours_legacy_types("1.1.4"));
        assert!(honours_legacy_types("1.1.5"));
        assert!(honours_legacy_types("1.11.4"));
        assert!(honours_legacy_types("1.12.0-alpha20250101"));
        assert!(honours_legacy_types("unknown"));
    }
}
