//! Atomic file writes: the new content goes to a temporary file in the same
//! folder, is flushed to disk, and is renamed over the target, so a failed
//! or killed run leaves the old file (or none), never a broken one.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// Writes `path` atomically with `fill`.
///
/// # Errors
/// The folder cannot be written, the disk is full, or the target cannot be
/// replaced (for example while a spreadsheet program holds it open).
pub fn write(path: &Path, fill: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".collect-")
        .tempfile_in(dir)?;
    temp.as_file().set_permissions(permissions(path, dir)?)?;
    {
        let mut out = BufWriter::new(temp.as_file_mut());
        fill(&mut out)?;
        out.flush()?;
    }
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    // Make the rename itself durable where the platform allows it.
    if let Ok(folder) = File::open(dir) {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// The permissions of the file being replaced, else readable by all and
/// writable by the owner (a temporary file's own are owner-only).
fn permissions(path: &Path, dir: &Path) -> io::Result<std::fs::Permissions> {
    if let Ok(meta) = std::fs::metadata(path) {
        return Ok(meta.permissions());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = dir;
        Ok(std::fs::Permissions::from_mode(0o644))
    }
    #[cfg(not(unix))]
    {
        let mut permissions = std::fs::metadata(dir)?.permissions();
        permissions.set_readonly(false);
        Ok(permissions)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_failed_fill_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ut.csv");
        std::fs::write(&path, "gammal").unwrap();
        let failed = super::write(&path, |w| {
            w.write_all(b"halv")?;
            Err(std::io::Error::other("avbrutet"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "gammal");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
        super::write(&path, |w| w.write_all(b"ny")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "ny");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let fresh = dir.path().join("ny.csv");
            super::write(&fresh, |w| w.write_all(b"x")).unwrap();
            assert_eq!(
                std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777,
                0o644
            );
        }
    }
}
