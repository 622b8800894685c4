//! Everything said to a person is Swedish and true: I/O errors name the
//! path once and say what to do (never the system's English or a temporary
//! file's name), counts agree in number, a whole-file finding names the file
//! once, and CI users get totals and a step summary.

use std::path::Path;
use std::process::Command;

use crate::{Run, collect, collect_in, fixture, root};

/// English words of the operating system's error texts.
const ENGLISH: [&str; 6] = [
    "No such file",
    "Permission denied",
    "Is a directory",
    "os error",
    "Not a directory",
    "at path",
];

fn assert_swedish_io_error(run: &Run, path: &str, meaning: &str) {
    assert_eq!(run.code, 2, "{}", run.stderr);
    for word in ENGLISH {
        assert!(!run.stderr.contains(word), "{word:?} in {}", run.stderr);
    }
    assert!(
        !run.stderr.contains(".collect-"),
        "temporary name in {}",
        run.stderr
    );
    assert!(
        run.stderr.contains(meaning),
        "{meaning:?} not in {}",
        run.stderr
    );
    assert_eq!(run.stderr.matches(path).count(), 1, "{}", run.stderr);
}

#[test]
fn a_missing_file_is_named_once_in_swedish() {
    let run = collect(&["validate", "finns-inte.xlsx"]);
    assert_swedish_io_error(&run, "finns-inte.xlsx", "filen eller mappen finns inte");
}

#[test]
fn a_report_into_a_missing_folder_names_the_folder_not_a_temporary_file() {
    let dir = crate::imported_example();
    let run = collect_in(dir.path(), &["report", "-o", "finns-inte/r.xlsx"]);
    assert_swedish_io_error(&run, "finns-inte/r.xlsx", "finns inte");
}

#[test]
fn a_folder_where_a_file_is_expected_is_called_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("d.xlsx")).unwrap();
    let lerum = root().join(fixture("submissions/1441-lerum.xlsx"));
    let run = collect_in(
        dir.path(),
        &["annotate", &lerum.display().to_string(), "-o", "d.xlsx"],
    );
    assert_swedish_io_error(&run, "d.xlsx", "är en mapp");
}

#[test]
fn access_denied_says_so_to_an_unprivileged_user() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("svar.csv");
    std::fs::copy(root().join(fixture("submissions/1407-ockero.csv")), &file).unwrap();
    let mut permissions = std::fs::metadata(&file).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o000);
    std::fs::set_permissions(&file, permissions).unwrap();
    let run = as_nobody(dir.path(), &["validate", "svar.csv"]);
    assert_swedish_io_error(&run, "svar.csv", "åtkomst nekas");
}

/// Runs the binary as the unprivileged user `nobody`: these machines run
/// the tests as root, to whom no file is denied. Fails, never skips, when
/// that is impossible.
pub(crate) fn as_nobody(dir: &Path, args: &[&str]) -> Run {
    let binary = env!("CARGO_BIN_EXE_collect");
    let mut open = std::fs::metadata(dir).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut open, 0o777);
    std::fs::set_permissions(dir, open).unwrap();
    let is_root = Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    let mut command = if is_root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", binary]);
        c
    } else {
        Command::new(binary)
    };
    let output = command
        .args(args)
        .current_dir(dir)
        .env_remove("COLLECT_DB")
        .output()
        .expect("setpriv runs (util-linux)");
    Run {
        code: output.status.code().unwrap(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

#[test]
fn counts_agree_in_number() {
    let run = collect(&["validate", &fixture("warnings/sheet.unknown.xlsx")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .ends_with("Kontrollerade 1 fil: 1 godkänd, 0 underkända (0 fel, 1 varning).\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_whole_file_finding_names_the_file_once() {
    let path = fixture("invalid/file.corrupt.xlsx");
    let run = collect(&["validate", &path]);
    let line = run.stdout.lines().next().unwrap();
    assert_eq!(line.matches("file.corrupt.xlsx").count(), 1, "{line}");
    assert!(
        line.starts_with(&format!("{path}: fel: filen är skadad")),
        "{line}"
    );
    assert!(!line.contains("Zip") && !line.contains("EOCD"), "{line}");
}

#[test]
fn a_date_that_does_not_exist_is_called_so() {
    let dir = tempfile::tempdir().unwrap();
    let csv = std::fs::read_to_string(root().join(fixture("submissions/1407-ockero.csv"))).unwrap();
    let line = csv
        .lines()
        .find(|l| l.starts_with("besvarad,"))
        .unwrap()
        .to_string();
    std::fs::write(
        dir.path().join("svar.csv"),
        csv.replace(&line, "besvarad,,2021-02-30"),
    )
    .unwrap();
    let run = collect_in(dir.path(), &["validate", "svar.csv"]);
    assert!(
        run.stdout
            .contains("\"2021-02-30\" är ett datum som inte finns"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_example_import_sums_up_its_intended_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let files = root().join("fixtures/submissions");
    let run = collect_in(
        dir.path(),
        &["import", "--example", &files.display().to_string()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains(": varning:"), "{}", run.stdout);
    assert!(
        run.stdout.contains("Exempeldatan har ") && run.stdout.contains("med avsikt"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("budget.parts_below_total"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.lines().count() < 20, "{}", run.stdout);
}

#[test]
fn github_format_ends_with_totals_and_writes_a_step_summary() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "tidigare steg\n").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_collect"))
        .args([
            "validate",
            "--format",
            "github",
            &fixture("submissions/1441-lerum.xlsx"),
            &fixture("invalid/csv.duplicate.csv"),
        ])
        .current_dir(root())
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout.trim_end().lines().last().unwrap().starts_with(
            "::notice title=collect validate::2 filer: 1 godkänd, 1 underkänd (1 fel, 1 varning)"
        ),
        "{stdout}"
    );
    let markdown = std::fs::read_to_string(&summary).unwrap();
    assert!(
        markdown.starts_with("tidigare steg\n## collect"),
        "{markdown}"
    );
    assert!(markdown.contains("| Fil | Resultat | Allvarlighet | Plats | Kod | Meddelande |"));
    assert!(
        markdown.contains("| csv.duplicate.csv:38 | `csv.duplicate` |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("1441-lerum.xlsx | godkänd | varning | Budget!C2"),
        "{markdown}"
    );
}

#[test]
fn a_database_path_that_is_a_folder_or_in_a_missing_folder_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data.db")).unwrap();
    let lerum = root().join(fixture("submissions/1441-lerum.xlsx"));
    let lerum = lerum.display().to_string();
    let run = collect_in(dir.path(), &["--db", "data.db", "import", &lerum]);
    assert_swedish_io_error(&run, "data.db", "är en mapp");
    let run = collect_in(dir.path(), &["--db", "saknas/c.db", "import", &lerum]);
    assert_swedish_io_error(&run, "saknas/c.db", "finns inte");
    assert!(!run.stderr.contains("behörighet"), "{}", run.stderr);
}
