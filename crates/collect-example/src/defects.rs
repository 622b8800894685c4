//! Example files with exactly one defect each, named after the finding
//! code they must produce (`amount.not_a_number.xlsx`), and files that are
//! accepted with exactly one kind of warning. Each starts from a clean
//! example submission and changes one thing, found by role or type.

use chrono::{Datelike, NaiveDate};

use crate::{FileKind, Quirk, entries, file_bytes};
use collect::form::{self, Entry, Input, SheetLayout};
use collect::place::RowKey;
use collect::registry::{Kind, Registry, Respondent};
use collect::survey::{QuestionType, Role, SectionKind, Survey};

/// A generated file: its name and bytes.
pub type File = (String, Vec<u8>);

/// A change to a clean example's answers or layout.
enum Change {
    /// Replace (or add) the answer with this role, in the form or record 1.
    Set(Role, Input),
    /// Remove the answer with this role.
    Remove(Role),
    /// Change the layout before it is written.
    Layout(fn(&Survey, &mut Vec<SheetLayout>)),
    /// Change the long CSV text before it is written.
    Csv(fn(&Survey, &mut String)),
    /// Write these bytes instead.
    Bytes(fn(&[u8]) -> Vec<u8>),
    /// Write a workbook carrying this survey id (`None`: the survey's own)
    /// and version.
    Marker(Option<&'static str>, u32),
}

/// The clean base: the first municipality whose example has no quirk,
/// with every optional part filled so that defects have cells to change.
fn base(survey: &Survey, registry: &Registry, kind: FileKind) -> (Respondent, Vec<Entry>) {
    let respondent = registry
        .respondents()
        .iter()
        .enumerate()
        .find(|(i, r)| {
            r.kind == Kind::Kommun && crate::plan(*i).1 == Quirk::None && r.population.is_some()
        })
        .map(|(_, r)| r.clone())
        .expect("the registry has a municipality");
    let mut entries = entries(survey, &respondent, crate::FIXTURE_YEAR, kind, Quirk::None);
    // Make sure there is a second document, a link and a grid row to change.
    if let Some((section, _)) = survey.by_role(Role::DocDecided) {
        let first: Vec<Entry> = entries
            .iter()
            .filter(|e| e.section == section.id && e.row == RowKey::Record(1))
            .cloned()
            .collect();
        entries.retain(|e| e.section != section.id);
        for record in 1..=2 {
            entries.extend(first.iter().cloned().map(|mut e| {
                e.row = RowKey::Record(record);
                e
            }));
        }
        if let Some((_, link)) = survey.by_role(Role::DocLink) {
            for record in 1..=2 {
                set(
                    &mut entries,
                    &section.id,
                    RowKey::Record(record),
                    &link.id,
                    Input::Text(format!("https://www.exempel.example/dokument/{record}")),
                );
            }
        }
    }
    if let Some((section, level)) = survey.by_role(Role::CapabilityLevel)
        && let Some(list) = survey.choices_of(section.rows.as_deref())
    {
        for choice in &list.choices {
            set(
                &mut entries,
                &section.id,
                RowKey::Grid(choice.id.clone()),
                &level.id,
                Input::Number(3.0),
            );
        }
    }
    (respondent, entries)
}

fn set(entries: &mut Vec<Entry>, section: &str, row: RowKey, question: &str, input: Input) {
    entries.retain(|e| !(e.section == section && e.row == row && e.question == question));
    entries.push(Entry {
        section: section.to_string(),
        row,
        question: question.to_string(),
        input,
    });
}

/// The row of a role's answer: the form's, the first record's or the first grid row's.
fn row_of(survey: &Survey, role: Role) -> Option<(String, RowKey, String)> {
    let (section, q) = survey.by_role(role)?;
    let row = match section.kind {
        SectionKind::Form => RowKey::Form,
        SectionKind::Table => RowKey::Record(1),
        SectionKind::Grid => RowKey::Grid(
            survey
                .choices_of(section.rows.as_deref())?
                .choices
                .first()?
                .id
                .clone(),
        ),
    };
    Some((section.id.clone(), row, q.id.clone()))
}

fn answer<'a>(entries: &'a [Entry], survey: &Survey, role: Role) -> Option<&'a Input> {
    let (section, row, question) = row_of(survey, role)?;
    entries
        .iter()
        .find(|e| e.section == section && e.row == row && e.question == question)
        .map(|e| &e.input)
}

fn build(survey: &Survey, registry: &Registry, kind: FileKind, changes: &[Change]) -> Vec<u8> {
    let (_, mut entries) = base(survey, registry, kind);
    let mut marker = Some((survey.id.clone(), survey.version));
    let mut layout_changes = Vec::new();
    let mut csv_changes = Vec::new();
    let mut byte_changes = Vec::new();
    for change in changes {
        match change {
            Change::Set(role, input) => {
                if let Some((section, row, question)) = row_of(survey, *role) {
                    set(&mut entries, &section, row, &question, input.clone());
                }
            }
            Change::Remove(role) => {
                if let Some((section, row, question)) = row_of(survey, *role) {
                    entries.retain(|e| {
                        !(e.section == section && e.row == row && e.question == question)
                    });
                }
            }
            Change::Layout(f) => layout_changes.push(f),
            Change::Csv(f) => csv_changes.push(f),
            Change::Bytes(f) => byte_changes.push(f),
            Change::Marker(id, version) => {
                marker = Some((
                    id.map_or_else(|| survey.id.clone(), str::to_string),
                    *version,
                ))
            }
        }
    }
    let mut bytes = match kind {
        FileKind::Xlsx
            if layout_changes.is_empty()
                && marker
                    .as_ref()
                    .is_some_and(|(id, v)| id == &survey.id && *v == survey.version) =>
        {
            file_bytes(survey, &entries, kind).expect("example workbooks are valid xlsx")
        }
        FileKind::Xlsx => {
            let mut sheets = form::layout(survey, &entries, &form::Instructions::default());
            for f in layout_changes {
                f(survey, &mut sheets);
            }
            if let Some((id, version)) = &marker {
                mark_instructions(&mut sheets, id, *version);
            }
            let options = form::xlsx::Options {
                marker: marker.as_ref().map(|(id, v)| (id.as_str(), *v)),
                ..form::xlsx::Options::new(survey)
            };
            form::xlsx::write(&sheets, &options).expect("example workbooks are valid xlsx")
        }
        FileKind::Csv => {
            let mut text = form::write_csv(survey, &entries);
            for f in csv_changes {
                f(survey, &mut text);
            }
            text.into_bytes()
        }
    };
    for f in byte_changes {
        bytes = f(&bytes);
    }
    bytes
}

/// The last optional free-text question of a form section that no role
/// names (a comment), where any text may go.
fn free_text(survey: &Survey) -> String {
    survey
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::Form)
        .flat_map(|s| &s.questions)
        .rfind(|q| q.kind == QuestionType::Text && q.role.is_none() && !q.required && !q.personal)
        .map(|q| q.id.clone())
        .expect("the survey has a free-text question")
}

/// Adds a row with an id the survey does not have to the budget sheet.
#[allow(
    clippy::ptr_arg,
    reason = "the signature of Change::Layout, whose other changes add sheets"
)]
fn add_unknown_question(survey: &Survey, sheets: &mut Vec<SheetLayout>) {
    if let Some(sheet) = sheet_of(survey, sheets, Role::BudgetTotal) {
        sheet.rows.push(vec![
            text("budget_prognos"),
            text("Prognos"),
            Input::Number(1.0),
        ]);
    }
}

/// Writes the marker into the instructions sheet's rows too, so that the
/// file says the same thing in both places.
fn mark_instructions(sheets: &mut [SheetLayout], id: &str, version: u32) {
    let Some(sheet) = sheets
        .iter_mut()
        .find(|s| s.name == collect::layout::INSTRUCTIONS_SHEET)
    else {
        return;
    };
    for row in &mut sheet.rows {
        match row.first() {
            Some(Input::Text(label)) if label == collect::layout::MARKER_ID_LABEL => {
                row[1] = Input::Text(id.to_string())
            }
            Some(Input::Text(label)) if label == collect::layout::MARKER_VERSION_LABEL => {
                row[1] = Input::Number(f64::from(version));
            }
            _ => {}
        }
    }
}

fn sheet_of<'a>(
    survey: &Survey,
    sheets: &'a mut [SheetLayout],
    role: Role,
) -> Option<&'a mut SheetLayout> {
    let (section, _) = survey.by_role(role)?;
    sheets.iter_mut().find(|s| s.name == section.sheet)
}

/// A case: the finding code it is named after, its format, and the changes
/// that make it from the clean base.
type Case = (&'static str, FileKind, Vec<Change>);

/// Answers of the clean base that some defects are made relative to.
struct Baseline {
    /// The answer date.
    answered: NaiveDate,
    /// The first document's decision date.
    decided: NaiveDate,
    /// The total budget.
    total: f64,
}

impl Baseline {
    fn of(survey: &Survey, registry: &Registry) -> Self {
        let (_, clean) = base(survey, registry, FileKind::Xlsx);
        let answered = match answer(&clean, survey, Role::AnswerDate) {
            Some(Input::Date(d)) => *d,
            _ => NaiveDate::from_ymd_opt(crate::FIXTURE_YEAR, 10, 1).expect("a valid date"),
        };
        let decided = match answer(&clean, survey, Role::DocDecided) {
            Some(Input::Date(d)) => *d,
            _ => answered,
        };
        let total = match answer(&clean, survey, Role::BudgetTotal) {
            Some(Input::Number(n)) => *n,
            _ => 1_000_000.0,
        };
        Baseline {
            answered,
            decided,
            total,
        }
    }
}

fn text(s: &str) -> Input {
    Input::Text(s.to_string())
}

/// Every invalid example: its file name (the expected finding code and an
/// extension) and bytes.
pub fn invalid_files(survey: &Survey, registry: &Registry) -> Vec<File> {
    let baseline = Baseline::of(survey, registry);
    let mut cases = invalid_numbers();
    cases.extend(invalid_answers(&baseline));
    cases.extend(unreadable_cells());
    cases.extend(broken_layouts());
    cases.extend(inconsistent_answers(&baseline));
    cases.extend(broken_csv());
    cases.extend(broken_files());
    cases.extend(other_surveys());
    let mut files = render(survey, registry, cases);
    files.push((
        "file.wrong_content-html.xls".to_string(),
        b"<!DOCTYPE html>\n<html><body><table><tr><td>organisation</td><td>Lerum</td></tr></table></body></html>\n".to_vec(),
    ));
    files.push((
        "file.wrong_content-xlsx.csv".to_string(),
        build(survey, registry, FileKind::Xlsx, &[]),
    ));
    files.push((
        "file.unsupported_type.pdf".to_string(),
        b"%PDF-1.4\n%fiktiv\n".to_vec(),
    ));
    files
}

/// Numbers that are not numbers, not whole or out of range: amounts,
/// integers, years and decimals.
fn invalid_numbers() -> Vec<Case> {
    use Change::Set;
    use FileKind::{Csv as C, Xlsx as X};
    vec![
        (
            "amount.not_a_number",
            X,
            vec![Set(Role::BudgetTotal, text("ca 2 miljoner"))],
        ),
        (
            "amount.out_of_range",
            C,
            vec![Set(Role::BudgetTotal, text("-5 000"))],
        ),
        (
            "integer.not_whole",
            X,
            vec![Set(Role::CapabilityLevel, text("3,5"))],
        ),
        (
            "integer.out_of_range",
            C,
            vec![Set(Role::CapabilityLevel, text("7"))],
        ),
        (
            "integer.not_a_number",
            C,
            vec![Set(Role::CapabilityLevel, text("tre"))],
        ),
        (
            "year.out_of_range",
            X,
            vec![Set(Role::Year, Input::Number(1999.0))],
        ),
        (
            "year.not_a_number",
            C,
            vec![Set(Role::Year, text("tjugotjugosex"))],
        ),
        (
            "year.not_whole",
            X,
            vec![Set(Role::Year, Input::Number(2026.5))],
        ),
        (
            "decimal.not_a_number",
            X,
            vec![Set(Role::Staff, text("många"))],
        ),
        (
            "decimal.out_of_range",
            C,
            vec![Set(Role::Staff, text("200 000"))],
        ),
    ]
}

/// Dates, addresses, choices and texts that cannot be read, and an answer
/// missing.
fn invalid_answers(baseline: &Baseline) -> Vec<Case> {
    use Change::*;
    use FileKind::{Csv as C, Xlsx as X};
    vec![
        (
            "date.in_future",
            X,
            vec![Set(
                Role::AnswerDate,
                Input::Date(NaiveDate::from_ymd_opt(2099, 1, 15).expect("a valid date")),
            )],
        ),
        (
            "date.is_number",
            X,
            vec![Set(Role::AnswerDate, Input::Number(46000.0))],
        ),
        (
            "date.invalid",
            C,
            vec![Set(
                Role::AnswerDate,
                text(&baseline.answered.format("%d/%m/%Y").to_string()),
            )],
        ),
        (
            "email.invalid",
            X,
            vec![Layout(|survey, sheets| misspell_email(survey, sheets))],
        ),
        (
            "url.invalid",
            C,
            vec![Set(Role::DocLink, text("www.exempel.example/strategi.pdf"))],
        ),
        (
            "choice.unknown",
            X,
            vec![Set(Role::DocDecidedBy, text("Ledningsgruppen"))],
        ),
        (
            "respondent.unknown",
            C,
            vec![Set(Role::Respondent, text("Lerumm kommun"))],
        ),
        ("answer.missing", X, vec![Remove(Role::AnswerDate)]),
        (
            "text.too_long",
            C,
            vec![Csv(|survey, text| {
                let long = "x".repeat(collect::value::MAX_TEXT_CHARS + 1);
                text.push_str(&format!("{},,{long}\r\n", free_text(survey)));
            })],
        ),
    ]
}

/// Cells that hold no value to read: an error value, a formula never
/// calculated.
fn unreadable_cells() -> Vec<Case> {
    use Change::*;
    use FileKind::Xlsx as X;
    vec![
        (
            "cell.error_value",
            X,
            vec![Set(
                Role::BudgetTotal,
                Input::Formula {
                    formula: "=#REF!*1000".to_string(),
                    result: "#REF!".to_string(),
                },
            )],
        ),
        (
            "cell.formula_without_value",
            X,
            vec![
                Set(
                    Role::BudgetTotal,
                    Input::Formula {
                        formula: "=SUM(C4:C8)".to_string(),
                        result: "0".to_string(),
                    },
                ),
                Bytes(without_cached_values),
            ],
        ),
    ]
}

/// Sheets, rows and columns missing, repeated or too many.
fn broken_layouts() -> Vec<Case> {
    use Change::*;
    use FileKind::{Csv as C, Xlsx as X};
    vec![
        (
            "sheet.missing",
            X,
            vec![Layout(|survey, sheets| {
                if let Some((section, _)) = survey.by_role(Role::BudgetTotal) {
                    sheets.retain(|s| s.name != section.sheet);
                }
            })],
        ),
        ("sheet.duplicate", X, vec![Layout(copy_grid_sheet)]),
        (
            "form.duplicate_question",
            X,
            vec![Layout(|survey, sheets| repeat_year_row(survey, sheets))],
        ),
        (
            "table.missing_column",
            X,
            vec![Layout(|survey, sheets| {
                remove_decided_by_column(survey, sheets);
            })],
        ),
        (
            "table.duplicate_column",
            X,
            vec![Layout(|survey, sheets| {
                if let Some(sheet) = sheet_of(survey, sheets, Role::DocDecided) {
                    add_column(sheet, |_, row| row.first().cloned().unwrap_or(Input::Empty));
                }
            })],
        ),
        ("table.too_many_rows", C, vec![Csv(add_records_beyond_max)]),
        (
            "grid.duplicate_row",
            X,
            vec![Layout(|survey, sheets| {
                if let Some(sheet) = sheet_of(survey, sheets, Role::CapabilityLevel)
                    && let Some(row) = sheet.rows.get(1).cloned()
                {
                    sheet.rows.push(row);
                }
            })],
        ),
    ]
}

/// Answers each readable but at odds with another: a document decided
/// after the answer date or valid until before its decision, budget parts
/// above the total.
fn inconsistent_answers(baseline: &Baseline) -> Vec<Case> {
    use Change::Set;
    use FileKind::{Csv as C, Xlsx as X};
    vec![
        (
            "document.decided_after_answer_date",
            X,
            vec![Set(
                Role::DocDecided,
                Input::Date(baseline.answered + chrono::Duration::days(1)),
            )],
        ),
        (
            "document.valid_until_before_decision",
            C,
            vec![Set(
                Role::DocValidUntil,
                Input::Number(f64::from(baseline.decided.year() - 1)),
            )],
        ),
        (
            "budget.parts_exceed_total",
            X,
            vec![Set(Role::BudgetPart, Input::Number(baseline.total))],
        ),
    ]
}

/// Long CSV files with a line repeated, a row that names no record, extra
/// fields, a wrong header, or one sheet saved alone.
fn broken_csv() -> Vec<Case> {
    use Change::Csv;
    use FileKind::Csv as C;
    vec![
        (
            "csv.duplicate",
            C,
            vec![Csv(|survey, text| {
                let (_, year) = survey.by_role(Role::Year).expect("checked with the survey");
                if let Some(line) = text
                    .lines()
                    .find(|l| l.starts_with(&format!("{},", year.id)))
                    .map(str::to_string)
                {
                    text.push_str(&line);
                    text.push_str("\r\n");
                }
            })],
        ),
        (
            "csv.invalid_row",
            C,
            vec![Csv(|survey, text| {
                if let Some((_, link)) = survey.by_role(Role::DocLink) {
                    text.push_str(&format!(
                        "{},första,https://www.exempel.example/dokument\r\n",
                        link.id
                    ));
                }
            })],
        ),
        (
            "csv.extra_fields",
            C,
            vec![Csv(|survey, text| {
                text.push_str(&format!("{},,3,5 miljoner\r\n", free_text(survey)));
            })],
        ),
        (
            "csv.header",
            C,
            vec![Csv(|_, text| {
                *text = text.replacen("question,row,value", "fråga,rad,svar", 1);
            })],
        ),
        ("csv.single_sheet", C, vec![Csv(respondent_sheet_alone)]),
    ]
}

/// Files that are no workbook or CSV to read: empty, of another type,
/// encrypted, cut short.
fn broken_files() -> Vec<Case> {
    use Change::Bytes;
    use FileKind::Xlsx as X;
    vec![
        ("file.empty", X, vec![Bytes(|_| Vec::new())]),
        (
            "file.wrong_content",
            X,
            vec![Bytes(|_| {
                b"question,row,value\r\norganisation,,Lerum\r\n".to_vec()
            })],
        ),
        ("file.encrypted", X, vec![Bytes(encrypted_container)]),
        (
            "file.corrupt",
            X,
            vec![Bytes(|bytes| bytes[..bytes.len() / 2].to_vec())],
        ),
    ]
}

/// Workbooks of another survey, or of a version this one cannot read.
fn other_surveys() -> Vec<Case> {
    use Change::*;
    use FileKind::Xlsx as X;
    vec![
        (
            "survey.incompatible_version",
            X,
            vec![Marker(None, 0), Layout(add_unknown_question)],
        ),
        ("survey.other", X, vec![Marker(Some("annan-enkat"), 1)]),
        ("survey.newer_version", X, vec![Marker(None, 99)]),
    ]
}

/// Writes an address without `@` as the answer to the e-mail question.
fn misspell_email(survey: &Survey, sheets: &mut [SheetLayout]) {
    let Some((section, q)) = survey.sections.iter().find_map(|s| {
        s.questions
            .iter()
            .find(|q| q.kind == QuestionType::Email)
            .map(|q| (s, q))
    }) else {
        return;
    };
    if let Some(sheet) = sheets.iter_mut().find(|s| s.name == section.sheet) {
        for row in sheet
            .rows
            .iter_mut()
            .filter(|r| r.first() == Some(&Input::Text(q.id.clone())))
        {
            row[2] = Input::Text("fiktiv.person(at)exempel".to_string());
        }
    }
}

/// Adds a copy of the grid's sheet under the same name without
/// diacritics, which Excel allows beside it.
fn copy_grid_sheet(survey: &Survey, sheets: &mut Vec<SheetLayout>) {
    if let Some(sheet) = sheet_of(survey, sheets, Role::CapabilityLevel) {
        let mut copy = sheet.clone();
        copy.name = copy.name.replace(['å', 'ä'], "a").replace('ö', "o");
        sheets.push(copy);
    }
}

/// Writes the year's row of the form a second time.
fn repeat_year_row(survey: &Survey, sheets: &mut [SheetLayout]) {
    if let Some(sheet) = sheet_of(survey, sheets, Role::Year) {
        let (_, year) = survey.by_role(Role::Year).expect("checked with the survey");
        if let Some(row) = sheet
            .rows
            .iter()
            .find(|r| r.first() == Some(&Input::Text(year.id.clone())))
            .cloned()
        {
            sheet.rows.push(row);
        }
    }
}

/// Removes the column of who decided a document from the documents' table.
fn remove_decided_by_column(survey: &Survey, sheets: &mut [SheetLayout]) {
    let Some((section, q)) = survey.by_role(Role::DocDecidedBy) else {
        return;
    };
    let column = section
        .questions
        .iter()
        .position(|c| c.id == q.id)
        .expect("in its section");
    if let Some(sheet) = sheets.iter_mut().find(|s| s.name == section.sheet) {
        for row in &mut sheet.rows {
            if column < row.len() {
                row.remove(column);
            }
        }
    }
}

/// Copies the first document's lines into records 3 and on, one record
/// beyond the table's maximum.
fn add_records_beyond_max(survey: &Survey, text: &mut String) {
    let Some((section, _)) = survey.by_role(Role::DocDecided) else {
        return;
    };
    let max = collect::convert::to_u32(section.max_rows.unwrap_or(200));
    let record: Vec<String> = text
        .lines()
        .filter(|l| {
            let mut f = l.split(',');
            let q = f.next().unwrap_or("");
            f.next() == Some("1") && section.questions.iter().any(|sq| sq.id == q)
        })
        .map(str::to_string)
        .collect();
    for n in 3..=max + 1 {
        for line in &record {
            text.push_str(&line.replacen(",1,", &format!(",{n},"), 1));
            text.push_str("\r\n");
        }
    }
}

/// Replaces the file with the respondent's form sheet saved alone as CSV.
fn respondent_sheet_alone(survey: &Survey, text: &mut String) {
    let (section, _) = survey
        .by_role(Role::Respondent)
        .expect("checked with the survey");
    let mut sheet = String::from("Id;Fråga;Svar;Instruktion\r\n");
    for q in &section.questions {
        sheet.push_str(&format!("{};{};;{}\r\n", q.id, q.label, q.help));
    }
    *text = sheet;
}

/// Files that are accepted with exactly one kind of warning, named after it.
pub fn warning_files(survey: &Survey, registry: &Registry) -> Vec<File> {
    use Change::*;
    use FileKind::{Csv as C, Xlsx as X};
    let cases: Vec<Case> = vec![
        ("sheet.unknown", X, vec![Layout(add_notes_sheet)]),
        (
            "form.unknown_question",
            X,
            vec![Layout(add_unknown_question)],
        ),
        (
            "grid.unknown_row",
            X,
            vec![Layout(|survey, sheets| {
                if let Some(sheet) = sheet_of(survey, sheets, Role::CapabilityLevel) {
                    sheet.rows.push(vec![
                        text("samverkan"),
                        text("Samverkan"),
                        Input::Number(3.0),
                    ]);
                }
            })],
        ),
        (
            "document.expired",
            X,
            vec![Layout(|survey, sheets| {
                expire_second_document(survey, sheets);
            })],
        ),
        (
            "budget.parts_below_total",
            X,
            vec![Layout(|survey, sheets| shrink_budget_parts(survey, sheets))],
        ),
        (
            "table.unknown_column",
            X,
            vec![Layout(|survey, sheets| {
                if let Some(sheet) = sheet_of(survey, sheets, Role::DocDecided) {
                    add_column(sheet, |i, _| {
                        Input::Text(if i == 0 { "Diarienummer" } else { "KS 2024/17" }.to_string())
                    });
                }
            })],
        ),
        (
            "csv.unknown_question",
            C,
            vec![Csv(|_, text| text.push_str("budget_prognos,,1000\r\n"))],
        ),
        ("amount.unit_converted", C, vec![Csv(total_in_thousands)]),
        ("survey.old_version", X, vec![Marker(None, 0)]),
    ];
    render(survey, registry, cases)
}

/// Adds a column after a table's questions, before the form's checks:
/// `cell` gives the new cell of the header row and of every record from the
/// row's index and cells; other rows get an empty one.
fn add_column(sheet: &mut SheetLayout, cell: impl Fn(usize, &[Input]) -> Input) {
    let at = sheet
        .check_col
        .and_then(|c| usize::try_from(c).ok())
        .unwrap_or(usize::MAX);
    for (i, row) in sheet.rows.iter_mut().enumerate() {
        let questions = &row[..at.min(row.len())];
        let record = i == 0 || questions.iter().any(|c| *c != Input::Empty);
        if !record && row.len() <= at {
            continue;
        }
        let new = if record {
            cell(i, questions)
        } else {
            Input::Empty
        };
        if at == usize::MAX {
            row.push(new);
        } else {
            if row.len() < at {
                row.resize(at, Input::Empty);
            }
            row.insert(at, new);
        }
    }
}

/// Adds a sheet of the respondent's own notes.
fn add_notes_sheet(_: &Survey, sheets: &mut Vec<SheetLayout>) {
    sheets.push(SheetLayout {
        name: "Anteckningar".to_string(),
        rows: vec![vec![Input::Text("Egna anteckningar".to_string())]],
        answers: Vec::new(),
        placed: Vec::new(),
        check_col: None,
        highlights: Vec::new(),
    });
}

/// Lets the second document (not the overall strategy) end last year.
fn expire_second_document(survey: &Survey, sheets: &mut [SheetLayout]) {
    let Some((section, until)) = survey.by_role(Role::DocValidUntil) else {
        return;
    };
    let column = section
        .questions
        .iter()
        .position(|q| q.id == until.id)
        .expect("in its section");
    if let Some(row) = sheet_of(survey, sheets, Role::DocValidUntil).and_then(|s| s.rows.get_mut(2))
    {
        row[column] = Input::Number(f64::from(crate::FIXTURE_YEAR - 1));
    }
}

/// Writes 1 000 kr for every budget part, far below the total.
fn shrink_budget_parts(survey: &Survey, sheets: &mut [SheetLayout]) {
    let parts: Vec<String> = survey
        .sections
        .iter()
        .flat_map(|s| &s.questions)
        .filter(|q| matches!(q.role, Some(Role::BudgetPart | Role::BudgetJoint)))
        .map(|q| q.id.clone())
        .collect();
    if let Some(sheet) = sheet_of(survey, sheets, Role::BudgetTotal) {
        for row in sheet
            .rows
            .iter_mut()
            .filter(|r| matches!(r.first(), Some(Input::Text(id)) if parts.contains(id)))
        {
            row[2] = Input::Number(1000.0);
        }
    }
}

/// Writes the same total budget in thousands of kronor (`tkr`).
fn total_in_thousands(survey: &Survey, text: &mut String) {
    let (_, total) = survey
        .by_role(Role::BudgetTotal)
        .expect("checked with the survey");
    let prefix = format!("{},,", total.id);
    *text = text
        .lines()
        .map(|line| match line.strip_prefix(&prefix) {
            Some(value) => {
                let kronor =
                    collect::value::parse_amount(value.trim_matches('"')).map_or(0.0, |(k, _)| k);
                format!("{prefix}{} tkr\r\n", kronor / 1_000.0)
            }
            None => format!("{line}\r\n"),
        })
        .collect();
}

/// Builds each case into a file named after its code.
fn render(survey: &Survey, registry: &Registry, cases: Vec<Case>) -> Vec<File> {
    cases
        .into_iter()
        .map(|(code, kind, changes)| {
            let extension = if kind == FileKind::Xlsx {
                "xlsx"
            } else {
                "csv"
            };
            (
                format!("{code}.{extension}"),
                build(survey, registry, kind, &changes),
            )
        })
        .collect()
}

/// The same clean submission in the other encodings and delimiters a
/// respondent's program may save: semicolons in Windows-1252 (Excel's
/// Swedish "CSV"), tabs in UTF-8 with a byte order mark.
pub fn format_variants(survey: &Survey, registry: &Registry) -> Vec<File> {
    let (_, entries) = base(survey, registry, FileKind::Csv);
    let csv = form::write_csv(survey, &entries);
    let with = |delimiter: u8| {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(csv.as_bytes());
        let mut writer = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        for record in reader.records() {
            writer
                .write_record(&record.expect("written above"))
                .expect("in memory");
        }
        String::from_utf8(writer.into_inner().expect("in memory")).expect("UTF-8 in, UTF-8 out")
    };
    let semicolons = with(b';');
    let (windows, _, _) = encoding_rs::WINDOWS_1252.encode(&semicolons);
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(with(b'\t').into_bytes());
    vec![
        (
            "semikolon-windows-1252.csv".to_string(),
            windows.into_owned(),
        ),
        ("tabb-utf8-bom.txt".to_string(), bom),
        (
            "arbetsbok.xlsx".to_string(),
            build(survey, registry, FileKind::Xlsx, &[]),
        ),
    ]
}

/// The workbook as a program that does not calculate writes it: formulas
/// without the `<v>` element that holds their result.
fn without_cached_values(bytes: &[u8]) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a workbook written above");
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("an entry listed above");
        let name = entry.name().expect("a UTF-8 name").to_string();
        let mut content = Vec::new();
        entry
            .read_to_end(&mut content)
            .expect("an entry written above");
        if name.starts_with("xl/worksheets/") {
            let xml = String::from_utf8(content).expect("XML is UTF-8");
            let mut out = String::new();
            let mut rest = xml.as_str();
            while let Some(at) = rest.find("</f><v>") {
                let end = rest[at..].find("</v>").expect("a closed value") + at + "</v>".len();
                out.push_str(&rest[..at + "</f>".len()]);
                rest = &rest[end..];
            }
            out.push_str(rest);
            content = out.into_bytes();
        }
        let options =
            zip::write::SimpleFileOptions::default().last_modified_time(zip::DateTime::default());
        writer.start_file(name, options).expect("in memory");
        writer.write_all(&content).expect("in memory");
    }
    writer.finish().expect("in memory").into_inner()
}

/// An OLE container shaped like a password-protected xlsx: the
/// `EncryptionInfo` and `EncryptedPackage` streams that Office writes
/// (the package itself is random bytes, not a real encryption).
fn encrypted_container(_: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new()))
        .expect("an in-memory container");
    let mut info = file.create_stream("EncryptionInfo").expect("a new stream");
    info.write_all(&[4, 0, 4, 0, 0x40, 0, 0, 0])
        .expect("in memory");
    drop(info);
    let mut package = file
        .create_stream("EncryptedPackage")
        .expect("a new stream");
    let mut rng = crate::Rng::new("encrypted");
    let noise: Vec<u8> = (0..4096)
        .map(|_| u8::try_from(rng.range(0, 255)).expect("a byte"))
        .collect();
    package.write_all(&noise).expect("in memory");
    drop(package);
    file.flush().expect("in memory");
    file.into_inner().into_inner()
}
