//! `collect withdraw ID [--year N] [--sha256 PREFIX] --reason TEXT`.

use std::io::Write;

use super::{Status, load, write_out};
use crate::cli::{Global, WithdrawArgs};
use crate::error::Error;
use crate::registry::Respondent;
use crate::store::{Store, StoredSubmission};

/// The fewest hex digits a `--sha256` prefix has.
const SHORTEST_PREFIX: usize = 6;

/// Withdraws one stored submission and says which one became current.
///
/// # Errors
/// An unknown respondent, a malformed prefix, nothing to withdraw (then
/// nothing changed), an unusable database.
pub fn run(global: &Global, args: WithdrawArgs, out: &mut dyn Write) -> Result<Status, Error> {
    let (_, registry) = load(global)?;
    let respondent = super::respondent(&registry, &args.respondent, None)?;
    let prefix = args.sha256.as_deref().map(sha_prefix).transpose()?;
    let reason = args.reason.trim();
    if reason.is_empty() {
        return Err(Error::Usage(
            "--reason får inte vara tomt: skriv varför inlämningen återkallas, det sparas i historiken."
                .to_string(),
        ));
    }
    let mut store = Store::open(&global.db, false)?;
    let withdrawn = store.withdraw(&respondent.id, global.year, prefix.as_deref(), reason)?;
    let mut text = format!(
        "Återkallade {} ({}) för {}: {} (sha256 {}), skäl: {}.\n",
        respondent.name,
        respondent.id,
        withdrawn.year,
        crate::text::shown(&withdrawn.file),
        withdrawn.sha256,
        crate::text::shown(reason)
    );
    text.push_str(&now_current(&store, respondent, withdrawn.year)?);
    let _ = std::fmt::Write::write_fmt(
        &mut text,
        format_args!(
            "Ångra med `collect reinstate {} --sha256 {}` om det var fel.\n",
            respondent.id,
            &withdrawn.sha256[..12.min(withdrawn.sha256.len())]
        ),
    );
    write_out(out, &text)?;
    Ok(Status::Success)
}

/// Which submission of `respondent` is current for `year` now, as a line.
pub(super) fn now_current(
    store: &Store,
    respondent: &Respondent,
    year: i32,
) -> Result<String, Error> {
    Ok(match store.current_of(&respondent.id, year)? {
        Some(StoredSubmission { file, besvarad, .. }) => format!(
            "Gällande är nu {} (besvarad {}).\n",
            crate::text::shown(&file),
            besvarad.as_deref().unwrap_or("–")
        ),
        None => format!(
            "{} har nu ingen gällande inlämning för {}.\n",
            respondent.name, year
        ),
    })
}

/// A `--sha256` prefix, lower case: at least [`SHORTEST_PREFIX`] and at
/// most 64 hexadecimal digits.
///
/// # Errors
/// Too short, too long, or not hexadecimal.
pub(super) fn sha_prefix(given: &str) -> Result<String, Error> {
    let prefix = given.trim().to_ascii_lowercase();
    let hex = prefix.chars().all(|c| c.is_ascii_hexdigit());
    if !hex || prefix.len() < SHORTEST_PREFIX || prefix.len() > 64 {
        return Err(Error::Usage(format!(
            "--sha256 {}: ange början av inlämningens SHA-256, minst {SHORTEST_PREFIX} och högst 64 \
             hexadecimala tecken (0–9, a–f). `collect history ID` visar varje inlämnings SHA-256.",
            crate::text::quote(given)
        )));
    }
    Ok(prefix)
}
