//! `collect remind -o FOLDER`: e-mail drafts for the collection round, one
//! per respondent without a current submission (`--all`: every one), with
//! the respondent's own form attached, and the list of them beside.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Status, load};
use crate::cli::{Global, RemindArgs};
use crate::collection::{self, Current};
use crate::error::Error;
use crate::mail::{Attachment, Mailbox, XLSX};
use crate::registry::Registry;
use crate::remind::{self, Addressee, Listed, Round};
use crate::store::{Store, StoredSubmission};
use crate::survey::Survey;
use crate::template::{self, Request};
use crate::text::{count, shown};

/// The list of drafts, for scripts and for people.
const LIST_CSV: &str = "utskick.csv";
const LIST_XLSX: &str = "utskick.xlsx";

/// Writes the drafts and their list.
///
/// # Errors
/// A bad `--deadline`, `--contact` or `-o`; a definition without the
/// letters' texts; an unusable database; a file that cannot be written.
pub fn run(global: &Global, args: &RemindArgs, err: &mut dyn Write) -> Result<Status, Error> {
    use chrono::Datelike;
    let (survey, registry) = load(global)?;
    let contact = contact(&args.contact)?;
    let deadline = deadline(&args.deadline, err)?;
    check_folder(&args.output)?;
    texts(&survey)?;
    let store = open(global, args, err)?;
    let round = Round {
        survey: &survey,
        registry: &registry,
        year: global.year.unwrap_or_else(|| chrono::Local::now().year()),
        deadline: &deadline,
        contact: &contact,
        all: args.all,
    };
    let addressees = addressees(&round, store.as_ref())?;
    let folder = &args.output;
    std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
    let writer = Writer {
        round: &round,
        store: store.as_ref().filter(|_| args.prefill),
        contact: &args.contact,
        folder,
    };
    let list = writer.drafts(&addressees, err)?;
    writer.lists(&list)?;
    summary(&round, &list, folder, err);
    Ok(Status::Success)
}

/// `--contact` as a mailbox.
fn contact(text: &str) -> Result<Mailbox, Error> {
    Mailbox::parse(text).ok_or_else(|| {
        Error::Usage(format!(
            "--contact {}: ingen giltig e-postadress. Ange avsändaren som \
             enkat@organisation.se eller \"SSVIT-enkäten <enkat@organisation.se>\".",
            crate::text::quote(text)
        ))
    })
}

/// `--deadline` as `ÅÅÅÅ-MM-DD`; a day already past is pointed out.
fn deadline(text: &str, err: &mut dyn Write) -> Result<String, Error> {
    let date = crate::value::parse_iso_date(text).ok_or_else(|| {
        Error::Usage(format!(
            "--deadline {}: ange sista svarsdag som ÅÅÅÅ-MM-DD, t.ex. 2026-12-15",
            crate::text::quote(text)
        ))
    })?;
    if date < chrono::Local::now().date_naive() {
        let _ = writeln!(err, "Obs: sista svarsdagen {date} har redan passerat.");
    }
    Ok(date.format("%Y-%m-%d").to_string())
}

/// `-o` names a folder, new or without drafts of an earlier run: old
/// drafts beside new ones could reach someone who has since answered.
fn check_folder(folder: &Path) -> Result<(), Error> {
    let shown = folder.display();
    if folder.exists() && !folder.is_dir() {
        return Err(Error::Usage(format!(
            "-o {shown}: remind skriver utkasten till en mapp; ange en mapp, inte en fil"
        )));
    }
    let extension = folder
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !folder.exists()
        && matches!(
            extension.as_deref(),
            Some("eml" | "csv" | "xlsx" | "txt" | "json")
        )
    {
        return Err(Error::Usage(format!(
            "-o {shown}: remind skriver utkasten till en mapp; ange en mapp, t.ex. utskick"
        )));
    }
    if !folder.is_dir() {
        return Ok(());
    }
    let entries = std::fs::read_dir(folder).map_err(|e| Error::io(folder, e))?;
    let earlier = entries.filter_map(Result::ok).any(|entry| {
        let name = entry.file_name().to_string_lossy().to_lowercase();
        name.ends_with(".eml") || name == LIST_CSV || name == LIST_XLSX
    });
    if earlier {
        return Err(Error::Usage(format!(
            "-o {shown}: mappen innehåller redan utkast eller {LIST_CSV} från ett tidigare \
             utskick. Välj en ny mapp (t.ex. utskick-{}), så blandas inga gamla utkast med de nya.",
            chrono::Local::now().format("%Y-%m-%d")
        )));
    }
    Ok(())
}

/// The letters' texts must be in the definition: `remind` alone needs them.
fn texts(survey: &Survey) -> Result<(), Error> {
    let missing: Vec<String> = survey
        .messages
        .missing()
        .iter()
        .map(|kind| format!("[{}]", kind.table()))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "enkätdefinitionen saknar texterna till utskicken: {}. Lägg till dem med subject och body \
         (se docs/survey-definition.md, \"Messages\"); alla andra kommandon fungerar utan dem.",
        missing.join(", ")
    )))
}

/// The database, read only. `--all` without `--prefill`, the first
/// invitation, needs none: without one, every address comes from the
/// registry.
fn open(global: &Global, args: &RemindArgs, err: &mut dyn Write) -> Result<Option<Store>, Error> {
    if args.all && !args.prefill && !global.db.exists() {
        let _ = writeln!(
            err,
            "Databasen {} finns inte ännu: alla får inbjudan, och adresserna tas från registret.",
            global.db.display()
        );
        return Ok(None);
    }
    Ok(Some(super::read_store(global, err)?))
}

/// Everyone to write to, with letter and address.
fn addressees<'a>(round: &Round<'a>, store: Option<&Store>) -> Result<Vec<Addressee<'a>>, Error> {
    let registry: &'a Registry = round.registry;
    let Some(store) = store else {
        let listed = registry
            .ordered()
            .into_iter()
            .map(|respondent| Current {
                respondent,
                submission: None,
                rejected: None,
            })
            .collect();
        return Ok(remind::addressees(round, listed, &Default::default()));
    };
    let listed: Vec<Current<'a, StoredSubmission>> =
        collection::listed(registry, store, round.year)?;
    let addresses = match round.survey.contact_email() {
        Some(question) => store.newest_form_answers(&question.id)?,
        None => Default::default(),
    };
    Ok(remind::addressees(round, listed, &addresses))
}

/// What every file of one run is written with.
struct Writer<'a> {
    round: &'a Round<'a>,
    /// The database forms are prefilled from (`--prefill`).
    store: Option<&'a Store>,
    /// `--contact` as given, for the forms' instructions.
    contact: &'a str,
    folder: &'a PathBuf,
}

impl Writer<'_> {
    /// One draft per addressee, each written atomically; their list.
    fn drafts(
        &self,
        addressees: &[Addressee<'_>],
        err: &mut dyn Write,
    ) -> Result<Vec<Listed>, Error> {
        let mut names = crate::text::UniqueNames::default();
        names.claim(LIST_CSV);
        names.claim(LIST_XLSX);
        let mut list = Vec::with_capacity(addressees.len());
        for to in addressees {
            let respondent = to.respondent;
            let draft_name = names.claim(&crate::text::file_name(
                &[respondent.id.as_str(), &respondent.name],
                "eml",
            ));
            let attachment = remind::attachment_name(self.round, respondent);
            let form = self.form(to, err)?;
            let letter = remind::letter(self.round, to, &attachment)
                .ok_or_else(|| Error::Usage(format!("[{}] saknas", to.kind.table())))?;
            let form = Attachment {
                name: &attachment,
                media_type: XLSX,
                bytes: &form,
            };
            let bytes = remind::draft(self.round, to, &letter, form)?;
            let path = self.folder.join(&draft_name);
            crate::atomic::write(&path, |w| w.write_all(&bytes))
                .map_err(|e| Error::io(&path, e))?;
            list.push(Listed::new(to, draft_name, attachment));
        }
        Ok(list)
    }

    /// The respondent's form, as `template --respondent` writes it with
    /// the deadline and contact; prefilled, without personal data, under
    /// `--prefill`.
    fn form(&self, to: &Addressee<'_>, err: &mut dyn Write) -> Result<Vec<u8>, Error> {
        let round = self.round;
        let previous = match self.store {
            Some(store) => {
                let found = template::previous(store, round.survey, to.respondent, round.year)?;
                if found.is_none() {
                    let _ = writeln!(
                        err,
                        "{}: inget svar från före {} i databasen; formuläret fylls inte i.",
                        to.respondent.id, round.year
                    );
                }
                found.map(|(_, submission)| submission)
            }
            None => None,
        };
        let request = Request {
            year: round.year,
            respondent: Some(to.respondent),
            deadline: Some(round.deadline),
            contact: Some(self.contact),
            previous: previous.as_ref(),
            with_contacts: false,
        };
        Ok(template::xlsx(round.survey, round.registry, &request)?)
    }

    /// `utskick.csv` and `utskick.xlsx` beside the drafts.
    fn lists(&self, list: &[Listed]) -> Result<(), Error> {
        let csv = remind::list_csv(list);
        let xlsx = remind::list_xlsx(list)?;
        for (name, bytes) in [(LIST_CSV, csv), (LIST_XLSX, xlsx)] {
            let path = self.folder.join(name);
            crate::atomic::write(&path, |w| w.write_all(&bytes))
                .map_err(|e| Error::io(&path, e))?;
        }
        Ok(())
    }
}

/// What was written, and who has no recipient and why.
fn summary(round: &Round<'_>, list: &[Listed], folder: &Path, err: &mut dyn Write) {
    if list.is_empty() {
        let _ = writeln!(
            err,
            "Alla har svarat för {}: inga utkast skrevs (listan {LIST_CSV} är tom).",
            round.year
        );
        return;
    }
    let _ = writeln!(
        err,
        "Skrev {} för {} till {}, med listan i {LIST_CSV} och {LIST_XLSX}.",
        count(list.len(), "utkast", "utkast"),
        round.year,
        folder.display()
    );
    let without: Vec<&Listed> = list.iter().filter(|l| l.email.is_empty()).collect();
    if !without.is_empty() {
        let _ = writeln!(
            err,
            "{} utan mottagare; fyll i adressen i utkastet innan det skickas:",
            count(without.len(), "utkast", "utkast")
        );
        for line in without {
            let _ = writeln!(
                err,
                "  {} {}: {}",
                line.id,
                shown(&line.name),
                line.no_email_reason
            );
        }
    }
}
