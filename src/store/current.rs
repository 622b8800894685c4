//! The current submissions of a year as the report reads them: each whole
//! (listed, with its answers and warnings), from three queries in one read
//! snapshot rather than two queries per submission, and handed on one at a
//! time, so that memory holds one submission's answers and not every answer
//! of every respondent.

use std::iter::Peekable;

use super::StoredWarning;
use super::submission::{
    ANSWER_COLUMNS, COLUMNS, WARNING_COLUMNS, answer_row, parse_answer, submission, to_submission,
    warning_row,
};
use super::{Store, StoreError, StoredSubmission};
use crate::respondent_id::RespondentId;
use crate::survey::Survey;
use crate::validate::{Submission, Value};

/// The ids of the current submissions of the year `?1`.
const CURRENT: &str = "SELECT id FROM submission_state WHERE state = 'current' AND year = ?1";

/// A current submission with everything the report reads of it.
#[derive(Debug, Clone)]
pub struct CurrentSubmission {
    /// The submission as listed.
    pub stored: StoredSubmission,
    /// Its answers, as validation saw them.
    pub submission: Submission,
    /// The warnings it was accepted with.
    pub warnings: Vec<StoredWarning>,
}

impl Store {
    /// Reads every current submission of `year` with its answers (as a
    /// [`Submission`] of `survey`) and its warnings, and hands each to
    /// `each` as soon as it is whole, in the order they were stored.
    ///
    /// # Errors
    /// SQLite errors; a value the database should not hold.
    pub fn each_current(
        &self,
        survey: &Survey,
        year: i32,
        mut each: impl FnMut(CurrentSubmission),
    ) -> Result<(), StoreError> {
        let sqlite = self.sqlite();
        // One read transaction, so that the three queries see the same
        // submissions while an importer may be writing.
        let tx = self.conn.unchecked_transaction().map_err(&sqlite)?;
        let mut listed = tx
            .prepare(&format!(
                "SELECT {COLUMNS} FROM submission_state \
                 WHERE state = 'current' AND year = ?1 ORDER BY id"
            ))
            .map_err(&sqlite)?;
        let mut answers = tx
            .prepare(&format!(
                "SELECT {ANSWER_COLUMNS}, submission_id FROM answer \
                 WHERE submission_id IN ({CURRENT}) ORDER BY submission_id, rowid"
            ))
            .map_err(&sqlite)?;
        let mut warnings = tx
            .prepare(&format!(
                "SELECT {WARNING_COLUMNS}, submission_id FROM warning \
                 WHERE submission_id IN ({CURRENT}) ORDER BY submission_id, seq"
            ))
            .map_err(&sqlite)?;
        let mut answers = answers
            .query_map([year], |r| Ok((r.get(7)?, answer_row(r)?)))
            .map_err(&sqlite)?
            .peekable();
        let mut warnings = warnings
            .query_map([year], |r| Ok((r.get(4)?, warning_row(r)?)))
            .map_err(&sqlite)?
            .peekable();
        for stored in listed.query_map([year], submission).map_err(&sqlite)? {
            let stored = stored.map_err(&sqlite)?;
            let answers = group(&mut answers, stored.id)
                .map_err(&sqlite)?
                .into_iter()
                .map(parse_answer)
                .collect::<Result<_, _>>()?;
            let warnings = group(&mut warnings, stored.id).map_err(&sqlite)?;
            each(CurrentSubmission {
                submission: to_submission(survey, &stored, answers),
                stored,
                warnings,
            });
        }
        Ok(())
    }

    /// Every current submission's answer to one form question for `year`,
    /// by respondent.
    ///
    /// # Errors
    /// SQLite errors; a value the database should not hold.
    pub fn current_answers(
        &self,
        year: i32,
        question: &str,
    ) -> Result<Vec<(RespondentId, Value)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT s.respondent, a.kind, a.value FROM answer a \
                 JOIN submission s ON s.id = a.submission_id \
                 WHERE a.submission_id IN ({CURRENT}) AND a.question = ?2 AND a.row = ''"
            ))
            .map_err(self.sqlite())?;
        let rows = stmt
            .query_map(rusqlite::params![year, question], |r| {
                Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?))
            })
            .map_err(self.sqlite())?;
        rows.map(|row| {
            let (respondent, kind, text): (String, String, String) = row.map_err(self.sqlite())?;
            let value = Value::from_stored(&kind, &text)
                .ok_or(StoreError::UnreadableValue { kind, text })?;
            Ok((RespondentId::new(&respondent), value))
        })
        .collect()
    }
}

/// Takes the rows of submission `id` from rows ordered by submission id,
/// skipping rows of submissions before it.
fn group<T>(
    rows: &mut Peekable<impl Iterator<Item = rusqlite::Result<(i64, T)>>>,
    id: i64,
) -> rusqlite::Result<Vec<T>> {
    let mut out = Vec::new();
    while let Some(row) = rows.next_if(|row| !matches!(row, Ok((of, _)) if *of > id)) {
        let (of, item) = row?;
        if of == id {
            out.push(item);
        }
    }
    Ok(out)
}
