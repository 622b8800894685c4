//! Writing a form as an xlsx workbook: the answer cells unlocked and
//! guarded by Excel data validation built from the survey definition
//! (drop-down lists kept on a hidden sheet, number and date ranges, input
//! messages from the help texts, Swedish error alerts), everything else
//! locked under sheet protection without a password; optionally findings
//! marked on their cells with a fill and a note, after a first sheet that
//! lists them.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatBorder, Formula, Note, ProtectionOptions, Workbook, Worksheet,
    XlsxError,
};

use super::{Input, SheetLayout, col16};
use crate::convert::{count_to_f64, to_u16, to_u32, trunc_to_i32};
use crate::layout::{
    FEEDBACK_SHEET, FORM_ANSWER_COL, FORM_HELP_COL, FORM_ID_COL, FORM_LABEL_COL, GRID_ID_COL,
    INSTRUCTIONS_SHEET, LISTS_SHEET, MARKER_ID_NAME, MARKER_VERSION_NAME,
};
use crate::place::cell_ref;
use crate::survey::{Question, QuestionType, SectionKind, Survey};

/// Rows of a table drawn as framed answer cells; the whole column is
/// unlocked either way.
const FRAMED_ROWS: u32 = 20;

/// Excel's limits on data validation texts (characters).
const INPUT_TITLE_MAX: usize = 32;
const INPUT_MESSAGE_MAX: usize = 255;

/// A finding to mark on a cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// The sheet.
    pub sheet: String,
    /// Zero-based row.
    pub row: u32,
    /// Column.
    pub col: u16,
    /// An error (red) or a warning (yellow).
    pub error: bool,
    /// The note's text.
    pub note: String,
}

/// The first sheet of a feedback file: rows of text, one of them a table
/// header.
#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    /// The rows, the first a title.
    pub rows: Vec<Vec<Input>>,
    /// The row that heads the table of findings.
    pub header_row: usize,
}

/// How to write a form.
#[derive(Debug, Clone)]
pub struct Options<'a> {
    /// The survey the form is for.
    pub survey: &'a Survey,
    /// The survey id and version to carry as defined names (`None`: none).
    pub marker: Option<(&'a str, u32)>,
    /// Names offered in the respondent question's drop-down list.
    pub respondents: Vec<String>,
    /// Findings to mark.
    pub marks: &'a [Mark],
    /// A first sheet listing the findings (a feedback file).
    pub feedback: Option<&'a Feedback>,
}

impl<'a> Options<'a> {
    /// A plain form of `survey` carrying its id and version.
    pub fn new(survey: &'a Survey) -> Self {
        Options {
            survey,
            marker: Some((&survey.id, survey.version)),
            respondents: Vec::new(),
            marks: &[],
            feedback: None,
        }
    }
}

struct Styles {
    header: Format,
    label: Format,
    wrap: Format,
    answer: Format,
    date: Format,
    title: Format,
    plain: Format,
    key: Format,
    column: Format,
    column_date: Format,
}

impl Styles {
    fn new() -> Self {
        let answer = Format::new()
            .set_unlocked()
            .set_background_color(Color::White)
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xB4C6E7));
        Styles {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_text_wrap(),
            label: Format::new()
                .set_background_color(Color::RGB(0xF2F2F2))
                .set_text_wrap()
                .set_align(rust_xlsxwriter::FormatAlign::Top),
            wrap: Format::new()
                .set_text_wrap()
                .set_align(rust_xlsxwriter::FormatAlign::Top),
            date: answer.clone().set_num_format("yyyy-mm-dd"),
            answer: answer.set_text_wrap(),
            title: Format::new().set_bold().set_font_size(14),
            plain: Format::new(),
            column: Format::new().set_unlocked().set_text_wrap(),
            column_date: Format::new().set_unlocked().set_num_format("yyyy-mm-dd"),
            key: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_text_wrap()
                .set_align(rust_xlsxwriter::FormatAlign::Top),
        }
    }
}

/// Writes the sheets as an xlsx workbook. The output is byte-for-byte
/// reproducible for the same input.
///
/// # Errors
/// A sheet name, cell or validation Excel does not accept.
pub fn write(sheets: &[SheetLayout], options: &Options<'_>) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let fixed = ExcelDateTime::from_ymd(2026, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&options.survey.title)
            .set_creation_datetime(&fixed),
    );
    let styles = Styles::new();
    if let Some(feedback) = options.feedback {
        feedback_sheet(workbook.add_worksheet(), feedback, &styles)?;
    }
    let lists = Lists::new(options);
    for sheet in sheets {
        let ws = workbook.add_worksheet();
        ws.set_name(&sheet.name)?;
        if sheet.name == INSTRUCTIONS_SHEET {
            instructions_sheet(ws, sheet, &styles)?;
        } else {
            section_sheet(ws, sheet, options, &lists, &styles)?;
        }
    }
    lists.write(workbook.add_worksheet())?;
    if let Some((id, version)) = options.marker {
        workbook.define_name(MARKER_ID_NAME, &format!("=\"{id}\""))?;
        workbook.define_name(MARKER_VERSION_NAME, &format!("={version}"))?;
    }
    workbook.save_to_buffer()
}

fn print_setup(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

fn protect(ws: &mut Worksheet) {
    ws.protect_with_options(&ProtectionOptions {
        select_locked_cells: true,
        select_unlocked_cells: true,
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
}

/// Excel's limit on the characters of one cell.
const CELL_CHARS: usize = 32_767;

/// Text cut to what one cell may hold, with "…" where it was cut (a
/// feedback file shows the answer; the submission keeps it whole).
fn within_cell_limit(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().count() <= CELL_CHARS {
        text.into()
    } else {
        let mut cut: String = text.chars().take(CELL_CHARS - 1).collect();
        cut.push('…');
        cut.into()
    }
}

fn write_input(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    input: &Input,
    format: &Format,
) -> Result<(), XlsxError> {
    match input {
        Input::Empty => ws.write_blank(r, c, format)?,
        Input::Text(s) => ws.write_string_with_format(r, c, within_cell_limit(s), format)?,
        Input::Number(n) => ws.write_number_with_format(r, c, *n, format)?,
        Input::Date(d) => {
            let when = ExcelDateTime::parse_from_str(&d.format("%Y-%m-%d").to_string())?;
            let dated = format.clone().set_num_format("yyyy-mm-dd");
            ws.write_datetime_with_format(r, c, &when, &dated)?
        }
        Input::Formula { formula, result } => {
            ws.write_formula_with_format(r, c, Formula::new(formula).set_result(result), format)?
        }
    };
    Ok(())
}

fn instructions_sheet(
    ws: &mut Worksheet,
    sheet: &SheetLayout,
    styles: &Styles,
) -> Result<(), XlsxError> {
    for (r, row) in sheet.rows.iter().enumerate() {
        for (c, input) in row.iter().enumerate() {
            let format = match (r, c) {
                (0, _) => &styles.title,
                (_, 0) => &styles.key,
                _ => &styles.wrap,
            };
            write_input(ws, to_u32(r), to_u16(c), input, format)?;
        }
        if let Some(Input::Text(text)) = row.get(1) {
            let lines = text.chars().count().div_ceil(95).max(1);
            if lines > 1 {
                ws.set_row_height(to_u32(r), 15.0 * count_to_f64(lines))?;
            }
        }
    }
    ws.set_column_width(0, 30)?;
    ws.set_column_width(1, 100)?;
    ws.set_portrait();
    ws.set_print_fit_to_pages(1, 0);
    protect(ws);
    Ok(())
}

fn section_sheet(
    ws: &mut Worksheet,
    sheet: &SheetLayout,
    options: &Options<'_>,
    lists: &Lists,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let survey = options.survey;
    let section = survey.section_by_sheet(&sheet.name);
    unlock_answer_cells(ws, sheet, survey, styles)?;
    write_cells(ws, sheet, options, styles)?;
    mark_findings(ws, sheet, options.marks, styles)?;
    for range in &sheet.answers {
        if let Some((_, q)) = survey.question(&range.question) {
            ws.add_data_validation(
                range.first_row,
                range.col,
                range.last_row,
                range.col,
                &validation(q, lists)?,
            )?;
        }
    }
    widths(ws, sheet, section.map(|s| s.kind), survey)?;
    ws.set_freeze_panes(1, 0)?;
    print_setup(ws)?;
    protect(ws);
    Ok(())
}

/// Whether the layout leaves the cell at `r`, `c` empty.
fn is_empty_cell(sheet: &SheetLayout, r: u32, c: u16) -> bool {
    sheet
        .rows
        .get(r as usize)
        .and_then(|row| row.get(c as usize))
        .is_none_or(|i| *i == Input::Empty)
}

/// The fill of a cell marked with a finding: red for an error, yellow for a
/// warning.
fn mark_color(mark: &Mark) -> Color {
    if mark.error {
        Color::RGB(0xFFC7CE)
    } else {
        Color::RGB(0xFFEB9C)
    }
}

/// Unlocks the answer cells. Answer columns are unlocked as whole columns,
/// so that empty answer cells need no cell of their own; a single-row range
/// (a form's question) gets its own blank cell, in its question's format.
fn unlock_answer_cells(
    ws: &mut Worksheet,
    sheet: &SheetLayout,
    survey: &Survey,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let mut columns: Vec<u16> = Vec::new();
    for range in &sheet.answers {
        let date = survey
            .question(&range.question)
            .is_some_and(|(_, q)| q.kind == QuestionType::Date);
        let format = if date { &styles.date } else { &styles.answer };
        if range.first_row == range.last_row {
            let r = range.first_row;
            if is_empty_cell(sheet, r, range.col) {
                ws.write_blank(r, range.col, format)?;
            }
        } else if !columns.contains(&range.col) {
            columns.push(range.col);
            let column = if date {
                &styles.column_date
            } else {
                &styles.column
            };
            ws.set_column_format(range.col, column)?;
            // The first rows get framed cells, so the table shows where to write.
            let framed = range.first_row..=range.last_row.min(range.first_row + FRAMED_ROWS - 1);
            for r in framed {
                if is_empty_cell(sheet, r, range.col) {
                    ws.write_blank(r, range.col, format)?;
                }
            }
        }
    }
    Ok(())
}

/// Writes the layout's cells: the header row, labels, and the answers in
/// their question's format, filled when a finding marks them. Empty answer
/// cells are left to [`unlock_answer_cells`].
fn write_cells(
    ws: &mut Worksheet,
    sheet: &SheetLayout,
    options: &Options<'_>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let survey = options.survey;
    let question_of = |r: u32, c: u16| {
        sheet
            .answers
            .iter()
            .find(|a| a.col == c && (a.first_row..=a.last_row).contains(&r))
            .and_then(|a| survey.question(&a.question).map(|(_, q)| q))
    };
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = to_u32(r);
        for (c, input) in row.iter().enumerate() {
            let c = to_u16(c);
            let answer = question_of(r, c);
            let mut format = cell_format(r, answer, input, styles);
            if let Some(mark) = options
                .marks
                .iter()
                .find(|m| m.sheet == sheet.name && m.row == r && m.col == c)
            {
                format = format.set_background_color(mark_color(mark));
            }
            if *input != Input::Empty || answer.is_none() {
                write_input(ws, r, c, input, &format)?;
            }
        }
    }
    Ok(())
}

/// The format of a cell in row `r`: the header, a label (no `answer`
/// question), or an answer in its question's format.
fn cell_format(r: u32, answer: Option<&Question>, input: &Input, styles: &Styles) -> Format {
    match (r, answer) {
        (0, _) => styles.header.clone(),
        // A number someone wrote into a date question stays a number.
        (_, Some(q)) if q.kind == QuestionType::Date && !matches!(input, Input::Number(_)) => {
            styles.date.clone()
        }
        (_, Some(q)) if q.kind == QuestionType::Amount => {
            styles.answer.clone().set_num_format("#,##0")
        }
        (_, Some(_)) => styles.answer.clone(),
        (_, None) => styles.label.clone(),
    }
}

/// Marks the sheet's findings: an empty marked cell gets a filled blank
/// (written cells were filled by [`write_cells`]), and every marked cell a
/// note with the finding.
fn mark_findings(
    ws: &mut Worksheet,
    sheet: &SheetLayout,
    marks: &[Mark],
    styles: &Styles,
) -> Result<(), XlsxError> {
    for mark in marks.iter().filter(|m| m.sheet == sheet.name) {
        if is_empty_cell(sheet, mark.row, mark.col) {
            ws.write_blank(
                mark.row,
                mark.col,
                &styles.answer.clone().set_background_color(mark_color(mark)),
            )?;
        }
        let note = Note::new(&mark.note)
            .set_author("collect")
            .add_author_prefix(false)
            .set_width(320)
            .set_height(120);
        ws.insert_note(mark.row, mark.col, &note)?;
    }
    Ok(())
}

fn widths(
    ws: &mut Worksheet,
    sheet: &SheetLayout,
    kind: Option<SectionKind>,
    survey: &Survey,
) -> Result<(), XlsxError> {
    match kind {
        Some(SectionKind::Form) => {
            for (c, w) in [
                (FORM_ID_COL, 24.0),
                (FORM_LABEL_COL, 46.0),
                (FORM_ANSWER_COL, 32.0),
                (FORM_HELP_COL, 70.0),
            ] {
                ws.set_column_width(col16(c), w)?;
            }
            // Wrapped help texts need taller rows; programs do not grow them.
            let help_col = usize::try_from(FORM_HELP_COL).unwrap_or(usize::MAX);
            for (r, row) in sheet.rows.iter().enumerate().skip(1) {
                if let Some(Input::Text(help)) = row.get(help_col) {
                    let lines = help.chars().count().div_ceil(72).max(1);
                    ws.set_row_height(to_u32(r), 15.0 * count_to_f64(lines))?;
                }
            }
        }
        _ => {
            let widest = to_u16(sheet.rows.iter().map(Vec::len).max().unwrap_or(0));
            for c in 0..widest {
                let q = sheet
                    .answers
                    .iter()
                    .find(|a| a.col == c)
                    .and_then(|a| survey.question(&a.question))
                    .map(|(_, q)| q);
                let width = match q.map(|q| q.kind) {
                    Some(QuestionType::Text | QuestionType::Url) => 40.0,
                    Some(QuestionType::Date | QuestionType::Year | QuestionType::Integer) => 14.0,
                    Some(_) => 26.0,
                    None if u32::from(c) == GRID_ID_COL + 1 => 32.0,
                    None => 16.0,
                };
                ws.set_column_width(c, width)?;
            }
            ws.set_row_height(0, 32)?;
        }
    }
    Ok(())
}

/// `text` cut to `max` characters, with an ellipsis when cut.
fn fit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max - 1).collect();
    format!("{cut}…")
}

/// The data validation of a question's answer cells.
fn validation(q: &Question, lists: &Lists) -> Result<DataValidation, XlsxError> {
    let (rule, error) = rule(q, lists);
    rule.set_input_title(fit(&q.label, INPUT_TITLE_MAX))?
        .set_input_message(fit(&q.help, INPUT_MESSAGE_MAX))?
        .set_error_title("Svaret passar inte")?
        .set_error_message(fit(&error, INPUT_MESSAGE_MAX))
}

/// The rule a question's answers must follow, and the alert shown when one
/// does not.
fn rule(q: &Question, lists: &Lists) -> (DataValidation, String) {
    match q.kind {
        QuestionType::SelectOne => {
            let list = lists.range(q.choices.as_deref().unwrap_or_default());
            (
                DataValidation::new().allow_list_formula(Formula::new(list)),
                "Välj ett av svaren i listan.".to_string(),
            )
        }
        QuestionType::Respondent => respondent_rule(lists),
        QuestionType::Year | QuestionType::Integer => whole_number_rule(q),
        QuestionType::Decimal | QuestionType::Amount => decimal_rule(q),
        QuestionType::Date => date_rule(q),
        QuestionType::Text | QuestionType::Email | QuestionType::Url => (
            DataValidation::new().allow_text_length(DataValidationRule::LessThanOrEqualTo(to_u32(
                crate::value::MAX_TEXT_CHARS,
            ))),
            format!(
                "Texten får ha högst {} tecken.",
                crate::value::format_swedish(count_to_f64(crate::value::MAX_TEXT_CHARS))
            ),
        ),
    }
}

/// The respondent: one of the registry's names when there is a list (a
/// warning only, since a name or code may be typed), else any short text.
fn respondent_rule(lists: &Lists) -> (DataValidation, String) {
    let validation = match lists.range_of_respondents() {
        Some(list) => DataValidation::new()
            .allow_list_formula(Formula::new(list))
            .set_error_style(DataValidationErrorStyle::Warning),
        None => DataValidation::new().allow_text_length(DataValidationRule::Between(1, 200)),
    };
    (
        validation,
        "Välj organisationen i listan eller skriv dess namn eller kod.".to_string(),
    )
}

/// A year or an integer, within the question's range or a wide default.
fn whole_number_rule(q: &Question) -> (DataValidation, String) {
    let int = |v: Option<f64>, default: i32| v.map_or(default, trunc_to_i32);
    if q.kind == QuestionType::Year {
        (
            DataValidation::new().allow_whole_number(DataValidationRule::Between(
                int(q.min, 1900),
                int(q.max, 2200),
            )),
            format!(
                "Skriv ett årtal med fyra siffror{}.",
                if q.min.is_some() {
                    range_text(q, "")
                } else {
                    String::new()
                }
            ),
        )
    } else {
        (
            DataValidation::new().allow_whole_number(DataValidationRule::Between(
                int(q.min, -2_000_000_000),
                int(q.max, 2_000_000_000),
            )),
            format!("Skriv ett heltal{}.", range_text(q, "")),
        )
    }
}

/// A decimal number or an amount in kronor, within the question's range.
fn decimal_rule(q: &Question) -> (DataValidation, String) {
    let rule = match (q.min, q.max) {
        (Some(min), Some(max)) => DataValidationRule::Between(min, max),
        (Some(min), None) => DataValidationRule::GreaterThanOrEqualTo(min),
        (None, Some(max)) => DataValidationRule::LessThanOrEqualTo(max),
        (None, None) => DataValidationRule::Between(-1e15, 1e15),
    };
    let unit = if q.kind == QuestionType::Amount {
        " kr"
    } else {
        ""
    };
    (
        DataValidation::new().allow_decimal_number(rule),
        format!("Skriv ett tal{}.", range_text(q, unit)),
    )
}

/// A date from 1900 until 2100, or until today when it may not lie ahead.
fn date_rule(q: &Question) -> (DataValidation, String) {
    let last = if q.not_future {
        "TODAY()"
    } else {
        "DATE(2100,12,31)"
    };
    let rule = DataValidationRule::Between(Formula::new("DATE(1900,1,1)"), Formula::new(last));
    let when = if q.not_future { ", senast i dag" } else { "" };
    (
        DataValidation::new().allow_date_formula(rule),
        format!("Skriv ett datum som ÅÅÅÅ-MM-DD{when}."),
    )
}

/// The question's range in words (" mellan 1 och 5 kr"), empty without one.
fn range_text(q: &Question, unit: &str) -> String {
    // Years as years, other numbers with thousands spaced.
    let show = |x: f64| match q.kind {
        QuestionType::Year => format!("{x:.0}"),
        _ => crate::value::format_swedish(x),
    };
    match (q.min, q.max) {
        (Some(min), Some(max)) => format!(" mellan {} och {}{unit}", show(min), show(max)),
        (Some(min), None) => format!(" på minst {}{unit}", show(min)),
        (None, Some(max)) => format!(" på högst {}{unit}", show(max)),
        (None, None) => String::new(),
    }
}

/// The hidden sheet of drop-down lists: one column per choice list, and
/// one for the registry's names.
struct Lists {
    columns: Vec<(String, Vec<String>)>,
}

/// Column header of the respondents' list.
const RESPONDENTS_LIST: &str = "organisationer";

impl Lists {
    fn new(options: &Options<'_>) -> Self {
        let mut columns: Vec<(String, Vec<String>)> = options
            .survey
            .choice_lists
            .iter()
            .map(|l| {
                (
                    l.id.clone(),
                    l.choices.iter().map(|c| c.label.clone()).collect(),
                )
            })
            .collect();
        if !options.respondents.is_empty() {
            columns.push((RESPONDENTS_LIST.to_string(), options.respondents.clone()));
        }
        Lists { columns }
    }

    fn range_at(&self, index: usize) -> String {
        let (_, values) = &self.columns[index];
        let first = cell_ref(1, to_u32(index));
        let last = cell_ref(to_u32(values.len().max(1)), to_u32(index));
        let dollar = |a1: String| {
            let split = a1.find(|c: char| c.is_ascii_digit()).unwrap_or(a1.len());
            format!("${}${}", &a1[..split], &a1[split..])
        };
        format!("={LISTS_SHEET}!{}:{}", dollar(first), dollar(last))
    }

    fn range(&self, list: &str) -> String {
        self.columns
            .iter()
            .position(|(id, _)| id == list)
            .map_or_else(|| "=\"\"".to_string(), |i| self.range_at(i))
    }

    fn range_of_respondents(&self) -> Option<String> {
        self.columns
            .iter()
            .position(|(id, _)| id == RESPONDENTS_LIST)
            .map(|i| self.range_at(i))
    }

    fn write(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        ws.set_name(LISTS_SHEET)?;
        for (c, (id, values)) in self.columns.iter().enumerate() {
            ws.write_string(0, to_u16(c), id)?;
            for (r, value) in values.iter().enumerate() {
                ws.write_string(to_u32(r) + 1, to_u16(c), value)?;
            }
        }
        ws.set_hidden(true);
        protect(ws);
        Ok(())
    }
}

fn feedback_sheet(
    ws: &mut Worksheet,
    feedback: &Feedback,
    styles: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name(FEEDBACK_SHEET)?;
    for (r, row) in feedback.rows.iter().enumerate() {
        for (c, input) in row.iter().enumerate() {
            let format = match r {
                0 => &styles.title,
                _ if r == feedback.header_row => &styles.header,
                // The lines above the table run across the empty cells beside them.
                _ if r < feedback.header_row => &styles.plain,
                _ => &styles.wrap,
            };
            write_input(ws, to_u32(r), to_u16(c), input, format)?;
        }
    }
    for (c, w) in [12.0, 26.0, 26.0, 40.0, 90.0].into_iter().enumerate() {
        ws.set_column_width(to_u16(c), w)?;
    }
    ws.set_active(true);
    print_setup(ws)?;
    Ok(())
}
