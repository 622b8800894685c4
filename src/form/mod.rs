//! Forms: a workbook or long CSV laid out exactly as `read` expects
//! (SURVEY.md, "Submission file formats"), from the survey definition and
//! any answers. Templates, feedback files and the example fixtures are all
//! written here. The layout is built as plain sheets of cells first, so a
//! caller can change it (the fixture generator plants defects) before it is
//! written by [`xlsx`].

mod instructions;
pub mod xlsx;

use chrono::NaiveDate;

pub use instructions::Instructions;

use crate::read::{CellValue, RowKey};
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

impl From<&CellValue> for Input {
    /// A cell as read, to write back into a fresh form.
    fn from(cell: &CellValue) -> Self {
        match cell {
            CellValue::Empty => Input::Empty,
            CellValue::Text(s) => Input::Text(s.clone()),
            CellValue::Number(n) => Input::Number(*n),
            CellValue::Bool(b) => Input::Text(if *b { "SANT" } else { "FALSKT" }.to_string()),
            CellValue::Date(d) => Input::Date(d.date()),
            CellValue::Error(e) => Input::Text(e.clone()),
            CellValue::FormulaWithoutValue(f) => Input::Text(format!("={f}")),
        }
    }
}

/// A range of answer cells of one question: unlocked and validated in a
/// template.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerRange {
    /// First row, zero-based.
    pub first_row: u32,
    /// Last row.
    pub last_row: u32,
    /// Column.
    pub col: u16,
    /// The question whose answers go there.
    pub question: String,
}

/// Where an answer of a section row was placed.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// The section row.
    pub row: RowKey,
    /// The question.
    pub question: String,
    /// Zero-based sheet row.
    pub sheet_row: u32,
    /// Column.
    pub col: u16,
}

/// A sheet as rows of cells, row 0 first.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetLayout {
    /// The sheet's name.
    pub name: String,
    /// Rows of cells.
    pub rows: Vec<Vec<Input>>,
    /// The answer cells, per question.
    pub answers: Vec<AnswerRange>,
    /// Where each answer cell of each section row is.
    pub placed: Vec<Placed>,
}

impl SheetLayout {
    /// The cell of `question` in `row`, if the layout has one.
    pub fn cell(&self, row: &RowKey, question: &str) -> Option<(u32, u16)> {
        self.placed
            .iter()
            .find(|p| &p.row == row && p.question == question)
            .map(|p| (p.sheet_row, p.col))
    }
}

/// Empty table rows a template offers for records beyond those filled in.
pub const TEMPLATE_TABLE_ROWS: usize = 200;

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
/// instructions sheet, then one sheet per section. Tables offer answer rows
/// for every record and up to the section's row limit.
pub fn layout(
    survey: &Survey,
    entries: &[Entry],
    instructions: &Instructions<'_>,
) -> Vec<SheetLayout> {
    let text = |s: &str| Input::Text(s.to_string());
    let find = |section: &str, row: &RowKey, question: &str| {
        entries
            .iter()
            .find(|e| e.section == section && &e.row == row && e.question == question)
            .map_or(Input::Empty, |e| e.input.clone())
    };
    let mut sheets = vec![SheetLayout {
        name: INSTRUCTIONS_SHEET.to_string(),
        rows: instructions.rows(survey),
        answers: Vec::new(),
        placed: Vec::new(),
    }];
    for section in &survey.sections {
        let mut rows = Vec::new();
        let mut answers = Vec::new();
        let mut placed = Vec::new();
        let mut place = |row: &RowKey, question: &str, sheet_row: usize, col: usize| {
            placed.push(Placed {
                row: row.clone(),
                question: question.to_string(),
                sheet_row: sheet_row as u32,
                col: col as u16,
            });
        };
        match section.kind {
            SectionKind::Form => {
                rows.push(vec![
                    text("Id"),
                    text("Fråga"),
                    text("Svar"),
                    text("Instruktion"),
                ]);
                for q in &section.questions {
                    let r = rows.len();
                    place(&RowKey::Form, &q.id, r, 2);
                    answers.push(AnswerRange {
                        first_row: r as u32,
                        last_row: r as u32,
                        col: 2,
                        question: q.id.clone(),
                    });
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
                let offered = records
                    .len()
                    .max(section.max_rows.unwrap_or(TEMPLATE_TABLE_ROWS));
                for (c, q) in section.questions.iter().enumerate() {
                    answers.push(AnswerRange {
                        first_row: 1,
                        last_row: offered as u32,
                        col: c as u16,
                        question: q.id.clone(),
                    });
                }
                for record in records {
                    let r = rows.len();
                    for (c, q) in section.questions.iter().enumerate() {
                        place(record, &q.id, r, c);
                    }
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
                let choices = survey
                    .choices_of(section.rows.as_deref())
                    .map_or(&[][..], |l| &l.choices);
                for (c, q) in section.questions.iter().enumerate() {
                    answers.push(AnswerRange {
                        first_row: 1,
                        last_row: choices.len() as u32,
                        col: 2 + c as u16,
                        question: q.id.clone(),
                    });
                }
                for choice in choices {
                    let key = RowKey::Grid(choice.id.clone());
                    for (c, q) in section.questions.iter().enumerate() {
                        place(&key, &q.id, rows.len(), 2 + c);
                    }
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
            answers,
            placed,
        });
    }
    sheets
}

/// A respondent's form file name: its id and name, `1441-lerum.xlsx`.
pub fn file_name(respondent: &crate::registry::Respondent, extension: &str) -> String {
    format!(
        "{}-{}.{extension}",
        respondent.id.to_lowercase(),
        crate::text::slug(&respondent.name)
    )
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
