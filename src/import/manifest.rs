//! What a template version offers, as the control plane needs it at import:
//! parameters, agents with their apps and scripts, tasks with their apps,
//! presets, workspace tags and template variables. Values are evaluated at
//! the import defaults (start, every parameter at its default, no task).

use std::collections::BTreeMap;

use serde_json::{json, Map, Value as Json};

use crate::analyzer::eval::scenarios::{
    defaults_scenario, for_each_module, parameters, plan_tasks,
};
use crate::analyzer::eval::{block_type, BlockBody, Evaluator, Scenario, Scope};
use crate::analyzer::load::{blocks_named, Module, Resource, Template};
use crate::analyzer::references::{References, Target};
use crate::schema::validate::parameter::allowed_form_types;
use crate::value::{format_number, Value};

/// The scenario of Coder's import plan: START, defaults, no task ID.
pub fn import_scenario(template: &Template) -> Scenario {
    defaults_scenario(&parameters(template))
}

/// How many `coder_ai_task` instances the import plan has; `None` when undecided.
pub fn tasks_at_defaults(template: &Template) -> Option<u64> {
    let scenario = import_scenario(template);
    let fallback = BTreeMap::new();
    let evaluator = Evaluator::new(template, &scenario, &fallback);
    let planned = plan_tasks(&evaluator);
    planned.undecided.is_none().then_some(planned.total)
}

pub fn to_json(value: &Value) -> Json {
    match value {
        Value::Null | Value::Unknown => Json::Null,
        Value::Bool(b) => json!(b),
        Value::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => json!(*n as i64),
        Value::Number(n) => json!(n),
        Value::String(s) => json!(s),
        Value::List(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| (k.to_string(), to_json(v)))
                .collect(),
        ),
    }
}

struct Reader<'e, 't> {
    evaluator: &'e Evaluator<'t>,
    scope: Scope<'t>,
}

impl<'t> Reader<'_, 't> {
    fn value(&self, resource: &Resource, name: &str) -> Value {
        match resource.attribute(name) {
            Some(expr) => self.evaluator.eval(&self.scope, expr.expr),
            None => Value::Null,
        }
    }

    fn json(&self, resource: &Resource, name: &str) -> Json {
        to_json(&self.value(resource, name))
    }

    fn text(&self, resource: &Resource, name: &str) -> Option<String> {
        match self.value(resource, name) {
            Value::String(s) => Some(s),
            Value::Number(n) => Some(format_number(n)),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// A block's arguments and nested blocks (`dynamic` ones expanded) as JSON.
    fn block_json(&self, block: &BlockBody<'_>) -> Json {
        let mut out = Map::new();
        for attribute in block.body.attributes() {
            out.insert(
                attribute.key.as_str().to_string(),
                to_json(
                    &self
                        .evaluator
                        .eval_in_block(&self.scope, block, &attribute.value),
                ),
            );
        }
        let mut types: Vec<&str> = Vec::new();
        for nested in block.body.blocks() {
            let ty = block_type(nested);
            if !types.contains(&ty) {
                types.push(ty);
            }
        }
        for ty in types {
            out.insert(ty.to_string(), Json::Array(self.blocks_json(block, ty)));
        }
        Json::Object(out)
    }

    /// The nested blocks `name` of `block`, each as JSON.
    fn blocks_json(&self, block: &BlockBody<'_>, name: &str) -> Vec<Json> {
        let nested = self
            .evaluator
            .nested_blocks(&self.scope, block, name)
            .unwrap_or_default();
        nested.iter().map(|b| self.block_json(b)).collect()
    }
}

/// The manifest's description of the template.
pub fn describe(template: &Template) -> Json {
    let scenario = import_scenario(template);
    let fallback = BTreeMap::new();
    let evaluator = Evaluator::new(template, &scenario, &fallback);
    let references = References::new(template);
    let mut found = Found::default();
    for_each_module(&evaluator, &evaluator.root_scope(), &mut |scope| {
        let reader = Reader {
            evaluator: &evaluator,
            scope: scope.clone(),
        };
        let module = evaluator.module(scope);
        for resource in &module.resources {
            collect(
                &reader,
                &references,
                scope.module,
                module,
                resource,
                &mut found,
            );
        }
    });
    let agents: Vec<Json> = found
        .agents
        .into_iter()
        .map(|(key, mut agent)| {
            let apps: Vec<Json> = found
                .apps
                .iter()
                .filter(|(owner, _)| owner.as_ref() == Some(&key))
                .map(|(_, app)| app.clone())
                .collect();
            let scripts: Vec<Json> = found
                .scripts
                .iter()
                .filter(|(owner, _)| owner.as_ref() == Some(&key))
                .map(|(_, s)| s.clone())
                .collect();
            agent["apps"] = json!(apps);
            agent["scripts"] = json!(scripts);
            agent
        })
        .collect();
    let root = &template.modules[0];
    let empty = evaluator.root_scope();
    let variables: Vec<Json> = root
        .variables
        .iter()
        .map(|v| {
            json!({
                "name": v.name,
                "type": v.ty,
                "description": v.description,
                "default": v.default.as_ref().map(|d| to_json(&evaluator.eval(&empty, d))),
                "required": v.default.is_none(),
                "sensitive": v.sensitive.unwrap_or(false),
            })
        })
        .collect();
    json!({
        "parameters": found.parameters,
        "agents": agents,
        "ai_tasks": found.tasks,
        "presets": found.presets,
        "workspace_tags": found.tags,
        "variables": variables,
    })
}

#[derive(Default)]
struct Found {
    parameters: Vec<Json>,
    /// Agents by (module, name).
    agents: Vec<((usize, String), Json)>,
    /// Apps and scripts, with the agent they belong to when it resolves.
    apps: Vec<(Option<(usize, String)>, Json)>,
    scripts: Vec<(Option<(usize, String)>, Json)>,
    tasks: Vec<Json>,
    presets: Vec<Json>,
    tags: Vec<Json>,
}

fn collect(
    reader: &Reader<'_, '_>,
    references: &References<'_>,
    index: usize,
    module: &Module,
    resource: &Resource,
    found: &mut Found,
) {
    let address = format!("{}{}", module.address_prefix(), resource.address());
    match (resource.data, resource.ty.as_str()) {
        (true, "coder_parameter") => {
            let ty = reader
                .text(resource, "type")
                .unwrap_or_else(|| "string".into());
            let options = reader.blocks_json(&BlockBody::written(&resource.body), "option");
            let form_type = reader
                .text(resource, "form_type")
                .filter(|f| !f.is_empty())
                .or_else(|| {
                    allowed_form_types(&ty, !options.is_empty())
                        .first()
                        .map(|f| f.to_string())
                });
            let validation = blocks_named(&resource.body, "validation")
                .next()
                .map(|b| reader.block_json(&BlockBody::written(&b.body)));
            found.parameters.push(json!({
                "address": address,
                "name": reader.json(resource, "name"),
                "display_name": reader.json(resource, "display_name"),
                "description": reader.json(resource, "description"),
                "type": ty,
                "form_type": form_type,
                "default": reader.json(resource, "default"),
                "options": options,
                "validation": validation,
                "mutable": reader.value(resource, "mutable").as_bool().unwrap_or(false),
                "ephemeral": reader.value(resource, "ephemeral").as_bool().unwrap_or(false),
                "order": reader.json(resource, "order"),
                "icon": reader.json(resource, "icon"),
            }));
        }
        (false, "coder_agent") => found.agents.push((
            (index, resource.name.clone()),
            json!({
                "address": address,
                "os": reader.json(resource, "os"),
                "arch": reader.json(resource, "arch"),
                "auth": reader.text(resource, "auth").unwrap_or_else(|| "token".into()),
            }),
        )),
        (false, "coder_app") => found.apps.push((
            references.owner(index, resource, "agent_id", "coder_agent"),
            json!({
                "address": address,
                "slug": reader.json(resource, "slug"),
                "display_name": reader.json(resource, "display_name"),
                "url": reader.json(resource, "url"),
                "command": reader.json(resource, "command"),
                "external": reader.value(resource, "external").as_bool().unwrap_or(false),
                "hidden": reader.value(resource, "hidden").as_bool().unwrap_or(false),
                "share": reader.text(resource, "share").unwrap_or_else(|| "owner".into()),
            }),
        )),
        (false, "coder_script") => found.scripts.push((
            references.owner(index, resource, "agent_id", "coder_agent"),
            json!({
                "address": address,
                "display_name": reader.json(resource, "display_name"),
                "run_on_start": reader.value(resource, "run_on_start").as_bool().unwrap_or(false),
                "run_on_stop": reader.value(resource, "run_on_stop").as_bool().unwrap_or(false),
                "cron": reader.json(resource, "cron"),
            }),
        )),
        (false, "coder_ai_task") => {
            let app = resource
                .attribute("app_id")
                .or_else(|| resource.block_attribute("sidebar_app", "id"))
                .and_then(
                    |expr| match references.resolve(index, expr.expr, "coder_app") {
                        Target::Resource { module, name, .. } => Some(format!(
                            "{}coder_app.{name}",
                            reader.evaluator.template.modules[module].address_prefix()
                        )),
                        _ => None,
                    },
                );
            found.tasks.push(json!({
                "address": address,
                "app": app,
                "count": resource.attribute("count").map(|c| c.expr.to_string().trim().to_string()),
            }));
        }
        (true, "coder_workspace_preset") => {
            let prebuilds = blocks_named(&resource.body, "prebuilds")
                .next()
                .map(|b| reader.block_json(&BlockBody::written(&b.body)));
            found.presets.push(json!({
                "address": address,
                "name": reader.json(resource, "name"),
                "description": reader.json(resource, "description"),
                "default": reader.value(resource, "default").as_bool().unwrap_or(false),
                "parameters": reader.json(resource, "parameters"),
                "prebuilds": prebuilds,
            }));
        }
        (true, "coder_workspace_tags") => found.tags.push(json!({
            "address": address,
            "tags": reader.json(resource, "tags"),
        })),
        _ => {}
    }
}
