//! The trail of a submission's withdrawals and reinstatements, so that
//! `history` shows both after a reinstatement (CLI.md, `reinstate`).
//!
//! Schema version 3 keeps every withdrawal and reinstatement of a
//! submission in the table `submission_event` (`schema_v3.sql`); the
//! submission's own `withdrawn_at` and `withdrawn_reason` stay its current
//! withdrawal, which the view `submission_state` reads. A database of an
//! older schema, read as it is by a read-only command, has no trail: its
//! current withdrawal is read from the columns.
//!
//! This module is the only code that knows where the trail is kept.

use rusqlite::{Connection, OptionalExtension, params};

use super::submission::StoredSubmission;

/// What happened to a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Taken out of the count.
    Withdrawn,
    /// Put back in the count.
    Reinstated,
}

/// One withdrawal or reinstatement.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TrailEvent {
    /// When, RFC 3339 with offset.
    pub at: String,
    /// What.
    pub action: Action,
    /// Why it was withdrawn; `None` for a reinstatement.
    pub reason: Option<String>,
}

/// Whether the database has the trail table.
fn kept(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'submission_event'",
        [],
        |_| Ok(()),
    )
    .optional()
    .map(|found| found.is_some())
}

/// Records `event` for submission `id`, within the caller's write
/// transaction (writes run on a database migrated to the trail's schema).
///
/// # Errors
/// SQLite errors.
pub(super) fn record(conn: &Connection, id: i64, event: &TrailEvent) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO submission_event (submission_id, seq, at, action, reason) \
         VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM submission_event WHERE submission_id = ?1), \
         ?2, ?3, ?4)",
        params![
            id,
            event.at,
            match event.action {
                Action::Withdrawn => "withdrawn",
                Action::Reinstated => "reinstated",
            },
            event.reason
        ],
    )?;
    Ok(())
}

/// The trail of a submission, oldest first: what the table holds, and its
/// current withdrawal from the columns when the table does not hold it
/// (a database without the table, or a withdrawal made before it).
///
/// # Errors
/// SQLite errors.
pub(super) fn of(conn: &Connection, s: &StoredSubmission) -> rusqlite::Result<Vec<TrailEvent>> {
    let mut events: Vec<TrailEvent> = if kept(conn)? {
        let mut stmt = conn.prepare_cached(
            "SELECT at, action, reason FROM submission_event WHERE submission_id = ?1 ORDER BY seq",
        )?;
        stmt.query_map([s.id], |r| {
            let action: String = r.get(1)?;
            Ok(TrailEvent {
                at: r.get(0)?,
                action: if action == "reinstated" {
                    Action::Reinstated
                } else {
                    Action::Withdrawn
                },
                reason: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?
    } else {
        Vec::new()
    };
    if let (Some(at), Some(reason)) = (&s.withdrawn_at, &s.withdrawn_reason) {
        let recorded = events
            .iter()
            .any(|e| e.action == Action::Withdrawn && &e.at == at);
        if !recorded {
            events.push(TrailEvent {
                at: at.clone(),
                action: Action::Withdrawn,
                reason: Some(reason.clone()),
            });
        }
    }
    Ok(events)
}
