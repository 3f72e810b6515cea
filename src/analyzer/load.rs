//! Loading a template: every `*.tf` file of the root module, parsed with
//! positions, and the modules it calls, recursively: local sources directly,
//! others from `.terraform/modules/modules.json` when `terraform init` fetched them.

use std::collections::HashMap;
use std::ffi::OsString;
use std::ops::Range;
use std::path::{Path, PathBuf};

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Body};
use hcl_edit::Span as _;

use super::directory::Directory;
use super::json;
use super::source::{floor_char_boundary, FileId, SourceFile, Sources, Span};
use crate::schema::Severity;

/// Deeper module nesting than this is taken for a cycle.
const MAX_MODULE_DEPTH: usize = 16;

/// Why a template could not be read at all (exit code 2, not a diagnostic).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{0}: no such directory")]
    Missing(PathBuf),
    #[error("{0}: not a directory")]
    NotADirectory(PathBuf),
    #[error("{path}: {source}")]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Something wrong found while loading, reported like a rule's finding.
#[derive(Clone, Debug)]
pub struct Problem {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub span: Option<Span>,
}

/// An expression and the file it was written in.
#[derive(Clone, Copy)]
pub struct Expr<'a> {
    pub expr: &'a Expression,
    pub file: FileId,
}

impl Expr<'_> {
    pub fn span(&self) -> Option<Span> {
        self.expr.span().map(|range| Span {
            file: self.file,
            range,
        })
    }
}

/// A `resource` or `data` block.
pub struct Resource {
    pub data: bool,
    pub ty: String,
    pub name: String,
    pub file: FileId,
    /// The block's header (`resource "type" "name"`), where findings point.
    pub header: Range<usize>,
    pub body: Body,
}

impl Resource {
    pub fn header_span(&self) -> Span {
        Span {
            file: self.file,
            range: self.header.clone(),
        }
    }

    pub fn attribute(&self, name: &str) -> Option<Expr<'_>> {
        attribute(&self.body, name, self.file)
    }

    /// `resource.type.name`-style address within its module.
    pub fn address(&self) -> String {
        if self.data {
            format!("data.{}.{}", self.ty, self.name)
        } else {
            format!("{}.{}", self.ty, self.name)
        }
    }
}

pub struct Variable {
    pub name: String,
    pub default: Option<Expression>,
    /// The `type` constraint as written.
    pub ty: Option<String>,
    pub description: Option<String>,
    pub sensitive: bool,
    pub file: FileId,
}

pub struct Local {
    pub name: String,
    pub value: Expression,
    pub file: FileId,
}

pub struct Output {
    pub name: String,
    pub value: Option<Expression>,
    pub file: FileId,
}

/// A `provider` block.
pub struct ProviderBlock {
    pub name: String,
    pub file: FileId,
    pub header: Range<usize>,
    pub body: Body,
}

/// A `module` block and, once found, the module it calls.
pub struct ModuleCall {
    pub name: String,
    pub source: String,
    pub file: FileId,
    pub header: Range<usize>,
    pub body: Body,
    /// Index into [`Template::modules`]; `None` when the source could not be found.
    pub child: Option<usize>,
}

impl ModuleCall {
    pub fn attribute(&self, name: &str) -> Option<Expr<'_>> {
        attribute(&self.body, name, self.file)
    }

    pub fn header_span(&self) -> Span {
        Span {
            file: self.file,
            range: self.header.clone(),
        }
    }
}

/// One module: the root or a called one.
#[derive(Default)]
pub struct Module {
    /// `""` for the root, else the module keys joined by dots (`agent.tools`).
    pub key: String,
    pub resources: Vec<Resource>,
    pub variables: Vec<Variable>,
    pub locals: Vec<Local>,
    pub outputs: Vec<Output>,
    pub calls: Vec<ModuleCall>,
    pub providers: Vec<ProviderBlock>,
}

impl Module {
    pub fn variable(&self, name: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.name == name)
    }

    pub fn local(&self, name: &str) -> Option<&Local> {
        self.locals.iter().find(|l| l.name == name)
    }

    pub fn output(&self, name: &str) -> Option<&Output> {
        self.outputs.iter().find(|o| o.name == name)
    }

    pub fn call(&self, name: &str) -> Option<&ModuleCall> {
        self.calls.iter().find(|c| c.name == name)
    }

    pub fn resource(&self, data: bool, ty: &str, name: &str) -> Option<&Resource> {
        self.resources
            .iter()
            .find(|r| r.data == data && r.ty == ty && r.name == name)
    }
}

/// A loaded template: its files and modules (index 0 is the root).
pub struct Template {
    pub root: PathBuf,
    /// The directory holds a `.coderform.hcl`.
    pub has_config: bool,
    pub sources: Sources,
    pub modules: Vec<Module>,
    pub problems: Vec<Problem>,
}

fn attribute<'a>(body: &'a Body, name: &str, file: FileId) -> Option<Expr<'a>> {
    body.get_attribute(name).map(|a| Expr {
        expr: &a.value,
        file,
    })
}

/// Loads the template in `root`.
pub fn load(root: &Path) -> Result<Template, LoadError> {
    let listing = Directory::open(root)
        .and_then(list)
        .map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => LoadError::Missing(root.to_path_buf()),
            std::io::ErrorKind::NotADirectory => LoadError::NotADirectory(root.to_path_buf()),
            _ => LoadError::Unreadable {
                path: root.to_path_buf(),
                source,
            },
        })?;
    let mut loader = Loader {
        root: root.to_path_buf(),
        normalized_root: normalize(root),
        fetched: None,
        template: Template {
            root: root.to_path_buf(),
            has_config: listing.has_config,
            sources: Sources::default(),
            modules: Vec::new(),
            problems: Vec::new(),
        },
        stack: Vec::new(),
    };
    loader.module(root, String::new(), listing)?;
    Ok(loader.template)
}

/// Parses one file's text on its own, as the fuzz tests and benchmarks do.
pub fn parse(text: &str) -> Result<Body, hcl_edit::parser::Error> {
    hcl_edit::parser::parse_body(text)
}

/// The nested blocks of `body` named `name`. Unlike `Body::get_blocks`, it
/// allocates no boxed iterator: the analysis asks this for every block
/// type of every configuration it checks.
pub fn blocks_named<'b>(
    body: &'b Body,
    name: &'b str,
) -> impl Iterator<Item = &'b hcl_edit::structure::Block> + 'b {
    body.blocks()
        .filter(move |block| block.ident.as_str() == name)
}

/// `.terraform/modules/modules.json`: module keys to directories.
fn fetched_modules(root: &Path) -> HashMap<String, PathBuf> {
    #[derive(serde::Deserialize)]
    struct Manifest {
        #[serde(rename = "Modules", default)]
        modules: Vec<Entry>,
    }
    #[derive(serde::Deserialize)]
    struct Entry {
        #[serde(rename = "Key")]
        key: String,
        #[serde(rename = "Dir")]
        dir: String,
    }
    let path = root.join(".terraform").join("modules").join("modules.json");
    let Ok(text) = std::fs::read_to_string(path) else {
        return HashMap::new();
    };
    serde_json::from_str::<Manifest>(&text)
        .map(|m| {
            m.modules
                .into_iter()
                .map(|e| (e.key, root.join(e.dir)))
                .collect()
        })
        .unwrap_or_default()
}

struct Loader {
    root: PathBuf,
    normalized_root: PathBuf,
    /// `.terraform/modules/modules.json`, read when a remote source needs it.
    fetched: Option<HashMap<String, PathBuf>>,
    template: Template,
    /// Directories being loaded, to stop module cycles.
    stack: Vec<PathBuf>,
}

impl Loader {
    fn module(&mut self, dir: &Path, key: String, listing: Listing) -> Result<usize, LoadError> {
        let index = self.template.modules.len();
        self.template.modules.push(Module {
            key: key.clone(),
            ..Module::default()
        });
        // Files are shown relative to the template, however the paths were
        // spelled: worked out once for the directory.
        let normalized = normalize(dir);
        let shown_dir = normalized
            .strip_prefix(&self.normalized_root)
            .map_or_else(|_| normalized.clone(), Path::to_path_buf);
        self.stack.push(normalized);
        let mut module = Module {
            key,
            ..Module::default()
        };
        for name in &listing.files {
            let text =
                listing
                    .directory
                    .read_to_string(name)
                    .map_err(|source| LoadError::Unreadable {
                        path: dir.join(name),
                        source,
                    })?;
            let path = shown_dir.join(name);
            let in_json = is_json_file(name);
            let source = if in_json {
                match json::translate(&text) {
                    Ok(translation) => SourceFile::translated(path, text, translation),
                    Err(error) => {
                        let file = self.template.sources.add(SourceFile::new(path, text));
                        self.syntax_error(file, error.offset, error.message);
                        continue;
                    }
                }
            } else {
                SourceFile::new(path, text)
            };
            let file = self.template.sources.add(source);
            match parse(self.template.sources.get(file).parsed_text()) {
                Ok(body) => collect(&mut module, body, file),
                Err(error) => {
                    let text = self.template.sources.get(file).parsed_text();
                    let offset = floor_char_boundary(text, error.location().offset());
                    let syntax = if in_json { "Terraform JSON" } else { "HCL" };
                    self.syntax_error(
                        file,
                        offset,
                        format!("invalid {syntax}: {}", error.message()),
                    );
                }
            }
        }
        for call in &mut module.calls {
            call.child = self.child(dir, &listing.directory, &module.key, call)?;
        }
        self.stack.pop();
        self.template.modules[index] = module;
        Ok(index)
    }

    /// Finds and loads the module a call refers to; a problem when it cannot.
    fn child(
        &mut self,
        dir: &Path,
        directory: &Directory,
        parent_key: &str,
        call: &ModuleCall,
    ) -> Result<Option<usize>, LoadError> {
        let key = if parent_key.is_empty() {
            call.name.clone()
        } else {
            format!("{parent_key}.{}", call.name)
        };
        let local = call.source.starts_with("./") || call.source.starts_with("../");
        let found = if local {
            let opened = directory.open_relative(Path::new(&call.source));
            Some((normalize(&dir.join(&call.source)), opened))
        } else {
            let root = &self.root;
            self.fetched
                .get_or_insert_with(|| fetched_modules(root))
                .get(&key)
                .map(|path| (path.clone(), Directory::open(path)))
        };
        let span = Some(call.header_span());
        let found = match found {
            Some((path, opened)) => match opened.and_then(list) {
                Ok(listing) => Some((path, listing)),
                Err(e)
                    if !matches!(
                        e.kind(),
                        std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                    ) =>
                {
                    return Err(LoadError::Unreadable { path, source: e })
                }
                Err(_) => None,
            },
            None => None,
        };
        let Some((child_dir, listing)) = found else {
            let message = if local {
                format!(
                    "module \"{}\": source \"{}\" is not a directory; its resources are not analysed",
                    call.name, call.source
                )
            } else {
                format!(
                    "module \"{}\": source \"{}\" has not been fetched (run `terraform init`); its resources are not analysed",
                    call.name, call.source
                )
            };
            self.problem("module-not-found", message, span);
            return Ok(None);
        };
        let canonical = normalize(&child_dir);
        if self.stack.contains(&canonical) || self.stack.len() >= MAX_MODULE_DEPTH {
            self.problem(
                "module-not-found",
                format!("module \"{}\" calls itself (directly or through other modules); not analysed again", call.name),
                span,
            );
            return Ok(None);
        }
        self.module(&child_dir, key, listing).map(Some)
    }

    /// An `hcl-syntax` error at `offset` (into the text the parser read).
    fn syntax_error(&mut self, file: FileId, offset: usize, message: String) {
        self.template.problems.push(Problem {
            rule: "hcl-syntax",
            severity: Severity::Error,
            message,
            span: Some(Span {
                file,
                range: offset..offset,
            }),
        });
    }

    fn problem(&mut self, rule: &'static str, message: String, span: Option<Span>) {
        self.template.problems.push(Problem {
            rule,
            severity: Severity::Warning,
            message,
            span,
        });
    }
}

/// A path with `.` and `..` resolved textually: enough to spot a module
/// calling itself without a syscall per path component (symbolic-link
/// loops end at [`MAX_MODULE_DEPTH`]).
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// What a module directory holds: its `*.tf` files, sorted as Terraform
/// reads them, and whether a `.coderform.hcl` is there.
struct Listing {
    directory: Directory,
    files: Vec<OsString>,
    has_config: bool,
}

/// Whether a file of a module directory is one Terraform reads.
pub(super) fn is_terraform_file(name: &std::ffi::OsStr) -> bool {
    Path::new(name).extension().is_some_and(|e| e == "tf") || is_json_file(name)
}

/// Whether a Terraform file is in the JSON syntax.
fn is_json_file(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().ends_with(b".tf.json")
}

fn list(mut directory: Directory) -> std::io::Result<Listing> {
    let (mut files, mut has_config) = (Vec::new(), false);
    directory.for_each_entry(&mut |name, is_dir| {
        if is_dir {
            return;
        }
        if is_terraform_file(name) {
            files.push(name.to_owned());
        } else if name == super::config::CONFIG_FILE {
            has_config = true;
        }
    })?;
    files.sort();
    Ok(Listing {
        directory,
        files,
        has_config,
    })
}

fn label(block: &Block, index: usize) -> Option<String> {
    block.labels.get(index).map(|l| l.as_str().to_string())
}

/// The span of a block's header: from its identifier to its last label.
fn header(block: &Block) -> Range<usize> {
    let start = block.ident.span().map_or(0, |s| s.start);
    let end = block
        .labels
        .last()
        .and_then(|l| l.span())
        .or_else(|| block.ident.span())
        .map_or(start, |s| s.end);
    start..end
}

fn collect(module: &mut Module, body: Body, file: FileId) {
    for block in body.into_blocks() {
        let ident = block.ident.as_str().to_string();
        let header = header(&block);
        match ident.as_str() {
            "resource" | "data" => {
                if let (Some(ty), Some(name)) = (label(&block, 0), label(&block, 1)) {
                    module.resources.push(Resource {
                        data: ident == "data",
                        ty,
                        name,
                        file,
                        header,
                        body: block.body,
                    });
                }
            }
            "variable" => {
                if let Some(name) = label(&block, 0) {
                    // Taken apart rather than looked up, so that the
                    // default is moved, not cloned. A repeated argument
                    // (which Terraform refuses) keeps its first value.
                    let (mut default, mut ty, mut description, mut sensitive) =
                        (None, None, None, None);
                    for attribute in block.body.into_attributes() {
                        let value = attribute.value;
                        match attribute.key.as_str() {
                            "default" => {
                                default.get_or_insert(value);
                            }
                            "type" => {
                                ty.get_or_insert_with(|| value.to_string().trim().to_string());
                            }
                            "description" => {
                                description
                                    .get_or_insert_with(|| value.as_str().map(str::to_string));
                            }
                            "sensitive" => {
                                sensitive.get_or_insert_with(|| value.as_bool().unwrap_or(false));
                            }
                            _ => {}
                        }
                    }
                    module.variables.push(Variable {
                        name,
                        default,
                        ty,
                        description: description.flatten(),
                        sensitive: sensitive.unwrap_or(false),
                        file,
                    });
                }
            }
            "locals" => {
                for attribute in block.body.into_attributes() {
                    module.locals.push(Local {
                        name: attribute.key.as_str().to_string(),
                        value: attribute.value,
                        file,
                    });
                }
            }
            "output" => {
                if let Some(name) = label(&block, 0) {
                    let value = block
                        .body
                        .into_attributes()
                        .find(|a| a.key.as_str() == "value")
                        .map(|a| a.value);
                    module.outputs.push(Output { name, value, file });
                }
            }
            "provider" => {
                if let Some(name) = label(&block, 0) {
                    module.providers.push(ProviderBlock {
                        name,
                        file,
                        header,
                        body: block.body,
                    });
                }
            }
            "module" => {
                if let Some(name) = label(&block, 0) {
                    let source = block
                        .body
                        .get_attribute("source")
                        .and_then(|a| a.value.as_str().map(str::to_string))
                        .unwrap_or_default();
                    module.calls.push(ModuleCall {
                        name,
                        source,
                        file,
                        header,
                        body: block.body,
                        child: None,
                    });
                }
            }
            _ => {}
        }
    }
}
