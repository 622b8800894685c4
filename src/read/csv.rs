//! The long CSV: one line per answer, `question,row,value`, delimiter and
//! encoding detected. Places are `file.csv:LINE`, the line a record starts on.

use std::collections::BTreeMap;

use super::{CellValue, Marker, RawRow, RawSection, RawSubmission, RawValue};
use crate::finding::Finding;
use crate::limits::Limits;
use crate::place::{Place, RowKey};
use crate::survey::{Question, Section, SectionKind, Severity, Survey};
use crate::text::{fold, quote};

/// Decodes CSV bytes: UTF-16 with a byte order mark (Excel's "Unicode
/// text"), UTF-8 with or without one, else Windows-1252.
pub fn decode(bytes: &[u8]) -> String {
    for (bom, encoding) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return encoding.decode_without_bom_handling(rest).0.into_owned();
        }
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// Whether text looks like a submission (CLI.md, `.txt` files in folders):
/// its first non-empty record, after an optional `sep=` line, in any
/// accepted delimiter and encoding, its fields trimmed and unquoted, is
/// `question,row,value` ignoring case, or starts `Id,Fråga,Svar` (one sheet
/// of the workbook saved alone).
pub fn looks_like_submission(bytes: &[u8]) -> bool {
    let text = decode(bytes);
    let (_, mut reader) = records_of(&text);
    let Some(Ok(first)) = reader.records().find(|r| {
        r.as_ref()
            .map_or(true, |r| r.iter().any(|f| !f.trim().is_empty()))
    }) else {
        return false;
    };
    let fields: Vec<String> = first.iter().map(fold).collect();
    fields == ["question", "row", "value"]
        || fields.starts_with(&["id".into(), "fraga".into(), "svar".into()])
}

/// A reader of the text's records, after a `sep=` line if there is one,
/// with the delimiter that line names or the one detected; and where the
/// records start in the text.
fn records_of(text: &str) -> (usize, csv::Reader<&[u8]>) {
    let (_, body) = separator_hint(text);
    let reader = csv::ReaderBuilder::new()
        .delimiter(reader_delimiter(text))
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    (text.len() - body.len(), reader)
}

/// The delimiter of the text: the one a `sep=` line names, else detected.
fn reader_delimiter(text: &str) -> u8 {
    let (hint, body) = separator_hint(text);
    hint.unwrap_or_else(|| detect_delimiter(body))
}

/// Excel's separator hint, a first line `sep=X`: the delimiter it names
/// and the text after it (the whole text when there is none).
fn separator_hint(text: &str) -> (Option<u8>, &str) {
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let first = first.trim_end_matches('\r');
    match first.get(..4).filter(|p| p.eq_ignore_ascii_case("sep=")) {
        Some(_) => match first.as_bytes()[4..] {
            [b] if matches!(b, b',' | b';' | b'\t' | b'|') => (Some(b), rest),
            _ => (None, text),
        },
        None => (None, text),
    }
}

/// The delimiter of the header line: the most frequent of `,`, `;` and tab
/// outside quotes.
pub fn detect_delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [(b',', 0), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in first.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in counts.iter_mut() {
                if *d == b {
                    *n += 1;
                }
            }
        }
    }
    counts
        .iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .map_or(b',', |(d, _)| *d)
}

/// The first line of a row and the values read for it.
type LinesOfRow = (u64, Vec<(String, RawValue)>);

struct Line {
    number: u64,
    question: String,
    row: String,
    value: String,
    /// The line has more fields than the header (an unquoted delimiter).
    extra: bool,
}

/// Whether a header is that of one workbook sheet saved alone: a form's
/// `Id | Fråga | Svar`, or two or more of one section's questions.
fn is_single_sheet(header: &[String], survey: &Survey) -> bool {
    let has = |name: &str| header.iter().any(|h| fold(h) == name);
    (has("id") && has("fraga"))
        || survey.sections.iter().any(|s| {
            header
                .iter()
                .filter(|h| s.question_named(h).is_some())
                .count()
                >= 2
        })
}

pub(super) fn read(
    path: &str,
    bytes: &[u8],
    survey: &Survey,
    limits: &Limits,
) -> Result<RawSubmission, Finding> {
    let text = decode(bytes);
    let index = LineIndex::new(&text);
    let (base, mut reader) = records_of(&text);
    let delimiter = reader_delimiter(&text);
    let index = LineIndex { base, ..index };
    let mut records = reader.records();
    let header = header_record(&mut records, path, &index)?;
    let columns = columns(&header, path, &index, survey)?;
    let mut lines = Vec::new();
    for record in records {
        let record = record.map_err(|e| syntax_error(path, &index, &e))?;
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let number = record.position().map_or(0, |p| index.line_at(p.byte()));
        check_limits(path, number, &record, limits)?;
        lines.push(line_of(&record, number, &columns, delimiter));
    }
    Ok(lay_out(path, lines, survey))
}

/// The first record that is not blank: the header.
fn header_record(
    records: &mut impl Iterator<Item = csv::Result<csv::StringRecord>>,
    path: &str,
    index: &LineIndex<'_>,
) -> Result<csv::StringRecord, Finding> {
    loop {
        match records.next() {
            None => {
                return Err(Finding::error(
                    "file.empty",
                    Place::file(path),
                    "filen är tom.",
                ));
            }
            Some(Err(e)) => return Err(syntax_error(path, index, &e)),
            Some(Ok(r)) if r.iter().all(|f| f.trim().is_empty()) => continue,
            Some(Ok(r)) => return Ok(r),
        }
    }
}

/// Where the header puts the three columns, and how many it names.
struct Columns {
    question: usize,
    row: usize,
    value: usize,
    named: usize,
}

/// The columns the header names; a header without all three is reported,
/// as one sheet of the workbook saved alone when it looks like one.
fn columns(
    header: &csv::StringRecord,
    path: &str,
    index: &LineIndex<'_>,
    survey: &Survey,
) -> Result<Columns, Finding> {
    let written: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    let folded: Vec<String> = written.iter().map(|h| fold(h)).collect();
    let column = |wanted: &str| folded.iter().position(|h| h == wanted);
    if let (Some(question), Some(row), Some(value)) =
        (column("question"), column("row"), column("value"))
    {
        return Ok(Columns {
            question,
            row,
            value,
            named: written.len(),
        });
    }
    let header_line = header.position().map_or(1, |p| index.line_at(p.byte()));
    let line = Place::line(path, header_line);
    if is_single_sheet(&written, survey) {
        return Err(Finding::error(
            "csv.single_sheet",
            line,
            "filen är ett enskilt blad ur arbetsboken sparat som CSV. Skicka hela arbetsboken (.xlsx) \
             eller enkätens långa CSV med rubrikraden question,row,value.",
        ));
    }
    Err(Finding::error(
        "csv.header",
        line,
        format!(
            "rubrikraden är {} men ska vara question,row,value (fråga, rad, svar).",
            quote(&written.join(","))
        ),
    ))
}

/// Refuses a record beyond the limits: its line, its number of fields, or
/// a field's length.
fn check_limits(
    path: &str,
    number: u64,
    record: &csv::StringRecord,
    limits: &Limits,
) -> Result<(), Finding> {
    let place = Place::line(path, number);
    let file = Place::file(path);
    limits.check_cell(
        &file,
        u32::try_from(number).unwrap_or(u32::MAX).saturating_sub(1),
        0,
    )?;
    limits.check_cell(
        &file,
        0,
        u32::try_from(record.len())
            .unwrap_or(u32::MAX)
            .saturating_sub(1),
    )?;
    for field in record {
        limits.check_text(&place, field)?;
    }
    Ok(())
}

/// The line a record starting on line `number` holds.
fn line_of(record: &csv::StringRecord, number: u64, columns: &Columns, delimiter: u8) -> Line {
    let field = |i: usize| record.get(i).unwrap_or("").to_string();
    let extra = record
        .iter()
        .skip(columns.named)
        .any(|f| !f.trim().is_empty());
    Line {
        number,
        question: field(columns.question).trim().to_string(),
        row: field(columns.row).trim().to_string(),
        // A value split by an unquoted delimiter is joined again.
        value: unneutralised(if extra && columns.value + 1 == columns.named {
            let delimiter = char::from(delimiter).to_string();
            record
                .iter()
                .skip(columns.value)
                .collect::<Vec<_>>()
                .join(&delimiter)
        } else {
            field(columns.value)
        }),
        extra,
    }
}

/// A value as it was before `collect` neutralised it for a spreadsheet
/// (`'=…` back to `=…`), so a prefilled CSV form returns its answers.
fn unneutralised(value: String) -> String {
    match value.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
        _ => value,
    }
}

/// Where lines start, to name the line a record starts on. The csv crate
/// puts a record after a CRLF at the LF, and counts lines by LF, so line
/// numbers are taken from the text itself.
struct LineIndex<'a> {
    bytes: &'a [u8],
    newlines: Vec<usize>,
    /// Where the records start in the text (after a `sep=` line).
    base: usize,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let newlines = bytes
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .map(|(i, _)| i)
            .collect();
        LineIndex {
            bytes,
            newlines,
            base: 0,
        }
    }

    /// The line of the record starting at byte `offset` (line breaks before
    /// its first character skipped).
    fn line_at(&self, offset: u64) -> u64 {
        let offset = crate::convert::to_usize(offset).saturating_add(self.base);
        let mut start = offset.min(self.bytes.len());
        while start < self.bytes.len() && matches!(self.bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        let before = self.newlines.partition_point(|&n| n < start);
        1 + u64::try_from(before).unwrap_or(u64::MAX)
    }
}

fn syntax_error(path: &str, lines: &LineIndex<'_>, error: &csv::Error) -> Finding {
    let place = error.position().map_or_else(
        || Place::file(path),
        |p| Place::line(path, lines.line_at(p.byte())),
    );
    Finding::error(
        "csv.syntax",
        place,
        "raden kan inte läsas som CSV (kontrollera citattecken). Spara filen på nytt som CSV.",
    )
}

/// A line's place in the survey: its question and section, and its row.
fn row_key(section: &Section, row: &str, survey: &Survey) -> Result<RowKey, String> {
    match section.kind {
        SectionKind::Form if row.is_empty() => Ok(RowKey::Form),
        SectionKind::Form => Err(format!(
            "frågan hör till ett formulär och ska ha tom row, men row är {}.",
            quote(row)
        )),
        SectionKind::Table => match row.parse::<u32>() {
            Ok(n) if n > 0 => Ok(RowKey::Record(n)),
            _ => Err(format!(
                "frågan hör till tabellen {}; row ska vara ett positivt heltal som numrerar posten, men är {}.",
                quote(&section.sheet),
                quote(row)
            )),
        },
        SectionKind::Grid => {
            let list = survey.choices_of(section.rows.as_deref());
            match list.and_then(|l| l.find(row)) {
                Some(choice) => Ok(RowKey::Grid(choice.id.clone())),
                None => Err(format!(
                    "row ska vara ett av områdena ({}), men är {}.",
                    list.map(|l| l
                        .choices
                        .iter()
                        .map(|c| c.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", "))
                        .unwrap_or_default(),
                    quote(row)
                )),
            }
        }
    }
}

/// The lines of each section, by row.
type Found = BTreeMap<String, BTreeMap<RowKey, LinesOfRow>>;

/// The lines as a submission: each value under its section and row, the
/// sections in survey order.
fn lay_out(path: &str, lines: Vec<Line>, survey: &Survey) -> RawSubmission {
    let mut out = RawSubmission::default();
    let mut found = Found::new();
    for line in lines {
        if fold(&line.question) == "_enkat" {
            out.marker = Some(Marker {
                survey: line.row.clone(),
                version: line.value.trim().parse().ok(),
            });
        } else {
            file_line(path, line, survey, &mut found, &mut out.findings);
        }
    }
    for section in &survey.sections {
        let rows = found.remove(&section.id).unwrap_or_default();
        if rows.is_empty() && section.optional {
            continue;
        }
        let raw = section_of(path, section, rows, &mut out.findings);
        out.sections.push(raw);
    }
    out
}

/// Files a line's value under its section and row; a line whose question
/// or row the survey does not know is reported and left out.
fn file_line(
    path: &str,
    line: Line,
    survey: &Survey,
    found: &mut Found,
    findings: &mut Vec<Finding>,
) {
    let place = Place::line(path, line.number);
    let Some((section, question)) = survey.question(&line.question) else {
        if line.extra {
            findings.push(Finding::error(
                "csv.extra_fields",
                place.clone(),
                "raden har fler fält än rubrikraden. Sätt citattecken runt värden som innehåller avgränsaren.",
            ));
        }
        findings.push(Finding::warning(
            "csv.unknown_question",
            place,
            format!(
                "{} är inget fråge-id i enkäten; raden lästes inte.",
                quote(&line.question)
            ),
        ));
        return;
    };
    let key = match row_key(section, &line.row, survey) {
        Ok(key) => key,
        Err(detail) => {
            findings.push(Finding::about(
                Severity::Error,
                "csv.invalid_row",
                place,
                question,
                &detail,
            ));
            return;
        }
    };
    if line.extra {
        // The value is read as the fields joined again, so the form a
        // feedback file shows holds it; the file itself stays invalid.
        findings.push(
            Finding::about(
                Severity::Error,
                "csv.extra_fields",
                place.clone(),
                question,
                "raden har fler fält än rubrikraden, så värdet kan ha delats. Sätt citattecken runt \
                 värden som innehåller avgränsaren, t.ex. \"3,5\" i en kommaseparerad fil.",
            )
            .in_row(&key),
        );
    }
    let rows = found.entry(section.id.clone()).or_default();
    let (_, values) = rows.entry(key).or_insert_with(|| (line.number, Vec::new()));
    add_value(values, question, line, place, findings);
}

/// Adds a line's value to its row. A second answer to the same question is
/// reported and left out, but an empty line beside an answered one (a
/// template's line kept while the answer was added below it) is no
/// conflict: the answer is kept, whichever line comes first.
fn add_value(
    values: &mut Vec<(String, RawValue)>,
    question: &Question,
    line: Line,
    place: Place,
    findings: &mut Vec<Finding>,
) {
    let empty = line.value.trim().is_empty();
    if let Some(i) = values.iter().position(|(q, _)| q == &question.id) {
        if empty {
            return;
        }
        if values[i].1.value == CellValue::Empty {
            values.remove(i);
        } else {
            findings.push(Finding::about(
                Severity::Error,
                "csv.duplicate",
                place,
                question,
                &format!(
                    "samma fråga och row ({}) finns redan på en tidigare rad.",
                    quote(&line.row)
                ),
            ));
            return;
        }
    }
    let value = if empty {
        CellValue::Empty
    } else {
        CellValue::Text(line.value)
    };
    values.push((question.id.clone(), RawValue { place, value }));
}

/// A section read from its rows of lines. A section without lines is
/// present and empty, so that each required answer is reported missing on
/// the file; rows beyond the section's maximum are reported and left out.
fn section_of(
    path: &str,
    section: &Section,
    rows: BTreeMap<RowKey, LinesOfRow>,
    findings: &mut Vec<Finding>,
) -> RawSection {
    let mut raw = empty_section(section, path);
    if rows.is_empty() && section.kind == SectionKind::Form {
        raw.rows.push(RawRow {
            key: RowKey::Form,
            place: Place::file(path),
            values: Vec::new(),
        });
    }
    let max = section.max_rows.unwrap_or(usize::MAX);
    // A table record or grid row whose lines are all empty (as a
    // template offers them) holds no answers.
    let answered = |key: &RowKey, values: &[(String, RawValue)]| {
        *key == RowKey::Form || values.iter().any(|(_, v)| v.value != CellValue::Empty)
    };
    let rows = rows
        .into_iter()
        .filter(|(key, (_, values))| answered(key, values));
    for (n, (key, (line, values))) in rows.enumerate() {
        let place = match key {
            RowKey::Form => Place::file(path),
            _ => Place::line(path, line),
        };
        if n == max {
            findings.push(Finding::error(
                "table.too_many_rows",
                place,
                format!(
                    "tabellen {} har fler än {max} poster; högst {max} är tillåtna.",
                    quote(&section.sheet)
                ),
            ));
            break;
        }
        raw.rows.push(RawRow { key, place, values });
    }
    raw
}

fn empty_section(section: &Section, path: &str) -> RawSection {
    RawSection {
        id: section.id.clone(),
        place: Place::file(path),
        rows: Vec::new(),
        reported_missing: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_delimiters() {
        assert_eq!(detect_delimiter("question,row,value\n"), b',');
        assert_eq!(detect_delimiter("question;row;value\n"), b';');
        assert_eq!(detect_delimiter("question\trow\tvalue\n"), b'\t');
        assert_eq!(detect_delimiter("\"a;b\",c,d\n"), b',');
    }

    #[test]
    fn lines_count_from_the_record_start_with_any_line_ending() {
        let crlf = "a,b\r\nc,d\r\n\r\ne,f\r\n";
        let lines = LineIndex::new(crlf);
        assert_eq!(lines.line_at(4), 2);
        assert_eq!(lines.line_at(5), 2);
        assert_eq!(lines.line_at(10), 4);
        assert_eq!(LineIndex::new("a\nb\n").line_at(2), 2);
        assert_eq!(LineIndex::new("a").line_at(0), 1);
    }

    #[test]
    fn decodes_utf8_bom_and_windows_1252() {
        assert_eq!(decode("\u{feff}Göteborg".as_bytes()), "Göteborg");
        assert_eq!(decode(b"G\xf6teborg"), "Göteborg");
    }
}
