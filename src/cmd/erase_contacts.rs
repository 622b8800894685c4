//! `collect erase-contacts [ID…|--all]`: remove personal data on request.

use std::io::Write;

use super::{Status, load, write_out};
use crate::cli::{EraseContactsArgs, Global};
use crate::error::Error;
use crate::respondent_id::RespondentId;
use crate::store::Store;
use crate::text::count;

/// Erases personal answers and original files and says what was erased.
///
/// # Errors
/// An unknown respondent, an unusable database.
pub fn run(global: &Global, args: EraseContactsArgs, out: &mut dyn Write) -> Result<Status, Error> {
    let (_, registry) = load(global)?;
    // Every name is resolved before anything is erased; all that cannot
    // be are named at once.
    let (found, unknown): (Vec<_>, Vec<_>) = args
        .respondents
        .iter()
        .map(|given| super::respondent(&registry, given, None))
        .partition(Result::is_ok);
    if !unknown.is_empty() {
        let messages: Vec<String> = unknown
            .into_iter()
            .filter_map(Result::err)
            .map(|e| e.to_string())
            .collect();
        return Err(Error::Usage(format!(
            "{}\nInget har raderats.",
            messages.join("\n")
        )));
    }
    let mut ids: Vec<RespondentId> = Vec::new();
    for r in found.into_iter().flatten() {
        if !ids.contains(&r.id) {
            ids.push(r.id.clone());
        }
    }
    let mut store = Store::open(&global.db, false)?;
    let erased = store.erase_contacts(if args.all { None } else { Some(&ids) })?;
    let who = if args.all {
        "alla organisationer".to_string()
    } else {
        ids.iter()
            .map(RespondentId::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    };
    write_out(
        out,
        &format!(
            "Raderade personuppgifter för {who}: {} med kontaktuppgifter och {} ur {}. \
             Filernas SHA-256 finns kvar. De raderade uppgifterna går inte att återskapa ur databasfilen, \
             men säkerhetskopior som gjorts tidigare (collect backup) innehåller dem fortfarande: radera \
             eller ersätt dem också.\n",
            count(erased.answers, "svar", "svar"),
            count(erased.originals, "originalfil", "originalfiler"),
            count(erased.submissions, "inlämning", "inlämningar")
        ),
    )?;
    Ok(Status::Success)
}
