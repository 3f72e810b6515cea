//! `terraform providers schema -json` of our provider, as real Terraform
//! prints it, against the Go provider's schema (../shared/reference) and
//! against our own declarations.

mod support;

use std::path::PathBuf;

use serde_json::{Map, Value as Json};
use support::{terraform, Workspace};

const ADDRESS: &str = "registry.terraform.io/coder/coder";

/// Attributes the reference file lost: it was made by dropping every key
/// named "description", which also dropped attributes of that name. The Go
/// provider has them (provider-behaviour.md, §4.1), as optional strings.
const LOST_FROM_REFERENCE: &[&str] = &[
    "data_source_schemas.coder_parameter.description",
    "data_source_schemas.coder_parameter.option.description",
    "data_source_schemas.coder_workspace_preset.description",
];

fn reference() -> Option<Json> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/provider-schema.json");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(serde_json::from_str(&text).expect("reference schema is JSON")),
        Err(e) => {
            support::missing_tool(&format!("{}: {e}", path.display()));
            None
        }
    }
}

/// What the comparison covers: names, types, modes, sensitivity, nesting
/// and item limits. Descriptions and deprecation texts are left out.
fn shape(block: &Json, path: &str, lost: &mut Vec<String>) -> Json {
    let mut out = Map::new();
    let mut attributes = Map::new();
    for (name, attribute) in block["attributes"].as_object().into_iter().flatten() {
        let key = format!("{path}.{name}");
        if LOST_FROM_REFERENCE.contains(&key.as_str()) {
            lost.push(key);
            continue;
        }
        let mut kept = Map::new();
        for field in ["type", "required", "optional", "computed", "sensitive"] {
            if let Some(v) = attribute.get(field).filter(|v| **v != Json::Bool(false)) {
                kept.insert(field.into(), v.clone());
            }
        }
        attributes.insert(name.clone(), Json::Object(kept));
    }
    out.insert("attributes".into(), Json::Object(attributes));
    let mut blocks = Map::new();
    for (name, nested) in block["block_types"].as_object().into_iter().flatten() {
        let mut kept = Map::new();
        for field in ["nesting_mode", "min_items", "max_items"] {
            if let Some(v) = nested.get(field).filter(|v| v.as_u64() != Some(0)) {
                kept.insert(field.into(), v.clone());
            }
        }
        kept.insert(
            "block".into(),
            shape(&nested["block"], &format!("{path}.{name}"), lost),
        );
        blocks.insert(name.clone(), Json::Object(kept));
    }
    out.insert("block_types".into(), Json::Object(blocks));
    Json::Object(out)
}

fn served_schema() -> Option<Json> {
    let terraform = terraform()?;
    let workspace = Workspace::new(
        &terraform,
        &[("main.tf", "terraform {\n  required_providers {\n    coder = { source = \"coder/coder\" }\n  }\n}\n")],
    );
    let run = workspace.ok(&["providers", "schema", "-json"]);
    Some(serde_json::from_str(&run.stdout).expect("schema JSON"))
}

fn type_entry<'a>(schemas: &'a Json, kind: &str, name: &str) -> &'a Json {
    &schemas["provider_schemas"][ADDRESS][kind][name]
}

#[test]
fn served_schema_matches_the_go_provider() {
    let (Some(served), Some(reference)) = (served_schema(), reference()) else {
        return;
    };
    let mut lost = Vec::new();
    let mut compare = |kind: &str, name: &str| {
        let ours = type_entry(&served, kind, name);
        let theirs = type_entry(&reference, kind, name);
        assert!(ours.is_object(), "{kind} {name} is not served");
        assert_eq!(
            ours["version"], theirs["version"],
            "{kind} {name}: schema version"
        );
        let path = format!("{kind}.{name}");
        let mut our_lost = Vec::new();
        let our_shape = shape(&ours["block"], &path, &mut our_lost);
        lost.extend(our_lost);
        let their_shape = shape(&theirs["block"], &path, &mut Vec::new());
        assert_eq!(
            our_shape,
            their_shape,
            "{kind} {name} differs from the Go provider:\nours:   {our_shape}\ntheirs: {their_shape}"
        );
    };
    // Every type of the Go provider, and no other.
    for kind in ["resource_schemas", "data_source_schemas"] {
        let names = |schemas: &Json| -> Vec<String> {
            schemas["provider_schemas"][ADDRESS][kind]
                .as_object()
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default()
        };
        let theirs = names(&reference);
        assert_eq!(names(&served), theirs, "{kind}");
        assert_eq!(theirs.len(), 9, "{kind}");
        for name in &theirs {
            compare(kind, name);
        }
    }
    let ours = &served["provider_schemas"][ADDRESS]["provider"];
    let theirs = &reference["provider_schemas"][ADDRESS]["provider"];
    assert_eq!(
        shape(&ours["block"], "provider", &mut Vec::new()),
        shape(&theirs["block"], "provider", &mut Vec::new())
    );
    // The attributes the reference lost must really be there, as optional strings.
    assert_eq!(lost, LOST_FROM_REFERENCE);
    assert_eq!(
        served["provider_schemas"][ADDRESS]["data_source_schemas"]["coder_parameter"]["block"]
            ["attributes"]["description"]["optional"],
        true
    );
}

#[test]
fn served_schema_is_what_the_declarations_say() {
    let Some(served) = served_schema() else {
        return;
    };
    let declared = coderform::schema::json::provider_schemas();
    for kind in ["resource_schemas", "data_source_schemas"] {
        let served_names: Vec<&String> = served["provider_schemas"][ADDRESS][kind]
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        let declared_names: Vec<&String> = declared["provider_schemas"][ADDRESS][kind]
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        assert_eq!(served_names, declared_names, "{kind}");
        for name in served_names {
            let ours = shape(
                &type_entry(&served, kind, name)["block"],
                name,
                &mut Vec::new(),
            );
            let expected = shape(
                &type_entry(&declared, kind, name)["block"],
                name,
                &mut Vec::new(),
            );
            assert_eq!(
                ours, expected,
                "{kind} {name}: served schema differs from the declaration"
            );
            assert_eq!(
                type_entry(&served, kind, name)["block"]["description"],
                type_entry(&declared, kind, name)["block"]["description"],
                "{kind} {name}: description"
            );
        }
    }
}
