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
    let ids: Vec<RespondentId> = args
        .respondents
        .iter()
        .map(|id| {
            registry
                .get(id)
                .map(|r| r.id.clone())
                .ok_or_else(|| Error::Usage(format!("{id}: finns inte i registret")))
        })
        .collect::<Result<_, _>>()?;
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
