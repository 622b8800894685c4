//! Fictitious, realistic example submissions: one per registry respondent
//! for the shipped fixtures, any number for benchmarks, and invalid files
//! with exactly one defect each ([`defects`]).
//!
//! Answers are chosen by question *role* and *type*, never by id, so the
//! generator follows the survey definition. Everything is derived from a
//! seed, so the files are byte-for-byte reproducible. The people, e-mail
//! addresses and figures are invented.

pub mod defects;

use std::path::Path;

use chrono::{Datelike, NaiveDate};

use collect::convert::{int_to_f64, to_usize, trunc_to_i64, u64_to_f64};
use collect::form::{self, Entry, Input};
use collect::place::RowKey;
use collect::registry::{Kind, Registry, Respondent};
use collect::survey::{Question, QuestionType, Role, Section, SectionKind, Survey};
use collect::text::slug;

/// The budget year of the shipped fixtures (`fixtures/submissions/`).
pub const FIXTURE_YEAR: i32 = 2026;

/// The budget years of the example data, ascending: two earlier years
/// (`fixtures/earlier-years/`) and the fixture year, so that the report
/// shows development.
pub const EXAMPLE_YEARS: [i32; 3] = [2024, 2025, FIXTURE_YEAR];

/// The respondent that answers for the first time in the second example
/// year (Essunga, a municipality in Skaraborg).
pub const NEW_IN_SECOND_YEAR: &str = "1445";

/// The respondent that does not answer in the third example year, the
/// fixture year (Bengtsfors, a municipality in Fyrbodal): the fixture
/// year's round is not complete.
pub const ABSENT_IN_THIRD_YEAR: &str = "1460";

/// Whether `respondent` has an example submission for `year`.
pub fn answers(respondent: &Respondent, year: i32) -> bool {
    let id = respondent.id.as_str();
    !(year == EXAMPLE_YEARS[0] && id == NEW_IN_SECOND_YEAR
        || year == EXAMPLE_YEARS[2] && id == ABSENT_IN_THIRD_YEAR)
}

/// A small deterministic random number generator (SplitMix64), so that
/// fixtures do not change with a crate's algorithm.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator seeded from text.
    pub fn new(seed: &str) -> Self {
        // FNV-1a of the seed.
        let hash = seed.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        Rng(hash)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `low..=high`.
    pub fn range(&mut self, low: i64, high: i64) -> i64 {
        let span = u64::try_from(high - low + 1).expect("low is at most high");
        low + i64::try_from(self.next() % span).expect("below the span")
    }

    /// True with `percent` % probability.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let len = u64::try_from(items.len()).expect("a slice's length fits");
        &items[to_usize(self.next() % len)]
    }
}

/// What makes an example submission draw warnings, so that the fixtures
/// show each common one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quirk {
    /// A clean submission.
    None,
    /// The total budget written in millions (`12,5 mkr`).
    AmountInMillions,
    /// The overall strategy expired before the budget year.
    ExpiredStrategy,
    /// All budget parts given, summing to less than the total.
    PartsBelowTotal,
}

/// The file format of an example.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// An xlsx workbook.
    Xlsx,
    /// A long CSV.
    Csv,
}

/// The quirk and format of the `index`-th respondent of a registry: every
/// third a CSV, a few of each quirk.
pub fn plan(index: usize) -> (FileKind, Quirk) {
    let kind = if index % 3 == 2 {
        FileKind::Csv
    } else {
        FileKind::Xlsx
    };
    let quirk = match index % 7 {
        1 => Quirk::AmountInMillions,
        3 => Quirk::ExpiredStrategy,
        5 => Quirk::PartsBelowTotal,
        _ => Quirk::None,
    };
    (kind, quirk)
}

/// The answers of a fictitious submission of `respondent` for `year`.
pub fn entries(
    survey: &Survey,
    respondent: &Respondent,
    year: i32,
    kind: FileKind,
    quirk: Quirk,
) -> Vec<Entry> {
    generate(survey, respondent, Years { year, base: year }, kind, quirk)
}

/// The answers of `respondent` for an example year before
/// [`FIXTURE_YEAR`]: its fixture-year answers as they plausibly stood
/// then. The same day of the year, a total budget that grew by between
/// −4 and +14 % a year since (so parts and staff follow it), only the
/// steering documents decided by the answer date (a strategy decided later
/// is missing, so fewer have one in force), and capability levels a step
/// lower for about one area in three per year back.
///
/// # Panics
/// `year` is after the fixture year.
pub fn earlier_entries(
    survey: &Survey,
    respondent: &Respondent,
    year: i32,
    kind: FileKind,
    quirk: Quirk,
) -> Vec<Entry> {
    assert!(year <= FIXTURE_YEAR, "an earlier year");
    let years = Years {
        year,
        base: FIXTURE_YEAR,
    };
    generate(survey, respondent, years, kind, quirk)
}

/// The year a submission is for, and the year whose answers it is made
/// from (the same year, or the fixture year for an earlier one).
#[derive(Debug, Clone, Copy)]
struct Years {
    year: i32,
    base: i32,
}

impl Years {
    /// A date of the base year moved to the same day of the year.
    fn back(self, date: NaiveDate) -> NaiveDate {
        date.with_year(self.year)
            .expect("an autumn date exists every year")
    }

    /// The total budget the year stood at: the base year's, shrunk by each
    /// year's growth back from the base year, rounded to thousands.
    fn drift(self, respondent: &Respondent, total: f64) -> f64 {
        if self.year == self.base {
            return total;
        }
        let mut kronor = total;
        for y in self.year + 1..=self.base {
            let mut rng = Rng::new(&format!("{}-{y}-tillväxt", respondent.id));
            kronor /= 1.0 + int_to_f64(rng.range(-4, 14)) / 100.0;
        }
        (kronor / 1_000.0).round() * 1_000.0
    }

    /// A capability level of the base year as it stood: one lower for each
    /// year back in which the area improved (about one in three), at least
    /// `low`.
    fn level(self, respondent: &Respondent, area: &str, level: i64, low: i64) -> i64 {
        let steps = (self.year + 1..=self.base)
            .filter(|y| Rng::new(&format!("{}-{y}-{area}", respondent.id)).chance(30))
            .count();
        (level - i64::try_from(steps).expect("a few years")).max(low)
    }
}

fn generate(
    survey: &Survey,
    respondent: &Respondent,
    years: Years,
    kind: FileKind,
    quirk: Quirk,
) -> Vec<Entry> {
    let mut rng = Rng::new(&format!("{}-{}", respondent.id, years.base));
    let mut out = Vec::new();
    let base_answered = NaiveDate::from_ymd_opt(years.base, 9, 1).expect("a valid date")
        + chrono::Duration::days(rng.range(0, 70));
    let answered = years.back(base_answered);
    let total = years.drift(respondent, budget_total(respondent, &mut rng));
    for section in &survey.sections {
        match section.kind {
            SectionKind::Form => {
                for q in &section.questions {
                    let ctx = FormContext {
                        respondent,
                        year: years.year,
                        answered,
                        total,
                        kind,
                        quirk,
                    };
                    if let Some(input) = form_answer(survey, section, q, &ctx, &mut rng) {
                        out.push(entry(section, RowKey::Form, q, input));
                    }
                }
            }
            SectionKind::Table => {
                let mut records = Vec::new();
                documents(
                    survey,
                    section,
                    respondent,
                    years.base,
                    base_answered,
                    quirk,
                    &mut rng,
                    &mut records,
                );
                out.extend(decided_by(section, records, answered));
            }
            SectionKind::Grid => levels(survey, section, respondent, years, &mut rng, &mut out),
        }
    }
    out
}

/// The capability levels of one grid, for about two respondents in three.
fn levels(
    survey: &Survey,
    section: &Section,
    respondent: &Respondent,
    years: Years,
    rng: &mut Rng,
    out: &mut Vec<Entry>,
) {
    if !rng.chance(65) {
        return;
    }
    for choice in survey
        .choices_of(section.rows.as_deref())
        .map_or(&[][..], |l| &l.choices)
    {
        for q in section
            .questions
            .iter()
            .filter(|q| q.role == Some(Role::CapabilityLevel))
        {
            let (low, high) = (
                trunc_to_i64(q.min.unwrap_or(1.0)),
                trunc_to_i64(q.max.unwrap_or(5.0)),
            );
            let level = years.level(respondent, &choice.id, rng.range(low, high), low);
            out.push(entry(
                section,
                RowKey::Grid(choice.id.clone()),
                q,
                Input::Number(int_to_f64(level)),
            ));
        }
    }
}

/// The document records decided by `answered`, numbered from 1 again.
fn decided_by(section: &Section, records: Vec<Entry>, answered: NaiveDate) -> Vec<Entry> {
    let decided = section
        .questions
        .iter()
        .find(|q| q.role == Some(Role::DocDecided))
        .map(|q| q.id.as_str());
    let late: Vec<u32> = records
        .iter()
        .filter(|e| Some(e.question.as_str()) == decided)
        .filter_map(|e| match (&e.row, &e.input) {
            (RowKey::Record(n), Input::Date(d)) if *d > answered => Some(*n),
            _ => None,
        })
        .collect();
    records
        .into_iter()
        .filter_map(|mut e| {
            let RowKey::Record(n) = e.row else {
                return Some(e);
            };
            if late.contains(&n) {
                return None;
            }
            let earlier = late.iter().filter(|l| **l < n).count();
            e.row = RowKey::Record(n - u32::try_from(earlier).expect("a few records"));
            Some(e)
        })
        .collect()
}

fn entry(section: &Section, row: RowKey, question: &Question, input: Input) -> Entry {
    Entry {
        section: section.id.clone(),
        row,
        question: question.id.clone(),
        input,
    }
}

struct FormContext<'a> {
    respondent: &'a Respondent,
    year: i32,
    answered: NaiveDate,
    total: f64,
    kind: FileKind,
    quirk: Quirk,
}

/// A plausible total budget: for a municipality 250–900 kr per inhabitant,
/// for an organisation 4–25 million kronor, rounded to thousands.
fn budget_total(respondent: &Respondent, rng: &mut Rng) -> f64 {
    let kronor = match (respondent.kind, respondent.population) {
        (Kind::Kommun, Some(population)) => {
            u64_to_f64(population) * int_to_f64(rng.range(250, 900))
        }
        _ => int_to_f64(rng.range(4_000, 25_000)) * 1_000.0,
    };
    (kronor / 1_000.0).round() * 1_000.0
}

/// Shares of the total for the budget parts, in the order the survey lists them.
const PART_SHARES: [f64; 5] = [0.45, 0.28, 0.12, 0.10, 0.05];

fn form_answer(
    survey: &Survey,
    section: &Section,
    q: &Question,
    ctx: &FormContext<'_>,
    rng: &mut Rng,
) -> Option<Input> {
    let text = |s: String| Some(Input::Text(s));
    let amount = |kronor: f64| match ctx.kind {
        FileKind::Xlsx => Input::Number(kronor),
        FileKind::Csv => Input::Text(collect::value::format_swedish(kronor)),
    };
    match (q.role, q.kind) {
        (Some(Role::Respondent), _) => text(name_variant(ctx.respondent, rng)),
        (Some(Role::Year), _) => Some(Input::Number(f64::from(ctx.year))),
        (Some(Role::AnswerDate), _) => Some(Input::Date(ctx.answered)),
        (Some(Role::Contact), QuestionType::Email) => text(format!(
            "{}@{}.example",
            person(ctx.respondent).to_lowercase().replace(' ', "."),
            slug(&ctx.respondent.name)
        )),
        (Some(Role::Contact), _) if q.required => text(person(ctx.respondent)),
        (Some(Role::Contact), _) => rng
            .chance(70)
            .then(|| Input::Text("010-000 00 00".to_string())),
        (Some(Role::BudgetTotal), _) if ctx.quirk == Quirk::AmountInMillions => text(format!(
            "{} mkr",
            collect::value::format_swedish(ctx.total / 1_000_000.0)
        )),
        (Some(Role::BudgetTotal), _) => Some(amount(ctx.total)),
        (Some(Role::BudgetPart | Role::BudgetJoint), _) => {
            let index = section
                .questions
                .iter()
                .filter(|p| matches!(p.role, Some(Role::BudgetPart | Role::BudgetJoint)))
                .position(|p| p.id == q.id)?;
            let last = index + 1 == PART_SHARES.len();
            if ctx.quirk == Quirk::None && last && rng.chance(50) {
                return None;
            }
            let share = PART_SHARES.get(index).copied().unwrap_or(0.0);
            let factor = if ctx.quirk == Quirk::PartsBelowTotal {
                0.9
            } else {
                1.0
            };
            Some(amount(
                (ctx.total * share * factor / 1_000.0).round() * 1_000.0,
            ))
        }
        (Some(Role::ExternalFunding), _) => rng
            .chance(60)
            .then(|| amount(int_to_f64(rng.range(1, 40)) * 50_000.0)),
        (Some(Role::Staff), _) => {
            Some(Input::Number(((ctx.total / 900_000.0) * 2.0).round() / 2.0))
        }
        (_, QuestionType::SelectOne) => {
            let list = survey.choices_of(q.choices.as_deref())?;
            Some(Input::Text(rng.pick(&list.choices).label.clone()))
        }
        (_, QuestionType::Text) if q.required => text("Exempeltext".to_string()),
        (_, QuestionType::Text) => rng
            .chance(30)
            .then(|| Input::Text("Exempeldata, fiktiva uppgifter.".to_string())),
        _ => None,
    }
}

/// How a respondent might write its own name: the registry name, with
/// "kommun" added, or the id.
fn name_variant(respondent: &Respondent, rng: &mut Rng) -> String {
    let name = &respondent.name;
    match (respondent.kind, rng.range(0, 3)) {
        (_, 0) => respondent.id.to_string(),
        (Kind::Kommun, 1) if name.ends_with('s') => format!("{name} kommun"),
        (Kind::Kommun, 1) => format!("{name}s kommun"),
        _ => name.clone(),
    }
}

/// An invented contact person.
fn person(respondent: &Respondent) -> String {
    const FIRST: [&str; 6] = ["Exempel", "Testa", "Fiktiv", "Prov", "Demo", "Modell"];
    let mut rng = Rng::new(&respondent.id);
    format!("{} Exempelsson", rng.pick(&FIRST))
}

/// One to four steering documents; the first is an overall strategy.
#[allow(clippy::too_many_arguments)]
fn documents(
    survey: &Survey,
    section: &Section,
    respondent: &Respondent,
    year: i32,
    answered: NaiveDate,
    quirk: Quirk,
    rng: &mut Rng,
    out: &mut Vec<Entry>,
) {
    let count: u32 = small(rng.range(1, 4));
    for record in 1..=count {
        let overall = record == 1;
        let expired = overall && quirk == Quirk::ExpiredStrategy;
        let age: i32 = if expired { 4 } else { small(rng.range(0, 5)) };
        let decided =
            NaiveDate::from_ymd_opt(year - age, small(rng.range(1, 12)), small(rng.range(1, 28)))
                .expect("a valid date")
                .min(answered);
        let until = if expired {
            Some(year - 1)
        } else if rng.chance(40) {
            None
        } else {
            Some(year + small::<i32>(rng.range(0, 4)))
        }
        .map(|y| y.max(decided.year()));
        let mut type_label = String::new();
        for q in &section.questions {
            let input = match (q.role, q.kind) {
                (Some(Role::DocDecided), _) => Some(Input::Date(decided)),
                (Some(Role::DocValidUntil), _) => until.map(|y| Input::Number(f64::from(y))),
                (Some(Role::DocLink), _) => rng.chance(70).then(|| {
                    Input::Text(format!(
                        "https://www.{}.example/styrdokument/{record}",
                        slug(&respondent.name)
                    ))
                }),
                (_, QuestionType::SelectOne) => {
                    let list = survey
                        .choices_of(q.choices.as_deref())
                        .expect("checked with the survey");
                    let wanted = survey.overall_strategy.get(&q.id).filter(|_| overall);
                    let choice = match wanted {
                        Some(ids) => list
                            .get(rng.pick::<String>(ids))
                            .expect("checked with the survey"),
                        None => rng.pick(&list.choices),
                    };
                    if q.role == Some(Role::DocType) {
                        type_label = choice.label.clone();
                    }
                    Some(Input::Text(choice.label.clone()))
                }
                _ => None,
            };
            if let Some(input) = input {
                out.push(entry(section, RowKey::Record(record), q, input));
            }
        }
        for q in section
            .questions
            .iter()
            .filter(|q| q.role == Some(Role::DocTitle))
        {
            let title = format!(
                "{type_label} {}–{}",
                decided.year(),
                until.map_or(String::new(), |y| y.to_string())
            );
            out.push(entry(
                section,
                RowKey::Record(record),
                q,
                Input::Text(title.trim_end_matches('–').to_string()),
            ));
        }
    }
}

/// A number drawn from a small range, as the type a count or a date part
/// takes.
fn small<T: TryFrom<i64>>(n: i64) -> T
where
    T::Error: std::fmt::Debug,
{
    T::try_from(n).expect("a small number fits")
}

/// The file name of a respondent's example: `1441-lerum.xlsx`.
pub fn file_name(respondent: &Respondent, kind: FileKind) -> String {
    let extension = match kind {
        FileKind::Xlsx => "xlsx",
        FileKind::Csv => "csv",
    };
    form::file_name(respondent, extension)
}

/// The bytes of an example file.
///
/// # Errors
/// A workbook that cannot be written.
pub fn file_bytes(
    survey: &Survey,
    entries: &[Entry],
    kind: FileKind,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    match kind {
        FileKind::Xlsx => form::xlsx::write(
            &form::layout(survey, entries, &form::Instructions::default()),
            &form::xlsx::Options::new(survey),
        ),
        FileKind::Csv => Ok(form::write_csv(survey, entries).into_bytes()),
    }
}

/// Writes the example submissions of `year` into `dir`: one per registry
/// respondent that [`answers`] that year, an earlier year's made by
/// [`earlier_entries`]. Returns how many it wrote.
///
/// # Errors
/// A file that cannot be written.
pub fn write_submissions(
    survey: &Survey,
    registry: &Registry,
    year: i32,
    dir: &Path,
) -> std::io::Result<usize> {
    std::fs::create_dir_all(dir)?;
    let mut written = 0;
    for (index, respondent) in registry.respondents().iter().enumerate() {
        if !answers(respondent, year) {
            continue;
        }
        let (kind, quirk) = plan(index);
        let entries = if year < FIXTURE_YEAR {
            earlier_entries(survey, respondent, year, kind, quirk)
        } else {
            entries(survey, respondent, year, kind, quirk)
        };
        let bytes = file_bytes(survey, &entries, kind).map_err(std::io::Error::other)?;
        std::fs::write(dir.join(file_name(respondent, kind)), bytes)?;
        written += 1;
    }
    Ok(written)
}
