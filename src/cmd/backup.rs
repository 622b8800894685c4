//! `collect backup -o FILE`: a consistent copy of the database.

use std::io::Write;

use super::{Status, write_out};
use crate::cli::{BackupArgs, Global};
use crate::error::Error;
use crate::store::Store;

/// Copies the database to the output file.
///
/// # Errors
/// No database, or the copy cannot be written.
pub fn run(global: &Global, args: &BackupArgs, out: &mut dyn Write) -> Result<Status, Error> {
    let store = Store::open(&global.db, false)?;
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
