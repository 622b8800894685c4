//! Workbooks (xlsx, xlsm, xls, ods) through calamine, laid out as SURVEY.md
//! says: one sheet per section, form sheets `Id | Fråga | Svar`, table
//! sheets with a header row, grid sheets with one row per choice.

use std::collections::{BTreeMap, HashSet};
use std::io::Cursor;
use std::panic::AssertUnwindSafe;

use calamine::{Data, Ods, Reader, Sheets, Xls, Xlsx};

use super::{CellValue, Content, Marker, RawRow, RawSection, RawSubmission, RawValue, extent};
use crate::finding::Finding;
use crate::layout::{
    self, FORM_ANSWER_COL, FORM_ID_COL, GRID_ID_COL, INSTRUCTIONS_SHEET, MARKER_ID_LABEL,
    MARKER_ID_NAME, MARKER_LABEL_COL, MARKER_VERSION_LABEL, MARKER_VERSION_NAME,
    NUMBERS_SUMMARY_SHEET, OWN_SHEETS,
};
use crate::limits::Limits;
use crate::place::{Place, RowKey};
use crate::survey::{Section, SectionKind, Survey};
use crate::text::{fold, quote};

/// A workbook's defined names and their formulas.
type DefinedNames = Vec<(String, String)>;

/// One worksheet's non-empty cells by (row, column), zero-based.
struct Sheet {
    name: String,
    cells: BTreeMap<(u32, u32), CellValue>,
}

/// Whether a sheet is read: a section's sheet, or the instructions sheet
/// for the survey marker. Every other sheet (notes, charts, dialogs,
/// macros) is only named, so nothing in it can make the file invalid or hit
/// a row, column or cell limit.
fn is_read(name: &str, survey: &Survey) -> bool {
    survey.section_by_sheet(name).is_some() || fold(name) == fold(INSTRUCTIONS_SHEET)
}

impl Sheet {
    /// A sheet that is not read: its name only.
    fn unread(name: String) -> Self {
        Sheet {
            name,
            cells: BTreeMap::new(),
        }
    }

    fn get(&self, row: u32, col: u32) -> &CellValue {
        self.cells.get(&(row, col)).unwrap_or(&CellValue::Empty)
    }

    fn raw(&self, row: u32, col: u32) -> RawValue {
        RawValue {
            place: self.place(row, col),
            value: self.get(row, col).clone(),
        }
    }

    fn place(&self, row: u32, col: u32) -> Place {
        Place::cell(&self.name, row, col)
    }

    /// Trimmed text of a cell, numbers written as digits.
    fn text(&self, row: u32, col: u32) -> String {
        match self.get(row, col) {
            CellValue::Text(t) => t.trim().to_string(),
            CellValue::Number(n) => crate::value::number_as_text(*n),
            _ => String::new(),
        }
    }

    /// Removes the form's own checks: every column whose cell in the first
    /// non-empty row heads the `Kontroll` column. They are no answers,
    /// whatever they hold (a formula without its result included).
    fn without_checks(mut self) -> Self {
        let Some(&(first, _)) = self.cells.keys().next() else {
            return self;
        };
        let checks: Vec<u32> = self
            .cells
            .range((first, 0)..=(first, u32::MAX))
            .filter(|(_, v)| match v {
                CellValue::Text(t) | CellValue::FormulaWithoutValue(t) => {
                    layout::is_check_header(t)
                }
                _ => false,
            })
            .map(|(&(_, c), _)| c)
            .collect();
        if !checks.is_empty() {
            self.cells.retain(|&(_, c), _| !checks.contains(&c));
        }
        self
    }

    /// Rows that hold anything, in order, with their cells.
    fn rows(&self) -> Vec<(u32, Vec<u32>)> {
        let mut rows: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
        for &(r, c) in self.cells.keys() {
            rows.entry(r).or_default().push(c);
        }
        rows.into_iter().collect()
    }
}

pub(super) fn read(
    path: &str,
    bytes: &[u8],
    content: &Content,
    survey: &Survey,
    limits: &Limits,
) -> Result<RawSubmission, Finding> {
    // calamine can panic on malformed files (fuzzing found an .xls whose
    // compound file index runs past its end); such a file is corrupt, not a
    // crash. `main` keeps these caught panics off standard error.
    std::panic::catch_unwind(AssertUnwindSafe(|| read_workbook(path, bytes, content, survey, limits))).unwrap_or_else(|_| {
        Err(Finding::error(
            "file.corrupt",
            Place::file(path),
            "filen är skadad och kan inte läsas som kalkylark. Öppna den i Excel eller LibreOffice, \
             spara den på nytt och skicka den igen.",
        ))
    })
}

fn read_workbook(
    path: &str,
    bytes: &[u8],
    content: &Content,
    survey: &Survey,
    limits: &Limits,
) -> Result<RawSubmission, Finding> {
    let cursor = Cursor::new(bytes);
    let fail = |e: calamine::Error| open_error(path, &e);
    let (sheets, names) = match content {
        Content::Xlsx => {
            limits.check_zip(&Place::file(path), bytes)?;
            let mut book = Xlsx::new(cursor).map_err(|e| fail(e.into()))?;
            let mut sheets = Vec::new();
            for name in book.sheet_names() {
                sheets.push(if is_read(&name, survey) {
                    xlsx_sheet(&mut book, name, path, limits)?
                } else {
                    Sheet::unread(name)
                });
            }
            (sheets, book.defined_names().to_vec())
        }
        // calamine builds these grids whole, so their extent is measured first.
        Content::Xls => {
            extent::check_xls(limits, path, bytes, |name| is_read(name, survey))?;
            dense(
                Sheets::Xls(Xls::new(cursor).map_err(|e| fail(e.into()))?),
                path,
                survey,
                limits,
            )?
        }
        Content::Ods => {
            limits.check_zip(&Place::file(path), bytes)?;
            extent::check_ods(limits, path, bytes, |name| is_read(name, survey))?;
            dense(
                Sheets::Ods(Ods::new(cursor).map_err(|e| fail(e.into()))?),
                path,
                survey,
                limits,
            )?
        }
        other => {
            return Err(Finding::error(
                "file.wrong_content",
                Place::file(path),
                format!(
                    "innehållet är {} och kan inte läsas som enkätsvar.",
                    other.describe()
                ),
            ));
        }
    };
    let marker = marker(&names, &sheets);
    Ok(lay_out(path, marker, sheets, survey))
}

/// An xlsx sheet read cell by cell, never as a dense grid, with each cell's
/// position and text checked against the limits.
fn xlsx_sheet(
    book: &mut Xlsx<Cursor<&[u8]>>,
    name: String,
    path: &str,
    limits: &Limits,
) -> Result<Sheet, Finding> {
    let fail = |e: calamine::XlsxError| open_error(path, &e.into());
    let mut reader = book.worksheet_cells_reader(&name).map_err(fail)?;
    let mut cells = BTreeMap::new();
    while let Some(cell) = reader.next_cell_with_formula().map_err(fail)? {
        let (row, col) = cell.pos;
        let data = Data::from(cell.value);
        let value = match (cell_value(&data), cell.formula) {
            // A formula whose result the file does not hold (an empty text
            // is a result: a formula that shows nothing).
            (CellValue::Empty, Some(formula)) if !formula.is_empty() && data == Data::Empty => {
                CellValue::FormulaWithoutValue(formula)
            }
            // Formatting alone is not content: no limit, no cell.
            (CellValue::Empty, _) => continue,
            (value, _) => value,
        };
        limits.check_cell(&Place::sheet(&name), row, col)?;
        if let CellValue::Text(text) = &value {
            limits.check_text(&Place::cell(&name, row, col), text)?;
        }
        cells.insert((row, col), value);
    }
    Ok(Sheet { name, cells })
}

/// The sheets of an .xls or .ods workbook, whose extent has been checked.
fn dense(
    mut book: Sheets<Cursor<&[u8]>>,
    path: &str,
    survey: &Survey,
    limits: &Limits,
) -> Result<(Vec<Sheet>, DefinedNames), Finding> {
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        if !is_read(&name, survey) {
            sheets.push(Sheet::unread(name));
            continue;
        }
        let range = book
            .worksheet_range(&name)
            .map_err(|e| open_error(path, &e))?;
        // Formulas tell a formula without a stored result from an empty cell.
        let formulas = book.worksheet_formula(&name).ok();
        let sheet = sheet(name, &range, formulas.as_ref());
        for (&(row, col), value) in &sheet.cells {
            limits.check_cell(&Place::sheet(&sheet.name), row, col)?;
            if let CellValue::Text(text) = value {
                limits.check_text(&sheet.place(row, col), text)?;
            }
        }
        sheets.push(sheet);
    }
    Ok((sheets, book.defined_names().to_vec()))
}

fn open_error(path: &str, error: &calamine::Error) -> Finding {
    let password = matches!(
        error,
        calamine::Error::Xlsx(calamine::XlsxError::Password)
            | calamine::Error::Xls(calamine::XlsError::Password)
            | calamine::Error::Ods(calamine::OdsError::Password)
    );
    if password {
        Finding::error(
            "file.encrypted",
            Place::file(path),
            "arbetsboken är lösenordsskyddad och kan inte läsas. Ta bort lösenordet och skicka filen igen.",
        )
    } else {
        Finding::error(
            "file.corrupt",
            Place::file(path),
            format!(
                "filen är skadad och kan inte läsas som kalkylark. Öppna den i Excel eller \
                 LibreOffice, spara den på nytt och skicka den igen. (Teknisk orsak: {}.)",
                cause(error)
            ),
        )
    }
}

/// A reader's error as a short plain Swedish phrase, never the library's
/// own text.
fn cause(error: &calamine::Error) -> &'static str {
    use calamine::{CfbError, Error, OdsError, XlsError, XlsxError};
    use quick_xml::escape::EscapeError;
    match error {
        // A reference to an entity that XML does not predefine: entities
        // declared in a DTD (an entity-expansion bomb), which calamine does
        // not expand, or never declared at all.
        Error::Xlsx(XlsxError::Xml(quick_xml::Error::Escape(EscapeError::UnrecognizedEntity(
            ..,
        ))))
        | Error::Ods(OdsError::Xml(quick_xml::Error::Escape(EscapeError::UnrecognizedEntity(
            ..,
        )))) => {
            "arbetsbokens XML använder andra entiteter än XML:s inbyggda, vilket inga kalkylprogram skriver"
        }
        Error::Xlsx(XlsxError::Zip(_)) | Error::Ods(OdsError::Zip(_)) => {
            "filen är inget läsbart zip-arkiv, kanske avkortad"
        }
        Error::Xlsx(XlsxError::Xml(_) | XlsxError::XmlAttr(_) | XlsxError::XmlEof(_))
        | Error::Ods(OdsError::Xml(_) | OdsError::XmlAttr(_) | OdsError::Eof(_)) => {
            "arbetsbokens XML går inte att tolka"
        }
        Error::Xlsx(XlsxError::ParseFloat(_) | XlsxError::ParseInt(_))
        | Error::Ods(OdsError::ParseFloat(_) | OdsError::ParseInt(_) | OdsError::ParseBool(_)) => {
            "ett cellvärde går inte att tolka"
        }
        Error::Xlsx(XlsxError::FileNotFound(_) | XlsxError::RelationshipNotFound)
        | Error::Ods(OdsError::FileNotFound(_)) => "en del av arbetsboken saknas",
        Error::Xls(XlsError::Cfb(CfbError::CodePageNotFound(_))) => {
            "filen anger en teckenkodning som inte stöds"
        }
        Error::Xls(XlsError::Cfb(_)) => "filens interna katalog (OLE) är trasig",
        Error::Xls(_) => "en post i Excel 97–2003-filen är trasig",
        Error::Io(_) | Error::Xlsx(XlsxError::Io(_)) | Error::Ods(OdsError::Io(_)) => {
            "filen kunde inte läsas till slut"
        }
        _ => "arbetsbokens struktur går inte att tolka",
    }
}

fn sheet(
    name: String,
    range: &calamine::Range<Data>,
    formulas: Option<&calamine::Range<String>>,
) -> Sheet {
    let mut cells = BTreeMap::new();
    // Cells with a stored result, if only an empty text (a formula that
    // shows nothing, like the form's own checks).
    let mut results = std::collections::HashSet::new();
    if let Some((row0, col0)) = range.start() {
        for (r, c, data) in range.used_cells() {
            let pos = offset((row0, col0), (r, c));
            if *data != Data::Empty {
                results.insert(pos);
            }
            let value = cell_value(data);
            if value != CellValue::Empty {
                cells.insert(pos, value);
            }
        }
    }
    if let Some(formulas) = formulas
        && let Some((row0, col0)) = formulas.start()
    {
        for (r, c, formula) in formulas.used_cells() {
            let pos = offset((row0, col0), (r, c));
            if !formula.is_empty() && !results.contains(&pos) {
                cells.insert(pos, CellValue::FormulaWithoutValue(formula.clone()));
            }
        }
    }
    Sheet { name, cells }
}

/// A cell's position from its range's start and its offset in the range.
fn offset(start: (u32, u32), (r, c): (usize, usize)) -> (u32, u32) {
    let add = |base: u32, n: usize| base.saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
    (add(start.0, r), add(start.1, c))
}

fn cell_value(data: &Data) -> CellValue {
    match data {
        Data::Empty => CellValue::Empty,
        Data::String(s) if s.trim().is_empty() => CellValue::Empty,
        Data::String(s) => CellValue::Text(s.clone()),
        Data::Int(i) => CellValue::Number(crate::convert::int_to_f64(*i)),
        Data::Float(f) => CellValue::Number(*f),
        Data::Bool(b) => CellValue::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => match dt.as_datetime() {
            Some(d) => CellValue::Date(d),
            None => CellValue::Number(dt.as_f64()),
        },
        Data::DateTime(dt) => CellValue::Number(dt.as_f64()),
        Data::DateTimeIso(s) => match crate::value::parse_iso_datetime(s) {
            Some(d) => CellValue::Date(d),
            None => CellValue::Text(s.clone()),
        },
        Data::DurationIso(s) => CellValue::Text(s.clone()),
        Data::Error(e) => CellValue::Error(e.to_string()),
    }
}

/// The survey id and version: from the workbook's defined names or, where
/// a format keeps them unreadable (text names in .xls), from the
/// instructions sheet's `Enkät` and `Version` rows.
fn marker(names: &[(String, String)], sheets: &[Sheet]) -> Option<Marker> {
    let plausible =
        |v: &str| !v.is_empty() && v.chars().all(|c| c.is_alphanumeric() || "-_.".contains(c));
    let named = |wanted: &str| {
        names
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(wanted))
            .map(|(_, v)| {
                v.trim()
                    .trim_start_matches('=')
                    .trim()
                    .trim_matches('"')
                    .to_string()
            })
            .filter(|v| plausible(v))
    };
    let instructions = sheets
        .iter()
        .find(|s| fold(&s.name) == fold(INSTRUCTIONS_SHEET));
    let cell = |label: &str| {
        let sheet = instructions?;
        let (row, _) = sheet
            .rows()
            .into_iter()
            .find(|(r, _)| fold(&sheet.text(*r, MARKER_LABEL_COL)) == fold(label))?;
        Some(sheet.text(row, MARKER_LABEL_COL + 1)).filter(|v| plausible(v))
    };
    let survey = named(MARKER_ID_NAME).or_else(|| cell(MARKER_ID_LABEL))?;
    let version = named(MARKER_VERSION_NAME)
        .or_else(|| cell(MARKER_VERSION_LABEL))
        .and_then(|v| v.parse().ok());
    Some(Marker { survey, version })
}

fn lay_out(
    path: &str,
    marker: Option<Marker>,
    sheets: Vec<Sheet>,
    survey: &Survey,
) -> RawSubmission {
    let mut out = RawSubmission {
        marker,
        ..RawSubmission::default()
    };
    let own: Vec<String> = OWN_SHEETS
        .iter()
        .chain([&NUMBERS_SUMMARY_SHEET])
        .map(|s| fold(s))
        .collect();
    let mut seen = HashSet::new();
    for sheet in sheets {
        match survey.section_by_sheet(&sheet.name) {
            Some(section) if !seen.insert(section.id.clone()) => out.findings.push(Finding::error(
                "sheet.duplicate",
                Place::sheet(&sheet.name),
                format!(
                    "bladet {} finns mer än en gång i arbetsboken. Behåll ett blad med namnet {}.",
                    quote(&sheet.name),
                    quote(&section.sheet)
                ),
            )),
            Some(section) => {
                let sheet = &sheet.without_checks();
                let raw = match section.kind {
                    SectionKind::Form => form(section, sheet, &mut out.findings),
                    SectionKind::Table => table(section, sheet, &mut out.findings),
                    SectionKind::Grid => grid(section, sheet, survey, &mut out.findings),
                };
                out.sections.push(raw);
            }
            None if own.contains(&fold(&sheet.name)) => {}
            None => out.findings.push(Finding::warning(
                "sheet.unknown",
                Place::sheet(&sheet.name),
                format!(
                    "bladet {} hör inte till enkäten och lästes inte. Enkätens blad är: {}.",
                    quote(&sheet.name),
                    sheet_names(survey)
                ),
            )),
        }
    }
    for section in survey
        .sections
        .iter()
        .filter(|s| !s.optional && !seen.contains(&s.id))
    {
        out.findings.push(Finding::error(
            "sheet.missing",
            Place::file(path),
            format!(
                "bladet {} saknas. Använd enkätens mall, där alla blad finns ({}).",
                quote(&section.sheet),
                sheet_names(survey)
            ),
        ));
    }
    out
}

fn sheet_names(survey: &Survey) -> String {
    survey
        .sections
        .iter()
        .map(|s| s.sheet.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A form: question ids in column A, answers in column C, anywhere.
fn form(section: &Section, sheet: &Sheet, findings: &mut Vec<Finding>) -> RawSection {
    let mut values: Vec<(String, RawValue)> = Vec::new();
    for (row, _) in sheet.rows() {
        let id = sheet.text(row, FORM_ID_COL);
        if id.is_empty() || fold(&id) == fold(layout::FORM_HEADER[0]) {
            continue;
        }
        let Some(question) = section.questions.iter().find(|q| fold(&q.id) == fold(&id)) else {
            findings.push(Finding::warning(
                "form.unknown_question",
                sheet.place(row, FORM_ID_COL),
                format!(
                    "{} i kolumn A är inget fråge-id på bladet {}; raden lästes inte.",
                    quote(&id),
                    quote(&sheet.name)
                ),
            ));
            continue;
        };
        if values.iter().any(|(q, _)| q == &question.id) {
            findings.push(Finding::about(
                crate::survey::Severity::Error,
                "form.duplicate_question",
                sheet.place(row, FORM_ID_COL),
                question,
                "frågan står på mer än en rad. Behåll en rad per fråga.",
            ));
            continue;
        }
        values.push((question.id.clone(), sheet.raw(row, FORM_ANSWER_COL)));
    }
    RawSection {
        id: section.id.clone(),
        place: Place::sheet(&sheet.name),
        rows: vec![RawRow {
            key: RowKey::Form,
            place: Place::sheet(&sheet.name),
            values,
        }],
        reported_missing: Vec::new(),
    }
}

/// Header cells matched to questions: (column, question id).
fn header(
    section: &Section,
    sheet: &Sheet,
    row: u32,
    cols: &[u32],
    findings: &mut Vec<Finding>,
) -> Vec<(u32, String)> {
    let skip = layout::first_question_col(section.kind);
    let mut columns: Vec<(u32, String)> = Vec::new();
    for &col in cols.iter().filter(|&&c| c >= skip) {
        let name = sheet.text(row, col);
        if name.is_empty() {
            continue;
        }
        match section.question_named(&name) {
            Some(q) if columns.iter().any(|(_, id)| id == &q.id) => findings.push(Finding::about(
                crate::survey::Severity::Error,
                "table.duplicate_column",
                sheet.place(row, col),
                q,
                "kolumnen finns mer än en gång. Behåll en kolumn per fråga.",
            )),
            Some(q) => columns.push((col, q.id.clone())),
            None => findings.push(Finding::warning(
                "table.unknown_column",
                sheet.place(row, col),
                format!(
                    "kolumnen {} hör inte till någon fråga på bladet {} och lästes inte.",
                    quote(&name),
                    quote(&sheet.name)
                ),
            )),
        }
    }
    columns
}

/// A table: the first non-blank row is the header, every later non-blank row
/// a record.
fn table(section: &Section, sheet: &Sheet, findings: &mut Vec<Finding>) -> RawSection {
    let mut raw = RawSection {
        id: section.id.clone(),
        place: Place::sheet(&sheet.name),
        rows: Vec::new(),
        reported_missing: Vec::new(),
    };
    let rows = sheet.rows();
    let Some(((header_row, header_cols), records)) = rows.split_first() else {
        return raw;
    };
    let columns = header(section, sheet, *header_row, header_cols, findings);
    for q in section.questions.iter().filter(|q| q.required) {
        if !columns.iter().any(|(_, id)| id == &q.id) {
            findings.push(Finding::about(
                crate::survey::Severity::Error,
                "table.missing_column",
                Place::HeaderRow {
                    sheet: sheet.name.as_str().into(),
                    row: *header_row,
                },
                q,
                &format!(
                    "kolumnen saknas i rubrikraden. Lägg till en kolumn med rubriken {}.",
                    quote(&q.label)
                ),
            ));
            raw.reported_missing.push(q.id.clone());
        }
    }
    let max = section.max_rows.unwrap_or(usize::MAX);
    for (n, (row, _)) in (1..).zip(records) {
        if usize::try_from(n).unwrap_or(usize::MAX) > max {
            findings.push(Finding::error(
                "table.too_many_rows",
                sheet.place(*row, 0),
                format!(
                    "bladet {} har {} men får ha högst {max}. Raderna från och med rad {} lästes inte.",
                    quote(&sheet.name),
                    crate::text::count(records.len(), "rad", "rader"),
                    row + 1
                ),
            ));
            break;
        }
        raw.rows.push(RawRow {
            key: RowKey::Record(n),
            place: sheet.place(*row, 0),
            values: columns
                .iter()
                .map(|(col, id)| (id.clone(), sheet.raw(*row, *col)))
                .collect(),
        });
    }
    raw
}

/// A grid: header `Id | Område | questions…`, one row per choice of the
/// section's row list, found by the choice in column A.
fn grid(
    section: &Section,
    sheet: &Sheet,
    survey: &Survey,
    findings: &mut Vec<Finding>,
) -> RawSection {
    let mut raw = RawSection {
        id: section.id.clone(),
        place: Place::sheet(&sheet.name),
        rows: Vec::new(),
        reported_missing: Vec::new(),
    };
    let Some(list) = survey.choices_of(section.rows.as_deref()) else {
        return raw;
    };
    let rows = sheet.rows();
    let Some(((header_row, header_cols), records)) = rows.split_first() else {
        return raw;
    };
    let columns = header(section, sheet, *header_row, header_cols, findings);
    for (row, _) in records {
        let name = sheet.text(*row, GRID_ID_COL);
        if name.is_empty() {
            continue;
        }
        let Some(choice) = list.find(&name) else {
            findings.push(Finding::warning(
                "grid.unknown_row",
                sheet.place(*row, GRID_ID_COL),
                format!(
                    "{} i kolumn A är inget av områdena på bladet {} och lästes inte.",
                    quote(&name),
                    quote(&sheet.name)
                ),
            ));
            continue;
        };
        if raw
            .rows
            .iter()
            .any(|r| r.key == RowKey::Grid(choice.id.clone()))
        {
            findings.push(Finding::error(
                "grid.duplicate_row",
                sheet.place(*row, GRID_ID_COL),
                format!(
                    "området {} står på mer än en rad. Behåll en rad per område.",
                    quote(&choice.label)
                ),
            ));
            continue;
        }
        raw.rows.push(RawRow {
            key: RowKey::Grid(choice.id.clone()),
            place: sheet.place(*row, GRID_ID_COL),
            values: columns
                .iter()
                .map(|(col, id)| (id.clone(), sheet.raw(*row, *col)))
                .collect(),
        });
    }
    raw
}
