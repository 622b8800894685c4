//! Output paths (CLI.md): an output that is the same file as an input, the
//! database or its `-wal`/`-shm`, through any path or link, is refused with
//! exit 2 and every input left as it was; an extension that does not fit
//! the command's formats is refused naming them.

use std::path::Path;

use crate::{Run, collect_in, root};

fn db(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["--db", "collect.db"];
    all.extend_from_slice(args);
    collect_in(dir, &all)
}

/// A folder with `inkommet/1440/svar.xlsx` (a submission) imported
/// into `collect.db`.
fn collection() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("inkommet/1440");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(
        root().join("fixtures/submissions/1441-lerum.xlsx"),
        folder.join("svar.xlsx"),
    )
    .unwrap();
    let run = db(dir.path(), &["import", "inkommet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    dir
}

/// Runs `args`, which must be refused as writing over an input, and
/// checks that `input` is as it was.
fn same_file(dir: &Path, args: &[&str], input: &str, what: &str) {
    let before = std::fs::read(dir.join(input)).unwrap();
    let run = db(dir, args);
    assert_eq!(run.code, 2, "{args:?}: {}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(&format!("är samma fil som {what}")),
        "{args:?}: {}",
        run.stderr
    );
    assert!(run.stderr.contains("välj ett annat namn"), "{}", run.stderr);
    assert_eq!(std::fs::read(dir.join(input)).unwrap(), before, "{args:?}");
}

#[test]
fn annotate_does_not_write_over_the_file_it_reads() {
    let dir = collection();
    let d = dir.path();
    let input = "inkommet/1440/svar.xlsx";
    same_file(
        d,
        &["annotate", input, "-o", input],
        input,
        "filen som läses",
    );
    same_file(
        d,
        &[
            "annotate",
            input,
            "-o",
            "inkommet/../inkommet/1440/./svar.xlsx",
        ],
        input,
        "filen som läses",
    );
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("inkommet/1440/svar.xlsx", d.join("länk.xlsx")).unwrap();
        same_file(
            d,
            &["annotate", input, "-o", "länk.xlsx"],
            input,
            "filen som läses",
        );
        assert!(
            std::fs::symlink_metadata(d.join("länk.xlsx"))
                .unwrap()
                .file_type()
                .is_symlink(),
            "the link is left as it was"
        );
        std::fs::hard_link(d.join(input), d.join("hård.xlsx")).unwrap();
        same_file(
            d,
            &["annotate", input, "-o", "hård.xlsx"],
            input,
            "filen som läses",
        );
    }
    let run = db(d, &["annotate", input, "-o", "återkoppling.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn backup_does_not_write_over_the_database() {
    let dir = collection();
    let d = dir.path();
    same_file(
        d,
        &["backup", "-o", "collect.db"],
        "collect.db",
        "databasen",
    );
    same_file(
        d,
        &["backup", "-o", "./inkommet/../collect.db"],
        "collect.db",
        "databasen",
    );
    let run = db(d, &["backup", "-o", "kopia.db"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn no_output_is_the_database_registry_or_survey_under_any_name() {
    let dir = collection();
    let d = dir.path();
    // A database named like an export: exporting over it is refused.
    std::fs::copy(d.join("collect.db"), d.join("data.json")).unwrap();
    let run = collect_in(d, &["--db", "data.json", "export", "-o", "data.json"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("är samma fil som databasen"),
        "{}",
        run.stderr
    );
    std::fs::write(
        d.join("register.csv"),
        "id,name,kind,delregion,population,population_year,aliases\n\
         1440,Ale,kommun,Göteborgsregionen,1,2021,\n",
    )
    .unwrap();
    same_file(
        d,
        &["--registry", "register.csv", "export", "-o", "register.csv"],
        "register.csv",
        "registret",
    );
    let survey = root().join("surveys");
    let toml = std::fs::read_dir(&survey)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "toml"))
        .expect("a survey definition in surveys/");
    std::fs::copy(&toml, d.join("enkat.csv")).unwrap();
    same_file(
        d,
        &[
            "--survey",
            "enkat.csv",
            "template",
            "--format",
            "csv",
            "-o",
            "enkat.csv",
        ],
        "enkat.csv",
        "enkätdefinitionen",
    );
}

#[test]
fn an_extension_that_does_not_fit_is_refused_naming_the_formats() {
    let dir = collection();
    let d = dir.path();
    for (args, endings) in [
        (vec!["report", "-o", "rapport.pdf"], "ska sluta på .xlsx"),
        (vec!["report", "-o", "rapport"], "ska sluta på .xlsx"),
        (
            vec!["annotate", "inkommet/1440/svar.xlsx", "-o", "svar.csv"],
            "ska sluta på .xlsx",
        ),
        (
            vec!["export", "-o", "ut.txt"],
            "ska sluta på .csv, .json eller .xlsx",
        ),
        (
            vec!["backup", "-o", "kopia.zip"],
            "ska sluta på .db, .sqlite eller .sqlite3",
        ),
        (
            vec!["template", "--format", "csv", "-o", "mall.xlsx"],
            "ska sluta på .csv",
        ),
        (vec!["template", "-o", "mall.csv"], "ska sluta på .xlsx"),
    ] {
        let run = db(d, &args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(endings), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("Välj till exempel"), "{}", run.stderr);
        let written = args[args.len() - 1];
        assert!(!d.join(written).exists(), "{args:?} wrote {written}");
    }
    let run = db(d, &["report", "-o", "rapport.pdf"]);
    assert!(
        run.stderr.contains("report skriver en Excel-arbetsbok"),
        "{}",
        run.stderr
    );
}

#[test]
fn extensions_are_compared_ignoring_case_and_choose_the_export_format() {
    let dir = collection();
    let d = dir.path();
    for args in [
        vec!["report", "-o", "RAPPORT.XLSX"],
        vec!["backup", "-o", "Kopia.SQLite"],
        vec!["template", "-o", "Mall.Xlsx"],
        vec!["export", "-o", "UT.JSON"],
        vec!["export", "-o", "ut.Csv"],
    ] {
        let run = db(d, &args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    }
    let json = std::fs::read_to_string(d.join("UT.JSON")).unwrap();
    assert!(
        serde_json::from_str::<serde_json::Value>(&json).is_ok(),
        "{json}"
    );
    let csv = std::fs::read_to_string(d.join("ut.Csv")).unwrap();
    assert!(csv.starts_with("respondent,year,"), "{csv}");
    // --format that says the same is fine; one that contradicts is not.
    let run = db(d, &["export", "-o", "b.json", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = db(d, &["export", "-o", "c.json", "--format", "csv"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("säger olika format"), "{}", run.stderr);
    assert!(!d.join("c.json").exists());
}
