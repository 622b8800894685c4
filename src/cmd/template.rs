//! `collect template -o PATH`: blank or prefilled forms.

use std::io::Write;
use std::path::Path;

use super::{Status, load};
use crate::cli::{Global, TemplateArgs, TemplateFormat};
use crate::error::Error;
use crate::output_path::{self, Input};
use crate::registry::{Registry, Respondent};
use crate::store::Store;
use crate::survey::Survey;
use crate::template::{self, Request};
use crate::validate::Submission;

/// Writes one form, or one per respondent with `--all`.
///
/// # Errors
/// An unknown respondent; `--prefill` without a database; a file that
/// cannot be written.
pub fn run(global: &Global, args: &TemplateArgs, err: &mut dyn Write) -> Result<Status, Error> {
    use chrono::Datelike;
    let (survey, registry) = load(global)?;
    let inputs = super::inputs(global, args.prefill, &[]);
    if !args.all {
        let writes = match args.format {
            TemplateFormat::Xlsx => &output_path::TEMPLATE_XLSX,
            TemplateFormat::Csv => &output_path::TEMPLATE_CSV,
        };
        output_path::check(&args.output, writes, &inputs)?;
    }
    let forms = Forms {
        survey: &survey,
        registry: &registry,
        args,
        year: global.year.unwrap_or_else(|| chrono::Local::now().year()),
        store: if args.prefill {
            Some(super::read_store(global, err)?)
        } else {
            None
        },
        inputs,
        extension: match args.format {
            TemplateFormat::Xlsx => "xlsx",
            TemplateFormat::Csv => "csv",
        },
    };
    if args.all {
        forms.write_all(err)?;
    } else {
        forms.write_one(err)?;
    }
    Ok(Status::Success)
}

/// What every form of one run is made from.
struct Forms<'a> {
    survey: &'a Survey,
    registry: &'a Registry,
    args: &'a TemplateArgs,
    year: i32,
    /// The database last year's answers are prefilled from (`--prefill`).
    store: Option<Store>,
    extension: &'static str,
    /// What the run reads, which no form may overwrite.
    inputs: Vec<Input>,
}

impl Forms<'_> {
    /// One form per registry respondent, into the output folder.
    fn write_all(&self, err: &mut dyn Write) -> Result<(), Error> {
        let folder = &self.args.output;
        std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
        let mut names = crate::text::UniqueNames::default();
        for respondent in self.registry.respondents() {
            let path =
                folder.join(names.claim(&crate::form::file_name(respondent, self.extension)));
            output_path::not_an_input(&path, &self.inputs)?;
            self.write(Some(respondent), &path, err)?;
        }
        let _ = writeln!(
            err,
            "Skrev {} formulär till {}.",
            self.registry.respondents().len(),
            folder.display()
        );
        Ok(())
    }

    /// One form, for `--respondent` or blank, into the output file.
    fn write_one(&self, err: &mut dyn Write) -> Result<(), Error> {
        let output = &self.args.output;
        let respondent = match &self.args.respondent {
            Some(given) => Some(super::respondent(
                self.registry,
                given,
                Some("--respondent"),
            )?),
            None => None,
        };
        self.write(respondent, output, err)?;
        let _ = writeln!(
            err,
            "Skrev formuläret för {} till {}.",
            self.year,
            output.display()
        );
        Ok(())
    }

    /// Writes one form to `path`, atomically.
    fn write(
        &self,
        respondent: Option<&Respondent>,
        path: &Path,
        err: &mut dyn Write,
    ) -> Result<(), Error> {
        let previous = match respondent {
            Some(r) => self.previous(r, err)?,
            None => None,
        };
        let request = Request {
            year: self.year,
            respondent,
            deadline: self.args.deadline.as_deref(),
            contact: self.args.contact.as_deref(),
            previous: previous.as_ref(),
            with_contacts: self.args.with_contacts,
        };
        let bytes = render(self.survey, self.registry, &request, self.args.format)?;
        crate::atomic::write(path, |w| w.write_all(&bytes)).map_err(|e| Error::io(path, e))
    }

    /// The current answers of `respondent` of the newest earlier year, when
    /// prefilling; a respondent without any is told about and gets a blank
    /// form.
    fn previous(
        &self,
        respondent: &Respondent,
        err: &mut dyn Write,
    ) -> Result<Option<Submission>, Error> {
        let Some(store) = &self.store else {
            return Ok(None);
        };
        let found = template::previous(store, self.survey, respondent, self.year)?;
        if found.is_none() {
            let _ = writeln!(
                err,
                "{}: inget svar från före {} i databasen; formuläret fylls inte i.",
                respondent.id, self.year
            );
        }
        Ok(found.map(|(_, submission)| submission))
    }
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
