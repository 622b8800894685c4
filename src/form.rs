//! Writing forms: a workbook or long CSV laid out exactly as `read` expects
//! (SURVEY.md, "Submission file formats"), from the survey definition and
//! any answers. The layout is built as plain sheets of cells first, so a
//! caller can change it (the fixture generator plants defects) before it
//! is written.

use chrono::NaiveDate;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Formula, Workbook, XlsxError};

use crate::read::RowKey;
use crate::survey::{SectionKind, Survey};

/// What to write into one cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// Nothing.
    Empty,
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// A date, in a cell formatted as a date.
    Date(NaiveDate),
    /// A formula with the result a spreadsheet program would have stored
    /// (an empty result stores none).
    Formula {
        /// The formula, with or without a leading `=`.
        formula: String,
        /// The cached result, e.g. `125000` or `#REF!`.
        result: String,
    },
}

impl Input {
    /// The input as the text of a long CSV's `value`.
    pub fn as_csv(&self) -> String {
        match self {
            Input::Empty => String::new(),
            Input::Text(s) => s.clone(),
            Input::Number(n) => crate::value::number_as_text(*n),
            Input::Date(d) => d.format("%Y-%m-%d").to_string(),
            Input::Formula { result, .. } => result.clone(),
        }
    }
}

/// One answer to write: where it goes and what it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Section id.
    pub section: String,
    /// Row within the section.
    pub row: RowKey,
    /// Question id.
    pub question: String,
    /// The cell content.
    pub input: Input,
}

/// A sheet as rows of cells, row 0 first.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetLayout {
    /// The sheet's name.
    pub name: String,
    /// Rows of cells.
    pub rows: Vec<Vec<Input>>,
}

/// The sheet of instructions that opens every form.
pub const INSTRUCTIONS_SHEET: &str = "Instruktioner";

/// Sheets that `collect` itself writes into forms and feedback files; they
/// hold no answers, and `read` skips them without a warning.
pub const OWN_SHEETS: [&str; 3] = [INSTRUCTIONS_SHEET, "Listor", "Återkoppling"];

/// Defined name that carries the survey id of a form.
pub const MARKER_ID_NAME: &str = "Enkat_id";
/// Defined name that carries the survey version of a form.
pub const MARKER_VERSION_NAME: &str = "Enkat_version";
/// Label in column A of the instructions sheet whose column B holds the
/// survey id (for formats whose defined names do not keep text).
pub const MARKER_ID_LABEL: &str = "Enkät";
/// Label in column A of the instructions sheet whose column B holds the
/// survey version.
pub const MARKER_VERSION_LABEL: &str = "Version";

/// Lays out every section of the survey with `entries` filled in: an
/// instructions sheet, then one sheet per section.
pub fn layout(survey: &Survey, entries: &[Entry]) -> Vec<SheetLayout> {
    let text = |s: &str| Input::Text(s.to_string());
    let find = |section: &str, row: &RowKey, question: &str| {
        entries
            .iter()
            .find(|e| e.section == section && &e.row == row && e.question == question)
            .map_or(Input::Empty, |e| e.input.clone())
    };
    let mut sheets = vec![SheetLayout {
        name: INSTRUCTIONS_SHEET.to_string(),
        rows: vec![
            vec![text(&survey.title)],
            vec![text(MARKER_ID_LABEL), text(&survey.id)],
            vec![
                text(MARKER_VERSION_LABEL),
                Input::Number(f64::from(survey.version)),
            ],
            vec![],
            vec![text(
                "Fyll i ett blad i taget. Svaren skrivs i kolumnen Svar; kolumnen Instruktion förklarar varje fråga.",
            )],
        ],
    }];
    for section in &survey.sections {
        let mut rows = Vec::new();
        match section.kind {
            SectionKind::Form => {
                rows.push(vec![
                    text("Id"),
                    text("Fråga"),
                    text("Svar"),
                    text("Instruktion"),
                ]);
                for q in &section.questions {
                    rows.push(vec![
                        text(&q.id),
                        text(&q.label),
                        find(&section.id, &RowKey::Form, &q.id),
                        text(&q.help),
                    ]);
                }
            }
            SectionKind::Table => {
                rows.push(section.questions.iter().map(|q| text(&q.label)).collect());
                let mut records: Vec<&RowKey> = entries
                    .iter()
                    .filter(|e| e.section == section.id)
                    .map(|e| &e.row)
                    .collect();
                records.sort();
                records.dedup();
                for record in records {
                    rows.push(
                        section
                            .questions
                            .iter()
                            .map(|q| find(&section.id, record, &q.id))
                            .collect(),
                    );
                }
            }
            SectionKind::Grid => {
                let mut header = vec![text("Id"), text("Område")];
                header.extend(section.questions.iter().map(|q| text(&q.label)));
                rows.push(header);
                for choice in survey
                    .choices_of(section.rows.as_deref())
                    .map_or(&[][..], |l| &l.choices)
                {
                    let key = RowKey::Grid(choice.id.clone());
                    let mut row = vec![text(&choice.id), text(&choice.label)];
                    row.extend(
                        section
                            .questions
                            .iter()
                            .map(|q| find(&section.id, &key, &q.id)),
                    );
                    rows.push(row);
                }
            }
        }
        sheets.push(SheetLayout {
            name: section.sheet.clone(),
            rows,
        });
    }
    sheets
}

/// Writes sheets as an xlsx workbook carrying the survey marker (defined
/// names, see `read::workbook`) when `marker` is given. The output is
/// byte-for-byte reproducible.
///
/// # Errors
/// A sheet name or cell Excel does not accept.
pub fn write_xlsx(
    sheets: &[SheetLayout],
    marker: Option<(&str, u32)>,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let fixed = ExcelDateTime::from_ymd(2026, 1, 1)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&fixed));
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for sheet in sheets {
        let ws = workbook.add_worksheet();
        ws.set_name(&sheet.name)?;
        for (r, row) in sheet.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Input::Empty => {}
                    Input::Text(s) if r == 0 => {
                        ws.write_string_with_format(r, c, s, &bold)?;
                    }
                    Input::Text(s) => {
                        ws.write_string(r, c, s)?;
                    }
                    Input::Number(n) => {
                        ws.write_number(r, c, *n)?;
                    }
                    Input::Date(d) => {
                        let when =
                            ExcelDateTime::parse_from_str(&d.format("%Y-%m-%d").to_string())?;
                        ws.write_datetime_with_format(r, c, &when, &date)?;
                    }
                    Input::Formula { formula, result } => {
                        ws.write_formula(r, c, Formula::new(formula).set_result(result))?;
                    }
                }
            }
        }
        let widest = sheet.rows.iter().map(Vec::len).max().unwrap_or(0);
        for c in 0..widest as u16 {
            ws.set_column_width(c, if c == 0 { 22 } else { 30 })?;
        }
    }
    if let Some((id, version)) = marker {
        workbook.define_name(MARKER_ID_NAME, &format!("=\"{id}\""))?;
        workbook.define_name(MARKER_VERSION_NAME, &format!("={version}"))?;
    }
    workbook.save_to_buffer()
}

/// Writes entries as a long CSV (`question,row,value`), in survey order.
pub fn write_csv(survey: &Survey, entries: &[Entry]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = writer.write_record(["question", "row", "value"]);
    for section in &survey.sections {
        let mut rows: Vec<&RowKey> = entries
            .iter()
            .filter(|e| e.section == section.id)
            .map(|e| &e.row)
            .collect();
        rows.sort();
        rows.dedup();
        for row in rows {
            for q in &section.questions {
                if let Some(e) = entries.iter().find(|e| &e.row == row && e.question == q.id) {
                    let _ = writer.write_record([q.id.clone(), row.as_csv(), e.input.as_csv()]);
                }
            }
        }
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}
