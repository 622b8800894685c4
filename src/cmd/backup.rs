//! `collect backup -o FILE`: a consistent copy of the database.

use std::io::Write;

use super::{Status, write_out};
use crate::cli::{BackupArgs, Global};
use crate::error::Error;
use crate::output_path;

/// Copies the database to the output file.
///
/// # Errors
/// An output path that is the database or does not end like one; no
/// database, or the copy cannot be written.
pub fn run(
    global: &Global,
    args: &BackupArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Status, Error> {
    output_path::check(
        &args.output,
        &output_path::BACKUP,
        &super::inputs(global, true, &[]),
    )?;
    let store = super::read_store(global, err)?;
    store.backup(&args.output)?;
    write_out(
        out,
        &format!(
            "Säkerhetskopierade {} till {}.\n",
            global.db.display(),
            args.output.display()
        ),
    )?;
    Ok(Status::Success)
}
