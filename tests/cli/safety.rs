//! Hostile names and links (CLI.md, "Safety"): a pull request's files
//! cannot make `collect` read outside what it was given, print a line
//! another program runs, or hang. Runs that could hang are watched: a
//! regression fails after 10 seconds instead of stalling CI.

use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{Run, fixture, root};

/// Runs `collect` in `dir`, killed after 10 seconds.
fn watched(dir: &Path, args: &[&str]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_collect"))
        .args(args)
        .current_dir(dir)
        .env_remove("COLLECT_DB")
        .env_remove("GITHUB_STEP_SUMMARY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(10) {
            child.kill().unwrap();
            panic!("collect {args:?} hung for 10 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code().unwrap(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// A pull request's tree: a valid submission, a link to a secret outside
/// it, and a workbook whose sheet name carries a workflow command.
fn pull_request() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("secret")).unwrap();
    std::fs::write(dir.path().join("secret/.env"), "GITHUB_TOKEN=ghp_hemligt\n").unwrap();
    let inbox = dir.path().join("inkommet/1441");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::copy(
        root().join(fixture("submissions/1441-lerum.xlsx")),
        inbox.join("lerum.xlsx"),
    )
    .unwrap();
    symlink("../../secret/.env", inbox.join("svar.csv")).unwrap();
    dir
}

#[test]
fn a_link_to_a_secret_is_refused_unread_in_a_ci_job() {
    let dir = pull_request();
    let run = watched(
        dir.path(),
        &[
            "validate",
            "--format",
            "github",
            "--respondent",
            "1441",
            "inkommet",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stdout.contains("ghp_"), "{}", run.stdout);
    assert!(!run.stdout.contains("GITHUB_TOKEN"), "{}", run.stdout);
    assert!(run.stdout.contains("title=file.link"), "{}", run.stdout);
    for line in run.stdout.lines() {
        assert!(
            line.starts_with("::error file=")
                || line.starts_with("::warning file=")
                || line.starts_with("::notice title=collect"),
            "a line GitHub would run: {line}"
        );
    }
    // Named on the command line, the link is refused just the same.
    let run = watched(dir.path(), &["validate", "inkommet/1441/svar.csv"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("symbolisk länk"), "{}", run.stdout);
    assert!(!run.stdout.contains("ghp_"), "{}", run.stdout);
}

#[test]
fn a_fifo_is_never_opened() {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("mkfifo")
        .arg(dir.path().join("x.csv"))
        .status()
        .unwrap();
    assert!(status.success());
    for args in [
        &["validate", "x.csv"][..],
        &["validate", "."],
        &["import", "."],
    ] {
        let run = watched(dir.path(), args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(run.stdout.contains("ingen vanlig fil"), "{}", run.stdout);
    }
}

#[test]
fn followed_links_to_devices_and_loops_neither_hang_nor_grow() {
    let dir = tempfile::tempdir().unwrap();
    symlink("/dev/zero", dir.path().join("noll.xlsx")).unwrap();
    std::fs::create_dir(dir.path().join("a")).unwrap();
    symlink("..", dir.path().join("a/upp")).unwrap();
    symlink("..", dir.path().join("a/upp2")).unwrap();
    let run = watched(dir.path(), &["validate", "--follow-links", "."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("noll.xlsx: fel: är ingen vanlig fil"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Kontrollerade 1 fil"), "{}", run.stdout);
    let run = watched(dir.path(), &["validate", "."]);
    assert!(
        run.stdout
            .contains("noll.xlsx: fel: filen är en symbolisk länk"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_crafted_sheet_name_cannot_start_a_log_line_or_steer_a_terminal() {
    use collect::form::{self, Input, SheetLayout};
    let survey = collect::survey::Survey::builtin();
    // Excel refuses such a name, so the workbook is written with a stand-in
    // and its XML edited, as an attacker would.
    let sheets = vec![SheetLayout {
        name: "PLATSHALLARE".to_string(),
        rows: vec![vec![Input::Text("anteckning".into())]],
        answers: Vec::new(),
        placed: Vec::new(),
        check_col: None,
        highlights: Vec::new(),
    }];
    let written = form::xlsx::write(&sheets, &form::xlsx::Options::new(&survey)).unwrap();
    let bytes = rewrite(
        &written,
        "xl/workbook.xml",
        "PLATSHALLARE",
        "X&#10;::error::owned&#13;",
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x\u{1b}]0;titel\u{7}.xlsx"), bytes).unwrap();
    for format in ["text", "github", "junit", "json"] {
        let run = watched(dir.path(), &["validate", "--format", format, "."]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        for line in run.stdout.lines() {
            assert!(!line.starts_with("::error::owned"), "{format}: {line}");
        }
        assert!(
            !run.stdout.contains('\u{1b}'),
            "{format}: escape in {}",
            run.stdout
        );
        assert!(
            !run.stdout.contains('\r'),
            "{format}: carriage return in {}",
            run.stdout
        );
        assert!(
            !run.stdout.contains('\u{7}'),
            "{format}: bell in {}",
            run.stdout
        );
    }
    let run = watched(dir.path(), &["validate", "."]);
    assert!(run.stdout.contains("X⏎::error::owned␍"), "{}", run.stdout);
}

/// The zip archive `bytes` with the first `from` replaced by `to` in one
/// entry.
fn rewrite(bytes: &[u8], entry: &str, from: &str, to: &str) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        let mut content = Vec::new();
        file.read_to_end(&mut content).unwrap();
        if name == entry {
            content = String::from_utf8(content)
                .unwrap()
                .replace(from, to)
                .into_bytes();
        }
        writer
            .start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(&content).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// After `erase-contacts --all`, no erased value (names, e-mail addresses,
/// telephone numbers) and no original file's text can be found anywhere in
/// the database file or its WAL: not in free pages, not in the log.
#[test]
fn erased_contacts_are_gone_from_every_byte_of_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let files = root().join("fixtures/submissions");
    let run = crate::collect_in(dir.path(), &["import", &files.display().to_string()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let export = crate::collect_in(
        dir.path(),
        &["export", "--with-contacts", "--format", "json", "-o", "-"],
    );
    let rows = export.json();
    let personal: Vec<String> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            ["kontaktperson", "epost", "telefon"].contains(&r["question"].as_str().unwrap())
        })
        .map(|r| r["value"].to_string().trim_matches('"').to_string())
        .filter(|v| v.len() >= 6)
        .collect();
    assert!(personal.len() > 100, "{}", personal.len());
    // A line of an original CSV, which is stored whole until erased.
    let original = std::fs::read_to_string(files.join("1407-ockero.csv")).unwrap();
    let line = original
        .lines()
        .find(|l| l.starts_with("epost,"))
        .unwrap()
        .to_string();
    let bytes_of_db = || {
        let mut all = std::fs::read(dir.path().join("collect.db")).unwrap();
        if let Ok(wal) = std::fs::read(dir.path().join("collect.db-wal")) {
            all.extend(wal);
        }
        all
    };
    let contains =
        |hay: &[u8], needle: &str| hay.windows(needle.len()).any(|w| w == needle.as_bytes());
    assert!(
        contains(&bytes_of_db(), &personal[0]),
        "the test finds a stored value"
    );
    let run = crate::collect_in(dir.path(), &["erase-contacts", "--all"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("säkerhetskopior"), "{}", run.stdout);
    let after = bytes_of_db();
    let found: Vec<&String> = personal.iter().filter(|v| contains(&after, v)).collect();
    assert!(found.is_empty(), "still in the file: {found:?}");
    assert!(
        !contains(&after, &line),
        "an original's line is still in the file"
    );
}

#[test]
fn nothing_to_check_is_an_error_never_a_pass() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("tom")).unwrap();
    std::fs::create_dir(dir.path().join("pdf")).unwrap();
    std::fs::write(dir.path().join("pdf/brev.pdf"), "%PDF-1.7").unwrap();
    for folder in ["tom", "pdf"] {
        for command in ["validate", "import"] {
            let run = watched(dir.path(), &[command, folder]);
            assert_eq!(run.code, 2, "{command} {folder}: {}", run.stderr);
            assert!(
                run.stderr.contains("inga enkätfiler hittades"),
                "{}",
                run.stderr
            );
            assert!(run.stdout.is_empty(), "{}", run.stdout);
        }
    }
    assert!(
        !dir.path().join("collect.db").exists(),
        "no database for nothing"
    );
}

#[test]
fn text_files_in_folders_are_taken_only_when_they_look_like_submissions() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inkommet");
    std::fs::create_dir(&inbox).unwrap();
    std::fs::write(inbox.join("LÄSMIG.txt"), "Hej! Här kommer vårt svar.\n").unwrap();
    let csv = std::fs::read(root().join(fixture("submissions/1407-ockero.csv"))).unwrap();
    std::fs::write(inbox.join("svar.txt"), &csv).unwrap();
    let run = watched(dir.path(), &["validate", "inkommet"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("Kontrollerade 1 fil"), "{}", run.stdout);
    assert!(
        run.stderr.contains("LÄSMIG.txt hoppades över"),
        "{}",
        run.stderr
    );
    // Named on the command line, a text file is always checked.
    let run = watched(dir.path(), &["validate", "inkommet/LÄSMIG.txt"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
}

#[test]
fn a_path_too_long_to_open_is_reported_never_skipped() {
    let dir = tempfile::tempdir().unwrap();
    // Folder names of 200 characters, 30 deep: beyond the system's path
    // limit, so the walk cannot open the deepest folder by its path.
    let name = "m".repeat(200);
    std::fs::create_dir(dir.path().join("djup")).unwrap();
    let script = format!(
        "import os\nos.chdir({:?})\nfor _ in range(30):\n    os.makedirs({name:?}, exist_ok=True)\n    os.chdir({name:?})\nopen('svar.csv', 'w').write('question,row,value\\n')\n",
        dir.path().join("djup")
    );
    let status = Command::new("python3")
        .args(["-c", &script])
        .status()
        .unwrap();
    assert!(status.success());
    let run = watched(dir.path(), &["validate", "djup"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("för långt"), "{}", run.stderr);
}

/// Formatting alone is not content: a survey sheet with empty formatted
/// cells at AMJ1 and on row 1048574, as LibreOffice 5 writes them, hits no
/// row or column limit.
#[test]
fn formatted_empty_cells_far_away_are_no_content() {
    let bytes = std::fs::read(root().join(fixture("submissions/1441-lerum.xlsx"))).unwrap();
    let budget = "xl/worksheets/sheet4.xml";
    let first = rewrite(&bytes, budget, "</row>", "<c r=\"AMJ1\" s=\"1\"/></row>");
    let far = rewrite(
        &first,
        budget,
        "</sheetData>",
        "<row r=\"1048574\"><c r=\"A1048574\" s=\"1\"/></row></sheetData>",
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("svar.xlsx"), far).unwrap();
    let run = watched(dir.path(), &["validate", "--format", "json", "svar.xlsx"]);
    let (errors, _) = crate::findings(&run.json());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(run.code, 0);
}

/// A value at Excel's cell limit still gives a feedback file: the
/// message that quotes it is cut at 200 characters, the cell at Excel's
/// limit.
#[test]
fn annotate_writes_a_feedback_file_for_a_value_at_the_cell_limit() {
    let dir = tempfile::tempdir().unwrap();
    let csv = std::fs::read_to_string(root().join(fixture("submissions/1407-ockero.csv"))).unwrap();
    let mut text: String = csv
        .lines()
        .filter(|l| !l.starts_with("budgetmodell,"))
        .map(|l| format!("{l}\r\n"))
        .collect();
    text.push_str(&format!("budgetmodell,,{}\r\n", "x".repeat(32_767)));
    std::fs::write(dir.path().join("svar.csv"), text).unwrap();
    let run = watched(dir.path(), &["annotate", "svar.csv", "-o", "ut.xlsx"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let sheets = crate::report::read(&dir.path().join("ut.xlsx"));
    let messages: Vec<String> = sheets["Återkoppling"]
        .iter()
        .flatten()
        .map(crate::report::text)
        .filter(|t| t.contains("xxxx"))
        .collect();
    assert!(!messages.is_empty());
    assert!(
        messages
            .iter()
            .all(|m| m.chars().count() < 400 && m.contains('…')),
        "{messages:?}"
    );
}
