//! A respondent given on the command line (CLI.md, "Wherever a command
//! takes a respondent"): its id or a name, resolved like the survey's
//! `organisation` answer; an unknown or ambiguous one exits 2 naming only
//! close matches, and changes nothing.

use std::path::Path;

use crate::{Run, collect_in, root};

fn db(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["--db", "collect.db"];
    all.extend_from_slice(args);
    collect_in(dir, &all)
}

fn fixture(name: &str) -> String {
    root()
        .join("fixtures/submissions")
        .join(name)
        .display()
        .to_string()
}

/// A database with Lerum's and Ale's submissions.
fn imported() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for file in ["1441-lerum.xlsx", "1440-ale.csv"] {
        let run = db(dir.path(), &["import", &fixture(file)]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    dir
}

fn export(dir: &Path) -> String {
    let run = db(dir, &["export", "-o", "-", "--with-contacts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

#[test]
fn every_command_takes_an_id_or_a_name() {
    let dir = imported();
    let d = dir.path();
    for given in ["1441", "Lerum", "Lerums kommun", "  LERUM "] {
        let run = db(d, &["history", given, "--format", "json"]);
        assert_eq!(run.code, 0, "{given}: {}", run.stderr);
        assert_eq!(run.json()["respondent"], "1441", "{given}");
    }
    let run = db(d, &["history", "GR"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("Göteborgsregionens kommunalförbund (GR)")
    );

    let lerum = fixture("1441-lerum.xlsx");
    let run = db(d, &["validate", "--respondent", "Lerums kommun", &lerum]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let run = db(d, &["validate", "--respondent", "Ale", &lerum]);
    assert_eq!(run.code, 1, "a file from another respondent");

    let run = db(
        d,
        &[
            "template",
            "--respondent",
            "Lerums kommun",
            "-o",
            "lerum.xlsx",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(d.join("lerum.xlsx").exists());

    let run = db(d, &["erase-contacts", "Ale"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("för 1440:"), "{}", run.stdout);
}

#[test]
fn import_takes_a_respondent_too() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let run = db(
        d,
        &[
            "import",
            "--format",
            "json",
            "--respondent",
            "Lerum",
            &fixture("1440-ale.csv"),
            &fixture("1441-lerum.xlsx"),
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(doc["files"][0]["import"], "rejected");
    assert_eq!(doc["files"][1]["import"], "stored");
    let run = db(
        d,
        &["import", "--respondent", "Lerun", &fixture("1440-ale.csv")],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("Menade du Lerum (1441)?"),
        "{}",
        run.stderr
    );
    let history = db(d, &["history", "Ale", "--format", "json"]).json();
    assert_eq!(history["submissions"].as_array().unwrap().len(), 0);
}

/// Asserts an exit 2 with a Swedish message that names `given`.
fn unknown(run: &Run, given: &str) {
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains(&format!("\"{given}\"")),
        "{}",
        run.stderr
    );
}

#[test]
fn a_typo_gets_the_close_name_and_a_far_name_gets_none() {
    let dir = imported();
    let d = dir.path();
    let run = db(d, &["history", "Lerun"]);
    unknown(&run, "Lerun");
    assert!(
        run.stderr.contains("Menade du Lerum (1441)?"),
        "{}",
        run.stderr
    );

    for args in [
        vec!["history", "Stockholm"],
        vec!["withdraw", "Stockholm", "--reason", "x"],
        vec!["reinstate", "Stockholm", "--sha256", "abcdef"],
        vec!["validate", "--respondent", "Stockholm", "x.csv"],
        vec!["template", "--respondent", "Stockholm", "-o", "s.xlsx"],
    ] {
        let run = db(d, &args);
        unknown(&run, "Stockholm");
        assert!(
            !run.stderr.contains("Menade du"),
            "{args:?}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("Öckerö"), "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("Ange organisationens id eller namn"),
            "{}",
            run.stderr
        );
    }
    assert!(!d.join("s.xlsx").exists());
}

#[test]
fn erase_contacts_with_one_unknown_name_erases_nothing() {
    let dir = imported();
    let d = dir.path();
    let before = export(d);
    assert!(
        before.contains("1441,2026,uppgiftslamnare,,epost,"),
        "{before}"
    );
    let run = db(d, &["erase-contacts", "1441", "Stockholm", "Alle"]);
    unknown(&run, "Stockholm");
    assert!(run.stderr.contains("\"Alle\""), "{}", run.stderr);
    assert!(
        run.stderr.contains("Menade du Ale (1440)?"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("Inget har raderats."), "{}", run.stderr);
    assert_eq!(export(d), before);
    let history = db(d, &["history", "1441", "--format", "json"]).json();
    assert_eq!(history["submissions"][0]["has_original"], true);
}

#[test]
fn a_name_two_respondents_share_is_ambiguous() {
    let dir = imported();
    let d = dir.path();
    std::fs::write(
        d.join("register.csv"),
        "id,name,kind,delregion,population,population_year,aliases\n\
         1,Norra Ale,kommun,X,1,2021,Gemensam\n2,Södra Ale,kommun,X,1,2021,Gemensam\n",
    )
    .unwrap();
    let run = db(d, &["--registry", "register.csv", "history", "gemensam"]);
    unknown(&run, "gemensam");
    assert!(
        run.stderr
            .contains("kan betyda flera organisationer: Norra Ale (1), Södra Ale (2)"),
        "{}",
        run.stderr
    );
}
