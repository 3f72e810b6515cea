//! What decides which rules apply: the Coder version targeted, rules turned
//! off (by flag or by `.coderform.hcl`), and `# coderform-ignore:` comments.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use hcl_edit::expr::Expression;

use super::source::{FileId, Sources};

/// The Coder release whose rules apply.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CoderVersion {
    /// The contract of the task documentation: an "AI Prompt" parameter is
    /// required and at most one task instance may exist.
    #[default]
    Contract,
    Release {
        major: u32,
        minor: u32,
    },
}

impl CoderVersion {
    fn at_least(self, minor: u32) -> bool {
        match self {
            CoderVersion::Contract => false,
            CoderVersion::Release { major, minor: m } => major > 2 || (major == 2 && m >= minor),
        }
    }

    /// Up to 2.27 Coder refuses task templates without an "AI Prompt" parameter.
    pub fn requires_ai_prompt(self) -> bool {
        !self.at_least(28)
    }

    /// 2.24 to 2.27 read the app only from `sidebar_app`.
    pub fn requires_sidebar_app(self) -> bool {
        matches!(self, CoderVersion::Release { .. }) && !self.at_least(28)
    }

    /// From 2.28 `app_id` is the expected form and `sidebar_app` is deprecated.
    pub fn prefers_app_id(self) -> bool {
        self.at_least(28)
    }

    /// From 2.34 a template counts as a task template only when the import
    /// plan instantiates a task.
    pub fn plans_task_flag(self) -> bool {
        self.at_least(34)
    }

    /// From 2.30 the single-task error says how many instances were found.
    pub fn reports_task_count(self) -> bool {
        self.at_least(30)
    }

    /// From 2.37 Coder ignores `coder_ai_task` resources altogether.
    pub fn ignores_tasks(self) -> bool {
        self.at_least(37)
    }
}

impl fmt::Display for CoderVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CoderVersion::Contract => f.write_str("the documented task contract"),
            CoderVersion::Release { major, minor } => write!(f, "Coder {major}.{minor}"),
        }
    }
}

impl FromStr for CoderVersion {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let trimmed = text.trim().trim_start_matches('v');
        let mut parts = trimmed.split('.');
        let parse = |p: Option<&str>| p.and_then(|p| p.parse::<u32>().ok());
        match (parse(parts.next()), parse(parts.next())) {
            (Some(major), Some(minor)) => Ok(CoderVersion::Release { major, minor }),
            _ => Err(format!(
                "invalid Coder version {text:?}: expected MAJOR.MINOR, such as 2.27"
            )),
        }
    }
}

/// Settings from `.coderform.hcl` in a template directory.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileConfig {
    pub coder_version: Option<CoderVersion>,
    pub disable: Vec<String>,
}

pub const CONFIG_FILE: &str = ".coderform.hcl";

/// Reads `.coderform.hcl` if the template has one; a broken one is an error.
pub fn read_config(dir: &Path) -> Result<FileConfig, String> {
    let path = dir.join(CONFIG_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileConfig::default()),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let where_ = |line: usize| format!("{}:{line}", path.display());
    let body = hcl_edit::parser::parse_body(&text).map_err(|e| {
        format!(
            "{}:{}: {}",
            path.display(),
            e.location().line(),
            e.message()
        )
    })?;
    let line_of = |attribute: &hcl_edit::structure::Attribute| {
        hcl_edit::Span::span(attribute).map_or(1, |s| text[..s.start].matches('\n').count() + 1)
    };
    let mut config = FileConfig::default();
    for attribute in body.attributes() {
        let at = where_(line_of(attribute));
        match attribute.key.as_str() {
            "coder_version" => {
                let Expression::String(version) = &attribute.value else {
                    return Err(format!(
                        "{at}: coder_version must be a string such as \"2.27\""
                    ));
                };
                config.coder_version = Some(version.parse().map_err(|e| format!("{at}: {e}"))?);
            }
            "disable" => {
                let Expression::Array(items) = &attribute.value else {
                    return Err(format!("{at}: disable must be a list of rule ids"));
                };
                for item in items.iter() {
                    let Expression::String(rule) = item else {
                        return Err(format!("{at}: disable must be a list of rule ids"));
                    };
                    config.disable.push(rule.to_string());
                }
            }
            other => {
                return Err(format!(
                    "{at}: unknown setting {other:?} (expected coder_version or disable)"
                ))
            }
        }
    }
    if body.blocks().next().is_some() {
        return Err(format!(
            "{}: only coder_version and disable may be set",
            path.display()
        ));
    }
    Ok(config)
}

const IGNORE_MARK: &str = "coderform-ignore:";

/// Rules silenced by `# coderform-ignore: RULE[, RULE]` (or `//`; in
/// Terraform JSON, a `"//"` comment property), by file and 1-based line of
/// the comment.
#[derive(Default)]
pub struct Suppressions {
    by_line: HashMap<(FileId, usize), BTreeSet<String>>,
}

impl Suppressions {
    pub fn scan(sources: &Sources) -> Self {
        let mut by_line = HashMap::new();
        for (id, file) in sources.iter() {
            // One pass over the text; only lines with the mark are looked at.
            for (at, _) in file.text.match_indices(IGNORE_MARK) {
                let line_start = file.text[..at].rfind('\n').map_or(0, |i| i + 1);
                let line_end = file.text[at..]
                    .find('\n')
                    .map_or(file.text.len(), |i| at + i);
                let before = file.text[line_start..at].trim_end();
                let comment = if file.is_translated() {
                    before.trim_end_matches('"').trim_end().ends_with("\"//\":")
                } else {
                    before.ends_with('#') || before.ends_with("//")
                };
                if !comment {
                    continue;
                }
                let rules = file.text[at + IGNORE_MARK.len()..line_end]
                    .split(',')
                    .map(|r| {
                        r.trim()
                            .trim_end_matches("*/")
                            .trim_end_matches('"')
                            .trim()
                            .to_string()
                    })
                    .filter(|r| !r.is_empty())
                    .collect();
                by_line.insert((id, file.position(at).line), rules);
            }
        }
        Suppressions { by_line }
    }

    /// Whether `rule` is silenced for a finding on `line` (the same line or the one above).
    pub fn silences(&self, file: FileId, line: usize, rule: &str) -> bool {
        [line, line.saturating_sub(1)]
            .iter()
            .filter_map(|l| self.by_line.get(&(file, *l)))
            .any(|rules| rules.contains(rule))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyzer::source::SourceFile;

    #[test]
    fn versions() {
        let v: CoderVersion = "2.27".parse().unwrap();
        assert!(v.requires_ai_prompt() && v.requires_sidebar_app() && !v.prefers_app_id());
        let v: CoderVersion = "v2.30.1".parse().unwrap();
        assert!(!v.requires_ai_prompt() && v.prefers_app_id() && !v.ignores_tasks());
        assert!("2.37".parse::<CoderVersion>().unwrap().ignores_tasks());
        assert!("two".parse::<CoderVersion>().is_err());
        assert!(CoderVersion::Contract.requires_ai_prompt());
        assert!(!CoderVersion::Contract.requires_sidebar_app());
    }

    #[test]
    fn ignore_comments_cover_their_line_and_the_next() {
        let mut sources = Sources::default();
        let id = sources.add(SourceFile::new(
            "main.tf".into(),
            "# coderform-ignore: single-ai-task, ai-task-app\nresource \"x\" \"y\" {}\nname = \"coderform-ignore: no\"\n".into(),
        ));
        let s = Suppressions::scan(&sources);
        assert!(s.silences(id, 2, "single-ai-task"));
        assert!(s.silences(id, 1, "ai-task-app"));
        assert!(!s.silences(id, 3, "single-ai-task"));
        assert!(!s.silences(id, 2, "ai-prompt-parameter"));
    }

    #[test]
    fn config_files() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read_config(dir.path()), Ok(FileConfig::default()));
        std::fs::write(
            dir.path().join(CONFIG_FILE),
            "coder_version = \"2.28\"\ndisable = [\"ai-task-app\"]\n",
        )
        .unwrap();
        let config = read_config(dir.path()).unwrap();
        assert_eq!(
            config.coder_version,
            Some(CoderVersion::Release {
                major: 2,
                minor: 28
            })
        );
        assert_eq!(config.disable, ["ai-task-app"]);
        std::fs::write(dir.path().join(CONFIG_FILE), "colour = \"red\"\n").unwrap();
        assert!(read_config(dir.path())
            .unwrap_err()
            .contains("unknown setting \"colour\""));
    }
}
