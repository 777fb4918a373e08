//! Paths longer than the system takes in one call (`PATH_MAX`, 4,096 bytes on Linux): a folder nested deep
//! enough can be neither listed nor its files opened by their full path (`ENAMETOOLONG`), so walkdir reports
//! the folder as one error and everything beneath it would be lost. Every component of such a path is short,
//! though, so here a path is opened one component at a time, each relative to the folder before (`openat`):
//! the walk lists such a folder this way, and reading a file falls back to it, so the files beneath appear in
//! the report and are analysed like any others.

use std::ffi::OsStr;
use std::fs::{File, Metadata};
use std::io;
use std::os::fd::OwnedFd;
use std::os::unix::ffi::OsStrExt;
use std::path::{Component, Path, PathBuf};

use rustix::fs::{CWD, Dir, FileType, Mode, OFlags, openat};

/// Folder levels listed below a folder whose path is too long; deeper ones are reported, not listed (each
/// level holds a file descriptor while its folders are listed).
pub(crate) const MAX_DEPTH_BELOW: usize = 256;

/// Whether `e` says a path was longer than the system allows.
pub(crate) fn is_too_long(e: &io::Error) -> bool {
    e.raw_os_error() == Some(rustix::io::Errno::NAMETOOLONG.raw_os_error())
}

/// Opens `path` one component at a time; the components before the last are folders (links among them are
/// followed, as the kernel would), the last is opened with `flags`.
fn open(path: &Path, flags: OFlags) -> io::Result<OwnedFd> {
    let dir_flags = OFlags::DIRECTORY | OFlags::RDONLY | OFlags::CLOEXEC;
    let mut names: Vec<&OsStr> = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(name) => names.push(name),
            Component::ParentDir => names.push(OsStr::new("..")),
            Component::RootDir | Component::CurDir | Component::Prefix(_) => {}
        }
    }
    let start = if path.is_absolute() { "/" } else { "." };
    let mut fd = openat(CWD, start, dir_flags, Mode::empty())?;
    let Some((last, folders)) = names.split_last() else {
        return Ok(openat(CWD, start, flags | OFlags::CLOEXEC, Mode::empty())?);
    };
    for name in folders {
        fd = openat(&fd, *name, dir_flags, Mode::empty())?;
    }
    Ok(openat(&fd, *last, flags | OFlags::CLOEXEC, Mode::empty())?)
}

/// Opens the file at `path` for reading, however long the path.
pub(crate) fn open_file(path: &Path) -> io::Result<File> {
    open(path, OFlags::RDONLY).map(File::from)
}

/// The metadata of what `path` names (of a link itself unless `follow`), however long the path. Nothing is
/// opened for reading: a FIFO does not block.
pub(crate) fn metadata(path: &Path, follow: bool) -> io::Result<Metadata> {
    let flags = if follow { OFlags::PATH } else { OFlags::PATH | OFlags::NOFOLLOW };
    File::from(open(path, flags)?).metadata()
}

/// What a path below a too-long folder is.
#[derive(Debug)]
pub(crate) enum Found {
    /// A regular file.
    File,
    /// A symbolic link (never followed here).
    Symlink,
    /// A FIFO, socket or device.
    Special,
    /// A folder that could not be listed, or one nested deeper than [`MAX_DEPTH_BELOW`].
    Unlisted(String),
}

/// Everything below the folder `path` (which is too long to open by its path), as a sorted walk would meet it:
/// folders are entered, not listed, in name order among the files. `levels` is how many folder levels below
/// `path` to list (`None`: all).
pub(crate) fn list(path: &Path, levels: Option<usize>) -> Vec<(PathBuf, Found)> {
    let mut found = Vec::new();
    if levels == Some(0) {
        return found;
    }
    let unlisted = |e: io::Error| Found::Unlisted(format!("cannot list this folder: {e}"));
    let root = match open(path, OFlags::DIRECTORY | OFlags::RDONLY) {
        Ok(fd) => fd,
        Err(e) => return vec![(path.to_path_buf(), unlisted(e))],
    };
    // One frame per open folder: its descriptor, its path, and its entries not yet visited (sorted, last first).
    let mut stack = match entries(&root) {
        Ok(names) => vec![(root, path.to_path_buf(), names)],
        Err(e) => return vec![(path.to_path_buf(), unlisted(e))],
    };
    loop {
        // Folder levels open, which is the level below `path` of the entries now visited.
        let depth = stack.len();
        let Some((fd, dir, names)) = stack.last_mut() else { break };
        let Some((name, kind)) = names.pop() else {
            stack.pop();
            continue;
        };
        let child = dir.join(OsStr::from_bytes(&name));
        let kind = match kind {
            FileType::Unknown => match openat(&*fd, &name[..], OFlags::PATH | OFlags::NOFOLLOW, Mode::empty()) {
                Ok(child_fd) => match File::from(child_fd).metadata() {
                    Ok(meta) => FileType::from_raw_mode(std::os::unix::fs::MetadataExt::mode(&meta)),
                    Err(e) => {
                        found.push((child, unlisted(e)));
                        continue;
                    }
                },
                Err(e) => {
                    found.push((child, unlisted(e.into())));
                    continue;
                }
            },
            known => known,
        };
        match kind {
            FileType::RegularFile => found.push((child, Found::File)),
            FileType::Symlink => found.push((child, Found::Symlink)),
            FileType::Directory => {
                if levels.is_some_and(|l| depth >= l) {
                    continue;
                }
                if depth >= MAX_DEPTH_BELOW {
                    let why = format!("nested more than {MAX_DEPTH_BELOW} folders below a path too long to open");
                    found.push((child, Found::Unlisted(why)));
                    continue;
                }
                let opened =
                    openat(&*fd, &name[..], OFlags::DIRECTORY | OFlags::RDONLY | OFlags::CLOEXEC, Mode::empty())
                        .map_err(io::Error::from)
                        .and_then(|child_fd| entries(&child_fd).map(|names| (child_fd, names)));
                match opened {
                    Ok((child_fd, names)) => stack.push((child_fd, child, names)),
                    Err(e) => found.push((child, unlisted(e))),
                }
            }
            _ => found.push((child, Found::Special)),
        }
    }
    found
}

/// The entries of the open folder `fd` with their types as the folder gives them, sorted by name, last first.
fn entries(fd: &OwnedFd) -> io::Result<Vec<(Vec<u8>, FileType)>> {
    let mut names = Vec::new();
    for entry in Dir::read_from(fd)? {
        let entry = entry?;
        let name = entry.file_name().to_bytes();
        if name != b"." && name != b".." {
            names.push((name.to_vec(), entry.file_type()));
        }
    }
    names.sort_by(|a, b| b.0.cmp(&a.0));
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Creates `levels` nested folders named `name` under `base` without ever passing a long path to the
    /// system; returns the deepest folder's path and writes `file` there.
    fn deep_tree(base: &Path, name: &str, levels: usize, file: &str) -> PathBuf {
        let mut fd = openat(CWD, base, OFlags::DIRECTORY | OFlags::RDONLY, Mode::empty()).expect("base");
        let mut path = base.to_path_buf();
        for _ in 0..levels {
            rustix::fs::mkdirat(&fd, name, Mode::from_raw_mode(0o755)).expect("mkdir");
            fd = openat(&fd, name, OFlags::DIRECTORY | OFlags::RDONLY, Mode::empty()).expect("open");
            path.push(name);
        }
        let file_fd =
            openat(&fd, file, OFlags::CREATE | OFlags::WRONLY, Mode::from_raw_mode(0o644)).expect("create file");
        io::Write::write_all(&mut File::from(file_fd), b"Terraform and AWS on Linux.").expect("write");
        path
    }

    #[test]
    fn a_file_under_a_too_long_path_is_listed_and_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let name = "d".repeat(200);
        let deep = deep_tree(dir.path(), &name, 30, "cv.txt");
        assert!(deep.as_os_str().len() > 4096);
        let file = deep.join("cv.txt");
        assert!(is_too_long(&std::fs::metadata(&file).expect_err("too long for one call")));
        assert!(metadata(&file, false).expect("stat by components").is_file());
        let mut text = String::new();
        io::Read::read_to_string(&mut open_file(&file).expect("open by components"), &mut text).expect("read");
        assert!(text.starts_with("Terraform"));
        let listed = list(deep.parent().expect("parent"), None);
        assert!(matches!(&listed[..], [(p, Found::File)] if *p == file), "{listed:?}");
        assert!(list(deep.parent().expect("parent"), Some(0)).is_empty(), "depth respected");
    }
}
