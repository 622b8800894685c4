//! Limits on what a submitted file may make `collect` do, checked before the
//! work: file size, a workbook's unpacked size and entry count (from the zip
//! central directory, before anything is inflated), rows and columns per
//! sheet, and characters per cell. A file over a limit is refused with a
//! finding (`limit.*`, exit code 1); nothing is read further.
//!
//! Workbook readers can allocate a dense grid from a sheet's extent before a
//! single cell is seen, so the reader checks the extent first
//! ([`crate::read`] measures .xls and .ods grids from their records).

use std::io::Cursor;

use crate::finding::Finding;
use crate::place::Place;

/// The limits. The defaults are far above any real submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file, in bytes.
    pub file_bytes: u64,
    /// Largest total unpacked size of a workbook's zip entries, in bytes.
    pub unzipped_bytes: u64,
    /// Most entries in a workbook's zip.
    pub zip_entries: usize,
    /// Most rows per sheet (or lines per CSV).
    pub rows: u32,
    /// Most columns per sheet (or fields per CSV line).
    pub columns: u32,
    /// Most characters in one cell.
    pub cell_chars: usize,
    /// Most cells in the grid a reader builds whole (.xls, .ods): rows times
    /// columns of the sheet's extent.
    pub grid_cells: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            file_bytes: 50 * 1024 * 1024,
            unzipped_bytes: 200 * 1024 * 1024,
            zip_entries: 10_000,
            rows: 100_000,
            columns: 1_000,
            cell_chars: 32_767,
            grid_cells: 2_000_000,
        }
    }
}

const MB: u64 = 1024 * 1024;

impl Limits {
    /// A file's size against the limit.
    ///
    /// # Errors
    /// The finding for a file that is too large.
    pub fn check_file_size(&self, place: &Place, size: u64) -> Result<(), Finding> {
        if size > self.file_bytes {
            return Err(Finding::error(
                "limit.file_size",
                place.clone(),
                format!(
                    "filen är {} MB, större än gränsen {} MB. En enkätfil är normalt under 1 MB; kontrollera att rätt fil \
                     skickades (gränsen ändras med --max-file-mb).",
                    size.div_ceil(MB),
                    self.file_bytes / MB
                ),
            ));
        }
        Ok(())
    }

    /// A zip's central directory: entry count and total unpacked size,
    /// read without inflating anything.
    ///
    /// # Errors
    /// The finding for a zip over a limit (a "zip bomb").
    pub fn check_zip(&self, place: &Place, bytes: &[u8]) -> Result<(), Finding> {
        let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
            return Ok(()); // a damaged zip is reported by the reader
        };
        if archive.len() > self.zip_entries {
            return Err(Finding::error(
                "limit.zip_entries",
                place.clone(),
                format!(
                    "arbetsboken består av {} delar, fler än gränsen {}. Filen är inte en vanlig enkätfil \
                     (gränsen ändras med --max-zip-entries).",
                    archive.len(),
                    self.zip_entries
                ),
            ));
        }
        let mut total: u64 = 0;
        for i in 0..archive.len() {
            if let Ok(entry) = archive.by_index_raw(i) {
                total = total.saturating_add(entry.size());
            }
        }
        if total > self.unzipped_bytes {
            return Err(Finding::error(
                "limit.unzipped_size",
                place.clone(),
                format!(
                    "arbetsboken packas upp till {} MB, mer än gränsen {} MB, och lästes inte. Spara den på nytt \
                     utan onödiga blad och bilder (gränsen ändras med --max-unzipped-mb).",
                    total.div_ceil(MB),
                    self.unzipped_bytes / MB
                ),
            ));
        }
        Ok(())
    }

    /// A cell position against the row and column limits.
    ///
    /// # Errors
    /// The finding naming the sheet.
    pub fn check_cell(&self, place: &Place, row: u32, col: u32) -> Result<(), Finding> {
        if row >= self.rows {
            return Err(Finding::error(
                "limit.rows",
                place.clone(),
                format!(
                    "bladet har innehåll på rad {}, bortom gränsen {} rader, och lästes inte. Ta bort innehållet \
                     långt ned på bladet (gränsen ändras med --max-rows).",
                    u64::from(row) + 1,
                    self.rows
                ),
            ));
        }
        if col >= self.columns {
            return Err(Finding::error(
                "limit.columns",
                place.clone(),
                format!(
                    "bladet har innehåll i kolumn {}, bortom gränsen {} kolumner, och lästes inte. Ta bort innehållet \
                     långt ut till höger (gränsen ändras med --max-columns).",
                    u64::from(col) + 1,
                    self.columns
                ),
            ));
        }
        Ok(())
    }

    /// The extent of a grid a reader will allocate whole, whether its cells
    /// hold content or formatting only: the row and column limits are for
    /// content ([`Limits::check_cell`]), this one for memory.
    ///
    /// # Errors
    /// The finding for a grid beyond the cell limit.
    pub fn check_grid(&self, place: &Place, rows: u64, cols: u64) -> Result<(), Finding> {
        if rows.saturating_mul(cols) > self.grid_cells {
            return Err(Finding::error(
                "limit.grid_cells",
                place.clone(),
                format!(
                    "bladet spänner över {rows} rader och {cols} kolumner, fler än {} celler, och lästes inte. Ta bort \
                     innehåll långt ned eller långt till höger (gränsen ändras med --max-grid-cells).",
                    self.grid_cells
                ),
            ));
        }
        Ok(())
    }

    /// A cell's text against the character limit.
    ///
    /// # Errors
    /// The finding on the cell.
    pub fn check_text(&self, place: &Place, text: &str) -> Result<(), Finding> {
        // Bytes bound characters from above; count only when it matters.
        if text.len() > self.cell_chars && text.chars().count() > self.cell_chars {
            return Err(Finding::error(
                "limit.cell_text",
                place.clone(),
                format!(
                    "cellen har {} tecken, fler än gränsen {} (gränsen ändras med --max-cell-chars).",
                    text.chars().count(),
                    self.cell_chars
                ),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_texts_and_sizes_against_limits() {
        let x = Place::file("x");
        let limits = Limits {
            rows: 10,
            columns: 5,
            cell_chars: 4,
            file_bytes: 100,
            grid_cells: 20,
            ..Limits::default()
        };
        assert!(limits.check_grid(&x, 4, 5).is_ok());
        assert_eq!(
            limits.check_grid(&x, 5, 5).unwrap_err().code,
            "limit.grid_cells"
        );
        assert!(limits.check_cell(&x, 9, 4).is_ok());
        assert_eq!(limits.check_cell(&x, 10, 0).unwrap_err().code, "limit.rows");
        assert_eq!(
            limits.check_cell(&x, 0, 5).unwrap_err().code,
            "limit.columns"
        );
        assert!(limits.check_text(&x, "åäöå").is_ok());
        assert_eq!(
            limits.check_text(&x, "abcde").unwrap_err().code,
            "limit.cell_text"
        );
        assert_eq!(
            limits.check_file_size(&x, 101).unwrap_err().code,
            "limit.file_size"
        );
    }
}
