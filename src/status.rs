//! Who has answered: every registry respondent with its current submission
//! for a budget year, and the counts per delregion.

use crate::registry::{Registry, Respondent};
use crate::store::{Store, StoreError, StoredSubmission};

/// One respondent's state for the year.
#[derive(Debug, Clone)]
pub struct RespondentStatus<'a> {
    /// The respondent.
    pub respondent: &'a Respondent,
    /// Its current submission, `None` when missing.
    pub submission: Option<StoredSubmission>,
}

/// Answers in one delregion.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DelregionCount {
    /// The delregion's name.
    pub delregion: String,
    /// Respondents in the registry.
    pub respondents: usize,
    /// Respondents with a current submission.
    pub answered: usize,
}

/// The status of every registry respondent for `year`, in report order.
///
/// # Errors
/// Database errors.
pub fn respondents<'a>(
    registry: &'a Registry,
    store: &Store,
    year: i32,
) -> Result<Vec<RespondentStatus<'a>>, StoreError> {
    let mut current: std::collections::HashMap<_, StoredSubmission> = store
        .current(year)?
        .into_iter()
        .map(|s| (s.respondent.clone(), s))
        .collect();
    Ok(registry
        .ordered()
        .into_iter()
        .map(|respondent| RespondentStatus {
            respondent,
            submission: current.remove(&respondent.id),
        })
        .collect())
}

/// Counts per delregion, in registry order.
pub fn per_delregion(
    registry: &Registry,
    statuses: &[RespondentStatus<'_>],
) -> Vec<DelregionCount> {
    registry
        .delregions()
        .into_iter()
        .map(|d| {
            let members = statuses.iter().filter(|s| s.respondent.delregion == d);
            DelregionCount {
                delregion: d.to_string(),
                respondents: members.clone().count(),
                answered: members.filter(|s| s.submission.is_some()).count(),
            }
        })
        .collect()
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
