//! Validation throughput: files per second for the 53 shipped fixtures of
//! 2026 and
//! for a synthetic set of 1,000 submissions (two thirds xlsx, one third
//! CSV) with a matching synthetic registry. Run with `cargo bench`.

use std::path::Path;
use std::time::{Duration, Instant};

use collect::convert::{count_to_f64, u64_to_f64};
use collect::registry::Registry;
use collect::survey::Survey;
use collect::validate::{Context, validate};
use collect_example::{self as example, FileKind, Quirk};

/// Validates every file in `dir` in this process, as `collect validate
/// DIR` does, and returns the file count, bytes and wall time.
fn run(dir: &Path, survey: &Survey, registry: &Registry) -> (usize, u64, Duration) {
    let ctx = Context {
        survey,
        registry,
        today: chrono::Local::now().date_naive(),
        respondent: None,
        year: None,
        limits: collect::limits::Limits::default(),
    };
    let start = Instant::now();
    let expanded = collect::files::expand(&[dir.to_path_buf()], false);
    let files: Vec<&std::path::Path> = expanded
        .found
        .iter()
        .map(collect::files::Found::path)
        .collect();
    assert!(expanded.errors.is_empty());
    let mut bytes = 0;
    for file in &files {
        let content = std::fs::read(file).expect("readable");
        bytes += content.len() as u64;
        let outcome = validate(&file.display().to_string(), &content, &ctx);
        assert!(
            outcome.is_valid(false),
            "{}: {:?}",
            file.display(),
            outcome.findings
        );
    }
    (files.len(), bytes, start.elapsed())
}

fn report(label: &str, (files, bytes, time): (usize, u64, Duration)) {
    let seconds = time.as_secs_f64();
    println!(
        "{label:<32} {files:>6} filer  {:>8.1} ms  {:>8.0} filer/s  {:>6.1} MB/s",
        seconds * 1000.0,
        count_to_f64(files) / seconds,
        u64_to_f64(bytes) / 1e6 / seconds
    );
}

/// A registry of `n` synthetic municipalities in four delregions.
fn synthetic_registry(n: usize) -> Registry {
    let mut csv = String::from("id,name,kind,delregion,population,population_year,aliases\n");
    for i in 0..n {
        csv.push_str(&format!(
            "S{i:05},Syntetisk {i},kommun,Delregion {},{},2021,\n",
            i % 4,
            5_000 + i * 37
        ));
    }
    Registry::parse(&csv, "syntetiskt register").expect("well-formed")
}

fn main() {
    let survey = Survey::builtin();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let builtin = Registry::builtin();
    // Warm the file cache, then measure.
    run(&root.join("fixtures/submissions"), &survey, &builtin);
    report(
        "53 fixtures",
        run(&root.join("fixtures/submissions"), &survey, &builtin),
    );

    let n = 1_000;
    let registry = synthetic_registry(n);
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (i, respondent) in registry.respondents().iter().enumerate() {
        let kind = if i % 3 == 2 {
            FileKind::Csv
        } else {
            FileKind::Xlsx
        };
        let entries = example::entries(
            &survey,
            respondent,
            example::FIXTURE_YEAR,
            kind,
            Quirk::None,
        );
        let bytes = example::file_bytes(&survey, &entries, kind).expect("writable");
        std::fs::write(dir.path().join(example::file_name(respondent, kind)), bytes)
            .expect("writable");
    }
    run(dir.path(), &survey, &registry);
    report(
        "1 000 syntetiska (2/3 xlsx)",
        run(dir.path(), &survey, &registry),
    );
}
