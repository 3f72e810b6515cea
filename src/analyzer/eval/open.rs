//! Open values: what a free parameter's "any other value" stands for.
//!
//! A parameter without options admits infinitely many values; the scenario
//! enumeration tries the ones the template compares it with and one more,
//! which stands for all the rest. That is sound only while the template
//! compares the value with those constants and otherwise passes it along:
//! `split`, `length`, `trimspace` or an interpolation may tell two of the
//! rest apart. So the task count's evaluator reads that one value as an
//! open value, a string carrying a mark, which equality with an enumerated
//! constant, `contains`, `tostring` and `jsondecode` (of a free list)
//! understand, and anything else makes unknown: the count is then
//! undecided, with a warning, instead of decided from one arbitrary string.
//!
//! A free `list(string)` stands for a class of lists: those holding each
//! looked-for element of `present`, none of the others looked for, and any
//! number of other elements. Decoded, it is `present` followed by one rest
//! element, which stands for zero or more elements; a list holding one has
//! no known length, order or elements to iterate.

use std::collections::BTreeSet;

use super::Evaluator;
use crate::value::Value;

/// Starts a free string's open value; the index into the open classes follows.
const STRING_MARK: char = '\u{FDD0}';
/// Starts a free list's open value (its JSON, undecoded).
const LIST_MARK: char = '\u{FDD1}';
/// Starts the rest element of a decoded free list.
const REST_MARK: char = '\u{FDD2}';

/// One value of a parameter's domain that stands for many.
#[derive(Clone, Debug)]
pub struct OpenClass {
    pub parameter: String,
    /// The value the scenario sets, and a witness shows: one of the class.
    pub representative: String,
    pub kind: OpenKind,
}

#[derive(Clone, Debug)]
pub enum OpenKind {
    /// Any admitted string but those of `excluded`, which are tried apart.
    String { excluded: BTreeSet<String> },
    /// Any list holding each of `present` and none of `absent`.
    List {
        present: Vec<String>,
        absent: BTreeSet<String>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    String,
    List,
    Rest,
}

/// The mark and open class of a marked string.
fn mark_of(text: &str) -> Option<(Mark, usize)> {
    let mut chars = text.chars();
    let mark = match chars.next()? {
        STRING_MARK => Mark::String,
        LIST_MARK => Mark::List,
        REST_MARK => Mark::Rest,
        _ => return None,
    };
    Some((mark, chars.as_str().parse().ok()?))
}

fn marked(mark: char, class: usize) -> Value {
    Value::String(format!("{mark}{class}"))
}

/// Whether `value` is or holds an open value.
pub fn holds_open(value: &Value) -> bool {
    match value {
        Value::String(s) => mark_of(s).is_some(),
        Value::List(items) => items.iter().any(holds_open),
        Value::Map(entries) => entries.values().any(holds_open),
        _ => false,
    }
}

impl Evaluator<'_> {
    pub(super) fn has_open(&self) -> bool {
        !self.open.is_empty()
    }

    /// Whether `value` is a list with a rest element: its length, order and
    /// elements are not known.
    pub(super) fn holds_rest(&self, value: &Value) -> bool {
        let rest = |item: &Value| matches!(item, Value::String(s) if matches!(mark_of(s), Some((Mark::Rest, _))));
        self.has_open() && matches!(value, Value::List(items) if items.iter().any(rest))
    }

    /// Whether `value` is itself an open value of this evaluator's (not
    /// one inside a collection).
    pub(super) fn is_open(&self, value: &Value) -> bool {
        self.has_open() && matches!(value, Value::String(s) if mark_of(s).is_some())
    }

    /// The open value of parameter `name` when the scenario sets it to the
    /// representative of one of its open classes.
    pub(super) fn open_value(&self, name: &str, value: &str) -> Option<Value> {
        let class = self
            .open
            .binary_search_by(|c| {
                (c.parameter.as_str(), c.representative.as_str()).cmp(&(name, value))
            })
            .ok()?;
        Some(match self.open[class].kind {
            OpenKind::String { .. } => marked(STRING_MARK, class),
            OpenKind::List { .. } => marked(LIST_MARK, class),
        })
    }

    /// Those of the parameters `names` whose values here are open.
    pub fn open_parameters(&self, names: &[String]) -> Vec<String> {
        names
            .iter()
            .filter(|name| {
                let value =
                    (self.scenario.parameters.get(*name)).or_else(|| self.fallback.get(*name));
                value.is_some_and(|value| self.open_value(name, value).is_some())
            })
            .cloned()
            .collect()
    }

    /// Unknown, because an open value was taken where its class does not
    /// decide the outcome; the count then says so.
    pub(super) fn opened(&self) -> Value {
        self.reads.borrow_mut().open = true;
        Value::Unknown
    }

    /// Terraform's `==` where either side holds an open value: `None` when
    /// the class does not decide it.
    pub(super) fn open_equal(&self, a: &Value, b: &Value) -> Option<bool> {
        match (a, b) {
            (Value::String(x), Value::String(y)) => match (mark_of(x), mark_of(y)) {
                (None, None) => Some(x == y),
                (Some(mark), None) => self.excludes(mark, y).then_some(false),
                (None, Some(mark)) => self.excludes(mark, x).then_some(false),
                (Some(_), Some(_)) => None,
            },
            (Value::List(xs), Value::List(ys)) => {
                if self.holds_rest(a) || self.holds_rest(b) {
                    return None;
                }
                if xs.len() != ys.len() {
                    return Some(false);
                }
                let mut decided = Some(true);
                for (x, y) in xs.iter().zip(ys) {
                    match self.open_equal(x, y) {
                        Some(true) => {}
                        Some(false) => return Some(false),
                        None => decided = None,
                    }
                }
                decided
            }
            // Values of different types are never equal; an open value is a
            // string and never null.
            (Value::String(_), Value::Null | Value::Bool(_) | Value::Number(_))
            | (Value::Null | Value::Bool(_) | Value::Number(_), Value::String(_)) => Some(false),
            _ if holds_open(a) || holds_open(b) => None,
            _ => Some(a == b),
        }
    }

    /// Whether no value of the marked class equals `text`.
    fn excludes(&self, (mark, class): (Mark, usize), text: &str) -> bool {
        match (mark, self.open.get(class).map(|c| &c.kind)) {
            (Mark::String, Some(OpenKind::String { excluded })) => excluded.contains(text),
            (Mark::Rest, Some(OpenKind::List { absent, .. })) => absent.contains(text),
            _ => false,
        }
    }

    /// A function applied to arguments that hold open values: the few that
    /// their classes decide, else unknown.
    pub(super) fn open_call(&self, name: &str, values: &[Value]) -> Value {
        match (name, values) {
            ("tostring", [value @ Value::String(_)]) => value.clone(),
            ("jsondecode", [Value::String(text)]) => match mark_of(text) {
                Some((Mark::List, class)) => match self.open.get(class).map(|c| &c.kind) {
                    Some(OpenKind::List { present, .. }) => Value::List(
                        present
                            .iter()
                            .map(|element| Value::string(element.as_str()))
                            .chain([marked(REST_MARK, class)])
                            .collect(),
                    ),
                    _ => self.opened(),
                },
                _ => self.opened(),
            },
            ("contains", [Value::List(items), wanted]) => {
                let mut decided = true;
                for item in items {
                    match self.open_equal(item, wanted) {
                        Some(true) => return Value::Bool(true),
                        Some(false) => {}
                        None => decided = false,
                    }
                }
                if decided {
                    Value::Bool(false)
                } else {
                    self.opened()
                }
            }
            _ => self.opened(),
        }
    }
}
