//! Nested blocks as Terraform sees them once `dynamic` blocks are expanded:
//! `dynamic "option" { for_each = ...; content { ... } }` stands for one
//! `option` block per element, its `content` evaluated with the iterator
//! (`option.key`, `option.value`) bound.

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Body};

use super::{elements, Bindings, Evaluator, Scope};
use crate::value::{Object, Value};

/// A block's body to evaluate in: a block as written, or one element a
/// `dynamic` block generates, with its iterator (and any outer one) bound.
#[derive(Clone)]
pub struct BlockBody<'b> {
    pub body: &'b Body,
    bindings: Bindings,
}

impl<'b> BlockBody<'b> {
    /// A block as written in the source.
    pub fn written(body: &'b Body) -> Self {
        BlockBody {
            body,
            bindings: Bindings::default(),
        }
    }
}

/// The type of the nested blocks `block` makes: a `dynamic` block's label,
/// else its own type.
pub fn block_type(block: &Block) -> &str {
    match (block.ident.as_str(), block.labels.first()) {
        ("dynamic", Some(label)) => label.as_str(),
        (ident, _) => ident,
    }
}

/// The `dynamic` blocks of `body` that make blocks of type `name`.
pub fn dynamic_blocks<'b>(body: &'b Body, name: &'b str) -> impl Iterator<Item = &'b Block> + 'b {
    body.blocks()
        .filter(move |b| b.ident.as_str() == "dynamic" && block_type(b) == name)
}

impl<'t> Evaluator<'t> {
    /// Evaluates `expr`, written in `block`.
    pub fn eval_in_block(
        &self,
        scope: &Scope<'t>,
        block: &BlockBody<'_>,
        expr: &Expression,
    ) -> Value {
        self.eval_in(scope, expr, &block.bindings)
    }

    /// The nested blocks of type `name` of `block`, in source order, each
    /// `dynamic` one expanded; `None` when how many there are is not known
    /// (a `for_each` that is not known, or a `dynamic` block without content).
    pub fn nested_blocks<'b>(
        &self,
        scope: &Scope<'t>,
        block: &BlockBody<'b>,
        name: &str,
    ) -> Option<Vec<BlockBody<'b>>> {
        let mut found = Vec::new();
        for nested in block.body.blocks().filter(|b| block_type(b) == name) {
            if nested.ident.as_str() == name {
                found.push(BlockBody {
                    body: &nested.body,
                    bindings: block.bindings.clone(),
                });
                continue;
            }
            let iterator = match nested.body.get_attribute("iterator").map(|a| &a.value) {
                Some(Expression::Variable(variable)) => variable.as_str(),
                _ => name,
            };
            let content = nested
                .body
                .blocks()
                .find(|b| b.ident.as_str() == "content")?;
            let for_each = &nested.body.get_attribute("for_each")?.value;
            let elements = elements(self.eval_in(scope, for_each, &block.bindings))?;
            for (key, value) in elements {
                let mut element = Object::new();
                element.insert("key", key);
                element.insert("value", value);
                let mut bindings = block.bindings.clone();
                bindings.insert(iterator.to_string(), Value::Map(element));
                found.push(BlockBody {
                    body: &content.body,
                    bindings,
                });
            }
        }
        Some(found)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::BlockBody;
    use crate::analyzer::eval::in_template;
    use crate::value::Value;

    /// The `value` of each `option` of each `coder_parameter` in `text`,
    /// by parameter; `None` where their number is not known.
    fn options(text: &str) -> BTreeMap<String, Option<Vec<Value>>> {
        in_template(text, |template, evaluator, scope| {
            template.modules[0]
                .resources
                .iter()
                .map(|resource| {
                    let written = BlockBody::written(&resource.body);
                    let values = evaluator
                        .nested_blocks(scope, &written, "option")
                        .map(|blocks| {
                            blocks
                                .iter()
                                .map(|b| {
                                    let value =
                                        &b.body.get_attribute("value").expect("value").value;
                                    evaluator.eval_in_block(scope, b, value)
                                })
                                .collect()
                        });
                    (resource.name.clone(), values)
                })
                .collect()
        })
    }

    #[test]
    fn dynamic_blocks_expand_in_place_with_their_iterator_bound() {
        let found = options(
            r#"
locals {
  sizes = { small = 1, large = 4 }
}
data "coder_parameter" "list" {
  option {
    value = "first"
  }
  dynamic "option" {
    for_each = ["a", "b"]
    content {
      value = "${option.key}:${option.value}"
    }
  }
  option {
    value = "last"
  }
}
data "coder_parameter" "map" {
  dynamic "option" {
    for_each = local.sizes
    iterator = size
    content {
      value = "${size.key}=${size.value}"
    }
  }
}
data "coder_parameter" "unknown" {
  dynamic "option" {
    for_each = var.undeclared
    content {
      value = option.value
    }
  }
}
data "coder_parameter" "no_content" {
  dynamic "option" {
    for_each = ["a"]
  }
}
"#,
        );
        let strings = |values: &[&str]| Some(values.iter().map(|v| Value::string(*v)).collect());
        assert_eq!(found["list"], strings(&["first", "0:a", "1:b", "last"]));
        assert_eq!(found["map"], strings(&["large=4", "small=1"]));
        assert_eq!(found["unknown"], None);
        assert_eq!(found["no_content"], None);
    }
}
