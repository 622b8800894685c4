//! `collect reinstate ID --sha256 PREFIX [--year N]`: undo a withdrawal.

use std::io::Write;

use super::{Status, load, write_out};
use crate::cli::{Global, ReinstateArgs};
use crate::error::Error;
use crate::registry::Registry;
use crate::store::{Action, Store, StoredSubmission, TrailEvent};
use crate::text::shown;

/// Reinstates one withdrawn submission and says which one is current now.
///
/// # Errors
/// An unknown respondent, a malformed prefix, nothing to reinstate (then
/// nothing changed), an unusable database.
pub fn run(global: &Global, args: &ReinstateArgs, out: &mut dyn Write) -> Result<Status, Error> {
    let (_, registry) = load(global)?;
    let respondent = super::respondent(&registry, &args.respondent, None)?;
    let prefix = super::withdraw::sha_prefix(&args.sha256)?;
    let mut store = Store::open(&global.db, false)?;
    let done = store.reinstate(&respondent.id, global.year, &prefix)?;
    let s = &done.submission;
    let mut text = format!(
        "Återinsatte {} ({}) för {}: {} (sha256 {}, besvarad {}), som återkallades {} med skälet: {}.\n",
        respondent.name,
        respondent.id,
        s.year,
        shown(&s.file),
        s.sha256,
        s.besvarad.as_deref().unwrap_or("–"),
        local_time(&done.withdrawn_at),
        shown(&done.reason)
    );
    text.push_str(&super::withdraw::now_current(&store, respondent, s.year)?);
    write_out(out, &text)?;
    Ok(Status::Success)
}

/// What `import` says on standard error when a file's exact bytes are a
/// withdrawn submission: that nothing was stored, when and why it was
/// withdrawn, and how to reinstate it.
pub fn withdrawn_notice(registry: &Registry, file: &str, s: &StoredSubmission) -> String {
    let name = registry.respondent(&s.respondent).map_or_else(
        || s.respondent.to_string(),
        |r| format!("{} ({})", r.name, r.id),
    );
    format!(
        "{}: filen är redan lagrad som inlämningen från {name} för {}, och den återkallades {} med \
         skälet: {}. Inget lagrades. Om den ska räknas igen, ångra återkallelsen med \
         `collect reinstate {} --sha256 {}`.",
        shown(file),
        s.year,
        s.withdrawn_at
            .as_deref()
            .map_or_else(|| "–".to_string(), local_time),
        s.withdrawn_reason.as_deref().map(shown).unwrap_or_default(),
        s.respondent,
        &s.sha256[..12.min(s.sha256.len())]
    )
}

/// The withdrawals and reinstatements of a submission, one line each,
/// for `history`'s text.
pub fn trail_lines(trail: &[TrailEvent]) -> String {
    trail
        .iter()
        .map(|e| match (e.action, &e.reason) {
            (Action::Withdrawn, Some(reason)) => format!(
                "  återkallad: {} med skälet: {}\n",
                local_time(&e.at),
                shown(reason)
            ),
            (Action::Withdrawn, None) => format!("  återkallad: {}\n", local_time(&e.at)),
            (Action::Reinstated, _) => format!("  återinsatt: {}\n", local_time(&e.at)),
        })
        .collect()
}

/// An RFC 3339 time as people read it: `2026-12-02 12:51` in local time.
fn local_time(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339).map_or_else(
        |_| rfc3339.to_string(),
        |t| {
            t.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        },
    )
}
