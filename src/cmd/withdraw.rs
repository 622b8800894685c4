//! `collect withdraw ID --year N [--sha256 PREFIX] --reason TEXT`.

use std::io::Write;

use super::{Status, load, write_out};
use crate::cli::{Global, WithdrawArgs};
use crate::error::Error;
use crate::store::Store;

/// Withdraws one stored submission and says which one became current.
///
/// # Errors
/// An unknown respondent, no such submission, an unusable database.
pub fn run(global: &Global, args: WithdrawArgs, out: &mut dyn Write) -> Result<Status, Error> {
    let (_, registry) = load(global)?;
    let year = global
        .year
        .ok_or_else(|| Error::Usage("withdraw behöver --year N".to_string()))?;
    let respondent = registry
        .get(&args.respondent)
        .ok_or_else(|| Error::Usage(format!("{}: finns inte i registret", args.respondent)))?;
    if args.reason.trim().is_empty() {
        return Err(Error::Usage("--reason får inte vara tomt".to_string()));
    }
    let mut store = Store::open(&global.db, false)?;
    let withdrawn = store.withdraw(
        &respondent.id,
        year,
        args.sha256.as_deref(),
        args.reason.trim(),
    )?;
    let now_current = store.current_of(&respondent.id, year)?;
    let mut text = format!(
        "Återkallade {} ({}) för {}: {} (sha256 {}), skäl: {}.\n",
        respondent.name,
        respondent.id,
        year,
        withdrawn.file,
        withdrawn.sha256,
        args.reason.trim()
    );
    text.push_str(&match now_current {
        Some(s) => format!(
            "Gällande är nu {} (besvarad {}).\n",
            s.file,
            s.besvarad.as_deref().unwrap_or("–")
        ),
        None => format!(
            "{} har nu ingen gällande inlämning för {}.\n",
            respondent.name, year
        ),
    });
    write_out(out, &text)?;
    Ok(Status::Success)
}
