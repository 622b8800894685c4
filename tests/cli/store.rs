//! The collection: `import`, `status`, `history`, `withdraw`,
//! `erase-contacts` and `export` against a real SQLite file, including
//! concurrent importers, a killed importer and a newer schema.

use std::path::Path;
use std::process::{Command, Stdio};

use collect::registry::Registry;
use collect::survey::Survey;
use collect_example::{self as example, FileKind, Quirk};

use crate::{collect_in, findings, root};

/// Runs `collect --db collect.db ARGS` in `dir`.
fn db(dir: &Path, args: &[&str]) -> crate::Run {
    let mut all = vec!["--db", "collect.db"];
    all.extend_from_slice(args);
    collect_in(dir, &all)
}

fn submissions() -> String {
    root().join("fixtures/submissions").display().to_string()
}

fn export(dir: &Path) -> String {
    let run = db(dir, &["export", "-o", "-", "--with-contacts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

/// A valid long CSV for Lerum answered on `answered`, with a comment.
fn lerum(answered: &str, comment: &str) -> String {
    format!(
        "question,row,value\norganisation,,Lerum\nar,,2026\nkontaktperson,,Fiktiv Person\n\
         epost,,fiktiv@lerum.example\nbesvarad,,{answered}\ndok_titel,1,Strategi\ndok_typ,1,strategi\n\
         dok_omrade,1,digitalisering\ndok_beslutad_av,1,KF\ndok_beslutsdatum,1,2024-01-10\n\
         dok_samverkan,1,egen\nbudget_total,,1 000 000\nbudget_kommentar,,\"{comment}\"\n"
    )
}

#[test]
fn importing_the_fixtures_stores_all_53_and_again_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let run = db(
        dir.path(),
        &["import", "--example", "--format", "json", &submissions()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.json();
    assert!(
        doc["files"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["import"] == "stored")
    );
    let before = export(dir.path());

    let status = db(dir.path(), &["status", "--format", "json"]).json();
    assert_eq!(status["year"], 2026);
    // Every registry respondent but one (collect_example::ABSENT_IN_THIRD_YEAR).
    assert_eq!(status["summary"]["answered"], 53);
    assert_eq!(status["summary"]["missing"], 1);
    let gr = status["delregions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["delregion"] == "Göteborgsregionen")
        .unwrap();
    assert_eq!(
        (gr["respondents"].as_u64(), gr["answered"].as_u64()),
        (Some(13), Some(13))
    );

    let again = db(dir.path(), &["import", "--format", "json", &submissions()]);
    assert_eq!(again.code, 0);
    assert!(
        again.json()["files"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["import"] == "unchanged")
    );
    let text = db(dir.path(), &["import", &submissions()]);
    assert!(
        text.stdout
            .contains("Import: 0 lagrade, 53 oförändrade, 0 avvisade."),
        "{}",
        text.stdout
    );
    assert_eq!(export(dir.path()), before);
}

#[test]
fn an_invalid_file_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    db(dir.path(), &["import", &submissions()]);
    let before = export(dir.path());
    let history_before = db(dir.path(), &["history", "1401", "--format", "json"]).stdout;
    let bad = root()
        .join("fixtures/invalid/amount.not_a_number.xlsx")
        .display()
        .to_string();
    let run = db(dir.path(), &["import", "--format", "json", &bad]);
    assert_eq!(run.code, 1);
    assert_eq!(run.json()["files"][0]["import"], "rejected");
    assert_eq!(export(dir.path()), before);
    // Its submissions are untouched; the attempt itself is logged.
    let history = db(dir.path(), &["history", "1401", "--format", "json"]).json();
    let before: serde_json::Value = serde_json::from_str(&history_before).unwrap();
    assert_eq!(history["submissions"], before["submissions"]);
    assert_eq!(
        history["rejected"][0]["file_name"],
        "amount.not_a_number.xlsx"
    );
}

#[test]
fn status_lists_every_respondent_with_missing_ones_as_saknas() {
    let dir = tempfile::tempdir().unwrap();
    let one = root()
        .join("fixtures/submissions/1441-lerum.xlsx")
        .display()
        .to_string();
    db(dir.path(), &["import", &one]);
    let csv = db(dir.path(), &["status", "--format", "csv"]);
    assert_eq!(csv.code, 0);
    let lines: Vec<&str> = csv.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "id,name,kind,delregion,status,besvarad,imported,file,warnings,last_rejected,last_rejected_file,last_rejected_errors"
    );
    assert_eq!(lines.len(), 55);
    let lerum = lines.iter().find(|l| l.starts_with("1441,")).unwrap();
    assert!(
        lerum.starts_with("1441,Lerum,kommun,Göteborgsregionen,Inkommen,2026-10-10,"),
        "{lerum}"
    );
    assert!(lerum.ends_with(",1441-lerum.xlsx,1,,,"), "{lerum}");
    assert!(lines.contains(&"VASTKOM,VästKom,samorganisation,Länsgemensam,Saknas,,,,,,,"));
    let text = db(dir.path(), &["status"]);
    assert!(
        text.stdout.contains("Totalt 1 av 54 har svarat."),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains("Saknas (53): Härryda, Partille"),
        "{}",
        text.stdout
    );
    assert!(csv.stdout.contains("\r\n"), "RFC 4180 line ends");
    // Another year has no answers; --year is a common option, before or
    // after the command.
    let other = db(
        dir.path(),
        &["--year", "2025", "status", "--format", "json"],
    )
    .json();
    assert_eq!(other["summary"]["answered"], 0);
}

#[test]
fn the_latest_answer_date_is_current_then_the_latest_import() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.csv"), lerum("2026-10-05", "A")).unwrap();
    std::fs::write(dir.path().join("b.csv"), lerum("2026-10-01", "B")).unwrap();
    std::fs::write(dir.path().join("c.csv"), lerum("2026-10-05", "C")).unwrap();
    for file in ["a.csv", "b.csv", "c.csv"] {
        assert_eq!(db(dir.path(), &["import", file]).code, 0);
    }
    let history = db(dir.path(), &["history", "1441", "--format", "json"]).json();
    let list = history["submissions"].as_array().unwrap();
    let summary: Vec<(String, String)> = list
        .iter()
        .map(|s| {
            (
                s["file"].as_str().unwrap().to_string(),
                s["state"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let pair = |f: &str, s: &str| (f.to_string(), s.to_string());
    assert_eq!(
        summary,
        [
            pair("c.csv", "current"),
            pair("a.csv", "superseded"),
            pair("b.csv", "superseded")
        ]
    );
    assert_eq!(comment(dir.path()), "C");

    // Withdrawing the current one makes the next in order current.
    let run = withdraw(dir.path(), "1441", &["--reason", "Fel fil"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Gällande är nu a.csv"),
        "{}",
        run.stdout
    );
    assert_eq!(comment(dir.path()), "A");
    let b_sha = list[2]["sha256"].as_str().unwrap()[..10].to_string();
    let run = withdraw(
        dir.path(),
        "1441",
        &["--sha256", &b_sha, "--reason", "Test"],
    );
    assert_eq!(run.code, 0);
    let history = db(dir.path(), &["history", "1441", "--format", "json"]).json();
    let states: Vec<&str> = history["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["current", "withdrawn", "withdrawn"]);
    let text = db(dir.path(), &["history", "1441"]).stdout;
    assert!(text.contains("återkallad (Fel fil)"), "{text}");
    // Withdrawing it twice, or a prefix that matches nothing, is refused.
    let twice = withdraw(dir.path(), "1441", &["--sha256", &b_sha, "--reason", "x"]);
    assert_eq!(twice.code, 2);
    let nothing = withdraw(
        dir.path(),
        "1441",
        &["--sha256", "ffffffff", "--reason", "x"],
    );
    assert_eq!(nothing.code, 2);
    assert_eq!(withdraw(dir.path(), "9999", &["--reason", "x"]).code, 2);
}

/// `collect withdraw ID --year 2026` with `args`.
fn withdraw(dir: &Path, id: &str, args: &[&str]) -> crate::Run {
    let mut all = vec!["withdraw", id, "--year", "2026"];
    all.extend_from_slice(args);
    db(dir, &all)
}

/// The budget comment of Lerum's current submission.
fn comment(dir: &Path) -> String {
    let csv = export(dir);
    csv.lines()
        .find(|l| l.starts_with("1441,2026,budget,,budget_kommentar,"))
        .map(|l| l.rsplit(',').next().unwrap().to_string())
        .unwrap_or_default()
}

#[test]
fn import_with_a_year_rejects_files_of_another_year() {
    let dir = tempfile::tempdir().unwrap();
    let run = db(
        dir.path(),
        &[
            "import",
            "--year",
            "2025",
            "--format",
            "json",
            &submissions(),
        ],
    );
    assert_eq!(run.code, 1);
    let doc = run.json();
    assert!(
        doc["files"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["import"] == "rejected")
    );
    let (errors, _) = findings(&serde_json::json!({"files": [doc["files"][0].clone()]}));
    assert_eq!(
        errors,
        [(
            "year.mismatch".to_string(),
            "Uppgiftslämnare!C3".to_string()
        )]
    );
}

#[test]
fn export_is_tidy_neutralises_formulas_and_keeps_contacts_out() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("lerum.csv"),
        lerum("2026-10-05", "=HYPERLINK(\"\"http://x\"\")"),
    )
    .unwrap();
    db(dir.path(), &["import", "lerum.csv"]);
    let run = db(dir.path(), &["export", "-o", "ut.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let csv = std::fs::read_to_string(dir.path().join("ut.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "respondent,year,section,row,question,value");
    assert!(lines.contains(&"1441,2026,uppgiftslamnare,,organisation,1441"));
    assert!(lines.contains(&"1441,2026,strategidokument,1,dok_omrade,digitalisering"));
    assert!(lines.contains(&"1441,2026,strategidokument,1,dok_beslutad_av,fullmaktige"));
    assert!(lines.contains(&"1441,2026,budget,,budget_total,1000000"));
    assert!(
        lines.contains(&"1441,2026,budget,,budget_kommentar,\"'=HYPERLINK(\"\"http://x\"\")\""),
        "{csv}"
    );
    assert!(
        !csv.contains("Fiktiv Person") && !csv.contains("fiktiv@lerum.example"),
        "no personal data: {csv}"
    );

    let json = db(
        dir.path(),
        &["export", "-o", "-", "--format", "json", "--with-contacts"],
    )
    .json();
    let rows = json.as_array().unwrap();
    let find = |q: &str| rows.iter().find(|r| r["question"] == q).unwrap().clone();
    assert_eq!(find("budget_total")["value"], 1_000_000.0);
    assert!(
        find("budget_total")["value"].is_i64(),
        "whole numbers as integers"
    );
    assert!(find("ar")["value"].is_i64());
    assert_eq!(find("epost")["value"], "fiktiv@lerum.example");
    assert_eq!(find("dok_titel")["row"], "1");
}

#[test]
fn erase_contacts_removes_personal_answers_and_originals_but_keeps_the_trace() {
    let dir = tempfile::tempdir().unwrap();
    db(dir.path(), &["import", &submissions()]);
    let sha_before = db(dir.path(), &["history", "1441", "--format", "json"]).json()["submissions"]
        [0]["sha256"]
        .clone();
    let run = db(dir.path(), &["erase-contacts", "1441"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Lerum gave a contact person, an e-mail address and a telephone number.
    assert!(
        run.stdout
            .contains("3 svar med kontaktuppgifter och 1 originalfil ur 1 inlämning."),
        "{}",
        run.stdout
    );
    let csv = export(dir.path());
    let lerum: Vec<&str> = csv.lines().filter(|l| l.starts_with("1441,")).collect();
    assert!(!lerum.is_empty());
    assert!(
        lerum
            .iter()
            .all(|l| [",kontaktperson,", ",epost,", ",telefon,"]
                .iter()
                .all(|q| !l.contains(q))),
        "{lerum:?}"
    );
    assert!(
        csv.lines()
            .any(|l| l.starts_with("1401,") && l.contains(",epost,")),
        "others keep theirs"
    );
    let history = db(dir.path(), &["history", "1441", "--format", "json"]).json();
    assert_eq!(history["submissions"][0]["has_original"], false);
    assert_eq!(history["submissions"][0]["sha256"], sha_before);

    let all = db(dir.path(), &["erase-contacts", "--all"]);
    assert_eq!(all.code, 0);
    assert!(!export(dir.path()).contains(",epost,"));
    assert_eq!(
        db(dir.path(), &["erase-contacts"]).code,
        2,
        "who must be said"
    );
}

#[test]
fn commands_that_read_the_database_need_one() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["status"],
        vec!["history", "1441"],
        vec!["export", "-o", "x.csv"],
        vec!["withdraw", "1441", "--year", "2026", "--reason", "x"],
        vec!["erase-contacts", "--all"],
    ] {
        let run = db(dir.path(), &args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(
            run.stderr.contains("collect.db finns inte"),
            "{}",
            run.stderr
        );
    }
    assert!(!dir.path().join("collect.db").exists(), "nothing created");
    std::fs::write(dir.path().join("collect.db"), "inte en databas").unwrap();
    let run = db(dir.path(), &["status"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("collect.db"), "{}", run.stderr);
}

#[test]
fn the_database_comes_from_collect_db_when_no_flag_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let one = root().join("fixtures/submissions/1441-lerum.xlsx");
    let output = Command::new(env!("CARGO_BIN_EXE_collect"))
        .args(["import", &one.display().to_string()])
        .current_dir(dir.path())
        .env("COLLECT_DB", "annan.db")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(dir.path().join("annan.db").exists() && !dir.path().join("collect.db").exists());
}

#[test]
fn a_newer_schema_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let one = root()
        .join("fixtures/submissions/1441-lerum.xlsx")
        .display()
        .to_string();
    db(dir.path(), &["import", &one]);
    let path = dir.path().join("collect.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    for args in [vec!["status"], vec!["import", one.as_str()]] {
        let run = db(dir.path(), &args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stderr.contains("schemaversion 99"), "{}", run.stderr);
    }
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file is not touched"
    );
}

/// Writes `n` synthetic submissions and a registry for them into `dir`.
fn synthetic(dir: &Path, n: usize) -> String {
    let mut csv = String::from("id,name,kind,delregion,population,population_year,aliases\n");
    for i in 0..n {
        csv.push_str(&format!(
            "S{i:04},Syntet {i},kommun,Delregion {},{},2021,\n",
            i % 3,
            4_000 + i
        ));
    }
    std::fs::write(dir.join("register.csv"), &csv).unwrap();
    let registry = Registry::parse(&csv, "test").unwrap();
    let survey = Survey::builtin();
    std::fs::create_dir_all(dir.join("in")).unwrap();
    for (i, r) in registry.respondents().iter().enumerate() {
        let kind = if i % 2 == 0 {
            FileKind::Xlsx
        } else {
            FileKind::Csv
        };
        let entries = example::entries(&survey, r, 2026, kind, Quirk::None);
        std::fs::write(
            dir.join("in").join(example::file_name(r, kind)),
            example::file_bytes(&survey, &entries, kind).unwrap(),
        )
        .unwrap();
    }
    dir.join("register.csv").display().to_string()
}

fn count(path: &Path) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row("SELECT COUNT(*) FROM submission", [], |r| r.get(0))
        .unwrap_or(0)
}

#[test]
fn concurrent_imports_both_finish() {
    let dir = tempfile::tempdir().unwrap();
    let registry = synthetic(dir.path(), 120);
    let spawn = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_collect"))
            .args(["--db", "collect.db", "--registry", &registry, "import"])
            .args(args)
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    // Both import everything: every file is stored exactly once, by one of them.
    let children: Vec<_> = (0..3).map(|_| spawn(&["in"])).collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert_eq!(count(&dir.path().join("collect.db")), 120);
}

#[test]
fn a_killed_import_leaves_a_whole_database() {
    let dir = tempfile::tempdir().unwrap();
    let registry = synthetic(dir.path(), 400);
    let path = dir.path().join("collect.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_collect"))
        .args([
            "--db",
            "collect.db",
            "--registry",
            &registry,
            "import",
            "in",
        ])
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once some, but not all, files are stored.
    let start = std::time::Instant::now();
    while (if path.exists() { count(&path) } else { 0 }) < 20 {
        assert!(
            start.elapsed().as_secs() < 60,
            "the import never started storing"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    let stored = count(&path);
    assert!(stored >= 20, "{stored}");

    let conn = rusqlite::Connection::open(&path).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    // Every stored submission is whole: its answers are there and its
    // original matches its SHA-256.
    let mut stmt = conn
        .prepare("SELECT sha256, original, (SELECT COUNT(*) FROM answer a WHERE a.submission_id = s.id) FROM submission s")
        .unwrap();
    let rows: Vec<(String, Vec<u8>, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (sha, original, answers) in &rows {
        assert_eq!(&collect::store::sha256_hex(original), sha);
        assert!(*answers >= 10, "{answers} answers");
    }
    drop(stmt);
    drop(conn);
    // Importing again completes the collection without duplicates.
    let run = db(
        dir.path(),
        &["--registry", &registry, "import", "--format", "json", "in"],
    );
    assert_eq!(run.code, 0);
    assert_eq!(count(&path), 400);
}

#[test]
fn a_backup_is_a_whole_database_with_the_same_answers() {
    let dir = tempfile::tempdir().unwrap();
    db(dir.path(), &["import", &submissions()]);
    let run = db(dir.path(), &["backup", "-o", "kopia.db"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let original = export(dir.path());
    let copy = collect_in(
        dir.path(),
        &["--db", "kopia.db", "export", "-o", "-", "--with-contacts"],
    );
    assert_eq!(copy.stdout, original);
    assert_eq!(
        db(dir.path(), &["backup", "-o", "kopia.db"]).code,
        2,
        "an existing file is not overwritten"
    );
}
