//! Writing a form as an xlsx workbook: the answer cells unlocked and
//! guarded by Excel data validation built from the survey definition
//! (drop-down lists kept on a hidden sheet, number and date ranges, input
//! messages from the help texts, Swedish error alerts), everything else
//! locked under sheet protection without a password; optionally findings
//! marked on their cells with a fill and a note, after a first sheet that
//! lists them.

use rust_xlsxwriter::{
    Color, ConditionalFormatFormula, DataValidation, DataValidationErrorStyle, DataValidationRule,
    DocProperties, ExcelDateTime, Format, FormatBorder, Formula, Note, ProtectionOptions, Workbook,
    Worksheet, XlsxError,
};

use super::{Input, SheetLayout};
use crate::convert::{count_to_f64, to_u16, to_u32, trunc_to_i32};
use crate::fit;
use crate::layout::{
    FEEDBACK_SHEET, FORM_ANSWER_COL, INSTRUCTIONS_SHEET, LISTS_SHEET, MARKER_ID_NAME,
    MARKER_VERSION_NAME,
};
use crate::place::cell_ref;
use crate::survey::{Question, QuestionType, SectionKind, Survey};

/// Rows of a table drawn as framed answer cells; the whole column is
/// unlocked either way.
const FRAMED_ROWS: u32 = 20;

/// The number format of an amount: whole kronor, thousands grouped.
const AMOUNT_FORMAT: &str = "#,##0";

/// The width of the `Kontroll` column, in characters: room for a message on
/// a few lines.
const CHECK_WIDTH: f64 = 40.0;

/// The font size of a form's and a feedback file's title, in points.
const TITLE_PT: f64 = 14.0;

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
    key: Format,
    column: Format,
    column_date: Format,
    check: Format,
    missing: Format,
}

impl Styles {
    fn new() -> Self {
        let answer = Format::new()
            // Answers read from the left, clear of the instruction beside them.
            .set_align(rust_xlsxwriter::FormatAlign::Top)
            .set_align(rust_xlsxwriter::FormatAlign::Left)
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
                .set_align(rust_xlsxwriter::FormatAlign::Top)
                .set_align(rust_xlsxwriter::FormatAlign::Left),
            date: answer.clone().set_num_format("yyyy-mm-dd"),
            answer: answer.set_text_wrap(),
            title: Format::new()
                .set_bold()
                .set_font_size(TITLE_PT)
                .set_text_wrap()
                .set_align(rust_xlsxwriter::FormatAlign::Top),
            column: Format::new()
                .set_unlocked()
                .set_text_wrap()
                .set_align(rust_xlsxwriter::FormatAlign::Left),
            column_date: Format::new()
                .set_unlocked()
                .set_num_format("yyyy-mm-dd")
                .set_align(rust_xlsxwriter::FormatAlign::Left),
            key: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_text_wrap()
                .set_align(rust_xlsxwriter::FormatAlign::Top),
            // The form's own checks: dark red, wrapped, locked.
            check: Format::new()
                .set_font_color(Color::RGB(0x9C0006))
                .set_text_wrap()
                .set_align(rust_xlsxwriter::FormatAlign::Top)
                .set_align(rust_xlsxwriter::FormatAlign::Left),
            // A required answer still empty.
            missing: Format::new().set_background_color(Color::RGB(0xFCE4D6)),
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

/// Sets up printing by the report's rule (REPORT.md): A4 landscape, the
/// header row on every page, one page wide where that prints at 60 % or
/// more, else across pages with the first column repeated.
fn print_setup(ws: &mut Worksheet, widths: &[f64], header_rows: u32) -> Result<(), XlsxError> {
    crate::table::print_setup(ws, widths, header_rows, 1)
}

/// A cell's input as the reader sees it, for measuring: its text, and
/// whether it wraps (numbers and dates do not).
fn shown(input: &Input, amount: bool) -> Option<(String, bool)> {
    match input {
        Input::Empty => None,
        Input::Text(s) => Some((s.clone(), true)),
        Input::Number(n) if amount => Some((crate::table::Num::Integer.shown(*n), false)),
        Input::Number(n) => Some((crate::value::number_as_text(*n), false)),
        Input::Date(_) => Some(("0000-00-00".to_string(), false)),
        Input::Formula { result, .. } => Some((result.clone(), true)),
    }
}

/// Sets each row of `rows` as tall as its tallest wrapped text needs at
/// the columns' `widths` (text in a form is never cut: the respondent's
/// answers stay whole, up to Excel's tallest row). Row 0 is in a font of
/// `first_pt` points.
fn fit_rows(
    ws: &mut Worksheet,
    rows: &[Vec<Input>],
    widths: &[f64],
    first_pt: f64,
) -> Result<(), XlsxError> {
    for (r, row) in rows.iter().enumerate() {
        let font = if r == 0 { first_pt } else { fit::FONT_PT };
        let lines = row
            .iter()
            .zip(widths)
            .filter_map(|(input, w)| {
                let (text, wraps) = shown(input, false)?;
                wraps.then(|| fit::lines(&text, *w, font))
            })
            .max()
            .unwrap_or(1);
        if lines > 1 || font > fit::FONT_PT {
            ws.set_row_height(to_u32(r), fit::height(lines, font))?;
        }
    }
    Ok(())
}

/// Measures the columns of `rows` (row 0 a header when `header`) into `columns`.
fn measure(columns: &mut Vec<fit::Column>, rows: &[Vec<Input>], header: bool, amounts: &[bool]) {
    for (r, row) in rows.iter().enumerate() {
        if columns.len() < row.len() {
            columns.resize(row.len(), fit::Column::default());
        }
        for (c, input) in row.iter().enumerate() {
            let amount = amounts.get(c).copied().unwrap_or(false);
            let Some((text, wraps)) = shown(input, amount) else {
                continue;
            };
            match (r == 0 && header, wraps) {
                (true, _) => columns[c].header(&text),
                (false, true) => columns[c].text(&text),
                (false, false) => columns[c].fixed(&text),
            }
        }
    }
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
    ws.set_formula_result_default("");
    // The title spans both columns; the rest is measured.
    let mut columns = Vec::new();
    measure(&mut columns, sheet.rows.get(1..).unwrap_or(&[]), false, &[]);
    let widths: Vec<f64> = columns.iter().map(fit::Column::width).collect();
    for (r, row) in sheet.rows.iter().enumerate() {
        for (c, input) in row.iter().enumerate() {
            let format = match (r, c) {
                (0, _) => &styles.title,
                (_, 0) => &styles.key,
                _ => &styles.wrap,
            };
            match (r, input) {
                (0, Input::Text(title)) if widths.len() > 1 => {
                    ws.merge_range(0, 0, 0, to_u16(widths.len() - 1), title, format)?;
                }
                _ => write_input(ws, to_u32(r), to_u16(c), input, format)?,
            }
        }
    }
    let title_widths = [widths.iter().sum::<f64>()];
    fit_rows(
        ws,
        &sheet.rows[..1.min(sheet.rows.len())],
        &title_widths,
        TITLE_PT,
    )?;
    fit_rows_from(ws, &sheet.rows, &widths, 1)?;
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(to_u16(c), *w)?;
    }
    print_setup(ws, &widths, 0)?;
    protect(ws);
    Ok(())
}

/// [`fit_rows`] from row `first` on, in the default font.
fn fit_rows_from(
    ws: &mut Worksheet,
    rows: &[Vec<Input>],
    widths: &[f64],
    first: usize,
) -> Result<(), XlsxError> {
    let mut tall = Vec::new();
    for (r, row) in rows.iter().enumerate().skip(first) {
        tall.clear();
        for (input, w) in row.iter().zip(widths) {
            if let Some((text, true)) = shown(input, false) {
                tall.push(fit::lines(&text, *w, fit::FONT_PT));
            }
        }
        let lines = tall.iter().copied().max().unwrap_or(1);
        if lines > 1 {
            ws.set_row_height(to_u32(r), fit::height(lines, fit::FONT_PT))?;
        }
    }
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
    // A check that finds nothing shows an empty text, not 0.
    ws.set_formula_result_default("");
    unlock_answer_cells(ws, sheet, survey, styles)?;
    write_cells(ws, sheet, options, styles)?;
    mark_findings(ws, sheet, options.marks, styles)?;
    for h in &sheet.highlights {
        let rule = ConditionalFormatFormula::new()
            .set_rule(format!("={}", h.formula).as_str())
            .set_format(&styles.missing);
        ws.add_conditional_format(h.first_row, h.col, h.last_row, h.col, &rule)?;
    }
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
    let widths = widths(ws, sheet, section.map(|s| s.kind), survey)?;
    ws.set_freeze_panes(1, 0)?;
    print_setup(ws, &widths, 1)?;
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
        let kind = survey.question(&range.question).map(|(_, q)| q.kind);
        let date = kind == Some(QuestionType::Date);
        let amount = styles.answer.clone().set_num_format(AMOUNT_FORMAT);
        let format = match kind {
            Some(QuestionType::Date) => &styles.date,
            // An amount typed later shows its thousands, like one written here.
            Some(QuestionType::Amount) => &amount,
            _ => &styles.answer,
        };
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
            let mut format = if r > 0 && sheet.check_col == Some(u32::from(c)) {
                styles.check.clone()
            } else {
                cell_format(r, answer, input, styles)
            };
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
            styles.answer.clone().set_num_format(AMOUNT_FORMAT)
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

/// Sets the columns as wide as their header's words and their content
/// need (answer columns leave room to write), and each row as tall as its
/// wrapped text needs. Returns the widths.
fn widths(
    ws: &mut Worksheet,
    sheet: &SheetLayout,
    kind: Option<SectionKind>,
    survey: &Survey,
) -> Result<Vec<f64>, XlsxError> {
    let widest = sheet.rows.iter().map(Vec::len).max().unwrap_or(0);
    let question_at = |c: usize| {
        sheet
            .answers
            .iter()
            .find(|a| usize::from(a.col) == c)
            .and_then(|a| survey.question(&a.question))
            .map(|(_, q)| q)
    };
    let amounts: Vec<bool> = (0..widest)
        .map(|c| question_at(c).is_some_and(|q| q.kind == QuestionType::Amount))
        .collect();
    let mut columns = vec![fit::Column::default(); widest];
    measure(&mut columns, &sheet.rows, true, &amounts);
    for (c, column) in columns.iter_mut().enumerate() {
        let room = match kind {
            _ if sheet.check_col.is_some_and(|k| col_index(k) == c) => CHECK_WIDTH,
            Some(SectionKind::Form) if c == col_index(FORM_ANSWER_COL) => 32.0,
            Some(SectionKind::Form) => 0.0,
            _ => match question_at(c).map(|q| q.kind) {
                Some(QuestionType::Text | QuestionType::Url) => 40.0,
                Some(QuestionType::Date | QuestionType::Year | QuestionType::Integer) => 14.0,
                Some(_) => 26.0,
                None => 0.0,
            },
        };
        column.at_least(room);
    }
    // Form sheets (one question a row) wrap only; the header is in row 0.
    let widths: Vec<f64> = columns.iter().map(fit::Column::width).collect();
    fit_rows(ws, &sheet.rows, &widths, fit::FONT_PT)?;
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(to_u16(c), *w)?;
    }
    Ok(widths)
}

/// A layout column as an index.
fn col_index(col: u32) -> usize {
    usize::try_from(col).unwrap_or(usize::MAX)
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
pub(super) fn range_text(q: &Question, unit: &str) -> String {
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

/// The feedback sheet: a title and lines of text across the table's
/// columns, then the table of findings, every finding written in full and
/// its row as tall as it needs.
fn feedback_sheet(
    ws: &mut Worksheet,
    feedback: &Feedback,
    styles: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name(FEEDBACK_SHEET)?;
    let table = feedback.rows.get(feedback.header_row..).unwrap_or(&[]);
    let mut columns = Vec::new();
    measure(&mut columns, table, true, &[]);
    let widths: Vec<f64> = columns.iter().map(fit::Column::width).collect();
    let across: f64 = widths.iter().sum();
    let last = to_u16(widths.len().max(1) - 1);
    for (r, row) in feedback.rows.iter().enumerate() {
        let r32 = to_u32(r);
        if r < feedback.header_row {
            // The lines above the table span its columns, wrapped.
            let (format, font) = if r == 0 {
                (&styles.title, TITLE_PT)
            } else {
                (&styles.wrap, fit::FONT_PT)
            };
            let text = match row.first() {
                Some(Input::Text(t)) => t.as_str(),
                _ => "",
            };
            if !text.is_empty() {
                ws.merge_range(r32, 0, r32, last, text, format)?;
                let lines = fit::lines(text, across, font);
                if lines > 1 || font > fit::FONT_PT {
                    ws.set_row_height(r32, fit::height(lines, font))?;
                }
            }
            continue;
        }
        let format = if r == feedback.header_row {
            &styles.header
        } else {
            &styles.wrap
        };
        for (c, input) in row.iter().enumerate() {
            write_input(ws, r32, to_u16(c), input, format)?;
        }
    }
    fit_rows_from(ws, &feedback.rows, &widths, feedback.header_row)?;
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(to_u16(c), *w)?;
    }
    ws.set_active(true);
    crate::table::print_setup(ws, &widths, 0, 1)?;
    ws.set_repeat_rows(to_u32(feedback.header_row), to_u32(feedback.header_row))?;
    Ok(())
}
