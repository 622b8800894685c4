//! The command line (CLI.md): global options and subcommands, clap derive.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::output::Format;

/// Collects the SSVIT survey on digitalisation strategies and budgets from
/// the organisations of Västra Götaland, validates it and reports on it.
#[derive(Debug, Parser)]
#[command(name = "collect", version, about, long_about = None)]
pub struct Cli {
    /// Global options.
    #[command(flatten)]
    pub global: Global,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Global {
    /// The collection's SQLite database.
    #[arg(
        long,
        global = true,
        env = "COLLECT_DB",
        default_value = "collect.db",
        value_name = "PATH"
    )]
    pub db: PathBuf,
    /// A survey definition file (TOML) [default: the built-in SSVIT survey].
    #[arg(long, global = true, value_name = "PATH")]
    pub survey: Option<PathBuf>,
    /// A respondents CSV (id,name,kind,delregion,population,…) [default: the built-in 54 respondents].
    #[arg(long, global = true, value_name = "PATH")]
    pub registry: Option<PathBuf>,
    /// Limits on what a submitted file may make collect do.
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Limits on submitted files (docs/reliability.md); a file over one is invalid.
#[derive(Debug, Args)]
#[command(next_help_heading = "Limits")]
pub struct LimitArgs {
    /// Largest file, in MB.
    #[arg(long, global = true, value_name = "MB", default_value_t = 50)]
    pub max_file_mb: u64,
    /// Largest unpacked size of a workbook, in MB.
    #[arg(long, global = true, value_name = "MB", default_value_t = 200)]
    pub max_unzipped_mb: u64,
    /// Most parts (zip entries) in a workbook.
    #[arg(long, global = true, value_name = "N", default_value_t = 10_000)]
    pub max_zip_entries: usize,
    /// Most rows per sheet or lines per CSV.
    #[arg(long, global = true, value_name = "N", default_value_t = 100_000)]
    pub max_rows: u32,
    /// Most columns per sheet or fields per CSV line.
    #[arg(long, global = true, value_name = "N", default_value_t = 1_000)]
    pub max_columns: u32,
    /// Most characters in one cell.
    #[arg(long, global = true, value_name = "N", default_value_t = 32_767)]
    pub max_cell_chars: usize,
    /// Most cells (rows × columns) in a sheet grid read whole (.xls, .ods).
    #[arg(long, global = true, value_name = "N", default_value_t = 2_000_000)]
    pub max_grid_cells: u64,
}

impl LimitArgs {
    /// The limits these options set.
    pub fn limits(&self) -> crate::limits::Limits {
        crate::limits::Limits {
            file_bytes: self.max_file_mb.saturating_mul(1024 * 1024),
            unzipped_bytes: self.max_unzipped_mb.saturating_mul(1024 * 1024),
            zip_entries: self.max_zip_entries,
            rows: self.max_rows,
            columns: self.max_columns,
            cell_chars: self.max_cell_chars,
            grid_cells: self.max_grid_cells,
        }
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check submission files against the survey and the registry; stores nothing.
    Validate(ValidateArgs),
    /// Validate files and store every valid one in the database.
    Import(ImportArgs),
    /// Show who has answered and who is missing for a budget year.
    Status(StatusArgs),
    /// Show every stored submission of one respondent.
    History(HistoryArgs),
    /// Take a stored submission out of the count, keeping it in the history.
    Withdraw(WithdrawArgs),
    /// Erase personal data (contact answers and original files) from stored submissions.
    EraseContacts(EraseContactsArgs),
    /// Write the current answers as one tidy table (CSV or JSON).
    Export(ExportArgs),
    /// Write a consistent copy of the database, safe while others import.
    Backup(BackupArgs),
    /// Write the local status report (xlsx) from the database.
    Report(ReportArgs),
    /// Write blank or prefilled forms for respondents.
    Template(TemplateArgs),
    /// Write a respondent's file back into a fresh form with every finding marked.
    Annotate(AnnotateArgs),
}

/// File formats of `collect template`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TemplateFormat {
    /// An Excel workbook with drop-down lists and checks.
    Xlsx,
    /// The long CSV (question,row,value).
    Csv,
}

/// Arguments of `collect template`.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("for").args(["respondent", "all"]))]
pub struct TemplateArgs {
    /// The file to write, or with --all the folder to write into.
    #[arg(short, long, value_name = "PATH")]
    pub output: PathBuf,
    /// Prefill this respondent (registry id) and its budget year.
    #[arg(long, value_name = "ID")]
    pub respondent: Option<String>,
    /// One file per registry respondent, named by id and name, into the folder PATH.
    #[arg(long)]
    pub all: bool,
    /// File format.
    #[arg(long, value_enum, default_value_t = TemplateFormat::Xlsx)]
    pub format: TemplateFormat,
    /// The budget year asked about [default: the current year].
    #[arg(long, value_name = "N")]
    pub year: Option<i32>,
    /// The last day to answer, shown in the instructions (e.g. 2026-12-15).
    #[arg(long, value_name = "DATE")]
    pub deadline: Option<String>,
    /// Where to send the answered file, shown in the instructions.
    #[arg(long, value_name = "TEXT")]
    pub contact: Option<String>,
    /// Fill in last year's answers from the database, to be checked instead of typed again.
    #[arg(long, requires = "for")]
    pub prefill: bool,
}

/// Arguments of `collect annotate`.
#[derive(Debug, Args)]
pub struct AnnotateArgs {
    /// The respondent's file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The feedback workbook to write (.xlsx).
    #[arg(short, long, value_name = "OUT.xlsx")]
    pub output: PathBuf,
}

/// Arguments of `collect report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The workbook to write (.xlsx); replaced atomically.
    #[arg(short, long, value_name = "FILE.xlsx")]
    pub output: PathBuf,
    /// The budget year [default: the newest year in the database].
    #[arg(long, value_name = "N")]
    pub year: Option<i32>,
    /// Only this delregion's respondents (matched like organisation names).
    #[arg(long, value_name = "NAME")]
    pub delregion: Option<String>,
    /// Include personal data (contact person, e-mail, telephone) in Svarsstatus.
    #[arg(long)]
    pub with_contacts: bool,
}

/// Arguments of `collect backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The copy to write; must not exist.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

/// Arguments of `collect validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Files or folders (every .xlsx .xlsm .xls .ods .csv .txt below a folder).
    #[arg(required = true, value_name = "FILE")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// A file with warnings is invalid too.
    #[arg(long)]
    pub strict: bool,
    /// The registry id every file must come from.
    #[arg(long, value_name = "ID")]
    pub respondent: Option<String>,
    /// The budget year every file must be about.
    #[arg(long, value_name = "N")]
    pub year: Option<i32>,
}

/// Arguments of `collect import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Files or folders (every .xlsx .xlsm .xls .ods .csv .txt below a folder).
    #[arg(required = true, value_name = "FILE")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// A file with warnings is invalid too, and is not stored.
    #[arg(long)]
    pub strict: bool,
    /// Mark what is stored as example data (the report says its figures are fictitious).
    #[arg(long)]
    pub example: bool,
    /// The budget year every file must be about [default: each file's own].
    #[arg(long, value_name = "N")]
    pub year: Option<i32>,
}

/// Output formats of `collect status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusFormat {
    /// A table for people.
    Text,
    /// One JSON document.
    Json,
    /// CSV: id,name,kind,delregion,status,besvarad,imported,file,warnings.
    Csv,
}

/// Arguments of `collect status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The budget year [default: the newest year in the database].
    #[arg(long, value_name = "N")]
    pub year: Option<i32>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatusFormat::Text)]
    pub format: StatusFormat,
}

/// Output formats of `collect history`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum HistoryFormat {
    /// A list for people.
    Text,
    /// One JSON document.
    Json,
}

/// Arguments of `collect history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The respondent's registry id.
    #[arg(value_name = "ID")]
    pub respondent: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = HistoryFormat::Text)]
    pub format: HistoryFormat,
}

/// Arguments of `collect withdraw`.
#[derive(Debug, Args)]
pub struct WithdrawArgs {
    /// The respondent's registry id.
    #[arg(value_name = "ID")]
    pub respondent: String,
    /// The budget year.
    #[arg(long, value_name = "N")]
    pub year: i32,
    /// The start of the submission's SHA-256 [default: the current submission].
    #[arg(long, value_name = "PREFIX")]
    pub sha256: Option<String>,
    /// Why it is withdrawn (kept in the history).
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
}

/// Arguments of `collect erase-contacts`.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("who").required(true).args(["respondents", "all"]))]
pub struct EraseContactsArgs {
    /// The respondents whose submissions to erase personal data from.
    #[arg(value_name = "ID")]
    pub respondents: Vec<String>,
    /// Erase personal data from every stored submission.
    #[arg(long)]
    pub all: bool,
}

/// Output formats of `collect export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// CSV, UTF-8, comma-delimited.
    Csv,
    /// A JSON array of objects.
    Json,
}

/// Arguments of `collect export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The file to write (`-` for standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,
    /// The budget year [default: the newest year in the database].
    #[arg(long, value_name = "N")]
    pub year: Option<i32>,
    /// Include personal data (contact person, e-mail, telephone).
    #[arg(long)]
    pub with_contacts: bool,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
