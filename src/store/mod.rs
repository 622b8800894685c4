//! The collection: a SQLite database (rusqlite, bundled) that keeps every
//! accepted submission whole (original bytes, SHA-256, typed answers,
//! warnings) and derives which one is current.
//!
//! Every write is one `BEGIN IMMEDIATE` transaction, so concurrent
//! importers wait on the busy timeout instead of failing, and a crash leaves
//! either the old state or the new one. The schema is versioned with
//! `PRAGMA user_version`; a database newer than this binary is refused
//! before anything is written to it.

mod attempt;
mod current;
mod submission;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::convert::count_to_i64;
use crate::respondent_id::RespondentId;

pub use attempt::{Attempt, Fate, LoggedAttempt};
pub use current::CurrentSubmission;
pub use submission::{
    Erased, Inserted, NewSubmission, State, StoredAnswer, StoredSubmission, StoredWarning,
    sha256_hex,
};

/// Migrations in order; migration `i` brings the schema to version `i + 1`.
const MIGRATIONS: [&str; 2] = [include_str!("schema_v1.sql"), include_str!("schema_v2.sql")];

/// How long a writer waits for another process's transaction.
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// Why the database could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A command that reads the database found none.
    #[error(
        "databasen {path} finns inte. Importera svar först med `collect import`, \
         eller ange databasen med --db eller COLLECT_DB."
    )]
    Missing {
        /// The database path.
        path: PathBuf,
    },
    /// The database path cannot hold a database: a folder, or a folder that
    /// does not exist.
    #[error("databasen kan inte öppnas: {}", crate::io_message::describe(&path.display().to_string(), cause))]
    Io {
        /// The database path.
        path: PathBuf,
        /// What is wrong with it.
        cause: std::io::Error,
    },
    /// The database was made by a newer `collect`.
    #[error(
        "databasen {path} har schemaversion {found}, men denna collect känner bara till version {known}. \
         Uppdatera collect; databasen har inte ändrats."
    )]
    NewerSchema {
        /// The database path.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest version this binary knows.
        known: i64,
    },
    /// SQLite failed: a file that is not a database, a full disk, a lock.
    #[error("databasen {path}: {}", explain(cause))]
    Sqlite {
        /// The database path.
        path: PathBuf,
        /// What SQLite said (not a `source`, so it is not printed twice).
        cause: rusqlite::Error,
    },
    /// `backup` was given a target that already exists.
    #[error("{} finns redan; välj ett nytt filnamn för säkerhetskopian", path.display())]
    BackupExists {
        /// The target.
        path: PathBuf,
    },
    /// A submission to store names no respondent or no year.
    #[error("{file}: svaret saknar organisation eller budgetår och kan inte lagras")]
    Unidentified {
        /// The file's name.
        file: String,
    },
    /// A stored answer's value cannot be read back.
    #[error("databasen innehåller ett oläsbart värde ({kind}: {text:?})")]
    UnreadableValue {
        /// The stored kind.
        kind: String,
        /// The stored text.
        text: String,
    },
    /// A respondent has no current submission for a year.
    #[error("{respondent} har ingen gällande inlämning för {year}")]
    NoCurrentSubmission {
        /// The respondent.
        respondent: RespondentId,
        /// The budget year.
        year: i32,
    },
    /// No submission of a respondent and year has a SHA-256 with this prefix.
    #[error("{respondent} har ingen inlämning för {year} vars SHA-256 börjar med {prefix}")]
    NoSubmissionWithSha {
        /// The respondent.
        respondent: RespondentId,
        /// The budget year.
        year: i32,
        /// The prefix as given.
        prefix: String,
    },
    /// A SHA-256 prefix matches more than one submission.
    #[error("SHA-256-prefixet passar {candidates} inlämningar; ange fler tecken")]
    AmbiguousSha {
        /// The prefix as given.
        prefix: String,
        /// How many submissions it matches.
        candidates: usize,
    },
    /// The submission to withdraw is withdrawn already.
    #[error("inlämningen {} är redan återkallad ({reason})", &sha256[..12])]
    AlreadyWithdrawn {
        /// Its SHA-256.
        sha256: String,
        /// Why it was withdrawn.
        reason: String,
    },
    /// The withdrawn submission could not be read back.
    #[error("inlämningen försvann under återkallelsen")]
    VanishedWhileWithdrawn,
}

/// The database path's own problems, told before SQLite's one word for all
/// of them ("cannot open"): a folder named as the database, or a folder
/// that does not exist.
fn check_path(path: &Path) -> Result<(), StoreError> {
    let io = |cause| StoreError::Io {
        path: path.to_path_buf(),
        cause,
    };
    if path.is_dir() {
        return Err(io(std::io::Error::from(std::io::ErrorKind::IsADirectory)));
    }
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    match std::fs::metadata(folder) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(io(std::io::Error::from(std::io::ErrorKind::NotADirectory))),
        Err(cause) => Err(io(cause)),
    }
}

/// What a SQLite failure means, in Swedish, with SQLite's own words after.
fn explain(error: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode;
    let meaning = match error.sqlite_error_code() {
        Some(ErrorCode::DiskFull | ErrorCode::SystemIoFailure) => {
            "disken är full eller går inte att skriva till; inget halvfärdigt har sparats"
        }
        Some(ErrorCode::ReadOnly | ErrorCode::PermissionDenied | ErrorCode::CannotOpen) => {
            "databasen kan inte öppnas för skrivning (behörighet eller skrivskydd)"
        }
        Some(ErrorCode::NotADatabase) => "filen är ingen collect-databas",
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            "databasen är upptagen av en annan process för länge; försök igen"
        }
        Some(ErrorCode::DatabaseCorrupt) => "databasfilen är skadad; återställ en säkerhetskopia",
        _ => return error.to_string(),
    };
    format!("{meaning} ({error})")
}

/// An open collection.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens the database at `path`, creating it (and bringing its schema
    /// up to date) when `create` is true.
    ///
    /// # Errors
    /// No database and `create` false; a newer schema; SQLite errors.
    pub fn open(path: &Path, create: bool) -> Result<Self, StoreError> {
        if !create && !path.exists() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        check_path(path)?;
        let flags = if create {
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE
        };
        let sqlite = |cause| StoreError::Sqlite {
            path: path.to_path_buf(),
            cause,
        };
        let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(sqlite)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        // Refuse a newer schema before anything (even the journal mode) is written.
        check_version(&store.path, store.version()?)?;
        store
            .conn
            .pragma_update(None, "foreign_keys", "ON")
            .map_err(sqlite)?;
        // Switching a new database to WAL needs it to itself, and SQLite does
        // not wait for that on its own: another process opening it at the
        // same moment gets "database is locked" at once. So wait here.
        retry_busy(|| store.conn.pragma_update(None, "journal_mode", "WAL")).map_err(sqlite)?;
        // In WAL mode NORMAL keeps every commit atomic and the database whole
        // after a crash of the process or the machine; only the last commits
        // before a power cut may be lost, never half of one.
        store
            .conn
            .pragma_update(None, "synchronous", "NORMAL")
            .map_err(sqlite)?;
        store.migrate()?;
        Ok(store)
    }

    /// Writes a consistent copy of the database to `target` (which must not
    /// exist), while other processes may go on writing.
    ///
    /// # Errors
    /// The target exists or cannot be written.
    pub fn backup(&self, target: &Path) -> Result<(), StoreError> {
        if target.exists() {
            return Err(StoreError::BackupExists {
                path: target.to_path_buf(),
            });
        }
        self.conn
            .execute("VACUUM INTO ?1", [target.to_string_lossy()])
            .map(|_| ())
            .map_err(|cause| StoreError::Sqlite {
                path: target.to_path_buf(),
                cause,
            })
    }

    /// The database's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn sqlite(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        |cause| StoreError::Sqlite {
            path: self.path.clone(),
            cause,
        }
    }

    fn version(&self) -> Result<i64, StoreError> {
        self.conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(self.sqlite())
    }

    /// Runs `f` in one write transaction, begun IMMEDIATE so that a
    /// concurrent writer waits on the busy timeout, and commits it; on any
    /// error nothing of it is kept.
    fn write<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> rusqlite::Result<T>,
    ) -> Result<T, StoreError> {
        let path = self.path.clone();
        let sqlite = |cause| StoreError::Sqlite {
            path: path.clone(),
            cause,
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sqlite)?;
        let value = f(&tx).map_err(sqlite)?;
        tx.commit().map_err(sqlite)?;
        Ok(value)
    }

    /// Applies the migrations the database lacks, in one transaction; a
    /// second process that migrated first leaves nothing to do.
    fn migrate(&mut self) -> Result<(), StoreError> {
        let known = count_to_i64(MIGRATIONS.len());
        if self.version()? == known {
            return Ok(());
        }
        // The version is read again inside the transaction: another process
        // may have migrated meanwhile. A newer one is left untouched.
        let found = self.write(|tx| {
            let found: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
            // A negative version (never written by collect) is left alone,
            // like a newer one.
            if let Ok(done) = usize::try_from(found)
                && found <= known
            {
                for (i, migration) in MIGRATIONS.iter().enumerate().skip(done) {
                    tx.execute_batch(migration)?;
                    tx.pragma_update(None, "user_version", count_to_i64(i + 1))?;
                }
            }
            Ok(found)
        })?;
        check_version(&self.path, found)
    }
}

/// Runs `f` again while SQLite reports the database busy or locked, for up
/// to the busy timeout; for the few operations SQLite's own busy handler
/// does not cover.
fn retry_busy<T>(mut f: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let start = std::time::Instant::now();
    loop {
        match f() {
            Err(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
                ) && start.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            other => return other,
        }
    }
}

fn check_version(path: &Path, found: i64) -> Result<(), StoreError> {
    let known = count_to_i64(MIGRATIONS.len());
    if found > known {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found,
            known,
        });
    }
    Ok(())
}
