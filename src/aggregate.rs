//! The report's figures, computed once from the stored submissions and
//! knowing nothing of xlsx, so other outputs can use the same numbers.
//!
//! Questions are found by role in the survey definition, never by id.
//! Municipalities' and organisations' money is never added into one figure:
//! every sum, median, minimum and maximum over "respondents" is over
//! municipalities unless its name says otherwise (REPORT.md).

use std::collections::HashMap;

use crate::finding::Finding;
use crate::read::RowKey;
use crate::registry::{Kind, Registry, Respondent};
use crate::respondent_id::RespondentId;
use crate::store::{Store, StoreError, StoredSubmission};
use crate::survey::{Question, Role, Section, Survey};
use crate::text::fold;
use crate::validate::{DocumentStatus, Submission, Value, documents};

/// What the report covers.
#[derive(Debug, Clone)]
pub struct Options<'a> {
    /// The budget year.
    pub year: i32,
    /// Only this delregion (its name as in the registry).
    pub delregion: Option<&'a str>,
    /// Include personal data.
    pub with_contacts: bool,
}

/// A respondent that answered: its current submission, and what the report
/// needs of its answers, computed as it is loaded (so that memory does not
/// grow with every answer of every respondent).
#[derive(Debug, Clone)]
pub struct Counted<'a> {
    /// The respondent.
    pub respondent: &'a Respondent,
    /// The stored submission.
    pub stored: StoredSubmission,
    /// The warnings it was accepted with.
    pub warnings: Vec<Finding>,
    /// One figure per budget question.
    budget: Vec<Figure>,
    total: Option<f64>,
    joint: Option<f64>,
    staff: Option<f64>,
    /// Where the total budget stood in the file.
    total_place: String,
    /// Whether an overall strategy is in force.
    strategy: Option<bool>,
    /// Per document: a figure per document question, and its status.
    documents: Vec<(Vec<Figure>, Option<DocumentStatus>)>,
    /// Gällande documents per area.
    coverage: Vec<Option<f64>>,
    /// Capability level per grid row.
    levels: Vec<Option<f64>>,
}

/// The questions the report asks for by role, found once.
struct Roles<'a> {
    budget: Vec<&'a Question>,
    total: Option<&'a Question>,
    joint: Option<&'a Question>,
    staff: Option<&'a Question>,
    documents: Vec<&'a Question>,
    area: Option<&'a Question>,
    areas: Vec<&'a crate::survey::Choice>,
    level: Option<&'a Question>,
    grid_rows: Vec<&'a crate::survey::Choice>,
}

impl<'a> Roles<'a> {
    fn new(survey: &'a Survey) -> Self {
        let question = |role| survey.by_role(role).map(|(_, q)| q);
        let area = question(Role::DocArea);
        let level = survey.by_role(Role::CapabilityLevel);
        Roles {
            budget: section_with_role(survey, Role::BudgetTotal)
                .map_or_else(Vec::new, |s| s.questions.iter().collect()),
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

impl<'a> Counted<'a> {
    fn new(
        survey: &Survey,
        roles: &Roles<'_>,
        respondent: &'a Respondent,
        stored: StoredSubmission,
        warnings: Vec<Finding>,
        submission: &Submission,
    ) -> Self {
        let form = |q: &Question| submission.answer(&q.id, &RowKey::Form);
        let number = |q: Option<&Question>| form(q?)?.value.as_number();
        let records = documents::records(survey, submission);
        let statuses: Vec<Option<DocumentStatus>> = records
            .iter()
            .map(|r| documents::status(survey, submission, r))
            .collect();
        let coverage = roles
            .areas
            .iter()
            .map(|choice| {
                let n = records
                    .iter()
                    .zip(&statuses)
                    .filter(|(_, status)| status.is_some_and(DocumentStatus::in_force))
                    .filter(|(r, _)| {
                        roles
                            .area
                            .and_then(|q| submission.answer(&q.id, r))
                            .and_then(|a| a.value.as_str())
                            == Some(choice.id.as_str())
                    })
                    .count();
                Some(n as f64)
            })
            .collect();
        Counted {
            respondent,
            stored,
            warnings,
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
                .map_or_else(String::new, |a| a.place.clone()),
            strategy: documents::has_overall_strategy(survey, submission),
            documents: records
                .iter()
                .zip(&statuses)
                .map(|(r, status)| {
                    let values = roles
                        .documents
                        .iter()
                        .map(|q| figure(survey, q, submission.answer(&q.id, r).map(|a| &a.value)))
                        .collect();
                    (values, *status)
                })
                .collect(),
            coverage,
            levels: roles
                .grid_rows
                .iter()
                .map(|choice| {
                    let level = roles.level?;
                    submission
                        .answer(&level.id, &RowKey::Grid(choice.id.clone()))?
                        .value
                        .as_number()
                })
                .collect(),
        }
    }

    fn is_municipality(&self) -> bool {
        self.respondent.kind == Kind::Kommun
    }

    /// Budget per inhabitant of a municipality.
    fn per_capita(&self) -> Option<f64> {
        if !self.is_municipality() {
            return None;
        }
        ratio(self.total, self.respondent.population.map(|p| p as f64))
    }
}

/// A cell of a figure table.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure {
    /// A number.
    Number(f64),
    /// Text (choice labels, comments, links).
    Text(String),
    /// A date.
    Date(chrono::NaiveDate),
    /// Not answered.
    Empty,
}

/// Whether a row is a respondent's, a delregion's subtotal or a county total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// One respondent.
    Respondent,
    /// A sum over one delregion.
    Subtotal,
    /// A sum over the county.
    Total,
}

/// One row of the budget table.
#[derive(Debug, Clone)]
pub struct BudgetRow<'a> {
    /// Respondent, subtotal or total.
    pub kind: RowKind,
    /// The respondent, for a respondent's row.
    pub respondent: Option<&'a Respondent>,
    /// The row's name: the respondent's, or e.g. "Summa kommuner Fyrbodal".
    pub name: String,
    /// One figure per budget question.
    pub values: Vec<Figure>,
    /// Budget per inhabitant (municipalities, and sums over them).
    pub per_capita: Option<f64>,
    /// The joint part of the budget over the total.
    pub joint_share: Option<f64>,
}

/// The budget table: one column per budget question.
#[derive(Debug, Clone)]
pub struct Budget<'a> {
    /// The questions of the budget section, in order.
    pub questions: Vec<&'a Question>,
    /// Rows in report order with subtotals and totals.
    pub rows: Vec<BudgetRow<'a>>,
}

/// Figures for one delregion, or for the county.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DelregionFigures {
    /// Delregion name, or "Hela länet".
    pub name: String,
    /// Whether this is the county row.
    pub county: bool,
    /// Respondents of all kinds in the registry.
    pub respondents: usize,
    /// Municipalities in the registry.
    pub municipalities: usize,
    /// Respondents of all kinds that answered.
    pub answered: usize,
    /// Municipalities that answered.
    pub municipalities_answered: usize,
    /// Answered over respondents.
    pub response_rate: Option<f64>,
    /// Sum of the municipalities' total budgets.
    pub budget_municipalities: Option<f64>,
    /// Sum of the organisations' (kommunalförbund, VästKom) total budgets.
    pub budget_organisations: Option<f64>,
    /// Median budget per inhabitant over answering municipalities.
    pub median_per_capita: Option<f64>,
    /// Smallest budget per inhabitant.
    pub min_per_capita: Option<f64>,
    /// Largest budget per inhabitant.
    pub max_per_capita: Option<f64>,
    /// Sum of the municipalities' staff.
    pub staff_municipalities: Option<f64>,
    /// Share of answering municipalities with an overall strategy in force.
    pub strategy_share: Option<f64>,
}

/// One steering document.
#[derive(Debug, Clone)]
pub struct DocumentRow<'a> {
    /// Whose document it is.
    pub respondent: &'a Respondent,
    /// One figure per document question (choices as labels).
    pub values: Vec<Figure>,
    /// Whether it is in force in the year.
    pub status: Option<DocumentStatus>,
}

/// The documents table.
#[derive(Debug, Clone)]
pub struct Documents<'a> {
    /// The questions of the documents section, in order.
    pub questions: Vec<&'a Question>,
    /// The column of the link question, written as a hyperlink.
    pub link_column: Option<usize>,
    /// One row per document.
    pub rows: Vec<DocumentRow<'a>>,
}

/// A per-area table with rows per respondent and summary rows per
/// delregion and for the county.
#[derive(Debug, Clone)]
pub struct AreaTable<'a> {
    /// The areas' labels (columns).
    pub areas: Vec<String>,
    /// Per respondent: one figure per area.
    pub rows: Vec<(&'a Respondent, Vec<Option<f64>>)>,
    /// Per delregion, then the county: one figure per area.
    pub summaries: Vec<(String, bool, Vec<Option<f64>>)>,
}

/// A data quality finding: a warning, or a plausibility check across submissions.
#[derive(Debug, Clone)]
pub struct QualityRow<'a> {
    /// The respondent.
    pub respondent: &'a Respondent,
    /// Where, in the respondent's file.
    pub place: String,
    /// The question, as "label (id)".
    pub question: String,
    /// The message, with its rule.
    pub message: String,
}

/// A registry respondent's state, with contacts when asked for.
#[derive(Debug, Clone)]
pub struct StatusRow<'a> {
    /// The respondent.
    pub respondent: &'a Respondent,
    /// Its current submission, if any.
    pub stored: Option<StoredSubmission>,
    /// One value per contact question, when contacts are included.
    pub contacts: Vec<Option<String>>,
}

/// The key figures of the summary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyFigures {
    /// Current submissions counted.
    pub submissions: usize,
    /// The newest answer date among them.
    pub newest_answered: Option<String>,
    /// Whether any counted submission is example data.
    pub example: bool,
    /// The county (or the one delregion), as in the delregion table.
    pub total: DelregionFigures,
    /// The registry's population years.
    pub population_years: Vec<u32>,
}

/// Everything the report shows.
#[derive(Debug, Clone)]
pub struct Figures<'a> {
    /// The survey.
    pub survey: &'a Survey,
    /// The budget year.
    pub year: i32,
    /// The delregion the report is restricted to.
    pub delregion: Option<String>,
    /// Contact questions shown, when contacts are included.
    pub contact_questions: Vec<&'a Question>,
    /// Every registry respondent (of the delregion).
    pub statuses: Vec<StatusRow<'a>>,
    /// The respondents that answered, in report order.
    pub counted: Vec<Counted<'a>>,
    /// The budget table.
    pub budget: Budget<'a>,
    /// Per delregion, then the county.
    pub delregions: Vec<DelregionFigures>,
    /// The steering documents.
    pub documents: Documents<'a>,
    /// Gällande documents per area.
    pub coverage: AreaTable<'a>,
    /// Capability levels per area.
    pub capabilities: AreaTable<'a>,
    /// Warnings and plausibility findings.
    pub quality: Vec<QualityRow<'a>>,
    /// The summary's key figures.
    pub key: KeyFigures,
}

/// Why figures could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum AggregateError {
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// `--delregion` names no delregion of the registry.
    #[error("delregionen {name:?} finns inte i registret; välj en av: {known}")]
    UnknownDelregion {
        /// What was asked for.
        name: String,
        /// The registry's delregions.
        known: String,
    },
}

/// The delregion of the registry that `name` means, matched like
/// organisation names (case, diacritics, a trailing "kommunalförbund").
///
/// # Errors
/// No delregion matches.
pub fn find_delregion<'a>(registry: &'a Registry, name: &str) -> Result<&'a str, AggregateError> {
    let key = fold(name);
    let stripped = |s: &str| {
        fold(s)
            .trim_end_matches(" kommunalforbund")
            .trim_end_matches('s')
            .to_string()
    };
    registry
        .delregions()
        .into_iter()
        .find(|d| fold(d) == key || stripped(d) == stripped(name))
        .ok_or_else(|| AggregateError::UnknownDelregion {
            name: name.to_string(),
            known: registry.delregions().join(", "),
        })
}

/// Computes every figure of the report.
///
/// # Errors
/// Database errors; an unknown delregion.
pub fn figures<'a>(
    survey: &'a Survey,
    registry: &'a Registry,
    store: &Store,
    options: &Options<'_>,
) -> Result<Figures<'a>, AggregateError> {
    let delregion = options
        .delregion
        .map(|d| find_delregion(registry, d))
        .transpose()?;
    let in_scope = |r: &Respondent| delregion.is_none_or(|d| r.delregion == d);
    let contact_questions: Vec<&Question> = if options.with_contacts {
        questions_with_role(survey, Role::Contact)
    } else {
        Vec::new()
    };
    let mut current: HashMap<RespondentId, StoredSubmission> = store
        .current(options.year)?
        .into_iter()
        .map(|s| (s.respondent.clone(), s))
        .collect();
    let previous = store.current(options.year - 1)?;
    let roles = Roles::new(survey);
    let mut statuses = Vec::new();
    let mut counted = Vec::new();
    for respondent in registry.ordered().into_iter().filter(|r| in_scope(r)) {
        let stored = current.remove(&respondent.id);
        let mut contacts = Vec::new();
        if let Some(stored) = &stored {
            let submission = store.submission(survey, stored)?;
            contacts = contact_questions
                .iter()
                .map(|q| {
                    submission
                        .answer(&q.id, &RowKey::Form)
                        .map(|a| a.value.to_string())
                })
                .collect();
            let warnings = store.warnings(stored.id)?;
            counted.push(Counted::new(
                survey,
                &roles,
                respondent,
                stored.clone(),
                warnings,
                &submission,
            ));
        } else {
            contacts.resize(contact_questions.len(), None);
        }
        statuses.push(StatusRow {
            respondent,
            stored,
            contacts,
        });
    }
    let delregion_names: Vec<&str> = registry
        .delregions()
        .into_iter()
        .filter(|d| delregion.is_none_or(|x| x == *d))
        .collect();
    let with_county = delregion.is_none();
    let budget = budget(&roles, &counted, &delregion_names, with_county);
    let mut delregions: Vec<DelregionFigures> = delregion_names
        .iter()
        .map(|d| delregion_figures(d, false, &statuses, &counted))
        .collect();
    let total = delregion_figures("Hela länet", true, &statuses, &counted);
    if with_county {
        delregions.push(total.clone());
    }
    let key = KeyFigures {
        submissions: counted.len(),
        newest_answered: counted
            .iter()
            .filter_map(|c| c.stored.besvarad.clone())
            .max(),
        example: counted.iter().any(|c| c.stored.example),
        total: match delregion {
            Some(_) => delregions[0].clone(),
            None => total,
        },
        population_years: {
            let mut years: Vec<u32> = registry
                .respondents()
                .iter()
                .filter_map(|r| r.population_year)
                .collect();
            years.sort_unstable();
            years.dedup();
            years
        },
    };
    let previous_totals: HashMap<RespondentId, f64> = previous
        .iter()
        .filter_map(|p| {
            let submission = store.submission(survey, p).ok()?;
            let (_, total) = survey.by_role(Role::BudgetTotal)?;
            Some((
                p.respondent.clone(),
                submission
                    .answer(&total.id, &RowKey::Form)?
                    .value
                    .as_number()?,
            ))
        })
        .collect();
    Ok(Figures {
        survey,
        year: options.year,
        delregion: delregion.map(str::to_string),
        contact_questions,
        documents: Documents {
            link_column: roles
                .documents
                .iter()
                .position(|q| q.role == Some(Role::DocLink)),
            rows: counted
                .iter()
                .flat_map(|c| {
                    c.documents.iter().map(|(values, status)| DocumentRow {
                        respondent: c.respondent,
                        values: values.clone(),
                        status: *status,
                    })
                })
                .collect(),
            questions: roles.documents.clone(),
        },
        coverage: coverage(&roles, &counted, &delregion_names, with_county),
        capabilities: capabilities(&roles, &counted, &delregion_names, with_county),
        quality: quality(
            survey,
            &counted,
            key.total.median_per_capita,
            &previous_totals,
        ),
        statuses,
        budget,
        delregions,
        key,
        counted,
    })
}

fn questions_with_role(survey: &Survey, role: Role) -> Vec<&Question> {
    survey
        .sections
        .iter()
        .flat_map(|s| &s.questions)
        .filter(|q| q.role == Some(role))
        .collect()
}

fn section_with_role(survey: &Survey, role: Role) -> Option<&Section> {
    survey.by_role(role).map(|(s, _)| s)
}

/// The median of `values` (the mean of the middle two for an even count).
pub fn median(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// `part / whole`, empty when the whole is zero or missing.
fn ratio(part: Option<f64>, whole: Option<f64>) -> Option<f64> {
    match (part, whole) {
        (Some(p), Some(w)) if w != 0.0 => Some(p / w),
        _ => None,
    }
}

/// The sum of the given values; empty when none is given.
fn sum(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    values
        .flatten()
        .fold(None, |acc, v| Some(acc.unwrap_or(0.0) + v))
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

/// Budget per inhabitant of a municipality.
fn budget<'a>(
    roles: &Roles<'a>,
    counted: &[Counted<'a>],
    delregions: &[&str],
    with_county: bool,
) -> Budget<'a> {
    let questions = roles.budget.clone();
    let respondent_row = |c: &Counted<'a>| BudgetRow {
        kind: RowKind::Respondent,
        respondent: Some(c.respondent),
        name: c.respondent.name.clone(),
        values: c.budget.clone(),
        per_capita: c.per_capita(),
        joint_share: ratio(c.joint, c.total),
    };
    let number = |f: &Figure| match f {
        Figure::Number(n) => Some(*n),
        _ => None,
    };
    let sum_row = |kind: RowKind, name: String, members: &[&Counted<'a>]| BudgetRow {
        kind,
        respondent: None,
        name,
        values: questions
            .iter()
            .enumerate()
            .map(|(i, q)| {
                if q.kind.is_numeric() {
                    sum(members.iter().map(|c| number(&c.budget[i])))
                        .map_or(Figure::Empty, Figure::Number)
                } else {
                    Figure::Empty
                }
            })
            .collect(),
        per_capita: {
            let with_total: Vec<&&Counted<'a>> = members
                .iter()
                .filter(|c| {
                    c.is_municipality() && c.respondent.population.is_some() && c.total.is_some()
                })
                .collect();
            ratio(
                sum(with_total.iter().map(|c| c.total)),
                sum(with_total
                    .iter()
                    .map(|c| c.respondent.population.map(|p| p as f64))),
            )
        },
        joint_share: {
            let both: Vec<&&Counted<'a>> = members
                .iter()
                .filter(|c| c.total.is_some() && c.joint.is_some())
                .collect();
            ratio(
                sum(both.iter().map(|c| c.joint)),
                sum(both.iter().map(|c| c.total)),
            )
        },
    };
    let mut rows = Vec::new();
    for d in delregions {
        let in_d = |c: &&Counted<'a>| c.respondent.delregion == *d;
        let municipalities: Vec<&Counted<'a>> = counted
            .iter()
            .filter(in_d)
            .filter(|c| c.is_municipality())
            .collect();
        rows.extend(municipalities.iter().map(|c| respondent_row(c)));
        if !municipalities.is_empty() {
            rows.push(sum_row(
                RowKind::Subtotal,
                format!("Summa kommuner {d}"),
                &municipalities,
            ));
        }
        rows.extend(
            counted
                .iter()
                .filter(in_d)
                .filter(|c| !c.is_municipality())
                .map(respondent_row),
        );
    }
    if with_county {
        let municipalities: Vec<&Counted<'a>> =
            counted.iter().filter(|c| c.is_municipality()).collect();
        let organisations: Vec<&Counted<'a>> =
            counted.iter().filter(|c| !c.is_municipality()).collect();
        rows.push(sum_row(
            RowKind::Total,
            "Hela länet, kommuner".to_string(),
            &municipalities,
        ));
        rows.push(sum_row(
            RowKind::Total,
            "Hela länet, förbund och VästKom".to_string(),
            &organisations,
        ));
    }
    Budget { questions, rows }
}

fn delregion_figures(
    name: &str,
    county: bool,
    statuses: &[StatusRow<'_>],
    counted: &[Counted<'_>],
) -> DelregionFigures {
    let member = |r: &Respondent| county || r.delregion == name;
    let answering: Vec<&Counted<'_>> = counted.iter().filter(|c| member(c.respondent)).collect();
    let municipalities: Vec<&&Counted<'_>> =
        answering.iter().filter(|c| c.is_municipality()).collect();
    let per_capita: Vec<f64> = municipalities
        .iter()
        .filter_map(|c| c.per_capita())
        .collect();
    let with_strategy: Vec<bool> = municipalities.iter().filter_map(|c| c.strategy).collect();
    let respondents = statuses.iter().filter(|s| member(s.respondent)).count();
    DelregionFigures {
        name: name.to_string(),
        county,
        respondents,
        municipalities: statuses
            .iter()
            .filter(|s| member(s.respondent) && s.respondent.kind == Kind::Kommun)
            .count(),
        answered: answering.len(),
        municipalities_answered: municipalities.len(),
        response_rate: ratio(Some(answering.len() as f64), Some(respondents as f64)),
        budget_municipalities: sum(municipalities.iter().map(|c| c.total)),
        budget_organisations: sum(answering
            .iter()
            .filter(|c| !c.is_municipality())
            .map(|c| c.total)),
        median_per_capita: median(&per_capita),
        min_per_capita: per_capita.iter().copied().reduce(f64::min),
        max_per_capita: per_capita.iter().copied().reduce(f64::max),
        staff_municipalities: sum(municipalities.iter().map(|c| c.staff)),
        strategy_share: ratio(
            Some(with_strategy.iter().filter(|b| **b).count() as f64),
            Some(municipalities.len() as f64),
        ),
    }
}

/// Summary rows per delregion and for the county, from per-respondent rows.
fn summaries(
    rows: &[(&Respondent, Vec<Option<f64>>)],
    areas: usize,
    delregions: &[&str],
    with_county: bool,
    summarise: impl Fn(&[&Vec<Option<f64>>], usize) -> Option<f64>,
) -> Vec<(String, bool, Vec<Option<f64>>)> {
    let mut groups: Vec<(String, bool)> =
        delregions.iter().map(|d| (d.to_string(), false)).collect();
    if with_county {
        groups.push(("Hela länet".to_string(), true));
    }
    groups
        .into_iter()
        .map(|(name, county)| {
            let members: Vec<&Vec<Option<f64>>> = rows
                .iter()
                .filter(|(r, _)| county || r.delregion == name)
                .map(|(_, v)| v)
                .collect();
            let values = (0..areas).map(|i| summarise(&members, i)).collect();
            (name, county, values)
        })
        .collect()
}

fn coverage<'a>(
    roles: &Roles<'_>,
    counted: &[Counted<'a>],
    delregions: &[&str],
    with_county: bool,
) -> AreaTable<'a> {
    let rows: Vec<(&Respondent, Vec<Option<f64>>)> = counted
        .iter()
        .map(|c| (c.respondent, c.coverage.clone()))
        .collect();
    let summaries = summaries(
        &rows,
        roles.areas.len(),
        delregions,
        with_county,
        |members, i| {
            let with = members
                .iter()
                .filter(|v| v[i].is_some_and(|n| n >= 1.0))
                .count();
            ratio(Some(with as f64), Some(members.len() as f64))
        },
    );
    AreaTable {
        areas: roles.areas.iter().map(|c| c.label.clone()).collect(),
        rows,
        summaries,
    }
}

fn capabilities<'a>(
    roles: &Roles<'_>,
    counted: &[Counted<'a>],
    delregions: &[&str],
    with_county: bool,
) -> AreaTable<'a> {
    let rows: Vec<(&Respondent, Vec<Option<f64>>)> = counted
        .iter()
        .filter(|c| c.levels.iter().any(Option::is_some))
        .map(|c| (c.respondent, c.levels.clone()))
        .collect();
    let summaries = summaries(
        &rows,
        roles.grid_rows.len(),
        delregions,
        with_county,
        |members, i| {
            let given: Vec<f64> = members.iter().filter_map(|v| v[i]).collect();
            ratio(Some(given.iter().sum()), Some(given.len() as f64))
        },
    );
    AreaTable {
        areas: roles.grid_rows.iter().map(|c| c.label.clone()).collect(),
        rows,
        summaries,
    }
}

/// Warnings of the counted submissions, then the plausibility checks.
fn quality<'a>(
    survey: &Survey,
    counted: &[Counted<'a>],
    median_per_capita: Option<f64>,
    previous_totals: &HashMap<RespondentId, f64>,
) -> Vec<QualityRow<'a>> {
    let name_of = |id: Option<&str>| match id.and_then(|id| survey.question(id)) {
        Some((_, q)) => format!("{} ({})", q.label, q.id),
        None => String::new(),
    };
    let mut rows: Vec<QualityRow<'a>> = Vec::new();
    for c in counted {
        for w in &c.warnings {
            rows.push(QualityRow {
                respondent: c.respondent,
                place: w.place.clone(),
                question: name_of(w.question.as_deref()),
                message: w.message.clone(),
            });
        }
    }
    let Some((_, total)) = survey.by_role(Role::BudgetTotal) else {
        return rows;
    };
    let place_of = |c: &Counted<'_>| c.total_place.clone();
    let kr = |n: f64| format!("{} kr", crate::value::format_swedish(n.round()));
    for c in counted {
        if let (Some(pc), Some(median)) = (c.per_capita(), median_per_capita) {
            let rule = if pc > 3.0 * median {
                Some("mer än tre gånger")
            } else if pc < median / 3.0 {
                Some("mindre än en tredjedel av")
            } else {
                None
            };
            if let Some(rule) = rule {
                rows.push(QualityRow {
                    respondent: c.respondent,
                    place: place_of(c),
                    question: name_of(Some(&total.id)),
                    message: format!(
                        "Budget per invånare {} är {rule} medianen för kommunerna ({}). Regel: över 3 × eller under ⅓ av medianen.",
                        kr(pc),
                        kr(median)
                    ),
                });
            }
        }
        let previous = previous_totals.get(&c.respondent.id);
        if let (Some(before), Some(now)) = (previous, c.total)
            && *before > 0.0
            && ((now - before) / before).abs() > 0.5
        {
            rows.push(QualityRow {
                respondent: c.respondent,
                place: place_of(c),
                question: name_of(Some(&total.id)),
                message: format!(
                    "Total budget har ändrats med {:+.0} % från föregående år ({} → {}). Regel: ändring över 50 %.",
                    (now - before) / before * 100.0,
                    kr(*before),
                    kr(now)
                ),
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
    }

    #[test]
    fn sums_and_ratios_are_empty_without_data() {
        assert_eq!(sum([None, None].into_iter()), None);
        assert_eq!(sum([Some(1.0), None, Some(2.0)].into_iter()), Some(3.0));
        assert_eq!(ratio(Some(1.0), Some(0.0)), None);
        assert_eq!(ratio(None, Some(2.0)), None);
        assert_eq!(ratio(Some(1.0), Some(4.0)), Some(0.25));
    }

    #[test]
    fn delregions_are_matched_like_names() {
        let registry = Registry::builtin();
        assert_eq!(find_delregion(&registry, "fyrbodal").unwrap(), "Fyrbodal");
        assert_eq!(
            find_delregion(&registry, "BORASREGIONEN").unwrap(),
            "Boråsregionen"
        );
        assert_eq!(
            find_delregion(&registry, "Skaraborgs kommunalförbund").unwrap(),
            "Skaraborg"
        );
        assert!(find_delregion(&registry, "Halland").is_err());
    }
}
