//! Blank and prefilled forms (`collect template`): the survey's workbook or
//! long CSV, with the organisation and budget year filled in, or next
//! year's form carrying last year's answers to check instead of retype.

use crate::form::{self, Entry, Input, Instructions};
use crate::place::RowKey;
use crate::registry::{Registry, Respondent};
use crate::store::{Store, StoreError};
use crate::survey::{Role, SectionKind, Survey};
use crate::validate::{Submission, Value};

/// Empty table records in a CSV template.
pub const CSV_TABLE_ROWS: u32 = 3;

/// What one form is for.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The budget year.
    pub year: i32,
    /// The organisation, prefilled.
    pub respondent: Option<&'a Respondent>,
    /// The last day to answer.
    pub deadline: Option<&'a str>,
    /// Where to send the file.
    pub contact: Option<&'a str>,
    /// Last year's answers, to prefill.
    pub previous: Option<&'a Submission>,
    /// Whether last year's personal data (contact person, e-mail,
    /// telephone) is prefilled too; otherwise those answers stay empty.
    pub with_contacts: bool,
}

impl Request<'_> {
    fn instructions(&self) -> Instructions<'_> {
        Instructions {
            year: Some(self.year),
            respondent: self.respondent,
            deadline: self.deadline,
            contact: self.contact,
        }
    }
}

/// What `--prefill` fills a respondent's form for `year` with: its current
/// submission of the newest earlier year that has one, and that year;
/// `None` when it has none.
///
/// # Errors
/// Database errors.
pub fn previous(
    store: &Store,
    survey: &Survey,
    respondent: &Respondent,
    year: i32,
) -> Result<Option<(i32, Submission)>, StoreError> {
    match store.newest_current_before(&respondent.id, year)? {
        Some(stored) => Ok(Some((stored.year, store.submission(survey, &stored)?))),
        None => Ok(None),
    }
}

/// The answers a form starts with: last year's (choices as labels, personal
/// data only when asked for), then the organisation and the year; never
/// last year's answer date.
pub fn entries(survey: &Survey, registry: &Registry, request: &Request<'_>) -> Vec<Entry> {
    let role_of = |question: &str| survey.question(question).and_then(|(_, q)| q.role);
    let personal = |question: &str| survey.question(question).is_some_and(|(_, q)| q.personal);
    let mut entries: Vec<Entry> = request
        .previous
        .map(|previous| {
            previous
                .answers
                .iter()
                .filter(|a| !matches!(role_of(&a.question), Some(Role::Year | Role::AnswerDate)))
                .filter(|a| request.with_contacts || !personal(&a.question))
                .map(|a| Entry {
                    section: a.section.clone(),
                    row: a.row.clone(),
                    question: a.question.clone(),
                    input: match &a.value {
                        Value::Number(n) => Input::Number(*n),
                        Value::Date(d) => Input::Date(*d),
                        Value::Text(t) => Input::Text(t.clone()),
                        Value::Choice(id) => Input::Text(
                            survey
                                .question(&a.question)
                                .and_then(|(_, q)| survey.choices_of(q.choices.as_deref()))
                                .and_then(|l| l.get(id))
                                .map_or_else(|| id.clone(), |c| c.label.clone()),
                        ),
                        Value::Respondent(id) => Input::Text(
                            registry
                                .get(id)
                                .map_or_else(|| id.clone(), |r| r.name.clone()),
                        ),
                    },
                })
                .collect()
        })
        .unwrap_or_default();
    let mut set = |role: Role, input: Input| {
        if let Some((section, q)) = survey.by_role(role) {
            entries.retain(|e| e.question != q.id);
            entries.push(Entry {
                section: section.id.clone(),
                row: RowKey::Form,
                question: q.id.clone(),
                input,
            });
        }
    };
    if let Some(r) = request.respondent {
        set(Role::Respondent, Input::Text(r.name.clone()));
    }
    set(Role::Year, Input::Number(f64::from(request.year)));
    entries
}

/// The form as an xlsx workbook with data validation and protection.
///
/// # Errors
/// rust_xlsxwriter errors.
pub fn xlsx(
    survey: &Survey,
    registry: &Registry,
    request: &Request<'_>,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let entries = entries(survey, registry, request);
    let sheets = form::layout(survey, &entries, &request.instructions());
    let options = form::xlsx::Options {
        respondents: registry
            .respondents()
            .iter()
            .map(|r| r.name.clone())
            .collect(),
        ..form::xlsx::Options::new(survey)
    };
    form::xlsx::write(&sheets, &options)
}

/// The form as a long CSV: every question on its line, empty where not
/// prefilled, with a few empty table records and every grid row.
pub fn csv(survey: &Survey, registry: &Registry, request: &Request<'_>) -> String {
    let mut entries = entries(survey, registry, request);
    for section in &survey.sections {
        let rows: Vec<RowKey> = match section.kind {
            SectionKind::Form => vec![RowKey::Form],
            SectionKind::Table => {
                let filled = entries
                    .iter()
                    .filter(|e| e.section == section.id)
                    .filter_map(|e| match e.row {
                        RowKey::Record(n) => Some(n),
                        _ => None,
                    });
                let last = filled.max().unwrap_or(0).max(CSV_TABLE_ROWS);
                (1..=last).map(RowKey::Record).collect()
            }
            SectionKind::Grid => {
                survey
                    .choices_of(section.rows.as_deref())
                    .map_or_else(Vec::new, |l| {
                        l.choices
                            .iter()
                            .map(|c| RowKey::Grid(c.id.clone()))
                            .collect()
                    })
            }
        };
        for row in rows {
            for q in &section.questions {
                if !entries.iter().any(|e| e.row == row && e.question == q.id) {
                    entries.push(Entry {
                        section: section.id.clone(),
                        row: row.clone(),
                        question: q.id.clone(),
                        input: Input::Empty,
                    });
                }
            }
        }
    }
    let body = form::write_csv(survey, &entries);
    let (header, rest) = body.split_once("\r\n").unwrap_or((&body, ""));
    format!(
        // A byte order mark, so that Excel opens the UTF-8 text with å, ä and ö.
        "\u{feff}{header}\r\n_enkat,{},{}\r\n{rest}",
        survey.id, survey.version
    )
}
