//! The form checks itself (SURVEY.md, "The form checks itself"): the
//! `Kontroll` cells that LibreOffice (sv-SE, en-US) and Gnumeric computed in
//! the files of `fixtures/form-checks` (made by
//! `scripts/real-writers/form-checks.sh`) show exactly what `validate`
//! finds, and count the errors; the values `collect` caches in its own
//! forms are those LibreOffice computes; and the reader ignores the checks.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Reader};

use crate::{collect, collect_in, root};

/// The first row's and the other rows' `Kontroll` texts of a workbook:
/// (sheet, 1-based row) → text, for every non-empty cell of the column
/// headed `Kontroll…`.
fn kontroll(path: &Path) -> BTreeMap<(String, u32), String> {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let mut out = BTreeMap::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let header = range
            .rows()
            .next()
            .map(<[Data]>::to_vec)
            .unwrap_or_default();
        let Some(col) = header
            .iter()
            .position(|c| c.to_string().starts_with("Kontroll"))
        else {
            continue;
        };
        for (r, row) in range.rows().enumerate() {
            let text = row[col].to_string();
            if !text.trim().is_empty() {
                out.insert((name.clone(), row0 + u32::try_from(r).unwrap() + 1), text);
            }
        }
        assert_eq!(col0, 0, "{name}");
    }
    out
}

/// The open-error count of the instructions sheet.
fn instructions_count(path: &Path) -> String {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let range = book.worksheet_range("Instruktioner").unwrap();
    range
        .rows()
        .find(|row| row[0] == "Kontroll")
        .map(|row| row[1].to_string())
        .expect("a Kontroll row on Instruktioner")
}

/// Text compared across locales: thousands separators and spaces dropped.
fn plain(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | ','))
        .collect()
}

/// "Kontroll: 2 saker att rätta …" as the form says it for `n` errors.
fn header_words(n: usize) -> String {
    match n {
        0 => "Kontroll: inget att rätta".to_string(),
        1 => "Kontroll: 1 sak att rätta innan du skickar filen".to_string(),
        n => format!("Kontroll: {n} saker att rätta innan du skickar filen"),
    }
}

/// (severity, sheet, 1-based row, detail) of every finding placed on a cell.
fn cell_findings(file: &str) -> Vec<(String, String, u32, String)> {
    let run = collect(&["validate", "--format", "json", file]);
    let doc = run.json();
    let mut out = Vec::new();
    for (key, severity) in [("errors", "Fel:"), ("warnings", "Varning:")] {
        for f in doc["files"][0][key].as_array().unwrap() {
            let place = f["place"].as_str().unwrap();
            let Some((sheet, cell)) = place.split_once('!') else {
                continue;
            };
            let row: u32 = cell
                .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                .parse()
                .unwrap();
            let message = f["message"].as_str().unwrap();
            let detail = message.split_once("): ").map_or(message, |(_, d)| d);
            out.push((
                severity.to_string(),
                sheet.to_string(),
                row,
                detail.to_string(),
            ));
        }
    }
    out
}

fn form_check_files() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("fixtures/form-checks"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".xlsx"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 9, "{names:?}");
    names
}

#[test]
fn computed_checks_show_every_finding_of_validate_on_its_row_and_nothing_else() {
    for name in form_check_files() {
        let file = format!("fixtures/form-checks/{name}");
        let cells = kontroll(&root().join(&file));
        let findings = cell_findings(&file);
        if name.contains("errors") {
            assert!(findings.len() >= 7, "{name}: {findings:?}");
        }
        if name.contains("valid") {
            assert!(findings.is_empty(), "{name}: {findings:?}");
        }
        // Every finding stands in the Kontroll cell of its row.
        for (mark, sheet, row, detail) in &findings {
            let shown = cells
                .get(&(sheet.clone(), *row))
                .unwrap_or_else(|| panic!("{name}: nothing in Kontroll of {sheet} row {row}"));
            assert!(shown.contains(mark.as_str()), "{name}: {shown}");
            let expected = if detail.contains("svar saknas") {
                "saknas".to_string()
            } else if detail.contains("ligger utanför det tillåtna") {
                "utanfördettillåtna".to_string()
            } else if detail.contains("är inte ett belopp") {
                "celleninnehållertextinteetttal".to_string()
            } else {
                plain(detail.trim_end_matches('.'))
            };
            assert!(
                plain(shown).contains(&expected),
                "{name}: {sheet}!{row}: {shown:?} lacks {detail:?}"
            );
        }
        // Nothing else: per row as many marks of each kind as findings.
        for ((sheet, row), shown) in cells.iter().filter(|((_, r), _)| *r > 1) {
            for mark in ["Fel:", "Varning:"] {
                let found = findings
                    .iter()
                    .filter(|(m, s, r, _)| m == mark && s == sheet && r == row)
                    .count();
                assert_eq!(
                    shown.matches(mark).count(),
                    found,
                    "{name}: {sheet} row {row}: {shown:?}"
                );
            }
        }
        // The counts: errors only, per sheet and for the whole form.
        let errors = |sheet: &str| {
            findings
                .iter()
                .filter(|(m, s, _, _)| m == "Fel:" && s == sheet)
                .count()
        };
        for ((sheet, _), shown) in cells.iter().filter(|((_, r), _)| *r == 1) {
            assert_eq!(shown, &header_words(errors(sheet)), "{name}: {sheet}");
        }
        let total = findings.iter().filter(|(m, ..)| m == "Fel:").count();
        let words = instructions_count(&root().join(&file));
        match total {
            0 => assert!(words.starts_with("Inget att rätta"), "{name}: {words}"),
            n => assert!(words.starts_with(&format!("{n} saker")), "{name}: {words}"),
        }
    }
}

#[test]
fn the_files_break_every_rule_a_formula_can_express() {
    let codes: Vec<String> = ["errors", "warnings"]
        .iter()
        .flat_map(|set| {
            let file = format!("fixtures/form-checks/libreoffice-sv-SE-{set}.xlsx");
            let doc = collect(&["validate", "--format", "json", &file]).json();
            ["errors", "warnings"]
                .iter()
                .flat_map(|k| doc["files"][0][*k].as_array().unwrap().clone())
                .map(|f| f["code"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    for code in [
        "answer.missing",
        "amount.not_a_number",
        "amount.out_of_range",
        "integer.out_of_range",
        "document.decided_after_answer_date",
        "document.valid_until_before_decision",
        "document.expired",
        "budget.parts_exceed_total",
        "budget.parts_below_total",
    ] {
        assert!(codes.iter().any(|c| c == code), "{code}: {codes:?}");
    }
}

/// The Kontroll cells of `collect`'s own form for the same answers hold
/// what LibreOffice computed (up to the locale's thousands separator).
fn assert_same_checks(ours: &Path, libreoffice: &Path) {
    let ours = kontroll(ours);
    let theirs = kontroll(libreoffice);
    let plain_all = |m: &BTreeMap<(String, u32), String>| -> Vec<((String, u32), String)> {
        m.iter().map(|(k, v)| (k.clone(), plain(v))).collect()
    };
    assert_eq!(plain_all(&ours), plain_all(&theirs));
}

#[test]
fn feedback_files_and_prefilled_forms_cache_what_libreoffice_computes() {
    let dir = tempfile::tempdir().unwrap();
    for set in ["errors", "warnings"] {
        let lo = root().join(format!("fixtures/form-checks/libreoffice-sv-SE-{set}.xlsx"));
        let out = dir.path().join(format!("feedback-{set}.xlsx"));
        let run = collect_in(
            dir.path(),
            &[
                "annotate",
                &lo.display().to_string(),
                "-o",
                &out.display().to_string(),
            ],
        );
        assert!(run.code <= 1, "{}", run.stderr);
        assert_same_checks(&out, &lo);
    }
    // The valid file with warnings is stored, and next year's form
    // prefilled from it shows its warnings for the new year, and the
    // required answers it leaves empty (LibreOffice, recalculating such a
    // form, computed the same texts when this test was written).
    let lo = root().join("fixtures/form-checks/libreoffice-sv-SE-warnings.xlsx");
    let run = collect_in(dir.path(), &["import", &lo.display().to_string()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let prefilled = dir.path().join("prefilled.xlsx");
    let args = [
        "template",
        "--prefill",
        "--respondent",
        "1441",
        "--year",
        "2027",
        "-o",
    ];
    let run = collect_in(
        dir.path(),
        &[&args[..], &[prefilled.to_str().unwrap()]].concat(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let cells = kontroll(&prefilled);
    let at = |sheet: &str, row: u32| cells.get(&(sheet.to_string(), row)).cloned();
    assert_eq!(at("Uppgiftslämnare", 1), Some(header_words(3)));
    for row in [4, 5, 8] {
        assert_eq!(
            at("Uppgiftslämnare", row).as_deref(),
            Some("Fel: svar saknas.")
        );
    }
    assert_eq!(
        at("Strategidokument", 3).as_deref(),
        Some(
            "Varning: dokumentet är utgånget: det gällde till och med 2025, före budgetåret 2027."
        )
    );
    assert!(at("Budget", 2).is_some_and(|t| t.starts_with("Varning: alla fem varav-belopp")));
    assert_eq!(cells.len(), 9, "{cells:?}");
}

#[test]
fn the_blank_form_reads_as_no_records_and_counts_its_empty_required_answers() {
    let dir = tempfile::tempdir().unwrap();
    let blank = dir.path().join("blank.xlsx");
    let run = collect_in(dir.path(), &["template", "-o", "blank.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let cells = kontroll(&blank);
    // Four required answers on Uppgiftslämnare (the year is filled in) and one on Budget are empty.
    assert_eq!(
        cells.get(&("Uppgiftslämnare".to_string(), 1)).unwrap(),
        &header_words(4)
    );
    assert_eq!(
        cells.get(&("Budget".to_string(), 1)).unwrap(),
        &header_words(1)
    );
    assert_eq!(
        cells.get(&("Strategidokument".to_string(), 1)).unwrap(),
        &header_words(0)
    );
    assert!(instructions_count(&blank).starts_with("5 saker att rätta"));
    let doc = collect_in(dir.path(), &["validate", "--format", "json", "blank.xlsx"]).json();
    let codes: Vec<&str> = ["errors", "warnings"]
        .iter()
        .flat_map(|k| doc["files"][0][*k].as_array().unwrap())
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(
        codes
            .iter()
            .all(|c| *c == "answer.missing" || *c == "strategy.none_in_force"),
        "{codes:?}"
    );
    assert_eq!(codes.iter().filter(|c| **c == "answer.missing").count(), 5);
}

#[test]
fn checks_without_their_results_are_ignored_too() {
    // openpyxl keeps formulas but drops their results: the checks column
    // then holds formulas without values, its header included.
    let file = root().join("fixtures/real-writers/openpyxl.xlsx");
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&file).unwrap();
    let formulas = book.worksheet_formula("Budget").unwrap();
    let values = book.worksheet_range("Budget").unwrap();
    assert!(
        formulas
            .get_value((0, 4))
            .is_some_and(|f| f.contains("Kontroll"))
    );
    assert!(
        values
            .get_value((0, 4))
            .is_none_or(|v| v.to_string().is_empty())
    );
    let run = collect(&[
        "validate",
        "--format",
        "json",
        "fixtures/real-writers/openpyxl.xlsx",
    ]);
    let doc = run.json();
    assert_eq!(doc["files"][0]["valid"], true, "{}", run.stdout);
    assert!(
        doc["files"][0]["warnings"].as_array().unwrap().is_empty(),
        "{}",
        run.stdout
    );
}
