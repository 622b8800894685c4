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
    let ctx = super::context(global, &survey, &registry);
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
    super::files::check(&checking, out, err, |batch| {
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
            .map(|(c, name)| rejected(c, name, global.year))
            .collect();
        // The batch is one transaction: each file whole, and every attempt
        // logged with it.
        let mut stored = store.insert_batch(&new, &rejected)?.into_iter();
        Ok(batch
            .iter()
            .map(|c| {
                Some(if !c.valid {
                    Fate::Rejected
                } else {
                    match stored.next() {
                        Some(Inserted::Stored(_)) => Fate::Stored,
                        _ => Fate::Unchanged,
                    }
                })
            })
            .collect())
    })
}

/// A rejected file as an attempt to log: whom and which year it was for as
/// far as could be told (the year given with `--year` otherwise).
fn rejected<'a>(checked: &'a Checked<'_>, name: &'a str, year: Option<i32>) -> Attempt<'a> {
    let submission = &checked.outcome.submission;
    Attempt {
        outcome: &checked.outcome,
        file_name: name,
        sha256: if checked.bytes.is_empty() {
            String::new()
        } else {
            sha256_hex(&checked.bytes)
        },
        respondent: submission.respondent.as_deref().map(RespondentId::new),
        year: submission.year.or(year),
    }
}
