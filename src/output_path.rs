//! Output paths (`-o`) checked before anything is read or written (CLI.md):
//! an output that is the same file as one of the command's inputs, the
//! database or its `-wal`/`-shm` files is refused, and so is an extension
//! that does not fit what the command writes.
//!
//! "The same file" is the same device and inode on Unix, whatever path,
//! symbolic link or hard link names it; elsewhere the same canonical path.
//! A file that does not exist yet (a database's `-wal` while no one writes)
//! is the same as an output that would be created under its name.

use std::path::{Path, PathBuf};

use crate::text::shown;

/// Why an output path is refused.
#[derive(Debug, thiserror::Error)]
pub enum OutputPathError {
    /// The output is one of the command's inputs.
    #[error(
        "-o {output}: är samma fil som {what} {input}. collect skriver aldrig över det den läser; \
         välj ett annat namn eller en annan mapp för utfilen."
    )]
    SameFile {
        /// The output as given.
        output: String,
        /// The input it is, as given.
        input: String,
        /// What that input is ("databasen", "filen som läses").
        what: &'static str,
    },
    /// The output's extension does not fit the formats the command writes.
    #[error(
        "-o {output}: {command} skriver {formats}, och utfilens namn ska sluta på {endings}. \
         Välj till exempel {example}."
    )]
    Extension {
        /// The output as given.
        output: String,
        /// The command.
        command: &'static str,
        /// The formats it writes, in words.
        formats: &'static str,
        /// The extensions it accepts, as a list.
        endings: String,
        /// The output with the first accepted extension.
        example: String,
    },
}

/// One of a command's inputs, which no output may be.
#[derive(Debug, Clone)]
pub struct Input {
    /// Its path as given.
    pub path: PathBuf,
    /// What it is, in Swedish, definite form ("databasen").
    pub what: &'static str,
}

impl Input {
    /// An input file.
    pub fn file(path: &Path, what: &'static str) -> Self {
        Input {
            path: path.to_path_buf(),
            what,
        }
    }

    /// A SQLite database and its `-wal` and `-shm` files, which exist
    /// while it is used (and may not exist at other times).
    pub fn database(db: &Path) -> [Input; 3] {
        let beside = |suffix: &str| {
            let mut name = db.as_os_str().to_owned();
            name.push(suffix);
            PathBuf::from(name)
        };
        [
            Input::file(db, "databasen"),
            Input::file(&beside("-wal"), "databasens WAL-fil"),
            Input::file(&beside("-shm"), "databasens delade minnesfil"),
        ]
    }
}

/// What a command writes to `-o`: its name, the formats in words and the
/// extensions (lower case, without the dot) that fit them.
#[derive(Debug, Clone, Copy)]
pub struct Writes {
    /// The command, as typed.
    pub command: &'static str,
    /// The formats, in words ("en Excel-arbetsbok").
    pub formats: &'static str,
    /// The extensions that fit.
    pub extensions: &'static [&'static str],
}

/// `report -o`.
pub const REPORT: Writes = Writes {
    command: "report",
    formats: "en Excel-arbetsbok",
    extensions: &["xlsx"],
};

/// `annotate -o`.
pub const ANNOTATE: Writes = Writes {
    command: "annotate",
    formats: "en Excel-arbetsbok",
    extensions: &["xlsx"],
};

/// `export -o` (the format follows the extension).
pub const EXPORT: Writes = Writes {
    command: "export",
    formats: "CSV, JSON eller en Excel-arbetsbok",
    extensions: &["csv", "json", "xlsx"],
};

/// `backup -o`.
pub const BACKUP: Writes = Writes {
    command: "backup",
    formats: "en SQLite-databas",
    extensions: &["db", "sqlite", "sqlite3"],
};

/// `template -o` with `--format xlsx`.
pub const TEMPLATE_XLSX: Writes = Writes {
    command: "template --format xlsx",
    formats: "en Excel-arbetsbok",
    extensions: &["xlsx"],
};

/// `template -o` with `--format csv`.
pub const TEMPLATE_CSV: Writes = Writes {
    command: "template --format csv",
    formats: "den långa CSV-filen",
    extensions: &["csv"],
};

/// The output's extension, lower case, when it is one of those `writes`
/// accepts (compared ignoring case).
///
/// # Errors
/// Any other extension, or none.
pub fn extension(output: &Path, writes: &Writes) -> Result<&'static str, OutputPathError> {
    let given = output
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    if let Some(found) = writes
        .extensions
        .iter()
        .find(|e| e.eq_ignore_ascii_case(given))
    {
        return Ok(found);
    }
    let endings: Vec<String> = writes.extensions.iter().map(|e| format!(".{e}")).collect();
    let endings = match endings.as_slice() {
        [one] => one.clone(),
        [first @ .., last] => format!("{} eller {last}", first.join(", ")),
        [] => String::new(),
    };
    let example = output.with_extension(writes.extensions.first().copied().unwrap_or_default());
    Err(OutputPathError::Extension {
        output: shown(&output.display().to_string()),
        command: writes.command,
        formats: writes.formats,
        endings,
        example: shown(&example.display().to_string()),
    })
}

/// Refuses an output that is the same file as one of `inputs`.
///
/// # Errors
/// The output is one of the inputs.
pub fn not_an_input(output: &Path, inputs: &[Input]) -> Result<(), OutputPathError> {
    let target = Identity::of(output);
    match inputs
        .iter()
        .find(|i| target.same_as(&Identity::of(&i.path)))
    {
        Some(input) => Err(OutputPathError::SameFile {
            output: shown(&output.display().to_string()),
            input: shown(&input.path.display().to_string()),
            what: input.what,
        }),
        None => Ok(()),
    }
}

/// Both checks: the extension (see [`extension`]), then the inputs.
///
/// # Errors
/// As [`extension`] and [`not_an_input`].
pub fn check(
    output: &Path,
    writes: &Writes,
    inputs: &[Input],
) -> Result<&'static str, OutputPathError> {
    let found = extension(output, writes)?;
    not_an_input(output, inputs)?;
    Ok(found)
}

/// What makes two paths the same file.
#[derive(Debug)]
struct Identity {
    /// Device and inode of an existing file (Unix).
    file: Option<(u64, u64)>,
    /// The path with its folder resolved: the canonical path of an existing
    /// file, else the canonical folder joined with the name.
    path: Option<PathBuf>,
}

impl Identity {
    fn of(path: &Path) -> Self {
        #[cfg(unix)]
        let file = {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
        };
        #[cfg(not(unix))]
        let file = None;
        let path = std::fs::canonicalize(path).ok().or_else(|| {
            let folder = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            Some(std::fs::canonicalize(folder).ok()?.join(path.file_name()?))
        });
        Identity { file, path }
    }

    fn same_as(&self, other: &Identity) -> bool {
        match (self.file, other.file) {
            (Some(a), Some(b)) => a == b,
            _ => self.path.is_some() && self.path == other.path,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_are_compared_ignoring_case() {
        assert_eq!(extension(Path::new("R.XLSX"), &REPORT).unwrap(), "xlsx");
        assert_eq!(
            extension(Path::new("k.Sqlite3"), &BACKUP).unwrap(),
            "sqlite3"
        );
        let refused = extension(Path::new("rapport.pdf"), &REPORT)
            .unwrap_err()
            .to_string();
        assert_eq!(
            refused,
            "-o rapport.pdf: report skriver en Excel-arbetsbok, och utfilens namn ska sluta på .xlsx. \
             Välj till exempel rapport.xlsx."
        );
        let none = extension(Path::new("ut"), &EXPORT).unwrap_err().to_string();
        assert!(
            none.contains("ska sluta på .csv, .json eller .xlsx"),
            "{none}"
        );
    }

    #[test]
    fn the_same_file_through_any_name_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("svar.xlsx");
        std::fs::write(&input, "x").unwrap();
        let inputs = [Input::file(&input, "filen som läses")];
        let other = dir.path().join("sub/../svar.xlsx");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        assert!(not_an_input(&other, &inputs).is_err());
        assert!(not_an_input(&dir.path().join("ut.xlsx"), &inputs).is_ok());
        #[cfg(unix)]
        {
            let link = dir.path().join("länk.xlsx");
            std::os::unix::fs::symlink(&input, &link).unwrap();
            assert!(not_an_input(&link, &inputs).is_err());
            let hard = dir.path().join("hård.xlsx");
            std::fs::hard_link(&input, &hard).unwrap();
            assert!(not_an_input(&hard, &inputs).is_err());
        }
        // A -wal that does not exist yet is still the database's.
        let db = dir.path().join("c.db");
        std::fs::write(&db, "").unwrap();
        let refused = not_an_input(&dir.path().join("c.db-wal"), &Input::database(&db))
            .unwrap_err()
            .to_string();
        assert!(refused.contains("databasens WAL-fil"), "{refused}");
    }
}
