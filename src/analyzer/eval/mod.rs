//! A partial evaluator for Terraform expressions. Anything that only exists
//! after apply (resource attributes, most data sources) is `Value::Unknown`;
//! what Coder decides before the plan comes from a [`Scenario`]: parameter
//! values, start or stop, and whether a task runs.

mod blocks;
mod files;
mod functions;
mod open;
pub mod scenarios;
mod types;

pub use blocks::{block_type, dynamic_blocks, BlockBody};
pub use open::{Blankness, OpenClass, OpenKind, Others};
pub use types::conform;

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use hcl_edit::expr::{
    BinaryOperator, Expression, ForExpr, ObjectKey, Traversal, TraversalOperator, UnaryOperator,
};
use hcl_edit::template::{Directive, Element, Template};
use hcl_edit::visit::{visit_for_expr, visit_traversal, Visit};
use rustc_hash::FxHashMap;

use super::load::{Module, ModuleCall, Resource, Template as Loaded};
use crate::value::{Object, Value};

/// Nesting beyond this (locals referring to locals, module outputs) is a cycle.
const MAX_DEPTH: usize = 64;

/// The evaluation steps one evaluator and its forks may take (an
/// expression evaluated; a value copied or made, by its [`weight`]).
/// Templates are input that control planes take from users, and nested
/// `for` expressions or locals that repeat one another ask for work and
/// memory exponential in their size; past this, every value is unknown.
pub const MAX_STEPS: u64 = 1 << 20;

/// What Coder decides before planning a build.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scenario {
    /// Parameter values by parameter name (always strings, as Coder passes them).
    pub parameters: BTreeMap<String, String>,
    pub build: Build,
}

/// What Coder decides about a build besides the parameter values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Build {
    /// `start` (true) or `stop` (false).
    pub start: bool,
    /// A task runs (`CODER_TASK_ID` is set).
    pub task: bool,
    pub prebuild: Prebuild,
}

/// What a build has to do with a prebuilt workspace. Coder's provisioner
/// sets at most one of the two flags, so they are one input.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Prebuild {
    #[default]
    None,
    /// Coder builds a prebuilt workspace, before anyone owns it
    /// (`is_prebuild`, `prebuild_count`).
    Making,
    /// A user's workspace takes over a prebuilt one (`is_prebuild_claim`).
    Claiming,
}

impl Prebuild {
    pub const ALL: [Prebuild; 3] = [Prebuild::None, Prebuild::Making, Prebuild::Claiming];
}

impl Build {
    /// A workspace start by a user, no task: the build a template version
    /// is imported with.
    pub const START: Build = Build {
        start: true,
        task: false,
        prebuild: Prebuild::None,
    };

    /// Whether Coder runs such a build: making a prebuilt workspace is a
    /// start, and no task's; claiming one is a start, for a task or not.
    pub fn possible(self) -> bool {
        match self.prebuild {
            Prebuild::None => true,
            Prebuild::Making => self.start && !self.task,
            Prebuild::Claiming => self.start,
        }
    }
}

impl Scenario {
    /// This scenario with parameter `name` set to `value`: a variation,
    /// where findings that hang on one parameter value are looked for.
    pub fn with_parameter(&self, name: &str, value: &str) -> Scenario {
        let mut varied = self.clone();
        varied
            .parameters
            .insert(name.to_string(), value.to_string());
        varied
    }
}

/// Which inputs of a [`Build`] an evaluation read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BuildReads {
    /// Start or stop (`start_count`, `transition`).
    pub transition: bool,
    pub task: bool,
    /// `is_prebuild`, `prebuild_count` or `is_prebuild_claim`.
    pub prebuild: bool,
}

impl BuildReads {
    /// Whether `a` and `b` give each input read here the same value.
    pub fn agree(self, a: Build, b: Build) -> bool {
        (!self.transition || a.start == b.start)
            && (!self.task || a.task == b.task)
            && (!self.prebuild || a.prebuild == b.prebuild)
    }

    pub fn absorb(&mut self, other: BuildReads) {
        self.transition |= other.transition;
        self.task |= other.task;
        self.prebuild |= other.prebuild;
    }
}

/// What an evaluation looked at, so that only those inputs need enumerating.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reads {
    /// Parameter names, sorted and without repeats: a handful at most, so
    /// a vector, which every evaluation of an entry makes and drops.
    pub parameters: Vec<String>,
    pub build: BuildReads,
    /// Met an error Terraform reports (an attribute or key that is not
    /// there, a value of the wrong type): what `try` and `can` catch.
    pub failed: bool,
    /// Met an unknown value: whether Terraform would fail on it is not known.
    pub unknown: bool,
    /// Made an unknown value of an open value ([`open`]).
    pub open: bool,
}

impl Reads {
    fn parameter(&mut self, name: &str) {
        // Most reads repeat ones already made: copy only the new names.
        if let Err(index) = self.parameters.binary_search_by(|p| p.as_str().cmp(name)) {
            self.parameters.insert(index, name.to_string());
        }
    }

    fn absorb(&mut self, other: &Reads) {
        for name in &other.parameters {
            self.parameter(name);
        }
        self.build.absorb(other.build);
        self.failed |= other.failed;
        self.unknown |= other.unknown;
        self.open |= other.open;
    }
}

/// One module instance: its module, and where its input variables come
/// from. Inputs are evaluated only when read, so that a scenario depends only
/// on what the counts really use.
#[derive(Clone)]
pub struct Scope<'t> {
    /// Distinguishes module instances within one evaluation, for caching.
    id: usize,
    pub module: usize,
    /// The calling module instance and its `module` block; `None` for the root.
    caller: Option<Rc<(Scope<'t>, &'t ModuleCall)>>,
    /// `count.index` / `each.key` / `each.value` of the module instance, when known.
    pub instance: Instance,
}

impl Scope<'_> {
    /// Which module instance this is, among those of one evaluation.
    pub fn id(&self) -> usize {
        self.id
    }

    /// The scope with `count` and `each` unbound: where locals and data
    /// sources are evaluated, which Terraform lets use neither.
    fn module_wide(&self) -> Cow<'_, Self> {
        match self.instance {
            Instance::Single => Cow::Borrowed(self),
            _ => Cow::Owned(Scope {
                instance: Instance::Single,
                ..self.clone()
            }),
        }
    }

    /// The scope of one instance of a block with `count` or `for_each`.
    pub fn with_instance(&self, instance: Instance) -> Self {
        Scope {
            instance,
            ..self.clone()
        }
    }

    /// The module instance as the start of a Terraform address:
    /// `module.apps["cursor"].`, empty at the root. A call whose instances
    /// were not told apart has no key: its address stands for them all.
    pub fn module_address(&self) -> String {
        match &self.caller {
            None => String::new(),
            Some(caller) => {
                let (scope, call) = caller.as_ref();
                format!(
                    "{}module.{}{}.",
                    scope.module_address(),
                    call.name,
                    scope.instance.address_key()
                )
            }
        }
    }

    /// The address Terraform names `resource` by in this scope, as in its
    /// "with module.apps[0].coder_app.app" lines.
    pub fn address_of(&self, resource: &Resource) -> String {
        format!(
            "{}{}{}",
            self.module_address(),
            resource.address(),
            self.instance.address_key()
        )
    }
}

#[derive(Clone, Debug, Default)]
pub enum Instance {
    #[default]
    Single,
    Count(Value),
    Each {
        key: Value,
        value: Value,
    },
}

impl Instance {
    /// The instance key as an address writes it: `[0]`, `["a b"]` (quoted
    /// as HCL quotes strings); empty when no key is bound or known.
    pub fn address_key(&self) -> String {
        match self {
            Instance::Count(Value::Number(index)) => format!("[{}]", number_text(*index)),
            Instance::Each {
                key: Value::String(key),
                ..
            } => format!("[{}]", Expression::from(key.as_str())),
            _ => String::new(),
        }
    }
}

pub struct Evaluator<'t> {
    pub template: &'t Loaded,
    pub scenario: Cow<'t, Scenario>,
    /// Values that are not a parameter's own (used for parameters nobody enumerates).
    pub fallback: &'t BTreeMap<String, String>,
    /// The parameter values that stand for many, read as open values; only
    /// the task count's evaluator has them.
    open: &'t [OpenClass],
    reads: RefCell<Reads>,
    depth: RefCell<usize>,
    /// What is left of [`MAX_STEPS`], shared with forks.
    steps_left: Rc<Cell<u64>>,
    /// Shared with forks, so that scope ids stay unique among them.
    next_scope: Rc<Cell<usize>>,
    /// Module instances already seen, so that walking the modules again
    /// finds the same scopes, and their cached values.
    scope_ids: Rc<RefCell<FxHashMap<ScopeKey, usize>>>,
    /// Local values already computed, by scope id and index in the module,
    /// with what computing them read.
    locals: RefCell<Cache>,
    /// Input variables already computed, likewise.
    variables: RefCell<Cache>,
}

type Bindings = FxHashMap<String, Value>;

/// One argument of `try` or `can`, evaluated.
struct Attempt {
    value: Value,
    failed: bool,
    unknown: bool,
}

/// Keyed by small integers: a fast hash matters, as every evaluation
/// consults these.
type Cache = FxHashMap<(usize, usize), (Value, Reads)>;
/// A module instance: the calling scope, the `module` block (by address)
/// and the instance key.
type ScopeKey = (usize, usize, InstanceKey);

/// Which instance of a module call: a count index by its bits, so that the
/// common case needs no text; any other key as printed.
#[derive(Hash, PartialEq, Eq)]
enum InstanceKey {
    Single,
    Index(u64),
    Printed(String),
}

/// The root module's scope id; other scopes count from 1.
const ROOT: usize = 0;

impl<'t> Evaluator<'t> {
    pub fn new(
        template: &'t Loaded,
        scenario: &'t Scenario,
        fallback: &'t BTreeMap<String, String>,
    ) -> Self {
        Evaluator {
            template,
            scenario: Cow::Borrowed(scenario),
            fallback,
            open: &[],
            reads: RefCell::new(Reads::default()),
            depth: RefCell::new(0),
            steps_left: Rc::new(Cell::new(MAX_STEPS)),
            next_scope: Rc::new(Cell::new(ROOT + 1)),
            scope_ids: Rc::default(),
            locals: RefCell::default(),
            variables: RefCell::default(),
        }
    }

    /// This evaluator, reading the representatives of `open` (sorted by
    /// parameter and representative) as open values.
    pub fn with_open(self, open: &'t [OpenClass]) -> Self {
        debug_assert!(open.is_sorted_by_key(|c| (&c.parameter, &c.representative)));
        Evaluator { open, ..self }
    }

    /// An evaluator of `scenario` that may evaluate in this one's scopes
    /// (before and after the fork): its caches start empty and scope ids
    /// stay unique across both.
    pub fn fork<'s>(
        &self,
        scenario: &'s Scenario,
        fallback: &'s BTreeMap<String, String>,
    ) -> Evaluator<'s>
    where
        't: 's,
    {
        Evaluator {
            steps_left: Rc::clone(&self.steps_left),
            next_scope: Rc::clone(&self.next_scope),
            scope_ids: Rc::clone(&self.scope_ids),
            ..Evaluator::new(self.template, scenario, fallback)
        }
    }

    /// Moves to another scenario: each of `parameters` set to its value (or
    /// unset, for the fallback), the others as they were. Each cached value
    /// whose computation read nothing that changed is kept: the scenario
    /// enumeration changes few inputs at a time, and most locals read none
    /// of them.
    pub fn move_to<'a>(
        &mut self,
        parameters: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
        build: Build,
    ) {
        let scenario = self.scenario.to_mut();
        let mut changed = Vec::new();
        for (name, value) in parameters {
            if scenario.parameters.get(name).map(String::as_str) == value {
                continue;
            }
            changed.push(name);
            match value {
                Some(value) => scenario
                    .parameters
                    .insert(name.to_string(), value.to_string()),
                None => scenario.parameters.remove(name),
            };
        }
        let before = std::mem::replace(&mut scenario.build, build);
        let unchanged = |reads: &Reads| {
            reads.build.agree(before, build)
                && !reads
                    .parameters
                    .iter()
                    .any(|name| changed.contains(&name.as_str()))
        };
        self.locals
            .get_mut()
            .retain(|_, (_, reads)| unchanged(reads));
        self.variables
            .get_mut()
            .retain(|_, (_, reads)| unchanged(reads));
        *self.reads.get_mut() = Reads::default();
    }

    pub fn reads(&self) -> Reads {
        self.reads.borrow().clone()
    }

    /// Runs `compute` and tells what it alone read (cached values count with
    /// what computing them read); the reads still count towards the total.
    pub fn reads_of<T>(&self, compute: impl FnOnce() -> T) -> (T, Reads) {
        let (value, inner) = self.apart(compute);
        self.reads.borrow_mut().absorb(&inner);
        (value, inner)
    }

    /// Computes a value as `try` and `can` evaluate an argument: what it
    /// read counts as usual, but an error or unknown value it met is its
    /// own, not the enclosing evaluation's.
    fn attempt(&self, compute: impl FnOnce() -> Value) -> Attempt {
        let (value, mut inner) = self.apart(compute);
        let attempt = Attempt {
            value,
            failed: std::mem::take(&mut inner.failed),
            unknown: std::mem::take(&mut inner.unknown),
        };
        self.reads.borrow_mut().absorb(&inner);
        attempt
    }

    /// Runs `compute` with a record of reads of its own, which the caller
    /// then counts towards the total as it sees fit.
    fn apart<T>(&self, compute: impl FnOnce() -> T) -> (T, Reads) {
        let outer = self.reads.take();
        let value = compute();
        (value, self.reads.replace(outer))
    }

    /// Runs `compute` and tells whether it met an error Terraform reports
    /// that the evaluation had not met before (the error stays recorded).
    fn newly_failed<T>(&self, compute: impl FnOnce() -> T) -> (T, bool) {
        let before = self.reads.borrow().failed;
        let value = compute();
        (value, !before && self.reads.borrow().failed)
    }

    /// Whether a reference in `expr` is to a value not wholly known, as
    /// Terraform asks before `try` or `can` evaluates an argument: each
    /// reference as far as its steps are fixed (`local.a.b` of
    /// `local.a.b[var.i]`); one that fails does not count.
    fn depends_on_unknowns(
        &self,
        scope: &Scope<'t>,
        expr: &Expression,
        bindings: &Bindings,
    ) -> bool {
        struct Finder<'a, 't> {
            evaluator: &'a Evaluator<'t>,
            scope: &'a Scope<'t>,
            bindings: &'a Bindings,
            /// Names a `for` inside the argument binds: not references.
            iterators: BTreeSet<String>,
            found: bool,
        }
        impl Visit for Finder<'_, '_> {
            fn visit_traversal(&mut self, traversal: &Traversal) {
                if let Expression::Variable(root) = &traversal.expr {
                    if !self.found && !self.iterators.contains(root.as_str()) {
                        self.found = self.reads_unknown(traversal);
                    }
                }
                visit_traversal(self, traversal);
            }
            fn visit_for_expr(&mut self, for_expr: &ForExpr) {
                let intro = &for_expr.intro;
                self.iterators.insert(intro.value_var.to_string());
                if let Some(key) = &intro.key_var {
                    self.iterators.insert(key.to_string());
                }
                visit_for_expr(self, for_expr);
            }
        }
        impl Finder<'_, '_> {
            fn reads_unknown(&self, traversal: &Traversal) -> bool {
                let fixed = traversal
                    .operators
                    .iter()
                    .take_while(|operator| is_static_step(operator.value()))
                    .count();
                let evaluator = self.evaluator;
                let reached = evaluator.attempt(|| {
                    evaluator.traversal(
                        self.scope,
                        &traversal.expr,
                        &traversal.operators[..fixed],
                        self.bindings,
                    )
                });
                !reached.failed && !reached.value.is_wholly_known()
            }
        }
        let mut finder = Finder {
            evaluator: self,
            scope,
            bindings,
            iterators: BTreeSet::new(),
            found: false,
        };
        finder.visit_expr(expr);
        finder.found
    }

    /// An error Terraform would report: unknown here, and remembered for
    /// `try` and `can`.
    fn fail(&self) -> Value {
        self.reads.borrow_mut().failed = true;
        Value::Unknown
    }

    /// What an operation that cannot take `operand` makes of it: an error
    /// when it is known, else unknown.
    fn unknown_or_fail(&self, operand: &Value) -> Value {
        if self.is_open(operand) {
            self.opened()
        } else if operand.is_known() && !beyond_f64(operand) {
            self.fail()
        } else {
            Value::Unknown
        }
    }

    /// The text of a value used as text (an object or `for` key, an
    /// interpolation), converted as Terraform converts it; else what the
    /// expression becomes: an error, or unknown for an open value, whose
    /// text would tell its class apart.
    fn text_of<'v>(&self, value: &'v Value) -> Result<Cow<'v, str>, Value> {
        if self.is_open(value) {
            return Err(self.opened());
        }
        to_string(value).ok_or_else(|| self.unknown_or_fail(value))
    }

    /// The value cached under `key`, computed on first use.
    fn remembered(
        &self,
        cache: &RefCell<Cache>,
        key: (usize, usize),
        compute: impl FnOnce() -> Value,
    ) -> Value {
        if let Some((value, reads)) = cache.borrow().get(&key) {
            self.reads.borrow_mut().absorb(reads);
            return if self.spend(weight(value)) {
                value.clone()
            } else {
                Value::Unknown
            };
        }
        let (value, reads) = self.reads_of(compute);
        cache.borrow_mut().insert(key, (value.clone(), reads));
        value
    }

    pub fn module(&self, scope: &Scope<'t>) -> &'t Module {
        &self.template.modules[scope.module]
    }

    /// The root module's scope: variables take their defaults.
    pub fn root_scope(&self) -> Scope<'t> {
        Scope {
            id: ROOT,
            module: 0,
            caller: None,
            instance: Instance::Single,
        }
    }

    /// The scope of a called module's instance; its inputs are read in
    /// `parent`, as the instance `instance` of the call.
    pub fn child_scope(
        &self,
        parent: &Scope<'t>,
        call: &'t ModuleCall,
        instance: Instance,
    ) -> Option<Scope<'t>> {
        let child = call.child?;
        let key = match &instance {
            Instance::Single => InstanceKey::Single,
            Instance::Count(Value::Number(index)) => InstanceKey::Index(index.to_bits()),
            Instance::Count(index) => InstanceKey::Printed(format!("{index:?}")),
            Instance::Each { key, .. } => InstanceKey::Printed(format!("{key:?}")),
        };
        let key = (parent.id, std::ptr::from_ref(call) as usize, key);
        let id = *self
            .scope_ids
            .borrow_mut()
            .entry(key)
            .or_insert_with(|| self.fresh_id());
        let mut caller = parent.clone();
        caller.instance = instance;
        Some(Scope {
            id,
            module: child,
            caller: Some(Rc::new((caller, call))),
            instance: Instance::Single,
        })
    }

    /// `var.NAME`: the calling module's argument, else the default; a
    /// variable of the root module without default is set from outside.
    fn variable(&self, scope: &Scope<'t>, name: &str) -> Value {
        let variables = &self.module(scope).variables;
        let Some(index) = variables.iter().position(|v| v.name == name) else {
            return Value::Unknown;
        };
        self.remembered(&self.variables, (scope.id, index), || {
            let argument = scope
                .caller
                .as_ref()
                .and_then(|caller| Some((&caller.0, &caller.1.body.get_attribute(name)?.value)));
            match (argument, &variables[index].default) {
                (Some((parent, expr)), _) => self.eval(parent, expr),
                (None, Some(default)) => {
                    let bare = Scope {
                        id: self.fresh_id(),
                        module: scope.module,
                        caller: None,
                        instance: Instance::Single,
                    };
                    self.eval(&bare, default)
                }
                (None, None) => Value::Unknown,
            }
        })
    }

    pub fn eval(&self, scope: &Scope<'t>, expr: &Expression) -> Value {
        self.eval_in(scope, expr, &Bindings::default())
    }

    /// Takes `steps` from what is left; false, and nothing left, when
    /// there are not that many.
    fn spend(&self, steps: u64) -> bool {
        let left = self.steps_left.get();
        self.steps_left.set(left.saturating_sub(steps));
        left >= steps
    }

    /// `value`, paid for by its weight, or unknown once steps run out.
    fn paid(&self, value: Value) -> Value {
        if self.spend(weight(&value)) {
            value
        } else {
            Value::Unknown
        }
    }

    /// Whether evaluation stopped for want of steps: why values are unknown.
    pub fn out_of_steps(&self) -> bool {
        self.steps_left.get() == 0
    }

    fn enter(&self) -> bool {
        if !self.spend(1) {
            return false;
        }
        let mut depth = self.depth.borrow_mut();
        if *depth >= MAX_DEPTH {
            return false;
        }
        *depth += 1;
        true
    }

    fn leave(&self) {
        *self.depth.borrow_mut() -= 1;
    }

    fn eval_in(&self, scope: &Scope<'t>, expr: &Expression, bindings: &Bindings) -> Value {
        let value = if self.enter() {
            let value = self.eval_inner(scope, expr, bindings);
            self.leave();
            value
        } else {
            Value::Unknown
        };
        if matches!(value, Value::Unknown) {
            self.reads.borrow_mut().unknown = true;
        }
        value
    }

    fn eval_inner(&self, scope: &Scope<'t>, expr: &Expression, bindings: &Bindings) -> Value {
        match expr {
            Expression::Null(_) => Value::Null,
            Expression::Bool(b) => Value::Bool(**b),
            Expression::Number(n) => n.as_f64().map_or(Value::Unknown, Value::Number),
            Expression::String(s) => Value::String(s.to_string()),
            Expression::Array(items) => Value::List(
                items
                    .iter()
                    .map(|e| self.eval_in(scope, e, bindings))
                    .collect(),
            ),
            Expression::Object(object) => {
                let mut entries = Object::new();
                for (key, value) in object.iter() {
                    let key = match key {
                        ObjectKey::Ident(ident) => ident.as_str().to_string(),
                        ObjectKey::Expression(e) => {
                            let key = self.eval_in(scope, e, bindings);
                            match self.text_of(&key) {
                                Ok(key) => key.into_owned(),
                                Err(unknown) => return unknown,
                            }
                        }
                    };
                    entries.insert(key, self.eval_in(scope, value.expr(), bindings));
                }
                Value::Map(entries)
            }
            Expression::StringTemplate(template) => self.template_value(scope, template, bindings),
            Expression::HeredocTemplate(heredoc) => {
                self.template_value(scope, &heredoc.template, bindings)
            }
            Expression::Parenthesis(inner) => self.eval_in(scope, inner.inner(), bindings),
            Expression::Variable(name) => match bindings.get(name.as_str()) {
                Some(value) => self.paid(value.clone()),
                None => Value::Unknown,
            },
            Expression::Conditional(conditional) => {
                // The condition converts to bool as Terraform converts it:
                // a parameter's "true" is true.
                let condition = self.eval_in(scope, &conditional.cond_expr, bindings);
                match to_bool(&condition) {
                    Some(chosen) => {
                        let (taken, other) = if chosen {
                            (&conditional.true_expr, &conditional.false_expr)
                        } else {
                            (&conditional.false_expr, &conditional.true_expr)
                        };
                        let taken = self.eval_in(scope, taken, bindings);
                        self.conditional_result(scope, taken, other, bindings)
                    }
                    None if condition.is_known() => self.unknown_or_fail(&condition),
                    // Either result may be the value, and an error in one
                    // is Terraform's only once it is chosen.
                    None => {
                        let a =
                            self.attempt(|| self.eval_in(scope, &conditional.true_expr, bindings));
                        let b =
                            self.attempt(|| self.eval_in(scope, &conditional.false_expr, bindings));
                        let decided = !a.failed && !b.failed && a.value.is_wholly_known();
                        if decided && a.value == b.value {
                            a.value
                        } else {
                            Value::Unknown
                        }
                    }
                }
            }
            Expression::FuncCall(call) => {
                let name = call.name.name.as_str();
                let result =
                    functions::call(self, scope, bindings, name, call.args.iter().collect());
                self.paid(result)
            }
            Expression::Traversal(traversal) => {
                self.traversal(scope, &traversal.expr, &traversal.operators, bindings)
            }
            Expression::UnaryOp(op) => {
                let value = self.eval_in(scope, &op.expr, bindings);
                match (op.operator.value(), value) {
                    (UnaryOperator::Not, v) => match to_bool(&v) {
                        Some(b) => Value::Bool(!b),
                        None => self.unknown_or_fail(&v),
                    },
                    (UnaryOperator::Neg, v) => match to_number(&v) {
                        Some(n) => Value::Number(-n),
                        None => self.unknown_or_fail(&v),
                    },
                }
            }
            Expression::BinaryOp(op) => self.binary(
                scope,
                op.operator.value(),
                &op.lhs_expr,
                &op.rhs_expr,
                bindings,
            ),
            Expression::ForExpr(for_expr) => {
                let mut collection = self.eval_in(scope, &for_expr.intro.collection_expr, bindings);
                if self.holds_rest(&collection) {
                    // An object made from each element alone (no index, no
                    // grouping in order) does not hang on the order, and an
                    // element repeated makes the same entry again (which
                    // Terraform refuses: a plan that fails plans no task).
                    let by_element = for_expr.key_expr.is_some()
                        && !for_expr.grouping
                        && for_expr.intro.key_var.is_none();
                    match self.distinct_elements(&collection) {
                        Some(elements) if by_element => collection = Value::List(elements),
                        _ => return self.opened(),
                    }
                }
                let known = collection.is_known();
                let Some(items) = elements(collection) else {
                    return if known { self.fail() } else { Value::Unknown };
                };
                let key_var = for_expr
                    .intro
                    .key_var
                    .as_ref()
                    .map(|k| k.as_str().to_string());
                let value_var = for_expr.intro.value_var.as_str().to_string();
                let mut list = Vec::new();
                let mut map = Object::new();
                for (key, value) in items {
                    let mut inner = bindings.clone();
                    if let Some(key_var) = &key_var {
                        inner.insert(key_var.clone(), key);
                    }
                    inner.insert(value_var.clone(), value);
                    if let Some(cond) = &for_expr.cond {
                        let keep = self.eval_in(scope, &cond.expr, &inner);
                        match to_bool(&keep) {
                            Some(true) => {}
                            Some(false) => continue,
                            None => return self.unknown_or_fail(&keep),
                        }
                    }
                    let item = self.eval_in(scope, &for_expr.value_expr, &inner);
                    let Some(key_expr) = &for_expr.key_expr else {
                        list.push(item);
                        continue;
                    };
                    let key = self.eval_in(scope, key_expr, &inner);
                    let key = match self.text_of(&key) {
                        Ok(key) => key,
                        Err(unknown) => return unknown,
                    };
                    // Grouping (`...`) gathers the values of a key into a
                    // list; without it, a key made twice is an error.
                    match (map.get_mut(&key), for_expr.grouping) {
                        (Some(Value::List(group)), true) => group.push(item),
                        (Some(_), _) => return self.fail(),
                        (None, grouping) => {
                            let item = if grouping {
                                Value::List(vec![item])
                            } else {
                                item
                            };
                            map.insert(key.into_owned(), item);
                        }
                    }
                }
                if for_expr.key_expr.is_some() {
                    Value::Map(map)
                } else {
                    Value::List(list)
                }
            }
        }
    }

    /// The taken result of a conditional, converted to the type it shares
    /// with the other result, as Terraform types a conditional by both. The
    /// other result counts only for its type: what it reads does not
    /// matter, and when it has no known value, its type is what its
    /// operator gives, if any (or undecided, when it fails without one).
    fn conditional_result(
        &self,
        scope: &Scope<'t>,
        taken: Value,
        other: &Expression,
        bindings: &Bindings,
    ) -> Value {
        if !taken.is_known() {
            return taken;
        }
        let (value, other_reads) = self.apart(|| self.eval_in(scope, other, bindings));
        // Counts are mostly `cond ? 1 : 0`: results of one primitive type.
        let alike = matches!(
            (&taken, &value),
            (Value::Number(_), Value::Number(_))
                | (Value::String(_), Value::String(_))
                | (Value::Bool(_), Value::Bool(_))
                | (_, Value::Null)
        );
        if alike {
            return taken;
        }
        let other = if value.is_known() {
            types::type_of(&value)
        } else {
            let written = types::result_type(other);
            // A result that fails has the type its failed evaluation gives,
            // which differs between Terraform versions, unless its syntax
            // fixes one.
            if other_reads.failed && written == types::Type::Any {
                return Value::Unknown;
            }
            written
        };
        let Some(shared) = types::unify(&[types::type_of(&taken), other]) else {
            return self.fail();
        };
        let open = self.is_open(&taken);
        types::convert(taken, &shared).unwrap_or_else(|| {
            if open {
                self.opened()
            } else {
                self.fail()
            }
        })
    }

    fn template_value(&self, scope: &Scope<'t>, template: &Template, bindings: &Bindings) -> Value {
        if let Some(inner) = sole_interpolation(template) {
            return self.eval_in(scope, inner, bindings);
        }
        let mut out = String::new();
        for element in template.iter() {
            match element {
                Element::Literal(text) => out.push_str(text.value()),
                Element::Interpolation(interpolation) => {
                    let value = self.eval_in(scope, &interpolation.expr, bindings);
                    match self.text_of(&value) {
                        Ok(text) => out.push_str(&text),
                        Err(unknown) => return unknown,
                    }
                }
                Element::Directive(directive) => match directive.as_ref() {
                    Directive::If(_) | Directive::For(_) => return Value::Unknown,
                },
            }
        }
        Value::String(out)
    }

    fn binary(
        &self,
        scope: &Scope<'t>,
        operator: &BinaryOperator,
        lhs: &Expression,
        rhs: &Expression,
        bindings: &Bindings,
    ) -> Value {
        let (left, left_failed) = self.newly_failed(|| self.eval_in(scope, lhs, bindings));
        match operator {
            // Terraform evaluates both sides and fails on an error in
            // either, but a side that is known and decides the outcome
            // makes the other's value irrelevant: what the other reads then
            // need not be varied by the scenario enumeration.
            BinaryOperator::And | BinaryOperator::Or => {
                if left_failed {
                    return Value::Unknown;
                }
                let deciding = matches!(operator, BinaryOperator::Or);
                match to_bool(&left) {
                    Some(side) if side == deciding => {
                        let (right, reads) = self.apart(|| self.eval_in(scope, rhs, bindings));
                        if self.is_open(&right) {
                            return self.opened();
                        }
                        if reads.failed || (right.is_known() && to_bool(&right).is_none()) {
                            return self.fail();
                        }
                        // Unknown without reading an unknown value: left
                        // undecided here, and maybe an error in Terraform.
                        if !right.is_known() && !self.depends_on_unknowns(scope, rhs, bindings) {
                            return Value::Unknown;
                        }
                        return Value::Bool(deciding);
                    }
                    None if left.is_known() => return self.unknown_or_fail(&left),
                    _ => {}
                }
                let right = self.eval_in(scope, rhs, bindings);
                match (to_bool(&left), to_bool(&right)) {
                    (Some(a), Some(b)) => Value::Bool(if deciding { a || b } else { a && b }),
                    (_, None) => self.unknown_or_fail(&right),
                    (None, Some(side)) if side == deciding => Value::Bool(deciding),
                    (None, Some(_)) => Value::Unknown,
                }
            }
            BinaryOperator::Eq | BinaryOperator::NotEq => {
                let right = self.eval_in(scope, rhs, bindings);
                if !left.is_wholly_known() || !right.is_wholly_known() {
                    return Value::Unknown;
                }
                let equal = if !self.has_open() {
                    values_equal(&left, &right)
                } else {
                    match self.open_equal(&left, &right) {
                        Some(equal) => equal,
                        None => return self.opened(),
                    }
                };
                Value::Bool(if matches!(operator, BinaryOperator::Eq) {
                    equal
                } else {
                    !equal
                })
            }
            _ => {
                let right = self.eval_in(scope, rhs, bindings);
                if self.has_open() {
                    if let Some(value) = self.open_order(operator, &left, &right) {
                        return value;
                    }
                }
                let (a, b) = match (to_number(&left), to_number(&right)) {
                    (Some(a), Some(b)) => (a, b),
                    (None, _) => return self.unknown_or_fail(&left),
                    (_, None) => return self.unknown_or_fail(&right),
                };
                match operator {
                    BinaryOperator::Less => Value::Bool(a < b),
                    BinaryOperator::LessEq => Value::Bool(a <= b),
                    BinaryOperator::Greater => Value::Bool(a > b),
                    BinaryOperator::GreaterEq => Value::Bool(a >= b),
                    BinaryOperator::Plus => Value::Number(a + b),
                    BinaryOperator::Minus => Value::Number(a - b),
                    BinaryOperator::Mul => Value::Number(a * b),
                    BinaryOperator::Div if b != 0.0 => Value::Number(a / b),
                    BinaryOperator::Mod if b != 0.0 => Value::Number(a % b),
                    // Terraform divides by zero into infinities, which no
                    // count or key takes.
                    _ => Value::Unknown,
                }
            }
        }
    }

    fn traversal(
        &self,
        scope: &Scope<'t>,
        base: &Expression,
        operators: &[hcl_edit::Decorated<TraversalOperator>],
        bindings: &Bindings,
    ) -> Value {
        let name = |i: usize| match operators.get(i).map(|o| o.value()) {
            Some(TraversalOperator::GetAttr(ident)) => Some(ident.as_str()),
            _ => None,
        };
        let (value, rest) = match base {
            Expression::Variable(root) if !bindings.contains_key(root.as_str()) => {
                match root.as_str() {
                    "var" => match name(0) {
                        Some(var) => (self.variable(scope, var), 1),
                        None => return Value::Unknown,
                    },
                    "local" => {
                        let locals = &self.module(scope).locals;
                        match name(0).and_then(|l| locals.iter().position(|local| local.name == l))
                        {
                            Some(index) => (self.local(scope, index, &locals[index].value), 1),
                            None => return Value::Unknown,
                        }
                    }
                    "count" => match (&scope.instance, name(0)) {
                        (Instance::Count(index), Some("index")) => (index.clone(), 1),
                        _ => return Value::Unknown,
                    },
                    "each" => match (&scope.instance, name(0)) {
                        (Instance::Each { key, .. }, Some("key")) => (key.clone(), 1),
                        (Instance::Each { value, .. }, Some("value")) => {
                            (self.paid(value.clone()), 1)
                        }
                        _ => return Value::Unknown,
                    },
                    "data" => match (name(0), name(1)) {
                        (Some(ty), Some(label)) => {
                            return self.data_source(
                                scope,
                                ty,
                                label,
                                operators.get(2..).unwrap_or_default(),
                                bindings,
                            )
                        }
                        _ => return Value::Unknown,
                    },
                    "module" => match name(0).and_then(|m| self.module(scope).call(m)) {
                        Some(call) => {
                            return self.module_output(scope, call, &operators[1..], bindings)
                        }
                        None => return Value::Unknown,
                    },
                    "path" => match name(0) {
                        Some("module") => match &self.module(scope).path {
                            Some(path) => (Value::string(path.as_str()), 1),
                            None => return Value::Unknown,
                        },
                        Some("root") => (Value::string("."), 1),
                        // `path.cwd` is where Coder runs Terraform.
                        _ => return Value::Unknown,
                    },
                    // Resource attributes, terraform.*: known only after apply.
                    _ => return Value::Unknown,
                }
            }
            other => (self.eval_in(scope, other, bindings), 0),
        };
        self.apply_operators(
            scope,
            value,
            &operators[rest.min(operators.len())..],
            bindings,
        )
    }

    fn apply_operators(
        &self,
        scope: &Scope<'t>,
        mut value: Value,
        operators: &[hcl_edit::Decorated<TraversalOperator>],
        bindings: &Bindings,
    ) -> Value {
        for (at, operator) in operators.iter().enumerate() {
            value = match (operator.value(), value) {
                (_, Value::Unknown) => return Value::Unknown,
                // A splat applies the steps after it to each element (a
                // value that is no list is one element; null is none): all
                // of them for `[*]`, the attribute steps for `.*`.
                (
                    splat @ (TraversalOperator::FullSplat(_) | TraversalOperator::AttrSplat(_)),
                    value,
                ) => {
                    let rest = &operators[at + 1..];
                    let each = match splat {
                        TraversalOperator::AttrSplat(_) => rest
                            .iter()
                            .take_while(|o| matches!(o.value(), TraversalOperator::GetAttr(_)))
                            .count(),
                        _ => rest.len(),
                    };
                    if self.holds_rest(&value) {
                        return self.opened();
                    }
                    let items = match value {
                        Value::List(items) => items,
                        Value::Null => Vec::new(),
                        other => vec![other],
                    };
                    let mapped = items
                        .into_iter()
                        .map(|item| self.apply_operators(scope, item, &rest[..each], bindings))
                        .collect();
                    return self.apply_operators(
                        scope,
                        Value::List(mapped),
                        &rest[each..],
                        bindings,
                    );
                }
                (TraversalOperator::GetAttr(key), Value::Map(entries)) => {
                    match entries.get(key.as_str()) {
                        Some(value) => value.clone(),
                        None => return self.fail(),
                    }
                }
                (TraversalOperator::GetAttr(_), _) => return self.fail(),
                (TraversalOperator::Index(index), collection) => {
                    let index = self.eval_in(scope, index, bindings);
                    if self.is_open(&index) || self.holds_rest(&collection) {
                        return self.opened();
                    }
                    match index_into(&collection, &index) {
                        Some(value) => value,
                        None => return self.fail(),
                    }
                }
                (TraversalOperator::LegacyIndex(_), collection) if self.holds_rest(&collection) => {
                    return self.opened();
                }
                (TraversalOperator::LegacyIndex(index), collection) => {
                    match index_into(&collection, &Value::Number(**index as f64)) {
                        Some(value) => value,
                        None => return self.fail(),
                    }
                }
            };
        }
        value
    }

    /// `data.TYPE.NAME[...].ATTR`: what Coder decides before the plan.
    fn data_source(
        &self,
        scope: &Scope<'t>,
        ty: &str,
        label: &str,
        operators: &[hcl_edit::Decorated<TraversalOperator>],
        bindings: &Bindings,
    ) -> Value {
        // Skip an instance index (`data.x.y[0].value`): every instance reads the same.
        let operators = match operators.first().map(|o| o.value()) {
            Some(TraversalOperator::Index(_) | TraversalOperator::LegacyIndex(_)) => {
                &operators[1..]
            }
            _ => operators,
        };
        let attribute = match operators.first().map(|o| o.value()) {
            Some(TraversalOperator::GetAttr(a)) => a.as_str(),
            _ => return Value::Unknown,
        };
        // A data source's arguments never see the `count` or `each` of the
        // block that reads it.
        let scope = &scope.module_wide();
        let value = match (ty, attribute) {
            ("coder_parameter", "value") => {
                let Some(resource) = self.module(scope).resource(true, ty, label) else {
                    return Value::Unknown;
                };
                match self.parameter_name(scope, resource) {
                    Some(name) => self.parameter_value(&name),
                    None => Value::Unknown,
                }
            }
            ("coder_workspace", "start_count") => {
                self.reads.borrow_mut().build.transition = true;
                Value::Number(if self.scenario.build.start { 1.0 } else { 0.0 })
            }
            ("coder_workspace", "transition") => {
                self.reads.borrow_mut().build.transition = true;
                Value::string(if self.scenario.build.start {
                    "start"
                } else {
                    "stop"
                })
            }
            ("coder_task", "enabled") => {
                self.reads.borrow_mut().build.task = true;
                Value::Bool(self.scenario.build.task)
            }
            ("coder_workspace", "is_prebuild") => {
                self.reads.borrow_mut().build.prebuild = true;
                Value::Bool(self.scenario.build.prebuild == Prebuild::Making)
            }
            ("coder_workspace", "prebuild_count") => {
                self.reads.borrow_mut().build.prebuild = true;
                Value::Number(if self.scenario.build.prebuild == Prebuild::Making {
                    1.0
                } else {
                    0.0
                })
            }
            ("coder_workspace", "is_prebuild_claim") => {
                self.reads.borrow_mut().build.prebuild = true;
                Value::Bool(self.scenario.build.prebuild == Prebuild::Claiming)
            }
            // Other attributes echo the configuration (a parameter's name, a preset's).
            _ => match self
                .module(scope)
                .resource(true, ty, label)
                .and_then(|r| r.attribute(attribute))
            {
                Some(expr) => self.eval(scope, expr.expr),
                None => return Value::Unknown,
            },
        };
        self.apply_operators(scope, value, &operators[1..], bindings)
    }

    fn fresh_id(&self) -> usize {
        let id = self.next_scope.get();
        self.next_scope.set(id + 1);
        id
    }

    /// A local value, computed once per module instance.
    fn local(&self, scope: &Scope<'t>, index: usize, expr: &Expression) -> Value {
        self.remembered(&self.locals, (scope.id, index), || {
            self.eval(&scope.module_wide(), expr)
        })
    }

    /// The `name` a `coder_parameter` block evaluates to in `scope`.
    pub fn parameter_name(&self, scope: &Scope<'t>, resource: &Resource) -> Option<String> {
        let name = resource.attribute("name")?;
        if let Expression::String(literal) = name.expr {
            return Some(literal.to_string());
        }
        self.eval(scope, name.expr).as_str().map(str::to_string)
    }

    fn parameter_value(&self, name: &str) -> Value {
        self.reads.borrow_mut().parameter(name);
        let Some(value) = self
            .scenario
            .parameters
            .get(name)
            .or_else(|| self.fallback.get(name))
        else {
            return Value::Unknown;
        };
        if self.has_open() {
            if let Some(open) = self.open_value(name, value) {
                return open;
            }
        }
        Value::string(value.as_str())
    }

    fn module_output(
        &self,
        scope: &Scope<'t>,
        call: &'t ModuleCall,
        operators: &[hcl_edit::Decorated<TraversalOperator>],
        bindings: &Bindings,
    ) -> Value {
        // `module.x[0].out`, `module.x["k"].out`: outputs of one instance.
        let (instance, operators) = match operators.first().map(|o| o.value()) {
            Some(TraversalOperator::Index(index)) => {
                let key = self.eval_in(scope, index, bindings);
                let instance = match key {
                    Value::String(_) => Instance::Each {
                        key,
                        value: Value::Unknown,
                    },
                    other => Instance::Count(other),
                };
                (instance, &operators[1..])
            }
            _ => (Instance::Single, operators),
        };
        let Some(TraversalOperator::GetAttr(output)) = operators.first().map(|o| o.value()) else {
            return Value::Unknown;
        };
        let Some(child) = self.child_scope(scope, call, instance) else {
            return Value::Unknown;
        };
        let value = match self
            .module(&child)
            .output(output.as_str())
            .and_then(|o| o.value.as_ref())
        {
            Some(expr) => self.eval(&child, expr),
            None => Value::Unknown,
        };
        self.apply_operators(scope, value, &operators[1..], bindings)
    }
}

/// What copying or making `value` costs, in evaluation steps: one for each
/// value in it, and one for every 16 bytes of text.
fn weight(value: &Value) -> u64 {
    let text = |s: &str| s.len() as u64 / 16;
    match value {
        Value::String(s) => 1 + text(s),
        Value::List(items) => 1 + items.iter().map(weight).sum::<u64>(),
        Value::Map(entries) => {
            1 + entries
                .iter()
                .map(|(key, value)| text(key) + weight(value))
                .sum::<u64>()
        }
        Value::Null | Value::Unknown | Value::Bool(_) | Value::Number(_) => 1,
    }
}

/// The key and value of each element of a collection, as `for`
/// expressions and `dynamic` blocks iterate it: a list by index, a map by
/// key; `None` for anything else.
fn elements(collection: Value) -> Option<Vec<(Value, Value)>> {
    match collection {
        Value::List(items) => Some(
            items
                .into_iter()
                .enumerate()
                .map(|(index, value)| (Value::Number(index as f64), value))
                .collect(),
        ),
        Value::Map(entries) => Some(
            entries
                .into_iter()
                .map(|(key, value)| (Value::String(key.into_owned()), value))
                .collect(),
        ),
        _ => None,
    }
}

/// `collection[index]`, with Terraform's conversions of the key; `None`
/// where Terraform fails (no such element, a key of the wrong type, a
/// value that cannot be indexed).
fn index_into(collection: &Value, index: &Value) -> Option<Value> {
    if !index.is_known() {
        return Some(Value::Unknown);
    }
    match collection {
        Value::List(items) => {
            let position = to_number(index)?;
            if position < 0.0 || position.fract() != 0.0 {
                return None;
            }
            items.get(position as usize).cloned()
        }
        Value::Map(entries) => entries.get(to_string(index)?.as_ref()).cloned(),
        _ => None,
    }
}

/// Whether a traversal step is one of a static reference, as Terraform
/// has them: an attribute, or an index by a constant key (not a splat, not
/// a computed key).
pub fn is_static_step(step: &TraversalOperator) -> bool {
    match step {
        TraversalOperator::GetAttr(_) | TraversalOperator::LegacyIndex(_) => true,
        TraversalOperator::Index(key) => {
            matches!(key, Expression::Number(_) | Expression::String(_))
        }
        TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => false,
    }
}

/// Terraform's conversion to string: strings (borrowed), numbers and bools.
pub fn to_string(value: &Value) -> Option<Cow<'_, str>> {
    match value {
        Value::String(s) => Some(Cow::Borrowed(s)),
        Value::Number(n) => Some(Cow::Owned(number_text(*n))),
        Value::Bool(b) => Some(Cow::Owned(b.to_string())),
        _ => None,
    }
}

/// A number as Terraform writes it, negative zero included.
pub fn number_text(n: f64) -> String {
    if n == 0.0 && n.is_sign_negative() {
        return "-0".to_string();
    }
    crate::value::format_number(n)
}

/// Terraform's conversion to bool: `true`/`false`, and the strings
/// "true"/"false" and "1"/"0".
pub fn to_bool(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// Terraform's conversion to number: numbers, and strings that read as
/// one, with no space around it.
pub fn to_number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => Some(*n),
        Value::String(s) => match s.parse::<f64>() {
            Ok(n) if n.is_finite() && (n != 0.0 || !beyond_f64(value)) => Some(n),
            _ => None,
        },
        _ => None,
    }
}

/// A string Terraform reads as a number an `f64` cannot stand for: its
/// infinities (`"inf"`, `"-Inf"`, where Terraform's arithmetic differs) and
/// numbers beyond `f64`'s range, which Terraform keeps exactly. What reads
/// one as a number is left undecided.
pub fn beyond_f64(value: &Value) -> bool {
    let Value::String(text) = value else {
        return false;
    };
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    if matches!(unsigned, "inf" | "Inf") {
        return true;
    }
    let digits = unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.');
    match text.parse::<f64>() {
        Ok(n) if digits && n.is_infinite() => true,
        Ok(n) if digits && n == 0.0 => {
            let mantissa = unsigned.split(['e', 'E']).next().unwrap_or_default();
            mantissa.chars().any(|c| matches!(c, '1'..='9'))
        }
        _ => false,
    }
}

/// Equality as Terraform's `==`: no conversion between types.
fn values_equal(a: &Value, b: &Value) -> bool {
    a == b
}

/// The expression of a template that is one interpolation and nothing else:
/// such a template is that expression's value, of whatever type
/// (`"${var.tags}"` is a map, not a string).
pub fn sole_interpolation(template: &Template) -> Option<&Expression> {
    let mut elements = template.iter();
    match (elements.next(), elements.next()) {
        (Some(Element::Interpolation(interpolation)), None) => Some(&interpolation.expr),
        _ => None,
    }
}

/// Loads `text` as a template's `main.tf` and hands `inspect` the template,
/// an evaluator at the defaults and the root scope.
#[cfg(test)]
fn in_template<T>(text: &str, inspect: impl FnOnce(&Loaded, &Evaluator<'_>, &Scope<'_>) -> T) -> T {
    let template = super::load::loaded(&[("main.tf", text)]);
    let (scenario, fallback) = (Scenario::default(), BTreeMap::new());
    let evaluator = Evaluator::new(&template, &scenario, &fallback);
    inspect(&template, &evaluator, &evaluator.root_scope())
}
