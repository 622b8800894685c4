//! `collect export -o FILE`: the current answers as one tidy table.

use std::io::Write;

use super::{Status, write_out};
use crate::cli::{ExportArgs, ExportFormat, Global};
use crate::error::Error;
use crate::export;
use crate::store::Store;
use crate::text::count;

/// Writes the export, atomically, or to standard output for `-o -`.
///
/// # Errors
/// An unusable database; the output cannot be written.
pub fn run(
    global: &Global,
    args: ExportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Status, Error> {
    let store = Store::open(&global.db, false)?;
    let year = crate::collection::year(&store, global.year)?;
    let rows = export::rows(&store, year, args.with_contacts)?;
    let bytes = match args.format {
        ExportFormat::Csv => export::to_csv(&rows),
        ExportFormat::Json => export::to_json(&rows),
    };
    if args.output.as_os_str() == "-" {
        write_out(out, &String::from_utf8_lossy(&bytes))?;
    } else {
        crate::atomic::write(&args.output, |w| w.write_all(&bytes))
            .map_err(|e| Error::io(&args.output, e))?;
        let _ = writeln!(
            err,
            "Skrev {} för {year} till {}.",
            count(rows.len(), "rad", "rader"),
            args.output.display()
        );
    }
    Ok(Status::Success)
}
