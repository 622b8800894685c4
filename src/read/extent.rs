//! The extent of .xls and .ods sheets, measured from their records before
//! calamine builds a dense grid from them: a file whose records claim a
//! sheet beyond the limits is refused before any allocation.

use std::io::{Cursor, Read};

use crate::finding::Finding;
use crate::limits::Limits;
use crate::place::Place;

/// The extent of an .xls workbook, measured from its records before
/// calamine builds a grid from them: in a sheet that is read, a cell beyond
/// the row or column limit; in every sheet, since calamine parses them all,
/// the grid it builds (from the DIMENSIONS record and from the cells' own
/// extent) beyond the grid-cell limit. `is_read` tells a sheet that is
/// read by its name.
///
/// # Errors
/// The finding for a read sheet beyond the row or column limit, or for a
/// grid beyond the grid-cell limit.
pub(super) fn check_xls(
    limits: &Limits,
    path: &str,
    bytes: &[u8],
    is_read: impl Fn(&str) -> bool,
) -> Result<(), Finding> {
    let place = Place::file(path);
    // A compound file this reader cannot open is not handed to calamine,
    // whose own, more lenient reader trusts sizes it finds in it.
    let corrupt = || {
        Finding::error(
            "file.corrupt",
            place.clone(),
            "filen är skadad och kan inte läsas som kalkylark. Öppna den i Excel eller LibreOffice, \
             spara den på nytt och skicka den igen.",
        )
    };
    // The workbook stream as calamine will read it (decrypted, where Excel's
    // default password encrypted it; any other password was refused
    // before); a compound file that calamine could not read, or would read
    // without end, is refused.
    let stream = super::encryption::workbook_stream(bytes)
        .and_then(Result::ok)
        .ok_or_else(corrupt)?;
    // calamine reads each sheet from the offset its BOUNDSHEET record
    // gives, and only there.
    for (start, name) in sheets_of(&stream).into_iter().take(1_000) {
        let sheet = Place::sheet(&name);
        scan_sheet(limits, &sheet, &stream, start, is_read(&name))?;
    }
    Ok(())
}

/// The offset and name of every sheet, from the BOUNDSHEET records of a
/// BIFF stream (BIFF5 or BIFF8, told by the first BOF's version).
fn sheets_of(stream: &[u8]) -> Vec<(usize, String)> {
    let mut sheets = Vec::new();
    let mut biff8 = true;
    let mut at = 0;
    while at + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let len = usize::from(u16::from_le_bytes([stream[at + 2], stream[at + 3]]));
        let data = &stream[at + 4..(at + 4 + len).min(stream.len())];
        match kind {
            // The version by its high byte (0x05 BIFF5, 0x06 BIFF8).
            0x0809 if at == 0 && data.len() >= 2 => biff8 = data[1] >= 0x06,
            0x0085 if data.len() >= 4 => sheets.push((
                u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize,
                boundsheet_name(data, biff8),
            )),
            _ => {}
        }
        at += 4 + len;
    }
    sheets
}

/// The cell records with content, which start with a row and a column:
/// LABELSST, NUMBER, RK, MULRK, FORMULA, BOOLERR, LABEL, RSTRING. BLANK and
/// MULBLANK carry formatting alone and count for no limit.
const XLS_CELLS: [u16; 8] = [
    0x00FD, 0x0203, 0x027E, 0x00BD, 0x0006, 0x0205, 0x0204, 0x00D6,
];

/// Checks one sheet's records from `at` to its EOF record: the grids of
/// its DIMENSIONS records and of the cells found, and when the sheet is
/// `read` each cell against the row and column limits.
fn scan_sheet(
    limits: &Limits,
    place: &Place,
    stream: &[u8],
    mut at: usize,
    read: bool,
) -> Result<(), Finding> {
    let mut extent: Option<(u32, u32, u32, u32)> = None;
    while at + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let len = usize::from(u16::from_le_bytes([stream[at + 2], stream[at + 3]]));
        let data = &stream[at + 4..(at + 4 + len).min(stream.len())];
        match kind {
            0x000A => break,
            0x0200 => dimensions(limits, place, data)?,
            _ if XLS_CELLS.contains(&kind) && data.len() >= 4 => {
                let row = u32::from(u16::from_le_bytes([data[0], data[1]]));
                let mut col = u32::from(u16::from_le_bytes([data[2], data[3]]));
                if kind == 0x00BD && data.len() >= 6 {
                    // MULRK ends with its last column.
                    col = u32::from(u16::from_le_bytes([
                        data[data.len() - 2],
                        data[data.len() - 1],
                    ]));
                }
                if read {
                    limits.check_cell(place, row, col)?;
                }
                let (r0, r1, c0, c1) = extent.unwrap_or((row, row, col, col));
                extent = Some((r0.min(row), r1.max(row), c0.min(col), c1.max(col)));
            }
            _ => {}
        }
        at += 4 + len;
    }
    // calamine's grid spans the cells it found.
    if let Some((r0, r1, c0, c1)) = extent {
        limits.check_grid(place, u64::from(r1 - r0) + 1, u64::from(c1 - c0) + 1)?;
    }
    Ok(())
}

/// DIMENSIONS: calamine reserves rows × columns cells from it.
fn dimensions(limits: &Limits, place: &Place, data: &[u8]) -> Result<(), Finding> {
    if !matches!(data.len(), 10 | 14 | 16) {
        return Ok(());
    }
    let u16_at = |i: usize| u32::from(u16::from_le_bytes([data[i], data[i + 1]]));
    let u32_at = |i: usize| u32::from_le_bytes([data[i], data[i + 1], data[i + 2], data[i + 3]]);
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
        limits.check_grid(place, rows, cols)?;
    }
    Ok(())
}

/// A sheet's name from its BOUNDSHEET record: after the offset, the
/// visibility and the type, a BIFF8 ShortXLUnicodeString (count, a flags
/// byte whose bit 0 means UTF-16) or BIFF5 count and bytes (read as
/// Windows-1252's Latin-1 part; a name that does not match is not read).
fn boundsheet_name(data: &[u8], biff8: bool) -> String {
    let Some(&count) = data.get(6) else {
        return String::new();
    };
    let count = usize::from(count);
    if biff8 {
        let wide = data.get(7).is_some_and(|f| f & 1 == 1);
        let text = data.get(8..).unwrap_or_default();
        if wide {
            let units: Vec<u16> = text
                .chunks_exact(2)
                .take(count)
                .map(|p| u16::from_le_bytes([p[0], p[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        } else {
            text.iter().take(count).map(|&b| char::from(b)).collect()
        }
    } else {
        let text = data.get(7..).unwrap_or_default();
        text.iter().take(count).map(|&b| char::from(b)).collect()
    }
}

/// The extent of an .ods workbook: in a sheet that is read, a row or a cell
/// repeated beyond the row or column limit that holds a value; in every
/// sheet, the grid calamine builds, since it parses every sheet whole.
/// `is_read` tells a sheet that is read by its name (as in the file).
///
/// # Errors
/// The finding for a read sheet beyond the row or column limit, or for a
/// grid beyond the grid-cell limit.
pub(super) fn check_ods(
    limits: &Limits,
    path: &str,
    bytes: &[u8],
    is_read: impl Fn(&str) -> bool,
) -> Result<(), Finding> {
    let place = &Place::file(path);
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
    let mut grid = (0u64, 0u64);
    for table in elements(&content, "table:table") {
        let name = attribute(table, "table:name").unwrap_or_default();
        // The row and column limits name the sheet they are about.
        let read = is_read(&name).then(|| Place::sheet(&name));
        check_ods_table(limits, place, table, read.as_ref(), &mut grid)?;
    }
    Ok(())
}

/// One table of an .ods `content.xml` (the text after `<table:table`):
/// the row and column limits if it is read (`read`: its place), and the
/// grid so far, `grid` being the last row and column that hold a value in
/// any table.
fn check_ods_table(
    limits: &Limits,
    place: &Place,
    table: &str,
    read: Option<&Place>,
    grid: &mut (u64, u64),
) -> Result<(), Finding> {
    let (last_row, last_col) = grid;
    let mut rows: u64 = 0;
    for row in elements(table, "table:table-row") {
        let element = row.split("</table:table-row>").next().unwrap_or(row);
        let repeated = repeat(element, "table:number-rows-repeated");
        let has_value = element.contains("office:value-type") || element.contains("<text:p");
        if has_value {
            let mut cols: u64 = 0;
            for cell in element.split("<table:table-cell").skip(1) {
                let n = repeat(cell, "table:number-columns-repeated");
                if cell.contains("office:value-type") || cell.contains("<text:p") {
                    if let Some(sheet) = read {
                        let col = u32::try_from(cols + n - 1).unwrap_or(u32::MAX);
                        limits.check_cell(sheet, 0, col)?;
                    }
                    *last_col = (*last_col).max(cols + n);
                }
                cols += n;
            }
            if let Some(sheet) = read {
                let row = u32::try_from(rows + repeated - 1).unwrap_or(u32::MAX);
                limits.check_cell(sheet, row, 0)?;
            }
            *last_row = (*last_row).max(rows + repeated);
            limits.check_grid(place, *last_row, *last_col)?;
        }
        rows += repeated;
    }
    Ok(())
}

/// The text after each start tag `<name` of `xml` up to the next one: the
/// name whole, so `table:table` is not `table:table-row`.
fn elements<'a>(xml: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name}");
    let starts: Vec<usize> = xml
        .match_indices(open.as_str())
        .map(|(i, _)| i + open.len())
        .filter(|&i| {
            xml[i..].starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
        })
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(k, &start)| {
            let end = starts
                .get(k + 1)
                .map_or(xml.len(), |&next| next - open.len());
            &xml[start..end]
        })
        .collect()
}

/// An attribute's value in the head of an element (the text after its
/// name), unescaped; `None` if absent.
fn attribute(element: &str, name: &str) -> Option<String> {
    let head = element.split('>').next().unwrap_or("");
    let (quote, start) = ['"', '\''].into_iter().find_map(|quote| {
        head.match_indices(&format!("{name}={quote}"))
            .find(|&(i, _)| head[..i].ends_with(|c: char| c.is_ascii_whitespace()))
            .map(|(i, found)| (quote, i + found.len()))
    })?;
    let value = head[start..].split(quote).next()?;
    quick_xml::escape::unescape(value)
        .ok()
        .map(std::borrow::Cow::into_owned)
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

    #[test]
    fn elements_are_found_by_their_whole_name() {
        let xml = "<table:table table:name=\"A &amp; B\"><table:table-row-group>\
                   <table:table-row><table:table-cell/></table:table-row></table:table-row-group>\
                   </table:table><table:table\ttable:name='Två'><table:table-rows/></table:table>";
        let tables = elements(xml, "table:table");
        assert_eq!(tables.len(), 2);
        assert_eq!(attribute(tables[0], "table:name").as_deref(), Some("A & B"));
        assert_eq!(attribute(tables[1], "table:name").as_deref(), Some("Två"));
        assert_eq!(elements(tables[0], "table:table-row").len(), 1);
        assert!(elements(tables[1], "table:table-row").is_empty());
        assert_eq!(attribute(tables[0], "name"), None);
    }
}
