//! File and folder arguments: a folder means every submission file below
//! it, recursively, in path order, skipping hidden entries and Office lock
//! files (`~$…`). Every name from outside is hostile (CLI.md, "Safety"):
//! symbolic links are not followed unless asked for, FIFOs, devices and
//! sockets are never opened, and a folder reached twice through links is
//! walked once, so no argument can make `collect` read outside what it was
//! given, hang, or loop.

use std::collections::HashSet;
use std::fs::Metadata;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Extensions of submission files, lower case.
pub const SUBMISSION_EXTENSIONS: [&str; 6] = ["xlsx", "xlsm", "xls", "ods", "csv", "txt"];

/// What an argument or a folder entry turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A regular file to read.
    File(PathBuf),
    /// A symbolic link, not followed (`file.link`).
    Link(PathBuf),
    /// A FIFO, device or socket, never opened (`file.not_regular`).
    Special(PathBuf),
}

impl Found {
    /// The path as found.
    pub fn path(&self) -> &Path {
        match self {
            Found::File(p) | Found::Link(p) | Found::Special(p) => p,
        }
    }
}

/// What the arguments expanded to.
#[derive(Debug, Default)]
pub struct Expanded {
    /// The files to check, in order.
    pub found: Vec<Found>,
    /// Paths that are missing or cannot be read (exit 2).
    pub errors: Vec<Error>,
    /// `.txt` files in folders that do not look like submissions, skipped
    /// with a note.
    pub skipped: Vec<PathBuf>,
}

/// How much of a `.txt` file in a folder is read to tell whether it is a
/// submission.
const TXT_SNIFF_BYTES: u64 = 64 * 1024;

/// Expands the arguments into files. A missing or unreadable path is an
/// error; the others are still expanded. With `follow_links`, links are
/// followed, and each folder is walked once.
pub fn expand(paths: &[PathBuf], follow_links: bool) -> Expanded {
    let mut walk = Walk {
        follow_links,
        out: Expanded::default(),
        seen: HashSet::new(),
    };
    for path in paths {
        match walk.metadata(path) {
            Ok(meta) if meta.is_dir() => walk.folder(path, &meta),
            Ok(meta) => walk.entry(path, &meta),
            Err(e) => walk.out.errors.push(Error::io(path, e)),
        }
    }
    walk.out
}

struct Walk {
    follow_links: bool,
    out: Expanded,
    /// Folders walked, by device and inode, so links cannot make a loop.
    seen: HashSet<(u64, u64)>,
}

impl Walk {
    /// The entry's own metadata, or its target's when links are followed.
    fn metadata(&self, path: &Path) -> std::io::Result<Metadata> {
        if self.follow_links {
            std::fs::metadata(path)
        } else {
            std::fs::symlink_metadata(path)
        }
    }

    /// A file, link or special file, as it will be checked.
    fn entry(&mut self, path: &Path, meta: &Metadata) {
        let kind = meta.file_type();
        self.out.found.push(if kind.is_symlink() {
            Found::Link(path.to_path_buf())
        } else if kind.is_file() {
            Found::File(path.to_path_buf())
        } else {
            Found::Special(path.to_path_buf())
        });
    }

    fn folder(&mut self, dir: &Path, meta: &Metadata) {
        if !self.seen.insert(identity(meta)) {
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => return self.out.errors.push(Error::io(dir, e)),
        };
        let mut paths = Vec::new();
        for entry in entries {
            match entry {
                Ok(entry) => paths.push(entry.path()),
                Err(e) => self.out.errors.push(Error::io(dir, e)),
            }
        }
        paths.sort();
        for path in paths {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if name.starts_with('.') || name.starts_with("~$") {
                continue;
            }
            match self.metadata(&path) {
                Ok(meta) if meta.is_dir() => self.folder(&path, &meta),
                Ok(meta) if meta.is_file() && is_text(&path) && !looks_like_submission(&path) => {
                    self.out.skipped.push(path);
                }
                Ok(meta) if is_submission(&path) => self.entry(&path, &meta),
                Ok(_) => {}
                Err(e) => self.out.errors.push(Error::io(&path, e)),
            }
        }
    }
}

/// A folder's device and inode (on other systems, nothing to tell folders
/// apart by, so every folder is walked; links are not followed there by
/// default either).
#[cfg(unix)]
fn identity(meta: &Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn identity(_: &Metadata) -> (u64, u64) {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    (0, NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
}

/// Whether the file is a `.txt`, which in a folder is taken only when it
/// looks like a submission.
fn is_text(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

/// Whether a `.txt` file's start looks like a long CSV or a sheet saved
/// alone; an unreadable one is taken, so that its error is reported.
fn looks_like_submission(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    match std::fs::File::open(path).and_then(|f| f.take(TXT_SNIFF_BYTES).read_to_end(&mut head)) {
        Ok(_) => crate::read::looks_like_submission(&head),
        Err(_) => true,
    }
}

/// Whether the file's extension is one a submission may have.
pub fn is_submission(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| SUBMISSION_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Reads a regular file, at most `limit` bytes: `Ok(None)` when it holds
/// more (it may have grown, or be a device behind a followed link).
///
/// # Errors
/// The file cannot be opened or read.
pub fn read_bounded(path: &Path, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok((u64::try_from(bytes.len()).unwrap_or(u64::MAX) <= limit).then_some(bytes))
}
