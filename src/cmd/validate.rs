//! `collect validate FILE…`: check files, store nothing.

use std::io::Write;

use super::{Status, load};
use crate::cli::{Global, ValidateArgs};
use crate::error::Error;
use crate::validate::Context;

/// Validates every file the arguments name and writes the findings.
///
/// # Errors
/// An unusable survey or registry, an unknown `--respondent`, or a failure
/// to write the output.
pub fn run(
    global: &Global,
    args: ValidateArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Status, Error> {
    let (survey, registry) = load(global)?;
    let respondent = super::respondent_flag(&registry, args.respondent.as_deref())?;
    let ctx = Context {
        respondent: respondent.as_deref(),
        ..super::context(global, &survey, &registry)
    };
    let checking = super::files::Checking {
        paths: &args.paths,
        ctx: &ctx,
        strict: args.strict,
        format: args.format,
        example: false,
        follow_links: args.follow_links,
    };
    super::files::check(&checking, out, err, |batch| Ok(vec![None; batch.len()]))
}
