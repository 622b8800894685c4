//! `collect import FILE…`: validate like `validate`, then store every valid
//! file in its own transaction.

use std::io::Write;

use super::{Status, load};
use crate::cli::{Global, ImportArgs};
use crate::error::Error;
use crate::output::ImportState;
use crate::store::{Inserted, NewSubmission, Store};

/// Imports every file the arguments name.
///
/// # Errors
/// An unusable survey, registry or database (exit 2); files already stored
/// stay stored.
pub fn run(
    global: &Global,
    args: ImportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Status, Error> {
    let (survey, registry) = load(global)?;
    let respondent = match &args.respondent {
        Some(given) => Some(
            super::respondent(&registry, given, Some("--respondent"))?
                .id
                .clone(),
        ),
        None => None,
    };
    let ctx = crate::validate::Context {
        respondent: respondent.as_deref(),
        ..super::context(global, &survey, &registry)
    };
    let checking = super::files::Checking {
        paths: &args.paths,
        ctx: &ctx,
        strict: args.strict,
        format: args.format,
        example: args.example,
        follow_links: args.follow_links,
    };
    // Paths that all do not exist create no database.
    if args.paths.iter().all(|p| !p.exists()) {
        return super::files::check(&checking, out, err, |_| Ok(Vec::new()));
    }
    let mut store = Store::open(&global.db, true)?;
    // Withdrawn submissions met again, told on standard error at the end.
    let mut withdrawn: Vec<String> = Vec::new();
    let status = super::files::check(&checking, out, err, |batch| {
        let names: Vec<String> = batch
            .iter()
            .map(|c| {
                c.path.file_name().map_or_else(
                    || c.path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                )
            })
            .collect();
        let new: Vec<NewSubmission<'_>> = batch
            .iter()
            .zip(&names)
            .filter(|(c, _)| c.valid)
            .map(|(c, name)| NewSubmission {
                outcome: &c.outcome,
                survey: &survey,
                file_name: name,
                bytes: &c.bytes,
                example: args.example,
            })
            .collect();
        // The batch is one transaction: each file whole, as readers see it.
        let mut stored = store.insert_batch(&new)?.into_iter();
        let mut states = Vec::with_capacity(batch.len());
        for (c, name) in batch.iter().zip(&names) {
            states.push(Some(if !c.valid {
                ImportState::Rejected
            } else {
                match stored.next() {
                    Some(Inserted::Stored(_)) => ImportState::Stored,
                    // The exact bytes of a withdrawn submission (reinstate.rs).
                    Some(Inserted::Unchanged(id)) => match store.withdrawn(id)? {
                        Some(s) => {
                            withdrawn.push(super::reinstate::withdrawn_notice(&registry, name, &s));
                            ImportState::Withdrawn
                        }
                        None => ImportState::Unchanged,
                    },
                    None => ImportState::Unchanged,
                }
            }));
        }
        Ok(states)
    })?;
    for notice in withdrawn {
        let _ = writeln!(err, "collect: {notice}");
    }
    Ok(status)
}
