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
    if let Some(from) = args.from.filter(|from| *from > year) {
        return Err(Error::Usage(format!(
            "--from {from} ligger efter rapportens budgetår {year}. Välj ett tidigare år, eller ett senare --year."
        )));
    }
    let tally = Tally::new(&survey, args.with_contacts);
    let count = |respondent, c| tally.count(respondent, c);
    // Each earlier year is read and reduced on its own, so that one year's
    // submissions are in memory at a time.
    let mut earlier = Vec::new();
    for y in collection::years(&store, args.from, year)?
        .into_iter()
        .filter(|y| *y < year)
    {
        let current = collection::read(&registry, &store, &survey, y, count)?;
        earlier.push(tally.year_figures(&registry, options.delregion, y, current));
    }
    let current = collection::read(&registry, &store, &survey, year, count)?;
    let previous = collection::totals(&store, &survey, year - 1)?;
    let figures = tally.figures(&registry, &options, current, &previous, earlier);
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
