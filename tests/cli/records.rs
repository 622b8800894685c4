//! Withdrawing and reinstating stored submissions (CLI.md, `withdraw`,
//! `reinstate`), and importing again the bytes of a withdrawn one.

use std::collections::HashMap;
use std::path::Path;

use crate::{Run, collect_in, root};

/// Runs `collect --db collect.db ARGS` in `dir`.
fn db(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["--db", "collect.db"];
    all.extend_from_slice(args);
    collect_in(dir, &all)
}

/// A valid long CSV for Lerum for budget year `year`, answered on
/// `answered`, with a comment.
fn lerum(year: i32, answered: &str, comment: &str) -> String {
    format!(
        "question,row,value\norganisation,,Lerum\nar,,{year}\nkontaktperson,,Fiktiv Person\n\
         epost,,fiktiv@lerum.example\nbesvarad,,{answered}\ndok_titel,1,Strategi\ndok_typ,1,strategi\n\
         dok_omrade,1,digitalisering\ndok_beslutad_av,1,KF\ndok_beslutsdatum,1,2024-01-10\n\
         dok_samverkan,1,egen\nbudget_total,,1 000 000\nbudget_kommentar,,\"{comment}\"\n"
    )
}

/// Writes `text` to `dir/name` and imports it.
fn import(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
    let run = db(dir, &["import", name]);
    assert_eq!(run.code, 0, "{name}: {}{}", run.stdout, run.stderr);
}

/// Lerum's history as JSON.
fn history(dir: &Path) -> serde_json::Value {
    let run = db(dir, &["history", "1441", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json()
}

/// (file, year, state) of each of Lerum's submissions, in history order.
fn states(dir: &Path) -> Vec<(String, i64, String)> {
    history(dir)["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["file"].as_str().unwrap().to_string(),
                s["year"].as_i64().unwrap(),
                s["state"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn state(file: &str, year: i64, state: &str) -> (String, i64, String) {
    (file.to_string(), year, state.to_string())
}

/// The SHA-256 of a stored file, from the history.
fn sha(dir: &Path, file: &str) -> String {
    history(dir)["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["file"] == file)
        .unwrap()["sha256"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Asserts that `args` exits 2 and leaves Lerum's history as it was.
fn refused(dir: &Path, args: &[&str]) -> Run {
    let before = history(dir);
    let run = db(dir, args);
    assert_eq!(run.code, 2, "{args:?}: {}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "", "{args:?}");
    assert_eq!(history(dir), before, "{args:?} changed nothing");
    run
}

#[test]
fn withdraw_without_a_year_takes_the_newest_year_with_a_current_submission() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    import(d, "2025.csv", &lerum(2025, "2025-10-05", "förra året"));
    import(d, "2026.csv", &lerum(2026, "2026-10-05", "i år"));
    let run = db(d, &["withdraw", "Lerum", "--reason", "Fel fil"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("för 2026: 2026.csv"), "{}", run.stdout);
    assert!(
        run.stdout.contains("collect reinstate 1441 --sha256 "),
        "{}",
        run.stdout
    );
    assert_eq!(
        states(d),
        [
            state("2026.csv", 2026, "withdrawn"),
            state("2025.csv", 2025, "current")
        ]
    );
    // 2026 has no current one now, so the next is 2025's.
    assert_eq!(db(d, &["withdraw", "1441", "--reason", "Test"]).code, 0);
    assert_eq!(
        states(d),
        [
            state("2026.csv", 2026, "withdrawn"),
            state("2025.csv", 2025, "withdrawn")
        ]
    );
    // Nothing current is left: exit 2, nothing changed.
    let run = refused(d, &["withdraw", "1441", "--reason", "x"]);
    assert!(
        run.stderr.contains("ingen gällande inlämning"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("inget har ändrats"), "{}", run.stderr);
}

#[test]
fn a_sha256_prefix_searches_every_year_unless_a_year_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    import(d, "2025.csv", &lerum(2025, "2025-10-05", "förra året"));
    import(d, "2026.csv", &lerum(2026, "2026-10-05", "i år"));
    let old = sha(d, "2025.csv");

    // A year that does not hold it: exit 2, listing the candidates of that
    // year (file, year, SHA-256 prefix, state).
    let run = refused(
        d,
        &[
            "--year",
            "2026",
            "withdraw",
            "1441",
            "--sha256",
            &old[..8],
            "--reason",
            "x",
        ],
    );
    let new = sha(d, "2026.csv");
    assert!(
        run.stderr
            .contains(&format!("2026.csv  2026  sha256 {}  gällande", &new[..12])),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("2025.csv"), "{}", run.stderr);

    // Without --year every year is searched.
    let run = db(
        d,
        &[
            "withdraw",
            "1441",
            "--sha256",
            &old[..8],
            "--reason",
            "Test",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        states(d),
        [
            state("2026.csv", 2026, "current"),
            state("2025.csv", 2025, "withdrawn")
        ]
    );
    // Upper case is the same prefix; withdrawing it twice is refused.
    let run = refused(
        d,
        &[
            "withdraw",
            "1441",
            "--sha256",
            &old[..8].to_uppercase(),
            "--reason",
            "x",
        ],
    );
    assert!(run.stderr.contains("redan återkallad"), "{}", run.stderr);
    // A prefix that matches nothing lists every submission.
    let run = refused(
        d,
        &["withdraw", "1441", "--sha256", "000000", "--reason", "x"],
    );
    for file in ["2025.csv  2025", "2026.csv  2026"] {
        assert!(run.stderr.contains(file), "{}", run.stderr);
    }
}

#[test]
fn a_prefix_needs_six_hex_digits() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    import(d, "a.csv", &lerum(2026, "2026-10-05", "A"));
    let full = sha(d, "a.csv");
    for prefix in [&full[..5], "ghijkl", "", &format!("{full}0")] {
        for args in [
            vec!["withdraw", "1441", "--sha256", prefix, "--reason", "x"],
            vec!["reinstate", "1441", "--sha256", prefix],
        ] {
            let run = refused(d, &args);
            assert!(run.stderr.contains("minst 6"), "{args:?}: {}", run.stderr);
        }
    }
    assert_eq!(
        db(
            d,
            &["withdraw", "1441", "--sha256", &full[..6], "--reason", "x"]
        )
        .code,
        0
    );
}

/// Two comments whose Lerum files' SHA-256 begin with the same six hex
/// digits.
fn colliding() -> (String, String) {
    let mut seen: HashMap<String, String> = HashMap::new();
    for i in 0.. {
        let comment = format!("variant {i}");
        let sha = collect::store::sha256_hex(lerum(2026, "2026-10-05", &comment).as_bytes());
        if let Some(other) = seen.insert(sha[..6].to_string(), comment.clone()) {
            return (other, comment);
        }
    }
    unreachable!()
}

#[test]
fn a_prefix_that_matches_two_submissions_lists_them_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (one, two) = colliding();
    import(d, "ett.csv", &lerum(2026, "2026-10-05", &one));
    import(d, "två.csv", &lerum(2026, "2026-10-05", &two));
    let prefix = sha(d, "ett.csv")[..6].to_string();
    assert_eq!(sha(d, "två.csv")[..6], prefix);
    let run = refused(
        d,
        &["withdraw", "1441", "--sha256", &prefix, "--reason", "x"],
    );
    assert!(
        run.stderr.contains("passar 2 inlämningar"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("ett.csv  2026") && run.stderr.contains("två.csv  2026"),
        "{}",
        run.stderr
    );
    // Both withdrawn: reinstating by the shared prefix is ambiguous too.
    for file in ["ett.csv", "två.csv"] {
        let full = sha(d, file);
        let run = db(
            d,
            &["withdraw", "1441", "--sha256", &full, "--reason", "Test"],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let run = refused(d, &["reinstate", "1441", "--sha256", &prefix]);
    assert!(
        run.stderr.contains("passar 2 inlämningar"),
        "{}",
        run.stderr
    );
}

#[test]
fn reinstate_puts_a_submission_back_in_its_own_place() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    import(d, "a.csv", &lerum(2026, "2026-10-05", "A"));
    import(d, "b.csv", &lerum(2026, "2026-10-01", "B"));
    import(d, "c.csv", &lerum(2026, "2026-10-05", "C"));
    let (a, b, c) = (sha(d, "a.csv"), sha(d, "b.csv"), sha(d, "c.csv"));
    let before = states(d);
    assert_eq!(
        before,
        [
            state("c.csv", 2026, "current"),
            state("a.csv", 2026, "superseded"),
            state("b.csv", 2026, "superseded")
        ]
    );
    // Nothing withdrawn yet: nothing to reinstate.
    let run = refused(d, &["reinstate", "1441", "--sha256", &c[..8]]);
    assert!(
        run.stderr.contains("ingen återkallad inlämning"),
        "{}",
        run.stderr
    );

    for sha in [&c, &b] {
        let run = db(
            d,
            &["withdraw", "1441", "--sha256", &sha[..8], "--reason", "Fel"],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    assert_eq!(
        states(d),
        [
            state("a.csv", 2026, "current"),
            state("c.csv", 2026, "withdrawn"),
            state("b.csv", 2026, "withdrawn")
        ]
    );
    // One that is not withdrawn cannot be reinstated.
    let run = refused(d, &["reinstate", "1441", "--sha256", &a[..8]]);
    assert!(run.stderr.contains("är inte återkallad"), "{}", run.stderr);
    // Of another year: nothing withdrawn there.
    refused(
        d,
        &["--year", "2025", "reinstate", "1441", "--sha256", &c[..8]],
    );

    // c has the latest date and was imported after a: current again.
    let run = db(d, &["reinstate", "Lerums kommun", "--sha256", &c[..8]]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Återinsatte Lerum (1441)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Gällande är nu c.csv"),
        "{}",
        run.stdout
    );
    // b, answered earlier, is back as superseded, not current.
    let run = db(
        d,
        &["--year", "2026", "reinstate", "1441", "--sha256", &b[..8]],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(states(d), before);
    let export = db(d, &["export", "-o", "-"]);
    assert!(
        export.stdout.contains("budget_kommentar,C"),
        "{}",
        export.stdout
    );
}

#[test]
fn withdrawal_and_reinstatement_both_stay_in_the_trail() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    import(d, "a.csv", &lerum(2026, "2026-10-05", "A"));
    let a = sha(d, "a.csv");
    assert_eq!(
        db(d, &["withdraw", "1441", "--reason", "Fel organisation"]).code,
        0
    );
    let run = db(d, &["reinstate", "1441", "--sha256", &a[..8]]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("ingen plats"), "{}", run.stdout);
    assert_eq!(db(d, &["withdraw", "1441", "--reason", "Igen"]).code, 0);

    let doc = history(d);
    let s = &doc["submissions"][0];
    assert_eq!(s["state"], "withdrawn");
    let trail: Vec<(&str, Option<&str>)> = s["trail"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap(), e["reason"].as_str()))
        .collect();
    assert_eq!(
        trail,
        [
            ("withdrawn", Some("Fel organisation")),
            ("reinstated", None),
            ("withdrawn", Some("Igen"))
        ]
    );
    let text = db(d, &["history", "Lerum"]).stdout;
    assert!(
        text.contains("återkallad: ") && text.contains("med skälet: Fel organisation"),
        "{text}"
    );
    assert!(text.contains("återinsatt: "), "{text}");
}

#[test]
fn a_database_of_an_older_schema_shows_its_withdrawal_and_keeps_it_when_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(
        root().join("fixtures/databases/schema-v1.db"),
        d.join("collect.db"),
    )
    .unwrap();
    // Read as it is (no trail table): the withdrawal comes from its columns.
    let run = db(d, &["history", "1407", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.json();
    let s = &doc["submissions"][0];
    assert_eq!(s["trail"][0]["action"], "withdrawn");
    assert_eq!(s["trail"][0]["reason"], "Testfil");
    // Reinstating upgrades the database, which keeps the withdrawal in the
    // trail beside the reinstatement.
    let sha = s["sha256"].as_str().unwrap().to_string();
    let run = db(d, &["reinstate", "1407", "--sha256", &sha[..8]]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = db(d, &["history", "1407", "--format", "json"]).json();
    let trail: Vec<&str> = doc["submissions"][0]["trail"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(trail, ["withdrawn", "reinstated"]);
    assert_eq!(doc["submissions"][0]["state"], "current");
}

#[test]
fn importing_a_withdrawn_file_again_stores_nothing_and_says_how_to_reinstate_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    import(d, "a.csv", &lerum(2026, "2026-10-05", "A"));
    import(d, "b.csv", &lerum(2026, "2026-10-06", "B"));
    let b = sha(d, "b.csv");
    assert_eq!(
        db(
            d,
            &["withdraw", "1441", "--reason", "Testfil från kansliet"]
        )
        .code,
        0
    );
    let before = history(d);

    let run = db(d, &["import", "--format", "json", "a.csv", "b.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.json();
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files[0]["import"], "unchanged");
    assert!(files[0].get("withdrawn").is_none(), "{doc:#}");
    assert_eq!(files[1]["import"], "unchanged");
    assert_eq!(files[1]["withdrawn"], true);
    assert!(run.stderr.contains("b.csv: "), "{}", run.stderr);
    assert!(
        run.stderr.contains("återkallades ") && run.stderr.contains("Testfil från kansliet"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!("collect reinstate 1441 --sha256 {}", &b[..12])),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("a.csv"), "{}", run.stderr);
    assert_eq!(history(d), before, "nothing stored");

    let text = db(d, &["import", "b.csv"]);
    assert_eq!(text.code, 0);
    assert!(
        text.stdout
            .contains("Import: 0 lagrade, 1 oförändrad, 0 avvisade."),
        "{}",
        text.stdout
    );
    assert!(text.stderr.contains("Inget lagrades."), "{}", text.stderr);
}
