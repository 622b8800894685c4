//! The loop `validate` and `import` share: expand the arguments, validate
//! each file, let the caller keep the accepted ones, render the verdicts
//! and decide the exit status.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::Status;
use crate::error::Error;
use crate::files::{Found, read_bounded};
use crate::finding::Finding;
use crate::output::{self, Format, Verdict};
use crate::place::Place;
use crate::store::Fate;
use crate::text::shown;
use crate::validate::{Context, Outcome, validate};

/// Files above this count get a progress bar when standard error is a terminal.
const PROGRESS_FROM: usize = 20;

/// Files validated in parallel before the caller keeps them, in order; a
/// batch bounds the memory held for files not yet kept.
const BATCH: usize = 64;

/// One validated file, for the caller to keep.
pub struct Checked<'a> {
    /// The file.
    pub path: &'a Path,
    /// Its bytes (empty when it was refused before reading).
    pub bytes: Vec<u8>,
    /// The validation outcome.
    pub outcome: Outcome,
    /// Whether it is accepted (after `--strict`).
    pub valid: bool,
}

/// What to check and how to show it.
pub struct Checking<'a> {
    /// The files and folders given.
    pub paths: &'a [PathBuf],
    /// What validation needs besides the files.
    pub ctx: &'a Context<'a>,
    /// Whether warnings make a file invalid.
    pub strict: bool,
    /// How verdicts are written.
    pub format: Format,
    /// The files are example data: their warnings are summarised.
    pub example: bool,
    /// Symbolic links are followed (`--follow-links`).
    pub follow_links: bool,
}

/// Validates every file below the paths, using all cores; `keep` is called
/// with each batch of validated files, in path order, and says what became
/// of each (`None` for plain validation). Writes the verdicts to `out` and
/// returns the exit status.
///
/// # Errors
/// A failure of `keep` (the database) or of writing the output.
pub fn check(
    checking: &Checking<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
    mut keep: impl FnMut(&[Checked<'_>]) -> Result<Vec<Option<Fate>>, Error>,
) -> Result<Status, Error> {
    let Checking {
        paths,
        ctx,
        strict,
        format,
        example,
        follow_links,
    } = *checking;
    let (files, mut failed) = files_to_check(paths, follow_links, err)?;
    let progress = (files.len() >= PROGRESS_FROM && std::io::stderr().is_terminal())
        .then(|| indicatif::ProgressBar::new(files.len() as u64));
    let mut results: Vec<(Outcome, bool, Option<Fate>)> = Vec::with_capacity(files.len());
    // One thread validates batches on all cores while this one keeps the
    // previous batch (stores it), so reading and writing overlap.
    let kept: Result<(), Error> = std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel(1);
        let files = &files;
        scope.spawn(move || {
            for chunk in files.chunks(BATCH) {
                let checked: Vec<Result<Checked<'_>, Error>> = chunk
                    .par_iter()
                    .map(|file| check_one(file, ctx, strict))
                    .collect();
                if sender.send(checked).is_err() {
                    break; // the keeper stopped on an error
                }
            }
        });
        for checked in receiver {
            let mut batch = Vec::with_capacity(checked.len());
            let count = checked.len() as u64;
            for result in checked {
                match result {
                    Ok(c) => batch.push(c),
                    Err(e) => {
                        failed = true;
                        let _ = writeln!(err, "collect: {e}");
                    }
                }
            }
            let states = keep(&batch)?;
            for (mut c, state) in batch.into_iter().zip(states) {
                // Only the findings are shown from here on; memory stays
                // flat however many files there are.
                c.outcome.submission.answers = Vec::new();
                results.push((c.outcome, c.valid, state));
            }
            if let Some(bar) = &progress {
                bar.inc(count);
            }
        }
        Ok(())
    });
    kept?;
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
    super::write_out(out, &output::render(format, &verdicts, example))?;
    if format == Format::Github {
        append_step_summary(&verdicts)?;
    }
    Ok(if failed {
        Status::Failed
    } else if verdicts.iter().all(|v| v.valid) {
        Status::Success
    } else {
        Status::Invalid
    })
}

/// The files the arguments name, after telling standard error about paths
/// that are missing (then `failed` is set) and `.txt` files skipped.
///
/// # Errors
/// No file at all to check.
fn files_to_check(
    paths: &[PathBuf],
    follow_links: bool,
    err: &mut dyn Write,
) -> Result<(Vec<Found>, bool), Error> {
    let expanded = crate::files::expand(paths, follow_links);
    let (files, missing) = (expanded.found, expanded.errors);
    let failed = !missing.is_empty();
    for e in &missing {
        let _ = writeln!(err, "collect: {e}");
    }
    for skipped in &expanded.skipped {
        let _ = writeln!(
            err,
            "collect: {} hoppades över: textfilen ser inte ut som en enkätfil (lång CSV med rubrikraden \
             question,row,value). Ange den uttryckligen om den ska kontrolleras.",
            shown(&skipped.display().to_string())
        );
    }
    if files.is_empty() && missing.is_empty() {
        return Err(Error::NoFiles {
            paths: paths
                .iter()
                .map(|p| shown(&p.display().to_string()))
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    Ok((files, failed))
}

/// Appends the Markdown summary to the file `$GITHUB_STEP_SUMMARY` names,
/// when it names one.
fn append_step_summary(verdicts: &[Verdict<'_>]) -> Result<(), Error> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    let path = PathBuf::from(path);
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut file| file.write_all(output::step_summary(verdicts).as_bytes()))
        .map_err(|e| Error::io(&path, e))
}

/// Reads and validates one file. A link (unless followed) or a special
/// file is refused unopened; a file over the size limit is refused before
/// it is read, and its reading stops at the limit whatever its metadata
/// said.
fn check_one<'a>(found: &'a Found, ctx: &Context<'_>, strict: bool) -> Result<Checked<'a>, Error> {
    let file = found.path();
    let display = file.display().to_string();
    let place = Place::file(&display);
    let refused = |finding| Checked {
        path: file,
        bytes: Vec::new(),
        outcome: Outcome::refused(&display, finding),
        valid: false,
    };
    match found {
        Found::Link(_) => return Ok(refused(link(place))),
        Found::Special(_) => return Ok(refused(not_regular(place))),
        Found::File(_) => {}
    }
    let size = std::fs::metadata(file)
        .map_err(|e| Error::io(file, e))?
        .len();
    let too_large = |size| ctx.limits.check_file_size(&place, size).err();
    if let Some(finding) = too_large(size) {
        return Ok(refused(finding));
    }
    let Some(bytes) = read_bounded(file, ctx.limits.file_bytes).map_err(|e| Error::io(file, e))?
    else {
        let finding = too_large(ctx.limits.file_bytes.saturating_add(1))
            .unwrap_or_else(|| not_regular(place.clone()));
        return Ok(refused(finding));
    };
    let outcome = validate(&display, &bytes, ctx);
    let valid = outcome.is_valid(strict);
    Ok(Checked {
        path: file,
        bytes,
        outcome,
        valid,
    })
}

/// The finding for a symbolic link, which is not followed.
fn link(place: Place) -> Finding {
    Finding::error(
        "file.link",
        place,
        "filen är en symbolisk länk och lästes inte: collect följer inte länkar, eftersom en länk kan peka \
         på vilken fil som helst på datorn. Lägg själva filen i mappen, eller ange --follow-links om länken \
         är avsedd.",
    )
}

/// The finding for a FIFO, device or socket, which is never opened.
fn not_regular(place: Place) -> Finding {
    Finding::error(
        "file.not_regular",
        place,
        "är ingen vanlig fil (utan en namngiven rörledning, en enhet eller en socket) och lästes inte. \
         Skicka enkätfilen som en vanlig fil.",
    )
}
