//! Checks a configuration object against a declaration the way the Go SDK
//! does before anything is planned: deprecations, whole numbers, conflicts
//! and every attribute's validators.

use std::borrow::Cow;
use std::cmp::Ordering;

use super::{Block, Nesting, ValueType};
use crate::value::{format_number, Object, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One step into a configuration: an attribute or block name, or the index
/// of a list block element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathStep {
    Attribute(&'static str),
    Index(usize),
}

/// Which kind of check found a problem: the shape of the configuration
/// (Terraform's and the SDK's own checks), or a value the provider refuses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Origin {
    Schema,
    #[default]
    Value,
}

/// A problem with a value, worded as the Go provider words it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub origin: Origin,
    pub summary: String,
    pub detail: String,
    /// Where in the object; empty for the object as a whole. Paths stop at a
    /// set block, since set elements have no index Terraform could show.
    pub path: Vec<PathStep>,
}

impl Finding {
    pub fn error(summary: impl Into<String>) -> Self {
        Finding {
            severity: Severity::Error,
            origin: Origin::Value,
            summary: summary.into(),
            detail: String::new(),
            path: Vec::new(),
        }
    }

    pub fn warning(summary: impl Into<String>) -> Self {
        Finding {
            severity: Severity::Warning,
            ..Finding::error(summary)
        }
    }

    pub fn of_schema(mut self) -> Self {
        self.origin = Origin::Schema;
        self
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }

    pub fn at(mut self, path: Vec<PathStep>) -> Self {
        self.path = path;
        self
    }
}

/// Every finding the declaration yields for `config`, in schema order.
pub fn check_config(block: &Block, config: &Object) -> Vec<Finding> {
    let mut findings = Vec::new();
    let root = Walk {
        root: config,
        path: Vec::new(),
        in_set: false,
        element: None,
    };
    root.block(block, config, &mut findings);
    findings
}

struct Walk<'a> {
    root: &'a Object,
    path: Vec<PathStep>,
    in_set: bool,
    /// The flat key of the nested block this walk is inside, and the
    /// element's index: keys are spelt out only when a finding needs one.
    element: Option<(Cow<'static, str>, usize)>,
}

impl Walk<'_> {
    fn child_path(&self, step: PathStep) -> Vec<PathStep> {
        let mut path = self.path.clone();
        if !self.in_set {
            path.push(step);
        }
        path
    }

    /// The SDK's flat key of an attribute at this depth.
    fn key(&self, name: &'static str) -> Cow<'static, str> {
        match &self.element {
            None => Cow::Borrowed(name),
            Some((block, index)) => Cow::Owned(format!("{block}.{index}.{name}")),
        }
    }

    fn block(&self, block: &Block, object: &Object, out: &mut Vec<Finding>) {
        // Both are sorted by name: one pass over each finds what is set,
        // in schema order, without a lookup per declared attribute.
        let mut entries = object.iter().peekable();
        for attribute in &block.attributes {
            let mut value = None;
            while let Some((key, entry)) = entries.peek() {
                match crate::value::name_order(key, attribute.name) {
                    Ordering::Less => {
                        entries.next();
                    }
                    Ordering::Equal => {
                        value = Some(*entry);
                        break;
                    }
                    Ordering::Greater => break,
                }
            }
            if entries.peek().is_none() {
                break;
            }
            let Some(value) = value.filter(|v| !v.is_null()) else {
                continue;
            };
            // Keys and paths are built only when needed: this walk runs for
            // every configuration the analyzer evaluates.
            let key = || self.key(attribute.name);
            let path = || self.child_path(PathStep::Attribute(attribute.name));
            let mut found = Vec::new();
            // The SDK refuses configuration for what the provider computes.
            if attribute.presence == super::Presence::Computed {
                out.push(
                    Finding::error("Computed attributes cannot be set")
                        .with_detail(format!(
                            "Computed attributes cannot be set, but a value was set for {}.",
                            crate::value::go_quote(&key())
                        ))
                        .of_schema()
                        .at(path()),
                );
                continue;
            }
            if let Some(message) = attribute.deprecated {
                found.push(
                    Finding::warning("Argument is deprecated")
                        .with_detail(message)
                        .of_schema(),
                );
            }
            if let (ValueType::Integer, Value::Number(n)) = (&attribute.ty, value) {
                if n.fract() != 0.0 {
                    found.push(
                        Finding::error(format!(
                            "Attribute must be a whole number, got {}",
                            format_number(*n)
                        ))
                        .of_schema(),
                    );
                }
            }
            let validated = value.is_known() && !attribute.validators.is_empty();
            if validated || !attribute.conflicts_with.is_empty() {
                let key = key();
                self.conflicts(&key, &attribute.conflicts_with, &mut found);
                if validated {
                    for validator in &attribute.validators {
                        found.extend(validator.check(&key, value));
                    }
                }
            }
            if !found.is_empty() {
                let path = path();
                out.extend(found.into_iter().map(|f| f.at(path.clone())));
            }
        }
        for nested in &block.blocks {
            let value = object.get(nested.name).unwrap_or(&Value::Null);
            let mut elements: Vec<&Object> = value.blocks().collect();
            // Set elements have no order of their own: take a canonical one,
            // so that the index in messages does not depend on who wrote
            // the set (the analyzer reads source order, Terraform sorts).
            if nested.nesting == Nesting::Set && elements.len() > 1 {
                elements.sort_by_cached_key(|e| {
                    // Unset and null read the same on both sides.
                    e.iter()
                        .filter(|(_, v)| {
                            !v.is_null() && !matches!(v, Value::List(l) if l.is_empty())
                        })
                        .map(|(k, v)| format!("{k}={v:?};"))
                        .collect::<String>()
                });
            }
            if elements.is_empty() {
                continue;
            }
            let key = self.key(nested.name);
            let path = self.child_path(PathStep::Attribute(nested.name));
            let mut found = Vec::new();
            if let Some(message) = nested.deprecated {
                found.push(
                    Finding::warning("Argument is deprecated")
                        .with_detail(message)
                        .of_schema(),
                );
            }
            self.conflicts(&key, &nested.conflicts_with, &mut found);
            out.extend(found.into_iter().map(|f| f.at(path.clone())));
            for (index, element) in elements.into_iter().enumerate() {
                let mut element_path = path.clone();
                let in_set = self.in_set || nested.nesting == Nesting::Set;
                if !in_set {
                    element_path.push(PathStep::Index(index));
                }
                let walk = Walk {
                    root: self.root,
                    path: element_path,
                    in_set,
                    element: Some((key.clone(), index)),
                };
                walk.block(&nested.block, element, out);
            }
        }
    }

    /// The SDK's `ConflictsWith`: presence in the configuration counts, an
    /// unknown value on the other side does not.
    fn conflicts(&self, key: &str, others: &[&'static str], out: &mut Vec<Finding>) {
        for other in others {
            if lookup(self.root, other).is_some_and(|v| v.is_known() && !is_absent(v)) {
                out.push(
                    Finding::error("Conflicting configuration arguments")
                        .with_detail(format!("\"{key}\": conflicts with {other}"))
                        .of_schema(),
                );
            }
        }
    }
}

/// Whether [`check_config`]'s findings can depend on the value of the
/// top-level entry `name`: an entry it never validates, converts or compares
/// can change without changing them. Kept beside the walk it summarises.
pub fn checks_value_of(block: &Block, name: &str) -> bool {
    fn conflict_keys(block: &Block) -> Box<dyn Iterator<Item = &'static str> + '_> {
        Box::new(
            block
                .attributes
                .iter()
                .flat_map(|a| a.conflicts_with.iter().copied())
                .chain(block.blocks.iter().flat_map(|b| {
                    b.conflicts_with
                        .iter()
                        .copied()
                        .chain(conflict_keys(&b.block))
                })),
        )
    }
    fn checks_anything(block: &Block) -> bool {
        block.attributes.iter().any(attribute_checked) || block.blocks.iter().any(nested_checked)
    }
    fn attribute_checked(attribute: &super::Attribute) -> bool {
        !attribute.validators.is_empty()
            || !attribute.conflicts_with.is_empty()
            || attribute.deprecated.is_some()
            || attribute.presence == super::Presence::Computed
            || matches!(attribute.ty, ValueType::Integer)
    }
    fn nested_checked(nested: &super::NestedBlock) -> bool {
        nested.deprecated.is_some()
            || !nested.conflicts_with.is_empty()
            || checks_anything(&nested.block)
    }
    let named = |key: &str| {
        key.strip_prefix(name)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
    };
    if conflict_keys(block).any(named) {
        return true;
    }
    match (block.attribute(name), block.nested(name)) {
        (Some(attribute), _) => attribute_checked(attribute),
        (None, Some(nested)) => nested_checked(nested),
        (None, None) => true,
    }
}

/// Null, or a collection with nothing in it: how an unset block looks.
pub fn is_absent(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::List(items) => items.is_empty(),
        _ => false,
    }
}

/// The value at a flat SDK key such as `validation.0.min`.
pub fn lookup<'a>(root: &'a Object, key: &str) -> Option<&'a Value> {
    let mut parts = key.split('.');
    let mut current = root.get(parts.next()?)?;
    for part in parts {
        current = match part.parse::<usize>() {
            Ok(index) => current.as_list()?.get(index)?,
            Err(_) => current.as_map()?.get(part)?,
        };
    }
    Some(current)
}

/// The value `name` has once [`apply_defaults`] ran: the object's own
/// unless unset or null, else the declared default. Lets a check read a
/// configuration as the provider's state would show it, without building
/// that state.
pub fn defaulted<'a>(block: &'a Block, object: &'a Object, name: &str) -> Option<&'a Value> {
    match object.get(name) {
        Some(value) if !value.is_null() => Some(value),
        _ => block.attribute(name)?.default.as_ref(),
    }
}

/// The entries `names` of `object` as [`apply_defaults`] would leave them,
/// and nothing else: a check that reads a few entries gets them without
/// the whole state being built.
pub fn defaulted_part(block: &Block, object: &Object, names: &[&'static str]) -> Object {
    let mut part: Object = names
        .iter()
        .filter_map(|name| Some((*name, defaulted(block, object, name)?.clone())))
        .collect();
    apply_nested_defaults(block, &mut part);
    part
}

/// Fills unset attributes that declare a default, at every depth.
pub fn apply_defaults(block: &Block, object: &mut Object) {
    for attribute in &block.attributes {
        if let Some(default) = &attribute.default {
            let slot = object.get_or_insert_with(attribute.name, || Value::Null);
            if slot.is_null() {
                *slot = default.clone();
            }
        }
    }
    apply_nested_defaults(block, object);
}

fn apply_nested_defaults(block: &Block, object: &mut Object) {
    for nested in &block.blocks {
        if let Some(Value::List(elements)) = object.get_mut(nested.name) {
            for element in elements {
                if let Value::Map(element) = element {
                    apply_defaults(&nested.block, element);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Attribute, NestedBlock, TypeSchema};

    fn obj(pairs: Vec<(&str, Value)>) -> Object {
        pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
    }

    fn sample() -> TypeSchema {
        TypeSchema::resource("coder_sample", 1, "")
            .attribute(Attribute::string("a", "").conflicts_with(&["b"]))
            .attribute(Attribute::string("b", ""))
            .attribute(Attribute::integer("n", "").default(3))
            .block(
                NestedBlock::list("item", "")
                    .attribute(Attribute::string("x", "").deprecated("gone")),
            )
    }

    #[test]
    fn only_checked_entries_count_as_checked() {
        let schema = sample()
            .attribute(Attribute::string("plain", ""))
            .block(NestedBlock::list("bare", "").attribute(Attribute::string("y", "")));
        let block = &schema.block;
        // Named in a conflict, declaring one, a whole number, a deprecation inside.
        for checked in ["a", "b", "n", "item"] {
            assert!(checks_value_of(block, checked), "{checked}");
        }
        for unchecked in ["plain", "bare"] {
            assert!(!checks_value_of(block, unchecked), "{unchecked}");
        }
        // Any value of an unchanged entry leaves the findings as they were.
        let base = obj(vec![
            ("plain", Value::string("1")),
            ("a", Value::string("x")),
        ]);
        let mut varied = base.clone();
        varied.insert("plain", Value::Unknown);
        assert_eq!(check_config(block, &base), check_config(block, &varied));
    }

    #[test]
    fn conflicts_need_both_sides_known() {
        let schema = sample();
        let both = obj(vec![("a", Value::string("1")), ("b", Value::string("2"))]);
        let findings = check_config(&schema.block, &both);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].detail, "\"a\": conflicts with b");
        assert_eq!(findings[0].path, vec![PathStep::Attribute("a")]);
        let unknown = obj(vec![("a", Value::string("1")), ("b", Value::Unknown)]);
        assert!(check_config(&schema.block, &unknown).is_empty());
    }

    #[test]
    fn nested_paths_and_whole_numbers() {
        let schema = sample();
        let config = obj(vec![
            ("n", Value::Number(1.5)),
            (
                "item",
                Value::List(vec![
                    Value::Map(obj(vec![])),
                    Value::Map(obj(vec![("x", Value::string("y"))])),
                ]),
            ),
        ]);
        let findings = check_config(&schema.block, &config);
        assert_eq!(
            findings[0].summary,
            "Attribute must be a whole number, got 1.5"
        );
        assert_eq!(findings[1].summary, "Argument is deprecated");
        assert_eq!(
            findings[1].path,
            vec![
                PathStep::Attribute("item"),
                PathStep::Index(1),
                PathStep::Attribute("x")
            ]
        );
    }

    #[test]
    fn lookup_follows_flat_keys() {
        let config = obj(vec![(
            "validation",
            Value::List(vec![Value::Map(obj(vec![("min", Value::Number(1.0))]))]),
        )]);
        assert_eq!(
            lookup(&config, "validation.0.min"),
            Some(&Value::Number(1.0))
        );
        assert_eq!(lookup(&config, "validation.1.min"), None);
        assert_eq!(lookup(&config, "validation.0.max"), None);
    }

    #[test]
    fn defaults_fill_only_nulls() {
        let schema = sample();
        let mut set = obj(vec![("n", Value::Number(7.0))]);
        apply_defaults(&schema.block, &mut set);
        assert_eq!(set["n"], Value::Number(7.0));
        let mut unset = obj(vec![]);
        apply_defaults(&schema.block, &mut unset);
        assert_eq!(unset["n"], Value::Number(3.0));
    }
}
