//! Every admissible combination of what Coder decides before a build:
//! parameter values (each parameter's domain comes from the shared parameter
//! model), start or stop, task or no task; and the number of `coder_ai_task`
//! instances each combination plans.

use std::collections::{BTreeMap, BTreeSet};

use hcl_edit::expr::{BinaryOperator, Expression, Traversal};
use hcl_edit::structure::Body;
use hcl_edit::visit::{visit_binary_op, visit_func_call, visit_traversal, Visit};

use super::open::holds_open;
use super::{
    to_number, Blankness, BlockBody, Build, BuildReads, Evaluator, Instance, OpenClass, OpenKind,
    Others, Prebuild, Scenario, Scope, MAX_STEPS,
};
use crate::analyzer::load::{blocks_named, Expr, ModuleCall, Resource, Template};
use crate::analyzer::source::Span;
use crate::schema::validate::parameter::{
    admits, selects_many, OptionSpec, ParameterSpec, ValidationSpec, PARAMETER_TYPES,
};
use crate::value::{format_number, Value};

/// More combinations than this are not enumerated.
pub const MAX_SCENARIOS: usize = 4096;
/// A number parameter's validation range is enumerated whole up to this
/// many values; a wider one by its bounds and the numbers compared with.
const MAX_RANGE: usize = 32;
/// Module instances beyond this are not expanded.
const MAX_INSTANCES: usize = 1024;

/// A `coder_parameter` as far as the analysis needs it.
#[derive(Clone, Debug)]
pub struct Parameter {
    pub name: String,
    /// `string` unless the block says otherwise; "an unknown type" when it cannot be evaluated.
    pub ty: String,
    /// Where the type is set, or else the block's header.
    pub type_span: Span,
    /// The values it admits, in a stable order.
    pub domain: Vec<String>,
    /// Those of `domain` that stand for many values.
    pub open: Vec<OpenClass>,
    /// The value a build uses when nobody answers.
    pub default: Option<String>,
}

/// A count that could not be evaluated: what, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Undecided {
    pub what: String,
    pub span: Option<Span>,
}

/// The `coder_ai_task` instances one scenario plans. A count that cannot be
/// decided adds none, so `total` is then a lower bound: two certain
/// instances are a violation whatever the undecided count turns out to be.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Planned {
    pub total: u64,
    /// Each declaration with instances: module path and address, count, header.
    pub declarations: Vec<(String, u64, Span)>,
    /// The first count that could not be decided.
    pub undecided: Option<Undecided>,
}

/// Visits every loaded module once, depth first, with the scope of one
/// instance (whatever its `count`: its declarations matter even at 0).
pub fn for_each_module<'t>(
    evaluator: &Evaluator<'t>,
    scope: &Scope<'t>,
    visit: &mut dyn FnMut(&Scope<'t>),
) {
    visit(scope);
    for call in &evaluator.module(scope).calls {
        if let Some(child) = evaluator.child_scope(scope, call, Instance::Single) {
            for_each_module(evaluator, &child, visit);
        }
    }
}

/// How many instances of one block or module call are visited apart.
const DISTINCT_INSTANCES: usize = 16;

/// The scope of every loaded module, as [`for_each_module`] visits them,
/// but of a module call whose arguments read `count.index` or `each` one
/// for each of its [`distinct_instances`]: those instances' inputs differ,
/// as in Terraform's plan.
pub fn distinct_module_scopes<'t>(evaluator: &Evaluator<'t>) -> Vec<Scope<'t>> {
    fn walk<'t>(evaluator: &Evaluator<'t>, scope: &Scope<'t>, scopes: &mut Vec<Scope<'t>>) {
        scopes.push(scope.clone());
        for call in &evaluator.module(scope).calls {
            let instances = distinct_instances(
                evaluator,
                scope,
                call.attribute("count"),
                call.attribute("for_each"),
                &call.body,
            );
            for instance in instances {
                if let Some(child) = evaluator.child_scope(scope, call, instance) {
                    walk(evaluator, &child, scopes);
                }
            }
        }
    }
    let mut scopes = Vec::new();
    walk(evaluator, &evaluator.root_scope(), &mut scopes);
    scopes
}

/// The scopes of a block's [`distinct_instances`], each binding its
/// `count.index` or `each`.
pub fn distinct_instance_scopes<'t>(
    evaluator: &Evaluator<'t>,
    scope: &Scope<'t>,
    block: &Resource,
) -> Vec<Scope<'t>> {
    let count = block.attribute("count");
    let for_each = block.attribute("for_each");
    distinct_instances(evaluator, scope, count, for_each, &block.body)
        .into_iter()
        .map(|instance| scope.with_instance(instance))
        .collect()
}

/// The instances of a block or module call that can differ from one
/// another, each with its `count.index` or `each` (up to 16). One with
/// neither bound stands for them all when the body reads neither (its
/// instances are alike), when their number is not known, or when it is
/// zero at the defaults, where another parameter value may still plan it.
fn distinct_instances<'t>(
    evaluator: &Evaluator<'t>,
    scope: &Scope<'t>,
    count: Option<Expr<'_>>,
    for_each: Option<Expr<'_>>,
    body: &Body,
) -> Vec<Instance> {
    if (count.is_none() && for_each.is_none()) || !reads_instance(body) {
        return vec![Instance::Single];
    }
    match instances_of(evaluator, scope, count, for_each) {
        Ok(instances) if !instances.listed.is_empty() => instances
            .listed
            .into_iter()
            .take(DISTINCT_INSTANCES)
            .collect(),
        _ => vec![Instance::Single],
    }
}

/// Whether a block's body reads `count.index` or `each`.
fn reads_instance(body: &Body) -> bool {
    struct Finder(bool);
    impl Visit for Finder {
        fn visit_traversal(&mut self, traversal: &Traversal) {
            if let Expression::Variable(root) = &traversal.expr {
                self.0 |= matches!(root.as_str(), "count" | "each");
            }
            visit_traversal(self, traversal);
        }
    }
    let mut finder = Finder(false);
    finder.visit_body(body);
    finder.0
}

/// Visits every block of type `ty` (data sources when `data`, else
/// resources) in every loaded module, with its module instance's scope.
pub fn for_each_block<'t>(
    evaluator: &Evaluator<'t>,
    data: bool,
    ty: &str,
    visit: &mut dyn FnMut(&Scope<'t>, &'t Resource),
) {
    for_each_module(evaluator, &evaluator.root_scope(), &mut |scope| {
        for resource in evaluator
            .module(scope)
            .resources
            .iter()
            .filter(|r| r.data == data && r.ty == ty)
        {
            visit(scope, resource);
        }
    });
}

/// How many values of one parameter the variations of a check try.
pub const VALUES_PER_PARAMETER: usize = 16;

/// How a finding names the parameter value that brings it about, which the
/// defaults do not: ` (when NAME = "VALUE")`.
pub fn when_set(name: &str, value: &str) -> String {
    format!(" (when {name} = {value:?})")
}

/// Visits every instance of a block of type `ty` (data sources when
/// `data`, else resources) that the evaluator's scenario plans, through the
/// module instances that plan it, with the scope that binds its
/// `count.index` or `each`. A block or module call whose number of
/// instances is not known is taken as one instance.
pub fn for_each_planned<'t>(
    evaluator: &Evaluator<'t>,
    scope: &Scope<'t>,
    data: bool,
    ty: &str,
    visit: &mut dyn FnMut(&Scope<'t>, &'t Resource),
) {
    let mut walk = Walk::new(evaluator, data, ty, Instances::single);
    walk.module(scope, &mut |scope, block, instances| {
        for instance in instances.listed.into_iter().take(MAX_INSTANCES) {
            visit(&scope.with_instance(instance), block);
        }
    });
}

/// One walk over the blocks of one type that the evaluator's scenario
/// plans, through the module instances that plan them.
struct Walk<'w, 't> {
    evaluator: &'w Evaluator<'t>,
    /// Data sources when set, else resources.
    data: bool,
    ty: &'w str,
    /// The instances of a block or module call whose instances are undecided.
    if_undecided: fn() -> Instances,
    /// Module instances the walk may still enter: [`MAX_INSTANCES`] in
    /// all, however the calls nest.
    may_enter: usize,
    /// The first count that could not be decided, or module call not
    /// entered whole.
    undecided: Option<Undecided>,
}

impl<'w, 't> Walk<'w, 't> {
    fn new(
        evaluator: &'w Evaluator<'t>,
        data: bool,
        ty: &'w str,
        if_undecided: fn() -> Instances,
    ) -> Self {
        Walk {
            evaluator,
            data,
            ty,
            if_undecided,
            may_enter: MAX_INSTANCES,
            undecided: None,
        }
    }

    /// Visits each block of the type in `scope` with the instances its
    /// `count` or `for_each` asks for, then enters the instances of the
    /// module calls whose modules declare such blocks.
    fn module(
        &mut self,
        scope: &Scope<'t>,
        visit: &mut dyn FnMut(&Scope<'t>, &'t Resource, Instances),
    ) {
        let (evaluator, data, ty) = (self.evaluator, self.data, self.ty);
        let module = evaluator.module(scope);
        for resource in module
            .resources
            .iter()
            .filter(|r| r.data == data && r.ty == ty)
        {
            let instances = self.instances(
                scope,
                resource.attribute("count"),
                resource.attribute("for_each"),
            );
            visit(scope, resource, instances);
        }
        let plans_some = |call: &&ModuleCall| {
            call.child
                .is_some_and(|child| evaluator.template.declares_within(child, data, ty))
        };
        for call in module.calls.iter().filter(plans_some) {
            let instances =
                self.instances(scope, call.attribute("count"), call.attribute("for_each"));
            let total = instances.total;
            let mut entered = 0;
            for instance in instances.listed {
                if self.may_enter == 0 {
                    break;
                }
                self.may_enter -= 1;
                entered += 1;
                if let Some(child) = evaluator.child_scope(scope, call, instance) {
                    self.module(&child, visit);
                }
            }
            if entered < total {
                self.undecided.get_or_insert_with(|| Undecided {
                    what: format!(
                        "the {total} instances of module.{}, of which coderform entered {entered} (it enters {MAX_INSTANCES} module instances in all)",
                        call.name
                    ),
                    span: call
                        .attribute("count")
                        .or(call.attribute("for_each"))
                        .and_then(|e| e.span()),
                });
            }
        }
    }

    fn instances(
        &mut self,
        scope: &Scope<'t>,
        count: Option<Expr<'_>>,
        for_each: Option<Expr<'_>>,
    ) -> Instances {
        instances_of(self.evaluator, scope, count, for_each).unwrap_or_else(|unknown| {
            self.undecided.get_or_insert(unknown);
            (self.if_undecided)()
        })
    }
}

/// The instances a `count` or `for_each` asks for: how many, and each one,
/// except that a count is spelled out only up to [`MAX_INSTANCES`] (a
/// template may ask for a billion).
struct Instances {
    total: u64,
    listed: Vec<Instance>,
}

impl Instances {
    fn single() -> Instances {
        Instances::of(vec![Instance::Single])
    }

    fn none() -> Instances {
        Instances::of(Vec::new())
    }

    fn of(listed: Vec<Instance>) -> Instances {
        Instances {
            total: listed.len() as u64,
            listed,
        }
    }
}

/// Evaluates a `count` or `for_each` into the [`Instances`] it asks for.
fn instances_of<'t>(
    evaluator: &Evaluator<'t>,
    scope: &Scope<'t>,
    count: Option<Expr<'_>>,
    for_each: Option<Expr<'_>>,
) -> Result<Instances, Undecided> {
    let undecided = |expr: Expr<'_>, value: &Value| {
        let text = expr.expr.to_string();
        let text = text.trim();
        // Evaluated again for what it read alone: only a count that is
        // undecided pays for that.
        let (_, reads) = evaluator.reads_of(|| evaluator.eval(scope, expr.expr));
        let open = evaluator.open_parameters(&reads.parameters);
        Undecided {
            what: match value {
                Value::Unknown if evaluator.out_of_steps() => format!(
                    "`{text}`, whose evaluation takes more steps than coderform spends on a template ({MAX_STEPS})"
                ),
                _ if reads.open || holds_open(value) => format!(
                    "`{text}`, which uses the value of {} in a way that the values tried do not settle: coderform tries each value the template names and one value for each class of the others (such as the numbers between two named ones, the blank strings, or the lists that differ in order or in elements it does not name), and here the value taken within a class matters",
                    open.iter().map(|name| format!("{name:?}")).collect::<Vec<_>>().join(", ")
                ),
                Value::Unknown if reads.failed => format!(
                    "`{text}`, which Terraform fails to evaluate (the plan stops with an error)"
                ),
                Value::Unknown => format!("`{text}`, which is known only at plan or apply time"),
                other => format!("`{text}`, which is not a valid count or for_each ({other})"),
            },
            span: expr.span(),
        }
    };
    if let Some(count) = count {
        let value = evaluator.eval(scope, count.expr);
        // Terraform converts a string count ("2", as a parameter's value
        // is) to a number.
        return match to_number(&value) {
            Some(n) if n >= 0.0 && n.fract() == 0.0 => {
                let total = n as u64;
                Ok(Instances {
                    total,
                    listed: (0..total.min(MAX_INSTANCES as u64))
                        .map(|i| Instance::Count(Value::Number(i as f64)))
                        .collect(),
                })
            }
            _ => Err(undecided(count, &value)),
        };
    }
    if let Some(for_each) = for_each {
        let value = evaluator.eval(scope, for_each.expr);
        if holds_open(&value) {
            return Err(undecided(for_each, &value));
        }
        return match value {
            Value::Map(entries) => Ok(Instances::of(
                entries
                    .into_iter()
                    .map(|(key, value)| Instance::Each {
                        key: Value::String(key.into_owned()),
                        value,
                    })
                    .collect(),
            )),
            Value::List(items) if items.iter().all(|i| matches!(i, Value::String(_))) => {
                let mut seen = BTreeSet::new();
                Ok(Instances::of(
                    items
                        .into_iter()
                        .filter(|i| seen.insert(i.as_str().unwrap_or_default().to_string()))
                        .map(|key| Instance::Each {
                            key: key.clone(),
                            value: key,
                        })
                        .collect(),
                ))
            }
            other => Err(undecided(for_each, &other)),
        };
    }
    Ok(Instances::single())
}

/// How many `coder_ai_task` instances the evaluator's scenario plans, and
/// which declarations plan them.
pub fn plan_tasks(evaluator: &Evaluator<'_>) -> Planned {
    plan(evaluator, true)
}

/// Without the declarations: the enumeration asks for the number in every
/// scenario, and for the declarations only in the one it reports.
fn count_tasks(evaluator: &Evaluator<'_>) -> Planned {
    plan(evaluator, false)
}

/// What the template plans; with `record`, also each declaration that
/// plans instances, by address.
fn plan(evaluator: &Evaluator<'_>, record: bool) -> Planned {
    let mut planned = Planned::default();
    let mut walk = Walk::new(evaluator, false, "coder_ai_task", Instances::none);
    walk.module(&evaluator.root_scope(), &mut |scope, task, instances| {
        let count = instances.total;
        if count > 0 {
            planned.total = planned.total.saturating_add(count);
            if record {
                planned
                    .declarations
                    .push((scope.address_of(task), count, task.header_span()));
            }
        }
    });
    planned.undecided = walk.undecided;
    planned
}

/// What the template does with each parameter's value ([`Uses`]): the
/// interesting values of free-form parameters. A use of an expression that
/// reads a parameter (directly or through locals) belongs to that
/// parameter; one of module inputs or outputs may concern any parameter.
#[derive(Default)]
pub struct Constants {
    /// By module index and `coder_parameter` label.
    by_parameter: BTreeMap<(usize, String), Uses>,
    shared: Uses,
}

impl Constants {
    fn of(&self, module: usize, label: &str) -> Uses {
        let mut uses = self.shared.clone();
        if let Some(own) = self.by_parameter.get(&(module, label.to_string())) {
            uses.absorb(own);
        }
        uses
    }
}

/// What the template does with one parameter's value that tells values
/// apart: the literals it compares it with, whether it trims it (which
/// tells blank strings from the others), and whether it compares it with a
/// string literal (which tells `"08"` from `"8"`, both the number 8); and
/// the separators it splits it on, which the value standing for all others
/// then holds, so that planned as itself it shows what a list does.
#[derive(Clone, Debug, Default)]
pub struct Uses {
    pub compared: BTreeSet<String>,
    pub trimmed: bool,
    pub spelled: bool,
    pub separators: BTreeSet<String>,
}

impl Uses {
    fn absorb(&mut self, other: &Uses) {
        self.compared.extend(other.compared.iter().cloned());
        self.trimmed |= other.trimmed;
        self.spelled |= other.spelled;
        self.separators.extend(other.separators.iter().cloned());
    }
}

impl From<BTreeSet<String>> for Uses {
    fn from(compared: BTreeSet<String>) -> Self {
        Uses {
            compared,
            ..Uses::default()
        }
    }
}

/// What an expression mentions: parameter labels, and whether it also
/// depends on something from outside the module (variables, module outputs).
#[derive(Default)]
struct Mentions {
    parameters: BTreeSet<String>,
    outside: bool,
}

fn mentions(module: &crate::analyzer::load::Module, expr: &Expression, depth: usize) -> Mentions {
    struct Walker<'m> {
        module: &'m crate::analyzer::load::Module,
        depth: usize,
        reads: Mentions,
    }
    impl Visit for Walker<'_> {
        fn visit_traversal(&mut self, node: &hcl_edit::expr::Traversal) {
            use hcl_edit::expr::TraversalOperator;
            let attr = |i: usize| match node.operators.get(i).map(|o| o.value()) {
                Some(TraversalOperator::GetAttr(name)) => Some(name.as_str().to_string()),
                _ => None,
            };
            if let Expression::Variable(root) = &node.expr {
                match root.as_str() {
                    "data" if attr(0).as_deref() == Some("coder_parameter") => {
                        self.reads.parameters.extend(attr(1));
                    }
                    "local" if self.depth < 16 => {
                        if let Some(local) = attr(0).and_then(|l| self.module.local(&l)) {
                            let inner = mentions(self.module, &local.value, self.depth + 1);
                            self.reads.parameters.extend(inner.parameters);
                            self.reads.outside |= inner.outside;
                        }
                    }
                    "var" | "module" | "each" | "count" => self.reads.outside = true,
                    _ => {}
                }
            }
            hcl_edit::visit::visit_traversal(self, node);
        }
    }
    let mut walker = Walker {
        module,
        depth,
        reads: Mentions::default(),
    };
    walker.visit_expr(expr);
    walker.reads
}

pub fn compared_constants(template: &Template) -> Constants {
    struct Collector<'m> {
        module: &'m crate::analyzer::load::Module,
        index: usize,
        constants: Constants,
    }
    fn literal(expr: &Expression) -> Option<(String, bool)> {
        match expr {
            Expression::String(s) => Some((s.to_string(), true)),
            Expression::Number(n) => n.as_f64().map(|n| (format_number(n), false)),
            Expression::Bool(b) => Some((b.to_string(), false)),
            _ => None,
        }
    }
    impl Collector<'_> {
        /// Applies `note` to the uses of each parameter `subject` reads, and
        /// to those of every parameter where it reads the module's inputs.
        fn note(&mut self, subject: &Expression, note: impl Fn(&mut Uses)) {
            let reads = mentions(self.module, subject, 0);
            for label in reads.parameters {
                note(
                    self.constants
                        .by_parameter
                        .entry((self.index, label))
                        .or_default(),
                );
            }
            if reads.outside {
                note(&mut self.constants.shared);
            }
        }

        fn record(&mut self, (value, string): (String, bool), subject: &Expression) {
            self.note(subject, |uses| {
                uses.compared.insert(value.clone());
                uses.spelled |= string;
            });
        }
    }
    impl Visit for Collector<'_> {
        fn visit_binary_op(&mut self, node: &hcl_edit::expr::BinaryOp) {
            if matches!(
                node.operator.value(),
                BinaryOperator::Eq
                    | BinaryOperator::NotEq
                    | BinaryOperator::Less
                    | BinaryOperator::LessEq
                    | BinaryOperator::Greater
                    | BinaryOperator::GreaterEq
            ) {
                if let Some(value) = literal(&node.rhs_expr) {
                    self.record(value, &node.lhs_expr);
                }
                if let Some(value) = literal(&node.lhs_expr) {
                    self.record(value, &node.rhs_expr);
                }
            }
            visit_binary_op(self, node);
        }

        fn visit_func_call(&mut self, node: &hcl_edit::expr::FuncCall) {
            if node.name.name.as_str() == "trimspace" {
                if let Some(subject) = node.args.iter().next() {
                    self.note(subject, |uses| uses.trimmed = true);
                }
            }
            if node.name.name.as_str() == "split" {
                let args: Vec<&Expression> = node.args.iter().collect();
                if let [Expression::String(separator), subject] = args.as_slice() {
                    self.note(subject, |uses| {
                        uses.separators.insert(separator.to_string());
                    });
                }
            }
            if node.name.name.as_str() == "contains" {
                let args: Vec<&Expression> = node.args.iter().collect();
                match args.as_slice() {
                    [Expression::Array(items), subject] => {
                        for value in items.iter().filter_map(literal) {
                            self.record(value, subject);
                        }
                    }
                    // An element looked for in a list made from a parameter.
                    [subject, element] => {
                        if let Some(value) = literal(element) {
                            self.record(value, subject);
                        }
                    }
                    _ => {}
                }
            }
            visit_func_call(self, node);
        }
    }
    let mut constants = Constants::default();
    for (index, module) in template.modules.iter().enumerate() {
        let mut collector = Collector {
            module,
            index,
            constants,
        };
        for resource in &module.resources {
            collector.visit_body(&resource.body);
        }
        for call in &module.calls {
            collector.visit_body(&call.body);
        }
        for local in &module.locals {
            collector.visit_expr(&local.value);
        }
        for output in &module.outputs {
            if let Some(value) = &output.value {
                collector.visit_expr(value);
            }
        }
        constants = collector.constants;
    }
    constants
}

/// The import defaults: START, each parameter at its default, no task.
pub fn defaults_scenario(parameters: &BTreeMap<String, Parameter>) -> Scenario {
    Scenario {
        parameters: parameters
            .iter()
            .map(|(name, p)| (name.clone(), p.default.clone().unwrap_or_default()))
            .collect(),
        build: Build::START,
    }
}

/// Every `coder_parameter` of the template, by name, with its domain.
pub fn parameters(template: &Template) -> BTreeMap<String, Parameter> {
    let constants = compared_constants(template);
    let baseline = Scenario {
        build: Build::START,
        ..Scenario::default()
    };
    let none = BTreeMap::new();
    let evaluator = Evaluator::new(template, &baseline, &none);
    let mut found = BTreeMap::new();
    for_each_block(
        &evaluator,
        true,
        "coder_parameter",
        &mut |scope, resource| {
            let compared = constants.of(scope.module, &resource.name);
            if let Some(parameter) = parameter(&evaluator, scope, resource, &compared) {
                found.entry(parameter.name.clone()).or_insert(parameter);
            }
        },
    );
    found
}

fn parameter<'t>(
    evaluator: &Evaluator<'t>,
    scope: &Scope<'t>,
    resource: &Resource,
    uses: &Uses,
) -> Option<Parameter> {
    let name = evaluator.parameter_name(scope, resource)?;
    let text = |expr: Option<Expr<'_>>| -> Option<String> {
        match evaluator.eval(scope, expr?.expr) {
            Value::String(s) => Some(s),
            Value::Number(n) => Some(format_number(n)),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    };
    let type_expr = resource.attribute("type");
    let ty = match type_expr.map(|e| evaluator.eval(scope, e.expr)) {
        None | Some(Value::Null) => "string".to_string(),
        Some(Value::String(s)) => s,
        Some(_) => "an unknown type".to_string(),
    };
    let type_span = type_expr
        .and_then(|e| e.span())
        .unwrap_or_else(|| resource.header_span());
    let default = text(resource.attribute("default"));
    // Options a `dynamic` block makes from an unknown collection leave the
    // parameter a free string.
    let options = evaluator
        .nested_blocks(scope, &BlockBody::written(&resource.body), "option")
        .unwrap_or_default()
        .iter()
        .filter_map(|b| {
            let value = &b.body.get_attribute("value")?.value;
            match evaluator.eval_in_block(scope, b, value) {
                // Only values decide what the parameter admits.
                Value::String(value) => Some(OptionSpec {
                    name: String::new(),
                    value,
                }),
                _ => None,
            }
        })
        .collect();
    let validation = blocks_named(&resource.body, "validation")
        .next()
        .map(|block| {
            let number = |name: &str| {
                block
                    .body
                    .get_attribute(name)
                    .and_then(|a| evaluator.eval(scope, &a.value).as_number())
                    .map(|n| n as i64)
            };
            let string = |name: &str| {
                block
                    .body
                    .get_attribute(name)
                    .and_then(|a| evaluator.eval(scope, &a.value).as_str().map(str::to_string))
                    .unwrap_or_default()
            };
            ValidationSpec {
                min: number("min"),
                max: number("max"),
                monotonic: string("monotonic"),
                regex: string("regex"),
                error: string("error"),
            }
        });
    let spec = ParameterSpec {
        name: name.clone(),
        // A type that cannot be evaluated leaves a free string.
        ty: if PARAMETER_TYPES.contains(&ty.as_str()) {
            ty.clone()
        } else {
            "string".to_string()
        },
        form_type: text(resource.attribute("form_type")).unwrap_or_default(),
        default: default.clone(),
        mutable: true,
        ephemeral: false,
        options,
        validation,
    };
    let Domain { values, open } = domain(&spec, uses);
    Some(Parameter {
        name,
        ty,
        type_span,
        domain: values,
        open,
        default,
    })
}

/// The values of a parameter the enumeration tries.
#[derive(Debug, Default)]
pub struct Domain {
    pub values: Vec<String>,
    /// The values that stand for many: a free string's, number's or list's others.
    pub open: Vec<OpenClass>,
}

/// The values a parameter admits, as few as tell its uses apart, each one
/// Coder could pass ([`admits`]): its options, or every selection of them
/// (smallest first, each standing for its orders) and then each with its
/// options repeated, for a multi-select; `true` and `false`; the numbers its
/// validation allows, or where they are too many, its bounds, its default,
/// the numbers compared with and one open value for each interval between
/// them; for free strings, the values the template compares it with plus
/// one open value for all the others (two when the template trims it: one
/// for the blank strings, one for the rest); for free lists, those
/// compared with whole plus, for each selection of the elements looked
/// for, one open value for each number of other elements up to the
/// longest length compared with and one for more; for a number compared
/// with a string, one open value for the numbers tried spelled otherwise;
/// and for a list compared with a list, that list spelled otherwise.
/// Past [`MAX_SCENARIOS`]
/// values the list is cut, as no analysis would enumerate it.
pub fn domain(spec: &ParameterSpec, uses: &Uses) -> Domain {
    let constants = &uses.compared;
    let options: Vec<&str> = spec.options.iter().map(|o| o.value.as_str()).collect();
    let default = spec.default.as_deref();
    let mut candidates: Vec<String> = Vec::new();
    let mut open = Vec::new();
    // Whether a number is tried at a few values only, so that the numbers
    // between those need values of their own.
    let mut between_tried = false;
    // The lists the template compares a list's value with whole.
    let compared_lists: Vec<&str> = if spec.ty == "list(string)" {
        constants
            .iter()
            .map(String::as_str)
            .filter(|c| admits(spec, c))
            .collect()
    } else {
        Vec::new()
    };
    if selects_many(spec) {
        // Every selection, then the same with options repeated: a
        // multi-select admits any list of its options.
        candidates.extend(default.map(str::to_string));
        let longest_told = longest_told(constants);
        let mut repeating = Vec::new();
        for (tried, present) in subsets(&options).into_iter().enumerate() {
            // Past the limit (these lists are distinct), the domain is cut
            // anyway.
            if tried + repeating.len() > MAX_SCENARIOS {
                break;
            }
            for class in list_classes(spec, &present, &options, longest_told, None) {
                if class.holds_others() {
                    repeating.push(class);
                } else {
                    candidates.push(class.representative.clone());
                    open.push(class);
                }
            }
            if present.len() <= 1 {
                candidates.push(json_list(&present));
            }
        }
        candidates.extend(repeating.iter().map(|c| c.representative.clone()));
        open.extend(repeating);
        candidates.extend(compared_lists.iter().map(|list| list.to_string()));
    } else if !options.is_empty() {
        candidates.extend(options.iter().map(|o| o.to_string()));
    } else {
        match spec.ty.as_str() {
            "bool" => candidates.extend(["true".to_string(), "false".to_string()]),
            "number" => {
                let validation = spec.validation.as_ref();
                let bounds = validation.and_then(|v| Some((v.min?, v.max?)));
                match bounds {
                    Some((min, max)) if max >= min && max - min < MAX_RANGE as i64 => {
                        candidates.extend((min..=max).map(|n| n.to_string()));
                    }
                    _ => {
                        if let Some(v) = validation {
                            candidates.extend(v.min.map(|n| n.to_string()));
                            candidates.extend(v.max.map(|n| n.to_string()));
                        }
                        candidates.extend(default.map(str::to_string));
                        candidates.extend(
                            constants
                                .iter()
                                .filter(|c| c.parse::<f64>().is_ok())
                                .cloned(),
                        );
                        between_tried = true;
                    }
                }
            }
            "list(string)" => {
                // Whole lists compared with, then for each selection of the
                // elements looked for, the lists holding those, none of the
                // others, and a number of elements more: each number up to
                // the longest length compared with, then all longer ones.
                candidates.extend(default.map(str::to_string));
                candidates.extend(compared_lists.iter().map(|list| list.to_string()));
                let elements: Vec<&str> = constants
                    .iter()
                    .map(String::as_str)
                    .filter(|c| !compared_lists.contains(c))
                    .collect();
                let longest_told = longest_told(constants);
                let fillers = fillers(&elements);
                // Past the limit (these lists are distinct), the domain is
                // cut anyway.
                let mut tried = 0;
                for present in subsets(&elements) {
                    if tried > MAX_SCENARIOS {
                        break;
                    }
                    if present.len() <= 1 {
                        candidates.push(json_list(&present));
                        tried += 1;
                    }
                    for class in
                        list_classes(spec, &present, &elements, longest_told, Some(&fillers))
                    {
                        candidates.push(class.representative.clone());
                        open.push(class);
                        tried += 1;
                    }
                }
            }
            _ => {
                candidates.extend(default.map(str::to_string));
                candidates.extend(constants.iter().cloned());
            }
        }
    }
    // A list's value is the text entered: compared whole with a list, it
    // is also tried as the same list spelled otherwise (`[ ]` for `[]`),
    // which decodes alike but is another string.
    candidates.extend(compared_lists.iter().flat_map(|list| respellings(list)));
    let mut seen = BTreeSet::new();
    let mut domain: Vec<String> = Vec::new();
    for candidate in candidates {
        if domain.len() > MAX_SCENARIOS {
            break;
        }
        if !seen.contains(&candidate) && admits(spec, &candidate) {
            seen.insert(candidate.clone());
            domain.push(candidate);
        }
    }
    open.retain(|class| seen.contains(&class.representative));
    let free_string = options.is_empty() && spec.ty == "string";
    let (intervals, strings) = {
        let unused = |candidate: &str| !seen.contains(candidate) && admits(spec, candidate);
        // One admitted number for each interval between the numbers tried.
        let intervals: Vec<(String, f64, f64)> = if between_tried {
            gaps(spec, &domain)
                .into_iter()
                .filter_map(|(above, below)| {
                    let representative = between(above, below)
                        .into_iter()
                        .map(format_number)
                        .find(|n| unused(n))?;
                    Some((representative, above, below))
                })
                .collect()
        } else {
            Vec::new()
        };
        // The values that stand for the strings not tried apart, each for
        // those of one blankness.
        let mut strings: Vec<(String, Blankness)> = Vec::new();
        if free_string {
            // Trimming tells the blank strings from the rest: each gets a class.
            let blankness = if uses.trimmed {
                Blankness::NotBlank
            } else {
                Blankness::Either
            };
            // Split, the value holds two elements: a violation that takes
            // two then shows when it is planned as itself.
            let split = uses
                .separators
                .iter()
                .filter(|separator| !separator.is_empty())
                .map(|separator| format!("any{separator}other"));
            strings.extend(
                split
                    .chain(OTHER_VALUES.map(str::to_string))
                    .find(|o| unused(o))
                    .map(|o| (o, blankness)),
            );
            if uses.trimmed {
                strings.extend(
                    BLANK_VALUES
                        .into_iter()
                        .find(|b| unused(b))
                        .map(|b| (b.to_string(), Blankness::Blank)),
                );
            }
        }
        // The numbers tried, spelled otherwise ("08" for 8): Terraform sees
        // the same number, but another string.
        if spec.ty == "number" && options.is_empty() && uses.spelled {
            let spelled = seen.iter().find_map(|tried| {
                let number: f64 = tried.parse().ok()?;
                let digits = format_number(number.abs());
                let other = if number < 0.0 {
                    format!("-0{digits}")
                } else {
                    format!("0{digits}")
                };
                unused(&other).then_some(other)
            });
            strings.extend(spelled.map(|s| (s, Blankness::Either)));
        }
        (intervals, strings)
    };
    for (representative, above, below) in intervals {
        domain.push(representative.clone());
        open.push(OpenClass {
            parameter: spec.name.clone(),
            representative,
            kind: OpenKind::Number { above, below },
        });
    }
    let last = strings.len();
    for (index, (representative, blankness)) in strings.into_iter().enumerate() {
        let excluded = if index + 1 == last {
            std::mem::take(&mut seen)
        } else {
            seen.clone()
        };
        domain.push(representative.clone());
        open.push(OpenClass {
            parameter: spec.name.clone(),
            representative,
            kind: OpenKind::String {
                excluded,
                blankness,
            },
        });
    }
    Domain {
        values: domain,
        open,
    }
}

/// The open intervals between the numbers `tried` (sorted), and beyond
/// them where the validation sets no bound.
fn gaps(spec: &ParameterSpec, tried: &[String]) -> Vec<(f64, f64)> {
    let mut numbers: Vec<f64> = tried.iter().filter_map(|t| t.parse().ok()).collect();
    numbers.sort_by(f64::total_cmp);
    numbers.dedup();
    let validation = spec.validation.as_ref();
    let mut edges = Vec::with_capacity(numbers.len() + 2);
    if validation.and_then(|v| v.min).is_none() {
        edges.push(f64::NEG_INFINITY);
    }
    edges.extend(numbers);
    if validation.and_then(|v| v.max).is_none() {
        edges.push(f64::INFINITY);
    }
    edges.windows(2).map(|pair| (pair[0], pair[1])).collect()
}

/// Numbers strictly between `above` and `below`, whole ones first: the
/// candidates for one that stands for all of them.
fn between(above: f64, below: f64) -> Vec<f64> {
    let whole = match (above.is_finite(), below.is_finite()) {
        (true, _) => above.floor() + 1.0,
        (false, true) => below.ceil() - 1.0,
        (false, false) => 0.0,
    };
    let middle = (above + below) / 2.0;
    [whole, middle]
        .into_iter()
        .filter(|n| n.is_finite() && above < *n && *n < below)
        .collect()
}

/// The JSON list `list` spelled compactly and spaced out, but as itself.
fn respellings(list: &str) -> Vec<String> {
    let Ok(items) = serde_json::from_str::<Vec<String>>(list) else {
        return Vec::new();
    };
    let quoted: Vec<String> = items.iter().map(|item| json_string(item)).collect();
    let spaced = if quoted.is_empty() {
        "[ ]".to_string()
    } else {
        format!("[ {} ]", quoted.join(", "))
    };
    [format!("[{}]", quoted.join(",")), spaced]
        .into_iter()
        .filter(|spelled| spelled != list)
        .collect()
}

fn json_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

fn json_list(items: &[&str]) -> String {
    serde_json::Value::from(items).to_string()
}

/// The longest list length compared with that a free list's classes tell
/// apart exactly; longer ones share the class of all longer lists.
const MAX_TOLD_LENGTH: usize = 4;

/// One more than the longest list length compared with, up to
/// [`MAX_TOLD_LENGTH`]; 0 when none is.
fn longest_told(constants: &BTreeSet<String>) -> usize {
    constants
        .iter()
        .filter_map(|c| c.parse::<usize>().ok())
        .filter(|n| *n <= MAX_TOLD_LENGTH)
        .max()
        .map_or(0, |n| n + 1)
}

/// The open classes of the lists holding each of `present` once and none
/// of the other `elements` looked for, by how many elements more they
/// hold: each number up to what makes them `longest_told` long, then
/// more. With `fillers`, a free list's: its others are any strings but
/// the absent elements. Without, a multi-select's: its others repeat the
/// present options, as it admits no other value. A list known whole (at
/// most one present element and no other) is no class: it is tried as
/// itself.
fn list_classes(
    spec: &ParameterSpec,
    present: &[&str],
    elements: &[&str],
    longest_told: usize,
    fillers: Option<&[String]>,
) -> Vec<OpenClass> {
    let repeats_only = fillers.is_none();
    if repeats_only && present.is_empty() {
        return Vec::new();
    }
    let exact = longest_told.saturating_sub(present.len());
    let counts = (0..=exact)
        .map(Others::Exactly)
        .chain([Others::AtLeast(exact + 1)]);
    counts
        .filter(|others| present.len() >= 2 || *others != Others::Exactly(0))
        .map(|others| {
            // The longer lists are tried with two others at least: planned
            // as itself, a list of two distinct elements shows what it does.
            let more = match others {
                Others::Exactly(n) => n,
                Others::AtLeast(n) => n.max(2),
            };
            let added: Vec<&str> = match fillers {
                Some(fillers) => fillers.iter().take(more).map(String::as_str).collect(),
                None => present.iter().copied().cycle().take(more).collect(),
            };
            let list: Vec<&str> = present.iter().copied().chain(added).collect();
            OpenClass {
                parameter: spec.name.clone(),
                representative: json_list(&list),
                kind: OpenKind::List {
                    present: present.iter().map(|e| e.to_string()).collect(),
                    absent: elements
                        .iter()
                        .filter(|e| !present.contains(e))
                        .map(|e| e.to_string())
                        .collect(),
                    others,
                    repeats_only,
                },
            }
        })
        .collect()
}

/// Elements for the others of a free list's representatives: distinct, and
/// none of the `elements` looked for.
fn fillers(elements: &[&str]) -> Vec<String> {
    (1..)
        .map(|n| match n {
            1 => "any".to_string(),
            2 => "other".to_string(),
            n => format!("other {n}"),
        })
        .filter(|filler| !elements.contains(&filler.as_str()))
        .take(MAX_TOLD_LENGTH + 2)
        .collect()
}

/// Free values tried in turn for "any other value": the first one that is
/// admitted and not taken.
const OTHER_VALUES: [&str; 4] = ["any other value", "other", "x", "0"];

/// Blank values tried in turn for all the blank ones not tried apart; the
/// empty string last, for a validation that admits no other.
const BLANK_VALUES: [&str; 4] = [" ", "\t", "  ", ""];

/// The selections of `items`, each in their order: none, each item alone,
/// each pair, and so on, up to [`MAX_SCENARIOS`] + 1.
fn subsets<'a>(items: &[&'a str]) -> Vec<Vec<&'a str>> {
    let mut lists = Vec::new();
    for size in 0..=items.len() {
        let mut chosen: Vec<usize> = (0..size).collect();
        loop {
            if lists.len() > MAX_SCENARIOS {
                return lists;
            }
            lists.push(chosen.iter().map(|&i| items[i]).collect());
            // The next choice of `size` items: advance the last index that can.
            let Some(i) = (0..size)
                .rev()
                .find(|&i| chosen[i] < items.len() - size + i)
            else {
                break;
            };
            chosen[i] += 1;
            for j in i + 1..size {
                chosen[j] = chosen[j - 1] + 1;
            }
        }
    }
    lists
}

/// The outcome over every scenario.
#[derive(Clone, Debug, Default)]
pub struct TaskAnalysis {
    /// The fewest instances a build plans; a lower bound when some count
    /// is undecided.
    pub min: u64,
    /// `None` when some scenario could not be decided.
    pub max: Option<u64>,
    /// The first scenario certain to plan more than one instance, with what
    /// it plans.
    pub violation: Option<(Scenario, Planned)>,
    pub undecided: Option<Undecided>,
}

/// One combination being enumerated: a value (or none, for an empty
/// domain) for each relevant parameter, in the order they became relevant.
/// Values are borrowed from the domains: most combinations are answered from
/// the memo and never become a [`Scenario`].
#[derive(Clone)]
struct Combination<'p> {
    values: Vec<Option<&'p str>>,
    build: Build,
}

impl<'p> Combination<'p> {
    fn value(&self, index: usize) -> Option<&'p str> {
        self.values.get(index).copied().flatten()
    }

    /// Each relevant parameter with its value here.
    fn settings<'a>(
        &'a self,
        relevant: &'a [&'a str],
    ) -> impl Iterator<Item = (&'a str, Option<&'a str>)> + 'a {
        relevant.iter().copied().zip(self.values.iter().copied())
    }
}

/// An evaluated combination, with what its evaluation read.
struct Seen<'p> {
    /// Where the parameters it read are among the relevant ones, which only
    /// ever grow at the end: found once, not at every comparison.
    read_positions: Vec<usize>,
    read_build: BuildReads,
    combination: Combination<'p>,
    outcome: Planned,
}

/// Enumerates scenarios, growing the set of parameters that matter as
/// evaluation reads them, until every reachable combination was seen.
pub fn analyse_tasks(
    template: &Template,
    parameters: &BTreeMap<String, Parameter>,
) -> TaskAnalysis {
    let fallback: BTreeMap<String, String> = parameters
        .iter()
        .filter_map(|(name, p)| {
            Some((
                name.clone(),
                p.default.clone().or_else(|| p.domain.first().cloned())?,
            ))
        })
        .collect();
    let mut relevant: Vec<&str> = Vec::new();
    // The build inputs read so far, which the enumeration then varies.
    let mut varied = BuildReads::default();
    // Outcomes with the inputs they read: evaluation is deterministic, so a
    // combination that agrees on those inputs has the same outcome.
    let mut memo: Vec<Seen> = Vec::new();
    // One evaluator moves from combination to combination, keeping the
    // locals and inputs that do not read what changed.
    let initial = Scenario::default();
    let mut open: Vec<OpenClass> = parameters
        .values()
        .flat_map(|p| p.open.iter().cloned())
        .collect();
    open.sort_by(|a, b| (&a.parameter, &a.representative).cmp(&(&b.parameter, &b.representative)));
    let mut evaluator = Evaluator::new(template, &initial, &fallback).with_open(&open);
    'restart: loop {
        let domains: Vec<&[String]> = relevant
            .iter()
            .map(|name| {
                parameters
                    .get(*name)
                    .map_or(&[][..], |p| p.domain.as_slice())
            })
            .collect();
        let starts: &[bool] = if varied.transition {
            &[true, false]
        } else {
            &[true]
        };
        let tasks: &[bool] = if varied.task {
            &[false, true]
        } else {
            &[false]
        };
        let prebuilds: &[Prebuild] = if varied.prebuild {
            &Prebuild::ALL
        } else {
            &[Prebuild::None]
        };
        let combinations = domains
            .iter()
            .map(|d| d.len().max(1))
            .product::<usize>()
            .saturating_mul(starts.len() * tasks.len() * prebuilds.len());
        if combinations > MAX_SCENARIOS {
            return TaskAnalysis {
                undecided: Some(Undecided {
                    what: format!(
                        "the parameters {}, whose values make more than {MAX_SCENARIOS} combinations",
                        relevant
                            .iter()
                            .map(|name| format!("{name:?}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    span: None,
                }),
                ..TaskAnalysis::default()
            };
        }
        let mut analysis = TaskAnalysis {
            min: u64::MAX,
            max: Some(0),
            ..TaskAnalysis::default()
        };
        let mut retries = 0;
        for index in 0..combinations {
            let mut rest = index;
            let mut values = Vec::with_capacity(domains.len());
            for domain in &domains {
                if domain.is_empty() {
                    values.push(None);
                    continue;
                }
                values.push(Some(domain[rest % domain.len()].as_str()));
                rest /= domain.len();
            }
            let build_start = starts[rest % starts.len()];
            rest /= starts.len();
            let build_task = tasks[rest % tasks.len()];
            rest /= tasks.len();
            let build = Build {
                start: build_start,
                task: build_task,
                prebuild: prebuilds[rest % prebuilds.len()],
            };
            if !build.possible() {
                continue;
            }
            let combination = Combination { values, build };
            let known = memo.iter().position(|seen| agrees(seen, &combination));
            let seen = match known {
                Some(position) => &memo[position],
                None => {
                    evaluator.move_to(combination.settings(&relevant), combination.build);
                    let outcome = count_tasks(&evaluator);
                    let reads = evaluator.reads();
                    // What it read becomes relevant (a remembered outcome's
                    // reads already are): enumerate again if that grew.
                    let mut grew = false;
                    for name in &reads.parameters {
                        if let Some((name, _)) = parameters.get_key_value(name) {
                            if !relevant.contains(&name.as_str()) {
                                relevant.push(name);
                                grew = true;
                            }
                        }
                    }
                    let before = varied;
                    varied.absorb(reads.build);
                    grew |= varied != before;
                    let read_positions = reads
                        .parameters
                        .iter()
                        .filter_map(|name| relevant.iter().position(|r| r == name))
                        .collect();
                    memo.push(Seen {
                        read_positions,
                        read_build: reads.build,
                        combination: combination.clone(),
                        outcome,
                    });
                    if grew {
                        continue 'restart;
                    }
                    &memo[memo.len() - 1]
                }
            };
            let outcome = &seen.outcome;
            analysis.min = analysis.min.min(outcome.total);
            match &outcome.undecided {
                None => {
                    if let Some(max) = analysis.max.as_mut() {
                        *max = (*max).max(outcome.total);
                    }
                }
                Some(undecided) => {
                    analysis.max = None;
                    analysis.undecided.get_or_insert_with(|| undecided.clone());
                }
            }
            // The values tried are values Coder could pass: where the ones
            // standing for many leave the count undecided, what they plan
            // as themselves is planned.
            let violated = outcome.total > 1;
            let retry = !violated && outcome.undecided.is_some() && retries < MAX_CONCRETE_RETRIES;
            if analysis.violation.is_none() && (violated || retry) {
                evaluator.move_to(combination.settings(&relevant), combination.build);
                let scenario = Scenario::clone(&evaluator.scenario);
                if violated {
                    let planned = plan_tasks(&evaluator);
                    if planned.total > 1 {
                        analysis.violation = Some((scenario, planned));
                    }
                } else {
                    // The values as they are, then each selection in
                    // reverse: its order is the user's.
                    let alternatives = reordered(&scenario, parameters);
                    for scenario in [scenario].into_iter().chain(alternatives) {
                        if retries == MAX_CONCRETE_RETRIES {
                            break;
                        }
                        retries += 1;
                        let planned = plan_tasks(&Evaluator::new(template, &scenario, &fallback));
                        if planned.total > 1 {
                            analysis.violation = Some((scenario, planned));
                            break;
                        }
                    }
                }
            }
        }
        if analysis.min == u64::MAX {
            analysis.min = 0;
        }
        return analysis;
    }
}

/// How many plans of undecided combinations, with their values as they
/// are (or reordered), look for a violation they prove.
const MAX_CONCRETE_RETRIES: usize = 16;

/// `scenario` with one list of an open class (which stands for every
/// order of its elements) reversed, for each such list.
fn reordered(scenario: &Scenario, parameters: &BTreeMap<String, Parameter>) -> Vec<Scenario> {
    scenario
        .parameters
        .iter()
        .filter_map(|(name, value)| {
            let class = parameters
                .get(name)?
                .open
                .iter()
                .find(|class| &class.representative == value)?;
            if !matches!(class.kind, OpenKind::List { .. }) {
                return None;
            }
            let mut list: Vec<String> = serde_json::from_str(value).ok()?;
            list.reverse();
            let reversed = serde_json::to_string(&list).ok()?;
            (&reversed != value).then(|| scenario.with_parameter(name, &reversed))
        })
        .collect()
}

/// Whether `combination` gives every input `seen` read the value it had there.
fn agrees(seen: &Seen, combination: &Combination) -> bool {
    seen.read_positions
        .iter()
        .all(|&index| seen.combination.value(index) == combination.value(index))
        && seen
            .read_build
            .agree(seen.combination.build, combination.build)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn spec(ty: &str, options: &[&str], default: Option<&str>) -> ParameterSpec {
        ParameterSpec {
            ty: ty.to_string(),
            default: default.map(str::to_string),
            options: options
                .iter()
                .map(|value| OptionSpec {
                    name: String::new(),
                    value: value.to_string(),
                })
                .collect(),
            ..ParameterSpec::default()
        }
    }

    #[test]
    fn free_strings_get_the_compared_values_and_one_open_value() {
        let domain = domain(&spec("string", &[], Some("")), &set(&["", "claude"]).into());
        assert_eq!(domain.values, ["", "claude", "any other value"]);
        let [OpenClass {
            representative,
            kind: OpenKind::String { excluded, .. },
            ..
        }] = domain.open.as_slice()
        else {
            panic!("one open string: {:?}", domain.open);
        };
        assert_eq!(representative, "any other value");
        assert_eq!(*excluded, set(&["", "claude"]));
    }

    #[test]
    fn numbers_follow_their_validation() {
        let bounded = |min, max, default| ParameterSpec {
            validation: Some(ValidationSpec {
                min: Some(min),
                max: Some(max),
                ..ValidationSpec::default()
            }),
            ..spec("number", &[], default)
        };
        assert_eq!(
            domain(&bounded(1, 3, None), &set(&["7"]).into()).values,
            ["1", "2", "3"]
        );
        // A wide range: its bounds, the default, the numbers compared with,
        // and one admitted number for each interval between them (none
        // between 1 and 2, as the validation admits whole numbers only).
        let wide = domain(&bounded(1, 1000, Some("4")), &set(&["2", "5000"]).into());
        assert_eq!(wide.values, ["1", "1000", "4", "2", "3", "5"]);
        let intervals: Vec<(&str, f64, f64)> = wide
            .open
            .iter()
            .map(|class| match class.kind {
                OpenKind::Number { above, below } => (class.representative.as_str(), above, below),
                _ => panic!("a number's class: {class:?}"),
            })
            .collect();
        assert_eq!(intervals, [("3", 2.0, 4.0), ("5", 4.0, 1000.0)]);
        // Unbounded and without validation: fractions too, and the
        // intervals beyond the numbers tried.
        let free = domain(&spec("number", &[], Some("1")), &set(&["2"]).into());
        assert_eq!(free.values, ["1", "2", "0", "1.5", "3"]);
        // Compared with a string, a number tried is also tried spelled
        // otherwise, which is another string.
        let spelled = Uses {
            compared: set(&["2"]),
            spelled: true,
            ..Uses::default()
        };
        assert_eq!(
            domain(&bounded(1, 3, None), &spelled).values,
            ["1", "2", "3", "01"]
        );
    }

    #[test]
    fn options_and_bools() {
        assert_eq!(
            domain(&spec("string", &["a", "b"], Some("a")), &set(&["z"]).into()).values,
            ["a", "b"]
        );
        assert_eq!(
            domain(&spec("bool", &[], None), &set(&[]).into()).values,
            ["true", "false"]
        );
    }

    #[test]
    fn every_option_is_a_value_however_many() {
        let options: Vec<String> = (0..100).map(|i| format!("r{i}")).collect();
        let options: Vec<&str> = options.iter().map(String::as_str).collect();
        let values = domain(&spec("string", &options, None), &set(&[]).into()).values;
        assert_eq!(values.len(), 100);
        assert_eq!(values.last().map(String::as_str), Some("r99"));
    }

    #[test]
    fn a_multi_select_takes_every_selection_smallest_first_then_repeated() {
        let multi = ParameterSpec {
            form_type: "multi-select".into(),
            ..spec("list(string)", &["a", "b", "c"], Some(r#"["c","a"]"#))
        };
        let selections = domain(&multi, &set(&["z"]).into());
        assert_eq!(
            selections.values,
            [
                r#"["c","a"]"#,
                "[]",
                r#"["a"]"#,
                r#"["b"]"#,
                r#"["c"]"#,
                r#"["a","b"]"#,
                r#"["a","c"]"#,
                r#"["b","c"]"#,
                r#"["a","b","c"]"#,
                r#"["a","a","a"]"#,
                r#"["b","b","b"]"#,
                r#"["c","c","c"]"#,
                r#"["a","b","a","b"]"#,
                r#"["a","c","a","c"]"#,
                r#"["b","c","b","c"]"#,
                r#"["a","b","c","a","b"]"#,
            ]
        );
        // A selection of one option or none is known whole; those of more
        // stand for their orders, and each repeated stands for all lists
        // of those options only, repeated.
        let classes: Vec<(&str, Others, bool)> = selections
            .open
            .iter()
            .map(|class| match &class.kind {
                OpenKind::List {
                    others,
                    repeats_only,
                    ..
                } => (class.representative.as_str(), *others, *repeats_only),
                OpenKind::String { .. } | OpenKind::Number { .. } => panic!("a list's class"),
            })
            .collect();
        assert_eq!(classes.len(), 4 + 7);
        assert!(classes.contains(&(r#"["a","c"]"#, Others::Exactly(0), true)));
        assert!(classes.contains(&(r#"["c","c","c"]"#, Others::AtLeast(1), true)));
        assert!(!classes.iter().any(|(rep, ..)| *rep == r#"["a"]"#));
        // Without multi-select, each option is a whole list.
        let radio = spec("list(string)", &[r#"["a"]"#, r#"["a","b"]"#], None);
        assert_eq!(
            domain(&radio, &set(&[]).into()).values,
            [r#"["a"]"#, r#"["a","b"]"#]
        );
    }

    #[test]
    fn many_options_selected_together_are_cut_past_the_scenario_limit() {
        let options: Vec<String> = (0..40).map(|i| format!("o{i}")).collect();
        let options: Vec<&str> = options.iter().map(String::as_str).collect();
        let multi = ParameterSpec {
            form_type: "multi-select".into(),
            ..spec("list(string)", &options, None)
        };
        assert_eq!(
            domain(&multi, &set(&[]).into()).values.len(),
            MAX_SCENARIOS + 1
        );
    }

    #[test]
    fn free_lists_stand_for_each_selection_of_the_looked_for_elements() {
        let tags = spec("list(string)", &[], Some(r#"["a"]"#));
        let domain = domain(&tags, &set(&["a", r#"["b"]"#, "c"]).into());
        assert_eq!(
            domain.values,
            [
                r#"["a"]"#,
                r#"["b"]"#,
                "[]",
                r#"["any","other"]"#,
                r#"["a","any","other"]"#,
                r#"["c"]"#,
                r#"["c","any","other"]"#,
                r#"["a","c"]"#,
                r#"["a","c","any","other"]"#,
                r#"[ "b" ]"#,
            ]
        );
        // The lists compared whole are themselves (and spelled otherwise);
        // each selection stands
        // for the lists holding it, none of the other elements looked for,
        // and no other element (known whole for one element or none) or
        // some.
        let classes: Vec<(&str, Vec<String>, Vec<String>, Others)> = domain
            .open
            .iter()
            .map(|class| match &class.kind {
                OpenKind::List {
                    present,
                    absent,
                    others,
                    ..
                } => (
                    class.representative.as_str(),
                    present.clone(),
                    absent.iter().cloned().collect(),
                    *others,
                ),
                OpenKind::String { .. } | OpenKind::Number { .. } => panic!("a list's class"),
            })
            .collect();
        let strings = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let none = Others::Exactly(0);
        let some = Others::AtLeast(1);
        assert_eq!(
            classes,
            [
                (
                    r#"["any","other"]"#,
                    strings(&[]),
                    strings(&["a", "c"]),
                    some
                ),
                (
                    r#"["a","any","other"]"#,
                    strings(&["a"]),
                    strings(&["c"]),
                    some
                ),
                (
                    r#"["c","any","other"]"#,
                    strings(&["c"]),
                    strings(&["a"]),
                    some
                ),
                (r#"["a","c"]"#, strings(&["a", "c"]), strings(&[]), none),
                (
                    r#"["a","c","any","other"]"#,
                    strings(&["a", "c"]),
                    strings(&[]),
                    some
                ),
            ]
        );
    }

    #[test]
    fn free_lists_are_told_apart_by_each_length_compared_with() {
        let tags = spec("list(string)", &[], None);
        // "1" may be an element or a length: both are told apart. Lengths
        // past the longest compared with (and those past MAX_TOLD_LENGTH)
        // share one class.
        let domain = domain(&tags, &set(&["1", "any", "9"]).into());
        let others_of = |representative: &str| {
            domain
                .open
                .iter()
                .find(|class| class.representative == representative)
                .map(|class| match &class.kind {
                    OpenKind::List { others, .. } => *others,
                    OpenKind::String { .. } | OpenKind::Number { .. } => panic!("a list's class"),
                })
        };
        // The fillers avoid the elements looked for ("any").
        // The empty list is known whole: tried as itself.
        assert_eq!(others_of("[]"), None);
        assert_eq!(others_of(r#"["other"]"#), Some(Others::Exactly(1)));
        assert_eq!(
            others_of(r#"["other","other 3"]"#),
            Some(Others::Exactly(2))
        );
        assert_eq!(
            others_of(r#"["other","other 3","other 4"]"#),
            Some(Others::AtLeast(3))
        );
        assert_eq!(others_of(r#"["1","any"]"#), Some(Others::Exactly(0)));
        assert_eq!(
            others_of(r#"["1","any","other","other 3"]"#),
            Some(Others::AtLeast(1))
        );
    }

    #[test]
    fn addresses_name_module_and_resource_instances_as_terraform_does() {
        let template = crate::analyzer::load::loaded(&[
            (
                "main.tf",
                r#"module "outer" {
  for_each = toset(["a \"b\"", "$${x}"])
  source   = "./outer"
}"#,
            ),
            (
                "outer/main.tf",
                r#"module "inner" {
  count  = 2
  source = "../inner"
}"#,
            ),
            (
                "inner/main.tf",
                r#"data "coder_parameter" "p" {
  count = 2
  name  = "p${count.index}"
}"#,
            ),
        ]);
        let (scenario, fallback) = (Scenario::default(), BTreeMap::new());
        let evaluator = Evaluator::new(&template, &scenario, &fallback);
        let mut addresses = Vec::new();
        for_each_planned(
            &evaluator,
            &evaluator.root_scope(),
            true,
            "coder_parameter",
            &mut |scope, block| addresses.push(scope.address_of(block)),
        );
        assert_eq!(addresses.len(), 8);
        // toset orders the keys: "${x}" comes first.
        assert_eq!(
            addresses[..3],
            [
                r#"module.outer["$${x}"].module.inner[0].data.coder_parameter.p[0]"#,
                r#"module.outer["$${x}"].module.inner[0].data.coder_parameter.p[1]"#,
                r#"module.outer["$${x}"].module.inner[1].data.coder_parameter.p[0]"#,
            ]
        );
        assert_eq!(
            addresses[4],
            r#"module.outer["a \"b\""].module.inner[0].data.coder_parameter.p[0]"#
        );
    }

    /// The task count `count` over a free string `p` (default "a", also
    /// compared with "b") and a free number `n` (default 1, also compared
    /// with 5 and 10): `Some(max)` when decided, `None` when undecided.
    fn decided_max(count: &str) -> Option<u64> {
        let main = format!(
            r#"data "coder_parameter" "p" {{
  name    = "p"
  default = "a"
}}
data "coder_parameter" "n" {{
  name    = "n"
  type    = "number"
  default = "1"
}}
locals {{
  p = data.coder_parameter.p.value
  q = "zz"
  n = data.coder_parameter.n.value
}}
resource "coder_ai_task" "t" {{
  count = {count}
}}
resource "coder_app" "b" {{
  count = local.p == "b" ? 1 : 0
}}
resource "coder_app" "n" {{
  count = local.n == 5 || local.n == 10 ? 1 : 0
}}
"#
        );
        let template = crate::analyzer::load::loaded(&[("main.tf", &main)]);
        let analysis = analyse_tasks(&template, &parameters(&template));
        analysis.max
    }

    /// The task count `count` over a free list `l` (default `["a"]`, also
    /// looked into for "b" and measured against 1): `Some(max)` when
    /// decided, `None` when undecided.
    fn decided_list_max(count: &str) -> Option<u64> {
        let main = format!(
            r#"data "coder_parameter" "l" {{
  name    = "l"
  type    = "list(string)"
  default = jsonencode(["a"])
}}
locals {{
  l = jsondecode(data.coder_parameter.l.value)
}}
resource "coder_ai_task" "t" {{
  count = {count}
}}
resource "coder_app" "b" {{
  count = contains(local.l, "b") ? 1 : 0
}}
resource "coder_app" "two" {{
  count = length(local.l) > 1 ? 1 : 0
}}
"#
        );
        let template = crate::analyzer::load::loaded(&[("main.tf", &main)]);
        analyse_tasks(&template, &parameters(&template)).max
    }

    #[test]
    fn free_lists_decide_their_lengths_up_to_the_longest_compared_with() {
        for (count, max) in [
            ("length(local.l) > 1 ? 2 : 1", 2),
            ("length(local.l) <= 1 || length(local.l) >= 2 ? 1 : 3", 1),
            (
                r#"length(local.l) == 0 && contains(local.l, "b") ? 2 : 1"#,
                1,
            ),
            (
                r#"length(local.l) == 1 && contains(local.l, "b") ? 2 : 1"#,
                2,
            ),
            // A string of the template's is never taken for an open value,
            // however it starts.
            (r#"length(["\uFDD20", "\uFDD10"]) == 2 ? 2 : 1"#, 2),
            // With no other element, a list of one is known whole.
            (
                r#"length(local.l) == 1 && contains(local.l, "b") ? (join(",", local.l) == "b" ? 3 : 2) : 1"#,
                3,
            ),
        ] {
            assert_eq!(decided_list_max(count), Some(max), "{count}");
        }
        for count in [
            // The order and the other elements are not known.
            r#"local.l[0] == "b" ? 1 : 0"#,
            // Terraform evaluates both sides of `&&`: `[][0]` fails.
            r#"length(local.l) == 1 && local.l[0] == "b" ? 1 : 0"#,
            "length(toset(local.l))",
            // Lengths past MAX_TOLD_LENGTH share a class.
            "length(local.l) > 5 ? 1 : 0",
        ] {
            assert_eq!(decided_list_max(count), None, "{count}");
        }
    }

    #[test]
    fn a_count_terraform_fails_on_is_undecided_as_such() {
        let what = |count: &str| {
            let main = format!("resource \"coder_ai_task\" \"t\" {{\n  count = {count}\n}}\n");
            let template = crate::analyzer::load::loaded(&[("main.tf", &main)]);
            analyse_tasks(&template, &parameters(&template))
                .undecided
                .map(|u| u.what)
                .unwrap_or_default()
        };
        assert!(what(r#"tonumber("x")"#)
            .ends_with("which Terraform fails to evaluate (the plan stops with an error)"));
        assert!(what(r#"{ for a in ["a", "a"] : a => 1 }["a"]"#).contains("fails to evaluate"));
        assert!(what("timestamp() == \"\" ? 1 : 0").ends_with("known only at plan or apply time"));
    }

    #[test]
    fn multi_selects_stand_for_every_order_and_repetition_of_their_options() {
        let max = |count: &str| {
            let main = format!(
                r#"data "coder_parameter" "m" {{
  name      = "m"
  type      = "list(string)"
  form_type = "multi-select"
  default   = jsonencode(["a"])
  option {{
    name  = "A"
    value = "a"
  }}
  option {{
    name  = "B"
    value = "b"
  }}
}}
locals {{
  m = jsondecode(data.coder_parameter.m.value)
}}
resource "coder_ai_task" "t" {{
  count = {count}
}}
"#
            );
            let template = crate::analyzer::load::loaded(&[("main.tf", &main)]);
            analyse_tasks(&template, &parameters(&template))
        };
        // Options may repeat: ["a","a","a"] is admitted.
        assert_eq!(max("length(local.m) > 2 ? 2 : 1").max, Some(2));
        // As a set, a selection is its options whatever repeats them.
        assert_eq!(max("length(toset(local.m)) > 2 ? 2 : 1").max, Some(1));
        assert_eq!(max(r#"contains(local.m, "b") ? 1 : 0"#).max, Some(1));
        // An object made of each element alone holds each option chosen.
        assert_eq!(
            max("length({ for a in local.m : a => a }) > 1 ? 2 : 1").max,
            Some(2)
        );
        assert_eq!(
            max(r#"length({ for a in local.m : a => a if a != "a" }) > 1 ? 2 : 1"#).max,
            Some(1)
        );
        // By index, it hangs on the order.
        assert_eq!(
            max("length({ for i, a in local.m : a => i }) > 1 ? 2 : 1").max,
            None
        );
        // The order is the user's: ["b","a"] is tried, reversed, when the
        // count is undecided.
        let reordered = max(r#"try(local.m[0], "") == "b" && contains(local.m, "a") ? 2 : 0"#);
        assert_eq!(reordered.max, None);
        let (scenario, _) = reordered.violation.expect("a violation in another order");
        assert_eq!(scenario.parameters["m"], r#"["b","a"]"#);
        // The text is the user's: "[ ]" is the empty list, but no "[]".
        let respelled =
            max(r#"data.coder_parameter.m.value != "[]" && length(local.m) == 0 ? 2 : 1"#);
        assert_eq!(respelled.max, Some(2));
        let (scenario, _) = respelled.violation.expect("a violation spelled otherwise");
        assert_eq!(scenario.parameters["m"], "[ ]");
        // A list compared whole is tried as itself; the text of a class's
        // lists is none that decodes to another list.
        let whole = max(r#"data.coder_parameter.m.value == "[\"b\",\"a\"]" ? 2 : 1"#);
        let (scenario, _) = whole.violation.expect("the list compared with");
        assert_eq!(scenario.parameters["m"], r#"["b","a"]"#);
        assert_eq!(
            max(r#"data.coder_parameter.m.value == "[\"a\",\"c\"]" ? 2 : 1"#).max,
            Some(1)
        );
    }

    #[test]
    fn open_values_decide_only_what_their_class_decides() {
        // Equality with the values tried apart, and what passes the value on.
        for (count, max) in [
            (r#"local.p == "a" ? 2 : 0"#, 2),
            (r#"local.p != "b" ? 1 : 3"#, 3),
            (r#"contains(["a", "b"], local.p) ? 1 : 0"#, 1),
            (r#"tostring(local.p) == "b" ? 0 : 1"#, 1),
            (r#"[local.p, "x"] == ["b", "x"] ? 2 : 1"#, 2),
            (r#"local.p == 5 ? 2 : 1"#, 1),
            // Once "" is tried apart, the others are at least one long.
            (r#"length(local.p) >= 1 || local.p == "" ? 1 : 0"#, 1),
            (r#"length(local.p) == 0 && local.p != "" ? 2 : 1"#, 1),
            (r#"0 < length(local.p) || local.p == "" ? 1 : 3"#, 1),
            // Trimming splits the others: blank ones trim to "", the rest
            // to a string that is not blank.
            (r#"trimspace(local.p) == "" && local.p != "" ? 2 : 1"#, 2),
            (
                r#"length(trimspace(local.p)) > 0 || trimspace(local.p) == "" ? 1 : 3"#,
                1,
            ),
            (
                r#"trimspace(trimspace(local.p)) != " " && trimspace(local.p) != "" ? 1 : 0"#,
                1,
            ),
        ] {
            assert_eq!(decided_max(count), Some(max), "{count}");
        }
        // A free number `n` (default 1, compared with 5 and 10): each
        // interval between those decides comparisons with them.
        for (count, max) in [
            ("tonumber(local.n) > 5 ? 2 : 1", 2),
            ("local.n > 5 && local.n < 10 ? 3 : 1", 3),
            ("tonumber(local.n) >= 10 || local.n <= 5 ? 1 : 0", 1),
            ("tonumber(local.n) == 7 ? 1 : 0", 1),
            (r#"local.n == "5" ? 2 : 1"#, 2),
            ("local.n == 5 ? 2 : 1", 1),
        ] {
            assert_eq!(decided_max(count), Some(max), "{count}");
        }
        // What tells two other strings apart.
        for count in [
            "length(local.p) > 3 ? 1 : 0",
            r#""${local.p}-x" == "a-x" ? 1 : 0"#,
            "tobool(local.p) ? 1 : 0",
            "try(tonumber(local.p), 0)",
            "lookup({ zz = 1 }, local.p, 0)",
            "{ zz = 1 }[local.p]",
            "local.p == local.q ? 1 : 0",
            r#"local.p ? 1 : 0"#,
            r#"length(split(",", local.p))"#,
            r#"length(local.p) > 1 || local.p == "" ? 1 : 0"#,
            r#"length(local.p) + 1 > 1 || local.p == "" ? 1 : 0"#,
            // " a" trims to "a".
            r#"trimspace(local.p) == "a" ? 1 : 0"#,
            r#"length(trimspace(local.p)) > 1 || trimspace(local.p) == "" ? 1 : 0"#,
            // Between 5 and 10 lie 6 and 7 (6 computed, so not tried apart).
            "tonumber(local.n) > length(local.q) + 4 ? 1 : 0",
            "tonumber(local.n) == length(local.q) + 4 ? 1 : 0",
            "local.n + 1 > 5 ? 1 : 0",
            "local.n",
            // Compared with a string, 5 is also tried spelled otherwise
            // ("05"), whose number could be any of those tried.
            r#"local.n == "5" || tonumber(local.n) != 5 ? 1 : 0"#,
        ] {
            assert_eq!(decided_max(count), None, "{count}");
        }
        // The warning names the parameter.
        let template = crate::analyzer::load::loaded(&[(
            "main.tf",
            "data \"coder_parameter\" \"q\" {\n  name = \"q\"\n}\nresource \"coder_ai_task\" \"t\" {\n  count = length(data.coder_parameter.q.value)\n}\n",
        )]);
        let undecided = analyse_tasks(&template, &parameters(&template)).undecided;
        assert!(
            undecided.is_some_and(|u| u.what.contains(r#"uses the value of "q" in a way"#)),
            "the parameter is named"
        );
    }

    #[test]
    fn a_trimmed_free_string_splits_its_others_by_blankness() {
        let free = spec("string", &[], Some(""));
        let trimmed = Uses {
            compared: set(&["", "a"]),
            trimmed: true,
            ..Uses::default()
        };
        let split = domain(&free, &trimmed);
        assert_eq!(split.values, ["", "a", "any other value", " "]);
        let classes: Vec<(&str, Blankness)> = split
            .open
            .iter()
            .map(|class| match &class.kind {
                OpenKind::String {
                    excluded,
                    blankness,
                } => {
                    assert_eq!(*excluded, set(&["", "a"]));
                    (class.representative.as_str(), *blankness)
                }
                OpenKind::List { .. } | OpenKind::Number { .. } => panic!("a string's class"),
            })
            .collect();
        assert_eq!(
            classes,
            [
                ("any other value", Blankness::NotBlank),
                (" ", Blankness::Blank)
            ]
        );
        // A validation that admits no blank string leaves only the rest.
        let no_blanks = ParameterSpec {
            validation: Some(ValidationSpec {
                regex: r"^\S+$".into(),
                error: "no spaces".into(),
                ..ValidationSpec::default()
            }),
            ..spec("string", &[], None)
        };
        assert_eq!(domain(&no_blanks, &trimmed).values, ["a", "other"]);
        // Untrimmed, one class holds both.
        assert_eq!(
            domain(&free, &set(&["", "a"]).into()).values,
            ["", "a", "any other value"]
        );
        // Split, the value for all others holds the separator.
        let split = Uses {
            separators: set(&[","]),
            ..Uses::default()
        };
        assert_eq!(domain(&free, &split).values, ["", "any,other"]);
    }

    #[test]
    fn regex_validation_filters_values() {
        let checked = ParameterSpec {
            validation: Some(ValidationSpec {
                regex: "^[a-z]+$".into(),
                error: "lower case".into(),
                ..ValidationSpec::default()
            }),
            ..spec("string", &[], None)
        };
        let values = domain(&checked, &set(&["ok", "NO"]).into()).values;
        assert_eq!(values, ["ok", "other"]);
    }
}
