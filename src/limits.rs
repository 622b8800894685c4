//! Limits on what a submitted file may make `collect` do, checked before the
//! work: file size, a workbook's unpacked size and entry count (from the zip
//! central directory, before anything is inflated), rows and columns per
//! sheet, and characters per cell. A file over a limit is refused with a
//! finding (`limit.*`, exit code 1); nothing is read further.
//!
//! Workbook readers can allocate a dense grid from a sheet's extent before a
//! single cell is seen, so the extent is checked first: xlsx cells are read
//! one by one, and the .xls and .ods grids are measured from their records
//! before calamine builds them.

use std::io::{Cursor, Read};

use crate::finding::Finding;

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
    pub fn check_file_size(&self, path: &str, size: u64) -> Result<(), Finding> {
        if size > self.file_bytes {
            return Err(Finding::error(
                "limit.file_size",
                path,
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
    pub fn check_zip(&self, path: &str, bytes: &[u8]) -> Result<(), Finding> {
        let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
            return Ok(()); // a damaged zip is reported by the reader
        };
        if archive.len() > self.zip_entries {
            return Err(Finding::error(
                "limit.zip_entries",
                path,
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
                path,
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
    pub fn check_cell(&self, place: &str, row: u32, col: u32) -> Result<(), Finding> {
        if row >= self.rows {
            return Err(Finding::error(
                "limit.rows",
                place,
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
                place,
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

    /// The extent of a grid a reader will allocate whole.
    ///
    /// # Errors
    /// The finding for a grid beyond the row, column or cell limit.
    pub fn check_grid(&self, place: &str, rows: u64, cols: u64) -> Result<(), Finding> {
        let clamp = |n: u64| u32::try_from(n.saturating_sub(1)).unwrap_or(u32::MAX);
        self.check_cell(place, clamp(rows), 0)?;
        self.check_cell(place, 0, clamp(cols))?;
        if rows.saturating_mul(cols) > self.grid_cells {
            return Err(Finding::error(
                "limit.grid_cells",
                place,
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
    pub fn check_text(&self, place: &str, text: &str) -> Result<(), Finding> {
        // Bytes bound characters from above; count only when it matters.
        if text.len() > self.cell_chars && text.chars().count() > self.cell_chars {
            return Err(Finding::error(
                "limit.cell_text",
                place,
                format!(
                    "cellen har {} tecken, fler än gränsen {} (gränsen ändras med --max-cell-chars).",
                    text.chars().count(),
                    self.cell_chars
                ),
            ));
        }
        Ok(())
    }

    /// The extent of every sheet of an .xls workbook, measured from its cell
    /// records before calamine builds a grid from them.
    ///
    /// # Errors
    /// The finding for a sheet beyond the row or column limit.
    pub fn check_xls(&self, path: &str, bytes: &[u8]) -> Result<(), Finding> {
        // The workbook stream as calamine will read it; a compound file that
        // calamine could not read, or would read without end, is refused.
        let corrupt = || {
            Finding::error(
                "file.corrupt",
                path,
                "filen är skadad och kan inte läsas som kalkylark. Öppna den i Excel eller LibreOffice, \
                 spara den på nytt och skicka den igen.",
            )
        };
        let file = crate::read::ole::Ole::open(bytes).ok_or_else(corrupt)?;
        let stream = file
            .stream("Workbook")
            .or_else(|| file.stream("Book"))
            .ok_or_else(corrupt)?;
        // calamine reads each sheet from the offset its BOUNDSHEET record
        // gives, so every sheet is scanned from there as well as the stream
        // from its start.
        let mut sheets = Vec::new();
        self.scan_xls(path, &stream, 0, false, &mut sheets)?;
        for start in sheets.into_iter().take(1_000) {
            self.scan_xls(path, &stream, start, true, &mut Vec::new())?;
        }
        Ok(())
    }

    /// Checks the DIMENSIONS and cell records of a BIFF stream from `at` to
    /// its end (or, for one sheet, its EOF record), collecting BOUNDSHEET
    /// offsets.
    fn scan_xls(
        &self,
        path: &str,
        stream: &[u8],
        mut at: usize,
        one_sheet: bool,
        sheets: &mut Vec<usize>,
    ) -> Result<(), Finding> {
        while at + 4 <= stream.len() {
            let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
            let len = usize::from(u16::from_le_bytes([stream[at + 2], stream[at + 3]]));
            let data = &stream[at + 4..(at + 4 + len).min(stream.len())];
            if kind == 0x0085 && data.len() >= 4 {
                sheets.push(u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize);
            }
            if kind == 0x000A && one_sheet {
                break;
            }
            // Cell records start with a row and a column: LABELSST, NUMBER,
            // RK, MULRK, FORMULA, BOOLERR, BLANK, MULBLANK, LABEL, RSTRING.
            let is_cell = matches!(
                kind,
                0x00FD
                    | 0x0203
                    | 0x027E
                    | 0x00BD
                    | 0x0006
                    | 0x0205
                    | 0x0201
                    | 0x00BE
                    | 0x0204
                    | 0x00D6
            );
            // DIMENSIONS: calamine reserves rows × columns cells from it.
            if kind == 0x0200 && matches!(data.len(), 10 | 14 | 16) {
                let u16_at = |i: usize| u32::from(u16::from_le_bytes([data[i], data[i + 1]]));
                let u32_at =
                    |i: usize| u32::from_le_bytes([data[i], data[i + 1], data[i + 2], data[i + 3]]);
                let (first_row, last_row, mut first_col, last_col) = if data.len() == 10 {
                    (u16_at(0), u16_at(2), u16_at(4), u16_at(6))
                } else {
                    (u32_at(0), u32_at(4), u16_at(8), u16_at(10))
                };
                if first_col > 0xFF || last_col < first_col {
                    first_col = 0;
                }
                if last_row >= 1 && last_col >= 1 {
                    let rows = u64::from((last_row - 1).wrapping_sub(first_row).wrapping_add(1));
                    let cols = u64::from((last_col - 1).wrapping_sub(first_col).wrapping_add(1));
                    self.check_grid(path, rows, cols)?;
                }
            }
            if is_cell && data.len() >= 4 {
                let row = u32::from(u16::from_le_bytes([data[0], data[1]]));
                let mut col = u32::from(u16::from_le_bytes([data[2], data[3]]));
                if matches!(kind, 0x00BD | 0x00BE) && data.len() >= 6 {
                    // MULRK/MULBLANK end with their last column.
                    col = u32::from(u16::from_le_bytes([
                        data[data.len() - 2],
                        data[data.len() - 1],
                    ]));
                }
                self.check_cell(path, row, col)?;
            }
            at += 4 + len;
        }
        Ok(())
    }

    /// The extent of every sheet of an .ods workbook: a row repeated beyond
    /// the limit, or a cell repeated beyond it, that holds a value.
    ///
    /// # Errors
    /// The finding for a sheet beyond the row or column limit.
    pub fn check_ods(&self, path: &str, bytes: &[u8]) -> Result<(), Finding> {
        let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
            return Ok(());
        };
        let mut content = String::new();
        match archive.by_name("content.xml") {
            // Bounded by check_zip, which has already run.
            Ok(mut entry) => {
                if entry.read_to_string(&mut content).is_err() {
                    return Ok(());
                }
            }
            Err(_) => return Ok(()),
        }
        let mut rows: u64 = 0;
        let (mut last_row, mut last_col) = (0u64, 0u64);
        for row in content.split("<table:table-row").skip(1) {
            let element = row.split("</table:table-row>").next().unwrap_or(row);
            let repeated = repeat(element, "table:number-rows-repeated");
            let has_value = element.contains("office:value-type") || element.contains("<text:p");
            if has_value {
                let mut cols: u64 = 0;
                for cell in element.split("<table:table-cell").skip(1) {
                    let n = repeat(cell, "table:number-columns-repeated");
                    if cell.contains("office:value-type") || cell.contains("<text:p") {
                        self.check_cell(path, 0, u32::try_from(cols + n - 1).unwrap_or(u32::MAX))?;
                        last_col = last_col.max(cols + n);
                    }
                    cols += n;
                }
                self.check_cell(
                    path,
                    u32::try_from(rows + repeated - 1).unwrap_or(u32::MAX),
                    0,
                )?;
                last_row = last_row.max(rows + repeated);
                self.check_grid(path, last_row, last_col)?;
            }
            rows += repeated;
            if row.contains("</table:table>") {
                rows = 0;
            }
        }
        Ok(())
    }
}

/// The value of a repeat attribute at the start of an element, 1 if absent.
fn repeat(element: &str, attribute: &str) -> u64 {
    let head = element.split('>').next().unwrap_or("");
    head.split(&format!("{attribute}=\""))
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_texts_and_sizes_against_limits() {
        let limits = Limits {
            rows: 10,
            columns: 5,
            cell_chars: 4,
            file_bytes: 100,
            grid_cells: 20,
            ..Limits::default()
        };
        assert!(limits.check_grid("x", 4, 5).is_ok());
        assert_eq!(
            limits.check_grid("x", 5, 5).unwrap_err().code,
            "limit.grid_cells"
        );
        assert!(limits.check_cell("x", 9, 4).is_ok());
        assert_eq!(
            limits.check_cell("x", 10, 0).unwrap_err().code,
            "limit.rows"
        );
        assert_eq!(
            limits.check_cell("x", 0, 5).unwrap_err().code,
            "limit.columns"
        );
        assert!(limits.check_text("x", "åäöå").is_ok());
        assert_eq!(
            limits.check_text("x", "abcde").unwrap_err().code,
            "limit.cell_text"
        );
        assert_eq!(
            limits.check_file_size("x", 101).unwrap_err().code,
            "limit.file_size"
        );
    }

    #[test]
    fn repeat_attributes_are_read_from_the_element_head() {
        assert_eq!(
            repeat(
                " table:number-rows-repeated=\"1048576\"><x>",
                "table:number-rows-repeated"
            ),
            1_048_576
        );
        assert_eq!(
            repeat(
                " table:style-name=\"ro1\"><x table:number-rows-repeated=\"9\">",
                "table:number-rows-repeated"
            ),
            1
        );
    }
}
