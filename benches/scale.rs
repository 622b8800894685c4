//! Scale benchmark: validate, import and report over the fixtures of 2026
//! (size 54, the registry's respondents: 53 files, one has not answered),
//! 1,000 and 10,000 synthetic submissions with a matching synthetic
//! registry, each run as the real binary. Prints wall time, files per
//! second, MB per second and peak memory (RSS), and a floor: the time to
//! merely read the files and inflate the workbooks' sheet XML with the same
//! zip code, single-threaded and on all cores. `cargo bench --bench scale`;
//! `BENCH_SIZES=54,1000` picks sizes. docs/performance.md has the figures.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use collect::convert::{count_to_f64, u64_to_f64};
use collect::registry::Registry;
use collect::survey::Survey;
use collect_example::{self as example, FileKind, Quirk};
use rayon::prelude::*;

/// A finished run: wall time and peak resident memory.
struct Measured {
    wall: Duration,
    peak_mb: f64,
}

/// Runs the binary; its peak RSS is the kernel's high-water mark (VmHWM in
/// /proc), read every few milliseconds until it exits.
fn run(args: &[&str], dir: &Path) -> Measured {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_collect"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary runs");
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb: u64 = 0;
    let status = loop {
        if let Ok(text) = std::fs::read_to_string(&status_file) {
            let hwm = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok());
            peak_kb = peak_kb.max(hwm.unwrap_or(0));
        }
        if let Some(status) = child.try_wait().expect("waits") {
            break status;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let wall = start.elapsed();
    assert!(
        status.code().is_some_and(|c| c <= 1),
        "collect {args:?} failed"
    );
    Measured {
        wall,
        peak_mb: u64_to_f64(peak_kb) / 1024.0,
    }
}

/// Writes `n` synthetic submissions (two thirds xlsx) and their registry,
/// once; later runs reuse them.
fn synthetic(n: usize) -> (PathBuf, Option<PathBuf>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench-data/{n}"));
    let registry_path = dir.join("register.csv");
    let files = dir.join("in");
    let mut csv = String::from("id,name,kind,delregion,population,population_year,aliases\n");
    for i in 0..n {
        csv.push_str(&format!(
            "S{i:05},Syntet {i},kommun,Delregion {},{},2021,\n",
            i % 7,
            3_000 + (i * 7919) % 200_000
        ));
    }
    if !files.join(".done").exists() {
        std::fs::create_dir_all(&files).expect("writable");
        std::fs::write(&registry_path, &csv).expect("writable");
        let registry = Registry::parse(&csv, "syntetiskt").expect("well-formed");
        let survey = Survey::builtin();
        registry
            .respondents()
            .par_iter()
            .enumerate()
            .for_each(|(i, r)| {
                let kind = if i % 3 == 2 {
                    FileKind::Csv
                } else {
                    FileKind::Xlsx
                };
                let entries =
                    example::entries(&survey, r, example::FIXTURE_YEAR, kind, Quirk::None);
                let bytes = example::file_bytes(&survey, &entries, kind).expect("writable");
                std::fs::write(files.join(example::file_name(r, kind)), bytes).expect("writable");
            });
        std::fs::write(files.join(".done"), "").expect("writable");
    }
    (files, Some(registry_path))
}

/// The floor: read every file and inflate its sheet XML (or read the CSV),
/// on one core and on all. Returns (files, bytes, one core, all cores).
fn floor(dir: &Path) -> (usize, u64, Duration, Duration) {
    let expanded = collect::files::expand(&[dir.to_path_buf()], false);
    let files: Vec<PathBuf> = expanded
        .found
        .iter()
        .map(|f| f.path().to_path_buf())
        .collect();
    let touch = |path: &PathBuf| -> u64 {
        let bytes = std::fs::read(path).expect("readable");
        let mut inflated = 0;
        if let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(&bytes)) {
            for i in 0..zip.len() {
                let mut entry = zip.by_index(i).expect("an entry");
                let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
                if name.starts_with("xl/worksheets/") || name == "xl/sharedStrings.xml" {
                    let mut sink = Vec::new();
                    inflated += entry.read_to_end(&mut sink).expect("inflates") as u64;
                }
            }
        } else {
            inflated += String::from_utf8_lossy(&bytes).len() as u64;
        }
        inflated + bytes.len() as u64
    };
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .sum();
    let start = Instant::now();
    files.iter().for_each(|f| {
        touch(f);
    });
    let one = start.elapsed();
    let start = Instant::now();
    files.par_iter().for_each(|f| {
        touch(f);
    });
    (files.len(), bytes, one, start.elapsed())
}

fn line(step: &str, n: usize, bytes: u64, m: &Measured, floor: Duration) {
    let s = m.wall.as_secs_f64();
    println!(
        "{step:<9} {n:>6} filer {:>9.1} ms {:>8.0} filer/s {:>7.1} MB/s  topp {:>6.1} MB  {:>5.1} × golvet",
        s * 1000.0,
        count_to_f64(n) / s,
        u64_to_f64(bytes) / 1e6 / s,
        m.peak_mb,
        s / floor.as_secs_f64()
    );
}

fn main() {
    let sizes: Vec<usize> = std::env::var("BENCH_SIZES")
        .unwrap_or_else(|_| "54,1000,10000".to_string())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    println!(
        "kärnor: {}",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let mut walls: Vec<(usize, f64)> = Vec::new();
    for n in sizes {
        let (files, registry) = if n == 54 {
            (
                Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/submissions"),
                None,
            )
        } else {
            synthetic(n)
        };
        let work = tempfile::tempdir().expect("a temporary folder");
        let files_arg = files.display().to_string();
        let registry_arg = registry.map(|r| r.display().to_string());
        let with_registry = |args: &[&str]| -> Vec<String> {
            let mut all: Vec<String> = Vec::new();
            if let Some(r) = &registry_arg {
                all.extend(["--registry".to_string(), r.clone()]);
            }
            all.extend(args.iter().map(|s| s.to_string()));
            all
        };
        let (count, bytes, one_core, all_cores) = floor(&files);
        println!(
            "\nN = {count}: {:.1} MB; golv (läsa och packa upp bladens XML) {:.1} ms på en kärna, {:.1} ms på alla",
            u64_to_f64(bytes) / 1e6,
            one_core.as_secs_f64() * 1000.0,
            all_cores.as_secs_f64() * 1000.0
        );
        let steps: [(&str, Vec<String>); 3] = [
            (
                "validate",
                with_registry(&["validate", "--format", "json", &files_arg]),
            ),
            (
                "import",
                with_registry(&["--db", "bench.db", "import", "--format", "json", &files_arg]),
            ),
            (
                "report",
                with_registry(&["--db", "bench.db", "report", "-o", "rapport.xlsx"]),
            ),
        ];
        for (step, args) in &steps {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let measured = run(&args, work.path());
            line(step, count, bytes, &measured, all_cores);
            if *step == "import" {
                walls.push((count, measured.wall.as_secs_f64()));
            }
        }
    }
    if let (Some((n1, t1)), Some((n2, t2))) = (
        walls.iter().find(|(n, _)| *n == 1000),
        walls.iter().find(|(n, _)| *n == 10_000),
    ) {
        println!("\nimport {n2} / {n1}: {:.1} × tiden", t2 / t1);
    }
}
