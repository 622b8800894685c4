//! Crashes and full disks: a killed report leaves the old file whole, and a
//! disk that fills up (simulated with a file size limit, `ulimit -f`)
//! leaves the database and the old report whole, with a clear message.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::{collect_in, root};

fn submissions() -> String {
    root().join("fixtures/submissions").display().to_string()
}

/// Runs the binary under bash with a file size limit in KiB; SIGXFSZ is
/// ignored so writes fail with EFBIG, as on a full disk.
fn with_file_limit(dir: &Path, kib: u32, args: &str) -> (i32, String) {
    let script = format!(
        "trap '' XFSZ; ulimit -f {kib}; exec \"{}\" {args}",
        env!("CARGO_BIN_EXE_collect")
    );
    let output = Command::new("bash")
        .args(["-c", &script])
        .current_dir(dir)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Whether a file is a whole workbook calamine can open.
fn opens(path: &Path) -> bool {
    use calamine::Reader;
    calamine::open_workbook::<calamine::Xlsx<_>, _>(path)
        .is_ok_and(|mut b: calamine::Xlsx<_>| b.worksheet_range("Budget").is_ok())
}

#[test]
fn a_killed_report_leaves_the_old_report_whole() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(collect_in(dir.path(), &["import", &submissions()]).code, 0);
    assert_eq!(
        collect_in(dir.path(), &["report", "-o", "rapport.xlsx"]).code,
        0
    );
    let path = dir.path().join("rapport.xlsx");
    for delay in [0u64, 2, 5, 10, 20, 40, 80] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_collect"))
            .args(["report", "-o", "rapport.xlsx"])
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        assert!(
            opens(&path),
            "the report is whole after a kill at {delay} ms"
        );
    }
}

#[test]
fn a_full_disk_during_import_leaves_a_whole_database() {
    let dir = tempfile::tempdir().unwrap();
    // Room for the database and some, not all, of the 53 originals.
    let (code, stderr) = with_file_limit(dir.path(), 400, &format!("import {}", submissions()));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("collect.db"),
        "the message names the database: {stderr}"
    );
    let conn = rusqlite::Connection::open(dir.path().join("collect.db")).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let stored: i64 = conn
        .query_row("SELECT COUNT(*) FROM submission", [], |r| r.get(0))
        .unwrap();
    // Files are stored in batches, each batch one transaction: every stored
    // submission whole, none of the batch the disk could not hold.
    assert!(stored < 53, "{stored} stored before the disk filled");
    let incomplete: i64 = conn
        .query_row("SELECT COUNT(*) FROM submission s WHERE (SELECT COUNT(*) FROM answer a WHERE a.submission_id = s.id) = 0", [], |r| r.get(0))
        .unwrap();
    assert_eq!(incomplete, 0, "every stored submission has its answers");
    drop(conn);
    // With room again, the import completes.
    assert_eq!(collect_in(dir.path(), &["import", &submissions()]).code, 0);
}

#[test]
fn a_full_disk_during_report_leaves_the_old_report() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(collect_in(dir.path(), &["import", &submissions()]).code, 0);
    std::fs::write(dir.path().join("rapport.xlsx"), "gammal rapport").unwrap();
    let (code, stderr) = with_file_limit(dir.path(), 40, "report -o rapport.xlsx");
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("rapport.xlsx"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("rapport.xlsx")).unwrap(),
        "gammal rapport"
    );
}
