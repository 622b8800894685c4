//! Writes the fixtures: the fictitious submissions of the fixture year
//! (2026) into `fixtures/submissions/`, and of the two years before it into
//! `fixtures/earlier-years/<year>/` (every registry respondent but one each
//! year, see `collect_example::answers`), one file per kind of error into
//! `fixtures/invalid/` and one file per kind of warning into
//! `fixtures/warnings/`, and one clean submission in several encodings and
//! delimiters into `fixtures/formats/` (`scripts/convert-fixtures.sh` adds
//! the same workbook saved by LibreOffice as .xls, .ods and .xlsx).
//! Run `cargo run --example fixtures [DIR]`; the output is byte-for-byte
//! reproducible.

use std::path::PathBuf;

use collect::registry::Registry;
use collect::survey::Survey;
use collect_example::{self as example, defects};

fn main() -> std::io::Result<()> {
    let root = std::env::args()
        .nth(1)
        .map_or_else(|| PathBuf::from("fixtures"), PathBuf::from);
    let survey = Survey::builtin();
    let registry = Registry::builtin();
    let count = example::write_submissions(
        &survey,
        &registry,
        example::FIXTURE_YEAR,
        &root.join("submissions"),
    )?;
    for year in example::EXAMPLE_YEARS
        .into_iter()
        .filter(|y| *y < example::FIXTURE_YEAR)
    {
        let dir = root.join("earlier-years").join(year.to_string());
        let written = example::write_submissions(&survey, &registry, year, &dir)?;
        println!("{}: {written} filer", dir.display());
    }
    for (folder, files) in [
        ("invalid", defects::invalid_files(&survey, &registry)),
        ("warnings", defects::warning_files(&survey, &registry)),
        ("formats", defects::format_variants(&survey, &registry)),
    ] {
        let dir = root.join(folder);
        std::fs::create_dir_all(&dir)?;
        for (name, bytes) in &files {
            std::fs::write(dir.join(name), bytes)?;
        }
        println!("{}: {} filer", dir.display(), files.len());
    }
    println!("{}: {count} filer", root.join("submissions").display());
    Ok(())
}
