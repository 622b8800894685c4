//! Feedback files (`collect annotate`): the respondent's own answers
//! written back into a fresh form, every finding marked on its cell with a
//! fill and a Swedish note, after a first sheet that lists the findings.

use crate::form::xlsx::{Feedback, Mark, Options};
use crate::form::{self, Entry, Input, Instructions};
use crate::place::{Place, file_name};
use crate::read::{self, CellValue};
use crate::registry::Registry;
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
    let entries: Vec<Entry> = read::read(path, bytes, survey, &ctx.limits)
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
        .unwrap_or_default();
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
    let mut marks = Vec::new();
    let mut rows = vec![
        vec![Input::Text(format!("Återkoppling på {}", file_name(path)))],
        vec![Input::Text(format!(
            "Kontrollerad {} mot enkäten {} ({}, version {}).",
            ctx.today, survey.title, survey.id, survey.version
        ))],
        vec![Input::Text(verdict(&outcome))],
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
    for finding in &outcome.findings {
        let cell = finding
            .question
            .as_deref()
            .zip(finding.row.as_ref())
            .and_then(|(question, row)| {
                let (section, _) = survey.question(question)?;
                let sheet = sheets.iter().find(|s| s.name == section.sheet)?;
                let (r, c) = sheet.cell(row, question)?;
                Some((sheet.name.clone(), r, c))
            });
        let here = match &cell {
            Some((sheet, r, c)) => {
                let severity = if finding.is_error() { "Fel" } else { "Varning" };
                marks.push(Mark {
                    sheet: sheet.clone(),
                    row: *r,
                    col: *c,
                    error: finding.is_error(),
                    note: format!("{severity}: {}", finding.message),
                });
                Place::cell(sheet, *r, u32::from(*c)).to_string()
            }
            None => String::new(),
        };
        let question = finding
            .question
            .as_deref()
            .and_then(|q| survey.question(q))
            .map_or_else(String::new, |(_, q)| format!("{} ({})", q.label, q.id));
        rows.push(vec![
            Input::Text(if finding.is_error() { "Fel" } else { "Varning" }.to_string()),
            Input::Text(finding.place.in_document()),
            Input::Text(here),
            Input::Text(question),
            Input::Text(finding.message.clone()),
        ]);
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
    let feedback = Feedback { rows, header_row };
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
