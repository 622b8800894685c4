//! Opening a submission: a workbook (xlsx, xlsm, xls, ods) or a long CSV,
//! turned into the sections, records and cells the survey expects. Every
//! value keeps its place (`Budget!C5`, `fil.csv:7`) for messages.

mod csv;
mod encryption;
pub(crate) mod ole;
mod sniff;
mod workbook;

use chrono::NaiveDateTime;

use crate::finding::Finding;
use crate::limits::Limits;
use crate::survey::Survey;
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
    /// `Budget!C5` or `fil.csv:7`.
    pub place: String,
    /// The content.
    pub value: CellValue,
}

/// Which row of a section an answer belongs to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RowKey {
    /// A form section's only row.
    Form,
    /// A table record, numbered from 1 (in a CSV, the number in `row`).
    Record(u32),
    /// A grid row: the id of its choice.
    Grid(String),
}

impl RowKey {
    /// The row as written in the long CSV: empty, a number or a grid row id.
    pub fn as_csv(&self) -> String {
        match self {
            RowKey::Form => String::new(),
            RowKey::Record(n) => n.to_string(),
            RowKey::Grid(id) => id.clone(),
        }
    }
}

/// One row of a section as read.
#[derive(Debug, Clone)]
pub struct RawRow {
    /// Which row.
    pub key: RowKey,
    /// Where a missing answer of this row is reported.
    pub place: String,
    /// Question id → value, for the questions the file has for this row.
    pub values: Vec<(String, RawValue)>,
}

/// A section found in the file.
#[derive(Debug, Clone)]
pub struct RawSection {
    /// Section id.
    pub id: String,
    /// The sheet name as written, or the file for a CSV.
    pub place: String,
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
    limits.check_file_size(path, bytes.len() as u64)?;
    let content = sniff::sniff(bytes);
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

/// `A1` notation of a zero-based row and column.
pub fn cell_ref(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

#[cfg(test)]
mod tests {
    use super::cell_ref;

    #[test]
    fn a1_notation() {
        assert_eq!(cell_ref(0, 0), "A1");
        assert_eq!(cell_ref(4, 2), "C5");
        assert_eq!(cell_ref(9, 25), "Z10");
        assert_eq!(cell_ref(0, 26), "AA1");
        assert_eq!(cell_ref(0, 16383), "XFD1");
    }
}
