//! Stored submissions: insert one atomically, list them with their derived
//! state, read their answers and warnings, withdraw one, erase personal data.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, Row, params};
use sha2::{Digest, Sha256};

use super::attempt::{self, Attempt, Fate};
use super::trail::{self, Action, TrailEvent};
use super::{Store, StoreError};
use crate::convert::count_from_i64;
use crate::place::{Place, RowKey};
use crate::respondent_id::RespondentId;
use crate::survey::{SectionKind, Survey};
use crate::validate::{Answer, Outcome, Submission, Value};

/// A validated submission to store.
pub struct NewSubmission<'a> {
    /// The accepted outcome (respondent and year are known).
    pub outcome: &'a Outcome,
    /// The survey it was validated against.
    pub survey: &'a Survey,
    /// The file's name, without its folder.
    pub file_name: &'a str,
    /// The file as received.
    pub bytes: &'a [u8],
    /// Whether it is example data (`--example`).
    pub example: bool,
}

impl NewSubmission<'_> {
    /// The submission as an attempt to log.
    fn attempt(&self) -> Attempt<'_> {
        let sub = &self.outcome.submission;
        Attempt {
            outcome: self.outcome,
            file_name: self.file_name,
            sha256: sha256_hex(self.bytes),
            respondent: sub.respondent.as_deref().map(RespondentId::new),
            year: sub.year,
        }
    }
}

/// What an insert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    /// Stored as a new submission with this id.
    Stored(i64),
    /// The same bytes were already stored (with this id); nothing written.
    Unchanged(i64),
}

/// A submission's state, derived from all submissions of its respondent and year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// The one the report counts.
    Current,
    /// Replaced by a later answer date or a later import.
    Superseded,
    /// Taken out of the count, with a reason.
    Withdrawn,
}

impl State {
    /// The Swedish word for the state.
    pub fn label(self) -> &'static str {
        match self {
            State::Current => "gällande",
            State::Superseded => "ersatt",
            State::Withdrawn => "återkallad",
        }
    }
}

/// A stored submission as listed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StoredSubmission {
    /// Database id.
    #[serde(skip)]
    pub id: i64,
    /// Registry id of the respondent.
    pub respondent: RespondentId,
    /// Budget year.
    pub year: i32,
    /// Survey id it was validated against.
    pub survey_id: String,
    /// Survey version it was validated against.
    pub survey_version: u32,
    /// The original file's name.
    pub file: String,
    /// SHA-256 of the original bytes, lower-case hex.
    pub sha256: String,
    /// The answer date (`besvarad`), ISO.
    pub besvarad: Option<String>,
    /// When it was imported, RFC 3339.
    pub imported: String,
    /// Whether it is example data.
    pub example: bool,
    /// Current, superseded or withdrawn.
    pub state: State,
    /// When it was withdrawn, RFC 3339; `None` unless it is withdrawn.
    pub withdrawn_at: Option<String>,
    /// Why it was withdrawn.
    pub withdrawn_reason: Option<String>,
    /// Its withdrawals and reinstatements, oldest first (read by
    /// [`Store::history`]; empty elsewhere).
    pub trail: Vec<TrailEvent>,
    /// Number of warnings it was accepted with.
    pub warnings: usize,
    /// Whether the original bytes are still stored.
    pub has_original: bool,
}

/// One stored answer.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredAnswer {
    /// Section id.
    pub section: String,
    /// Row as in the long CSV: empty, a record number or a grid row id.
    pub row: String,
    /// Question id.
    pub question: String,
    /// The typed value.
    pub value: Value,
    /// Where it stood in the file.
    pub place: String,
    /// Whether it is personal data.
    pub personal: bool,
}

/// A warning a stored submission was accepted with, as stored: its place
/// as it was rendered for the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredWarning {
    /// The finding's code.
    pub code: String,
    /// Where it was found.
    pub place: String,
    /// The question it is about, if any.
    pub question: Option<String>,
    /// The Swedish message.
    pub message: String,
}

/// What `reinstate` did.
#[derive(Debug, Clone)]
pub struct Reinstated {
    /// The submission as it is now.
    pub submission: StoredSubmission,
    /// When it had been withdrawn.
    pub withdrawn_at: String,
    /// Why it had been withdrawn.
    pub reason: String,
}

/// What `erase_contacts` removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Erased {
    /// Submissions touched.
    pub submissions: usize,
    /// Personal answers deleted.
    pub answers: usize,
    /// Original files deleted.
    pub originals: usize,
}

/// An answer row as read: section, row, question, kind, value, personal, place.
type StoredRow = (String, String, String, String, String, bool, String);

/// An answer's columns, as [`answer_row`] reads them.
pub(super) const ANSWER_COLUMNS: &str = "section, row, question, kind, value, personal, place";

/// A warning's columns, as [`warning_row`] reads them.
pub(super) const WARNING_COLUMNS: &str = "code, place, question, message";

/// A listed submission's columns, as [`submission`] reads them.
pub(super) const COLUMNS: &str = "id, respondent, year, survey_id, survey_version, file_name, sha256, answered, \
                       imported_at, example, state, withdrawn_reason, warnings, original IS NOT NULL, withdrawn_at";

/// Order within a respondent's year: the one that decides which is current.
const ORDER: &str = "year DESC, state = 'withdrawn', answered DESC, id DESC";

/// The submissions of one respondent (`?1`, a normalised id). Ids are stored
/// as the registry spells them, which a registry with lower-case ids did
/// before ids were normalised; SQLite's `upper` matches those too.
const BY_RESPONDENT: &str = "upper(respondent) = ?1";

pub(super) fn submission(row: &Row<'_>) -> rusqlite::Result<StoredSubmission> {
    let state: String = row.get(10)?;
    Ok(StoredSubmission {
        id: row.get(0)?,
        respondent: RespondentId::new(&row.get::<_, String>(1)?),
        year: row.get(2)?,
        survey_id: row.get(3)?,
        survey_version: row.get(4)?,
        file: row.get(5)?,
        sha256: row.get(6)?,
        besvarad: row.get(7)?,
        imported: row.get(8)?,
        example: row.get(9)?,
        state: match state.as_str() {
            "current" => State::Current,
            "superseded" => State::Superseded,
            _ => State::Withdrawn,
        },
        withdrawn_at: row.get(14)?,
        withdrawn_reason: row.get(11)?,
        trail: Vec::new(),
        warnings: count_from_i64(row.get(12)?),
        has_original: row.get(13)?,
    })
}

/// Reads an answer's columns ([`ANSWER_COLUMNS`]) from the start of a row;
/// [`parse_answer`] types its value.
pub(super) fn answer_row(r: &Row<'_>) -> rusqlite::Result<StoredRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
    ))
}

/// A stored answer with its value typed.
///
/// # Errors
/// A value the database should not hold.
pub(super) fn parse_answer(row: StoredRow) -> Result<StoredAnswer, StoreError> {
    let (section, row, question, kind, text, personal, place) = row;
    let value =
        Value::from_stored(&kind, &text).ok_or(StoreError::UnreadableValue { kind, text })?;
    Ok(StoredAnswer {
        section,
        row,
        question,
        value,
        place,
        personal,
    })
}

/// Reads a warning's columns ([`WARNING_COLUMNS`]) from the start of a row.
pub(super) fn warning_row(r: &Row<'_>) -> rusqlite::Result<StoredWarning> {
    Ok(StoredWarning {
        code: r.get(0)?,
        place: r.get(1)?,
        question: r.get(2)?,
        message: r.get(3)?,
    })
}

/// A stored submission's answers as a [`Submission`] of `survey`, for the
/// same questions by role and rules that validation uses; answers to
/// questions the survey does not have are left out.
pub(super) fn to_submission(
    survey: &Survey,
    stored: &StoredSubmission,
    answers: Vec<StoredAnswer>,
) -> Submission {
    let answers = answers
        .into_iter()
        .filter_map(|a| {
            let (section, _) = survey.question(&a.question)?;
            let row = match section.kind {
                SectionKind::Form => RowKey::Form,
                SectionKind::Table => RowKey::Record(a.row.parse().ok()?),
                SectionKind::Grid => RowKey::Grid(a.row),
            };
            Some(Answer {
                section: a.section,
                row,
                question: a.question,
                value: a.value,
                place: Place::Recorded(a.place.into()),
            })
        })
        .collect();
    Submission {
        respondent: Some(stored.respondent.to_string()),
        year: Some(stored.year),
        answered: stored
            .besvarad
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
        answers,
    }
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Store {
    /// Stores validated submissions in one transaction, each whole, and
    /// logs every attempt of the batch (`rejected` ones too) in it; a
    /// submission whose exact bytes are already stored is left as it is.
    ///
    /// # Errors
    /// SQLite errors (then nothing of the batch is stored); an outcome
    /// without respondent or year.
    pub fn insert_batch(
        &mut self,
        batch: &[NewSubmission<'_>],
        rejected: &[Attempt<'_>],
    ) -> Result<Vec<Inserted>, StoreError> {
        if batch.is_empty() && rejected.is_empty() {
            return Ok(Vec::new());
        }
        if let Some(new) = batch.iter().find(|n| {
            n.outcome.submission.respondent.is_none() || n.outcome.submission.year.is_none()
        }) {
            return Err(StoreError::Unidentified {
                file: new.file_name.to_string(),
            });
        }
        let at = crate::time::now();
        self.write(|tx| {
            let mut inserted = Vec::with_capacity(batch.len());
            for new in batch {
                let done = insert_one(tx, new)?;
                let fate = match done {
                    Inserted::Stored(_) => Fate::Stored,
                    Inserted::Unchanged(_) => Fate::Unchanged,
                };
                attempt::log(tx, &at, &new.attempt(), fate)?;
                inserted.push(done);
            }
            for attempt in rejected {
                attempt::log(tx, &at, attempt, Fate::Rejected)?;
            }
            Ok(inserted)
        })
    }

    fn select(
        &self,
        filter: &str,
        args: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<StoredSubmission>, StoreError> {
        select(&self.conn, filter, args).map_err(self.sqlite())
    }

    /// The current submission of every respondent for `year`.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn current(&self, year: i32) -> Result<Vec<StoredSubmission>, StoreError> {
        self.select("state = 'current' AND year = ?1", &[&year])
    }

    /// Every submission of one respondent, newest year first, within a year
    /// in the order that decides which is current.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn history(&self, respondent: &RespondentId) -> Result<Vec<StoredSubmission>, StoreError> {
        let mut list = self.select(BY_RESPONDENT, &[&respondent.as_str()])?;
        for s in &mut list {
            s.trail = trail::of(&self.conn, s).map_err(self.sqlite())?;
        }
        Ok(list)
    }

    /// The stored submission `id` when it is withdrawn: `import` of its
    /// exact bytes says so instead of storing them again.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn withdrawn(&self, id: i64) -> Result<Option<StoredSubmission>, StoreError> {
        let found = self.select("id = ?1 AND state = 'withdrawn'", &[&id])?;
        Ok(found.into_iter().next())
    }

    /// The current submission of one respondent for `year`, if any.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn current_of(
        &self,
        respondent: &RespondentId,
        year: i32,
    ) -> Result<Option<StoredSubmission>, StoreError> {
        let filter = format!("{BY_RESPONDENT} AND year = ?2 AND state = 'current'");
        let found = self.select(&filter, &[&respondent.as_str(), &year])?;
        Ok(found.into_iter().next())
    }

    /// The current submission of one respondent of the newest year before
    /// `year` that has one, if any: what `--prefill` fills a form with.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn newest_current_before(
        &self,
        respondent: &RespondentId,
        year: i32,
    ) -> Result<Option<StoredSubmission>, StoreError> {
        let filter = format!("{BY_RESPONDENT} AND year < ?2 AND state = 'current'");
        let found = self.select(&filter, &[&respondent.as_str(), &year])?;
        Ok(found.into_iter().next())
    }

    /// Per respondent with a submission that is not withdrawn, the stored
    /// answer to the form question `question` of its newest such
    /// submission (any year) that still holds one; `None` where none does
    /// (never answered, or erased).
    ///
    /// # Errors
    /// SQLite errors.
    pub fn newest_form_answers(
        &self,
        question: &str,
    ) -> Result<HashMap<RespondentId, Option<String>>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT s.respondent, a.value FROM submission s \
                 LEFT JOIN answer a ON a.submission_id = s.id AND a.question = ?1 AND a.row = '' \
                 WHERE s.withdrawn_at IS NULL \
                 ORDER BY s.year DESC, s.answered DESC, s.id DESC",
            )
            .map_err(self.sqlite())?;
        let rows = stmt
            .query_map([question], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
            })
            .map_err(self.sqlite())?;
        let mut found: HashMap<RespondentId, Option<String>> = HashMap::new();
        for row in rows {
            let (respondent, value) = row.map_err(self.sqlite())?;
            let newest = found.entry(RespondentId::new(&respondent)).or_default();
            if newest.is_none() {
                *newest = value;
            }
        }
        Ok(found)
    }

    /// The newest budget year with a submission that is not withdrawn.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn newest_year(&self) -> Result<Option<i32>, StoreError> {
        self.conn
            .query_row(
                "SELECT MAX(year) FROM submission WHERE withdrawn_at IS NULL",
                [],
                |r| r.get(0),
            )
            .map_err(self.sqlite())
    }

    /// The budget years with at least one current submission, ascending.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn current_years(&self) -> Result<Vec<i32>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT DISTINCT year FROM submission_state WHERE state = 'current' ORDER BY year",
            )
            .map_err(self.sqlite())?;
        let rows = stmt.query_map([], |r| r.get(0)).map_err(self.sqlite())?;
        rows.collect::<Result<_, _>>().map_err(self.sqlite())
    }

    /// The answers of a stored submission, in stored order.
    ///
    /// # Errors
    /// SQLite errors, or a value the database should not hold.
    pub fn answers(&self, submission: i64) -> Result<Vec<StoredAnswer>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {ANSWER_COLUMNS} FROM answer WHERE submission_id = ?1 ORDER BY rowid"
            ))
            .map_err(self.sqlite())?;
        let rows = stmt
            .query_map([submission], answer_row)
            .map_err(self.sqlite())?;
        rows.map(|row| parse_answer(row.map_err(self.sqlite())?))
            .collect()
    }

    /// A stored submission's answers as a [`Submission`], for the same
    /// questions by role and rules that validation uses.
    ///
    /// # Errors
    /// Database errors.
    pub fn submission(
        &self,
        survey: &Survey,
        stored: &StoredSubmission,
    ) -> Result<Submission, StoreError> {
        Ok(to_submission(survey, stored, self.answers(stored.id)?))
    }

    /// The original bytes of a stored submission, unless erased.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn original(&self, submission: i64) -> Result<Option<Vec<u8>>, StoreError> {
        self.conn
            .query_row(
                "SELECT original FROM submission WHERE id = ?1",
                [submission],
                |r| r.get(0),
            )
            .map_err(self.sqlite())
    }

    /// Withdraws a submission of `respondent`: the one whose SHA-256 starts
    /// with `sha_prefix` (in `year`, else in any year), else the current one
    /// of `year` (else of the newest year in which it has a current one).
    /// The choice and the change are one transaction.
    ///
    /// # Errors
    /// Nothing to withdraw, a prefix that matches no submission or more
    /// than one, one already withdrawn (then nothing changed); SQLite errors.
    pub fn withdraw(
        &mut self,
        respondent: &RespondentId,
        year: Option<i32>,
        sha_prefix: Option<&str>,
        reason: &str,
    ) -> Result<StoredSubmission, StoreError> {
        let stamp = crate::time::now();
        self.write_checked(|tx, sqlite| {
            let target = match sha_prefix {
                Some(prefix) => {
                    let target = by_prefix(tx, respondent, year, prefix).map_err(sqlite)??;
                    if target.state == State::Withdrawn {
                        return Err(StoreError::AlreadyWithdrawn {
                            file: target.file,
                            sha256: target.sha256,
                            at: target.withdrawn_at.unwrap_or_default(),
                            reason: target.withdrawn_reason.unwrap_or_default(),
                        });
                    }
                    target
                }
                None => {
                    let mut filter = format!("{BY_RESPONDENT} AND state = 'current'");
                    let id = respondent.as_str();
                    let mut args: Vec<&dyn rusqlite::ToSql> = vec![&id];
                    if let Some(year) = &year {
                        filter.push_str(" AND year = ?2");
                        args.push(year);
                    }
                    select(tx, &filter, &args)
                        .map_err(sqlite)?
                        .into_iter()
                        .next()
                        .ok_or_else(|| StoreError::NoCurrentSubmission {
                            respondent: respondent.clone(),
                            year,
                        })?
                }
            };
            tx.execute(
                "UPDATE submission SET withdrawn_at = ?1, withdrawn_reason = ?2 \
                 WHERE id = ?3 AND withdrawn_at IS NULL",
                params![stamp, reason, target.id],
            )
            .map_err(sqlite)?;
            let event = TrailEvent {
                at: stamp.clone(),
                action: Action::Withdrawn,
                reason: Some(reason.to_string()),
            };
            trail::record(tx, target.id, &event).map_err(sqlite)?;
            let id = target.id;
            select(tx, "id = ?1", &[&id])
                .map_err(sqlite)?
                .into_iter()
                .next()
                .ok_or(StoreError::Vanished)
        })
    }

    /// Undoes the withdrawal of the submission of `respondent` whose
    /// SHA-256 starts with `sha_prefix` (in `year`, else in any year). It
    /// takes its place in the order again by its own `besvarad` and
    /// original import (its id), so it is current again if it is the
    /// latest. The withdrawal it undid stays in the trail with the
    /// reinstatement, where the database can hold them ([`trail`]).
    ///
    /// # Errors
    /// Nothing withdrawn, a prefix that matches no submission or more than
    /// one, one that is not withdrawn (then nothing changed); SQLite errors.
    pub fn reinstate(
        &mut self,
        respondent: &RespondentId,
        year: Option<i32>,
        sha_prefix: &str,
    ) -> Result<Reinstated, StoreError> {
        let stamp = crate::time::now();
        self.write_checked(|tx, sqlite| {
            let mut filter = format!("{BY_RESPONDENT} AND state = 'withdrawn'");
            let id = respondent.as_str();
            let mut args: Vec<&dyn rusqlite::ToSql> = vec![&id];
            if let Some(year) = &year {
                filter.push_str(" AND year = ?2");
                args.push(year);
            }
            if select(tx, &filter, &args).map_err(sqlite)?.is_empty() {
                return Err(StoreError::NothingWithdrawn {
                    respondent: respondent.clone(),
                    year,
                });
            }
            let target = by_prefix(tx, respondent, year, sha_prefix).map_err(sqlite)??;
            let (Some(withdrawn_at), Some(reason)) =
                (target.withdrawn_at.clone(), target.withdrawn_reason.clone())
            else {
                return Err(StoreError::NotWithdrawn {
                    file: target.file,
                    sha256: target.sha256,
                    state: target.state,
                });
            };
            tx.execute(
                "UPDATE submission SET withdrawn_at = NULL, withdrawn_reason = NULL WHERE id = ?1",
                [target.id],
            )
            .map_err(sqlite)?;
            let event = TrailEvent {
                at: stamp.clone(),
                action: Action::Reinstated,
                reason: None,
            };
            trail::record(tx, target.id, &event).map_err(sqlite)?;
            let id = target.id;
            let submission = select(tx, "id = ?1", &[&id])
                .map_err(sqlite)?
                .into_iter()
                .next()
                .ok_or(StoreError::Vanished)?;
            Ok(Reinstated {
                submission,
                withdrawn_at,
                reason,
            })
        })
    }

    /// Erases personal data: the answers marked personal and the original
    /// files, of `respondents` (all when `None`). SHA-256 sums stay.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn erase_contacts(
        &mut self,
        respondents: Option<&[RespondentId]>,
    ) -> Result<Erased, StoreError> {
        let stamp = crate::time::now();
        // Deleted content is overwritten with zeros, not left in free pages.
        self.conn
            .pragma_update(None, "secure_delete", "ON")
            .map_err(self.sqlite())?;
        let erased = self.write(|tx| {
            let all: Vec<(i64, String)> = tx
                .prepare("SELECT id, respondent FROM submission")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            let mut erased = Erased::default();
            let chosen = all.into_iter().filter(|(_, r)| {
                respondents.is_none_or(|list| list.contains(&RespondentId::new(r)))
            });
            for (id, _) in chosen {
                let answers = tx.execute(
                    "DELETE FROM answer WHERE submission_id = ?1 AND personal = 1",
                    [id],
                )?;
                let originals = tx.execute(
                    "UPDATE submission SET original = NULL WHERE id = ?1 AND original IS NOT NULL",
                    [id],
                )?;
                if answers + originals > 0 {
                    tx.execute(
                        "UPDATE submission SET contacts_erased_at = ?1 WHERE id = ?2",
                        params![stamp, id],
                    )?;
                    erased.submissions += 1;
                }
                erased.answers += answers;
                erased.originals += originals;
            }
            Ok(erased)
        })?;
        self.purge()?;
        Ok(erased)
    }

    /// Leaves nothing deleted recoverable from the file: the database is
    /// rebuilt without free pages, and the write-ahead log, which may hold
    /// old pages, is checkpointed and truncated to nothing.
    fn purge(&self) -> Result<(), StoreError> {
        self.conn.execute_batch("VACUUM").map_err(self.sqlite())?;
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .map_err(self.sqlite())
    }
}

/// The submissions that match `filter`, in the order of [`ORDER`].
fn select(
    conn: &rusqlite::Connection,
    filter: &str,
    args: &[&dyn rusqlite::ToSql],
) -> rusqlite::Result<Vec<StoredSubmission>> {
    let sql = format!("SELECT {COLUMNS} FROM submission_state WHERE {filter} ORDER BY {ORDER}");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(args, submission)?;
    rows.collect()
}

/// The one submission of `respondent` (in `year`, else in any year) whose
/// SHA-256 starts with `prefix` (ignoring case); else the error that lists
/// the candidates: every submission in scope when none matches, the
/// matching ones when several do.
fn by_prefix(
    conn: &rusqlite::Connection,
    respondent: &RespondentId,
    year: Option<i32>,
    prefix: &str,
) -> rusqlite::Result<Result<StoredSubmission, StoreError>> {
    let mut filter = BY_RESPONDENT.to_string();
    let id = respondent.as_str();
    let mut args: Vec<&dyn rusqlite::ToSql> = vec![&id];
    if let Some(year) = &year {
        filter.push_str(" AND year = ?2");
        args.push(year);
    }
    let all = select(conn, &filter, &args)?;
    let prefix = prefix.to_ascii_lowercase();
    let (matching, other): (Vec<_>, Vec<_>) =
        all.into_iter().partition(|s| s.sha256.starts_with(&prefix));
    Ok(match <[StoredSubmission; 1]>::try_from(matching) {
        Ok([one]) => Ok(one),
        Err(matching) => Err(StoreError::ShaPrefix {
            respondent: respondent.clone(),
            year,
            prefix,
            matching: matching.len(),
            candidates: if matching.is_empty() { other } else { matching },
        }),
    })
}

/// Inserts one submission (whose respondent and year are known) within a
/// transaction.
fn insert_one(
    tx: &rusqlite::Transaction<'_>,
    new: &NewSubmission<'_>,
) -> rusqlite::Result<Inserted> {
    let sub = &new.outcome.submission;
    let (respondent, year) = (
        RespondentId::new(sub.respondent.as_deref().unwrap_or_default()),
        sub.year.unwrap_or_default(),
    );
    let sha = sha256_hex(new.bytes);
    let existing: Option<i64> = tx
        .prepare_cached("SELECT id FROM submission WHERE sha256 = ?1")?
        .query_row([&sha], |r| r.get(0))
        .optional()?;
    if let Some(id) = existing {
        return Ok(Inserted::Unchanged(id));
    }
    tx.prepare_cached(
        "INSERT INTO submission (respondent, year, survey_id, survey_version, file_name, sha256, original, \
         answered, imported_at, example) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        respondent.as_str(),
        year,
        new.survey.id,
        new.survey.version,
        new.file_name,
        sha,
        new.bytes,
        sub.answered.map(|d| d.format("%Y-%m-%d").to_string()),
        crate::time::now(),
        new.example,
    ])?;
    let id = tx.last_insert_rowid();
    let mut insert = tx.prepare_cached(
        "INSERT INTO answer (submission_id, section, row, question, kind, value, place, personal) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for a in &sub.answers {
        let personal = new
            .survey
            .question(&a.question)
            .is_some_and(|(_, q)| q.personal);
        insert.execute(params![
            id,
            a.section,
            a.row.as_csv(),
            a.question,
            a.value.kind(),
            a.value.to_string(),
            // Stored places never hold a folder of the importing computer.
            a.place.in_document(),
            personal
        ])?;
    }
    let mut warn = tx.prepare_cached(
        "INSERT INTO warning (submission_id, seq, code, place, question, message) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (seq, w) in new.outcome.warnings().enumerate() {
        warn.execute(params![
            id,
            i64::try_from(seq).unwrap_or(i64::MAX),
            w.code,
            w.place.in_document(),
            w.question,
            w.message
        ])?;
    }
    Ok(Inserted::Stored(id))
}
