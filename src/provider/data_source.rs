//! One adaptor serves every data source from its declaration; each type
//! adds only how it reads.

use async_trait::async_trait;
use tf_provider::schema::Schema;
use tf_provider::{Diagnostics, DynamicDataSource, RawValue};

use super::{codec, decode_object, diagnostics, lower, Context};
use crate::schema::{apply_defaults, check_config, Block, Finding, Severity, TypeSchema};
use crate::value::{Object, Value};

/// What a data source type does beyond its declaration.
pub trait DataSourceBehaviour: Send + Sync {
    fn schema(&self) -> &'static TypeSchema;

    /// Fills the computed attributes of `state`, which starts as the
    /// configuration with defaults applied. Errors fail the read.
    fn read(&self, context: &Context, config: &Object, state: &mut Object) -> Vec<Finding>;

    /// What [`Self::read`] would report, without the state: the analyzer
    /// asks this of every block and keeps only the findings. A type whose
    /// findings do not hang on the filled state answers without building it.
    fn findings(&self, context: &Context, config: &Object) -> Vec<Finding> {
        let mut state = config.clone();
        apply_defaults(&self.schema().block, &mut state);
        self.read(context, config, &mut state)
    }
}

pub struct SchemaDataSource {
    behaviour: Box<dyn DataSourceBehaviour>,
    context: Context,
    schema: Schema,
}

impl SchemaDataSource {
    pub fn new(behaviour: Box<dyn DataSourceBehaviour>, context: Context) -> Self {
        let schema = lower::schema(behaviour.schema());
        SchemaDataSource {
            behaviour,
            context,
            schema,
        }
    }

    fn block(&self) -> &'static Block {
        &self.behaviour.schema().block
    }
}

#[async_trait]
impl DynamicDataSource for SchemaDataSource {
    fn schema(&self, _diags: &mut Diagnostics) -> Option<Schema> {
        Some(self.schema.clone())
    }

    async fn validate(&self, diags: &mut Diagnostics, config: RawValue) -> Option<()> {
        let config = decode_object(diags, self.block(), &config)?;
        diagnostics::add(diags, check_config(self.block(), &config));
        diags.errors.is_empty().then_some(())
    }

    async fn read(
        &self,
        diags: &mut Diagnostics,
        config: RawValue,
        _provider_meta_state: RawValue,
    ) -> Option<RawValue> {
        let config = decode_object(diags, self.block(), &config)?;
        let mut state = config.clone();
        apply_defaults(self.block(), &mut state);
        let findings = self.behaviour.read(&self.context, &config, &mut state);
        let failed = findings.iter().any(|f| f.severity == Severity::Error);
        diagnostics::add(diags, findings);
        if failed {
            return None;
        }
        Some(codec::encode(self.block(), &Value::Map(state)))
    }
}
