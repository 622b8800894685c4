//! The attempt log (schema version 2): what `import` did with every file,
//! written in the same transaction as what it stored, and read back for
//! `status`, `history` and the report's Svarsstatus. A database of an older
//! schema has no log; reading it gives no attempts.

use std::collections::HashMap;

use rusqlite::{Row, params};

use super::{Store, StoreError};
use crate::respondent_id::RespondentId;
use crate::validate::Outcome;

/// How many errors of a rejected file the log keeps (code and place).
const FIRST_ERRORS: usize = 3;

/// What became of a file `import` processed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Fate {
    /// Stored as a new submission.
    Stored,
    /// Its exact bytes were already stored.
    Unchanged,
    /// Its exact bytes are stored as a withdrawn submission: nothing
    /// written; shown as `unchanged`, with `"withdrawn": true` in JSON.
    #[serde(rename = "unchanged")]
    Withdrawn,
    /// Invalid: nothing stored.
    Rejected,
}

impl Fate {
    /// Whether nothing was written because the bytes were stored already.
    pub fn is_unchanged(self) -> bool {
        matches!(self, Fate::Unchanged | Fate::Withdrawn)
    }

    fn as_str(self) -> &'static str {
        match self {
            Fate::Stored => "stored",
            Fate::Unchanged | Fate::Withdrawn => "unchanged",
            Fate::Rejected => "rejected",
        }
    }
}

/// One attempt, to log.
#[derive(Debug, Clone)]
pub struct Attempt<'a> {
    /// The validation outcome.
    pub outcome: &'a Outcome,
    /// The file's name without folders.
    pub file_name: &'a str,
    /// The file's SHA-256; empty when it was refused before it was read.
    pub sha256: String,
    /// Whom it was for, where that could be told.
    pub respondent: Option<RespondentId>,
    /// The budget year, where that could be told.
    pub year: Option<i32>,
}

/// A logged attempt, as read back.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LoggedAttempt {
    /// When, RFC 3339 with the local offset.
    pub at: String,
    /// The file's name without folders.
    pub file_name: String,
    /// The file's SHA-256 (empty when it was not read).
    pub sha256: String,
    /// The budget year, where it could be told.
    pub year: Option<i32>,
    /// Errors found.
    pub errors: usize,
    /// Warnings found.
    pub warnings: usize,
    /// The first errors' codes and places (`answer.missing Budget!C2`).
    pub first_errors: Vec<String>,
}

const COLUMNS: &str = "at, file_name, sha256, year, errors, warnings, first_errors";

/// The attempt whose [`COLUMNS`] start at column `first` of `row`.
fn logged(row: &Row<'_>, first: usize) -> rusqlite::Result<LoggedAttempt> {
    let count = |i: usize| -> rusqlite::Result<usize> {
        Ok(usize::try_from(row.get::<_, i64>(first + i)?).unwrap_or(0))
    };
    let errors: String = row.get(first + 6)?;
    Ok(LoggedAttempt {
        at: row.get(first)?,
        file_name: row.get(first + 1)?,
        sha256: row.get(first + 2)?,
        year: row.get(first + 3)?,
        errors: count(4)?,
        warnings: count(5)?,
        first_errors: errors.lines().map(str::to_string).collect(),
    })
}

/// Writes one attempt within a write transaction.
pub(super) fn log(
    tx: &rusqlite::Transaction<'_>,
    at: &str,
    attempt: &Attempt<'_>,
    fate: Fate,
) -> rusqlite::Result<()> {
    let errors: Vec<String> = attempt
        .outcome
        .errors()
        .take(FIRST_ERRORS)
        .map(|f| format!("{} {}", f.code, f.place.in_document()))
        .collect();
    let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    tx.prepare_cached(
        "INSERT INTO attempt (at, file_name, sha256, respondent, year, outcome, errors, warnings, first_errors) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        at,
        attempt.file_name,
        attempt.sha256,
        attempt.respondent.as_ref().map(RespondentId::as_str),
        attempt.year,
        fate.as_str(),
        count(attempt.outcome.errors().count()),
        count(attempt.outcome.warnings().count()),
        errors.join("\n"),
    ])?;
    Ok(())
}

impl Store {
    /// Whether the database has an attempt log (schema version 2 or newer).
    fn has_attempt_log(&self) -> Result<bool, StoreError> {
        Ok(self.version()? >= 2)
    }

    /// The rejected attempts of one respondent, newest first.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn rejected_attempts(
        &self,
        respondent: &RespondentId,
    ) -> Result<Vec<LoggedAttempt>, StoreError> {
        if !self.has_attempt_log()? {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {COLUMNS} FROM attempt WHERE upper(respondent) = ?1 AND outcome = 'rejected' \
             ORDER BY id DESC"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(self.sqlite())?;
        let rows = stmt
            .query_map([respondent.as_str()], |row| logged(row, 0))
            .map_err(self.sqlite())?;
        rows.collect::<Result<_, _>>().map_err(self.sqlite())
    }

    /// The last rejected attempt of every respondent for `year`.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn last_rejected(
        &self,
        year: i32,
    ) -> Result<HashMap<RespondentId, LoggedAttempt>, StoreError> {
        if !self.has_attempt_log()? {
            return Ok(HashMap::new());
        }
        let sql = format!(
            "SELECT respondent, {COLUMNS} FROM attempt a WHERE outcome = 'rejected' AND year = ?1 \
             AND respondent IS NOT NULL AND id = (SELECT max(id) FROM attempt b \
             WHERE b.outcome = 'rejected' AND b.year = a.year AND b.respondent = a.respondent)"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(self.sqlite())?;
        let rows = stmt
            .query_map([year], |row| {
                let respondent: String = row.get(0)?;
                Ok((RespondentId::new(&respondent), logged(row, 1)?))
            })
            .map_err(self.sqlite())?;
        rows.collect::<Result<_, _>>().map_err(self.sqlite())
    }
}
