//! Errors that stop a command: usage, I/O, a broken survey or registry.
//! They map to exit code 2; findings about submissions are not errors.

use crate::aggregate::AggregateError;
use crate::output_path::OutputPathError;
use crate::registry::RegistryError;
use crate::report::ReportError;
use crate::store::StoreError;
use crate::survey::SurveyError;

/// A command could not run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The arguments do not make sense together.
    #[error("{0}")]
    Usage(String),
    /// A file or folder could not be read or written (or does not exist).
    #[error("{}", crate::io_message::describe(path, cause))]
    Io {
        /// The path as given.
        path: String,
        /// What the system said (not a `source`, so it is not printed twice).
        cause: std::io::Error,
    },
    /// The arguments name no file to check: a job must never pass having
    /// checked nothing.
    #[error(
        "inga enkätfiler hittades i {paths} (filer med ändelsen .xlsx, .xlsm, .xls, .ods, .csv eller .txt). \
         Kontrollera sökvägen; inget har kontrollerats."
    )]
    NoFiles {
        /// The paths as given.
        paths: String,
    },
    /// An output path (`-o`) is an input or has the wrong extension.
    #[error(transparent)]
    OutputPath(#[from] OutputPathError),
    /// The survey definition is unusable.
    #[error(transparent)]
    Survey(#[from] SurveyError),
    /// The registry is unusable.
    #[error(transparent)]
    Registry(#[from] RegistryError),
    /// The database is missing, newer than this binary, or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The report's figures could not be computed.
    #[error(transparent)]
    Aggregate(#[from] AggregateError),
    /// The report could not be saved.
    #[error(transparent)]
    Report(#[from] ReportError),
    /// The report could not be made; nothing was written.
    #[error("{path}: {cause} En tidigare fil med samma namn är orörd.")]
    NotWritten {
        /// The output as given.
        path: String,
        /// Why (not a `source`, so it is not printed twice).
        cause: ReportError,
    },
    /// An e-mail draft could not be made.
    #[error(transparent)]
    Draft(#[from] crate::mail::DraftError),
    /// A form or feedback workbook could not be made.
    #[error("arbetsboken kunde inte skapas: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: &std::path::Path, cause: std::io::Error) -> Self {
        Error::Io {
            path: path.display().to_string(),
            cause,
        }
    }
}
