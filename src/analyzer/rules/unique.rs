//! What the rules of uniqueness share (an app's slug among its agent's, a
//! parameter's name): only the blocks a build plans count, each instance of
//! a block with `count` or `for_each` on its own, and what a build plans can
//! hang on parameter values.

use std::collections::{BTreeMap, BTreeSet};

use hcl_edit::expr::Expression;

use super::{diagnostic, Context, Diagnostic, RuleMeta};
use crate::analyzer::eval::scenarios::{for_each_planned, when_set, VALUES_PER_PARAMETER};
use crate::analyzer::eval::{Evaluator, Instance, Scope};
use crate::analyzer::load::{Expr, Resource};
use crate::analyzer::source::Span;

/// A block instance whose key another of the same build has.
pub struct Repeat {
    pub message: String,
    pub span: Span,
    /// Every instance with the key, by address.
    pub instances: Vec<String>,
}

/// The first block instance that repeats a key, with the addresses of all
/// the instances that have it.
pub struct Repeated<'t, K> {
    pub block: &'t Resource,
    pub key: K,
    pub instances: Vec<String>,
}

/// Reports what `repeats` finds at the defaults, then with each parameter
/// it read set to each other value it admits, the rest at their defaults;
/// a finding only a value brings about names it: `(when NAME = "VALUE")`.
pub fn across_parameters(
    context: &Context<'_>,
    meta: &'static RuleMeta,
    repeats: &dyn Fn(&Evaluator<'_>) -> Vec<Repeat>,
    out: &mut Vec<Diagnostic>,
) {
    let defaults = context.defaults;
    let (at_defaults, reads) = defaults.reads_of(|| repeats(defaults));
    let mut reported = BTreeSet::new();
    let mut report = |repeat: Repeat, when: Option<(&str, &str)>| {
        let key = (
            repeat.span.file,
            repeat.span.range.start,
            repeat.message.clone(),
        );
        if reported.insert(key) {
            let mut message = repeat.message;
            if let Some((name, value)) = when {
                message.push_str(&when_set(name, value));
            }
            let mut found = diagnostic(meta, message, Some(repeat.span));
            found.instances = repeat.instances;
            out.push(found);
        }
    };
    for repeat in at_defaults {
        report(repeat, None);
    }
    for name in &reads.parameters {
        let Some(parameter) = context.parameters.get(name) else {
            continue;
        };
        let default = defaults
            .scenario
            .parameters
            .get(name)
            .or_else(|| defaults.fallback.get(name));
        for value in parameter.domain.iter().take(VALUES_PER_PARAMETER) {
            if Some(value) == default {
                continue;
            }
            let scenario = defaults.scenario.with_parameter(name, value);
            let varied = defaults.fork(&scenario, defaults.fallback);
            for repeat in repeats(&varied) {
                report(repeat, Some((name, value)));
            }
        }
    }
}

/// The instances of blocks of type `ty` (data sources when `data`) that
/// the evaluator's scenario plans with a key an earlier one has; `key`
/// gives none for an instance with nothing to share.
pub fn repeated_keys<'t, K: Ord + Clone>(
    evaluator: &Evaluator<'t>,
    data: bool,
    ty: &str,
    key: &dyn Fn(&Scope<'t>, &'t Resource) -> Option<K>,
) -> Vec<Repeated<'t, K>> {
    // The first instance of each key (its address is written only if
    // another comes), and where its repeat is in `repeated`.
    let mut seen: BTreeMap<K, (Scope<'t>, &'t Resource, Option<usize>)> = BTreeMap::new();
    let mut repeated: Vec<Repeated<'t, K>> = Vec::new();
    let root = evaluator.root_scope();
    for_each_planned(evaluator, &root, data, ty, &mut |scope, block| {
        let Some(key) = key(scope, block) else {
            return;
        };
        match seen.get_mut(&key) {
            None => {
                seen.insert(key, (scope.clone(), block, None));
            }
            Some((_, _, Some(index))) => repeated[*index].instances.push(scope.address_of(block)),
            Some((first_scope, first, index)) => {
                *index = Some(repeated.len());
                repeated.push(Repeated {
                    block,
                    key,
                    instances: vec![first_scope.address_of(first), scope.address_of(block)],
                });
            }
        }
    });
    repeated
}

/// Whether no build can plan two instances of blocks of type `ty` with one
/// key, as is most often plain without planning any: every block has at
/// most one instance in any build (through its modules too) and a key of
/// its own that no parameter and no instance changes. `key` gives none for
/// a block with nothing to share, and `Some(None)` for one it cannot tell.
pub fn never_repeated<'t, K: Ord>(
    evaluator: &Evaluator<'t>,
    data: bool,
    ty: &str,
    key: &dyn Fn(&Scope<'t>, &'t Resource) -> Option<Option<K>>,
) -> bool {
    let mut keys = BTreeSet::new();
    let root = evaluator.root_scope();
    fixed_and_distinct(evaluator, &root, data, ty, key, true, &mut keys)
}

/// [`never_repeated`] in one module instance; `once` when the module
/// instances above it each have at most one instance.
fn fixed_and_distinct<'t, K: Ord>(
    evaluator: &Evaluator<'t>,
    scope: &Scope<'t>,
    data: bool,
    ty: &str,
    key: &dyn Fn(&Scope<'t>, &'t Resource) -> Option<Option<K>>,
    once: bool,
    keys: &mut BTreeSet<K>,
) -> bool {
    let module = evaluator.module(scope);
    for block in module
        .resources
        .iter()
        .filter(|r| r.data == data && r.ty == ty)
    {
        let (found, reads) = evaluator.reads_of(|| key(scope, block));
        let Some(found) = found else {
            continue;
        };
        let single = once && at_most_one(block.attribute("count"), block.attribute("for_each"));
        let fixed = reads.parameters.is_empty();
        if !single || !fixed || !found.is_some_and(|found| keys.insert(found)) {
            return false;
        }
    }
    module.calls.iter().all(|call| {
        let single = once && at_most_one(call.attribute("count"), call.attribute("for_each"));
        evaluator
            .child_scope(scope, call, Instance::Single)
            .is_none_or(|child| fixed_and_distinct(evaluator, &child, data, ty, key, single, keys))
    })
}

/// Whether a `count` (and no `for_each`) plans at most one instance in any
/// build, as `count = local.on ? 1 : 0` does.
fn at_most_one(count: Option<Expr<'_>>, for_each: Option<Expr<'_>>) -> bool {
    fn most(expr: &Expression) -> Option<f64> {
        match expr {
            Expression::Number(n) => n.as_f64(),
            Expression::Parenthesis(inner) => most(inner.inner()),
            Expression::Conditional(c) => Some(most(&c.true_expr)?.max(most(&c.false_expr)?)),
            _ => None,
        }
    }
    for_each.is_none() && count.is_none_or(|count| most(count.expr).is_some_and(|n| n <= 1.0))
}
