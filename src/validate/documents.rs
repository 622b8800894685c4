//! Steering documents: whether one is in force ("gällande") in the budget
//! year, and whether a submission has an overall strategy in force, as the
//! survey definition's `[in_force]` and `[overall_strategy]` say. Validation
//! and the report share these.

use std::collections::BTreeSet;

use chrono::Datelike;

use super::Submission;
use crate::convert::trunc_to_i32;
use crate::place::RowKey;
use crate::survey::{Section, SectionKind, Survey};

/// Whether a steering document is in force in a budget year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentStatus {
    /// In force with an end year ("Gällande").
    InForce,
    /// In force with no end year ("Tills vidare").
    UntilFurtherNotice,
    /// Its end year is before the budget year ("Utgången").
    Expired,
    /// Decided after the budget year.
    NotYetDecided,
}

impl DocumentStatus {
    /// A document is *gällande* in year `year` when its decision year is at
    /// most `year` and its end year is empty or at least `year`.
    pub fn of(decided_year: i32, valid_until: Option<i32>, year: i32) -> Self {
        match valid_until {
            Some(end) if end < year => DocumentStatus::Expired,
            _ if decided_year > year => DocumentStatus::NotYetDecided,
            Some(_) => DocumentStatus::InForce,
            None => DocumentStatus::UntilFurtherNotice,
        }
    }

    /// Whether this counts as gällande.
    pub fn in_force(self) -> bool {
        matches!(
            self,
            DocumentStatus::InForce | DocumentStatus::UntilFurtherNotice
        )
    }

    /// The Swedish word for the report.
    pub fn label(self) -> &'static str {
        match self {
            DocumentStatus::InForce => "Gällande",
            DocumentStatus::UntilFurtherNotice => "Tills vidare",
            DocumentStatus::Expired => "Utgången",
            DocumentStatus::NotYetDecided => "Ej i kraft än",
        }
    }
}

/// The table section that holds the documents (the one of `in_force.decided`).
pub fn section(survey: &Survey) -> Option<&Section> {
    let (section, _) = survey.question(&survey.in_force.as_ref()?.decided)?;
    (section.kind == SectionKind::Table).then_some(section)
}

/// The document records of a submission, in order.
pub fn records(survey: &Survey, submission: &Submission) -> Vec<RowKey> {
    let Some(section) = section(survey) else {
        return Vec::new();
    };
    let rows: BTreeSet<&RowKey> = submission
        .answers
        .iter()
        .filter(|a| a.section == section.id)
        .map(|a| &a.row)
        .collect();
    rows.into_iter().cloned().collect()
}

/// The status of the document in `row` in the submission's budget year.
pub fn status(survey: &Survey, submission: &Submission, row: &RowKey) -> Option<DocumentStatus> {
    let in_force = survey.in_force.as_ref()?;
    let year = trunc_to_i32(
        submission
            .answer(&in_force.year, &RowKey::Form)?
            .value
            .as_number()?,
    );
    let decided = submission.answer(&in_force.decided, row)?.value.as_date()?;
    let until = submission
        .answer(&in_force.valid_until, row)
        .and_then(|a| a.value.as_number())
        .map(trunc_to_i32);
    Some(DocumentStatus::of(decided.year(), until, year))
}

/// Whether the document in `row` is an overall strategy.
pub fn is_overall_strategy(survey: &Survey, submission: &Submission, row: &RowKey) -> bool {
    !survey.overall_strategy.is_empty()
        && survey.overall_strategy.iter().all(|(question, wanted)| {
            submission
                .answer(question, row)
                .and_then(|a| a.value.as_str())
                .is_some_and(|choice| wanted.iter().any(|w| w == choice))
        })
}

/// Whether the submission has an overall strategy in force in its budget
/// year; `None` when the survey does not define one or the year is unknown.
pub fn has_overall_strategy(survey: &Survey, submission: &Submission) -> Option<bool> {
    let in_force = survey.in_force.as_ref()?;
    submission
        .answer(&in_force.year, &RowKey::Form)?
        .value
        .as_number()?;
    section(survey)?;
    Some(records(survey, submission).iter().any(|row| {
        is_overall_strategy(survey, submission, row)
            && status(survey, submission, row).is_some_and(DocumentStatus::in_force)
    }))
}

#[cfg(test)]
mod tests {
    use super::DocumentStatus::{self, *};

    #[test]
    fn in_force_follows_the_definition() {
        assert_eq!(DocumentStatus::of(2020, None, 2026), UntilFurtherNotice);
        assert_eq!(DocumentStatus::of(2020, Some(2026), 2026), InForce);
        assert_eq!(DocumentStatus::of(2020, Some(2025), 2026), Expired);
        assert_eq!(DocumentStatus::of(2027, None, 2026), NotYetDecided);
        assert_eq!(DocumentStatus::of(2026, Some(2030), 2026), InForce);
        assert!(UntilFurtherNotice.in_force() && InForce.in_force());
        assert!(!Expired.in_force() && !NotYetDecided.in_force());
    }
}
