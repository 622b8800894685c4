//! One module per subcommand: arguments become options and one library call.

pub mod annotate;
pub mod backup;
pub mod erase_contacts;
pub mod export;
mod files;
pub mod history;
pub mod import;
pub mod remind;
pub mod report;
pub mod status;
pub mod template;
pub mod validate;
pub mod withdraw;

use std::io::Write;

use crate::cli::{Cli, Command, Global};
use crate::error::Error;
use crate::registry::Registry;
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
        Command::Status(args) => status::run(&cli.global, args, out),
        Command::History(args) => history::run(&cli.global, args, out),
        Command::Withdraw(args) => withdraw::run(&cli.global, args, out),
        Command::EraseContacts(args) => erase_contacts::run(&cli.global, args, out),
        Command::Export(args) => export::run(&cli.global, args, out, err),
        Command::Backup(args) => backup::run(&cli.global, &args, out),
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

/// Writes command output to standard output.
fn write_out(out: &mut dyn Write, text: &str) -> Result<(), Error> {
    out.write_all(text.as_bytes()).map_err(|cause| Error::Io {
        path: "standard ut".to_string(),
        cause,
    })
}
