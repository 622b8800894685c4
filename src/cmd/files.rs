//! The loop `validate` and `import` share: expand the arguments, validate
//! each file, let the caller keep the accepted ones, render the verdicts
//! and decide the exit status.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::Status;
use crate::error::Error;
use crate::output::{self, Format, ImportState, Verdict};
use crate::validate::{Context, Outcome, validate};

/// Files above this count get a progress bar when standard error is a terminal.
const PROGRESS_FROM: usize = 20;

/// Validates every file below `paths`; `keep` is called for each file and
/// says what became of it (`None` for plain validation). Writes the verdicts
/// in `format` to `out` and returns the exit status.
///
/// # Errors
/// A failure of `keep` (the database) or of writing the output.
pub fn check(
    paths: &[PathBuf],
    ctx: &Context<'_>,
    strict: bool,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
    mut keep: impl FnMut(&Path, &[u8], &Outcome, bool) -> Result<Option<ImportState>, Error>,
) -> Result<Status, Error> {
    let (files, missing) = crate::files::expand(paths);
    let mut failed = !missing.is_empty();
    for e in &missing {
        let _ = writeln!(err, "collect: {e}");
    }
    let progress = (files.len() >= PROGRESS_FROM && std::io::stderr().is_terminal())
        .then(|| indicatif::ProgressBar::new(files.len() as u64));
    let mut results: Vec<(Outcome, bool, Option<ImportState>)> = Vec::with_capacity(files.len());
    for file in &files {
        if let Some(bar) = &progress {
            bar.inc(1);
        }
        let display = file.display().to_string();
        // A file over the size limit is refused before it is read.
        let size = std::fs::metadata(file).map_or(0, |m| m.len());
        if let Err(finding) = ctx.limits.check_file_size(&display, size) {
            let outcome = Outcome::refused(&display, finding);
            let state = keep(file, &[], &outcome, false)?;
            results.push((outcome, false, state));
            continue;
        }
        let bytes = match std::fs::read(file) {
            Ok(bytes) => bytes,
            Err(e) => {
                failed = true;
                let _ = writeln!(err, "collect: {}", Error::io(file, e));
                continue;
            }
        };
        let outcome = validate(&display, &bytes, ctx);
        let valid = outcome.is_valid(strict);
        let state = keep(file, &bytes, &outcome, valid)?;
        results.push((outcome, valid, state));
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let verdicts: Vec<Verdict<'_>> = results
        .iter()
        .map(|(outcome, valid, import)| Verdict {
            outcome,
            valid: *valid,
            import: *import,
        })
        .collect();
    out.write_all(output::render(format, &verdicts).as_bytes())
        .map_err(|e| Error::Io {
            path: "standard output".to_string(),
            source: e,
        })?;
    Ok(if failed {
        Status::Failed
    } else if verdicts.iter().all(|v| v.valid) {
        Status::Success
    } else {
        Status::Invalid
    })
}
