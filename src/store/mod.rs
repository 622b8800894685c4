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
mod trail;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::convert::count_to_i64;
use crate::respondent_id::RespondentId;

pub use attempt::{Attempt, Fate, LoggedAttempt};
pub use current::CurrentSubmission;
pub use submission::{
    Erased, Inserted, NewSubmission, Reinstated, State, StoredAnswer, StoredSubmission,
    StoredWarning, sha256_hex,
};
pub use trail::{Action, TrailEvent};

/// Migrations in order; migration `i` brings the schema to version `i + 1`.
const MIGRATIONS: [&str; 3] = [
    include_str!("schema_v1.sql"),
    include_str!("schema_v2.sql"),
    include_str!("schema_v3.sql"),
];

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
    /// A command that only reads the database found one that `collect`
    /// never set up (an empty file).
    #[error(
        "databasen {path} är tom: den har inga sparade svar. Importera svar först med `collect import`, \
         eller ange rätt databas med --db eller COLLECT_DB."
    )]
    Empty {
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
    /// A respondent has no current submission to withdraw.
    #[error(
        "{respondent} har ingen gällande inlämning {}, så det finns inget att återkalla; inget har ändrats. \
         `collect history {respondent}` visar organisationens inlämningar.",
        in_year(*year)
    )]
    NoCurrentSubmission {
        /// The respondent.
        respondent: RespondentId,
        /// The budget year, when one was given.
        year: Option<i32>,
    },
    /// A respondent has no withdrawn submission to reinstate.
    #[error(
        "{respondent} har ingen återkallad inlämning {}, så det finns inget att återinsätta; inget har ändrats. \
         `collect history {respondent}` visar organisationens inlämningar.",
        in_year(*year)
    )]
    NothingWithdrawn {
        /// The respondent.
        respondent: RespondentId,
        /// The budget year, when one was given.
        year: Option<i32>,
    },
    /// A SHA-256 prefix matches no submission of the respondent, or more
    /// than one.
    #[error("{}", sha_prefix_message(respondent, *year, prefix, *matching, candidates))]
    ShaPrefix {
        /// The respondent.
        respondent: RespondentId,
        /// The budget year searched, when one was given.
        year: Option<i32>,
        /// The prefix, lower case.
        prefix: String,
        /// How many submissions it matches (0 or more than 1).
        matching: usize,
        /// The candidates: the matching ones, or every one in scope.
        candidates: Vec<StoredSubmission>,
    },
    /// The submission to withdraw is withdrawn already.
    #[error(
        "{} (sha256 {}) är redan återkallad sedan {at} ({reason}); inget har ändrats.",
        crate::text::shown(file),
        short(sha256)
    )]
    AlreadyWithdrawn {
        /// Its file name.
        file: String,
        /// Its SHA-256.
        sha256: String,
        /// When it was withdrawn.
        at: String,
        /// Why it was withdrawn.
        reason: String,
    },
    /// The submission to reinstate is not withdrawn.
    #[error(
        "{} (sha256 {}) är inte återkallad (den är {}), så det finns inget att återinsätta; inget har ändrats.",
        crate::text::shown(file), short(sha256), state.label()
    )]
    NotWithdrawn {
        /// Its file name.
        file: String,
        /// Its SHA-256.
        sha256: String,
        /// Its state.
        state: State,
    },
    /// The submission changed could not be read back.
    #[error("inlämningen kunde inte läsas tillbaka efter ändringen")]
    Vanished,
}

/// "för 2026", or "i databasen" when no year was given.
fn in_year(year: Option<i32>) -> String {
    year.map_or_else(|| "i databasen".to_string(), |y| format!("för {y}"))
}

/// The first 12 hex digits of a SHA-256, as lists show it.
fn short(sha256: &str) -> &str {
    sha256.get(..12).unwrap_or(sha256)
}

/// Says that a SHA-256 prefix matched no submission or several, and lists
/// the candidates: file, year, SHA-256 prefix and state, one a line.
fn sha_prefix_message(
    respondent: &RespondentId,
    year: Option<i32>,
    prefix: &str,
    matching: usize,
    candidates: &[StoredSubmission],
) -> String {
    use std::fmt::Write as _;
    let mut text = if matching == 0 {
        format!(
            "ingen inlämning från {respondent} {} har en SHA-256 som börjar med {prefix}; inget har ändrats.",
            in_year(year)
        )
    } else {
        format!(
            "SHA-256-prefixet {prefix} passar {} från {respondent} {}; inget har ändrats. \
             Ange så många tecken att det passar en enda.",
            crate::text::count(matching, "inlämning", "inlämningar"),
            in_year(year)
        )
    };
    if candidates.is_empty() {
        let _ = write!(
            text,
            " Organisationen har inga sparade inlämningar {}.",
            in_year(year)
        );
    } else {
        text.push_str(if matching == 0 {
            " Ange början av SHA-256 för en av dessa:"
        } else {
            " De som passar:"
        });
        for c in candidates {
            let _ = write!(
                text,
                "\n  {}  {}  sha256 {}  {}",
                crate::text::shown(&c.file),
                c.year,
                short(&c.sha256),
                c.state.label()
            );
        }
    }
    text
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

    /// Opens the existing database at `path` for reading only (CLI.md):
    /// `SQLITE_OPEN_READ_ONLY`, no pragma that writes, no migration, so an
    /// older schema is read as it is and the file may belong to someone
    /// else. Where SQLite cannot read it so because its folder cannot be
    /// written and the `-shm` file is missing, it is opened as immutable
    /// (`immutable=1`); [`Opened`] says which.
    ///
    /// # Errors
    /// No database; a newer schema; SQLite errors.
    pub fn open_read(path: &Path) -> Result<(Self, Opened), StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        check_path(path)?;
        let sqlite = |cause| StoreError::Sqlite {
            path: path.to_path_buf(),
            cause,
        };
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(sqlite)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite)?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
        };
        let (store, opened) = match store.probe() {
            Ok(()) => (store, Opened::ReadOnly),
            Err(e) if cannot_open(&e) && !beside(path, "-shm").exists() => {
                drop(store);
                let conn = Connection::open_with_flags(
                    immutable_uri(path),
                    flags | OpenFlags::SQLITE_OPEN_URI,
                )
                .map_err(sqlite)?;
                let store = Store {
                    conn,
                    path: path.to_path_buf(),
                };
                store.probe().map_err(sqlite)?;
                let unread_wal = std::fs::metadata(beside(path, "-wal")).is_ok_and(|m| m.len() > 0);
                (store, Opened::Immutable { unread_wal })
            }
            Err(e) => return Err(sqlite(e)),
        };
        let version = store.version()?;
        check_version(&store.path, version)?;
        if version == 0 && !store.has_table("submission")? {
            return Err(StoreError::Empty {
                path: path.to_path_buf(),
            });
        }
        Ok((store, opened))
    }

    /// Whether the database has the table `name`.
    fn has_table(&self, name: &str) -> Result<bool, StoreError> {
        self.conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [name],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n > 0)
            .map_err(self.sqlite())
    }

    /// Reads the schema, which is where SQLite first needs the database's
    /// `-wal` and `-shm` files.
    fn probe(&self) -> rusqlite::Result<()> {
        self.conn
            .query_row("SELECT COUNT(*) FROM sqlite_master", [], |_| Ok(()))
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

    /// Like [`Store::write`], for work that may also refuse: `f` gets the
    /// transaction and the mapping of SQLite errors; it is committed only
    /// when `f` succeeds, else nothing of it is kept.
    fn write_checked<T>(
        &mut self,
        f: impl FnOnce(
            &rusqlite::Transaction<'_>,
            &dyn Fn(rusqlite::Error) -> StoreError,
        ) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let path = self.path.clone();
        let sqlite = move |cause| StoreError::Sqlite {
            path: path.clone(),
            cause,
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&sqlite)?;
        let value = f(&tx, &sqlite)?;
        tx.commit().map_err(&sqlite)?;
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

/// How [`Store::open_read`] opened the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    /// Read-only, sharing it with any writer as usual.
    ReadOnly,
    /// Read-only and immutable: its folder cannot be written and SQLite's
    /// `-shm` file is missing, so SQLite assumes no one changes it.
    Immutable {
        /// A `-wal` file with content lies beside it, whose changes are not read.
        unread_wal: bool,
    },
}

impl Opened {
    /// What to tell the user, in Swedish, when the database was opened as
    /// immutable.
    pub fn notice(self, path: &Path) -> Option<String> {
        let Opened::Immutable { unread_wal } = self else {
            return None;
        };
        let shown = crate::text::shown(&path.display().to_string());
        let mut text = format!(
            "mappen som databasen {shown} ligger i går inte att skriva i, och SQLite:s fil {shown}-shm \
             saknas, så databasen läses som oföränderlig (immutable). Inget i den ändras. Om någon \
             importerar till den samtidigt syns inte det; kör då kommandot igen efteråt."
        );
        if unread_wal {
            text.push_str(&format!(
                " Ändringar som bara finns i {shown}-wal kommer inte med; be den som kan skriva i mappen \
                 att köra `collect status` där en gång, så förs de in i databasen."
            ));
        }
        Some(text)
    }
}

/// A file beside the database: its `-wal` or `-shm`.
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Whether SQLite could not open a file it needs (the `-shm` or `-wal` of
/// a read-only database in a folder that cannot be written).
fn cannot_open(error: &rusqlite::Error) -> bool {
    use rusqlite::ErrorCode;
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly | ErrorCode::PermissionDenied)
    )
}

/// The URI that opens `path` as immutable: `file:` and the absolute path,
/// every byte but unreserved ones and `/` percent-encoded.
fn immutable_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    #[cfg(unix)]
    let bytes = std::os::unix::ffi::OsStrExt::as_bytes(absolute.as_os_str()).to_vec();
    #[cfg(not(unix))]
    let bytes = {
        let text = absolute.to_string_lossy().replace('\\', "/");
        let text = if text.starts_with('/') {
            text
        } else {
            format!("/{text}")
        };
        text.into_bytes()
    };
    let mut uri = String::from("file:");
    for b in bytes {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    uri
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
