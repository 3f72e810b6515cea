//! Loading a template: every `*.tf` and `*.tf.json` file of the root module,
//! parsed with positions (override files merged in, see `overrides.rs`), and
//! the modules it calls, recursively: local sources directly, others from
//! `.terraform/modules/modules.json` when `terraform init` fetched them.

use std::collections::HashMap;
use std::ffi::OsString;
use std::ops::Range;
use std::path::{Path, PathBuf};

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Body};
use hcl_edit::Span as _;

use super::directory::Directory;
use super::json;
use super::overrides;
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

/// Which file wrote each entry of a block's body. A block is written in one
/// file, but an override file may replace some of its arguments and nested
/// block types, whose spans then point into the override file.
#[derive(Clone, Debug)]
pub struct EntryFiles {
    /// The file of the block itself.
    pub file: FileId,
    /// Entries (argument names, nested block types) an override file wrote.
    overridden: Vec<(String, FileId)>,
}

impl EntryFiles {
    pub(super) fn new(file: FileId) -> Self {
        EntryFiles {
            file,
            overridden: Vec::new(),
        }
    }

    /// The file that wrote the argument or nested block type `entry`.
    pub fn of(&self, entry: &str) -> FileId {
        self.overridden
            .iter()
            .rev()
            .find(|(name, _)| name == entry)
            .map_or(self.file, |(_, file)| *file)
    }

    pub(super) fn override_entry(&mut self, entry: &str, file: FileId) {
        self.overridden.push((entry.to_string(), file));
    }
}

/// A `resource` or `data` block.
pub struct Resource {
    pub data: bool,
    pub ty: String,
    pub name: String,
    pub files: EntryFiles,
    /// The block's header (`resource "type" "name"`), where findings point.
    pub header: Range<usize>,
    pub body: Body,
}

impl Resource {
    fn from_block(block: Block, file: FileId) -> Option<Self> {
        Some(Resource {
            data: block.ident.as_str() == "data",
            ty: label(&block, 0)?,
            name: label(&block, 1)?,
            files: EntryFiles::new(file),
            header: header(&block),
            body: block.body,
        })
    }

    pub fn header_span(&self) -> Span {
        Span {
            file: self.files.file,
            range: self.header.clone(),
        }
    }

    pub fn attribute(&self, name: &str) -> Option<Expr<'_>> {
        attribute(&self.body, name, &self.files)
    }

    /// Argument `name` of the first nested block `block` (`sidebar_app.id`).
    pub fn block_attribute(&self, block: &str, name: &str) -> Option<Expr<'_>> {
        let nested = self.body.blocks().find(|b| b.ident.as_str() == block)?;
        nested.body.get_attribute(name).map(|a| Expr {
            expr: &a.value,
            file: self.files.of(block),
        })
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
    /// `None` when not set (not sensitive).
    pub sensitive: Option<bool>,
}

impl Variable {
    /// Taken apart rather than looked up, so that the default is moved, not
    /// cloned. A repeated argument (which Terraform refuses) keeps its first
    /// value.
    pub(super) fn from_block(block: Block) -> Option<Self> {
        let name = label(&block, 0)?;
        let (mut default, mut ty, mut description, mut sensitive) = (None, None, None, None);
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
                    description.get_or_insert_with(|| value.as_str().map(str::to_string));
                }
                "sensitive" => {
                    sensitive.get_or_insert_with(|| value.as_bool().unwrap_or(false));
                }
                _ => {}
            }
        }
        Some(Variable {
            name,
            default,
            ty,
            description: description.flatten(),
            sensitive,
        })
    }
}

pub struct Local {
    pub name: String,
    pub value: Expression,
}

impl Local {
    pub(super) fn from_block(block: Block) -> impl Iterator<Item = Local> {
        block.body.into_attributes().map(|attribute| Local {
            name: attribute.key.as_str().to_string(),
            value: attribute.value,
        })
    }
}

pub struct Output {
    pub name: String,
    pub value: Option<Expression>,
}

impl Output {
    pub(super) fn from_block(block: Block) -> Option<Self> {
        let name = label(&block, 0)?;
        let value = block
            .body
            .into_attributes()
            .find(|a| a.key.as_str() == "value")
            .map(|a| a.value);
        Some(Output { name, value })
    }
}

/// A `provider` block.
pub struct ProviderBlock {
    pub name: String,
    pub files: EntryFiles,
    pub header: Range<usize>,
    pub body: Body,
}

impl ProviderBlock {
    pub(super) fn from_block(block: Block, file: FileId) -> Option<Self> {
        Some(ProviderBlock {
            name: label(&block, 0)?,
            files: EntryFiles::new(file),
            header: header(&block),
            body: block.body,
        })
    }

    /// The `alias` argument, when it is a literal string.
    pub(super) fn alias(&self) -> Option<&str> {
        self.body.get_attribute("alias")?.value.as_str()
    }

    pub fn attribute(&self, name: &str) -> Option<Expr<'_>> {
        attribute(&self.body, name, &self.files)
    }

    pub fn header_span(&self) -> Span {
        Span {
            file: self.files.file,
            range: self.header.clone(),
        }
    }
}

/// A `module` block and, once found, the module it calls.
pub struct ModuleCall {
    pub name: String,
    pub source: String,
    pub files: EntryFiles,
    pub header: Range<usize>,
    pub body: Body,
    /// Index into [`Template::modules`]; `None` when the source could not be found.
    pub child: Option<usize>,
}

impl ModuleCall {
    fn from_block(block: Block, file: FileId) -> Option<Self> {
        Some(ModuleCall {
            name: label(&block, 0)?,
            source: source_of(&block.body).unwrap_or_default(),
            files: EntryFiles::new(file),
            header: header(&block),
            body: block.body,
            child: None,
        })
    }

    pub fn attribute(&self, name: &str) -> Option<Expr<'_>> {
        attribute(&self.body, name, &self.files)
    }

    pub fn header_span(&self) -> Span {
        Span {
            file: self.files.file,
            range: self.header.clone(),
        }
    }
}

/// A module call's `source`, when it is a literal string.
pub(super) fn source_of(body: &Body) -> Option<String> {
    Some(body.get_attribute("source")?.value.as_str()?.to_string())
}

/// One module: the root or a called one.
#[derive(Default)]
pub struct Module {
    /// `""` for the root, else the module keys joined by dots (`agent.tools`).
    pub key: String,
    /// `path.module`, as Terraform gives it: `.` for the root, the module's
    /// directory relative to the root's for the others; `None` for a
    /// directory outside the template.
    pub path: Option<String>,
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

    /// The start of the addresses of this module's blocks
    /// (`module.agent.module.tools.`, empty for the root), without
    /// instance keys: it stands for every instance of the calls.
    pub fn address_prefix(&self) -> String {
        self.key
            .split('.')
            .filter(|k| !k.is_empty())
            .map(|k| format!("module.{k}."))
            .collect()
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

impl Template {
    /// Whether module `index`, or a module it calls however deep, declares
    /// a block of type `ty`: a call whose modules declare none plans none,
    /// whatever its `count`.
    pub fn declares_within(&self, index: usize, data: bool, ty: &str) -> bool {
        // Each call loads a module of its own and the loader stops cycles:
        // the modules form a tree, so no module is visited twice.
        let module = &self.modules[index];
        module
            .resources
            .iter()
            .any(|r| r.data == data && r.ty == ty)
            || module
                .calls
                .iter()
                .filter_map(|call| call.child)
                .any(|child| self.declares_within(child, data, ty))
    }
}

fn attribute<'a>(body: &'a Body, name: &str, files: &EntryFiles) -> Option<Expr<'a>> {
    body.get_attribute(name).map(|a| Expr {
        expr: &a.value,
        file: files.of(name),
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
        let within = normalized.strip_prefix(&self.normalized_root).ok();
        let path = within.and_then(|dir| match dir.to_str()? {
            "" => Some(".".to_string()),
            dir => Some(dir.replace(std::path::MAIN_SEPARATOR, "/")),
        });
        let shown_dir = within.map_or_else(|| normalized.clone(), Path::to_path_buf);
        self.stack.push(normalized);
        let mut module = Module {
            key,
            path,
            ..Module::default()
        };
        // Terraform reads the override files after all the others.
        let (overrides, primaries): (Vec<_>, Vec<_>) = listing
            .files
            .iter()
            .partition(|name| overrides::is_override_file(name));
        for name in primaries {
            if let Some((body, file)) = self.read(dir, &listing.directory, &shown_dir, name)? {
                collect(&mut module, body, file);
            }
        }
        for name in overrides {
            if let Some((body, file)) = self.read(dir, &listing.directory, &shown_dir, name)? {
                overrides::merge(&mut module, body, file, &mut self.template.problems);
            }
        }
        for call in &mut module.calls {
            call.child = self.child(dir, &listing.directory, &module.key, call)?;
        }
        self.stack.pop();
        self.template.modules[index] = module;
        Ok(index)
    }

    /// Reads and parses one file of the module in `dir`; `None` (and an
    /// `hcl-syntax` problem) when it does not parse.
    fn read(
        &mut self,
        dir: &Path,
        directory: &Directory,
        shown_dir: &Path,
        name: &OsString,
    ) -> Result<Option<(Body, FileId)>, LoadError> {
        let text = directory
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
                    return Ok(None);
                }
            }
        } else {
            SourceFile::new(path, text)
        };
        let file = self.template.sources.add(source);
        match parse(self.template.sources.get(file).parsed_text()) {
            Ok(body) => Ok(Some((body, file))),
            Err(error) => {
                let text = self.template.sources.get(file).parsed_text();
                let offset = floor_char_boundary(text, error.location().offset());
                let syntax = if in_json { "Terraform JSON" } else { "HCL" };
                self.syntax_error(
                    file,
                    offset,
                    format!("invalid {syntax}: {}", error.message()),
                );
                Ok(None)
            }
        }
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

pub(super) fn label(block: &Block, index: usize) -> Option<String> {
    block.labels.get(index).map(|l| l.as_str().to_string())
}

/// The span of a block's header: from its identifier to its last label.
pub(super) fn header(block: &Block) -> Range<usize> {
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
        match block.ident.as_str() {
            "resource" | "data" => module.resources.extend(Resource::from_block(block, file)),
            "variable" => module.variables.extend(Variable::from_block(block)),
            "locals" => module.locals.extend(Local::from_block(block)),
            "output" => module.outputs.extend(Output::from_block(block)),
            "provider" => module
                .providers
                .extend(ProviderBlock::from_block(block, file)),
            "module" => module.calls.extend(ModuleCall::from_block(block, file)),
            _ => {}
        }
    }
}

/// The template made of `files` (path in the template, text), loaded from
/// a scratch directory.
#[cfg(test)]
pub(super) fn loaded(files: &[(&str, &str)]) -> Template {
    let dir = tempfile::tempdir().expect("temporary directory");
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("directories");
        std::fs::write(path, text).expect("write");
    }
    load(dir.path()).expect("load")
}
