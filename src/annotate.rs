//! Feedback files (`collect annotate`): the respondent's own answers
//! written back into a fresh form, every finding marked on its cell with a
//! fill and a Swedish note, after a first sheet that lists the findings.

use crate::finding::Finding;
use crate::form::xlsx::{Feedback, Mark, Options};
use crate::form::{self, Entry, Input, Instructions, SheetLayout};
use crate::place::{Place, file_name};
use crate::read::{self, CellValue};
use crate::registry::Registry;
use crate::survey::Survey;
use crate::text::count;
use crate::validate::{Context, Outcome, validate};

/// The feedback workbook for a file, and the validation outcome it shows.
///
/// # Errors
/// rust_xlsxwriter errors.
pub fn feedback(
    path: &str,
    bytes: &[u8],
    ctx: &Context<'_>,
    registry: &Registry,
) -> Result<(Vec<u8>, Outcome), rust_xlsxwriter::XlsxError> {
    let survey = ctx.survey;
    let outcome = validate(path, bytes, ctx);
    let entries = answers(path, bytes, ctx);
    let instructions = Instructions {
        year: outcome.submission.year,
        respondent: outcome
            .submission
            .respondent
            .as_deref()
            .and_then(|id| registry.get(id)),
        deadline: None,
        contact: None,
    };
    let sheets = form::layout(survey, &entries, &instructions);
    let (feedback, marks) = findings_sheet(path, ctx, &outcome, &sheets);
    let options = Options {
        respondents: registry
            .respondents()
            .iter()
            .map(|r| r.name.clone())
            .collect(),
        marks: &marks,
        feedback: Some(&feedback),
        ..Options::new(survey)
    };
    Ok((form::xlsx::write(&sheets, &options)?, outcome))
}

/// The file's answers as read, to write back into a fresh form; none when
/// the file cannot be read.
fn answers(path: &str, bytes: &[u8], ctx: &Context<'_>) -> Vec<Entry> {
    read::read(path, bytes, ctx.survey, &ctx.limits)
        .map(|raw| {
            raw.sections
                .iter()
                .flat_map(|s| {
                    s.rows.iter().flat_map(move |row| {
                        row.values.iter().map(move |(question, value)| Entry {
                            section: s.id.clone(),
                            row: row.key.clone(),
                            question: question.clone(),
                            input: input_of(&value.value),
                        })
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The first sheet: the verdict and a table of the findings; and the marks
/// of the findings that have a cell in the form's `sheets`.
fn findings_sheet(
    path: &str,
    ctx: &Context<'_>,
    outcome: &Outcome,
    sheets: &[SheetLayout],
) -> (Feedback, Vec<Mark>) {
    let survey = ctx.survey;
    let mut rows = vec![
        vec![Input::Text(format!("Återkoppling på {}", file_name(path)))],
        vec![Input::Text(format!(
            "Kontrollerad {} mot enkäten {} ({}, version {}).",
            ctx.today, survey.title, survey.id, survey.version
        ))],
        vec![Input::Text(verdict(outcome))],
        vec![Input::Text(
            "Dina svar står i bladen efter detta, överförda till en ny blankett. Röda celler har fel som måste rättas, \
             gula har varningar att kontrollera; kommentaren i cellen säger vad som gäller."
                .to_string(),
        )],
        Vec::new(),
    ];
    let header_row = rows.len();
    rows.push(
        [
            "Allvarlighet",
            "Plats i din fil",
            "Plats i denna fil",
            "Fråga",
            "Meddelande",
        ]
        .map(|h| Input::Text(h.to_string()))
        .to_vec(),
    );
    let mut marks = Vec::new();
    for finding in &outcome.findings {
        let mark = mark_of(finding, survey, sheets);
        let here = mark.as_ref().map_or_else(String::new, |m| {
            Place::cell(&m.sheet, m.row, u32::from(m.col)).to_string()
        });
        rows.push(finding_row(finding, survey, here));
        marks.extend(mark);
    }
    if outcome.findings.is_empty() {
        rows.push(vec![
            Input::Empty,
            Input::Empty,
            Input::Empty,
            Input::Empty,
            Input::Text("Inga fel eller varningar: filen är godkänd.".to_string()),
        ]);
    }
    (Feedback { rows, header_row }, marks)
}

/// The mark of a finding on its answer's cell in `sheets`, if it has one.
fn mark_of(finding: &Finding, survey: &Survey, sheets: &[SheetLayout]) -> Option<Mark> {
    let (question, row) = finding.question.as_deref().zip(finding.row.as_ref())?;
    let (section, _) = survey.question(question)?;
    let sheet = sheets.iter().find(|s| s.name == section.sheet)?;
    let (r, c) = sheet.cell(row, question)?;
    let severity = if finding.is_error() { "Fel" } else { "Varning" };
    Some(Mark {
        sheet: sheet.name.clone(),
        row: r,
        col: c,
        error: finding.is_error(),
        note: format!("{severity}: {}", finding.message),
    })
}

/// A finding's row in the table: its severity, where it is in the file
/// sent and (`here`) in the feedback file, its question and message.
fn finding_row(finding: &Finding, survey: &Survey, here: String) -> Vec<Input> {
    let question = finding
        .question
        .as_deref()
        .and_then(|q| survey.question(q))
        .map_or_else(String::new, |(_, q)| format!("{} ({})", q.label, q.id));
    vec![
        Input::Text(if finding.is_error() { "Fel" } else { "Varning" }.to_string()),
        Input::Text(finding.place.in_document()),
        Input::Text(here),
        Input::Text(question),
        Input::Text(finding.message.clone()),
    ]
}

fn verdict(outcome: &Outcome) -> String {
    let errors = outcome.errors().count();
    let warnings = outcome.warnings().count();
    match (errors, warnings) {
        (0, 0) => "Filen är godkänd: inga fel eller varningar.".to_string(),
        (0, w) => format!(
            "Filen är godkänd, med {} att kontrollera.",
            count(w, "varning", "varningar")
        ),
        (e, w) => format!(
            "Filen är inte godkänd: {} och {}. Rätta felen och skicka filen igen.",
            count(e, "fel", "fel"),
            count(w, "varning", "varningar")
        ),
    }
}

/// A cell as read, to write back into a fresh form.
fn input_of(cell: &CellValue) -> Input {
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
