//! The development over the budget years (REPORT.md, sheets Utveckling and
//! Utveckling per kommun): each year's figures are computed from that
//! year's counted submissions by the same functions as the one-year sheets
//! (`tables::delregions` for sums, medians and shares; the in-force test
//! of each submission's own year; the registry's population for the
//! year), then reduced to what the development sheets show, so that only
//! one year's submissions are held at a time.

use std::collections::HashMap;

use super::{Counted, DelregionFigures, Groups, Source, Who, is_municipality, ratio};
use crate::registry::Registry;
use crate::respondent_id::RespondentId;

/// One budget year's figures for the development sheets.
#[derive(Debug, Clone)]
pub struct YearFigures<'a> {
    /// The budget year.
    year: i32,
    /// Per delregion in scope, then the county when the report covers it,
    /// as on the Delregioner sheet.
    delregions: Vec<DelregionFigures>,
    /// Per answering municipality: its total budget and budget per inhabitant.
    municipalities: HashMap<RespondentId, (Option<f64>, Option<f64>)>,
    /// The population years its per-capita figures used.
    population_years: Vec<Option<i32>>,
    /// The registry's sources of those populations.
    population_sources: Vec<String>,
    /// The submissions the year's figures rest on, in report order.
    sources: Vec<(Who<'a>, Source)>,
}

impl<'a> YearFigures<'a> {
    /// Reduces a year's counted submissions (in report order) and its
    /// delregion figures.
    pub(super) fn of(
        year: i32,
        delregions: Vec<DelregionFigures>,
        counted: &[Counted<'a>],
    ) -> Self {
        let with_figure: Vec<&Counted<'a>> = counted
            .iter()
            .filter(|c| c.per_capita().is_some())
            .collect();
        let mut population_years: Vec<Option<i32>> = with_figure
            .iter()
            .filter_map(|c| c.population.map(|p| p.year))
            .collect();
        population_years.sort_unstable();
        population_years.dedup();
        let mut population_sources: Vec<String> = with_figure
            .iter()
            .filter_map(|c| c.respondent.population_source.clone())
            .collect();
        population_sources.sort_unstable();
        population_sources.dedup();
        YearFigures {
            year,
            delregions,
            municipalities: counted
                .iter()
                .filter(|c| c.is_municipality())
                .map(|c| (c.respondent.id.clone(), (c.total, c.per_capita())))
                .collect(),
            population_years,
            population_sources,
            sources: counted
                .iter()
                .map(|c| (Who::of(c.respondent), c.source.clone()))
                .collect(),
        }
    }
}

/// One year of a municipality on Utveckling per kommun.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct MunicipalYear {
    /// Total budget.
    pub budget: Option<f64>,
    /// Budget per inhabitant.
    pub per_capita: Option<f64>,
    /// The change of the budget per inhabitant from the year before it on
    /// the sheet; empty for the first year and unless both years have a
    /// figure.
    pub change: Option<f64>,
}

/// A registry municipality over the years.
#[derive(Debug, Clone)]
pub struct MunicipalRow<'a> {
    /// The municipality.
    pub respondent: Who<'a>,
    /// One entry per year shown, ascending.
    pub years: Vec<MunicipalYear>,
}

/// A budget year's figures as the Utveckling sheet shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct DevelopmentRow {
    /// The budget year.
    pub year: i32,
    /// The delregion's (or the county's) figures that year.
    pub figures: DelregionFigures,
}

/// The budget years the population of per-capita figures came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PopulationUse {
    /// The budget year.
    pub year: i32,
    /// The population years used (`None`: a year the registry does not give).
    pub population_years: Vec<Option<i32>>,
}

/// The collection over the budget years.
#[derive(Debug, Clone)]
pub struct Development<'a> {
    /// The budget years shown, ascending; the report's year is the last.
    pub years: Vec<i32>,
    /// Per year: its delregions, then the county.
    pub rows: Vec<DevelopmentRow>,
    /// The delregions with municipalities, in report order: the chart's
    /// series of the median budget per inhabitant.
    pub series: Vec<String>,
    /// Every registry municipality in scope, in report order.
    pub municipalities: Vec<MunicipalRow<'a>>,
    /// Per year, the population years its per-capita figures used.
    pub populations: Vec<PopulationUse>,
    /// The registry's sources of those populations.
    pub population_sources: Vec<String>,
    /// Per year, the submissions its figures rest on.
    pub sources: Vec<(i32, Who<'a>, Source)>,
}

impl Development<'_> {
    /// The median budget per inhabitant of a delregion in a year.
    pub fn median(&self, year: i32, delregion: &str) -> Option<f64> {
        self.rows
            .iter()
            .find(|r| r.year == year && r.figures.name == delregion && !r.figures.county)
            .and_then(|r| r.figures.median_per_capita)
    }
}

/// The development sheets' figures from each year's, ascending.
pub(super) fn development<'a>(
    registry: &'a Registry,
    groups: &Groups<'_>,
    mut years: Vec<YearFigures<'a>>,
) -> Development<'a> {
    years.sort_by_key(|y| y.year);
    let municipalities = registry
        .ordered()
        .into_iter()
        .filter(|r| is_municipality(r) && groups.delregions.contains(&r.delregion.as_str()))
        .map(|r| MunicipalRow {
            respondent: Who::of(r),
            years: municipal_years(&years, &r.id),
        })
        .collect();
    let mut population_sources: Vec<String> = years
        .iter()
        .flat_map(|y| y.population_sources.iter().cloned())
        .collect();
    population_sources.sort_unstable();
    population_sources.dedup();
    Development {
        years: years.iter().map(|y| y.year).collect(),
        rows: years
            .iter()
            .flat_map(|y| {
                y.delregions.iter().map(|d| DevelopmentRow {
                    year: y.year,
                    figures: d.clone(),
                })
            })
            .collect(),
        series: groups
            .delregions
            .iter()
            .filter(|d| {
                registry
                    .respondents()
                    .iter()
                    .any(|r| r.delregion == **d && is_municipality(r))
            })
            .map(|d| (*d).to_string())
            .collect(),
        municipalities,
        populations: years
            .iter()
            .map(|y| PopulationUse {
                year: y.year,
                population_years: y.population_years.clone(),
            })
            .collect(),
        population_sources,
        sources: years
            .into_iter()
            .flat_map(|y| {
                let year = y.year;
                y.sources.into_iter().map(move |(who, s)| (year, who, s))
            })
            .collect(),
    }
}

/// A municipality's budget, budget per inhabitant and its change, per year.
fn municipal_years(years: &[YearFigures<'_>], id: &RespondentId) -> Vec<MunicipalYear> {
    let mut out: Vec<MunicipalYear> = Vec::with_capacity(years.len());
    for y in years {
        let (budget, per_capita) = y.municipalities.get(id).copied().unwrap_or_default();
        let change = out
            .last()
            .and_then(|before| ratio(per_capita, before.per_capita))
            .map(|r| r - 1.0);
        out.push(MunicipalYear {
            budget,
            per_capita,
            change,
        });
    }
    out
}
