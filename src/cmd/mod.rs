//! One module per subcommand: arguments become options and one library call.

pub mod annotate;
pub mod backup;
pub mod erase_contacts;
pub mod export;
mod files;
pub mod history;
pub mod import;
pub mod reinstate;
pub mod remind;
pub mod report;
pub mod status;
pub mod template;
pub mod validate;
pub mod withdraw;

use std::io::Write;

use crate::cli::{Cli, Command, Global};
use crate::error::Error;
use crate::output_path::Input;
use crate::registry::{Registry, Resolution, Respondent};
use crate::store::Store;
use crate::survey::Survey;

/// How a command ended, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Everything succeeded (exit 0).
    Success,
    /// One or more submissions are invalid (exit 1).
    Invalid,
    /// Usage, I/O or internal error, already reported (exit 2).
    Failed,
}

impl Status {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Status::Success => 0,
            Status::Invalid => 1,
            Status::Failed => 2,
        }
    }
}

/// Runs a parsed command line, writing data to `out` and messages to `err`.
///
/// # Errors
/// Usage and I/O errors that stop the command (exit 2).
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<Status, Error> {
    match cli.command {
        Command::Validate(args) => validate::run(&cli.global, args, out, err),
        Command::Import(args) => import::run(&cli.global, args, out, err),
        Command::Status(args) => status::run(&cli.global, args, out, err),
        Command::History(args) => history::run(&cli.global, args, out),
        Command::Withdraw(args) => withdraw::run(&cli.global, args, out),
        Command::Reinstate(args) => reinstate::run(&cli.global, &args, out),
        Command::EraseContacts(args) => erase_contacts::run(&cli.global, args, out),
        Command::Export(args) => export::run(&cli.global, args, out, err),
        Command::Backup(args) => backup::run(&cli.global, &args, out, err),
        Command::Report(args) => report::run(&cli.global, &args, err),
        Command::Template(args) => template::run(&cli.global, &args, err),
        Command::Remind(args) => remind::run(&cli.global, &args, err),
        Command::Annotate(args) => annotate::run(&cli.global, &args, err),
    }
}

/// The context files are validated in: today, the global `--year` and limits.
fn context<'a>(
    global: &Global,
    survey: &'a Survey,
    registry: &'a Registry,
) -> crate::validate::Context<'a> {
    crate::validate::Context {
        survey,
        registry,
        today: chrono::Local::now().date_naive(),
        respondent: None,
        year: global.year,
        limits: global.limits.limits(),
    }
}

/// The survey and registry the global options name.
fn load(global: &Global) -> Result<(Survey, Registry), Error> {
    let survey = match &global.survey {
        Some(path) => Survey::load(path)?,
        None => Survey::builtin(),
    };
    let registry = match &global.registry {
        Some(path) => Registry::load(path)?,
        None => Registry::builtin(),
    };
    Ok((survey, registry))
}

/// The respondent `--respondent` names, if given, resolved like every
/// respondent argument.
fn respondent_flag(
    registry: &Registry,
    given: Option<&str>,
) -> Result<Option<crate::respondent_id::RespondentId>, Error> {
    given
        .map(|g| respondent(registry, g, Some("--respondent")).map(|r| r.id.clone()))
        .transpose()
}

/// The registry respondent that `given` names, for every command that
/// takes one (`history ID`, `withdraw ID`, `reinstate ID`,
/// `erase-contacts ID…`, `--respondent ID`): its id or a name, resolved
/// exactly like the survey's `organisation` answer. An unknown or
/// ambiguous one is a usage error naming the closest matches (only close
/// ones, by [`crate::registry::close`]); `flag` is the flag it was given
/// with, if any, for the message.
///
/// # Errors
/// No respondent, or more than one, has that id or name.
pub(crate) fn respondent<'a>(
    registry: &'a Registry,
    given: &str,
    flag: Option<&str>,
) -> Result<&'a Respondent, Error> {
    let names = |list: &[&Respondent]| -> Vec<String> {
        list.iter()
            .map(|r| format!("{} ({})", crate::text::shown(&r.name), r.id))
            .collect()
    };
    let quoted = crate::text::quote(given.trim());
    let what = match flag {
        Some(flag) => format!("{flag} {quoted}"),
        None => quoted,
    };
    match registry.resolve(given) {
        Resolution::Found(r) => Ok(r),
        Resolution::Unknown(near) if near.is_empty() => Err(Error::Usage(format!(
            "{what}: ingen organisation i registret har det id:t eller namnet, och inget namn där \
             liknar det. Ange organisationens id eller namn som det står i registret; \
             `collect status` listar dem."
        ))),
        Resolution::Unknown(near) => Err(Error::Usage(format!(
            "{what}: ingen organisation i registret har det id:t eller namnet. Menade du {}? \
             Ange i så fall det id:t eller namnet.",
            or_list(&names(&near))
        ))),
        Resolution::Ambiguous(all) => Err(Error::Usage(format!(
            "{what} kan betyda flera organisationer: {}. Ange organisationens id i stället.",
            names(&all).join(", ")
        ))),
    }
}

/// `["A", "B", "C"]` as "A, B eller C".
fn or_list(list: &[String]) -> String {
    match list {
        [] => String::new(),
        [one] => one.clone(),
        [first @ .., last] => format!("{} eller {last}", first.join(", ")),
    }
}

/// What a command reads, which no output may be: the survey and registry
/// files when given, the database and its `-wal`/`-shm` when `database`,
/// and `files`.
fn inputs(global: &Global, database: bool, files: &[&std::path::Path]) -> Vec<Input> {
    let mut inputs: Vec<Input> = files
        .iter()
        .map(|f| Input::file(f, "filen som läses"))
        .collect();
    if database {
        inputs.extend(Input::database(&global.db));
    }
    if let Some(survey) = &global.survey {
        inputs.push(Input::file(survey, "enkätdefinitionen"));
    }
    if let Some(registry) = &global.registry {
        inputs.push(Input::file(registry, "registret"));
    }
    inputs
}

/// Opens the database read-only, for a command that only reads it
/// (CLI.md): nothing is written to it, not even its journal mode, and an
/// older schema is read as it is. When it has to be read as immutable
/// (a folder that cannot be written and no `-shm` file), says so on
/// standard error.
///
/// # Errors
/// No database, a newer schema, SQLite errors.
pub(crate) fn read_store(global: &Global, err: &mut dyn Write) -> Result<Store, Error> {
    let (store, opened) = Store::open_read(&global.db)?;
    if let Some(notice) = opened.notice(&global.db) {
        let _ = writeln!(err, "collect: {notice}");
    }
    Ok(store)
}

/// Writes command output to standard output.
/// An output path's extension, lower-case.
fn extension(path: &std::path::Path) -> Option<String> {
    path.extension().map(|e| e.to_string_lossy().to_lowercase())
}

fn write_out(out: &mut dyn Write, text: &str) -> Result<(), Error> {
    out.write_all(text.as_bytes()).map_err(|cause| Error::Io {
        path: "standard ut".to_string(),
        cause,
    })
}
