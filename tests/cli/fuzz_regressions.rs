//! Every input that ever crashed a fuzz target (fuzz/regressions/<target>/)
//! is read again by the real binary in every format it was fuzzed as: a
//! clear verdict, never a panic.

use crate::{collect_in, root};

#[test]
fn every_saved_crash_input_is_now_refused_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for (target, extensions) in [
        ("read_workbook", &["xlsx", "ods", "xls"][..]),
        ("read_csv", &["csv"][..]),
    ] {
        let Ok(entries) = std::fs::read_dir(root().join("fuzz/regressions").join(target)) else {
            continue;
        };
        for entry in entries {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            for extension in extensions {
                let name = format!("{target}-{checked}.{extension}");
                std::fs::write(dir.path().join(&name), &bytes).unwrap();
                let run = collect_in(dir.path(), &["validate", "--format", "json", &name]);
                assert!(run.code <= 1, "{name}: exit {}", run.code);
                assert!(run.stderr.is_empty(), "{name}: {}", run.stderr);
                checked += 1;
            }
        }
    }
    assert!(checked >= 3, "the regression inputs are there");
}
