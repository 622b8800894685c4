//! Opening a submission: a workbook (xlsx, xlsm, xls, ods) or a long CSV,
//! turned into the sections, records and cells the survey expects. Every
//! value keeps its place (`Budget!C5`, `fil.csv:7`) for messages.

mod csv;
mod decrypt;
mod encryption;
mod extent;
mod ole;
mod sniff;
mod workbook;

use chrono::NaiveDateTime;

use crate::finding::Finding;
use crate::limits::Limits;
use crate::place::{Place, RowKey};
use crate::survey::Survey;
pub use csv::looks_like_submission;
pub use sniff::Content;

/// A cell's content as the file holds it, before it is read as a type.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    /// Nothing.
    Empty,
    /// Text as written.
    Text(String),
    /// A numeric cell.
    Number(f64),
    /// A boolean cell.
    Bool(bool),
    /// A cell with a date format.
    Date(NaiveDateTime),
    /// An error value such as `#REF!`.
    Error(String),
    /// A formula whose result the file does not hold.
    FormulaWithoutValue(String),
}

/// A value and where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct RawValue {
    /// The cell or CSV line.
    pub place: Place,
    /// The content.
    pub value: CellValue,
}

/// One row of a section as read.
#[derive(Debug, Clone)]
pub struct RawRow {
    /// Which row.
    pub key: RowKey,
    /// Where a missing answer of this row is reported.
    pub place: Place,
    /// Question id → value, for the questions the file has for this row.
    pub values: Vec<(String, RawValue)>,
}

/// A section found in the file.
#[derive(Debug, Clone)]
pub struct RawSection {
    /// Section id.
    pub id: String,
    /// The sheet as named in the file, or the file for a CSV.
    pub place: Place,
    /// The rows: one for a form, one per record or grid row.
    pub rows: Vec<RawRow>,
    /// Questions already reported as missing (a table column), so they are
    /// not reported again for every record.
    pub reported_missing: Vec<String>,
}

/// The survey id and version a file says it was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// Survey id.
    pub survey: String,
    /// Survey version, if given.
    pub version: Option<u32>,
}

/// A file read into sections, with the findings about its structure.
#[derive(Debug, Clone, Default)]
pub struct RawSubmission {
    /// The survey marker, if the file carries one.
    pub marker: Option<Marker>,
    /// Sections present in the file.
    pub sections: Vec<RawSection>,
    /// Structural findings: unknown sheets, repeated ids, missing columns.
    pub findings: Vec<Finding>,
}

/// Reads a submission's bytes. `path` names the file in messages as given
/// on the command line.
///
/// # Errors
/// A finding about the whole file when it cannot be read as a submission:
/// empty, corrupt, encrypted, or of a type its extension does not promise.
pub fn read(
    path: &str,
    bytes: &[u8],
    survey: &Survey,
    limits: &Limits,
) -> Result<RawSubmission, Finding> {
    limits.check_file_size(
        &Place::file(path),
        u64::try_from(bytes.len()).unwrap_or(u64::MAX),
    )?;
    let mut content = sniff::sniff(bytes);
    // An OOXML package encrypted with Excel's default password opens
    // without one: it is read as the package it holds, under every limit.
    let decrypted = match content {
        Content::Encrypted => decrypt::default_password_package(bytes),
        _ => None,
    };
    let bytes = match &decrypted {
        Some(package) => {
            content = sniff::sniff(package);
            package.as_slice()
        }
        None => bytes,
    };
    let extension = std::path::Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    sniff::check_extension(path, &extension, &content)?;
    encryption::check(path, bytes, content)?;
    match content {
        Content::Text => csv::read(path, bytes, survey, limits),
        _ => workbook::read(path, bytes, &content, survey, limits),
    }
}
