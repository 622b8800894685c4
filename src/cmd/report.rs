//! `collect report -o FILE.xlsx`: the local status report from the database.

use std::io::Write;

use super::{Status, load};
use crate::aggregate::{self, Options, Tally};
use crate::cli::{Global, ReportArgs};
use crate::collection;
use crate::error::Error;

/// Loads the current submissions (collection), computes the figures
/// (aggregate) and writes the workbook atomically (report).
///
/// # Errors
/// No database, an unknown delregion, a sheet over Excel's row limit, a
/// target that cannot be replaced (exit 2).
pub fn run(global: &Global, args: &ReportArgs, err: &mut dyn Write) -> Result<Status, Error> {
    crate::output_path::check(
        &args.output,
        &crate::output_path::REPORT,
        &super::inputs(global, true, &[]),
    )?;
    let (survey, registry) = load(global)?;
    let store = super::read_store(global, err)?;
    let year = collection::year(&store, global.year)?;
    let options = Options {
        year,
        delregion: args
            .delregion
            .as_deref()
            .map(|d| aggregate::find_delregion(&registry, d))
            .transpose()?,
        closed: args.final_round,
    };
    let tally = Tally::new(&survey, args.with_contacts);
    let current = collection::read(&registry, &store, &survey, year, |respondent, c| {
        tally.count(respondent, c)
    })?;
    let previous = collection::totals(&store, &survey, year - 1)?;
    let figures = tally.figures(&registry, &options, current, &previous);
    let bytes = crate::report::render(&figures, chrono::Local::now()).map_err(|cause| {
        Error::NotWritten {
            path: args.output.display().to_string(),
            cause,
        }
    })?;
    crate::report::save(&args.output, &bytes)?;
    let _ = writeln!(
        err,
        "Skrev rapporten för {year} ({} av {} har svarat) till {}. Öppna den i Excel eller LibreOffice.",
        figures.key.total.answered,
        figures.key.total.respondents,
        args.output.display()
    );
    Ok(Status::Success)
}
