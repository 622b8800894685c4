//! Files written by real spreadsheet programs and libraries
//! (`fixtures/real-writers`, made by `scripts/real-writers/make.sh`) and
//! foreign or unusual files (`fixtures/foreign`): each gets the answer the
//! contract gives it, told by its name (`valid--…`, `sheet.unknown--…`,
//! `file.encrypted--…`; see the folders' README.md).

use crate::{collect, collect_in, root};

/// Files whose right answer collect does not give yet, with the reason;
/// each is named in the notes and in `fixtures/foreign/README.md`.
const KNOWN_GAPS: [(&str, &str); 0] = [];

/// (valid, the codes that must appear) for a fixture, from its name.
fn expected(folder: &str, name: &str) -> (bool, Vec<String>) {
    if folder == "real-writers" {
        // SheetJS's Excel 95 writer turns å, ä and ö into `_`, so the
        // sheets are read but not found.
        if name == "sheetjs-excel95.xls" {
            return (false, vec!["sheet.missing".to_string()]);
        }
        return (true, Vec::new());
    }
    match name.split("--").next().unwrap_or("") {
        "valid" => (true, Vec::new()),
        "sheet.unknown" => (true, vec!["sheet.unknown".to_string()]),
        code => (false, vec![code.to_string()]),
    }
}

#[test]
fn every_file_gets_the_answer_its_name_promises() {
    let mut wrong = Vec::new();
    for folder in ["real-writers", "foreign"] {
        let dir = root().join("fixtures").join(folder);
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "README.md")
            .collect();
        names.sort();
        assert!(names.len() > 15, "{folder}: {}", names.len());
        for name in names {
            if KNOWN_GAPS.iter().any(|(gap, _)| *gap == name) {
                continue;
            }
            let path = format!("fixtures/{folder}/{name}");
            let run = collect(&["validate", "--format", "json", &path]);
            let file = &run.json()["files"][0];
            let codes: Vec<&str> = ["errors", "warnings"]
                .iter()
                .flat_map(|k| file[k].as_array().unwrap())
                .map(|f| f["code"].as_str().unwrap())
                .collect();
            let (valid, must) = expected(folder, &name);
            let errors = file["errors"].as_array().unwrap().len();
            let ok = file["valid"] == valid
                && (!valid || errors == 0)
                && must.iter().all(|c| codes.contains(&c.as_str()))
                && (!valid || folder != "real-writers" || codes.is_empty());
            if !ok {
                wrong.push(format!("{path}: {codes:?}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_real_writers_form_imports() {
    let dir = tempfile::tempdir().unwrap();
    let files = root().join("fixtures/real-writers");
    for entry in std::fs::read_dir(&files).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name == "README.md" || name == "sheetjs-excel95.xls" {
            continue;
        }
        let run = collect_in(
            dir.path(),
            &["import", "--format", "json", &path.display().to_string()],
        );
        assert_eq!(run.code, 0, "{name}: {}{}", run.stdout, run.stderr);
        let state = run.json()["files"][0]["import"].clone();
        assert!(state == "stored" || state == "unchanged", "{name}: {state}");
    }
}

#[test]
fn foreign_kinds_are_named_never_binary_data() {
    for (file, words) in [
        ("file.wrong_content--pdf.xlsx", "PDF-dokument"),
        ("file.wrong_content--picture-png.xlsx", "en bild"),
        ("file.wrong_content--excel4-worksheet.xls", "Excel 2–4"),
        ("file.wrong_content--excel3-worksheet.xls", "Excel 2–4"),
        (
            "file.wrong_content--excel2-worksheet-sheetjs.xls",
            "Excel 2–4",
        ),
    ] {
        let run = collect(&["validate", &format!("fixtures/foreign/{file}")]);
        assert!(run.stdout.contains(words), "{file}: {}", run.stdout);
        assert!(!run.stdout.contains("binär data"), "{file}: {}", run.stdout);
    }
}
