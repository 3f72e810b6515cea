//! Override files (`override.tf`, `*_override.tf` and their `.tf.json`
//! forms). Terraform reads them after the other files of a module, in name
//! order, and merges each of their blocks into the block of the same header
//! instead of adding a new one. The analysis sees the merged blocks, as
//! `terraform plan` does; spans of what an override wrote point into it.

use std::ffi::OsStr;
use std::ops::Range;

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Body, Structure};
use hcl_edit::Span as _;

use super::load::{
    header, label, source_of, EntryFiles, Module, Output, Problem, ProviderBlock, Variable,
};
use super::source::{FileId, Span};
use crate::schema::Severity;

/// The rule of the blocks Terraform refuses to merge.
const RULE: &str = "invalid-override";

/// Whether Terraform reads the file `name` as an override file.
pub fn is_override_file(name: &OsStr) -> bool {
    let name = name.as_encoded_bytes();
    name.strip_suffix(b".tf.json")
        .or_else(|| name.strip_suffix(b".tf"))
        .is_some_and(|stem| stem == b"override" || stem.ends_with(b"_override"))
}

/// Merges the blocks of one override file (`body`, read from `file`) into
/// `module`. A block with nothing to merge into is an `invalid-override`
/// error, and is not analysed, as Terraform stops there.
pub(super) fn merge(module: &mut Module, body: Body, file: FileId, problems: &mut Vec<Problem>) {
    let mut refuse = |message: String, range: Option<Range<usize>>| {
        problems.push(Problem {
            rule: RULE,
            severity: Severity::Error,
            message,
            span: range.map(|range| Span { file, range }),
        });
    };
    for block in body.into_blocks() {
        let at = Some(header(&block));
        let depends_on = overriding_dependencies(&block.body);
        // Resources, data sources, outputs and module calls merged into
        // their primary block may not change its dependencies.
        let mut dependencies_merged = false;
        match block.ident.as_str() {
            kind @ ("resource" | "data") => {
                let data = kind == "data";
                let (Some(ty), Some(name)) = (label(&block, 0), label(&block, 1)) else {
                    continue;
                };
                let base = module
                    .resources
                    .iter_mut()
                    .find(|r| r.data == data && r.ty == ty && r.name == name);
                match base {
                    Some(base) => {
                        dependencies_merged = true;
                        merge_body(&mut base.body, &mut base.files, block.body, file);
                    }
                    None => refuse(
                        format!("There is no {ty} {} named {name:?}. An override file can only override a {kind} block defined in a primary configuration file.",
                            if data { "data resource" } else { "resource" }),
                        at,
                    ),
                }
            }
            "variable" => {
                let Some(layer) = Variable::from_block(block) else {
                    continue;
                };
                match module.variables.iter_mut().find(|v| v.name == layer.name) {
                    Some(base) => {
                        base.default = layer.default.or(base.default.take());
                        base.ty = layer.ty.or(base.ty.take());
                        base.description = layer.description.or(base.description.take());
                        base.sensitive = layer.sensitive.or(base.sensitive);
                    }
                    None => refuse(
                        format!("There is no variable named {:?}. An override file can only override a variable that was already declared in a primary configuration file.", layer.name),
                        at,
                    ),
                }
            }
            "locals" => {
                for attribute in block.body.into_attributes() {
                    let name = attribute.key.as_str();
                    match module.locals.iter_mut().find(|l| l.name == name) {
                        Some(base) => base.value = attribute.value,
                        None => refuse(
                            format!("There is no local value named {name:?}. An override file can only override a local value that was already defined in a primary configuration file."),
                            attribute.key.span(),
                        ),
                    }
                }
            }
            "output" => {
                let Some(layer) = Output::from_block(block) else {
                    continue;
                };
                match module.outputs.iter_mut().find(|o| o.name == layer.name) {
                    Some(base) => {
                        dependencies_merged = true;
                        base.value = layer.value.or(base.value.take());
                    }
                    None => refuse(
                        format!("There is no output named {:?}. An override file can only override an output that was already defined in a primary configuration file.", layer.name),
                        at,
                    ),
                }
            }
            "provider" => {
                let Some(layer) = ProviderBlock::from_block(block, file) else {
                    continue;
                };
                let alias = layer.alias().map(str::to_string);
                let base = module
                    .providers
                    .iter_mut()
                    .find(|p| p.name == layer.name && p.alias() == alias.as_deref());
                match (base, alias) {
                    (Some(base), _) => merge_body(&mut base.body, &mut base.files, layer.body, file),
                    // An absent default configuration is an empty one, which
                    // the override then configures.
                    (None, None) => module.providers.push(layer),
                    (None, Some(alias)) => refuse(
                        format!("There is no {} provider configuration with the alias {alias:?}. An override file can only override an aliased provider configuration that was already defined in a primary configuration file.", layer.name),
                        at,
                    ),
                }
            }
            "module" => {
                let Some(name) = label(&block, 0) else {
                    continue;
                };
                match module.calls.iter_mut().find(|c| c.name == name) {
                    Some(base) => {
                        dependencies_merged = true;
                        if let Some(source) = source_of(&block.body) {
                            base.source = source;
                        }
                        merge_body(&mut base.body, &mut base.files, block.body, file);
                    }
                    None => refuse(
                        format!("There is no module call named {name:?}. An override file can only override a module call that was defined in a primary configuration file."),
                        at,
                    ),
                }
            }
            "moved" => refuse(
                "Records of moved objects can appear only in normal files, not in override files."
                    .to_string(),
                at,
            ),
            "import" => refuse(
                "Import blocks can appear only in normal files, not in override files.".to_string(),
                at,
            ),
            _ => {}
        }
        if let Some(first) = depends_on.filter(|_| dependencies_merged) {
            refuse(
                "The depends_on argument may not be overridden.".to_string(),
                Some(first),
            );
        }
    }
}

/// Where an override block sets dependencies, which Terraform refuses to
/// merge (the primary's would be silently dropped): the first element of a
/// `depends_on` that lists any, as Terraform points at it.
fn overriding_dependencies(body: &Body) -> Option<Range<usize>> {
    match &body.get_attribute("depends_on")?.value {
        Expression::Array(elements) => elements.iter().next()?.span(),
        _ => None,
    }
}

/// Terraform's general rule: each argument of the override replaces the
/// primary's argument of that name, and the override's nested blocks of a
/// type replace all the primary's blocks of that type.
fn merge_body(base: &mut Body, files: &mut EntryFiles, layer: Body, file: FileId) {
    let mut replaced: Vec<String> = Vec::new();
    for structure in layer {
        match structure {
            Structure::Attribute(attribute) => {
                files.override_entry(attribute.key.as_str(), file);
                let existing = base.iter().position(|s| {
                    s.as_attribute()
                        .is_some_and(|a| a.key.as_str() == attribute.key.as_str())
                });
                match existing.and_then(|index| base.get_mut(index)) {
                    Some(slot) => *slot = Structure::Attribute(attribute),
                    None => base.push(attribute),
                }
            }
            Structure::Block(block) => {
                let ident = block.ident.as_str().to_string();
                if !replaced.contains(&ident) {
                    base.remove_blocks(&ident);
                    files.override_entry(&ident, file);
                    replaced.push(ident);
                }
                base.push(block);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_override_file;
    use crate::analyzer::load::{loaded, Template};

    fn file_name(template: &Template, file: crate::analyzer::source::FileId) -> String {
        template.sources.get(file).path.display().to_string()
    }

    fn refusals(template: &Template) -> Vec<(String, String)> {
        template
            .problems
            .iter()
            .filter(|p| p.rule == "invalid-override")
            .map(|p| {
                let span = p.span.as_ref().expect("placed");
                let line = template
                    .sources
                    .get(span.file)
                    .positions(&span.range)
                    .0
                    .line;
                (
                    format!("{}:{line}", file_name(template, span.file)),
                    p.message.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn override_files_are_named_as_terraform_names_them() {
        for name in [
            "override.tf",
            "override.tf.json",
            "agent_override.tf",
            "agent_override.tf.json",
            "_override.tf",
        ] {
            assert!(is_override_file(name.as_ref()), "{name}");
        }
        for name in [
            "main.tf",
            "overrides.tf",
            "agent-override.tf",
            "myoverride.tf",
            "override.tf.bak",
            "override.json",
        ] {
            assert!(!is_override_file(name.as_ref()), "{name}");
        }
    }

    #[test]
    fn arguments_replace_and_nested_block_types_replace_all_of_their_type() {
        let template = loaded(&[
            (
                "z.tf",
                "resource \"coder_app\" \"web\" {\n  slug    = \"web\"\n  command = \"serve\"\n  healthcheck {\n    url = \"a\"\n  }\n  healthcheck {\n    url = \"b\"\n  }\n}\n",
            ),
            // Sorted before z.tf, but read after it, as an override file.
            (
                "override.tf",
                "resource \"coder_app\" \"web\" {\n  slug = \"site\"\n  healthcheck {\n    url = \"c\"\n  }\n}\n",
            ),
            (
                "later_override.tf",
                "resource \"coder_app\" \"web\" {\n  display_name = \"Site\"\n}\n",
            ),
        ]);
        assert_eq!(refusals(&template), []);
        let app = &template.modules[0].resources[0];
        let literal = |name: &str| {
            app.attribute(name)
                .and_then(|e| e.expr.as_str().map(str::to_string))
        };
        assert_eq!(literal("slug").as_deref(), Some("site"));
        assert_eq!(literal("command").as_deref(), Some("serve"));
        assert_eq!(literal("display_name").as_deref(), Some("Site"));
        let urls: Vec<_> = crate::analyzer::load::blocks_named(&app.body, "healthcheck")
            .filter_map(|b| {
                b.body
                    .get_attribute("url")?
                    .value
                    .as_str()
                    .map(str::to_string)
            })
            .collect();
        assert_eq!(urls, ["c"]);
        let file_of = |entry: &str| file_name(&template, app.files.of(entry));
        assert_eq!(file_of("slug"), "override.tf");
        assert_eq!(file_of("healthcheck"), "override.tf");
        assert_eq!(file_of("display_name"), "later_override.tf");
        assert_eq!(file_of("command"), "z.tf");
        assert_eq!(file_name(&template, app.header_span().file), "z.tf");
    }

    #[test]
    fn variables_locals_outputs_and_module_sources_are_overridden() {
        let template = loaded(&[
            (
                "main.tf",
                "variable \"n\" {\n  type      = number\n  default   = 1\n  sensitive = true\n}\nlocals {\n  a = 1\n  b = 2\n}\noutput \"o\" {\n  value = 1\n}\nmodule \"m\" {\n  source = \"./one\"\n  x      = 1\n}\n",
            ),
            (
                "main_override.tf",
                "variable \"n\" {\n  default = 2\n}\nlocals {\n  b = 3\n}\noutput \"o\" {\n  value = 4\n}\nmodule \"m\" {\n  source = \"./two\"\n}\n",
            ),
            ("one/main.tf", "resource \"coder_env\" \"one\" {}\n"),
            ("two/main.tf", "resource \"coder_env\" \"two\" {}\n"),
        ]);
        assert_eq!(refusals(&template), []);
        let root = &template.modules[0];
        let number = |expr: Option<&hcl_edit::expr::Expression>| {
            expr.map(|e| e.to_string().trim().to_string())
        };
        let variable = root.variable("n").expect("variable");
        assert_eq!(number(variable.default.as_ref()).as_deref(), Some("2"));
        assert_eq!(variable.ty.as_deref(), Some("number"));
        assert_eq!(variable.sensitive, Some(true));
        assert_eq!(
            number(root.local("a").map(|l| &l.value)).as_deref(),
            Some("1")
        );
        assert_eq!(
            number(root.local("b").map(|l| &l.value)).as_deref(),
            Some("3")
        );
        let output = root.output("o").and_then(|o| o.value.as_ref());
        assert_eq!(number(output).as_deref(), Some("4"));
        let call = root.call("m").expect("module call");
        assert_eq!(call.source, "./two");
        assert!(call.attribute("x").is_some());
        let child = &template.modules[call.child.expect("found")];
        assert_eq!(child.resources[0].name, "two");
    }

    #[test]
    fn a_default_provider_may_be_added_but_an_alias_must_exist() {
        let template = loaded(&[
            ("main.tf", "provider \"coder\" {\n  alias = \"a\"\n}\n"),
            (
                "override.tf",
                "provider \"coder\" {\n  url = \"https://coder.example\"\n}\nprovider \"coder\" {\n  alias = \"a\"\n  url   = \"https://a.example\"\n}\nprovider \"coder\" {\n  alias = \"b\"\n}\n",
            ),
        ]);
        let providers = &template.modules[0].providers;
        let url = |alias: Option<&str>| {
            providers
                .iter()
                .find(|p| p.alias() == alias)
                .and_then(|p| p.attribute("url")?.expr.as_str().map(str::to_string))
        };
        assert_eq!(url(None).as_deref(), Some("https://coder.example"));
        assert_eq!(url(Some("a")).as_deref(), Some("https://a.example"));
        assert_eq!(providers.len(), 2);
        assert_eq!(
            refusals(&template),
            [(
                "override.tf:8".to_string(),
                "There is no coder provider configuration with the alias \"b\". An override file can only override an aliased provider configuration that was already defined in a primary configuration file.".to_string()
            )]
        );
    }

    #[test]
    fn merged_blocks_may_not_change_their_dependencies() {
        let primary = "resource \"coder_env\" \"a\" {}\nresource \"coder_env\" \"b\" {}\noutput \"o\" {\n  value = 1\n}\nmodule \"m\" {\n  source = \"./m\"\n}\n";
        let layer = "resource \"coder_env\" \"b\" {\n  depends_on = [coder_env.a]\n}\noutput \"o\" {\n  depends_on = [coder_env.a]\n}\nmodule \"m\" {\n  depends_on = [coder_env.a]\n}\nresource \"coder_env\" \"a\" {\n  depends_on = []\n}\n";
        let template = loaded(&[
            ("main.tf", primary),
            ("override.tf", layer),
            ("m/main.tf", ""),
        ]);
        let found: Vec<(String, String)> = refusals(&template);
        let message = "The depends_on argument may not be overridden.";
        assert_eq!(
            found,
            [
                ("override.tf:2".to_string(), message.to_string()),
                ("override.tf:5".to_string(), message.to_string()),
                ("override.tf:8".to_string(), message.to_string()),
            ]
        );
    }

    #[test]
    fn moved_and_import_blocks_are_refused_in_override_files_only() {
        let blocks = "moved {\n  from = coder_env.a\n  to   = coder_env.b\n}\nimport {\n  to = coder_env.b\n  id = \"x\"\n}\n";
        let template = loaded(&[("main.tf", blocks), ("override.tf", blocks)]);
        let found: Vec<String> = refusals(&template).into_iter().map(|(at, _)| at).collect();
        assert_eq!(found, ["override.tf:1", "override.tf:5"]);
    }
}
