//! The report's tables, computed from the counted submissions: budget with
//! subtotals, delregions, documents, per-area tables, data quality and the
//! summary's chart.

use std::collections::HashMap;

use super::count::{Roles, column};
use super::{
    AreaTable, Budget, BudgetRow, Counted, DelregionFigures, DocumentRow, Documents, Figure,
    Groups, PerCapitaChart, QualityRow, RowKind, Tally, Who, is_municipality, median, ratio, sum,
};
use crate::convert::count_to_f64;
use crate::place::Place;
use crate::registry::Respondent;
use crate::respondent_id::RespondentId;
use crate::survey::Role;

/// The budget table: municipalities with a subtotal, then the
/// organisations, per delregion; then the county's totals.
pub(super) fn budget<'a>(
    roles: &Roles<'_>,
    counted: &[Counted<'a>],
    groups: &Groups<'_>,
) -> Budget<'a> {
    let numeric: Vec<bool> = roles.budget.iter().map(|q| q.kind.is_numeric()).collect();
    let mut rows = Vec::new();
    for d in &groups.delregions {
        let in_d = |c: &&Counted<'a>| c.respondent.delregion == *d;
        let municipalities: Vec<&Counted<'a>> = counted
            .iter()
            .filter(in_d)
            .filter(|c| c.is_municipality())
            .collect();
        rows.extend(municipalities.iter().map(|c| respondent_row(c)));
        if !municipalities.is_empty() {
            let name = format!("Summa kommuner {d}");
            rows.push(sum_row(RowKind::Subtotal, name, &municipalities, &numeric));
        }
        rows.extend(
            counted
                .iter()
                .filter(in_d)
                .filter(|c| !c.is_municipality())
                .map(respondent_row),
        );
    }
    if groups.county {
        let (municipalities, organisations): (Vec<&Counted<'a>>, Vec<&Counted<'a>>) =
            counted.iter().partition(|c| c.is_municipality());
        let county = |name: &str, members: &[&Counted<'a>]| {
            sum_row(RowKind::Total, name.to_string(), members, &numeric)
        };
        rows.push(county("Hela länet, kommuner", &municipalities));
        rows.push(county("Hela länet, förbund och VästKom", &organisations));
    }
    Budget {
        columns: roles.budget.iter().map(|q| column(q)).collect(),
        rows,
    }
}

/// A respondent's row of the budget table.
fn respondent_row<'a>(c: &Counted<'a>) -> BudgetRow<'a> {
    BudgetRow {
        kind: RowKind::Respondent,
        respondent: Some(Who::of(c.respondent)),
        population: c.population.map(|p| p.inhabitants),
        name: c.respondent.name.clone(),
        values: c.budget.clone(),
        per_capita: c.per_capita(),
        joint_share: ratio(c.joint, c.total),
    }
}

/// A sum row of the budget table: numeric columns summed, per inhabitant
/// over the municipalities with both a total and a population, the joint
/// share over the members with both a total and a joint part.
fn sum_row<'a>(
    kind: RowKind,
    name: String,
    members: &[&Counted<'_>],
    numeric: &[bool],
) -> BudgetRow<'a> {
    let number = |f: &Figure| match f {
        Figure::Number(n) => Some(*n),
        _ => None,
    };
    let with_total: Vec<&&Counted<'_>> = members
        .iter()
        .filter(|c| c.is_municipality() && c.population.is_some() && c.total.is_some())
        .collect();
    let both: Vec<&&Counted<'_>> = members
        .iter()
        .filter(|c| c.total.is_some() && c.joint.is_some())
        .collect();
    BudgetRow {
        kind,
        respondent: None,
        population: None,
        name,
        values: numeric
            .iter()
            .enumerate()
            .map(|(i, numeric)| {
                numeric
                    .then(|| sum(members.iter().map(|c| number(&c.budget[i]))))
                    .flatten()
                    .map_or(Figure::Empty, Figure::Number)
            })
            .collect(),
        per_capita: ratio(
            sum(with_total.iter().map(|c| c.total)),
            sum(with_total.iter().map(|c| c.inhabitants())),
        ),
        joint_share: ratio(
            sum(both.iter().map(|c| c.joint)),
            sum(both.iter().map(|c| c.total)),
        ),
    }
}

/// Per delregion, then the county when the report covers it.
pub(super) fn delregions(
    respondents: &[&Respondent],
    counted: &[Counted<'_>],
    groups: &Groups<'_>,
) -> Vec<DelregionFigures> {
    let mut rows: Vec<DelregionFigures> = groups
        .delregions
        .iter()
        .map(|d| delregion(d, false, respondents, counted))
        .collect();
    if groups.county {
        rows.push(delregion("Hela länet", true, respondents, counted));
    }
    rows
}

/// The figures of one delregion, or of the county: `respondents` are the
/// registry's respondents in scope, `counted` those of them that answered.
fn delregion(
    name: &str,
    county: bool,
    respondents: &[&Respondent],
    counted: &[Counted<'_>],
) -> DelregionFigures {
    let member = |delregion: &str| county || delregion == name;
    let answering: Vec<&Counted<'_>> = counted
        .iter()
        .filter(|c| member(&c.respondent.delregion))
        .collect();
    let municipalities: Vec<&&Counted<'_>> =
        answering.iter().filter(|c| c.is_municipality()).collect();
    let per_capita: Vec<f64> = municipalities
        .iter()
        .filter_map(|c| c.per_capita())
        .collect();
    let with_strategy: Vec<bool> = municipalities.iter().filter_map(|c| c.strategy).collect();
    let in_registry = |municipal: bool| {
        respondents
            .iter()
            .filter(|r| member(&r.delregion) && (!municipal || is_municipality(r)))
            .count()
    };
    let count = |n: usize| Some(count_to_f64(n));
    DelregionFigures {
        name: name.to_string(),
        county,
        respondents: in_registry(false),
        municipalities: in_registry(true),
        answered: answering.len(),
        municipalities_answered: municipalities.len(),
        response_rate: ratio(count(answering.len()), count(in_registry(false))),
        municipal_response_rate: ratio(count(municipalities.len()), count(in_registry(true))),
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
            count(with_strategy.iter().filter(|b| **b).count()),
            count(municipalities.len()),
        ),
    }
}

/// The steering documents, one row each.
pub(super) fn documents<'a>(roles: &Roles<'_>, counted: &[Counted<'a>]) -> Documents<'a> {
    Documents {
        columns: roles.documents.iter().map(|q| column(q)).collect(),
        link_column: roles
            .documents
            .iter()
            .position(|q| q.role == Some(Role::DocLink)),
        rows: counted
            .iter()
            .flat_map(|c| {
                c.documents.iter().map(|(values, status)| DocumentRow {
                    respondent: Who::of(c.respondent),
                    values: values.clone(),
                    status: status.map(|s| s.label()),
                })
            })
            .collect(),
    }
}

/// Gällande documents per area and respondent; per delregion and county
/// the share of respondents with any.
pub(super) fn coverage<'a>(
    roles: &Roles<'_>,
    counted: &[Counted<'a>],
    groups: &Groups<'_>,
) -> AreaTable<'a> {
    let rows: Vec<(Who<'a>, Vec<Option<f64>>)> = counted
        .iter()
        .map(|c| (Who::of(c.respondent), c.coverage.clone()))
        .collect();
    let summaries = summaries(&rows, roles.areas.len(), groups, |members, i| {
        let with = members
            .iter()
            .filter(|v| v[i].is_some_and(|n| n >= 1.0))
            .count();
        ratio(Some(count_to_f64(with)), Some(count_to_f64(members.len())))
    });
    AreaTable {
        areas: roles.areas.iter().map(|c| c.label.clone()).collect(),
        rows,
        summaries,
    }
}

/// Capability levels of the respondents that gave any; per delregion and
/// county the mean of the levels given.
pub(super) fn capabilities<'a>(
    roles: &Roles<'_>,
    counted: &[Counted<'a>],
    groups: &Groups<'_>,
) -> AreaTable<'a> {
    let rows: Vec<(Who<'a>, Vec<Option<f64>>)> = counted
        .iter()
        .filter(|c| c.levels.iter().any(Option::is_some))
        .map(|c| (Who::of(c.respondent), c.levels.clone()))
        .collect();
    let summaries = summaries(&rows, roles.grid_rows.len(), groups, |members, i| {
        let given: Vec<f64> = members.iter().filter_map(|v| v[i]).collect();
        ratio(Some(given.iter().sum()), Some(count_to_f64(given.len())))
    });
    AreaTable {
        areas: roles.grid_rows.iter().map(|c| c.label.clone()).collect(),
        rows,
        summaries,
    }
}

/// Summary rows per delregion and for the county, from per-respondent rows.
fn summaries(
    rows: &[(Who<'_>, Vec<Option<f64>>)],
    areas: usize,
    groups: &Groups<'_>,
    summarise: impl Fn(&[&Vec<Option<f64>>], usize) -> Option<f64>,
) -> Vec<(String, bool, Vec<Option<f64>>)> {
    let mut named: Vec<(String, bool)> = groups
        .delregions
        .iter()
        .map(|d| (d.to_string(), false))
        .collect();
    if groups.county {
        named.push(("Hela länet".to_string(), true));
    }
    named
        .into_iter()
        .map(|(name, county)| {
            let members: Vec<&Vec<Option<f64>>> = rows
                .iter()
                .filter(|(who, _)| county || who.delregion == name)
                .map(|(_, v)| v)
                .collect();
            let values = (0..areas).map(|i| summarise(&members, i)).collect();
            (name, county, values)
        })
        .collect()
}

/// Budget per inhabitant of the municipalities in the budget table, with
/// the delregions that have municipalities.
pub(super) fn chart<'a>(
    budget: &Budget<'a>,
    delregions: &[DelregionFigures],
) -> PerCapitaChart<'a> {
    PerCapitaChart {
        delregions: delregions
            .iter()
            .filter(|d| !d.county && d.municipalities > 0)
            .map(|d| d.name.clone())
            .collect(),
        // Only municipalities' rows have a figure per inhabitant.
        municipalities: budget
            .rows
            .iter()
            .filter(|r| r.kind == RowKind::Respondent)
            .filter_map(|r| Some((r.respondent?, r.per_capita?)))
            .collect(),
    }
}

impl Tally<'_> {
    /// Warnings of the counted submissions, then the plausibility checks.
    pub(super) fn quality<'a>(
        &self,
        counted: &[Counted<'a>],
        median_per_capita: Option<f64>,
        previous_totals: &HashMap<RespondentId, f64>,
    ) -> Vec<QualityRow<'a>> {
        let mut rows: Vec<QualityRow<'a>> = counted
            .iter()
            .flat_map(|c| {
                c.warnings.iter().map(|w| QualityRow {
                    respondent: Who::of(c.respondent),
                    // Older versions stored a whole file's place as its path.
                    place: Place::Recorded(w.place.as_str().into()).in_document(),
                    question: self.name_of(w.question.as_deref()),
                    message: w.message.clone(),
                })
            })
            .collect();
        let Some(total) = self.roles.total else {
            return rows;
        };
        let row = |c: &Counted<'a>, message| QualityRow {
            respondent: Who::of(c.respondent),
            place: c.total_place.clone(),
            question: self.name_of(Some(&total.id)),
            message,
        };
        for c in counted {
            if let Some(message) = far_from_median(c.per_capita(), median_per_capita) {
                rows.push(row(c, message));
            }
            let previous = previous_totals.get(&c.respondent.id).copied();
            if let Some(message) = changed_much(previous, c.total) {
                rows.push(row(c, message));
            }
        }
        rows
    }

    /// A question as "label (id)", empty when there is none.
    fn name_of(&self, id: Option<&str>) -> String {
        match id.and_then(|id| self.survey.question(id)) {
            Some((_, q)) => format!("{} ({})", q.label, q.id),
            None => String::new(),
        }
    }
}

/// An amount in whole kronor, Swedish style ("1 000 kr").
fn kr(n: f64) -> String {
    format!("{} kr", crate::value::format_swedish(n.round()))
}

/// A budget per inhabitant over three times the median or under a third of it.
fn far_from_median(per_capita: Option<f64>, median: Option<f64>) -> Option<String> {
    let (pc, median) = (per_capita?, median?);
    let rule = if pc > 3.0 * median {
        "mer än tre gånger"
    } else if pc < median / 3.0 {
        "mindre än en tredjedel av"
    } else {
        return None;
    };
    Some(format!(
        "Budget per invånare {} är {rule} medianen för kommunerna ({}). Regel: över 3 × eller under ⅓ av medianen.",
        kr(pc),
        kr(median)
    ))
}

/// A total budget that changed by more than half since the year before.
fn changed_much(before: Option<f64>, now: Option<f64>) -> Option<String> {
    let (before, now) = (before?, now?);
    let change = (now - before) / before;
    (before > 0.0 && change.abs() > 0.5).then(|| {
        format!(
            "Total budget har ändrats med {:+.0} % från föregående år ({} → {}). Regel: ändring över 50 %.",
            change * 100.0,
            kr(before),
            kr(now)
        )
    })
}
