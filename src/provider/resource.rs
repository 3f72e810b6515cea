//! One adaptor serves every resource from its declaration: validation,
//! defaults, plans (every change replaces, as in the Go provider, which has
//! no updates) and state; each type adds only its behaviour.

use async_trait::async_trait;
use tf_provider::schema::Schema;
use tf_provider::{AttributePath, Diagnostics, DynamicResource, RawValue};

use super::{codec, decode_object, diagnostics, lower, Context};
use crate::schema::{
    apply_defaults, check_config, is_absent, Block, Finding, Nesting, Presence, TypeSchema,
};
use crate::value::{Object, Value};

/// What a resource type does beyond its declaration.
pub trait ResourceBehaviour: Send + Sync {
    fn schema(&self) -> &'static TypeSchema;

    /// Checks of the planned object beyond single attributes (the Go
    /// provider's CustomizeDiff), reported at plan time. They see only the
    /// attributes [`Self::plan_reads`] names: see [`plan_checks`].
    fn check_plan(&self, _planned: &Object) -> Vec<Finding> {
        Vec::new()
    }

    /// The top-level attributes and blocks `check_plan` looks at.
    fn plan_reads(&self) -> &'static [&'static str] {
        &[]
    }

    /// Fills the computed attributes of a new object; errors fail the apply.
    fn create(&self, context: &Context, state: &mut Object) -> Vec<Finding>;

    /// What [`Self::create`] would report for `config` (defaults not yet
    /// applied), without the state: the analyzer asks this of every block
    /// and keeps only the findings. A type whose findings do not hang on
    /// what create fills answers without building it.
    fn create_findings(&self, context: &Context, config: &Object) -> Vec<Finding> {
        let mut state = config.clone();
        apply_defaults(&self.schema().block, &mut state);
        self.create(context, &mut state)
    }

    /// Refreshes a stored object.
    fn read(&self, _context: &Context, _state: &mut Object) {}
}

/// `check_plan` on the part of the planned object it declares it reads.
/// Handing it no more than that keeps the declaration true, and lets the
/// analyzer skip rechecking a block when only other attributes change.
pub fn plan_checks(behaviour: &dyn ResourceBehaviour, planned: &Object) -> Vec<Finding> {
    let reads = behaviour.plan_reads();
    if reads.is_empty() {
        return Vec::new();
    }
    let view: Object = planned
        .iter()
        .filter(|(name, _)| reads.contains(&name.as_ref()))
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect();
    behaviour.check_plan(&view)
}

pub struct SchemaResource {
    behaviour: Box<dyn ResourceBehaviour>,
    context: Context,
    schema: Schema,
}

impl SchemaResource {
    pub fn new(behaviour: Box<dyn ResourceBehaviour>, context: Context) -> Self {
        let schema = lower::schema(behaviour.schema());
        SchemaResource {
            behaviour,
            context,
            schema,
        }
    }

    fn block(&self) -> &'static Block {
        &self.behaviour.schema().block
    }

    fn decode(&self, diags: &mut Diagnostics, raw: &RawValue) -> Option<Object> {
        decode_object(diags, self.block(), raw)
    }

    fn encode(&self, object: Object) -> RawValue {
        codec::encode(self.block(), &Value::Map(object))
    }

    /// The planned new object: configuration, defaults, and computed values
    /// unknown unless `prior` (an object kept as it is) supplies them.
    fn plan(
        &self,
        diags: &mut Diagnostics,
        proposed: Object,
        prior: Option<&Object>,
    ) -> Option<Object> {
        let mut planned = proposed;
        let defaults = self.context.plans_defaults();
        if defaults {
            apply_defaults(self.block(), &mut planned);
        }
        mark_computed(self.block(), &mut planned, prior, defaults);
        diagnostics::add(diags, plan_checks(self.behaviour.as_ref(), &planned));
        diags.errors.is_empty().then_some(planned)
    }
}

/// Computed attributes the configuration leaves null become unknown, or keep
/// the prior value when the object stays; so do optional, computed blocks
/// when `blocks_too` (Terraform accepts planning those only from the
/// legacy type system).
fn mark_computed(block: &Block, object: &mut Object, prior: Option<&Object>, blocks_too: bool) {
    for attribute in &block.attributes {
        if !attribute.presence.is_computed() {
            continue;
        }
        let slot = object.get_or_insert_with(attribute.name, || Value::Null);
        if slot.is_null() {
            *slot = prior
                .and_then(|p| p.get(attribute.name))
                .cloned()
                .unwrap_or(Value::Unknown);
        }
    }
    for nested in &block.blocks {
        let absent = object.get(nested.name).is_none_or(is_absent);
        if blocks_too && nested.presence == Presence::OptionalComputed && absent {
            let kept = prior.and_then(|p| p.get(nested.name)).cloned();
            object.insert(nested.name.to_string(), kept.unwrap_or(Value::Unknown));
            continue;
        }
        if let Some(Value::List(elements)) = object.get_mut(nested.name) {
            for element in elements {
                if let Value::Map(element) = element {
                    mark_computed(&nested.block, element, None, blocks_too);
                }
            }
        }
    }
}

/// Paths of the configurable attributes and blocks whose value changes.
fn changed_paths(block: &Block, prior: &Object, planned: &Object) -> Vec<AttributePath> {
    let mut paths = Vec::new();
    for attribute in block.attributes.iter().filter(|a| a.presence.is_settable()) {
        let before = prior.get(attribute.name).unwrap_or(&Value::Null);
        let after = planned.get(attribute.name).unwrap_or(&Value::Null);
        if before != after {
            paths.push(AttributePath::new(attribute.name));
        }
    }
    for nested in &block.blocks {
        let before = normalized(prior.get(nested.name), nested.nesting, &nested.block);
        let after = normalized(planned.get(nested.name), nested.nesting, &nested.block);
        if before != after {
            paths.push(AttributePath::new(nested.name));
        }
    }
    paths
}

/// A block collection in a form where equal sets compare equal: computed
/// attributes dropped (they are not the configuration's), set elements sorted.
fn normalized(value: Option<&Value>, nesting: Nesting, block: &Block) -> String {
    let Some(Value::List(elements)) = value else {
        return match value {
            Some(Value::Unknown) => "unknown".into(),
            _ => "[]".into(),
        };
    };
    let mut rendered: Vec<String> = elements
        .iter()
        .filter_map(Value::as_map)
        .map(|element| {
            let mut parts: Vec<String> = block
                .attributes
                .iter()
                .filter(|a| a.presence.is_settable())
                .map(|a| {
                    format!(
                        "{}={:?}",
                        a.name,
                        element.get(a.name).unwrap_or(&Value::Null)
                    )
                })
                .collect();
            for nested in &block.blocks {
                parts.push(format!(
                    "{}={}",
                    nested.name,
                    normalized(element.get(nested.name), nested.nesting, &nested.block)
                ));
            }
            parts.join(",")
        })
        .collect();
    if nesting == Nesting::Set {
        rendered.sort();
    }
    format!("[{}]", rendered.join(";"))
}

/// Computed values still unknown after create have no value to give.
fn settle_unknowns(block: &Block, object: &mut Object) {
    for attribute in &block.attributes {
        if let Some(slot) = object.get_mut(attribute.name) {
            if !slot.is_wholly_known() {
                *slot = Value::Null;
            }
        }
    }
    for nested in &block.blocks {
        match object.get_mut(nested.name) {
            Some(Value::List(elements)) => {
                for element in elements {
                    if let Value::Map(element) = element {
                        settle_unknowns(&nested.block, element);
                    }
                }
            }
            Some(slot @ Value::Unknown) => *slot = Value::List(Vec::new()),
            _ => {}
        }
    }
}

#[async_trait]
impl DynamicResource for SchemaResource {
    fn legacy_type_system(&self) -> bool {
        // As a terraform-plugin-sdk/v2 provider, defaults of optional
        // attributes are planned although the schema does not mark them computed.
        self.context.plans_defaults()
    }

    fn schema(&self, _diags: &mut Diagnostics) -> Option<Schema> {
        Some(self.schema.clone())
    }

    async fn validate(&self, diags: &mut Diagnostics, config: RawValue) -> Option<()> {
        let config = self.decode(diags, &config)?;
        diagnostics::add(diags, check_config(self.block(), &config));
        diags.errors.is_empty().then_some(())
    }

    async fn read(
        &self,
        diags: &mut Diagnostics,
        state: RawValue,
        private_state: Vec<u8>,
        _provider_meta_state: RawValue,
    ) -> Option<(RawValue, Vec<u8>)> {
        let mut state = self.decode(diags, &state)?;
        self.behaviour.read(&self.context, &mut state);
        Some((self.encode(state), private_state))
    }

    async fn plan_create(
        &self,
        diags: &mut Diagnostics,
        proposed_state: RawValue,
        _config_state: RawValue,
        _provider_meta_state: RawValue,
    ) -> Option<(RawValue, Vec<u8>)> {
        let proposed = self.decode(diags, &proposed_state)?;
        let planned = self.plan(diags, proposed, None)?;
        Some((self.encode(planned), Vec::new()))
    }

    async fn plan_update(
        &self,
        diags: &mut Diagnostics,
        prior_state: RawValue,
        proposed_state: RawValue,
        config_state: RawValue,
        prior_private_state: Vec<u8>,
        _provider_meta_state: RawValue,
    ) -> Option<(RawValue, Vec<u8>, Vec<AttributePath>)> {
        let prior = self.decode(diags, &prior_state)?;
        let proposed = self.decode(diags, &proposed_state)?;
        let config = self.decode(diags, &config_state)?;
        let kept = self.plan(diags, proposed.clone(), Some(&prior))?;
        let replace = changed_paths(self.block(), &prior, &kept);
        if replace.is_empty() {
            return Some((self.encode(prior), prior_private_state, Vec::new()));
        }
        // A replacement computes afresh whatever the configuration leaves unset.
        let mut fresh = proposed;
        let block = self.block();
        let unset = |name: &str| config.get(name).is_none_or(is_absent);
        for attribute in block.attributes.iter().filter(|a| a.presence.is_computed()) {
            if unset(attribute.name) {
                fresh.insert(attribute.name.to_string(), Value::Null);
            }
        }
        for nested in block
            .blocks
            .iter()
            .filter(|b| b.presence == Presence::OptionalComputed)
        {
            if unset(nested.name) {
                fresh.insert(nested.name.to_string(), Value::Null);
            }
        }
        let planned = self.plan(diags, fresh, None)?;
        Some((self.encode(planned), Vec::new(), replace))
    }

    async fn plan_destroy(
        &self,
        _diags: &mut Diagnostics,
        _prior_state: RawValue,
        prior_private_state: Vec<u8>,
        _provider_meta_state: RawValue,
    ) -> Option<Vec<u8>> {
        Some(prior_private_state)
    }

    async fn create(
        &self,
        diags: &mut Diagnostics,
        planned_state: RawValue,
        _config_state: RawValue,
        _planned_private_state: Vec<u8>,
        _provider_meta_state: RawValue,
    ) -> Option<(RawValue, Vec<u8>)> {
        let mut state = self.decode(diags, &planned_state)?;
        diagnostics::add(diags, self.behaviour.create(&self.context, &mut state));
        if !diags.errors.is_empty() {
            return None;
        }
        settle_unknowns(self.block(), &mut state);
        Some((self.encode(state), Vec::new()))
    }

    async fn update(
        &self,
        diags: &mut Diagnostics,
        _prior_state: RawValue,
        planned_state: RawValue,
        _config_state: RawValue,
        planned_private_state: Vec<u8>,
        _provider_meta_state: RawValue,
    ) -> Option<(RawValue, Vec<u8>)> {
        // Plans never update in place; an unchanged object is kept as planned.
        let state = self.decode(diags, &planned_state)?;
        Some((self.encode(state), planned_private_state))
    }

    async fn destroy(
        &self,
        _diags: &mut Diagnostics,
        _prior_state: RawValue,
        _planned_private_state: Vec<u8>,
        _provider_meta_state: RawValue,
    ) -> Option<()> {
        Some(())
    }

    async fn upgrade(
        &self,
        diags: &mut Diagnostics,
        _version: i64,
        prior_state: RawValue,
    ) -> Option<RawValue> {
        // Versions only differ by attributes since removed, which decoding drops.
        let state = self.decode(diags, &prior_state)?;
        Some(self.encode(state))
    }
}
