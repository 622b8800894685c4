//! Exact outputs pinned by snapshots (`tests/cli/snapshots/`): every
//! findings renderer (text, JSON, GitHub, JUnit) over the same files, and
//! the text of `status` and `history`. Any change to an output shows up as
//! a snapshot diff to review (`cargo insta review`, or
//! `INSTA_UPDATE=always cargo test` and read the diff).

use crate::{collect, collect_in, fixture};

/// Files with every kind of place: a clean workbook, warnings on cells and
/// sheets, errors on cells, a header row and a CSV line, and a file-level
/// error.
const FILES: [&str; 6] = [
    "submissions/1441-lerum.xlsx",
    "warnings/sheet.unknown.xlsx",
    "invalid/budget.parts_exceed_total.xlsx",
    "invalid/table.missing_column.xlsx",
    "invalid/csv.duplicate.csv",
    "invalid/file.corrupt.xlsx",
];

fn validate(format: &str) -> String {
    let mut args = vec!["validate", "--format", format];
    let files: Vec<String> = FILES.iter().map(|f| fixture(f)).collect();
    args.extend(files.iter().map(String::as_str));
    let run = collect(&args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.stdout
}

#[test]
fn validate_text() {
    insta::assert_snapshot!(validate("text"));
}

#[test]
fn validate_json() {
    insta::assert_snapshot!(validate("json"));
}

#[test]
fn validate_github() {
    insta::assert_snapshot!(validate("github"));
}

#[test]
fn validate_junit() {
    insta::assert_snapshot!(validate("junit"));
}

#[test]
fn status_and_history_text() {
    let dir = crate::imported_example();
    let status = collect_in(dir.path(), &["status"]);
    assert_eq!(status.code, 0, "{}", status.stderr);
    let history = collect_in(dir.path(), &["history", "1441"]);
    assert_eq!(history.code, 0, "{}", history.stderr);
    // Times of import change from run to run; everything else is pinned.
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", "[TID]");
    settings.add_filter(r"\d{4}-\d\d-\d\d \d\d:\d\d", "[TID]");
    settings.bind(|| {
        insta::assert_snapshot!("status_text", status.stdout);
        insta::assert_snapshot!("history_text", history.stdout);
    });
}
