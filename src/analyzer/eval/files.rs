//! What `file` and `fileexists` see: the template's own files, and nothing
//! outside its directory. A template may be hostile (`coderform import`
//! reads uploaded archives), and values end up in messages, so a path that
//! leaves the template (absolute, `~`, `..` or a symbolic link out of it)
//! is left unknown instead of read.

use std::io::Read;
use std::path::Path;

/// Files larger than this are left unknown: no count or check needs them.
const MAX_FILE_BYTES: u64 = 1 << 20;

/// What Terraform would find at a path its functions are given.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    /// A regular file, with its text when it is UTF-8 and not too large to
    /// read (`None` when it is not UTF-8).
    File(Option<String>),
    /// A directory or another file that is not a regular one.
    NotAFile,
    Missing,
    /// Outside the template, too large, or unreadable: not looked at.
    Unseen,
}

/// Looks up `path`, relative to the template directory `root`, as
/// Terraform resolves it relative to its working directory. `read` says
/// whether the text is wanted.
pub fn find(root: &Path, path: &str, read: bool) -> Found {
    let relative = Path::new(path);
    if path.starts_with('~') || relative.is_absolute() {
        return Found::Unseen;
    }
    let Ok(root) = root.canonicalize() else {
        return Found::Unseen;
    };
    let target = match root.join(relative).canonicalize() {
        Ok(target) => target,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            // Missing, unless the path leaves the template before that.
            return match existing_part_within(&root, &root.join(relative)) {
                true => Found::Missing,
                false => Found::Unseen,
            };
        }
        Err(_) => return Found::Unseen,
    };
    if !target.starts_with(&root) {
        return Found::Unseen;
    }
    let Ok(metadata) = target.metadata() else {
        return Found::Unseen;
    };
    if !metadata.is_file() {
        return Found::NotAFile;
    }
    if !read {
        return Found::File(None);
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Found::Unseen;
    }
    let mut bytes = Vec::new();
    let read = std::fs::File::open(&target)
        .and_then(|file| file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes));
    match read {
        Ok(_) if bytes.len() as u64 <= MAX_FILE_BYTES => Found::File(String::from_utf8(bytes).ok()),
        _ => Found::Unseen,
    }
}

/// Whether the longest part of `path` that exists lies inside `root`,
/// symbolic links followed: a missing file's directory must be the
/// template's.
fn existing_part_within(root: &Path, path: &Path) -> bool {
    path.ancestors()
        .skip(1)
        .find_map(|ancestor| ancestor.canonicalize().ok())
        .is_some_and(|ancestor| ancestor.starts_with(root))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_templates_own_files_are_read() {
        let outside = tempfile::tempdir().expect("temporary directory");
        std::fs::write(outside.path().join("secret"), "s3cret").expect("write");
        let root = outside.path().join("template");
        std::fs::create_dir_all(root.join("scripts")).expect("directories");
        std::fs::write(root.join("scripts/run.sh"), "echo hi\n").expect("write");
        std::fs::write(root.join("binary"), [0xff, 0xfe]).expect("write");
        assert_eq!(
            find(&root, "./scripts/../scripts/run.sh", true),
            Found::File(Some("echo hi\n".into()))
        );
        assert_eq!(find(&root, "scripts/run.sh", false), Found::File(None));
        assert_eq!(find(&root, "binary", true), Found::File(None));
        assert_eq!(find(&root, "scripts", true), Found::NotAFile);
        assert_eq!(find(&root, "scripts/missing.sh", true), Found::Missing);
        assert_eq!(find(&root, "../secret", true), Found::Unseen);
        assert_eq!(find(&root, "../missing", true), Found::Unseen);
        let absolute = outside.path().join("secret");
        assert_eq!(
            find(&root, &absolute.to_string_lossy(), true),
            Found::Unseen
        );
        assert_eq!(find(&root, "~/.ssh/id_rsa", true), Found::Unseen);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(outside.path().join("secret"), root.join("link"))
                .expect("symlink");
            assert_eq!(find(&root, "link", true), Found::Unseen);
            std::os::unix::fs::symlink(outside.path(), root.join("out")).expect("symlink");
            assert_eq!(find(&root, "out/missing", true), Found::Unseen);
        }
    }
}
