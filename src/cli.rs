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
    /// A survey definition file (TOML) [default: the built-in SSVIT survey].
    #[arg(long, global = true, value_name = "PATH")]
    pub survey: Option<PathBuf>,
    /// A respondents CSV (id,name,kind,delregion,population,…) [default: the built-in 54 respondents].
    #[arg(long, global = true, value_name = "PATH")]
    pub registry: Option<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check submission files against the survey and the registry; stores nothing.
    Validate(ValidateArgs),
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

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
