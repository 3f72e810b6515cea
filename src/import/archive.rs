//! Unpacking template archives, as Coder receives template versions: `.tar`
//! or `.tar.gz`. Archives are hostile input: no entry may land outside the
//! target directory, links may not point outside it, and the unpacked size
//! and file count are capped while unpacking, not trusted from headers.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};

/// Caps on what an archive may unpack to.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_bytes: u64,
    pub max_entries: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 256 * 1024 * 1024,
            max_entries: 10_000,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("archive entry {0:?} escapes the template directory")]
    Escapes(String),
    #[error("archive entry {0:?} has an absolute path")]
    Absolute(String),
    #[error("archive entry {entry:?} links to {target:?}, outside the template directory")]
    LinkOutside { entry: String, target: String },
    #[error("archive entry {entry:?} is a {kind}, which templates do not contain")]
    Unsupported { entry: String, kind: &'static str },
    #[error("archive entry {entry:?} makes the template larger than {limit} bytes")]
    TooLarge { entry: String, limit: u64 },
    #[error("archive has more than {0} entries")]
    TooManyEntries(usize),
    #[error("not a tar archive (or a gzip-compressed one): {0}")]
    Corrupt(String),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Unpacks a tar (gzip-compressed or not, told apart by its first bytes)
/// into `into`, which must exist.
pub fn unpack(reader: impl Read, into: &Path, limits: Limits) -> Result<(), ArchiveError> {
    let mut buffered = BufReader::new(reader);
    let head = buffered
        .fill_buf()
        .map_err(|e| ArchiveError::Corrupt(e.to_string()))?;
    if head.starts_with(&[0x1f, 0x8b]) {
        unpack_tar(flate2::read::GzDecoder::new(buffered), into, limits)
    } else {
        unpack_tar(buffered, into, limits)
    }
}

fn unpack_tar(reader: impl Read, into: &Path, limits: Limits) -> Result<(), ArchiveError> {
    let mut archive = tar::Archive::new(reader);
    let entries = archive
        .entries()
        .map_err(|e| ArchiveError::Corrupt(e.to_string()))?;
    let mut written: u64 = 0;
    for (count, entry) in entries.enumerate() {
        if count >= limits.max_entries {
            return Err(ArchiveError::TooManyEntries(limits.max_entries));
        }
        let mut entry = entry.map_err(|e| ArchiveError::Corrupt(e.to_string()))?;
        let raw = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let relative = inside(&raw)?;
        let target = into.join(&relative);
        let kind = entry.header().entry_type();
        let write_error = |path: &Path| {
            let path = path.to_path_buf();
            move |source| ArchiveError::Write { path, source }
        };
        if kind.is_dir() {
            std::fs::create_dir_all(&target).map_err(write_error(&target))?;
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(write_error(parent))?;
        }
        if kind.is_symlink() || kind.is_hard_link() {
            let link = entry
                .link_name_bytes()
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default();
            // Hard links name a path in the archive; symbolic links are
            // relative to the link's own directory.
            let resolved = if kind.is_hard_link() {
                PathBuf::from(&link)
            } else {
                relative.parent().unwrap_or(Path::new("")).join(&link)
            };
            let outside = || ArchiveError::LinkOutside {
                entry: raw.clone(),
                target: link.clone(),
            };
            if Path::new(&link).is_absolute() {
                return Err(outside());
            }
            let normalized = inside(&resolved.to_string_lossy()).map_err(|_| outside())?;
            if kind.is_hard_link() {
                std::fs::copy(into.join(&normalized), &target).map_err(write_error(&target))?;
            } else {
                make_symlink(&link, &target).map_err(write_error(&target))?;
            }
            continue;
        }
        if !(kind.is_file() || kind == tar::EntryType::Continuous) {
            let kind = match kind {
                tar::EntryType::Char => "character device",
                tar::EntryType::Block => "block device",
                tar::EntryType::Fifo => "named pipe",
                _ => "special file",
            };
            if matches!(
                entry.header().entry_type(),
                tar::EntryType::XGlobalHeader | tar::EntryType::XHeader
            ) {
                continue;
            }
            return Err(ArchiveError::Unsupported { entry: raw, kind });
        }
        let remaining = limits.max_bytes.saturating_sub(written);
        let mut file = std::fs::File::create(&target).map_err(write_error(&target))?;
        // Count what really comes out, one byte past the cap to notice it.
        let copied = std::io::copy(&mut (&mut entry).take(remaining + 1), &mut file)
            .map_err(|e| ArchiveError::Corrupt(e.to_string()))?;
        if copied > remaining {
            drop(file);
            let _ = std::fs::remove_file(&target);
            return Err(ArchiveError::TooLarge {
                entry: raw,
                limit: limits.max_bytes,
            });
        }
        file.flush().map_err(write_error(&target))?;
        written += copied;
    }
    Ok(())
}

/// The entry's path relative to the target, or why it may not be unpacked.
fn inside(raw: &str) -> Result<PathBuf, ArchiveError> {
    let path = Path::new(raw);
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return Err(ArchiveError::Escapes(raw.to_string()));
                }
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(ArchiveError::Absolute(raw.to_string()))
            }
        }
    }
    Ok(out)
}

#[cfg(unix)]
fn make_symlink(link: &str, at: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(link, at)
}

#[cfg(not(unix))]
fn make_symlink(_link: &str, _at: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other(
        "symbolic links are not supported here",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_must_stay_inside() {
        assert_eq!(inside("a/./b/../c.tf").ok(), Some(PathBuf::from("a/c.tf")));
        assert!(matches!(inside("../x"), Err(ArchiveError::Escapes(_))));
        assert!(matches!(inside("a/../../x"), Err(ArchiveError::Escapes(_))));
        assert!(matches!(
            inside("/etc/passwd"),
            Err(ArchiveError::Absolute(_))
        ));
    }
}
