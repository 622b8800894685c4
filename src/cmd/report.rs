//! `collect report -o FILE.xlsx`: the local status report from the database.

use std::io::Write;

use super::{Status, load};
use crate::aggregate::{self, Options};
use crate::cli::{Global, ReportArgs};
use crate::error::Error;
use crate::store::Store;

/// Computes the figures and writes the workbook atomically.
///
/// # Errors
/// No database, an unknown delregion, a sheet over Excel's row limit, a
/// target that cannot be replaced (exit 2).
pub fn run(global: &Global, args: &ReportArgs, err: &mut dyn Write) -> Result<Status, Error> {
    let (survey, registry) = load(global)?;
    let store = Store::open(&global.db, false)?;
    let year = crate::status::year(&store, global.year)?;
    let options = Options {
        year,
        delregion: args.delregion.as_deref(),
        with_contacts: args.with_contacts,
    };
    let figures = aggregate::figures(&survey, &registry, &store, &options)?;
    let bytes = crate::report::render(&figures, chrono::Local::now())?;
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
