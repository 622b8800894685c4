//! `collect template -o PATH`: blank or prefilled forms.

use std::io::Write;
use std::path::Path;

use super::{Status, load};
use crate::cli::{Global, TemplateArgs, TemplateFormat};
use crate::error::Error;
use crate::registry::{Registry, Respondent};
use crate::store::Store;
use crate::survey::Survey;
use crate::template::{self, Request};

/// Writes one form, or one per respondent with `--all`.
///
/// # Errors
/// An unknown respondent; `--prefill` without a database; a file that
/// cannot be written.
pub fn run(global: &Global, args: &TemplateArgs, err: &mut dyn Write) -> Result<Status, Error> {
    use chrono::Datelike;
    let (survey, registry) = load(global)?;
    let year = global.year.unwrap_or_else(|| chrono::Local::now().year());
    let store = if args.prefill {
        Some(Store::open(&global.db, false)?)
    } else {
        None
    };
    let extension = match args.format {
        TemplateFormat::Xlsx => "xlsx",
        TemplateFormat::Csv => "csv",
    };
    let write =
        |respondent: Option<&Respondent>, path: &Path, err: &mut dyn Write| -> Result<(), Error> {
            let previous = match (&store, respondent) {
                (Some(store), Some(r)) => {
                    let last = store
                        .current(year - 1)?
                        .into_iter()
                        .find(|s| s.respondent == r.id);
                    match last {
                        Some(stored) => Some(store.submission(&survey, &stored)?),
                        None => {
                            let _ = writeln!(
                                err,
                                "{}: inget svar för {} i databasen; formuläret fylls inte i.",
                                r.id,
                                year - 1
                            );
                            None
                        }
                    }
                }
                _ => None,
            };
            let request = Request {
                year,
                respondent,
                deadline: args.deadline.as_deref(),
                contact: args.contact.as_deref(),
                previous: previous.as_ref(),
            };
            let bytes = render(&survey, &registry, &request, args.format)?;
            crate::atomic::write(path, |w| w.write_all(&bytes)).map_err(|e| Error::io(path, e))
        };
    if args.all {
        std::fs::create_dir_all(&args.output).map_err(|e| Error::io(&args.output, e))?;
        for respondent in registry.respondents() {
            let path = args
                .output
                .join(crate::form::file_name(respondent, extension));
            write(Some(respondent), &path, err)?;
        }
        let _ = writeln!(
            err,
            "Skrev {} formulär till {}.",
            registry.respondents().len(),
            args.output.display()
        );
    } else {
        let written = args
            .output
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        if written.as_deref() != Some(extension) {
            return Err(Error::Usage(format!(
                "-o {}: filändelsen ska vara .{extension} för --format {extension}",
                args.output.display()
            )));
        }
        let respondent = match &args.respondent {
            Some(id) => Some(registry.get(id).ok_or_else(|| {
                Error::Usage(format!("--respondent {id}: finns inte i registret"))
            })?),
            None => None,
        };
        write(respondent, &args.output, err)?;
        let _ = writeln!(
            err,
            "Skrev formuläret för {year} till {}.",
            args.output.display()
        );
    }
    Ok(Status::Success)
}

fn render(
    survey: &Survey,
    registry: &Registry,
    request: &Request<'_>,
    format: TemplateFormat,
) -> Result<Vec<u8>, Error> {
    Ok(match format {
        TemplateFormat::Xlsx => template::xlsx(survey, registry, request)?,
        TemplateFormat::Csv => template::csv(survey, registry, request).into_bytes(),
    })
}
