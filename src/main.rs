//! The `collect` binary: parse arguments, run the command, map the result to
//! an exit code (0 success, 1 invalid submissions, 2 usage or I/O error).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = collect::cli::Cli::parse();
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr();
    match collect::cmd::run(cli, &mut out, &mut err) {
        Ok(status) => ExitCode::from(status.code()),
        Err(e) => {
            eprintln!("collect: {:#}", anyhow::Error::from(e));
            ExitCode::from(2)
        }
    }
}
