//! The report's figures, computed once from what the store loaded (each
//! current submission of a year with its answers and warnings, and the
//! previous year's totals), knowing nothing of SQL or xlsx, so other
//! outputs can use the same numbers. What the report writes is all here as
//! plain data: who each row is about, each column's header and kind, every
//! rate and share.
//!
//! [`Tally::count`] reduces each submission to what the report needs as it
//! is read; [`Tally::figures`] computes the tables from those.
//!
//! Questions are found by role in the survey definition, never by id.
//! Municipalities' and organisations' money is never added into one figure:
//! every sum, median, minimum and maximum over "respondents" is over
//! municipalities unless its name says otherwise (REPORT.md).

mod count;
mod development;
mod tables;

use std::collections::HashMap;

use crate::collection::Current;
use crate::map;
use crate::registry::{Kind, Registry, Respondent};
use crate::respondent_id::RespondentId;
use crate::survey::{Question, Role, Survey};
use crate::text::fold;

pub use count::Counted;
use count::Roles;
pub use development::{
    Development, DevelopmentRow, MunicipalRow, MunicipalYear, PopulationUse, YearFigures,
};

/// What the report covers.
#[derive(Debug, Clone)]
pub struct Options<'a> {
    /// The budget year.
    pub year: i32,
    /// Only this delregion, named as in the registry ([`find_delregion`]).
    pub delregion: Option<&'a str>,
    /// The round is closed (`report --final`): missing answers make the
    /// figures incomplete, not preliminary.
    pub closed: bool,
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

/// What a column of answers holds, which decides how its numbers are
/// written and how wide it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Amounts in kronor.
    Kronor,
    /// Numbers with decimals.
    Decimal,
    /// Years.
    Year,
    /// Whole numbers, and choices (written as their labels).
    Integer,
    /// Dates.
    Date,
    /// Free text, e-mail addresses and links.
    Text,
}

/// A column of answers to one survey question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The question's label.
    pub header: String,
    /// What its answers are.
    pub kind: ColumnKind,
}

/// Who a row is about, as the report shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Who<'a> {
    /// Registry id.
    pub id: &'a str,
    /// Name as in the registry.
    pub name: &'a str,
    /// Kind of organisation, as a Swedish word ("Kommun").
    pub kind: &'static str,
    /// Delregion.
    pub delregion: &'a str,
}

impl<'a> Who<'a> {
    /// A registry respondent as the report shows it.
    fn of(respondent: &'a Respondent) -> Self {
        Who {
            id: respondent.id.as_str(),
            name: &respondent.name,
            kind: respondent.kind.label(),
            delregion: &respondent.delregion,
        }
    }
}

/// The stored submission a respondent's figures come from, for tracing
/// and reproducing them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The original file's name.
    pub file: String,
    /// SHA-256 of the original bytes, lower-case hex.
    pub sha256: String,
    /// The answer date, ISO.
    pub answered: Option<String>,
    /// When it was imported, RFC 3339.
    pub imported: String,
    /// Survey id it was validated against.
    pub survey_id: String,
    /// Survey version it was validated against.
    pub survey_version: u32,
    /// Whether it is example data.
    pub example: bool,
    /// Number of warnings it was accepted with.
    pub warnings: usize,
}

/// The survey the report is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyInfo {
    /// Survey id.
    pub id: String,
    /// Version.
    pub version: u32,
    /// Title.
    pub title: String,
}

/// One row of the budget table.
#[derive(Debug, Clone)]
pub struct BudgetRow<'a> {
    /// Respondent, subtotal or total.
    pub kind: RowKind,
    /// The respondent, for a respondent's row.
    pub respondent: Option<Who<'a>>,
    /// The population its per-capita figure uses, for a municipality's row.
    pub population: Option<u64>,
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
    pub columns: Vec<Column>,
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
    /// Municipalities that answered over municipalities.
    pub municipal_response_rate: Option<f64>,
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
    pub respondent: Who<'a>,
    /// One figure per document question (choices as labels).
    pub values: Vec<Figure>,
    /// Whether it is in force in the year, as a Swedish word.
    pub status: Option<&'static str>,
}

/// The documents table.
#[derive(Debug, Clone)]
pub struct Documents<'a> {
    /// The questions of the documents section, in order.
    pub columns: Vec<Column>,
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
    pub rows: Vec<(Who<'a>, Vec<Option<f64>>)>,
    /// Per delregion, then the county: one figure per area.
    pub summaries: Vec<(String, bool, Vec<Option<f64>>)>,
}

/// A data quality finding: a warning, or a plausibility check across submissions.
#[derive(Debug, Clone)]
pub struct QualityRow<'a> {
    /// The respondent.
    pub respondent: Who<'a>,
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
    pub respondent: Who<'a>,
    /// Its current submission, if any.
    pub source: Option<Source>,
    /// One value per contact question, when contacts are included.
    pub contacts: Vec<Option<String>>,
    /// When its last rejected import attempt was logged (RFC 3339), where
    /// `status` shows one.
    pub last_rejected: Option<String>,
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
    /// What each key figure is computed over.
    pub bases: Bases,
    /// Registry municipalities (in scope) without a current submission.
    pub missing_municipalities: usize,
    /// Registry respondents of every kind (in scope) without one.
    pub missing_respondents: usize,
    /// Whether the figures are preliminary: some registry municipality has
    /// not answered and the round is not closed.
    pub preliminary: bool,
}

/// What a key figure is computed over: `counted` of `of` respondents of a
/// kind, e.g. "30 av 35 svarande kommuner".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Base {
    /// The respondents the figure counts.
    pub counted: usize,
    /// Of how many.
    pub of: usize,
    /// What they are, in Swedish plural ("svarande kommuner").
    pub what: &'static str,
}

impl std::fmt::Display for Base {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} av {} {}", self.counted, self.of, self.what)
    }
}

/// The base of each key figure of the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bases {
    /// Total budget of municipalities: those that gave one, of those that answered.
    pub budget_municipalities: Base,
    /// Total budget of kommunalförbund and VästKom, likewise.
    pub budget_organisations: Base,
    /// Årsarbetare of municipalities, likewise.
    pub staff: Base,
    /// Median budget per inhabitant: municipalities with a figure, of those that answered.
    pub per_capita: Base,
    /// Share with a gällande strategy: municipalities that answered, of the registry's.
    pub strategy: Base,
}

/// One level of the capability scale, from the survey definition.
#[derive(Debug, Clone, PartialEq)]
pub struct Level {
    /// The number.
    pub value: f64,
    /// Its label ("Saknas").
    pub label: String,
}

/// Capability levels per area, the scale, and who answered without
/// assessing any area.
#[derive(Debug, Clone)]
pub struct Capabilities<'a> {
    /// Levels per respondent that gave any; means per delregion and county.
    pub table: AreaTable<'a>,
    /// The scale's levels, lowest first.
    pub scale: Vec<Level>,
    /// Answering respondents that gave no level, in report order.
    pub not_assessed: Vec<Who<'a>>,
}

/// Budget per inhabitant of every answering municipality, one series per
/// delregion, for the summary's chart.
#[derive(Debug, Clone)]
pub struct PerCapitaChart<'a> {
    /// The delregions with municipalities, in report order.
    pub delregions: Vec<String>,
    /// The municipalities with a figure, in report order.
    pub municipalities: Vec<(Who<'a>, f64)>,
}

/// The county map: every registry municipality with its budget per
/// inhabitant (none when it has not answered), and the classes computed
/// over the whole county.
#[derive(Debug, Clone, PartialEq)]
pub struct CountyMap {
    /// Every registry municipality.
    pub areas: Vec<map::Area>,
    /// The classes of the answering municipalities' figures, county-wide.
    pub classes: Vec<map::Class>,
    /// The delregion drawn alone, under `--delregion`.
    pub only: Option<String>,
}

/// The map of every registry municipality, classes county-wide.
fn county_map(current: &[Current<'_, Counted<'_>>], only: Option<&str>) -> CountyMap {
    let areas: Vec<map::Area> = current
        .iter()
        .filter(|c| is_municipality(c.respondent))
        .map(|c| map::Area {
            id: c.respondent.id.to_string(),
            name: c.respondent.name.clone(),
            delregion: c.respondent.delregion.clone(),
            value: c.submission.as_ref().and_then(Counted::per_capita),
        })
        .collect();
    let figures: Vec<f64> = areas.iter().filter_map(|a| a.value).collect();
    CountyMap {
        classes: map::classes(&figures),
        areas,
        only: only.map(str::to_string),
    }
}

/// Everything the report shows.
#[derive(Debug, Clone)]
pub struct Figures<'a> {
    /// The survey.
    pub survey: SurveyInfo,
    /// The budget year.
    pub year: i32,
    /// The delregion the report is restricted to.
    pub delregion: Option<String>,
    /// The labels of the contact questions shown, when contacts are included.
    pub contact_headers: Vec<String>,
    /// What an overall strategy is, in words, from the survey definition.
    pub overall_strategy: String,
    /// Every registry respondent (of the delregion).
    pub statuses: Vec<StatusRow<'a>>,
    /// The budget table.
    pub budget: Budget<'a>,
    /// Per delregion, then the county.
    pub delregions: Vec<DelregionFigures>,
    /// The steering documents.
    pub documents: Documents<'a>,
    /// Gällande documents per area.
    pub coverage: AreaTable<'a>,
    /// Capability levels per area, with the scale.
    pub capabilities: Capabilities<'a>,
    /// Warnings and plausibility findings.
    pub quality: Vec<QualityRow<'a>>,
    /// Budget per inhabitant per municipality.
    pub chart: PerCapitaChart<'a>,
    /// The county map of budget per inhabitant.
    pub map: CountyMap,
    /// The summary's key figures.
    pub key: KeyFigures,
    /// The figures over the budget years, up to this one.
    pub development: Development<'a>,
}

impl<'a> Figures<'a> {
    /// Every counted submission of every year shown, by year ascending,
    /// then in report order, with whose it is.
    pub fn sources(&self) -> impl Iterator<Item = (i32, Who<'a>, &Source)> {
        self.development
            .sources
            .iter()
            .map(|(year, who, source)| (*year, *who, source))
    }
}

/// Why figures could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum AggregateError {
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

/// Counts what the report needs of each current submission as it is read,
/// then computes the figures from the counts.
pub struct Tally<'s> {
    survey: &'s Survey,
    roles: Roles<'s>,
    /// Contact questions, when contacts are included.
    contacts: Vec<&'s Question>,
}

/// The groups the tables sum over: the delregions in report order, and
/// whether the county comes after them.
struct Groups<'a> {
    delregions: Vec<&'a str>,
    county: bool,
}

impl<'a> Groups<'a> {
    /// The registry's delregions, or the one asked for without the county.
    fn of(registry: &'a Registry, delregion: Option<&str>) -> Self {
        Groups {
            delregions: registry
                .delregions()
                .into_iter()
                .filter(|d| delregion.is_none_or(|x| x == *d))
                .collect(),
            county: delregion.is_none(),
        }
    }
}

/// The respondents of the delregion asked for, or all.
fn in_scope<'a, T>(current: Vec<Current<'a, T>>, delregion: Option<&str>) -> Vec<Current<'a, T>> {
    current
        .into_iter()
        .filter(|c| delregion.is_none_or(|d| c.respondent.delregion == d))
        .collect()
}

impl<'s> Tally<'s> {
    /// A tally for `survey`, with contacts when asked for.
    pub fn new(survey: &'s Survey, with_contacts: bool) -> Self {
        Tally {
            survey,
            roles: Roles::new(survey),
            contacts: if with_contacts {
                survey
                    .sections
                    .iter()
                    .flat_map(|s| &s.questions)
                    .filter(|q| q.role == Some(Role::Contact))
                    .collect()
            } else {
                Vec::new()
            },
        }
    }

    /// Computes every figure of the report from every registry
    /// respondent's count ([`crate::collection::read`]), each respondent's
    /// total budget the year before, and the figures of the earlier years
    /// the development sheets show ([`Tally::year_figures`]).
    pub fn figures<'a>(
        &self,
        registry: &'a Registry,
        options: &Options<'a>,
        current: Vec<Current<'a, Counted<'a>>>,
        previous_totals: &HashMap<RespondentId, f64>,
        mut earlier: Vec<YearFigures<'a>>,
    ) -> Figures<'a> {
        // The map's classes are the county's, also for one delregion.
        let map = county_map(&current, options.delregion);
        let current = in_scope(current, options.delregion);
        let respondents: Vec<&Respondent> = current.iter().map(|c| c.respondent).collect();
        let (statuses, counted) = self.split(current);
        let groups = Groups::of(registry, options.delregion);
        let budget = tables::budget(&self.roles, &counted, &groups);
        let delregions = tables::delregions(&respondents, &counted, &groups);
        let key = key_figures(&counted, &delregions, &groups, options.closed);
        earlier.push(YearFigures::of(options.year, delregions.clone(), &counted));
        Figures {
            survey: SurveyInfo {
                id: self.survey.id.clone(),
                version: self.survey.version,
                title: self.survey.title.clone(),
            },
            year: options.year,
            delregion: options.delregion.map(str::to_string),
            contact_headers: self.contacts.iter().map(|q| q.label.clone()).collect(),
            overall_strategy: overall_strategy(self.survey),
            documents: tables::documents(&self.roles, &counted),
            coverage: tables::coverage(&self.roles, &counted, &groups),
            capabilities: Capabilities {
                table: tables::capabilities(&self.roles, &counted, &groups),
                scale: self.roles.scale(),
                not_assessed: counted
                    .iter()
                    .filter(|c| !c.levels.iter().any(Option::is_some))
                    .map(|c| Who::of(c.respondent))
                    .collect(),
            },
            quality: self.quality(&counted, key.total.median_per_capita, previous_totals),
            chart: tables::chart(&budget, &delregions),
            development: development::development(registry, &groups, earlier),
            map,
            statuses,
            budget,
            delregions,
            key,
        }
    }

    /// The figures of an earlier budget year for the development sheets,
    /// from every registry respondent's count for that year, by the same
    /// definitions as the report's year.
    pub fn year_figures<'a>(
        &self,
        registry: &'a Registry,
        delregion: Option<&str>,
        year: i32,
        current: Vec<Current<'a, Counted<'a>>>,
    ) -> YearFigures<'a> {
        let current = in_scope(current, delregion);
        let respondents: Vec<&Respondent> = current.iter().map(|c| c.respondent).collect();
        let counted: Vec<Counted<'a>> = current.into_iter().filter_map(|c| c.submission).collect();
        let groups = Groups::of(registry, delregion);
        let delregions = tables::delregions(&respondents, &counted, &groups);
        YearFigures::of(year, delregions, &counted)
    }

    /// The status rows of the respondents in scope, and the counts of those
    /// that answered, both in report order.
    fn split<'a>(
        &self,
        current: Vec<Current<'a, Counted<'a>>>,
    ) -> (Vec<StatusRow<'a>>, Vec<Counted<'a>>) {
        let mut statuses = Vec::new();
        let mut counted = Vec::new();
        for c in current {
            statuses.push(StatusRow {
                respondent: Who::of(c.respondent),
                source: c.submission.as_ref().map(|s| s.source.clone()),
                contacts: c
                    .submission
                    .as_ref()
                    .map_or_else(|| vec![None; self.contacts.len()], |s| s.contacts.clone()),
                last_rejected: c.rejected.as_ref().map(|a| a.at.clone()),
            });
            counted.extend(c.submission);
        }
        (statuses, counted)
    }
}

/// The summary's key figures: the county's (or the one delregion's) row of
/// the delregion table, and what the counted submissions say of themselves.
fn key_figures(
    counted: &[Counted<'_>],
    delregions: &[DelregionFigures],
    groups: &Groups<'_>,
    closed: bool,
) -> KeyFigures {
    let total = if groups.county {
        delregions.last().cloned().unwrap_or_default()
    } else {
        delregions.first().cloned().unwrap_or_default()
    };
    let missing_municipalities = total.municipalities - total.municipalities_answered;
    KeyFigures {
        bases: bases(counted, &total),
        missing_municipalities,
        missing_respondents: total.respondents - total.answered,
        preliminary: missing_municipalities > 0 && !closed,
        submissions: counted.len(),
        newest_answered: counted
            .iter()
            .filter_map(|c| c.source.answered.clone())
            .max(),
        example: counted.iter().any(|c| c.source.example),
        total,
    }
}

/// What each key figure is computed over: of the answering municipalities
/// (or organisations), those that gave what the figure needs; the share
/// with a strategy over every answering municipality, of the registry's.
fn bases(counted: &[Counted<'_>], total: &DelregionFigures) -> Bases {
    let (municipalities, organisations): (Vec<&Counted<'_>>, Vec<&Counted<'_>>) =
        counted.iter().partition(|c| c.is_municipality());
    let of_municipalities = |counted: usize| Base {
        counted,
        of: municipalities.len(),
        what: "svarande kommuner",
    };
    let gave = |list: &[&Counted<'_>], has: fn(&Counted<'_>) -> bool| {
        list.iter().filter(|c| has(c)).count()
    };
    Bases {
        budget_municipalities: of_municipalities(gave(&municipalities, |c| c.total.is_some())),
        budget_organisations: Base {
            counted: gave(&organisations, |c| c.total.is_some()),
            of: organisations.len(),
            what: "svarande förbund och VästKom",
        },
        staff: of_municipalities(gave(&municipalities, |c| c.staff.is_some())),
        per_capita: of_municipalities(gave(&municipalities, |c| c.per_capita().is_some())),
        strategy: Base {
            counted: total.municipalities_answered,
            of: total.municipalities,
            what: "kommuner",
        },
    }
}

/// The rows of Svarsstatus for every listed respondent (`status`'s
/// workbook), without contacts.
pub fn status_rows<'a>(
    listed: Vec<crate::collection::Current<'a, crate::store::StoredSubmission>>,
) -> Vec<StatusRow<'a>> {
    listed
        .into_iter()
        .map(|c| StatusRow {
            respondent: Who::of(c.respondent),
            source: c.submission.as_ref().map(count::source_of),
            contacts: Vec::new(),
            last_rejected: c.rejected.as_ref().map(|a| a.at.clone()),
        })
        .collect()
}

/// The overall strategy's definition in words, from the survey definition.
fn overall_strategy(survey: &Survey) -> String {
    let parts: Vec<String> = survey
        .overall_strategy
        .iter()
        .filter_map(|(id, wanted)| {
            let (_, q) = survey.question(id)?;
            let list = survey.choices_of(q.choices.as_deref())?;
            let labels: Vec<&str> = wanted
                .iter()
                .filter_map(|w| list.get(w))
                .map(|c| c.label.as_str())
                .collect();
            Some(format!("{} är {}", q.label, labels.join(" eller ")))
        })
        .collect();
    format!("Ett styrdokument där {}.", parts.join(" och "))
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

/// Whether a respondent is a municipality (the only kind with inhabitants).
fn is_municipality(respondent: &Respondent) -> bool {
    respondent.kind == Kind::Kommun
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
