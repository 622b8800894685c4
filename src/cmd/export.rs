//! `collect export -o FILE`: the current answers as one tidy table.

use std::io::Write;

use super::{Status, load, write_out};
use crate::cli::{ExportArgs, ExportFormat, Global};
use crate::error::Error;
use crate::export;
use crate::output_path;
use crate::text::count;

/// Writes the export, atomically, or to standard output for `-o -`.
///
/// # Errors
/// An output path that is an input or does not fit the format; an
/// unusable database; the output cannot be written.
pub fn run(
    global: &Global,
    args: ExportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Status, Error> {
    let to_stdout = args.output.as_os_str() == "-";
    let format = if to_stdout {
        let format = args.format.unwrap_or(ExportFormat::Csv);
        if format == ExportFormat::Xlsx {
            return Err(Error::Usage(
                "en Excel-arbetsbok skrivs inte till standard ut: ange en fil med -o, t.ex. -o svar.xlsx."
                    .to_string(),
            ));
        }
        format
    } else {
        let inputs = super::inputs(global, true, &[]);
        let by_extension = match output_path::check(&args.output, &output_path::EXPORT, &inputs)? {
            "json" => ExportFormat::Json,
            "xlsx" => ExportFormat::Xlsx,
            _ => ExportFormat::Csv,
        };
        if args.format.is_some_and(|f| f != by_extension) {
            return Err(Error::Usage(format!(
                "-o {} och --format {} säger olika format. Låt filändelsen avgöra, eller ge filen \
                 ändelsen .{}.",
                crate::text::shown(&args.output.display().to_string()),
                name(args.format.unwrap_or(by_extension)),
                name(args.format.unwrap_or(by_extension))
            )));
        }
        by_extension
    };
    let store = super::read_store(global, err)?;
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

/// The format's name, as `--format` takes it and as its extension.
fn name(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Csv => "csv",
        ExportFormat::Json => "json",
        ExportFormat::Xlsx => "xlsx",
    }
}
