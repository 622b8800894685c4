//! `collect import FILE…`: validate like `validate`, then store every valid
//! file in its own transaction.

use std::io::Write;

use super::{Status, load};
use crate::cli::{Global, ImportArgs};
use crate::error::Error;
use crate::output::ImportState;
use crate::store::{Inserted, NewSubmission, Store};
use crate::validate::Context;

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
    let mut store = Store::open(&global.db, true)?;
    let ctx = Context {
        survey: &survey,
        registry: &registry,
        today: chrono::Local::now().date_naive(),
        respondent: None,
        year: args.year,
        limits: global.limits.limits(),
    };
    super::files::check(
        &args.paths,
        &ctx,
        args.strict,
        args.format,
        out,
        err,
        |path, bytes, outcome, valid| {
            if !valid {
                return Ok(Some(ImportState::Rejected));
            }
            let file_name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            let new = NewSubmission {
                outcome,
                survey: &survey,
                file_name: &file_name,
                bytes,
                example: args.example,
            };
            Ok(Some(match store.insert(&new)? {
                Inserted::Stored(_) => ImportState::Stored,
                Inserted::Unchanged(_) => ImportState::Unchanged,
            }))
        },
    )
}
