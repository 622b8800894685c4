//! File and folder arguments: a folder means every submission file below
//! it, recursively, in path order, skipping hidden entries and Office lock
//! files (`~$…`).

use std::path::{Path, PathBuf};

use crate::error::Error;

/// Extensions of submission files, lower case.
pub const SUBMISSION_EXTENSIONS: [&str; 6] = ["xlsx", "xlsm", "xls", "ods", "csv", "txt"];

/// Expands the arguments into files. A missing or unreadable path is an
/// error in the second list; the others are still expanded.
pub fn expand(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Error>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut files, &mut errors),
            Ok(_) => files.push(path.clone()),
            Err(e) => errors.push(Error::io(path, e)),
        }
    }
    (files, errors)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<Error>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return errors.push(Error::io(dir, e)),
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        if path.is_dir() {
            walk(&path, files, errors);
        } else if is_submission(&path) {
            files.push(path);
        }
    }
}

/// Whether the file's extension is one a submission may have.
pub fn is_submission(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| SUBMISSION_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}
