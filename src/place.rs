//! Where something stands in a submission: a cell, a header row, a whole
//! sheet, a CSV line or the whole file, and which row of a section an
//! answer belongs to. A place is data until it is shown; it is rendered
//! here and nowhere else (`Budget!C5`, `Strategidokument!1:1`,
//! `svar.csv:7`), with any control character in a name shown as a
//! visible mark, so a crafted sheet name cannot steer a terminal or a log.

use std::fmt;

use crate::text::shown;

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

/// A place in a submission file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Place {
    /// The whole file, by its path as given on the command line.
    File(Box<str>),
    /// A whole sheet, by its name as it stands in the file.
    Sheet(Box<str>),
    /// One cell of a sheet; row and column are zero-based.
    Cell {
        /// The sheet's name as it stands in the file.
        sheet: Box<str>,
        /// Zero-based row.
        row: u32,
        /// Zero-based column.
        col: u32,
    },
    /// A sheet's header row (a missing table column); zero-based.
    HeaderRow {
        /// The sheet's name as it stands in the file.
        sheet: Box<str>,
        /// Zero-based row.
        row: u32,
    },
    /// A line of a CSV file, the line a record starts on (from 1).
    Line {
        /// The file's name without folders.
        file: Box<str>,
        /// Line number, from 1.
        line: u64,
    },
    /// A place as the database recorded it when the file was imported.
    Recorded(Box<str>),
}

impl Place {
    /// The whole file at `path`.
    pub fn file(path: &str) -> Self {
        Place::File(path.into())
    }

    /// A cell of `sheet`.
    pub fn cell(sheet: &str, row: u32, col: u32) -> Self {
        Place::Cell {
            sheet: sheet.into(),
            row,
            col,
        }
    }

    /// The line of a CSV file; `path` may hold folders, which are dropped.
    pub fn line(path: &str, line: u64) -> Self {
        Place::Line {
            file: file_name(path).into(),
            line,
        }
    }

    /// A whole sheet.
    pub fn sheet(name: &str) -> Self {
        Place::Sheet(name.into())
    }

    /// Whether the place is the whole file.
    pub fn is_file(&self) -> bool {
        matches!(self, Place::File(_))
    }

    /// The CSV line number, for annotations that point at a line.
    pub fn line_number(&self) -> Option<u64> {
        match self {
            Place::Line { line, .. } => Some(*line),
            _ => None,
        }
    }

    /// The place as shown in documents that leave the collector's computer
    /// (feedback files, the stored record, the report): a file by its name
    /// without folders.
    pub fn in_document(&self) -> String {
        match self {
            Place::File(path) => file_name(path),
            // Older versions recorded a whole file's place as its path; a
            // sheet name cannot hold a slash, so a slash means folders.
            Place::Recorded(text) if text.contains(['/', '\\']) => file_name(text),
            other => other.to_string(),
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::File(path) => f.write_str(&shown(path)),
            Place::Sheet(sheet) => f.write_str(&shown(sheet)),
            Place::Cell { sheet, row, col } => {
                write!(f, "{}!{}", shown(sheet), cell_ref(*row, *col))
            }
            Place::HeaderRow { sheet, row } => {
                write!(f, "{}!{1}:{1}", shown(sheet), u64::from(*row) + 1)
            }
            Place::Line { file, line } => write!(f, "{}:{line}", shown(file)),
            Place::Recorded(text) => f.write_str(&shown(text)),
        }
    }
}

impl serde::Serialize for Place {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A path's file name without folders, whether written with `/` or `\\`
/// (the path itself if it has none).
pub fn file_name(path: &str) -> String {
    path.rsplit(['/', '\\'])
        .find(|part| !part.is_empty())
        .unwrap_or(path)
        .to_string()
}

/// `A1` notation of a zero-based row and column.
pub fn cell_ref(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = u64::from(col) + 1;
    while n > 0 {
        let rem = u8::try_from((n - 1) % 26).unwrap_or(0);
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        letters.into_iter().collect::<String>(),
        u64::from(row) + 1
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_notation() {
        assert_eq!(cell_ref(0, 0), "A1");
        assert_eq!(cell_ref(4, 2), "C5");
        assert_eq!(cell_ref(9, 25), "Z10");
        assert_eq!(cell_ref(0, 26), "AA1");
        assert_eq!(cell_ref(0, 16383), "XFD1");
    }

    #[test]
    fn places_render_as_people_write_them() {
        assert_eq!(Place::cell("Budget", 4, 2).to_string(), "Budget!C5");
        let header = Place::HeaderRow {
            sheet: "Strategidokument".into(),
            row: 0,
        };
        assert_eq!(header.to_string(), "Strategidokument!1:1");
        assert_eq!(Place::line("in/1441/svar.csv", 7).to_string(), "svar.csv:7");
        assert_eq!(
            Place::file("in/1441/svar.xlsx").to_string(),
            "in/1441/svar.xlsx"
        );
        assert_eq!(Place::file("in/1441/svar.xlsx").in_document(), "svar.xlsx");
        assert_eq!(
            Place::Sheet("Anteckningar".into()).to_string(),
            "Anteckningar"
        );
        assert_eq!(Place::line("a.csv", 3).line_number(), Some(3));
        let old = Place::Recorded("/home/a/inkommet/svar.xlsx".into());
        assert_eq!(old.in_document(), "svar.xlsx");
        assert_eq!(
            Place::Recorded("Budget!C5".into()).in_document(),
            "Budget!C5"
        );
        assert_eq!(file_name("C:\\Users\\a\\svar.csv"), "svar.csv");
        assert_eq!(Place::cell("Budget", 0, 0).line_number(), None);
    }
}
