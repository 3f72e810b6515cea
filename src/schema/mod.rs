//! The one declaration of every Coder type: attributes, blocks, types, modes,
//! defaults, conflicts, deprecations and validators. The provider serves it,
//! the analyzer checks templates against it and the docs are written from it.

mod agent;
mod agent_instance;
mod ai_task;
mod app;
mod check;
mod devcontainer;
mod env;
mod external_agent;
mod external_auth;
pub mod json;
mod metadata;
mod parameter;
mod provider;
mod provisioner;
mod script;
mod secret;
mod task;
pub mod validate;
mod workspace;
mod workspace_owner;
mod workspace_preset;
mod workspace_tags;

use std::sync::LazyLock;

pub use check::{
    apply_defaults, check_config, checks_value_of, defaulted, defaulted_part, is_absent, Finding,
    Origin, PathStep, Severity,
};
use validate::Validator;

use crate::value::Value;

/// The version of the Go provider whose schema and behaviour we match.
pub const GO_PROVIDER_VERSION: &str = "2.17.0";

/// The provider's address in the Terraform registry namespace.
pub const PROVIDER_ADDRESS: &str = "registry.terraform.io/coder/coder";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Provider,
    Resource,
    DataSource,
}

/// A resource, a data source or the provider block itself.
#[derive(Debug)]
pub struct TypeSchema {
    pub name: &'static str,
    pub kind: Kind,
    /// The schema version Terraform records in state.
    pub version: i64,
    pub description: &'static str,
    pub block: Block,
}

/// Attributes and blocks are listed by name, as objects are keyed: checks
/// walk a declaration and an object side by side.
#[derive(Debug, Default)]
pub struct Block {
    pub attributes: Vec<Attribute>,
    pub blocks: Vec<NestedBlock>,
}

/// Whether the configuration must, may or cannot set a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    Required,
    Optional,
    /// Optional, and filled in by the provider when left out.
    OptionalComputed,
    Computed,
}

impl Presence {
    pub fn is_computed(self) -> bool {
        matches!(self, Presence::Computed | Presence::OptionalComputed)
    }

    pub fn is_settable(self) -> bool {
        !matches!(self, Presence::Computed)
    }
}

/// A value's type. `Integer` is a Terraform number that must be whole, as
/// the Go SDK's `TypeInt` is.
#[derive(Clone, Debug, PartialEq)]
pub enum ValueType {
    String,
    Number,
    Integer,
    Bool,
    List(Box<ValueType>),
    Map(Box<ValueType>),
    Object(Vec<(&'static str, ValueType)>),
}

#[derive(Debug)]
pub struct Attribute {
    pub name: &'static str,
    pub ty: ValueType,
    pub presence: Presence,
    pub sensitive: bool,
    /// A change replaces the resource (the Go provider has no updates).
    pub force_new: bool,
    pub default: Option<Value>,
    pub deprecated: Option<&'static str>,
    /// Flat keys (`sidebar_app`, `validation.0.min`) that may not be set together with this one.
    pub conflicts_with: Vec<&'static str>,
    pub validators: Vec<Validator>,
    pub description: &'static str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nesting {
    List,
    Set,
}

#[derive(Debug)]
pub struct NestedBlock {
    pub name: &'static str,
    pub nesting: Nesting,
    pub presence: Presence,
    pub min_items: usize,
    /// 0 means no limit.
    pub max_items: usize,
    pub force_new: bool,
    pub deprecated: Option<&'static str>,
    pub conflicts_with: Vec<&'static str>,
    pub description: &'static str,
    pub block: Block,
}

impl TypeSchema {
    fn new(kind: Kind, name: &'static str, version: i64, description: &'static str) -> Self {
        TypeSchema {
            name,
            kind,
            version,
            description,
            block: Block::default(),
        }
    }

    pub fn resource(name: &'static str, version: i64, description: &'static str) -> Self {
        Self::new(Kind::Resource, name, version, description)
    }

    pub fn data_source(name: &'static str, version: i64, description: &'static str) -> Self {
        Self::new(Kind::DataSource, name, version, description)
    }

    pub fn provider(description: &'static str) -> Self {
        Self::new(Kind::Provider, "coder", 0, description)
    }

    pub fn attribute(mut self, attribute: Attribute) -> Self {
        self.block.attributes.push(attribute);
        self
    }

    pub fn block(mut self, block: NestedBlock) -> Self {
        self.block.blocks.push(block);
        self
    }
}

impl Block {
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }

    pub fn nested(&self, name: &str) -> Option<&NestedBlock> {
        self.blocks.iter().find(|b| b.name == name)
    }
}

impl Attribute {
    fn new(name: &'static str, ty: ValueType, description: &'static str) -> Self {
        Attribute {
            name,
            ty,
            presence: Presence::Optional,
            sensitive: false,
            force_new: false,
            default: None,
            deprecated: None,
            conflicts_with: Vec::new(),
            validators: Vec::new(),
            description,
        }
    }

    pub fn string(name: &'static str, description: &'static str) -> Self {
        Self::new(name, ValueType::String, description)
    }

    pub fn integer(name: &'static str, description: &'static str) -> Self {
        Self::new(name, ValueType::Integer, description)
    }

    pub fn bool(name: &'static str, description: &'static str) -> Self {
        Self::new(name, ValueType::Bool, description)
    }

    pub fn typed(name: &'static str, ty: ValueType, description: &'static str) -> Self {
        Self::new(name, ty, description)
    }

    pub fn required(mut self) -> Self {
        self.presence = Presence::Required;
        self
    }

    pub fn computed(mut self) -> Self {
        self.presence = Presence::Computed;
        self
    }

    pub fn optional_computed(mut self) -> Self {
        self.presence = Presence::OptionalComputed;
        self
    }

    pub fn sensitive(mut self) -> Self {
        self.sensitive = true;
        self
    }

    pub fn force_new(mut self) -> Self {
        self.force_new = true;
        self
    }

    pub fn default(mut self, value: impl Into<Value>) -> Self {
        self.default = Some(value.into());
        self
    }

    pub fn deprecated(mut self, message: &'static str) -> Self {
        self.deprecated = Some(message);
        self
    }

    pub fn conflicts_with(mut self, keys: &[&'static str]) -> Self {
        self.conflicts_with.extend_from_slice(keys);
        self
    }

    pub fn validate(mut self, validator: Validator) -> Self {
        self.validators.push(validator);
        self
    }
}

impl NestedBlock {
    fn new(name: &'static str, nesting: Nesting, description: &'static str) -> Self {
        NestedBlock {
            name,
            nesting,
            presence: Presence::Optional,
            min_items: 0,
            max_items: 0,
            force_new: false,
            deprecated: None,
            conflicts_with: Vec::new(),
            description,
            block: Block::default(),
        }
    }

    pub fn list(name: &'static str, description: &'static str) -> Self {
        Self::new(name, Nesting::List, description)
    }

    pub fn set(name: &'static str, description: &'static str) -> Self {
        Self::new(name, Nesting::Set, description)
    }

    pub fn required(mut self) -> Self {
        self.presence = Presence::Required;
        self.min_items = self.min_items.max(1);
        self
    }

    /// Filled in by the provider when the configuration leaves it out.
    pub fn optional_computed(mut self) -> Self {
        self.presence = Presence::OptionalComputed;
        self
    }

    pub fn max_items(mut self, max: usize) -> Self {
        self.max_items = max;
        self
    }

    pub fn force_new(mut self) -> Self {
        self.force_new = true;
        self
    }

    pub fn deprecated(mut self, message: &'static str) -> Self {
        self.deprecated = Some(message);
        self
    }

    pub fn conflicts_with(mut self, keys: &[&'static str]) -> Self {
        self.conflicts_with.extend_from_slice(keys);
        self
    }

    pub fn attribute(mut self, attribute: Attribute) -> Self {
        self.block.attributes.push(attribute);
        self
    }

    pub fn block(mut self, block: NestedBlock) -> Self {
        self.block.blocks.push(block);
        self
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_string())
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Number(n as f64)
    }
}

static PROVIDER: LazyLock<TypeSchema> = LazyLock::new(provider::schema);

static RESOURCES: LazyLock<Vec<TypeSchema>> = LazyLock::new(|| {
    vec![
        agent::schema(),
        agent_instance::schema(),
        ai_task::schema(),
        app::schema(),
        devcontainer::schema(),
        env::schema(),
        external_agent::schema(),
        metadata::schema(),
        script::schema(),
    ]
});

static DATA_SOURCES: LazyLock<Vec<TypeSchema>> = LazyLock::new(|| {
    vec![
        external_auth::schema(),
        parameter::schema(),
        provisioner::schema(),
        secret::schema(),
        task::schema(),
        workspace::schema(),
        workspace_owner::schema(),
        workspace_preset::schema(),
        workspace_tags::schema(),
    ]
});

/// The provider block's own schema.
pub fn provider_schema() -> &'static TypeSchema {
    &PROVIDER
}

/// Every resource type, sorted by name.
pub fn resources() -> &'static [TypeSchema] {
    &RESOURCES
}

/// Every data source type, sorted by name.
pub fn data_sources() -> &'static [TypeSchema] {
    &DATA_SOURCES
}

pub fn resource(name: &str) -> Option<&'static TypeSchema> {
    resources().iter().find(|s| s.name == name)
}

pub fn data_source(name: &str) -> Option<&'static TypeSchema> {
    data_sources().iter().find(|s| s.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registries_are_sorted_and_named_coder() {
        for list in [resources(), data_sources()] {
            let names: Vec<_> = list.iter().map(|s| s.name).collect();
            let mut sorted = names.clone();
            sorted.sort();
            assert_eq!(names, sorted);
            assert!(names.iter().all(|n| n.starts_with("coder_")));
        }
    }

    #[test]
    fn declarations_list_attributes_and_blocks_by_name() {
        fn sorted(names: Vec<&str>) -> bool {
            names.windows(2).all(|pair| pair[0] < pair[1])
        }
        fn check(path: &str, block: &Block) {
            assert!(
                sorted(block.attributes.iter().map(|a| a.name).collect()),
                "{path}: attributes out of order"
            );
            assert!(
                sorted(block.blocks.iter().map(|b| b.name).collect()),
                "{path}: blocks out of order"
            );
            for nested in &block.blocks {
                check(&format!("{path}.{}", nested.name), &nested.block);
            }
        }
        let all = resources().iter().chain(data_sources());
        for declared in all.chain([provider_schema()]) {
            check(declared.name, &declared.block);
        }
    }

    #[test]
    fn every_conflict_names_a_declared_key() {
        fn keys(block: &Block, prefix: &str, out: &mut Vec<String>) {
            for a in &block.attributes {
                out.push(format!("{prefix}{}", a.name));
            }
            for b in &block.blocks {
                out.push(format!("{prefix}{}", b.name));
                keys(&b.block, &format!("{prefix}{}.0.", b.name), out);
            }
        }
        for schema in resources().iter().chain(data_sources()) {
            let mut declared = Vec::new();
            keys(&schema.block, "", &mut declared);
            let conflicts =
                schema
                    .block
                    .attributes
                    .iter()
                    .flat_map(|a| &a.conflicts_with)
                    .chain(schema.block.blocks.iter().flat_map(|b| &b.conflicts_with))
                    .chain(
                        schema.block.blocks.iter().flat_map(|b| {
                            b.block.attributes.iter().flat_map(|a| &a.conflicts_with)
                        }),
                    );
            for key in conflicts {
                assert!(
                    declared.iter().any(|d| d == key),
                    "{}: {key} is not declared",
                    schema.name
                );
            }
        }
    }
}
