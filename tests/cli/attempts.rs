//! The attempt log: every file `import` processes is logged, so the
//! strategist tells "never sent" from "sent, but rejected" in `status`,
//! `history` and the report; a database of the first schema is upgraded in
//! place by `import` and keeps everything it held.

use std::path::Path;

use crate::{Run, collect_in, fixture, root};

fn db(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["--db", "collect.db"];
    all.extend_from_slice(args);
    collect_in(dir, &all)
}

fn file(name: &str) -> String {
    root().join(fixture(name)).display().to_string()
}

#[test]
fn a_rejected_file_shows_in_status_history_and_the_report() {
    let dir = tempfile::tempdir().unwrap();
    // Härryda (1401) sends a file with an invalid e-mail address: rejected.
    let run = db(dir.path(), &["import", &file("invalid/email.invalid.xlsx")]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let status = db(dir.path(), &["status", "--format", "json"]).json();
    let harryda = &status["respondents"][0];
    assert_eq!(harryda["id"], "1401");
    assert_eq!(harryda["status"], "Saknas");
    assert_eq!(harryda["last_rejected_file"], "email.invalid.xlsx");
    assert_eq!(harryda["last_rejected_errors"], 1);
    assert!(harryda["last_rejected"].as_str().unwrap().contains('T'));
    // Partille never sent anything.
    assert!(status["respondents"][1]["last_rejected"].is_null());

    let text = db(dir.path(), &["status"]).stdout;
    assert!(text.contains("underkänd fil"), "{text}");
    assert!(text.contains("email.invalid.xlsx (1 fel)"), "{text}");
    let csv = db(dir.path(), &["status", "--format", "csv"]).stdout;
    assert!(csv.starts_with("id,name,kind,delregion,status,besvarad,imported,file,warnings,last_rejected,last_rejected_file,last_rejected_errors\r\n"), "{csv}");
    assert!(csv.contains(",email.invalid.xlsx,1\r\n"), "{csv}");

    let history = db(dir.path(), &["history", "1401"]);
    assert!(
        history.stdout.contains("0 inlämningar"),
        "{}",
        history.stdout
    );
    assert!(
        history.stdout.contains("Underkända importförsök (1)"),
        "{}",
        history.stdout
    );
    assert!(
        history.stdout.contains("email.invalid Uppgiftslämnare!C5"),
        "{}",
        history.stdout
    );
    let json = db(dir.path(), &["history", "1401", "--format", "json"]).json();
    assert_eq!(json["rejected"][0]["file_name"], "email.invalid.xlsx");
    assert_eq!(json["rejected"][0]["errors"], 1);

    // The rejected attempt changes no figure but shows in Svarsstatus.
    let report = db(dir.path(), &["report", "-o", "r.xlsx"]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    let sheets = crate::report::read(&dir.path().join("r.xlsx"));
    let status = &sheets["Svarsstatus"];
    let column = status[0]
        .iter()
        .position(|c| crate::report::text(c) == "Senaste underkända försök")
        .expect("the column");
    let harryda = status
        .iter()
        .find(|row| crate::report::text(&row[0]) == "1401")
        .unwrap();
    assert!(
        !crate::report::text(&harryda[column]).is_empty(),
        "{harryda:?}"
    );
    let partille = status
        .iter()
        .find(|row| crate::report::text(&row[0]) == "1402")
        .unwrap();
    assert!(
        crate::report::text(&partille[column]).is_empty(),
        "{partille:?}"
    );
}

#[test]
fn a_rejected_correction_after_an_accepted_file_is_shown_an_earlier_one_is_not() {
    let dir = tempfile::tempdir().unwrap();
    // Rejected first, then accepted: nothing to point out any more.
    assert_eq!(
        db(dir.path(), &["import", &file("invalid/email.invalid.xlsx")]).code,
        1
    );
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(
        db(
            dir.path(),
            &["import", &file("submissions/1401-harryda.xlsx")]
        )
        .code,
        0
    );
    let status = db(dir.path(), &["status", "--format", "json"]).json();
    assert_eq!(status["respondents"][0]["status"], "Inkommen");
    assert!(
        status["respondents"][0]["last_rejected"].is_null(),
        "{status:#}"
    );
    // A rejected correction afterwards is shown beside the accepted file.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(
        db(dir.path(), &["import", &file("invalid/email.invalid.xlsx")]).code,
        1
    );
    let status = db(dir.path(), &["status", "--format", "json"]).json();
    assert_eq!(status["respondents"][0]["status"], "Inkommen");
    assert_eq!(
        status["respondents"][0]["last_rejected_file"],
        "email.invalid.xlsx"
    );
    // Each attempt is logged: two rejected, newest first.
    let json = db(dir.path(), &["history", "1401", "--format", "json"]).json();
    assert_eq!(json["rejected"].as_array().unwrap().len(), 2);
    assert_eq!(json["submissions"].as_array().unwrap().len(), 1);
}

#[test]
fn a_database_of_the_first_schema_is_upgraded_by_import_and_keeps_its_submissions() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("fixtures/databases/schema-v1.db"),
        dir.path().join("collect.db"),
    )
    .unwrap();
    let before = db(dir.path(), &["export", "--format", "json", "-o", "-"]).stdout;
    assert!(before.len() > 1000);
    let run = db(dir.path(), &["import", &file("invalid/email.invalid.xlsx")]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let after = db(dir.path(), &["export", "--format", "json", "-o", "-"]).stdout;
    assert_eq!(before, after, "the stored answers are untouched");
    let status = db(dir.path(), &["status", "--format", "json"]).json();
    assert_eq!(
        status["respondents"][0]["last_rejected_file"],
        "email.invalid.xlsx"
    );
    // The withdrawal stored by the first schema is still there.
    let history = db(dir.path(), &["history", "1407"]).stdout;
    assert!(history.contains("Testfil"), "{history}");
}

/// Times follow `TZ`, the same in every command: text for people shows
/// `ÅÅÅÅ-MM-DD tt:mm` local time, CSV and JSON RFC 3339 with the local
/// offset. A POSIX rule needs no time-zone database.
#[test]
fn times_are_local_by_tz_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        db(
            dir.path(),
            &["import", &file("submissions/1441-lerum.xlsx")]
        )
        .code,
        0
    );
    let with_tz = |tz: &str, args: &[&str]| {
        let mut all = vec!["--db", "collect.db"];
        all.extend_from_slice(args);
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_collect"))
            .args(&all)
            .current_dir(dir.path())
            .env("TZ", tz)
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    let stockholm = "CET-1CEST,M3.5.0,M10.5.0/3";
    let json = |tz: &str| -> serde_json::Value {
        serde_json::from_str(&with_tz(tz, &["status", "--format", "json"])).unwrap()
    };
    let lerum = |doc: &serde_json::Value| {
        doc["respondents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == "1441")
            .unwrap()["imported"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (local, utc) = (lerum(&json(stockholm)), lerum(&json("UTC0")));
    // December: Stockholm is UTC+1, in whole seconds.
    assert!(local.ends_with("+01:00"), "{local}");
    assert!(utc.ends_with("+00:00"), "{utc}");
    assert_eq!(local.len(), "2026-12-02T12:51:00+01:00".len(), "{local}");
    let csv = with_tz(stockholm, &["status", "--format", "csv"]);
    assert!(csv.contains(&local), "{csv}");
    // Text: the same instant as people read it, an hour apart.
    let text = |tz: &str| {
        let history = with_tz(tz, &["history", "1441"]);
        history
            .lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix("importerad:")
                    .map(|t| t.trim().to_string())
            })
            .unwrap()
    };
    let (people_local, people_utc) = (text(stockholm), text("UTC0"));
    assert_eq!(
        people_local.len(),
        "2026-12-02 12:51".len(),
        "{people_local}"
    );
    assert_eq!(&people_local[..10], &local[..10]);
    assert_eq!(&people_local[11..], &local[11..16]);
    assert_ne!(people_local, people_utc);
}
