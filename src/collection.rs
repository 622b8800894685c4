//! What has come in for a budget year, per registry respondent: the one
//! path by which `status` and `report` load the current submissions, and
//! the year such a command works on. The store reads; this matches what it
//! read to the registry, once, by [`RespondentId`].

use std::collections::HashMap;

use crate::registry::{Registry, Respondent};
use crate::respondent_id::RespondentId;
use crate::store::{CurrentSubmission, LoggedAttempt, Store, StoreError, StoredSubmission};
use crate::survey::{Role, Survey};

/// A registry respondent with what was loaded of its current submission
/// for the year, `None` when it has none.
#[derive(Debug, Clone)]
pub struct Current<'a, T> {
    /// The respondent.
    pub respondent: &'a Respondent,
    /// Its current submission, or what was kept of it.
    pub submission: Option<T>,
    /// Its last rejected import attempt for the year, when it came after
    /// the current submission was imported or there is none: the strategist
    /// tells "never sent" from "sent, but rejected", and sees a rejected
    /// correction.
    pub rejected: Option<LoggedAttempt>,
}

/// Every registry respondent in report order with its current submission
/// for `year`, as listed (one query; no answers are read).
///
/// # Errors
/// Database errors.
pub fn listed<'a>(
    registry: &'a Registry,
    store: &Store,
    year: i32,
) -> Result<Vec<Current<'a, StoredSubmission>>, StoreError> {
    let current = store.current(year)?;
    let rejected = store.last_rejected(year)?;
    Ok(per_respondent(
        registry,
        current
            .into_iter()
            .map(|s| (s.respondent.clone(), (s.imported.clone(), s))),
        rejected,
    ))
}

/// Every registry respondent in report order with what `keep` makes of its
/// current submission for `year` (listed, with answers and warnings). The
/// submissions are read in one snapshot and each is handed to `keep` as it
/// is read, so memory holds one submission's answers at a time;
/// submissions of respondents the registry does not know are skipped.
///
/// # Errors
/// Database errors.
pub fn read<'a, T>(
    registry: &'a Registry,
    store: &Store,
    survey: &Survey,
    year: i32,
    mut keep: impl FnMut(&'a Respondent, CurrentSubmission) -> T,
) -> Result<Vec<Current<'a, T>>, StoreError> {
    let mut kept = Vec::new();
    store.each_current(survey, year, |current| {
        if let Some(respondent) = registry.respondent(&current.stored.respondent) {
            let imported = current.stored.imported.clone();
            kept.push((respondent.id.clone(), (imported, keep(respondent, current))));
        }
    })?;
    let rejected = store.last_rejected(year)?;
    Ok(per_respondent(registry, kept, rejected))
}

/// The total budget (the question of role `budget_total`) of every current
/// submission for `year` that gives one, by respondent.
///
/// # Errors
/// Database errors, an unreadable stored value.
pub fn totals(
    store: &Store,
    survey: &Survey,
    year: i32,
) -> Result<HashMap<RespondentId, f64>, StoreError> {
    let Some((_, total)) = survey.by_role(Role::BudgetTotal) else {
        return Ok(HashMap::new());
    };
    Ok(store
        .current_answers(year, &total.id)?
        .into_iter()
        .filter_map(|(respondent, value)| Some((respondent, value.as_number()?)))
        .collect())
}

/// The year a command works on: the one asked for, else the newest in the
/// database, else the current year.
///
/// # Errors
/// Database errors.
pub fn year(store: &Store, asked: Option<i32>) -> Result<i32, StoreError> {
    use chrono::Datelike;
    match asked {
        Some(year) => Ok(year),
        None => Ok(store
            .newest_year()?
            .unwrap_or_else(|| chrono::Local::now().year())),
    }
}

/// The budget years the development sheets show for a report of `year`:
/// every year with a current submission from `from` (when given) up to
/// `year`, and `year` itself, ascending.
///
/// # Errors
/// Database errors.
pub fn years(store: &Store, from: Option<i32>, year: i32) -> Result<Vec<i32>, StoreError> {
    let mut years: Vec<i32> = store
        .current_years()?
        .into_iter()
        .filter(|y| *y < year && from.is_none_or(|from| *y >= from))
        .collect();
    years.push(year);
    Ok(years)
}

/// The registry's respondents in report order, each with its item of
/// `current`; items of respondents the registry does not know are left out.
/// Every registry respondent with its current submission (and when that
/// was imported) and its last rejected attempt, where that came later.
fn per_respondent<T>(
    registry: &Registry,
    current: impl IntoIterator<Item = (RespondentId, (String, T))>,
    mut rejected: HashMap<RespondentId, LoggedAttempt>,
) -> Vec<Current<'_, T>> {
    let mut by_id: HashMap<RespondentId, (String, T)> = current.into_iter().collect();
    registry
        .ordered()
        .into_iter()
        .map(|respondent| {
            let current = by_id.remove(&respondent.id);
            let rejected = rejected.remove(&respondent.id).filter(|attempt| {
                current
                    .as_ref()
                    .is_none_or(|(imported, _)| crate::time::later(&attempt.at, imported))
            });
            Current {
                submission: current.map(|(_, submission)| submission),
                rejected,
                respondent,
            }
        })
        .collect()
}
