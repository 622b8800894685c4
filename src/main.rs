//! The `collect` binary: parse arguments, run the command, map the result to
//! an exit code (0 success, 1 invalid submissions, 2 usage or I/O error).

use std::process::ExitCode;

fn main() -> ExitCode {
    quiet_library_panics();
    // Help, the version and usage errors are printed in Swedish there.
    let cli = match collect::cli::usage::parse() {
        Ok(cli) => cli,
        Err(code) => return ExitCode::from(code),
    };
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

/// Panics inside calamine (on a malformed workbook) and rust_xlsxwriter (on
/// a failed write of a temporary file) are caught and reported as findings
/// or errors; keep their messages off standard error. Any other panic is
/// reported as usual.
fn quiet_library_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // calamine is vendored (`vendor/calamine/src/…`); rust_xlsxwriter
        // comes from the registry (`…/rust_xlsxwriter-0.102.0/src/…`).
        let caught = info.location().is_some_and(|l| {
            let file = l.file();
            file.contains("calamine/src/")
                || file.contains("/calamine-")
                || file.contains("/rust_xlsxwriter-")
        });
        if !caught {
            default(info);
        }
    }));
}
