//! `collect annotate FILE -o OUT.xlsx`: a feedback file for a respondent.

use std::io::Write;

use super::{Status, load};
use crate::cli::{AnnotateArgs, Global};
use crate::error::Error;
use crate::place::Place;
use crate::text::count;

/// Writes the feedback workbook; exits 1 when the file is invalid, like
/// `validate`.
///
/// # Errors
/// The file cannot be read; the feedback file cannot be written.
pub fn run(global: &Global, args: &AnnotateArgs, err: &mut dyn Write) -> Result<Status, Error> {
    crate::output_path::check(
        &args.output,
        &crate::output_path::ANNOTATE,
        &super::inputs(global, false, &[&args.file]),
    )?;
    let (survey, registry) = load(global)?;
    let size = std::fs::metadata(&args.file)
        .map_err(|e| Error::io(&args.file, e))?
        .len();
    if let Err(finding) = global
        .limits
        .limits()
        .check_file_size(&Place::file(&args.file.display().to_string()), size)
    {
        let _ = writeln!(err, "{}: {}", finding.place, finding.message);
        return Ok(Status::Invalid);
    }
    let bytes = std::fs::read(&args.file).map_err(|e| Error::io(&args.file, e))?;
    let ctx = super::context(global, &survey, &registry);
    let (workbook, outcome) =
        crate::annotate::feedback(&args.file.display().to_string(), &bytes, &ctx, &registry)?;
    crate::atomic::write(&args.output, |w| w.write_all(&workbook))
        .map_err(|e| Error::io(&args.output, e))?;
    let _ = writeln!(
        err,
        "Skrev återkopplingen ({}, {}) till {}.",
        count(outcome.errors().count(), "fel", "fel"),
        count(outcome.warnings().count(), "varning", "varningar"),
        args.output.display()
    );
    Ok(if outcome.is_valid(false) {
        Status::Success
    } else {
        Status::Invalid
    })
}
