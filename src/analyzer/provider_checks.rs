//! What the provider (and Terraform, for its schema) would reject, found
//! without running either: every `coder_*` block is checked against its
//! declaration, with the validators and the behaviour checks the provider
//! itself runs, over the values the evaluator can determine.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::{Arc, LazyLock};

use hcl_edit::expr::Expression;
use hcl_edit::structure::Body;
use hcl_edit::Span as _;
use rustc_hash::FxHashMap;

use super::eval::scenarios::{distinct_instance_scopes, when_set, Parameter, VALUES_PER_PARAMETER};
use super::eval::{
    block_type, conform, dynamic_blocks, is_static_step, BlockBody, Evaluator, Scenario, Scope,
};
use super::load::{blocks_named, EntryFiles, Resource};
use super::source::{FileId, Span};
use crate::provider::{data_sources, plan_checks, resources, Context};
use crate::schema::{
    self, check_config, defaulted_part, Block, Finding, Origin, PathStep, Presence, Severity,
    TypeSchema, ValueType,
};
use crate::value::{Object, Value};

/// Meta-arguments every resource accepts, whatever its schema.
const META_ARGUMENTS: &[&str] = &["count", "for_each", "depends_on", "provider"];
const META_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection"];

/// A problem the provider or Terraform would report, placed in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderFinding {
    pub origin: Origin,
    pub severity: Severity,
    pub message: String,
    pub span: Option<Span>,
    /// The block instances it concerns, by Terraform address; empty for
    /// the provider's own block.
    pub instances: Vec<String>,
}

/// How many parameters the checks of one block try beyond the defaults:
/// enough for the parameters a block really hangs on.
const VARIED_PARAMETERS: usize = 4;

/// Every finding of the provider's checks; `evaluator` evaluates at the
/// import defaults, in the module instances `module_scopes`.
pub fn check<'t>(
    evaluator: &Evaluator<'t>,
    parameters: &BTreeMap<String, Parameter>,
    module_scopes: &[Scope<'t>],
) -> Vec<ProviderFinding> {
    let variations: Vec<Variation> = parameters
        .iter()
        .flat_map(|(name, parameter)| {
            parameter
                .domain
                .iter()
                .take(VALUES_PER_PARAMETER)
                .map(move |value| Variation {
                    parameter: name,
                    value,
                    scenario: OnceCell::new(),
                })
        })
        .collect();
    let checker = Checker {
        evaluator,
        forks: variations.iter().map(|_| OnceCell::new()).collect(),
        variations: &variations,
    };
    let mut out = Vec::new();
    for scope in module_scopes {
        let module = evaluator.module(scope);
        for resource in &module.resources {
            if resource.ty.starts_with("coder_") {
                checker.resource(scope, resource, &mut out);
            }
        }
        for provider in module.providers.iter().filter(|p| p.name == "coder") {
            check_provider(evaluator, scope, provider, &mut out);
        }
    }
    out
}

/// Where the provider's behaviour runs: no environment, as at import time.
static CONTEXT: LazyLock<Context> = LazyLock::new(|| Context::new(Arc::new(HashMap::new())));

/// What reading each data source with nothing to configure finds. Its
/// configuration is always empty once decoding passed, and the environment
/// is [`CONTEXT`]'s, so every block of the type reads the same: read once.
static FIXED_READS: LazyLock<FxHashMap<&'static str, Vec<Finding>>> = LazyLock::new(|| {
    data_sources::all()
        .iter()
        .filter(|source| {
            let block = &source.schema().block;
            block.blocks.is_empty() && !block.attributes.iter().any(|a| a.presence.is_settable())
        })
        .map(|source| {
            (
                source.schema().name,
                source.findings(&CONTEXT, &Object::new()),
            )
        })
        .collect()
});

/// One parameter set to one value it admits, the rest at their defaults.
struct Variation<'p> {
    parameter: &'p str,
    value: &'p str,
    scenario: OnceCell<Scenario>,
}

/// What the checks of one template share: the evaluator at the defaults,
/// one evaluator per variation (made on first use, and kept, so that each
/// computes a local once).
struct Checker<'t, 'v> {
    evaluator: &'v Evaluator<'t>,
    variations: &'v [Variation<'v>],
    forks: Vec<OnceCell<Evaluator<'v>>>,
}

impl<'t: 'v, 'v> Checker<'t, 'v> {
    fn fork(&self, index: usize) -> &Evaluator<'v> {
        self.forks[index].get_or_init(|| {
            let variation = &self.variations[index];
            let scenario = variation.scenario.get_or_init(|| {
                self.evaluator
                    .scenario
                    .with_parameter(variation.parameter, variation.value)
            });
            self.evaluator.fork(scenario, self.evaluator.fallback)
        })
    }

    fn resource(&self, scope: &Scope<'t>, resource: &Resource, out: &mut Vec<ProviderFinding>) {
        let Some(declared) = declaration(resource) else {
            let kind = if resource.data {
                "data source"
            } else {
                "resource type"
            };
            out.push(ProviderFinding {
                origin: Origin::Schema,
                severity: Severity::Error,
                message: format!(
                    "The provider coder/coder does not support {kind} \"{}\".",
                    resource.ty
                ),
                span: Some(resource.header_span()),
                instances: vec![scope.address_of(resource)],
            });
            return;
        };
        // Terraform stops at the first stage that fails, for each block:
        // decoding against the schema, then the provider's validation, then
        // plan and apply. Reporting stage by stage keeps the findings the
        // ones `terraform plan` shows, in the same order of fixing.
        let mut decoding = Vec::new();
        let evaluate = |expr: &Expression| self.evaluator.eval(scope, expr);
        let typed = shape(
            &declared.block,
            &resource.body,
            &resource.files,
            resource.header_span(),
            true,
            &evaluate,
            &mut decoding,
        );
        if !decoding.is_empty() {
            decoding.extend(mistyped_where_written(typed, &evaluate));
        }
        for finding in &mut decoding {
            finding.instances.push(scope.address_of(resource));
        }
        let (unconfigurable, decode): (Vec<_>, Vec<_>) = decoding
            .into_iter()
            .partition(|f| f.message.starts_with("Can't configure a value"));
        if !decode.is_empty() {
            out.extend(decode);
            return;
        }
        if !unconfigurable.is_empty() {
            out.extend(unconfigurable);
            return;
        }
        for instance in distinct_instance_scopes(self.evaluator, scope, resource) {
            self.configurations(&instance, declared, resource, out);
        }
    }

    /// The checks of one instance's configuration.
    fn configurations(
        &self,
        scope: &Scope<'t>,
        declared: &'static TypeSchema,
        resource: &Resource,
        out: &mut Vec<ProviderFinding>,
    ) {
        // Values at the defaults, then with each parameter they read varied
        // over what it admits (plan-time checks only: apply-time ones rarely
        // hang on a parameter); a variation that changes nothing is skipped.
        // Each entry of the configuration is traced, so that a variation
        // recomputes only the entries that read its parameter. It reports
        // only what neither the defaults nor an earlier variation did.
        let written = BlockBody::written(&resource.body);
        let mut entries = Vec::new();
        // Arguments Terraform cannot convert to their declared type, by
        // name: where one is, decoding fails and nothing else is checked.
        let mut mistyped = Vec::new();
        // Which entries read each parameter, by parameter name.
        let mut readers: Vec<(String, Vec<&str>)> = Vec::new();
        for name in entry_names(&declared.block, &resource.body) {
            let (value, reads) = self
                .evaluator
                .reads_of(|| entry(self.evaluator, scope, &declared.block, &written, name));
            let Some(value) = value else { continue };
            for parameter in reads.parameters {
                match readers.binary_search_by(|(p, _)| p.cmp(&parameter)) {
                    Ok(index) => readers[index].1.push(name),
                    Err(index) => readers.insert(index, (parameter, vec![name])),
                }
            }
            match value {
                Ok(value) => entries.push((name, value)),
                Err(finding) => mistyped.push((name, *finding)),
            }
        }
        let config: Object = entries.into_iter().collect();
        let mut reported = if mistyped.is_empty() {
            values(declared, resource, &config, true)
        } else {
            mistyped.iter().map(|(_, f)| f.clone()).collect()
        };
        out.extend(
            reported
                .iter()
                .map(|f| placed(scope, resource, f.clone(), None)),
        );
        let mut checked = Vec::new();
        for (parameter, names) in readers.iter().take(VARIED_PARAMETERS) {
            if !names
                .iter()
                .any(|name| checked_at_plan(declared, resource.data, name))
            {
                continue;
            }
            for (index, variation) in self.variations.iter().enumerate() {
                if variation.parameter != parameter {
                    continue;
                }
                let fork = self.fork(index);
                let mut varied = config.clone();
                let mut varied_mistyped: Vec<Finding> = mistyped
                    .iter()
                    .filter(|(name, _)| !names.contains(name))
                    .map(|(_, f)| f.clone())
                    .collect();
                for name in names {
                    match entry(fork, scope, &declared.block, &written, name) {
                        Some(Ok(value)) => {
                            varied.insert(*name, value);
                        }
                        Some(Err(finding)) => varied_mistyped.push(*finding),
                        None => {}
                    }
                }
                let findings = if varied_mistyped.is_empty() {
                    if varied == config || checked.contains(&varied) {
                        continue;
                    }
                    let findings = values(declared, resource, &varied, false);
                    checked.push(varied);
                    findings
                } else {
                    varied_mistyped
                };
                for finding in findings {
                    if !reported.contains(&finding) {
                        out.push(placed(scope, resource, finding.clone(), Some(variation)));
                        reported.push(finding);
                    }
                }
            }
        }
    }
}

/// The `provider "coder"` block: its schema, its URL validator, and the
/// empty URL that configuring the provider refuses.
fn check_provider<'t>(
    evaluator: &Evaluator<'t>,
    scope: &Scope<'t>,
    provider: &super::load::ProviderBlock,
    out: &mut Vec<ProviderFinding>,
) {
    let declared = schema::provider_schema();
    let header = provider.header_span();
    let mut decoding = Vec::new();
    let evaluate = |expr: &Expression| evaluator.eval(scope, expr);
    let typed = shape(
        &declared.block,
        &provider.body,
        &provider.files,
        header.clone(),
        false,
        &evaluate,
        &mut decoding,
    );
    decoding.retain(|f| !f.message.contains("\"alias\""));
    if !decoding.is_empty() {
        decoding.extend(mistyped_where_written(typed, &evaluate));
        out.extend(decoding);
        return;
    }
    let url_span = provider.attribute("url").and_then(|url| url.span());
    let findings = match object(
        evaluator,
        scope,
        &declared.block,
        &BlockBody::written(&provider.body),
    ) {
        Ok(config) => {
            let mut findings = check_config(&declared.block, &config);
            if findings.is_empty() && config.get("url").and_then(Value::as_str) == Some("") {
                findings.push(Finding::error(
                    "CODER_AGENT_URL must not be empty; got \"\"",
                ));
            }
            findings
        }
        Err(mistyped) => vec![*mistyped],
    };
    out.extend(findings.into_iter().map(|f| {
        ProviderFinding {
            origin: f.origin,
            severity: f.severity,
            message: f.summary,
            span: span_of(&provider.body, &provider.files, &f.path)
                .or_else(|| url_span.clone())
                .or_else(|| Some(header.clone())),
            instances: Vec::new(),
        }
    }));
}

fn declaration(resource: &Resource) -> Option<&'static TypeSchema> {
    if resource.data {
        schema::data_source(&resource.ty)
    } else {
        schema::resource(&resource.ty)
    }
}

/// The block's configuration as the provider would receive it, or the
/// first argument Terraform cannot convert to its declared type.
fn object<'t>(
    evaluator: &Evaluator<'t>,
    scope: &Scope<'t>,
    block: &Block,
    body: &BlockBody<'_>,
) -> Result<Object, Box<Finding>> {
    entry_names(block, body.body)
        .filter_map(|name| Some(entry(evaluator, scope, block, body, name)?.map(|v| (name, v))))
        .collect()
}

/// The top-level entries of the configuration: the attributes the body
/// sets that the schema knows, and every nested block type, by their
/// declared names.
fn entry_names<'b>(block: &'b Block, body: &'b Body) -> impl Iterator<Item = &'static str> + 'b {
    body.attributes()
        .filter_map(|attribute| block.attribute(attribute.key.as_str()))
        .map(|declared| declared.name)
        .chain(block.blocks.iter().map(|nested| nested.name))
}

/// One entry: an attribute's value converted to its declared type, or the
/// list of a nested block's elements (unknown when `dynamic` blocks make an
/// unknown number). The error is the decoding error Terraform reports for
/// a value of the wrong type.
fn entry<'t>(
    evaluator: &Evaluator<'t>,
    scope: &Scope<'t>,
    block: &Block,
    body: &BlockBody<'_>,
    name: &str,
) -> Option<Result<Value, Box<Finding>>> {
    if let Some(nested) = block.nested(name) {
        let Some(elements) = evaluator.nested_blocks(scope, body, name) else {
            return Some(Ok(Value::Unknown));
        };
        let elements = elements
            .iter()
            .enumerate()
            .map(|(index, element)| {
                object(evaluator, scope, &nested.block, element)
                    .map(Value::Map)
                    .map_err(|mut finding| {
                        let within = [PathStep::Attribute(nested.name), PathStep::Index(index)];
                        finding.path.splice(0..0, within);
                        finding
                    })
            })
            .collect::<Result<_, _>>()
            .map(Value::List);
        return Some(elements);
    }
    let declared = block.attribute(name)?;
    let value = &body.body.get_attribute(name)?.value;
    let mut value = evaluator.eval_in_block(scope, body, value);
    Some(match conform(&mut value, &declared.ty) {
        Ok(()) => Ok(value),
        Err(problem) => Err(Box::new(Finding {
            origin: Origin::Schema,
            path: vec![PathStep::Attribute(declared.name)],
            ..Finding::error(mistyped(declared.name, &problem))
        })),
    })
}

/// Terraform's message for an argument of the wrong type.
fn mistyped(name: &str, problem: &str) -> String {
    format!("Inappropriate value for attribute \"{name}\": {problem}.")
}

/// Whether the plan-time checks of a block could find something else when
/// the entry `name` changes: what its schema validates, and what its
/// behaviour reads (all of it, for a data source's read).
fn checked_at_plan(declared: &TypeSchema, data: bool, name: &str) -> bool {
    data || schema::checks_value_of(&declared.block, name)
        || resources::find(declared.name).is_some_and(|b| b.plan_reads().contains(&name))
}

/// What the provider would say about one configuration of the block.
fn values(
    declared: &'static TypeSchema,
    resource: &Resource,
    config: &Object,
    apply_time: bool,
) -> Vec<Finding> {
    let mut findings: Vec<Finding> = check_config(&declared.block, config);
    if findings.iter().any(|f| f.severity == Severity::Error) {
        return findings;
    }
    // The behaviour checks need known values. References to other objects
    // (`agent_id = coder_agent.main.id`) are known only after apply, but no
    // check looks at them, so a stand-in ID takes their place.
    let mut standing_in = Cow::Borrowed(config);
    for (name, value) in config {
        if name.ends_with("_id") && !value.is_known() {
            standing_in.to_mut().insert(
                name.clone(),
                Value::string("00000000-0000-4000-8000-000000000000"),
            );
        }
    }
    findings.extend(behaviour(declared, resource, &standing_in, apply_time));
    findings
}

/// A finding placed in the block, with the parameter value that brings it
/// about when the defaults do not.
fn placed(
    scope: &Scope<'_>,
    resource: &Resource,
    finding: Finding,
    when: Option<&Variation>,
) -> ProviderFinding {
    let mut message = finding.summary;
    if !finding.detail.is_empty() {
        message = format!("{message}: {}", finding.detail.trim_end());
    }
    if let Some(variation) = when {
        message.push_str(&when_set(variation.parameter, variation.value));
    }
    ProviderFinding {
        origin: finding.origin,
        severity: finding.severity,
        message,
        span: span_of(&resource.body, &resource.files, &finding.path)
            .or_else(|| Some(resource.header_span())),
        instances: vec![scope.address_of(resource)],
    }
}

/// The checks the provider's own code makes at plan and apply time, each
/// run when what it reads is known.
fn behaviour(
    declared: &'static TypeSchema,
    resource: &Resource,
    config: &Object,
    apply_time: bool,
) -> Vec<Finding> {
    let context = &*CONTEXT;
    let wholly_known = || config.values().all(Value::is_wholly_known);
    if resource.data {
        if let Some(findings) = FIXED_READS.get(declared.name) {
            return findings.clone();
        }
        let Some(source) = data_sources::find(declared.name) else {
            return Vec::new();
        };
        if !wholly_known() {
            return Vec::new();
        }
        return source.findings(context, config);
    }
    // The task's app is the ai-task-app rule's, with better words.
    if declared.name == "coder_ai_task" {
        return Vec::new();
    }
    let Some(behaviour) = resources::find(declared.name) else {
        return Vec::new();
    };
    let reads = behaviour.plan_reads();
    if !apply_time && reads.is_empty() {
        return Vec::new();
    }
    // Defaults are known: what the plan checks read is known when the
    // configuration's part of it is.
    let planned = if reads
        .iter()
        .all(|name| config.get(name).is_none_or(Value::is_wholly_known))
    {
        plan_checks(behaviour, &defaulted_part(&declared.block, config, reads))
    } else {
        Vec::new()
    };
    if !apply_time || planned.iter().any(|f| f.severity == Severity::Error) || !wholly_known() {
        return planned;
    }
    let mut found = planned;
    found.extend(behaviour.create_findings(context, config));
    found
}

/// Where a finding's attribute path is in the block.
fn span_of(body: &Body, files: &EntryFiles, path: &[PathStep]) -> Option<Span> {
    let PathStep::Attribute(name) = path.first()? else {
        return None;
    };
    if let Some(attribute) = body.get_attribute(name) {
        let file = files.of(name);
        return attribute.value.span().map(|range| Span { file, range });
    }
    // Which written block made the element is not known: point at the
    // `dynamic` block.
    if let Some(dynamic) = dynamic_blocks(body, name).next() {
        let file = files.of(dynamic.ident.as_str());
        return dynamic.labels[0].span().map(|range| Span { file, range });
    }
    let file = files.of(name);
    let blocks: Vec<_> = blocks_named(body, name).collect();
    let (block, rest) = match path.get(1) {
        Some(PathStep::Index(i)) => (blocks.get(*i).copied()?, &path[2..]),
        _ => (*blocks.first()?, &path[1..]),
    };
    if rest.is_empty() {
        return block.ident.span().map(|range| Span { file, range });
    }
    span_of(&block.body, &EntryFiles::new(file), rest)
        .or_else(|| block.ident.span().map(|range| Span { file, range }))
}

/// Terraform's own checks of a block against the schema: unknown and
/// unconfigurable arguments, missing ones, labels, block counts, value
/// types, and how `dynamic` blocks are written. `evaluate` evaluates where
/// the block is written: literal values and `dynamic` blocks' collections.
fn shape<'b>(
    block: &'b Block,
    body: &'b Body,
    files: &EntryFiles,
    header: Span,
    top: bool,
    evaluate: &dyn Fn(&Expression) -> Value,
    out: &mut Vec<ProviderFinding>,
) -> Vec<Typed<'b>> {
    let mut typed = Vec::new();
    let mut found: Vec<(String, Option<Span>)> = Vec::new();
    let mut error = |message: String, span: Option<Span>| found.push((message, span));
    for attribute in body.attributes() {
        let name = attribute.key.as_str();
        let file = files.of(name);
        let key_span = attribute.key.span().map(|range| Span { file, range });
        if top && META_ARGUMENTS.contains(&name) {
            continue;
        }
        match block.attribute(name) {
            None if block.nested(name).is_some() => error(
                format!("An argument named \"{name}\" is not expected here. Did you mean to define a block of type \"{name}\"?"),
                key_span,
            ),
            None => error(format!("An argument named \"{name}\" is not expected here."), key_span),
            Some(declared) => typed.push(Typed {
                name: declared.name,
                ty: &declared.ty,
                value: &attribute.value,
                span: attribute.value.span().map(|range| Span { file, range }),
            }),
        }
    }
    for declared in block
        .attributes
        .iter()
        .filter(|a| a.presence == Presence::Required)
    {
        if body.get_attribute(declared.name).is_none() {
            error(
                format!(
                    "The argument \"{}\" is required, but no definition was found.",
                    declared.name
                ),
                None,
            );
        }
    }
    let mut inner = Vec::new();
    for nested_block in body.blocks() {
        let name = nested_block.ident.as_str();
        if top && META_BLOCKS.contains(&name) {
            continue;
        }
        let file = files.of(name);
        let placed = |range: Option<Range<usize>>| range.map(|range| Span { file, range });
        let dynamic = name == "dynamic";
        if dynamic && nested_block.labels.len() != 1 {
            match nested_block.labels.get(1) {
                None => error(
                    "All dynamic blocks must have 1 labels (type).".to_string(),
                    placed(nested_block.ident.span()),
                ),
                Some(extra) => error(
                    "Only 1 labels (type) are expected for dynamic blocks.".to_string(),
                    placed(extra.span()),
                ),
            }
            continue;
        }
        // `dynamic "T"` stands for blocks of type T: its label names the
        // type, and its `content` is one T block.
        let made = block_type(nested_block);
        let at = if dynamic {
            nested_block.labels.first().and_then(|label| label.span())
        } else {
            nested_block.ident.span()
        };
        match block.nested(made) {
            None => error(
                format!("Blocks of type \"{made}\" are not expected here."),
                placed(at),
            ),
            Some(nested) if dynamic => {
                let header = placed(at).unwrap_or_else(|| header.clone());
                let problems = dynamic_problems(nested_block, file, &header, evaluate);
                if problems.is_empty() {
                    inner.extend(
                        blocks_named(&nested_block.body, "content")
                            .map(|content| (&nested.block, &content.body, file, header.clone())),
                    );
                }
                for (message, span) in problems {
                    error(message, span);
                }
            }
            Some(_) => {
                if let Some(label) = nested_block.labels.first() {
                    error(
                        format!("No labels are expected for {made} blocks."),
                        placed(label.span()),
                    );
                }
            }
        }
    }
    for nested in &block.blocks {
        // How many blocks a `dynamic` one makes is known only when planning.
        if dynamic_blocks(body, nested.name).next().is_some() {
            continue;
        }
        let elements: Vec<_> = blocks_named(body, nested.name).collect();
        let file = files.of(nested.name);
        if nested.max_items > 0 && elements.len() > nested.max_items {
            let extra = elements[nested.max_items]
                .ident
                .span()
                .map(|range| Span { file, range });
            error(
                format!(
                    "No more than {} \"{}\" blocks are allowed",
                    nested.max_items, nested.name
                ),
                extra,
            );
        }
        if elements.len() < nested.min_items {
            error(
                format!(
                    "At least {} \"{}\" blocks are required.",
                    nested.min_items, nested.name
                ),
                None,
            );
        }
        // A block whose labels Terraform refuses is not decoded further.
        for element in elements.into_iter().filter(|e| e.labels.is_empty()) {
            let element_header = element
                .ident
                .span()
                .map_or(header.clone(), |range| Span { file, range });
            inner.push((&nested.block, &element.body, file, element_header));
        }
    }
    out.extend(found.into_iter().map(|(message, span)| ProviderFinding {
        origin: Origin::Schema,
        severity: Severity::Error,
        message,
        span: span.or_else(|| Some(header.clone())),
        instances: Vec::new(),
    }));
    for (block, body, file, element_header) in inner {
        typed.extend(shape(
            block,
            body,
            &EntryFiles::new(file),
            element_header,
            false,
            evaluate,
            out,
        ));
    }
    typed
}

/// An argument the schema declares, with the type Terraform converts it to.
struct Typed<'b> {
    name: &'static str,
    ty: &'b ValueType,
    value: &'b Expression,
    span: Option<Span>,
}

/// The arguments of `typed` that do not convert to their type where the
/// block is written. Each instance's configuration converts its arguments
/// anyway, so this is needed only to report them with the block's other
/// decoding errors, as Terraform does.
fn mistyped_where_written(
    typed: Vec<Typed<'_>>,
    evaluate: &dyn Fn(&Expression) -> Value,
) -> Vec<ProviderFinding> {
    typed
        .into_iter()
        .filter_map(|argument| {
            let problem = conform(&mut evaluate(argument.value), argument.ty).err()?;
            Some(ProviderFinding {
                origin: Origin::Schema,
                severity: Severity::Error,
                message: mistyped(argument.name, &problem),
                span: argument.span,
                instances: Vec::new(),
            })
        })
        .collect()
}

/// What Terraform refuses in a `dynamic` block before expanding it, in the
/// order it looks: the block's own arguments and blocks, its iterator, a
/// `for_each` that is no collection, then its one `content` block.
fn dynamic_problems(
    dynamic: &hcl_edit::structure::Block,
    file: FileId,
    header: &Span,
    for_each: &dyn Fn(&Expression) -> Value,
) -> Vec<(String, Option<Span>)> {
    let placed = |range: Option<Range<usize>>| range.map(|range| Span { file, range });
    let mut problems = Vec::new();
    for attribute in dynamic.body.attributes() {
        let name = attribute.key.as_str();
        if !matches!(name, "for_each" | "iterator") {
            problems.push((
                format!("An argument named \"{name}\" is not expected here."),
                placed(attribute.key.span()),
            ));
        }
    }
    if dynamic.body.get_attribute("for_each").is_none() {
        problems.push((
            "The argument \"for_each\" is required, but no definition was found.".to_string(),
            Some(header.clone()),
        ));
    }
    for block in dynamic.body.blocks() {
        match (block.ident.as_str(), block.labels.first()) {
            ("content", None) => {}
            ("content", Some(label)) => problems.push((
                "No labels are expected for content blocks.".to_string(),
                placed(label.span()),
            )),
            (other, _) => problems.push((
                format!("Blocks of type \"{other}\" are not expected here."),
                placed(block.ident.span()),
            )),
        }
    }
    if !problems.is_empty() {
        return problems;
    }
    if let Some(iterator) = dynamic.body.get_attribute("iterator") {
        if let Some(message) = iterator_problem(&iterator.value) {
            return vec![(message.to_string(), placed(iterator.value.span()))];
        }
    }
    if let Some(attribute) = dynamic.body.get_attribute("for_each") {
        let kind = match for_each(&attribute.value) {
            Value::Null => Some("null"),
            Value::String(_) => Some("string"),
            Value::Number(_) => Some("number"),
            Value::Bool(_) => Some("bool"),
            Value::Unknown | Value::List(_) | Value::Map(_) => None,
        };
        if let Some(kind) = kind {
            let message = if kind == "null" {
                "Cannot use a null value in for_each.".to_string()
            } else {
                format!(
                    "Cannot use a {kind} value in for_each. An iterable collection is required."
                )
            };
            return vec![(message, placed(attribute.value.span()))];
        }
    }
    let mut contents = blocks_named(&dynamic.body, "content");
    match (contents.next(), contents.next()) {
        (None, _) => vec![(
            "A dynamic block must have a nested block of type \"content\" to describe the body of each generated block.".to_string(),
            Some(header.clone()),
        )],
        (Some(_), Some(extra)) => vec![(
            "Only one nested content block is allowed for each dynamic block.".to_string(),
            placed(extra.ident.span()),
        )],
        (Some(_), None) => Vec::new(),
    }
}

/// Why Terraform refuses a `dynamic` block's `iterator`: it must name one
/// variable, written as a static reference.
fn iterator_problem(iterator: &Expression) -> Option<&'static str> {
    match iterator {
        Expression::Variable(_) => None,
        Expression::Traversal(traversal)
            if matches!(traversal.expr, Expression::Variable(_))
                && traversal
                    .operators
                    .iter()
                    .all(|step| is_static_step(step.value())) =>
        {
            Some("Dynamic iterator must be a single variable name.")
        }
        _ => Some("A single static variable reference is required: only attribute access and indexing with constant keys. No calculations, function calls, template expressions, etc are allowed here."),
    }
}

#[cfg(test)]
mod tests {
    use crate::analyzer::{lint, Options};

    /// The messages of the provider rules' findings in a one-file template.
    fn messages(text: &str) -> Vec<String> {
        let dir = tempfile::tempdir().expect("temporary directory");
        std::fs::write(dir.path().join("main.tf"), text).expect("write");
        let report = lint(dir.path(), ".", &Options::default()).expect("lint");
        report
            .diagnostics
            .iter()
            .filter(|d| d.rule.starts_with("provider-"))
            .map(|d| d.message.clone())
            .collect()
    }

    #[test]
    fn instances_of_an_unknown_number_are_checked_with_each_unbound() {
        let found = messages(
            r#"
variable "names" {
  type = set(string)
}

resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
}

resource "coder_app" "by_name" {
  for_each = var.names
  agent_id = coder_agent.main.id
  slug     = each.key
}

resource "coder_app" "fixed" {
  for_each = var.names
  agent_id = coder_agent.main.id
  slug     = "Fixed"
}

resource "coder_app" "none_at_the_defaults" {
  count    = 0
  agent_id = coder_agent.main.id
  slug     = "None"
}
"#,
        );
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].ends_with(": \"Fixed\""), "{found:#?}");
        assert!(found[1].ends_with(": \"None\""), "{found:#?}");
    }
}
