//! Validation: a file read against the survey and the registry, every
//! answer typed, every rule checked, every problem a [`Finding`].

mod answer;
pub mod documents;
mod rules;

use chrono::NaiveDate;

pub use answer::Value;
pub use documents::DocumentStatus;

use crate::convert::trunc_to_i32;
use crate::finding::{Finding, Severity};
use crate::limits::Limits;
use crate::place::{Place, RowKey};
use crate::read::{self, RawSubmission};
use crate::registry::Registry;
use crate::survey::{Role, Survey};
use crate::text::quote;

/// What validation needs besides the file.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The survey the file answers.
    pub survey: &'a Survey,
    /// The expected respondents.
    pub registry: &'a Registry,
    /// Today's local date, for "not in the future".
    pub today: NaiveDate,
    /// The registry id the file must come from (`--respondent`).
    pub respondent: Option<&'a str>,
    /// The budget year the file must be about (`--year`).
    pub year: Option<i32>,
    /// What a file may make `collect` do.
    pub limits: Limits,
}

/// One typed answer and where it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// Section id.
    pub section: String,
    /// Row within the section.
    pub row: RowKey,
    /// Question id.
    pub question: String,
    /// The typed value.
    pub value: Value,
    /// Where it stands in the file.
    pub place: Place,
}

/// The answers of a file, as far as they could be read.
#[derive(Debug, Clone, Default)]
pub struct Submission {
    /// The registry id of the respondent, when it resolved.
    pub respondent: Option<String>,
    /// The budget year, when it was read.
    pub year: Option<i32>,
    /// The answer date, when it was read.
    pub answered: Option<NaiveDate>,
    /// Every answer that was read without error, in file order.
    pub answers: Vec<Answer>,
}

impl Submission {
    /// The answer to `question` in `row`.
    pub fn answer(&self, question: &str, row: &RowKey) -> Option<&Answer> {
        self.answers
            .iter()
            .find(|a| a.question == question && &a.row == row)
    }
}

/// The verdict on one file.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The file as given on the command line.
    pub path: String,
    /// Every error and warning, in file order.
    pub findings: Vec<Finding>,
    /// What could be read.
    pub submission: Submission,
}

impl Outcome {
    /// The outcome for a file refused before it was read (over a limit).
    pub fn refused(path: &str, finding: Finding) -> Self {
        Outcome {
            path: path.to_string(),
            findings: vec![finding],
            submission: Submission::default(),
        }
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.is_error())
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| !f.is_error())
    }

    /// Whether the submission is accepted; with `strict`, warnings also
    /// make it invalid.
    pub fn is_valid(&self, strict: bool) -> bool {
        self.errors().next().is_none() && !(strict && self.warnings().next().is_some())
    }
}

/// Codes of findings that mean the file's questions do not fit the survey
/// (an extra sheet of notes does not count).
const STRUCTURE_CODES: [&str; 7] = [
    "sheet.missing",
    "form.unknown_question",
    "table.unknown_column",
    "table.missing_column",
    "grid.unknown_row",
    "csv.unknown_question",
    "csv.invalid_row",
];

/// Validates one file's bytes; `path` names it in findings.
pub fn validate(path: &str, bytes: &[u8], ctx: &Context<'_>) -> Outcome {
    let mut outcome = Outcome {
        path: path.to_string(),
        findings: Vec::new(),
        submission: Submission::default(),
    };
    let raw = match read::read(path, bytes, ctx.survey, &ctx.limits) {
        Ok(raw) => raw,
        Err(finding) => {
            outcome.findings.push(finding);
            return outcome;
        }
    };
    if let Some(finding) = foreign_survey(path, &raw, ctx.survey) {
        outcome.findings.push(finding);
        return outcome;
    }
    outcome.findings.extend(raw.findings.iter().cloned());
    read_answers(&raw, ctx, &mut outcome);
    identify(ctx, &mut outcome);
    let places = rules::SectionPlaces {
        sections: raw
            .sections
            .iter()
            .map(|s| (s.id.as_str(), s.place.clone()))
            .collect(),
        file: path,
    };
    let rule_findings = rules::check(ctx.survey, &outcome.submission, &places);
    outcome.findings.extend(rule_findings);
    if let Some(finding) = old_version(path, &raw, ctx.survey, &outcome.findings) {
        outcome.findings.insert(0, finding);
    }
    outcome
}

/// A file made from another survey, or a newer version of this one.
fn foreign_survey(path: &str, raw: &RawSubmission, survey: &Survey) -> Option<Finding> {
    let marker = raw.marker.as_ref()?;
    if !marker.survey.eq_ignore_ascii_case(&survey.id) {
        return Some(Finding::error(
            "survey.other",
            Place::file(path),
            format!(
                "filen är gjord för enkäten {}, inte för {} ({}). Använd mallen för rätt enkät.",
                quote(&marker.survey),
                quote(&survey.id),
                survey.title
            ),
        ));
    }
    match marker.version {
        Some(v) if v > survey.version => Some(Finding::error(
            "survey.newer_version",
            Place::file(path),
            format!(
                "filen är gjord för version {v} av enkäten, men collect känner bara till version {}. \
                 Uppdatera collect eller ange rätt enkätdefinition med --survey.",
                survey.version
            ),
        )),
        _ => None,
    }
}

/// A warning for a file of an older version whose layout still fits, an
/// error where it does not.
fn old_version(
    path: &str,
    raw: &RawSubmission,
    survey: &Survey,
    findings: &[Finding],
) -> Option<Finding> {
    let version = raw.marker.as_ref()?.version?;
    if version >= survey.version {
        return None;
    }
    if findings
        .iter()
        .any(|f| STRUCTURE_CODES.contains(&f.code.as_str()))
    {
        Some(Finding::error(
            "survey.incompatible_version",
            Place::file(path),
            format!(
                "filen är gjord med version {version} av enkäten och passar inte version {}: \
                 se felen nedan. Fyll i den nya mallen.",
                survey.version
            ),
        ))
    } else {
        Some(Finding::warning(
            "survey.old_version",
            Place::file(path),
            format!(
                "filen är gjord med version {version} av enkäten; aktuell version är {}. Svaren passar och har lästs.",
                survey.version
            ),
        ))
    }
}

fn read_answers(raw: &RawSubmission, ctx: &Context<'_>, outcome: &mut Outcome) {
    for section in &raw.sections {
        let Some(def) = ctx.survey.sections.iter().find(|s| s.id == section.id) else {
            continue;
        };
        for row in &section.rows {
            for question in &def.questions {
                match row.values.iter().find(|(id, _)| id == &question.id) {
                    Some((_, value)) => {
                        let (typed, findings) = answer::read(question, value, ctx);
                        outcome
                            .findings
                            .extend(findings.into_iter().map(|f| f.in_row(&row.key)));
                        if let Some(typed) = typed {
                            outcome.submission.answers.push(Answer {
                                section: def.id.clone(),
                                row: row.key.clone(),
                                question: question.id.clone(),
                                value: typed,
                                place: value.place.clone(),
                            });
                        }
                    }
                    None if question.required
                        && !section.reported_missing.contains(&question.id) =>
                    {
                        outcome.findings.push(
                            Finding::about(
                                Severity::Error,
                                "answer.missing",
                                row.place.clone(),
                                question,
                                "svar saknas. Frågan måste besvaras.",
                            )
                            .in_row(&row.key),
                        );
                    }
                    None => {}
                }
            }
        }
    }
}

/// Sets respondent, year and answer date, and checks them against
/// `--respondent` and `--year`.
fn identify(ctx: &Context<'_>, outcome: &mut Outcome) {
    let role_answer = |role: Role| {
        let (_, question) = ctx.survey.by_role(role)?;
        outcome
            .submission
            .answer(&question.id, &RowKey::Form)
            .map(|a| (question, a.clone()))
    };
    let respondent = role_answer(Role::Respondent);
    let year = role_answer(Role::Year);
    let answered = role_answer(Role::AnswerDate);
    let mut extra = Vec::new();
    if let Some((question, answer)) = &respondent {
        let id = answer.value.as_str().unwrap_or_default().to_string();
        if let Some(expected) = ctx.respondent.filter(|e| !e.eq_ignore_ascii_case(&id)) {
            let name = |id: &str| {
                ctx.registry
                    .get(id)
                    .map_or(id.to_string(), |r| format!("{} ({})", r.name, r.id))
            };
            extra.push(
                Finding::about(
                    Severity::Error,
                    "respondent.mismatch",
                    answer.place.clone(),
                    question,
                    &format!(
                        "filen är från {}, men den ska komma från {}.",
                        name(&id),
                        name(expected)
                    ),
                )
                .in_row(&RowKey::Form),
            );
        }
        outcome.submission.respondent = Some(id);
    }
    if let Some((question, answer)) = &year {
        let value = answer.value.as_number().map(trunc_to_i32);
        if let (Some(expected), Some(found)) = (ctx.year, value)
            && expected != found
        {
            extra.push(
                Finding::about(
                    Severity::Error,
                    "year.mismatch",
                    answer.place.clone(),
                    question,
                    &format!(
                        "filen gäller budgetåret {found}, men {expected} efterfrågas (--year)."
                    ),
                )
                .in_row(&RowKey::Form),
            );
        }
        outcome.submission.year = value;
    }
    outcome.submission.answered = answered.and_then(|(_, a)| a.value.as_date());
    outcome.findings.extend(extra);
}
