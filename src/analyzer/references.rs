//! Where a reference leads: `coder_app.x.id` written directly, or passed
//! through locals, module inputs and module outputs. Rules (the app of a
//! task) and the import manifest (the agent of an app) follow references
//! with this one resolver.

use std::collections::HashMap;

use hcl_edit::expr::{Expression, TraversalOperator};

use super::eval::{sole_interpolation, Scope};
use super::load::{Resource, Template};

/// More hops than this are taken for a cycle.
const MAX_HOPS: usize = 32;

/// A resource another block refers to (an app's agent), as seen from one
/// module instance: its module, the instance's scope id when it is in that
/// same module (where that instance's own is meant), and its name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Owner {
    pub module: usize,
    pub instance: Option<usize>,
    pub name: String,
}

impl Owner {
    /// The resource `name` of the module instance `scope`.
    pub fn in_scope(scope: &Scope<'_>, name: &str) -> Owner {
        Owner {
            module: scope.module,
            instance: Some(scope.id()),
            name: name.to_string(),
        }
    }

    /// The resource `target` leads to, as seen from the module instance
    /// `scope`: that instance's own when it is in the same module.
    pub fn of_target(scope: &Scope<'_>, target: &Target) -> Option<Owner> {
        match target {
            Target::Resource { module, name, .. } => Some(Owner {
                module: *module,
                instance: (*module == scope.module).then(|| scope.id()),
                name: name.clone(),
            }),
            _ => None,
        }
    }

    /// Whether the two can be one resource: an instance not known matches
    /// any.
    pub fn may_be(&self, other: &Owner) -> bool {
        self.module == other.module
            && self.name == other.name
            && (self.instance == other.instance
                || self.instance.is_none()
                || other.instance.is_none())
    }
}

/// What a reference resolves to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// An attribute of a declared resource of the wanted type.
    Resource {
        module: usize,
        name: String,
        attribute: String,
    },
    /// Something else, described.
    Other(String),
    /// A place coderform cannot see into, described.
    Unseen(String),
}

pub struct References<'t> {
    template: &'t Template,
    /// For each called module: the module that calls it, and the call's index.
    parents: HashMap<usize, (usize, usize)>,
}

fn attribute_name(operator: Option<&hcl_edit::Decorated<TraversalOperator>>) -> Option<&str> {
    match operator.map(|o| o.value()) {
        Some(TraversalOperator::GetAttr(name)) => Some(name.as_str()),
        _ => None,
    }
}

impl<'t> References<'t> {
    pub fn new(template: &'t Template) -> Self {
        let mut parents = HashMap::new();
        for (index, module) in template.modules.iter().enumerate() {
            for (call_index, call) in module.calls.iter().enumerate() {
                if let Some(child) = call.child {
                    parents.insert(child, (index, call_index));
                }
            }
        }
        References { template, parents }
    }

    /// The resource of type `ty` that `block`'s `attribute` refers to
    /// (an app's agent through `agent_id`): its module and name.
    pub fn owner(
        &self,
        module: usize,
        block: &Resource,
        attribute: &str,
        ty: &str,
    ) -> Option<(usize, String)> {
        let expr = block.attribute(attribute)?;
        match self.resolve(module, expr.expr, ty) {
            Target::Resource { module, name, .. } => Some((module, name)),
            _ => None,
        }
    }

    /// [`Self::owner`] of `block` in the module instance `scope`.
    pub fn owner_in(
        &self,
        scope: &Scope<'_>,
        block: &Resource,
        attribute: &str,
        ty: &str,
    ) -> Option<Owner> {
        self.owner_of(scope, block.attribute(attribute)?.expr, ty)
    }

    /// The resource of type `ty` that `expr`, written in the module
    /// instance `scope`, refers to.
    pub fn owner_of(&self, scope: &Scope<'_>, expr: &Expression, ty: &str) -> Option<Owner> {
        Owner::of_target(scope, &self.resolve(scope.module, expr, ty))
    }

    /// Follows `expr`, written in `module`, to a resource of type `ty`.
    pub fn resolve(&self, module: usize, expr: &Expression, ty: &str) -> Target {
        self.follow(module, expr, ty, 0)
    }

    fn follow(&self, module: usize, expr: &Expression, ty: &str, hops: usize) -> Target {
        if hops > MAX_HOPS {
            return Target::Unseen("the reference goes around in circles".into());
        }
        let here = &self.template.modules[module];
        match expr {
            Expression::Parenthesis(inner) => self.follow(module, inner.inner(), ty, hops + 1),
            Expression::Conditional(conditional) => {
                let a = self.follow(module, &conditional.true_expr, ty, hops + 1);
                let b = self.follow(module, &conditional.false_expr, ty, hops + 1);
                match (a, b) {
                    (Target::Other(what), _) | (_, Target::Other(what)) => Target::Other(what),
                    (Target::Unseen(why), _) | (_, Target::Unseen(why)) => Target::Unseen(why),
                    (resource, _) => resource,
                }
            }
            Expression::FuncCall(call)
                if matches!(
                    call.name.name.as_str(),
                    "try" | "one" | "coalesce" | "tostring"
                ) =>
            {
                match call.args.iter().next() {
                    Some(first) => self.follow(module, first, ty, hops + 1),
                    None => {
                        Target::Other(format!("{}() with no arguments", call.name.name.as_str()))
                    }
                }
            }
            Expression::Traversal(traversal) => {
                let ops = &traversal.operators;
                let Expression::Variable(root) = &traversal.expr else {
                    return Target::Other("a computed value".into());
                };
                let root = root.as_str();
                if root == ty {
                    let Some(name) = attribute_name(ops.first()) else {
                        return Target::Other(format!("{ty} without a name"));
                    };
                    if here.resource(false, ty, name).is_none() {
                        return Target::Other(format!(
                            "{ty}.{name} is not declared in this module"
                        ));
                    }
                    let attribute = ops[1..]
                        .iter()
                        .find_map(|o| attribute_name(Some(o)))
                        .unwrap_or_default();
                    return Target::Resource {
                        module,
                        name: name.to_string(),
                        attribute: attribute.to_string(),
                    };
                }
                match root {
                    "local" => match attribute_name(ops.first()).and_then(|l| here.local(l)) {
                        Some(local) => self.follow(module, &local.value, ty, hops + 1),
                        None => Target::Other("an undeclared local value".into()),
                    },
                    "var" => {
                        let Some(name) = attribute_name(ops.first()) else {
                            return Target::Other("a variable reference without a name".into());
                        };
                        match self.parents.get(&module) {
                            Some((parent, call_index)) => {
                                let call = &self.template.modules[*parent].calls[*call_index];
                                match call.body.get_attribute(name) {
                                    Some(input) => self.follow(*parent, &input.value, ty, hops + 1),
                                    None => Target::Other(format!(
                                        "module \"{}\" does not set var.{name}",
                                        call.name
                                    )),
                                }
                            }
                            None => Target::Unseen(format!(
                                "var.{name} is set from outside the template"
                            )),
                        }
                    }
                    "module" => {
                        let Some(call) = attribute_name(ops.first()).and_then(|m| here.call(m))
                        else {
                            return Target::Other("an undeclared module".into());
                        };
                        let Some(output) = ops[1..].iter().find_map(|o| attribute_name(Some(o)))
                        else {
                            return Target::Other(format!(
                                "module.{} without an output",
                                call.name
                            ));
                        };
                        let Some(child) = call.child else {
                            return Target::Unseen(format!(
                                "module \"{}\" could not be loaded",
                                call.name
                            ));
                        };
                        match self.template.modules[child]
                            .output(output)
                            .and_then(|o| o.value.as_ref())
                        {
                            Some(value) => self.follow(child, value, ty, hops + 1),
                            None => Target::Other(format!(
                                "module \"{}\" has no output \"{output}\"",
                                call.name
                            )),
                        }
                    }
                    "data" => Target::Other("a data source".into()),
                    other => Target::Other(format!("an attribute of {other}")),
                }
            }
            Expression::StringTemplate(template) => match sole_interpolation(template) {
                Some(inner) => self.follow(module, inner, ty, hops + 1),
                None => Target::Other("a computed value".into()),
            },
            Expression::String(s) => Target::Other(format!("the literal {:?}", s.as_str())),
            _ => Target::Other("a computed value".into()),
        }
    }
}
