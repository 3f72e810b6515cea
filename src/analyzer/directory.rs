//! A module directory, held open while its files are read. Listing and
//! reading cost about as much as parsing a template, most of it in the
//! kernel's path walks, so on Unix everything goes through the directory's
//! descriptor: a file or a local module is opened relative to it (one path
//! component to walk, not the whole path), the listing makes no `fstat`, and
//! a file is read without the `statx` that sizes `std::fs::read_to_string`'s
//! buffer.

use std::ffi::OsStr;
use std::io;
use std::path::Path;

/// What one read is sized for: most template files fit in one `read`.
const FIRST_READ: usize = 16 * 1024;

#[cfg(unix)]
pub struct Directory {
    entries: rustix::fs::Dir,
}

#[cfg(unix)]
impl Directory {
    pub fn open(path: &Path) -> io::Result<Directory> {
        Self::from_fd(rustix::fs::open(
            path,
            Self::flags(),
            rustix::fs::Mode::empty(),
        )?)
    }

    /// The directory at `relative` from this one, as `open` of the joined
    /// path would find it.
    pub fn open_relative(&self, relative: &Path) -> io::Result<Directory> {
        let fd = rustix::fs::openat(
            self.entries.fd()?,
            relative,
            Self::flags(),
            rustix::fs::Mode::empty(),
        )?;
        Self::from_fd(fd)
    }

    fn flags() -> rustix::fs::OFlags {
        use rustix::fs::OFlags;
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC
    }

    fn from_fd(fd: rustix::fd::OwnedFd) -> io::Result<Directory> {
        Ok(Directory {
            entries: rustix::fs::Dir::new(fd)?,
        })
    }

    /// Calls `visit` with each entry's name and whether it is a directory.
    pub fn for_each_entry(&mut self, visit: &mut dyn FnMut(&OsStr, bool)) -> io::Result<()> {
        use rustix::fs::FileType;
        use std::os::unix::ffi::OsStrExt;
        while let Some(entry) = self.entries.read() {
            let entry = entry?;
            let name = OsStr::from_bytes(entry.file_name().to_bytes());
            if name == "." || name == ".." {
                continue;
            }
            let is_dir = match entry.file_type() {
                FileType::Directory => true,
                // Some filesystems leave the type out of the listing.
                FileType::Unknown => rustix::fs::statat(
                    self.entries.fd()?,
                    name,
                    rustix::fs::AtFlags::SYMLINK_NOFOLLOW,
                )
                .is_ok_and(|stat| FileType::from_raw_mode(stat.st_mode) == FileType::Directory),
                _ => false,
            };
            visit(name, is_dir);
        }
        Ok(())
    }

    /// The text of the file `name` in this directory.
    pub fn read_to_string(&self, name: &OsStr) -> io::Result<String> {
        use rustix::fs::{Mode, OFlags};
        use std::io::Read;
        let fd = rustix::fs::openat(
            self.entries.fd()?,
            name,
            OFlags::RDONLY | OFlags::CLOEXEC,
            Mode::empty(),
        )?;
        let mut bytes = Vec::with_capacity(FIRST_READ);
        // `File::read_to_end` would size the buffer with an `fstat` and an
        // `lseek`; through `Take` the plain loop runs, reading to the end.
        std::fs::File::from(fd)
            .take(u64::MAX)
            .read_to_end(&mut bytes)?;
        String::from_utf8(bytes).map_err(|_| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                "stream did not contain valid UTF-8",
            )
        })
    }
}

#[cfg(not(unix))]
pub struct Directory {
    path: std::path::PathBuf,
}

#[cfg(not(unix))]
impl Directory {
    pub fn open(path: &Path) -> io::Result<Directory> {
        if !std::fs::metadata(path)?.is_dir() {
            return Err(io::ErrorKind::NotADirectory.into());
        }
        Ok(Directory {
            path: path.to_path_buf(),
        })
    }

    pub fn open_relative(&self, relative: &Path) -> io::Result<Directory> {
        Self::open(&self.path.join(relative))
    }

    pub fn for_each_entry(&mut self, visit: &mut dyn FnMut(&OsStr, bool)) -> io::Result<()> {
        for entry in std::fs::read_dir(&self.path)?.filter_map(Result::ok) {
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            visit(&entry.file_name(), is_dir);
        }
        Ok(())
    }

    pub fn read_to_string(&self, name: &OsStr) -> io::Result<String> {
        let mut text = String::with_capacity(FIRST_READ);
        std::io::Read::read_to_string(&mut std::fs::File::open(self.path.join(name))?, &mut text)?;
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_entries_and_files_relative_to_the_directory() {
        let root = tempfile::tempdir().expect("temporary directory");
        std::fs::create_dir_all(root.path().join("modules/agent")).expect("module directory");
        let large = "x".repeat(3 * FIRST_READ + 7);
        std::fs::write(root.path().join("modules/agent/main.tf"), &large).expect("write");
        std::fs::write(root.path().join("empty.tf"), "").expect("write");
        std::fs::write(root.path().join("latin1.tf"), [0xe9u8]).expect("write");

        let mut directory = Directory::open(root.path()).expect("open");
        let mut entries = Vec::new();
        directory
            .for_each_entry(&mut |name, is_dir| entries.push((name.to_owned(), is_dir)))
            .expect("list");
        entries.sort();
        assert_eq!(
            entries,
            [
                ("empty.tf".into(), false),
                ("latin1.tf".into(), false),
                ("modules".into(), true),
            ]
        );
        assert_eq!(
            directory.read_to_string("empty.tf".as_ref()).ok(),
            Some(String::new())
        );
        let invalid = directory.read_to_string("latin1.tf".as_ref());
        assert_eq!(
            invalid.map_err(|e| e.kind()),
            Err(io::ErrorKind::InvalidData)
        );
        let missing = directory.read_to_string("missing.tf".as_ref());
        assert_eq!(missing.map_err(|e| e.kind()), Err(io::ErrorKind::NotFound));

        let module = directory
            .open_relative("./modules/../modules/agent".as_ref())
            .expect("open module");
        assert_eq!(module.read_to_string("main.tf".as_ref()).ok(), Some(large));
        let file = directory.open_relative("empty.tf".as_ref());
        assert_eq!(
            file.map(|_| ()).map_err(|e| e.kind()),
            Err(io::ErrorKind::NotADirectory)
        );
    }
}
