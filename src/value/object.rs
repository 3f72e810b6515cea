//! The attributes of an object value, by name.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;

use super::Value;

/// An attribute's name. Most are the schema's own `&'static str`, which an
/// object borrows instead of copying: the analyzer builds an object for
/// every block it checks, and allocating each name was a good part of that.
pub type Name = Cow<'static, str>;

/// Names in sorted order. Most first letters differ, and most equal names
/// are the very declaration the object borrowed: both are settled without
/// a full comparison.
pub fn name_order(key: &str, name: &str) -> Ordering {
    if std::ptr::eq(key, name) {
        return Ordering::Equal;
    }
    match (key.as_bytes().first(), name.as_bytes().first()) {
        (Some(a), Some(b)) if a != b => a.cmp(b),
        _ => key.cmp(name),
    }
}

/// Objects up to this size are searched by a scan rather than bisection.
const SCANNED: usize = 32;

/// An object's attributes (and nested blocks), kept sorted by name, as
/// Terraform and the Go provider iterate them. Objects hold a handful of
/// entries: a sorted vector beats a tree for finding, building and dropping
/// them.
#[derive(Clone, Default, PartialEq)]
pub struct Object {
    entries: Vec<(Name, Value)>,
}

impl Object {
    pub fn new() -> Self {
        Object::default()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn position(&self, name: &str) -> Result<usize, usize> {
        self.entries
            .binary_search_by(|(key, _)| name_order(key, name))
    }

    /// Lookups dominate, and names mostly differ in length: in a small
    /// object, a scan that compares lengths first beats bisection's full
    /// comparisons. Large maps come from user data and are bisected.
    pub fn get(&self, name: &str) -> Option<&Value> {
        if self.entries.len() > SCANNED {
            return self.position(name).ok().map(|index| &self.entries[index].1);
        }
        self.entries
            .iter()
            .find(|(key, _)| key.len() == name.len() && key.as_ref() == name)
            .map(|(_, value)| value)
    }

    pub fn get_mut(&mut self, name: &str) -> Option<&mut Value> {
        let index = self.position(name).ok()?;
        Some(&mut self.entries[index].1)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.position(name).is_ok()
    }

    /// Sets `name`, returning the value it replaces.
    pub fn insert(&mut self, name: impl Into<Name>, value: Value) -> Option<Value> {
        let name = name.into();
        match self.position(&name) {
            Ok(index) => Some(std::mem::replace(&mut self.entries[index].1, value)),
            Err(index) => {
                self.entries.insert(index, (name, value));
                None
            }
        }
    }

    /// The value of `name`, set to `default()` first when missing.
    pub fn get_or_insert_with(
        &mut self,
        name: impl Into<Name>,
        default: impl FnOnce() -> Value,
    ) -> &mut Value {
        let name = name.into();
        let index = match self.position(&name) {
            Ok(index) => index,
            Err(index) => {
                self.entries.insert(index, (name, default()));
                index
            }
        };
        &mut self.entries[index].1
    }

    pub fn remove(&mut self, name: &str) -> Option<Value> {
        let index = self.position(name).ok()?;
        Some(self.entries.remove(index).1)
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&Name, &Value)> + ExactSizeIterator {
        self.into_iter()
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&Name, &mut Value)> {
        self.entries.iter_mut().map(|(name, value)| (&*name, value))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &Name> + ExactSizeIterator {
        self.entries.iter().map(|(name, _)| name)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Value> + ExactSizeIterator {
        self.entries.iter().map(|(_, value)| value)
    }
}

impl std::ops::Index<&str> for Object {
    type Output = Value;

    /// Panics when `name` is missing, as a map's indexing does.
    fn index(&self, name: &str) -> &Value {
        match self.get(name) {
            Some(value) => value,
            None => panic!("no attribute {name:?} in the object"),
        }
    }
}

impl fmt::Debug for Object {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K: Into<Name>> FromIterator<(K, Value)> for Object {
    /// A later entry of the same name wins, as with repeated inserts.
    fn from_iter<I: IntoIterator<Item = (K, Value)>>(iter: I) -> Self {
        let mut entries: Vec<(Name, Value)> = iter
            .into_iter()
            .map(|(name, value)| (name.into(), value))
            .collect();
        // Stable: equal names keep their order, so the last one is kept.
        entries.sort_by(|a, b| name_order(&a.0, &b.0));
        if entries.windows(2).any(|pair| pair[0].0 == pair[1].0) {
            let mut kept: Vec<(Name, Value)> = Vec::with_capacity(entries.len());
            for entry in entries {
                match kept.last_mut() {
                    Some(last) if last.0 == entry.0 => *last = entry,
                    _ => kept.push(entry),
                }
            }
            entries = kept;
        }
        Object { entries }
    }
}

impl<K: Into<Name>, const N: usize> From<[(K, Value); N]> for Object {
    fn from(entries: [(K, Value); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl Extend<(Name, Value)> for Object {
    fn extend<I: IntoIterator<Item = (Name, Value)>>(&mut self, iter: I) {
        for (name, value) in iter {
            self.insert(name, value);
        }
    }
}

impl IntoIterator for Object {
    type Item = (Name, Value);
    type IntoIter = std::vec::IntoIter<(Name, Value)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'a> IntoIterator for &'a Object {
    type Item = (&'a Name, &'a Value);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (Name, Value)>,
        fn(&'a (Name, Value)) -> (&'a Name, &'a Value),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(name, value)| (name, value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_stay_sorted_and_inserts_replace() {
        let mut object = Object::new();
        assert_eq!(object.insert("b", Value::Bool(true)), None);
        assert_eq!(object.insert(String::from("a"), Value::Null), None);
        assert_eq!(
            object.insert("b", Value::Bool(false)),
            Some(Value::Bool(true))
        );
        let names: Vec<&str> = object.keys().map(|k| k.as_ref()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(object.remove("a"), Some(Value::Null));
        assert_eq!(format!("{object:?}"), r#"{"b": Bool(false)}"#);
    }

    #[test]
    fn collecting_keeps_the_last_of_equal_names() {
        let object: Object = [
            ("x", Value::Number(1.0)),
            ("a", Value::Null),
            ("x", Value::Number(2.0)),
        ]
        .into_iter()
        .collect();
        assert_eq!(object.len(), 2);
        assert_eq!(object.get("x"), Some(&Value::Number(2.0)));
    }

    #[test]
    fn large_and_small_objects_find_the_same() {
        for size in [3, SCANNED + 5] {
            let object: Object = (0..size)
                .map(|i| (format!("key{i}"), Value::Number(i as f64)))
                .collect();
            for i in 0..size {
                assert_eq!(
                    object.get(&format!("key{i}")),
                    Some(&Value::Number(i as f64))
                );
            }
            assert_eq!(object.get("key"), None);
            assert_eq!(object.get("zzz"), None);
        }
    }
}
