//! `collect status`: every registry respondent, `Inkommen` or `Saknas`.

use std::fmt::Write as _;
use std::io::Write;

use serde_json::json;

use super::{Status, load, write_out};
use crate::cli::{Global, StatusArgs, StatusFormat};
use crate::collection;
use crate::error::Error;
use crate::status::{self, DelregionCount, RespondentStatus};
use crate::text::{count, shown};
use crate::time;

/// Writes the status of every respondent for the year, to standard output
/// or (`-o`) to a file; the workbook only to a file.
///
/// # Errors
/// An unusable registry or database; a workbook without `-o`; the file
/// cannot be written.
pub fn run(
    global: &Global,
    args: StatusArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Status, Error> {
    let format = args.format.unwrap_or_else(|| {
        match args.output.as_deref().and_then(super::extension).as_deref() {
            Some("xlsx") => StatusFormat::Xlsx,
            Some("json") => StatusFormat::Json,
            Some("csv") => StatusFormat::Csv,
            _ => StatusFormat::Text,
        }
    });
    if format == StatusFormat::Xlsx && args.output.is_none() {
        return Err(Error::Usage(
            "--format xlsx skrivs till en fil: ange den med -o, t.ex. -o svarsstatus.xlsx."
                .to_string(),
        ));
    }
    let (_, registry) = load(global)?;
    let store = super::read_store(global, &mut std::io::stderr())?;
    let year = collection::year(&store, global.year)?;
    let statuses = collection::listed(&registry, &store, year)?;
    let counts = status::per_delregion(&registry, &statuses);
    let bytes = match format {
        StatusFormat::Text => text(year, &statuses, &counts).into_bytes(),
        StatusFormat::Json => json(year, &statuses, &counts).into_bytes(),
        StatusFormat::Csv => csv(&statuses).into_bytes(),
        StatusFormat::Xlsx => {
            let rows = crate::aggregate::status_rows(statuses);
            crate::report::render_status(&rows, year, chrono::Local::now())?
        }
    };
    match &args.output {
        None => write_out(out, &String::from_utf8_lossy(&bytes))?,
        Some(path) => {
            crate::atomic::write(path, |w| w.write_all(&bytes)).map_err(|e| Error::io(path, e))?;
            let _ = writeln!(err, "Skrev svarsstatus för {year} till {}.", path.display());
        }
    }
    Ok(Status::Success)
}

fn word(s: &RespondentStatus<'_>) -> &'static str {
    if s.submission.is_some() {
        "Inkommen"
    } else {
        "Saknas"
    }
}

fn text(year: i32, statuses: &[RespondentStatus<'_>], counts: &[DelregionCount]) -> String {
    let mut out = format!("Svarsstatus för budgetåret {year}\n\n");
    let _ = writeln!(
        out,
        "{:<14} {:<40} {:<20} {:<9} {:<10} {:<16} {:>9}  Fil",
        "Id", "Namn", "Delregion", "Status", "Besvarad", "Importerad", "Varningar"
    );
    for s in statuses {
        let r = s.respondent;
        match &s.submission {
            Some(sub) => {
                let _ = writeln!(
                    out,
                    "{:<14} {:<40} {:<20} {:<9} {:<10} {:<16} {:>9}  {}",
                    shown(r.id.as_str()),
                    shown(&r.name),
                    shown(&r.delregion),
                    word(s),
                    sub.besvarad.as_deref().unwrap_or(""),
                    time::for_people(&sub.imported),
                    sub.warnings,
                    shown(&sub.file)
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "{:<14} {:<40} {:<20} {}",
                    shown(r.id.as_str()),
                    shown(&r.name),
                    shown(&r.delregion),
                    word(s)
                );
            }
        }
        if let Some(attempt) = &s.rejected {
            let _ = writeln!(
                out,
                "{:<14} underkänd fil {}: {} ({})",
                "",
                time::for_people(&attempt.at),
                shown(&attempt.file_name),
                count(attempt.errors, "fel", "fel")
            );
        }
    }
    out.push_str("\nPer delregion:\n");
    for c in counts {
        let _ = writeln!(
            out,
            "  {:<20} {:>3} av {:>3} har svarat",
            c.delregion, c.answered, c.respondents
        );
    }
    let answered: usize = counts.iter().map(|c| c.answered).sum();
    let total: usize = counts.iter().map(|c| c.respondents).sum();
    let missing: Vec<&str> = statuses
        .iter()
        .filter(|s| s.submission.is_none())
        .map(|s| s.respondent.name.as_str())
        .collect();
    let _ = writeln!(out, "\nTotalt {answered} av {total} har svarat.");
    if !missing.is_empty() {
        let _ = writeln!(out, "Saknas ({}): {}.", missing.len(), missing.join(", "));
    }
    out
}

fn json(year: i32, statuses: &[RespondentStatus<'_>], counts: &[DelregionCount]) -> String {
    let respondents: Vec<_> = statuses
        .iter()
        .map(|s| {
            let r = s.respondent;
            let sub = s.submission.as_ref();
            json!({
                "id": r.id,
                "name": r.name,
                "kind": r.kind.as_str(),
                "delregion": r.delregion,
                "status": word(s),
                "besvarad": sub.and_then(|s| s.besvarad.clone()),
                "imported": sub.map(|s| time::for_scripts(&s.imported)),
                "file": sub.map(|s| s.file.clone()),
                "warnings": sub.map(|s| s.warnings),
                "last_rejected": s.rejected.as_ref().map(|a| time::for_scripts(&a.at)),
                "last_rejected_file": s.rejected.as_ref().map(|a| a.file_name.clone()),
                "last_rejected_errors": s.rejected.as_ref().map(|a| a.errors),
            })
        })
        .collect();
    let answered: usize = counts.iter().map(|c| c.answered).sum();
    let doc = json!({
        "year": year,
        "respondents": respondents,
        "delregions": counts,
        "summary": {"respondents": statuses.len(), "answered": answered, "missing": statuses.len() - answered},
    });
    format!("{doc:#}\n")
}

fn csv(statuses: &[RespondentStatus<'_>]) -> String {
    let mut out = crate::csv_out::CsvOut::default();
    out.record([
        "id",
        "name",
        "kind",
        "delregion",
        "status",
        "besvarad",
        "imported",
        "file",
        "warnings",
        "last_rejected",
        "last_rejected_file",
        "last_rejected_errors",
    ]);
    for s in statuses {
        let r = s.respondent;
        let sub = s.submission.as_ref();
        let rejected = s.rejected.as_ref();
        out.record([
            r.id.to_string(),
            r.name.clone(),
            r.kind.as_str().to_string(),
            r.delregion.clone(),
            word(s).to_string(),
            sub.and_then(|s| s.besvarad.clone()).unwrap_or_default(),
            sub.map(|s| time::for_scripts(&s.imported))
                .unwrap_or_default(),
            sub.map(|s| s.file.clone()).unwrap_or_default(),
            sub.map(|s| s.warnings.to_string()).unwrap_or_default(),
            rejected
                .map(|a| time::for_scripts(&a.at))
                .unwrap_or_default(),
            rejected.map(|a| a.file_name.clone()).unwrap_or_default(),
            rejected.map(|a| a.errors.to_string()).unwrap_or_default(),
        ]);
    }
    out.into_string()
}
