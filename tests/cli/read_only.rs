//! Commands that only read the database (CLI.md: `status`, `history`,
//! `export`, `report`, `backup`, `template --prefill`) open it read-only and
//! work on a database file and folder the user may not write, as an
//! unprivileged user; where the folder is not writable and the `-shm` file
//! is missing, as immutable, saying so. An older schema is read as it is.

use std::path::Path;

use crate::language::as_nobody;
use crate::{collect_in, root};

/// A folder (writable by all, as `as_nobody` leaves it) with the fixtures
/// imported into `db/collect.db`.
fn collection() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("db")).unwrap();
    let files = root().join("fixtures/submissions").display().to_string();
    let run = collect_in(
        dir.path(),
        &["--db", "db/collect.db", "import", "--example", &files],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    dir
}

fn set_mode(path: &Path, mode: u32) {
    let mut permissions = std::fs::metadata(path).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, mode);
    std::fs::set_permissions(path, permissions).unwrap();
}

/// Every read-only command, with its output named after `tag`.
fn commands(tag: &str) -> Vec<Vec<String>> {
    let with_db = |args: &[&str]| -> Vec<String> {
        ["--db", "db/collect.db"]
            .iter()
            .chain(args)
            .map(|a| a.to_string())
            .collect()
    };
    vec![
        with_db(&["status"]),
        with_db(&["status", "--format", "json"]),
        with_db(&["history", "Lerum"]),
        with_db(&["export", "-o", &format!("{tag}.csv")]),
        with_db(&["export", "-o", "-", "--format", "json"]),
        with_db(&["report", "-o", &format!("{tag}.xlsx")]),
        with_db(&["backup", "-o", &format!("{tag}.db")]),
        with_db(&[
            "template",
            "--respondent",
            "1441",
            "--year",
            "2027",
            "--prefill",
            "-o",
            &format!("{tag}-mall.xlsx"),
        ]),
    ]
}

/// The names in a folder, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_database_in_a_folder_no_one_may_write_is_read_as_immutable() {
    let dir = collection();
    let folder = dir.path().join("db");
    let file = folder.join("collect.db");
    assert_eq!(listing(&folder), ["collect.db"], "no -wal or -shm left");
    let before = std::fs::read(&file).unwrap();
    set_mode(&file, 0o444);
    set_mode(&folder, 0o555);
    for args in commands("ut") {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = as_nobody(dir.path(), &args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("läses som oföränderlig (immutable). Inget i den ändras."),
            "{args:?}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("fel"), "{args:?}: {}", run.stderr);
    }
    assert!(
        as_nobody(dir.path(), &["--db", "db/collect.db", "status"])
            .stdout
            .contains("Totalt 53 av 54 har svarat.")
    );
    for written in ["ut.csv", "ut.xlsx", "ut.db", "ut-mall.xlsx"] {
        assert!(dir.path().join(written).exists(), "{written}");
    }
    set_mode(&folder, 0o755);
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the database as it was"
    );
    assert_eq!(listing(&folder), ["collect.db"], "nothing beside it");
    // The copy is a whole database with the same answers.
    let copy = collect_in(dir.path(), &["--db", "ut.db", "export", "-o", "-"]);
    let original = collect_in(dir.path(), &["--db", "db/collect.db", "export", "-o", "-"]);
    assert_eq!(copy.stdout, original.stdout);
}

#[test]
fn a_database_the_user_may_not_write_is_read_in_a_folder_they_may_write() {
    let dir = collection();
    let folder = dir.path().join("db");
    let file = folder.join("collect.db");
    let before = std::fs::read(&file).unwrap();
    set_mode(&file, 0o444);
    set_mode(&folder, 0o777);
    for args in commands("ut2") {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = as_nobody(dir.path(), &args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(
            !run.stderr.contains("immutable"),
            "{args:?}: {}",
            run.stderr
        );
    }
    assert_eq!(std::fs::read(&file).unwrap(), before);
    // A command that writes is refused, in Swedish, and changes nothing.
    let run = as_nobody(
        dir.path(),
        &["--db", "db/collect.db", "withdraw", "1441", "--reason", "x"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("kan inte öppnas för skrivning"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn an_older_schema_is_read_as_it_is_and_not_upgraded() {
    let dir = collection();
    let file = dir.path().join("db/collect.db");
    // A database whose schema version is older than this binary's.
    {
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.pragma_update(None, "user_version", 0).unwrap();
    }
    let before = std::fs::read(&file).unwrap();
    for args in commands("gammal") {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = collect_in(dir.path(), &args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    }
    assert_eq!(std::fs::read(&file).unwrap(), before, "not upgraded");
    let conn = rusqlite::Connection::open(&file).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 0);
}

#[test]
fn an_empty_database_file_is_told_apart_and_left_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("collect.db"), "").unwrap();
    let run = collect_in(dir.path(), &["status"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("är tom"), "{}", run.stderr);
    assert_eq!(
        std::fs::read(dir.path().join("collect.db")).unwrap().len(),
        0
    );
}
