//! Integration tests: they run the real `collect` binary on real files in
//! temporary folders and check what a user sees (exit codes, places, codes,
//! output formats).

mod architecture;
mod attempts;
mod county_map;
mod crash;
mod definitions;
mod development;
mod fixtures;
mod form_checks;
mod formats;
mod fuzz_regressions;
mod hostile;
mod language;
mod layout;
mod output_paths;
mod public_suites;
mod read_only;
mod readable;
mod real_writers;
mod records;
mod remind;
mod report;
mod respondents;
mod safety;
mod snapshots;
mod store;
mod template;
mod upstream;
mod usage;
mod validate;

use std::path::{Path, PathBuf};
use std::process::Command;

/// What a run of the binary printed and returned.
pub struct Run {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// The standard output parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.stdout))
    }
}

/// Runs `collect` with `args` in `dir`.
pub fn collect_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_collect"))
        .args(args)
        .current_dir(dir)
        .env_remove("COLLECT_DB")
        .output()
        .expect("the binary runs");
    let run = Run {
        code: output.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 output"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 messages"),
    };
    assert!(
        !run.stderr.contains("panicked") && run.code != 101,
        "collect panicked: {}",
        run.stderr
    );
    run
}

/// A fresh folder whose `collect.db` holds the 53 example submissions of
/// 2026 (every registry respondent but one).
pub fn imported_example() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let files = root().join("fixtures/submissions").display().to_string();
    let run = collect_in(dir.path(), &["import", "--example", &files]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    dir
}

/// Runs `collect` with `args` in the repository root.
pub fn collect(args: &[&str]) -> Run {
    collect_in(&root(), args)
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture's path relative to the root, as the tests pass it.
pub fn fixture(path: &str) -> String {
    format!("fixtures/{path}")
}

/// A finding's code and place.
pub type Pair = (String, String);

/// (code, place) of every error, and of every warning, of the one file in a
/// JSON document.
pub fn findings(doc: &serde_json::Value) -> (Vec<Pair>, Vec<Pair>) {
    let file = &doc["files"][0];
    let pairs = |key: &str| {
        file[key]
            .as_array()
            .expect("a list")
            .iter()
            .map(|f| {
                (
                    f["code"].as_str().expect("a code").to_string(),
                    f["place"].as_str().expect("a place").to_string(),
                )
            })
            .collect()
    };
    (pairs("errors"), pairs("warnings"))
}
