//! Where a report goes (`-o FILE`): it is written *through* to what the path is, never put in the path's place.
//!
//! - A regular file (new, or with one name) is replaced atomically: the report is written to a temporary file
//!   beside it and renamed over it only once it is complete, so a report that cannot be finished leaves the old
//!   file untouched. The old file's permission bits (and, where allowed, its owner) carry over; a new file gets
//!   the mode the umask gives (`0666 & !umask`), as any program's output would.
//! - A symbolic link is followed, and what it leads to is written as above (a dangling link creates its
//!   target, as the shell's `>` does).
//! - A regular file with several names (hard links), or one reached through a name that does not lead back to
//!   it (`/dev/stdout` when standard output is a file), is never split from its other names: the report is
//!   staged in an anonymous temporary file (in `$TMPDIR`) and copied into the file in place once complete, after
//!   the space for it is reserved, so a report that cannot be finished, or a full disk, leaves it as it was.
//! - A character device or a FIFO (`/dev/null`, `/dev/stdout` on a terminal or pipe) is opened and written as it
//!   is, as the report streams: there is nothing to replace.
//! - A folder, a socket or a block device is refused with a clear error: writing a report there makes no sense
//!   (and onto a disk, as root, would destroy it).
//!
//! Nothing here ever removes or renames anything but its own temporary file.

use std::ffi::OsString;
use std::fs::{self, File, Metadata, OpenOptions, Permissions};
use std::io::{self, Seek, SeekFrom, Write};
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::scan::{FileId, ReportOutput, TempReport};

/// Name prefix of the temporary file a report is written to. A scan that meets such a file inside a folder
/// reports it as `skipped` (`report_output`) and never reads it.
pub const TEMP_PREFIX: &str = ".rolefit-report-";

/// Most symbolic links followed to find where a report goes (the kernel's own limit is 40).
const MAX_LINKS: usize = 40;

/// What a report path is, found before anything is read or written.
#[derive(Debug)]
pub struct OutputPlan {
    /// The path as given.
    path: PathBuf,
    /// What the path is now, if it exists.
    existing: Option<FileId>,
    how: How,
}

#[derive(Debug)]
enum How {
    /// A new file, or a regular file with one name, at `real` (links resolved): temp file + rename.
    Replace { real: PathBuf, old: Option<Metadata> },
    /// A regular file that must keep its identity: staged, then copied into it.
    InPlace,
    /// A character device or FIFO: written as it is.
    Direct,
}

impl OutputPlan {
    /// Looks at `path`: where a report written to it would go, and how. Fails for a folder, a socket, a block
    /// device, a link chain that is too long, or a path that cannot be looked at.
    pub fn inspect(path: &Path) -> io::Result<OutputPlan> {
        let refuse = |what: &str| Err(io::Error::new(io::ErrorKind::InvalidInput, format!("it is {what}")));
        let how = match fs::metadata(path) {
            Ok(meta) => {
                let kind = meta.file_type();
                if kind.is_file() {
                    let id = FileId::of(&meta);
                    let real = fs::canonicalize(path)
                        .ok()
                        .filter(|real| fs::metadata(real).is_ok_and(|m| FileId::of(&m) == id));
                    match real {
                        Some(real) if meta.nlink() == 1 => How::Replace { real, old: Some(meta) },
                        _ => How::InPlace,
                    }
                } else if kind.is_dir() {
                    return refuse("a folder; give a file name");
                } else if kind.is_block_device() {
                    return refuse("a block device: a report is never written onto a disk");
                } else if kind.is_socket() {
                    return refuse("a socket, which cannot be opened for writing");
                } else {
                    How::Direct
                }
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => How::Replace { real: resolve_links(path)?, old: None },
            Err(e) => return Err(e),
        };
        let existing = match &how {
            How::Replace { old, .. } => old.as_ref().map(FileId::of),
            How::InPlace | How::Direct => fs::metadata(path).ok().as_ref().map(FileId::of),
        };
        Ok(OutputPlan { path: path.to_path_buf(), existing, how })
    }

    /// The regular file the report would overwrite, if there is one: an input that is this file must not be
    /// read for a report that replaces it. Devices and FIFOs are not files that anything could lose.
    pub fn existing_file(&self) -> Option<FileId> {
        match self.how {
            How::Direct => None,
            How::Replace { .. } | How::InPlace => self.existing,
        }
    }

    /// Starts writing the report.
    pub fn open(self) -> io::Result<ReportFile> {
        let inner = match self.how {
            How::Replace { real, old } => {
                let dir = match real.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                // A new file's mode is what the umask leaves of 0666, as for any program's output; an existing
                // file keeps its permission bits (set below, past the umask) and, where allowed, its owner.
                let temp = tempfile::Builder::new()
                    .prefix(TEMP_PREFIX)
                    .permissions(Permissions::from_mode(0o666))
                    .tempfile_in(&dir)?;
                if let Some(old) = &old {
                    let now = temp.as_file().metadata()?;
                    if (now.uid(), now.gid()) != (old.uid(), old.gid()) {
                        // Only root may give a file away; anyone else keeps their own ownership.
                        let _ = std::os::unix::fs::fchown(temp.as_file(), Some(old.uid()), Some(old.gid()));
                    }
                    temp.as_file().set_permissions(Permissions::from_mode(old.mode() & 0o777))?;
                }
                Inner::Replace { temp, target: real }
            }
            How::InPlace => {
                let target = open_existing(&self.path, self.existing, true)?;
                Inner::InPlace { staging: tempfile::tempfile()?, target }
            }
            How::Direct => Inner::Direct(open_existing(&self.path, self.existing, false)?),
        };
        Ok(ReportFile { inner, existing: self.existing })
    }
}

/// Opens what `path` is now for writing, without creating or truncating it, and checks it is still `expected`
/// (and, when `regular`, a regular file): a path swapped between the look and the open is refused.
fn open_existing(path: &Path, expected: Option<FileId>, regular: bool) -> io::Result<File> {
    let file = OpenOptions::new().write(true).open(path)?;
    let meta = file.metadata()?;
    if Some(FileId::of(&meta)) != expected || meta.is_file() != regular {
        return Err(io::Error::other("it changed while it was being opened"));
    }
    Ok(file)
}

/// Follows the symbolic links of `path` (a dangling one) to the path they end at.
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if target.is_relative() => parent.join(target),
                    _ => target,
                };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(io::ErrorKind::InvalidInput, format!("more than {MAX_LINKS} symbolic links in a row")))
}

/// A report being written to its `-o` path: see the module documentation for what each kind of path gets.
/// Dropped without [`ReportFile::commit`], a regular file is left as it was and the temporary file removed.
pub struct ReportFile {
    inner: Inner,
    /// What the path was when the report was started, if anything.
    existing: Option<FileId>,
}

enum Inner {
    Replace { temp: NamedTempFile, target: PathBuf },
    InPlace { staging: File, target: File },
    Direct(File),
}

impl ReportFile {
    /// The temporary file the report is written to before it is renamed into place, if there is one (it must
    /// be removed if the process is interrupted).
    pub fn temp_path(&self) -> Option<&Path> {
        match &self.inner {
            Inner::Replace { temp, .. } => Some(temp.path()),
            Inner::InPlace { .. } | Inner::Direct(_) => None,
        }
    }

    /// What a scan must leave out and list as this report: the file the report replaces, and the temporary
    /// file it is being written to, under the name it will have.
    pub fn scan_exclusion(&self) -> io::Result<ReportOutput> {
        let temp = match &self.inner {
            Inner::Replace { temp, target } => {
                let name = |p: &Path| p.file_name().map(OsString::from).unwrap_or_default();
                Some(TempReport {
                    id: FileId::of(&temp.as_file().metadata()?),
                    name: name(temp.path()),
                    stands_for: name(target),
                })
            }
            Inner::InPlace { .. } | Inner::Direct(_) => None,
        };
        Ok(ReportOutput { target: self.existing, temp })
    }

    /// Makes the written report the content of the path: renames the temporary file over the target, or copies
    /// the staged report into a file written in place, or flushes a device.
    pub fn commit(self) -> io::Result<()> {
        match self.inner {
            Inner::Replace { temp, target } => {
                temp.as_file().sync_all()?;
                temp.persist(&target).map(|_| ()).map_err(|e| e.error)
            }
            Inner::InPlace { mut staging, mut target } => {
                staging.flush()?;
                let len = staging.seek(SeekFrom::End(0))?;
                staging.rewind()?;
                // The space is reserved before the first byte is overwritten: a full disk fails here, with the
                // old content still whole. (A file system that cannot reserve space is written regardless.)
                match rustix::fs::fallocate(&target, rustix::fs::FallocateFlags::empty(), 0, len) {
                    Ok(()) => {}
                    Err(e) if e == rustix::io::Errno::OPNOTSUPP => {}
                    Err(e) => return Err(e.into()),
                }
                io::copy(&mut staging, &mut target)?;
                target.set_len(len)?;
                target.sync_all()
            }
            Inner::Direct(mut file) => file.flush(),
        }
    }
}

impl Write for ReportFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.inner {
            Inner::Replace { temp, .. } => temp.write(buf),
            Inner::InPlace { staging, .. } => staging.write(buf),
            Inner::Direct(file) => file.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.inner {
            Inner::Replace { temp, .. } => temp.flush(),
            Inner::InPlace { staging, .. } => staging.flush(),
            Inner::Direct(file) => file.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_report(path: &Path, text: &str) -> io::Result<()> {
        let mut file = OutputPlan::inspect(path)?.open()?;
        file.write_all(text.as_bytes())?;
        file.commit()
    }

    #[test]
    fn a_regular_file_is_left_until_commit_and_keeps_its_mode() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("report.json");
        fs::write(&target, "old").expect("write");
        fs::set_permissions(&target, Permissions::from_mode(0o640)).expect("chmod");
        let mut file = OutputPlan::inspect(&target).expect("inspect").open().expect("open");
        file.write_all(b"new").expect("write");
        assert_eq!(fs::read_to_string(&target).expect("read"), "old");
        file.commit().expect("commit");
        assert_eq!(fs::read_to_string(&target).expect("read"), "new");
        assert_eq!(fs::metadata(&target).expect("stat").mode() & 0o7777, 0o640);
        let abandoned = OutputPlan::inspect(&target).expect("inspect").open().expect("open");
        drop(abandoned);
        assert_eq!(fs::read_to_string(&target).expect("read"), "new");
        assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 1, "no temp files left");
    }

    #[test]
    fn a_symlink_is_followed_and_stays_a_symlink() {
        let dir = tempfile::tempdir().expect("tempdir");
        let real = dir.path().join("real.txt");
        fs::write(&real, "old").expect("write");
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink("real.txt", &link).expect("symlink");
        write_report(&link, "new").expect("written");
        assert!(fs::symlink_metadata(&link).expect("lstat").file_type().is_symlink());
        assert_eq!(fs::read_to_string(&real).expect("read"), "new");
        let dangling = dir.path().join("dangling.txt");
        std::os::unix::fs::symlink("created.txt", &dangling).expect("symlink");
        write_report(&dangling, "made").expect("written");
        assert!(fs::symlink_metadata(&dangling).expect("lstat").file_type().is_symlink());
        assert_eq!(fs::read_to_string(dir.path().join("created.txt")).expect("read"), "made");
    }

    #[test]
    fn a_hard_linked_file_is_written_in_place_and_keeps_its_other_names() {
        let dir = tempfile::tempdir().expect("tempdir");
        let one = dir.path().join("one.txt");
        let two = dir.path().join("two.txt");
        fs::write(&one, "an old report that is longer than the new one").expect("write");
        fs::hard_link(&one, &two).expect("link");
        let mut file = OutputPlan::inspect(&one).expect("inspect").open().expect("open");
        file.write_all(b"new").expect("write");
        assert!(fs::read_to_string(&two).expect("read").starts_with("an old report"), "untouched until commit");
        file.commit().expect("commit");
        assert_eq!(fs::read_to_string(&two).expect("read"), "new");
        assert_eq!(fs::metadata(&one).expect("stat").nlink(), 2);
    }

    #[test]
    fn folders_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = OutputPlan::inspect(dir.path()).expect_err("refused");
        assert!(err.to_string().contains("folder"), "{err}");
    }

    #[test]
    fn a_link_loop_is_an_error_not_a_hang() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = dir.path().join("a");
        std::os::unix::fs::symlink("b", &a).expect("symlink");
        std::os::unix::fs::symlink("a", dir.path().join("b")).expect("symlink");
        assert!(OutputPlan::inspect(&a).is_err());
    }
}
