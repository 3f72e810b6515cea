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
//! looked-for element of `present` once, none of the others looked for,
//! and a number of other elements (any strings but those, present ones
//! again included) that the class fixes exactly or from below. Decoded,
//! it is `present` followed by one rest element, which stands for those
//! others: a list holding one has a known length where the class fixes
//! the number, but no known order or elements to iterate. (A list with at
//! most one present element and no other is tried as itself.) A
//! multi-select's lists are classes too, where order or repeated options
//! could matter: their others repeat present options, so as a set such a
//! list is its present options.
//!
//! The length of an open string is a number known only from below (a
//! free string's class holds no empty string once `""` is tried apart),
//! a free list's is known from its class: comparisons with a number that
//! the bound decides are decided (`length(prompt) > 0`), the rest are
//! unknown.
//!
//! A template that trims a free string tells blank strings from the rest,
//! so its others are two classes: the blank ones, which trim to `""`, and
//! the rest, which trim to a string known only to be not blank
//! (`trimspace(prompt) != ""` is decided, what else it equals is not).
//!
//! A number not enumerated whole is tried at its bounds, its default and
//! the numbers the template compares it with; each interval between them
//! is a class, whose value converted to a number is known to lie in it, so
//! comparisons with those numbers are decided.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use super::Evaluator;
use crate::value::Value;

/// Starts a free string's open value; the index into the open classes
/// follows ([`MARK_KEY`] first, as in every mark).
const STRING_MARK: char = '\u{FDD0}';
/// Starts a free list's open value (its JSON, undecoded).
const LIST_MARK: char = '\u{FDD1}';
/// Starts the rest element of a decoded free list.
const REST_MARK: char = '\u{FDD2}';
/// Starts a number known to be at least the bound that follows.
const AT_LEAST_MARK: char = '\u{FDD3}';
/// Starts a string known only to hold more than white space.
const NOT_BLANK_MARK: char = '\u{FDD4}';
/// Starts a number known to lie in the interval of the open class that follows.
const BETWEEN_MARK: char = '\u{FDD5}';

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
    /// Any admitted string but those of `excluded`, which are tried apart,
    /// of the given blankness.
    String {
        excluded: BTreeSet<String>,
        blankness: Blankness,
    },
    /// Any list holding each of `present`, none of `absent`, and `others`
    /// more elements, which only repeat those of `present` when
    /// `repeats_only` (a multi-select admits its options only).
    List {
        present: Vec<String>,
        absent: BTreeSet<String>,
        others: Others,
        repeats_only: bool,
    },
    /// Any admitted number strictly between `above` and `below` (which
    /// may be infinite), however it is spelled.
    Number { above: f64, below: f64 },
}

impl OpenKind {
    /// Whether `list` is one of a list class's lists.
    fn holds(&self, list: &[String]) -> bool {
        let OpenKind::List {
            present,
            absent,
            others,
            repeats_only,
        } = self
        else {
            return false;
        };
        let more = list.len().checked_sub(present.len());
        let counted = match (others, more) {
            (_, None) => false,
            (Others::Exactly(n), Some(more)) => more == *n,
            (Others::AtLeast(n), Some(more)) => more >= *n,
        };
        counted
            && present.iter().all(|p| list.contains(p))
            && !list.iter().any(|item| absent.contains(item))
            && (!repeats_only || list.iter().all(|item| present.contains(item)))
    }
}

impl OpenClass {
    /// Whether the class's lists hold more than one of each present element.
    pub fn holds_others(&self) -> bool {
        matches!(self.kind, OpenKind::List { others, .. } if others != Others::Exactly(0))
    }
}

/// How many elements a free list's class holds beyond its present ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Others {
    Exactly(usize),
    AtLeast(usize),
}

/// Which strings a free string's class holds: blank ones (white space
/// only, as `trimspace` sees it) apart from the rest only where the
/// template trims the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Blankness {
    Either,
    Blank,
    NotBlank,
}

impl Blankness {
    /// Whether no string of this blankness is `text`.
    fn excludes(self, text: &str) -> bool {
        match self {
            Blankness::Either => false,
            Blankness::Blank => !is_blank(text),
            Blankness::NotBlank => is_blank(text),
        }
    }
}

/// Whether Terraform's `trimspace` (Go's `strings.TrimSpace`, which trims
/// Unicode white space, as Rust's `trim` does) leaves nothing of `text`.
fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    String,
    List,
    Rest,
    AtLeast,
    NotBlank,
    Between,
}

/// The mark of a marked string and its open class (for a number known
/// from below, its bound).
fn mark_of(text: &str) -> Option<(Mark, usize)> {
    let mut chars = text.chars();
    let mark = match chars.next()? {
        STRING_MARK => Mark::String,
        LIST_MARK => Mark::List,
        REST_MARK => Mark::Rest,
        AT_LEAST_MARK => Mark::AtLeast,
        NOT_BLANK_MARK => Mark::NotBlank,
        BETWEEN_MARK => Mark::Between,
        _ => return None,
    };
    let class = chars.as_str().strip_prefix(MARK_KEY.as_str())?;
    Some((mark, class.parse().ok()?))
}

fn marked(mark: char, class: usize) -> Value {
    Value::String(format!("{mark}{}{class}", *MARK_KEY))
}

/// A secret of this process that every mark carries after its character,
/// so that no string a template writes or computes (`jsondecode` makes any
/// character) passes for an open value.
static MARK_KEY: LazyLock<String> = LazyLock::new(|| {
    use std::hash::{BuildHasher, Hasher};
    let key = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    format!("{key:016x}:")
});

/// Whether `item` is the rest element of a decoded free list.
fn is_rest(item: &Value) -> bool {
    matches!(item, Value::String(s) if matches!(mark_of(s), Some((Mark::Rest, _))))
}

/// The numbers an open number may be: an interval, each end included
/// or not.
#[derive(Clone, Copy)]
struct Range {
    low: f64,
    low_included: bool,
    high: f64,
    high_included: bool,
}

impl Range {
    fn at_least(bound: f64) -> Range {
        Range {
            low: bound,
            low_included: true,
            high: f64::INFINITY,
            high_included: false,
        }
    }

    fn between(above: f64, below: f64) -> Range {
        Range {
            low: above,
            low_included: false,
            high: below,
            high_included: false,
        }
    }

    fn contains(self, n: f64) -> bool {
        (self.low < n || (self.low_included && self.low == n))
            && (n < self.high || (self.high_included && self.high == n))
    }

    /// `x OP c` for every `x` of the range: `None` when it holds for some
    /// and not for others.
    fn compare(self, operator: &hcl_edit::expr::BinaryOperator, c: f64) -> Option<bool> {
        use hcl_edit::expr::BinaryOperator::{Greater, GreaterEq, Less, LessEq};
        let above = self.low > c || (self.low == c && !self.low_included);
        let at_or_above = self.low >= c;
        let below = self.high < c || (self.high == c && !self.high_included);
        let at_or_below = self.high <= c;
        let (all, none) = match operator {
            Greater => (above, at_or_below),
            GreaterEq => (at_or_above, below),
            Less => (below, at_or_above),
            LessEq => (at_or_below, above),
            _ => return None,
        };
        match (all, none) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        }
    }
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

    /// The range of an open number: a length known from below, or a free
    /// number converted.
    fn number_range(&self, value: &Value) -> Option<Range> {
        let Value::String(text) = value else {
            return None;
        };
        match mark_of(text)? {
            (Mark::AtLeast, bound) => Some(Range::at_least(bound as f64)),
            (Mark::Between, class) => self.interval(class),
            _ => None,
        }
    }

    /// The range of an open value where Terraform converts it to a number:
    /// an open number's, or a free number's string.
    fn converted_range(&self, value: &Value) -> Option<Range> {
        let Value::String(text) = value else {
            return None;
        };
        match mark_of(text)? {
            (Mark::String, class) => self.interval(class),
            _ => self.number_range(value),
        }
    }

    fn interval(&self, class: usize) -> Option<Range> {
        match self.open.get(class).map(|c| &c.kind) {
            Some(OpenKind::Number { above, below }) => Some(Range::between(*above, *below)),
            _ => None,
        }
    }

    /// `a == b` where either side is an open number: `None` when neither
    /// is, else whether its range decides it.
    fn equal_numbers(&self, a: &Value, b: &Value) -> Option<Option<bool>> {
        let (range, other) = match (self.number_range(a), self.number_range(b)) {
            (Some(range), _) => (range, b),
            (None, Some(range)) => (range, a),
            (None, None) => return None,
        };
        Some(match other {
            Value::Number(x) => (!range.contains(*x)).then_some(false),
            // A number equals no value of another type.
            Value::Null | Value::Bool(_) | Value::List(_) | Value::Map(_) => Some(false),
            Value::String(_) if !holds_open(other) => Some(false),
            _ => None,
        })
    }

    /// What `item` stands for when it is the rest element of a decoded
    /// list: how many others, and whether they only repeat the present
    /// elements.
    fn rest_of(&self, item: &Value) -> Option<(Others, bool)> {
        let Value::String(text) = item else {
            return None;
        };
        let (Mark::Rest, class) = mark_of(text)? else {
            return None;
        };
        Some(match self.open.get(class).map(|c| &c.kind) {
            Some(OpenKind::List {
                others,
                repeats_only,
                ..
            }) => (*others, *repeats_only),
            _ => (Others::AtLeast(0), false),
        })
    }

    /// The distinct elements of a list whose rest elements add none (they
    /// stand for no element, or repeat the present ones, as a
    /// multi-select's do): the list holds those, in an order and with
    /// repeats that are not known.
    pub(super) fn distinct_elements(&self, value: &Value) -> Option<Vec<Value>> {
        let Value::List(items) = value else {
            return None;
        };
        let mut known = Vec::with_capacity(items.len());
        for item in items {
            match self.rest_of(item) {
                None => known.push(item.clone()),
                Some((Others::Exactly(0), _) | (_, true)) => {}
                Some(_) => return None,
            }
        }
        Some(known)
    }

    /// Whether `value` is a list with a rest element: its order and
    /// elements are not known.
    pub(super) fn holds_rest(&self, value: &Value) -> bool {
        self.has_open() && matches!(value, Value::List(items) if items.iter().any(is_rest))
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
            OpenKind::String { .. } | OpenKind::Number { .. } => marked(STRING_MARK, class),
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
        if let Some(decided) = self.equal_numbers(a, b) {
            return decided;
        }
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
            // string (but for a number known from below) and never null.
            (Value::String(_), Value::Null | Value::Bool(_) | Value::Number(_))
            | (Value::Null | Value::Bool(_) | Value::Number(_), Value::String(_)) => Some(false),
            _ if holds_open(a) || holds_open(b) => None,
            _ => Some(a == b),
        }
    }

    /// `a < b`, `a <= b`, `a > b` or `a >= b` (by `operator`) where either
    /// side is an open number or a free number's string; `None` when
    /// neither is.
    pub(super) fn open_order(
        &self,
        operator: &hcl_edit::expr::BinaryOperator,
        a: &Value,
        b: &Value,
    ) -> Option<Value> {
        use hcl_edit::expr::BinaryOperator::{Greater, GreaterEq, Less, LessEq};
        let (range, known, bounded_left) = match (self.converted_range(a), self.converted_range(b))
        {
            (Some(range), _) => (range, b, true),
            (None, Some(range)) => (range, a, false),
            (None, None) => return None,
        };
        if !known.is_known() {
            return Some(Value::Unknown);
        }
        // An open value reads as no number.
        let Some(c) = super::to_number(known) else {
            return Some(self.opened());
        };
        // The operator with the bounded number on the left.
        let operator = match (operator, bounded_left) {
            (operator, true) => *operator,
            (Less, false) => Greater,
            (LessEq, false) => GreaterEq,
            (Greater, false) => Less,
            (GreaterEq, false) => LessEq,
            _ => return Some(self.opened()),
        };
        Some(
            range
                .compare(&operator, c)
                .map_or_else(|| self.opened(), Value::Bool),
        )
    }

    /// Whether no value of the marked class equals `text`.
    fn excludes(&self, (mark, class): (Mark, usize), text: &str) -> bool {
        match (mark, self.open.get(class).map(|c| &c.kind)) {
            (
                Mark::String,
                Some(OpenKind::String {
                    excluded,
                    blankness,
                }),
            ) => excluded.contains(text) || blankness.excludes(text),
            (Mark::NotBlank, _) => is_blank(text),
            // A string equal to one of the class reads as a number in it.
            (Mark::String, Some(OpenKind::Number { above, below })) => {
                super::to_number(&Value::string(text))
                    .is_none_or(|n| !Range::between(*above, *below).contains(n))
            }
            (
                Mark::Rest,
                Some(OpenKind::List {
                    present,
                    absent,
                    repeats_only,
                    ..
                }),
            ) => absent.contains(text) || (*repeats_only && !present.iter().any(|p| p == text)),
            // A list's text decodes to one of the class's lists, or it is
            // none of their spellings.
            (Mark::List, Some(kind @ OpenKind::List { .. })) => {
                serde_json::from_str::<Vec<String>>(text).map_or(true, |list| !kind.holds(&list))
            }
            _ => false,
        }
    }

    fn blankness(&self, class: usize) -> Option<Blankness> {
        match self.open.get(class).map(|c| &c.kind) {
            Some(OpenKind::String { blankness, .. }) => Some(*blankness),
            _ => None,
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
            ("length", [Value::String(text)]) => match mark_of(text) {
                // A free string's class holds no empty string when `""` is
                // tried apart or the class is not blank.
                Some(mark @ (Mark::String | Mark::NotBlank, _)) if self.excludes(mark, "") => {
                    marked(AT_LEAST_MARK, 1)
                }
                _ => self.opened(),
            },
            ("tonumber", [Value::String(text)]) => match mark_of(text) {
                Some((Mark::Between, _)) => Value::String(text.clone()),
                Some((Mark::String, class)) if self.interval(class).is_some() => {
                    marked(BETWEEN_MARK, class)
                }
                _ => self.opened(),
            },
            ("trimspace", [Value::String(text)]) => match mark_of(text) {
                Some((Mark::NotBlank, _)) => Value::String(text.clone()),
                Some((Mark::String, class)) => match self.blankness(class) {
                    Some(Blankness::Blank) => Value::string(""),
                    Some(Blankness::NotBlank) => marked(NOT_BLANK_MARK, 0),
                    _ => self.opened(),
                },
                _ => self.opened(),
            },
            // A free list holds its present elements and the others its
            // class fixes, exactly or from below.
            ("length", [list @ Value::List(items)]) if self.holds_rest(list) => {
                let (mut length, mut exact) = (0, true);
                for item in items {
                    match self.rest_of(item) {
                        None => length += 1,
                        Some((Others::Exactly(others), _)) => length += others,
                        Some((Others::AtLeast(others), _)) => {
                            length += others;
                            exact = false;
                        }
                    }
                }
                if exact {
                    Value::Number(length as f64)
                } else {
                    marked(AT_LEAST_MARK, length)
                }
            }
            // As a set, a list whose others add no element is its present
            // elements.
            ("toset", [list]) if self.holds_rest(list) => match self.distinct_elements(list) {
                Some(known) => super::functions::apply("toset", &[Value::List(known)])
                    .unwrap_or_else(|| self.opened()),
                None => self.opened(),
            },
            ("contains", [Value::List(items), wanted]) => {
                let mut decided = true;
                // A rest element that stands for no element holds nothing.
                let items = items
                    .iter()
                    .filter(|item| !matches!(self.rest_of(item), Some((Others::Exactly(0), _))));
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
