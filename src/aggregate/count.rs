//! What the report needs of one current submission, computed as it is read
//! (so that memory does not grow with every answer of every respondent).

use super::{Column, ColumnKind, Figure, Source, Tally, is_municipality, ratio};
use crate::convert::{count_to_f64, u64_to_f64};
use crate::place::RowKey;
use crate::registry::{Population, Respondent};
use crate::store::StoredWarning;
use crate::store::{CurrentSubmission, StoredSubmission};
use crate::survey::{Choice, Question, QuestionType, Role, Survey};
use crate::validate::{DocumentStatus, Submission, Value, documents};

/// A respondent that answered: where its answer came from, and what the
/// report needs of it.
#[derive(Debug, Clone)]
pub struct Counted<'a> {
    /// The respondent.
    pub(super) respondent: &'a Respondent,
    /// The population its per-capita figures use (municipalities only),
    /// chosen for the budget year by the registry's rule.
    pub(super) population: Option<Population>,
    /// The stored submission.
    pub(super) source: Source,
    /// The warnings it was accepted with.
    pub(super) warnings: Vec<StoredWarning>,
    /// One value per contact question, when contacts are included.
    pub(super) contacts: Vec<Option<String>>,
    /// One figure per budget question.
    pub(super) budget: Vec<Figure>,
    /// The total budget.
    pub(super) total: Option<f64>,
    /// The joint part of the budget.
    pub(super) joint: Option<f64>,
    /// Staff with a digitalisation assignment.
    pub(super) staff: Option<f64>,
    /// Where the total budget stood in the file.
    pub(super) total_place: String,
    /// Whether an overall strategy is in force.
    pub(super) strategy: Option<bool>,
    /// Per document: a figure per document question, and its status.
    pub(super) documents: Vec<(Vec<Figure>, Option<DocumentStatus>)>,
    /// Gällande documents per area.
    pub(super) coverage: Vec<Option<f64>>,
    /// Capability level per grid row.
    pub(super) levels: Vec<Option<f64>>,
}

impl Counted<'_> {
    /// Whether the respondent is a municipality.
    pub(super) fn is_municipality(&self) -> bool {
        is_municipality(self.respondent)
    }

    /// Budget per inhabitant of a municipality.
    pub(super) fn per_capita(&self) -> Option<f64> {
        if !self.is_municipality() {
            return None;
        }
        ratio(self.total, self.inhabitants())
    }

    /// The inhabitants its per-capita figures use, as a number.
    pub(super) fn inhabitants(&self) -> Option<f64> {
        self.population.map(|p| u64_to_f64(p.inhabitants))
    }
}

/// The questions the report asks for by role, found once.
pub(super) struct Roles<'a> {
    /// The questions of the budget section.
    pub(super) budget: Vec<&'a Question>,
    pub(super) total: Option<&'a Question>,
    joint: Option<&'a Question>,
    staff: Option<&'a Question>,
    /// The questions of the documents section.
    pub(super) documents: Vec<&'a Question>,
    /// A document's area, and the areas to choose from.
    area: Option<&'a Question>,
    pub(super) areas: Vec<&'a Choice>,
    /// The capability level, and the grid's rows.
    pub(super) level: Option<&'a Question>,
    pub(super) grid_rows: Vec<&'a Choice>,
}

impl<'a> Roles<'a> {
    /// Finds the questions in `survey`.
    pub(super) fn new(survey: &'a Survey) -> Self {
        let question = |role| survey.by_role(role).map(|(_, q)| q);
        let area = question(Role::DocArea);
        let level = survey.by_role(Role::CapabilityLevel);
        Roles {
            budget: survey
                .by_role(Role::BudgetTotal)
                .map_or_else(Vec::new, |(s, _)| s.questions.iter().collect()),
            total: question(Role::BudgetTotal),
            joint: question(Role::BudgetJoint),
            staff: question(Role::Staff),
            documents: documents::section(survey)
                .map_or_else(Vec::new, |s| s.questions.iter().collect()),
            area,
            areas: area
                .and_then(|q| survey.choices_of(q.choices.as_deref()))
                .map_or_else(Vec::new, |l| l.choices.iter().collect()),
            level: level.map(|(_, q)| q),
            grid_rows: level
                .and_then(|(s, _)| survey.choices_of(s.rows.as_deref()))
                .map_or_else(Vec::new, |l| l.choices.iter().collect()),
        }
    }
}

impl Roles<'_> {
    /// The capability scale's levels, lowest first, from the level
    /// question's scale labels (numbered from its minimum).
    pub(super) fn scale(&self) -> Vec<super::Level> {
        let Some(q) = self.level else {
            return Vec::new();
        };
        let first = q.min.unwrap_or(1.0);
        q.scale
            .iter()
            .enumerate()
            .map(|(i, label)| super::Level {
                value: first + count_to_f64(i),
                label: label.clone(),
            })
            .collect()
    }
}

impl Tally<'_> {
    /// What the report needs of `respondent`'s current submission.
    pub fn count<'a>(&self, respondent: &'a Respondent, current: CurrentSubmission) -> Counted<'a> {
        let (survey, roles) = (self.survey, &self.roles);
        let submission = &current.submission;
        let form = |q: &Question| submission.answer(&q.id, &RowKey::Form);
        let number = |q: Option<&Question>| form(q?)?.value.as_number();
        let records = documents::records(survey, submission);
        let statuses: Vec<Option<DocumentStatus>> = records
            .iter()
            .map(|r| documents::status(survey, submission, r))
            .collect();
        let year = current.stored.year;
        Counted {
            respondent,
            population: is_municipality(respondent)
                .then(|| respondent.population_in(year))
                .flatten(),
            source: source(&current),
            contacts: self
                .contacts
                .iter()
                .map(|q| form(q).map(|a| a.value.to_string()))
                .collect(),
            budget: roles
                .budget
                .iter()
                .map(|q| figure(survey, q, form(q).map(|a| &a.value)))
                .collect(),
            total: number(roles.total),
            joint: number(roles.joint),
            staff: number(roles.staff),
            total_place: roles
                .total
                .and_then(form)
                .map_or_else(String::new, |a| a.place.in_document()),
            strategy: documents::has_overall_strategy(survey, submission),
            documents: records
                .iter()
                .zip(&statuses)
                .map(|(row, status)| (self.document(submission, row), *status))
                .collect(),
            coverage: self.coverage(submission, &records, &statuses),
            levels: self.levels(submission),
            warnings: current.warnings,
        }
    }

    /// A figure per document question for the document in `row`.
    fn document(&self, submission: &Submission, row: &RowKey) -> Vec<Figure> {
        self.roles
            .documents
            .iter()
            .map(|q| {
                figure(
                    self.survey,
                    q,
                    submission.answer(&q.id, row).map(|a| &a.value),
                )
            })
            .collect()
    }

    /// Per area, the documents in force.
    fn coverage(
        &self,
        submission: &Submission,
        records: &[RowKey],
        statuses: &[Option<DocumentStatus>],
    ) -> Vec<Option<f64>> {
        let area_of = |row: &RowKey| {
            let q = self.roles.area?;
            submission.answer(&q.id, row)?.value.as_str()
        };
        self.roles
            .areas
            .iter()
            .map(|choice| {
                let n = records
                    .iter()
                    .zip(statuses)
                    .filter(|(_, status)| status.is_some_and(DocumentStatus::in_force))
                    .filter(|(row, _)| area_of(row) == Some(choice.id.as_str()))
                    .count();
                Some(count_to_f64(n))
            })
            .collect()
    }

    /// The capability level per grid row.
    fn levels(&self, submission: &Submission) -> Vec<Option<f64>> {
        self.roles
            .grid_rows
            .iter()
            .map(|choice| {
                let level = self.roles.level?;
                submission
                    .answer(&level.id, &RowKey::Grid(choice.id.clone()))?
                    .value
                    .as_number()
            })
            .collect()
    }
}

/// Where a counted answer came from.
fn source(current: &CurrentSubmission) -> Source {
    source_of(&current.stored)
}

/// A stored submission as the report traces it.
pub(super) fn source_of(s: &StoredSubmission) -> Source {
    Source {
        file: s.file.clone(),
        sha256: s.sha256.clone(),
        answered: s.besvarad.clone(),
        imported: s.imported.clone(),
        survey_id: s.survey_id.clone(),
        survey_version: s.survey_version,
        example: s.example,
        warnings: s.warnings,
    }
}

/// A figure for a question's answer: numbers as numbers, choices as labels.
fn figure(survey: &Survey, question: &Question, value: Option<&Value>) -> Figure {
    match value {
        None => Figure::Empty,
        Some(Value::Number(n)) => Figure::Number(*n),
        Some(Value::Date(d)) => Figure::Date(*d),
        Some(Value::Choice(id)) => Figure::Text(
            survey
                .choices_of(question.choices.as_deref())
                .and_then(|l| l.get(id))
                .map_or_else(|| id.clone(), |c| c.label.clone()),
        ),
        Some(other) => Figure::Text(other.to_string()),
    }
}

/// The column a question's answers fill.
pub(super) fn column(question: &Question) -> Column {
    Column {
        header: question.label.clone(),
        kind: match question.kind {
            QuestionType::Amount => ColumnKind::Kronor,
            QuestionType::Decimal => ColumnKind::Decimal,
            QuestionType::Year => ColumnKind::Year,
            QuestionType::Date => ColumnKind::Date,
            QuestionType::Text | QuestionType::Url | QuestionType::Email => ColumnKind::Text,
            QuestionType::Integer | QuestionType::SelectOne | QuestionType::Respondent => {
                ColumnKind::Integer
            }
        },
    }
}
