//! The workbook layout of a submission (SURVEY.md, "Submission file
//! formats"), written down once: which sheets `collect` writes itself, the
//! survey marker, and where the ids, labels and answers of each kind of
//! section stand. The reader ([`crate::read`]) finds answers by it and the
//! form writer ([`crate::form`]) places them by it.

use crate::survey::SectionKind;

/// The sheet of instructions that opens every form; it also carries the
/// survey marker as rows, for formats that lose text defined names.
pub const INSTRUCTIONS_SHEET: &str = "Instruktioner";
/// The hidden sheet that holds a form's drop-down lists.
pub const LISTS_SHEET: &str = "Listor";
/// The feedback file's first sheet, listing the findings.
pub const FEEDBACK_SHEET: &str = "Återkoppling";

/// Sheets that `collect` itself writes into forms and feedback files; they
/// hold no answers, and the reader skips them without a warning.
pub const OWN_SHEETS: [&str; 3] = [INSTRUCTIONS_SHEET, LISTS_SHEET, FEEDBACK_SHEET];

/// The sheet Apple Numbers adds to every export; ignored like collect's own.
pub const NUMBERS_SUMMARY_SHEET: &str = "Export Summary";

/// Defined name that carries the survey id of a form.
pub const MARKER_ID_NAME: &str = "Enkat_id";
/// Defined name that carries the survey version of a form.
pub const MARKER_VERSION_NAME: &str = "Enkat_version";
/// Label in column A of the instructions sheet whose column B holds the
/// survey id.
pub const MARKER_ID_LABEL: &str = "Enkät";
/// Label in column A of the instructions sheet whose column B holds the
/// survey version.
pub const MARKER_VERSION_LABEL: &str = "Version";
/// The column of the instructions sheet that holds a marker's label; the
/// value stands in the next column.
pub const MARKER_LABEL_COL: u32 = 0;

/// A form sheet's header row: `Id | Fråga | Svar | Instruktion`.
pub const FORM_HEADER: [&str; 4] = ["Id", "Fråga", "Svar", "Instruktion"];
/// The column of a form sheet that holds the question id.
pub const FORM_ID_COL: u32 = 0;
/// The column of a form sheet that holds the question's label.
pub const FORM_LABEL_COL: u32 = 1;
/// The column of a form sheet that holds the answer.
pub const FORM_ANSWER_COL: u32 = 2;
/// The column of a form sheet that holds the question's help text.
pub const FORM_HELP_COL: u32 = 3;

/// The first columns of a grid sheet's header: the row's id and label;
/// the questions follow.
pub const GRID_HEADER: [&str; 2] = ["Id", "Område"];
/// The column of a grid sheet that holds the grid row's id.
pub const GRID_ID_COL: u32 = 0;

/// The header of the column of a form's own checks (SURVEY.md, "The form
/// checks itself"); its header cell also counts the open errors, as
/// `Kontroll: 2 saker att rätta …`.
pub const CHECK_HEADER: &str = "Kontroll";
/// The column of a form sheet that holds its checks (E).
pub const FORM_CHECK_COL: u32 = 4;

/// Whether a header cell heads the checks column: its text (or, for a
/// formula whose result the file lost, the formula) starts with
/// `Kontroll`. The reader ignores that column whatever it holds.
pub fn is_check_header(text: &str) -> bool {
    let text = text.trim().trim_start_matches('=').trim_start_matches('"');
    let folded = crate::text::fold(text);
    let head = crate::text::fold(CHECK_HEADER);
    folded == head || folded.starts_with(&format!("{head}:"))
}

/// The checks column of a section with `questions` questions: column E of
/// a form, the column after the last question of a table or grid.
pub fn check_col(kind: SectionKind, questions: usize) -> u32 {
    match kind {
        SectionKind::Form => FORM_CHECK_COL,
        _ => question_col(kind, questions),
    }
}

/// Empty table rows a template offers when the section sets no limit.
pub const TEMPLATE_TABLE_ROWS: usize = 200;

/// The first column that may hold a question of a section laid out in
/// columns: tables from column A, grids after the row's id and label. A
/// form has one answer column for every question.
pub fn first_question_col(kind: SectionKind) -> u32 {
    match kind {
        SectionKind::Table => 0,
        SectionKind::Grid => 2,
        SectionKind::Form => FORM_ANSWER_COL,
    }
}

/// The column of the question at `index` (its position in the section).
pub fn question_col(kind: SectionKind, index: usize) -> u32 {
    match kind {
        SectionKind::Form => FORM_ANSWER_COL,
        _ => first_question_col(kind).saturating_add(u32::try_from(index).unwrap_or(u32::MAX)),
    }
}
