//! `collect import FILE…`: validate like `validate`, then store every valid
//! file in its own transaction.

use std::io::Write;

use super::files::Checked;
use super::{Status, load};
use crate::cli::{Global, ImportArgs};
use crate::error::Error;
use crate::respondent_id::RespondentId;
use crate::store::{Attempt, Fate, Inserted, NewSubmission, Store, sha256_hex};

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
    let respondent = super::respondent_flag(&registry, args.respondent.as_deref())?;
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
    // The database is created with the first batch of files: arguments
    // that name no file create none.
    let mut opened: Option<Store> = None;
    // Withdrawn submissions met again, told on standard error at the end.
    let mut withdrawn: Vec<String> = Vec::new();
    let status = super::files::check(&checking, out, err, |batch| {
        let store = match &mut opened {
            Some(store) => store,
            None => opened.insert(Store::open(&global.db, true)?),
        };
        let names: Vec<String> = batch
            .iter()
            .map(|c| crate::place::file_name(&c.path.display().to_string()))
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
        let rejected: Vec<Attempt<'_>> = batch
            .iter()
            .zip(&names)
            .filter(|(c, _)| !c.valid)
            .map(|(c, name)| rejected(c, name, respondent.as_ref(), global.year))
            .collect();
        // The batch is one transaction: each file whole, and every attempt
        // logged with it.
        let mut stored = store.insert_batch(&new, &rejected)?.into_iter();
        let mut states = Vec::with_capacity(batch.len());
        for (c, name) in batch.iter().zip(&names) {
            states.push(Some(if !c.valid {
                Fate::Rejected
            } else {
                match stored.next() {
                    Some(Inserted::Stored(_)) => Fate::Stored,
                    // The exact bytes of a withdrawn submission (reinstate.rs).
                    Some(Inserted::Unchanged(id)) => match store.withdrawn(id)? {
                        Some(s) => {
                            withdrawn.push(super::reinstate::withdrawn_notice(&registry, name, &s));
                            Fate::Withdrawn
                        }
                        None => Fate::Unchanged,
                    },
                    None => Fate::Unchanged,
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

/// A rejected file as an attempt to log: whom and which year it was for as
/// far as could be told (else the respondent of `--respondent` and the year
/// of `--year`).
fn rejected<'a>(
    checked: &'a Checked<'_>,
    name: &'a str,
    respondent: Option<&RespondentId>,
    year: Option<i32>,
) -> Attempt<'a> {
    let submission = &checked.outcome.submission;
    Attempt {
        outcome: &checked.outcome,
        file_name: name,
        sha256: if checked.bytes.is_empty() {
            String::new()
        } else {
            sha256_hex(&checked.bytes)
        },
        respondent: submission
            .respondent
            .as_deref()
            .map(RespondentId::new)
            .or_else(|| respondent.cloned()),
        year: submission.year.or(year),
    }
}
