//! `collect export -o FILE`: the current answers as one tidy table.

use std::io::Write;

use super::{Status, load, write_out};
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
    let format = args
        .format
        .unwrap_or_else(|| match super::extension(&args.output).as_deref() {
            Some("xlsx") => ExportFormat::Xlsx,
            Some("json") => ExportFormat::Json,
            _ => ExportFormat::Csv,
        });
    let to_stdout = args.output.as_os_str() == "-";
    if format == ExportFormat::Xlsx && to_stdout {
        return Err(Error::Usage(
            "en Excel-arbetsbok skrivs inte till standard ut: ange en fil med -o, t.ex. -o svar.xlsx."
                .to_string(),
        ));
    }
    let store = Store::open(&global.db, false)?;
    let year = crate::collection::year(&store, global.year)?;
    let rows = export::rows(&store, year, args.with_contacts)?;
    let bytes = match format {
        ExportFormat::Csv => export::to_csv(&rows),
        ExportFormat::Json => export::to_json(&rows),
        ExportFormat::Xlsx => {
            let (survey, registry) = load(global)?;
            export::to_xlsx(&rows, &survey, &registry, args.with_contacts)?
        }
    };
    if to_stdout {
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
