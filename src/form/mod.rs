//! Forms: a workbook or long CSV laid out exactly as `read` expects
//! (SURVEY.md, "Submission file formats"), from the survey definition and
//! any answers. Templates, feedback files and the example fixtures are all
//! written here. The layout is built as plain sheets of cells first, so a
//! caller can change it (the fixture generator plants defects) before it is
//! written by [`xlsx`].

mod checks;
mod instructions;
pub mod xlsx;

use chrono::NaiveDate;

pub use checks::{ERROR_MARK, Highlight, WARNING_MARK};
pub use instructions::Instructions;

use crate::convert::to_u32;
use crate::layout::{
    self, FORM_ANSWER_COL, FORM_HEADER, FORM_HELP_COL, FORM_ID_COL, FORM_LABEL_COL, GRID_HEADER,
    GRID_ID_COL, INSTRUCTIONS_SHEET, TEMPLATE_TABLE_ROWS,
};
use crate::place::RowKey;
use crate::survey::{Section, SectionKind, Survey};

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
    /// (an empty result is an empty text).
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
    /// The column of the form's own checks (`Kontroll`), if it has one.
    pub check_col: Option<u32>,
    /// Answer cells highlighted while a condition holds (required and empty).
    pub highlights: Vec<Highlight>,
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

/// Lays out every section of the survey with `entries` filled in: an
/// instructions sheet, then one sheet per section. Tables offer answer rows
/// for every record and up to the section's row limit. Every section sheet
/// checks itself in a `Kontroll` column ([`checks`]).
pub fn layout(
    survey: &Survey,
    entries: &[Entry],
    instructions: &Instructions<'_>,
) -> Vec<SheetLayout> {
    let mut sheets = vec![SheetLayout {
        name: INSTRUCTIONS_SHEET.to_string(),
        rows: instructions.rows(survey),
        answers: Vec::new(),
        placed: Vec::new(),
        check_col: None,
        highlights: Vec::new(),
    }];
    for section in &survey.sections {
        let mut sheet = SheetLayout {
            name: section.sheet.clone(),
            rows: Vec::new(),
            answers: Vec::new(),
            placed: Vec::new(),
            check_col: None,
            highlights: Vec::new(),
        };
        let filled = Filled {
            section: &section.id,
            entries,
        };
        match section.kind {
            SectionKind::Form => form_sheet(section, &filled, &mut sheet),
            SectionKind::Table => table_sheet(section, &filled, &mut sheet),
            SectionKind::Grid => grid_sheet(survey, section, &filled, &mut sheet),
        }
        sheets.push(sheet);
    }
    checks::add(survey, &mut sheets);
    sheets
}

/// The entries of one section.
struct Filled<'a> {
    section: &'a str,
    entries: &'a [Entry],
}

impl Filled<'_> {
    /// The input for `question` in `row`, empty when not given.
    fn input(&self, row: &RowKey, question: &str) -> Input {
        self.entries
            .iter()
            .find(|e| e.section == self.section && &e.row == row && e.question == question)
            .map_or(Input::Empty, |e| e.input.clone())
    }

    /// The rows that have entries, in order.
    fn rows(&self) -> Vec<&RowKey> {
        let mut rows: Vec<&RowKey> = self
            .entries
            .iter()
            .filter(|e| e.section == self.section)
            .map(|e| &e.row)
            .collect();
        rows.sort();
        rows.dedup();
        rows
    }
}

fn text(s: &str) -> Input {
    Input::Text(s.to_string())
}

/// A row of cells with each input at its column, empty cells between.
pub(crate) fn row_of(cells: impl IntoIterator<Item = (u32, Input)>) -> Vec<Input> {
    let mut row = Vec::new();
    for (col, input) in cells {
        let col = usize::try_from(col).unwrap_or(usize::MAX);
        if row.len() <= col {
            row.resize(col + 1, Input::Empty);
        }
        row[col] = input;
    }
    row
}

impl SheetLayout {
    /// Records that the answer of `question` in `row` is in the sheet's
    /// next row, at `col`.
    fn place(&mut self, row: &RowKey, question: &str, col: u32) {
        self.placed.push(Placed {
            row: row.clone(),
            question: question.to_string(),
            sheet_row: to_u32(self.rows.len()),
            col: col16(col),
        });
    }

    /// The answer cells of `question`: rows `first..=last` of `col`.
    fn offer(&mut self, question: &str, first: usize, last: usize, col: u32) {
        self.answers.push(AnswerRange {
            first_row: to_u32(first),
            last_row: to_u32(last),
            col: col16(col),
            question: question.to_string(),
        });
    }
}

/// A spreadsheet column as rust_xlsxwriter numbers it.
pub(crate) fn col16(col: u32) -> u16 {
    u16::try_from(col).unwrap_or(u16::MAX)
}

/// `Id | Fråga | Svar | Instruktion`, one question per row.
fn form_sheet(section: &Section, filled: &Filled<'_>, sheet: &mut SheetLayout) {
    sheet
        .rows
        .push(FORM_HEADER.iter().map(|h| text(h)).collect());
    for q in &section.questions {
        let r = sheet.rows.len();
        sheet.place(&RowKey::Form, &q.id, FORM_ANSWER_COL);
        sheet.offer(&q.id, r, r, FORM_ANSWER_COL);
        sheet.rows.push(row_of([
            (FORM_ID_COL, text(&q.id)),
            (FORM_LABEL_COL, text(&q.label)),
            (FORM_ANSWER_COL, filled.input(&RowKey::Form, &q.id)),
            (FORM_HELP_COL, text(&q.help)),
        ]));
    }
}

/// A header of labels, then one row per record.
fn table_sheet(section: &Section, filled: &Filled<'_>, sheet: &mut SheetLayout) {
    let col = |i: usize| layout::question_col(section.kind, i);
    sheet.rows.push(row_of(
        (0..)
            .zip(&section.questions)
            .map(|(i, q)| (col(i), text(&q.label))),
    ));
    let records = filled.rows();
    let offered = records
        .len()
        .max(section.max_rows.unwrap_or(TEMPLATE_TABLE_ROWS));
    for (i, q) in section.questions.iter().enumerate() {
        sheet.offer(&q.id, 1, offered, col(i));
    }
    for record in records {
        for (i, q) in section.questions.iter().enumerate() {
            sheet.place(record, &q.id, col(i));
        }
        let cells = (0..).zip(&section.questions);
        sheet.rows.push(row_of(
            cells.map(|(i, q)| (col(i), filled.input(record, &q.id))),
        ));
    }
}

/// `Id | Område | questions…`, one row per choice of the section's list.
fn grid_sheet(survey: &Survey, section: &Section, filled: &Filled<'_>, sheet: &mut SheetLayout) {
    let col = |i: usize| layout::question_col(section.kind, i);
    let mut header = vec![
        (GRID_ID_COL, text(GRID_HEADER[0])),
        (GRID_ID_COL + 1, text(GRID_HEADER[1])),
    ];
    header.extend(
        (0..)
            .zip(&section.questions)
            .map(|(i, q)| (col(i), text(&q.label))),
    );
    sheet.rows.push(row_of(header));
    let choices = survey
        .choices_of(section.rows.as_deref())
        .map_or(&[][..], |l| &l.choices);
    for (i, q) in section.questions.iter().enumerate() {
        sheet.offer(&q.id, 1, choices.len(), col(i));
    }
    for choice in choices {
        let key = RowKey::Grid(choice.id.clone());
        for (i, q) in section.questions.iter().enumerate() {
            sheet.place(&key, &q.id, col(i));
        }
        let mut cells = vec![
            (GRID_ID_COL, text(&choice.id)),
            (GRID_ID_COL + 1, text(&choice.label)),
        ];
        cells.extend(
            (0..)
                .zip(&section.questions)
                .map(|(i, q)| (col(i), filled.input(&key, &q.id))),
        );
        sheet.rows.push(row_of(cells));
    }
}

/// A respondent's form file name: its id and name, `1441-lerum.xlsx`,
/// made safe by [`crate::text::file_name`].
pub fn file_name(respondent: &crate::registry::Respondent, extension: &str) -> String {
    crate::text::file_name(&[respondent.id.as_str(), &respondent.name], extension)
}

/// Writes entries as a long CSV (`question,row,value`), in survey order.
pub fn write_csv(survey: &Survey, entries: &[Entry]) -> String {
    let mut out = crate::csv_out::CsvOut::default();
    out.record(["question", "row", "value"]);
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
                    out.record([q.id.clone(), row.as_csv(), e.input.as_csv()]);
                }
            }
        }
    }
    out.into_string()
}
