//! Who has answered: the counts per delregion of every registry respondent
//! with its current submission for a budget year ([`crate::collection::listed`]).

use crate::collection::Current;
use crate::registry::Registry;
use crate::store::StoredSubmission;

/// A registry respondent with its current submission for the year, `None`
/// when missing.
pub type RespondentStatus<'a> = Current<'a, StoredSubmission>;

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
