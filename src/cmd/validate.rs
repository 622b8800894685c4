//! `collect validate FILE…`: check files, store nothing.

use std::io::Write;

use super::{Status, load};
use crate::cli::{Global, ValidateArgs};
use crate::error::Error;
use crate::output::{self, Verdict};
use crate::validate::{Context, Outcome, validate};

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
    let respondent = match &args.respondent {
        Some(id) => Some(
            registry
                .get(id)
                .ok_or_else(|| Error::Usage(format!("--respondent {id}: finns inte i registret")))?
                .id
                .clone(),
        ),
        None => None,
    };
    let ctx = Context {
        survey: &survey,
        registry: &registry,
        today: chrono::Local::now().date_naive(),
        respondent: respondent.as_deref(),
        year: args.year,
    };
    let (files, missing) = crate::files::expand(&args.paths);
    let mut failed = !missing.is_empty();
    for e in &missing {
        let _ = writeln!(err, "collect: {e}");
    }
    let mut outcomes: Vec<Outcome> = Vec::with_capacity(files.len());
    for file in &files {
        match std::fs::read(file) {
            Ok(bytes) => outcomes.push(validate(&file.display().to_string(), &bytes, &ctx)),
            Err(e) => {
                failed = true;
                let _ = writeln!(err, "collect: {}", Error::io(file, e));
            }
        }
    }
    let verdicts: Vec<Verdict<'_>> = outcomes
        .iter()
        .map(|outcome| Verdict {
            outcome,
            valid: outcome.is_valid(args.strict),
        })
        .collect();
    let text = output::render(args.format, &verdicts);
    out.write_all(text.as_bytes()).map_err(|e| Error::Io {
        path: "standard output".to_string(),
        source: e,
    })?;
    Ok(if failed {
        Status::Failed
    } else if verdicts.iter().all(|v| v.valid) {
        Status::Success
    } else {
        Status::Invalid
    })
}
