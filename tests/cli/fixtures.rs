//! The shipped fixtures: each file's verdict, codes and places, and that
//! the generator still makes exactly the committed files.

use std::collections::BTreeMap;

use collect::registry::Registry;
use collect::survey::Survey;
use collect_example::{self as example, defects};

use crate::{collect, findings, fixture, root};

/// Every warning of the 53 example submissions of 2026: (file, code, place).
const SUBMISSION_WARNINGS: [(&str, &str, &str); 31] = [
    ("1402-partille.xlsx", "amount.unit_converted", "Budget!C2"),
    (
        "1415-stenungsund.xlsx",
        "document.expired",
        "Strategidokument!F2",
    ),
    (
        "1415-stenungsund.xlsx",
        "strategy.none_in_force",
        "Strategidokument",
    ),
    (
        "1421-orust.csv",
        "budget.parts_below_total",
        "1421-orust.csv:31",
    ),
    (
        "1435-tanum.csv",
        "amount.unit_converted",
        "1435-tanum.csv:30",
    ),
    (
        "1439-fargelanda.xlsx",
        "document.expired",
        "Strategidokument!F2",
    ),
    (
        "1439-fargelanda.xlsx",
        "strategy.none_in_force",
        "Strategidokument",
    ),
    ("1441-lerum.xlsx", "budget.parts_below_total", "Budget!C2"),
    ("1444-grastorp.xlsx", "amount.unit_converted", "Budget!C2"),
    (
        "1446-karlsborg.csv",
        "document.expired",
        "1446-karlsborg.csv:12",
    ),
    (
        "1446-karlsborg.csv",
        "strategy.none_in_force",
        "fixtures/submissions/1446-karlsborg.csv",
    ),
    ("1452-tranemo.xlsx", "budget.parts_below_total", "Budget!C2"),
    ("1462-lilla-edet.xlsx", "amount.unit_converted", "Budget!C2"),
    (
        "1465-svenljunga.xlsx",
        "document.expired",
        "Strategidokument!F2",
    ),
    (
        "1465-svenljunga.xlsx",
        "strategy.none_in_force",
        "Strategidokument",
    ),
    (
        "1470-vara.csv",
        "budget.parts_below_total",
        "1470-vara.csv:37",
    ),
    (
        "1473-toreboda.csv",
        "amount.unit_converted",
        "1473-toreboda.csv:21",
    ),
    (
        "1481-molndal.xlsx",
        "document.expired",
        "Strategidokument!F2",
    ),
    (
        "1481-molndal.xlsx",
        "strategy.none_in_force",
        "Strategidokument",
    ),
    ("1484-lysekil.xlsx", "budget.parts_below_total", "Budget!C2"),
    ("1487-vanersborg.xlsx", "amount.unit_converted", "Budget!C2"),
    (
        "1489-alingsas.csv",
        "document.expired",
        "1489-alingsas.csv:14",
    ),
    (
        "1489-alingsas.csv",
        "strategy.none_in_force",
        "fixtures/submissions/1489-alingsas.csv",
    ),
    (
        "1491-ulricehamn.xlsx",
        "budget.parts_below_total",
        "Budget!C2",
    ),
    ("1494-lidkoping.xlsx", "amount.unit_converted", "Budget!C2"),
    (
        "1496-skovde.xlsx",
        "document.expired",
        "Strategidokument!F2",
    ),
    (
        "1496-skovde.xlsx",
        "strategy.none_in_force",
        "Strategidokument",
    ),
    (
        "1498-tidaholm.csv",
        "budget.parts_below_total",
        "1498-tidaholm.csv:38",
    ),
    (
        "gr-goteborgsregionens-kommunalforbund.csv",
        "amount.unit_converted",
        "gr-goteborgsregionens-kommunalforbund.csv:39",
    ),
    (
        "skaraborg-skaraborgs-kommunalforbund.xlsx",
        "document.expired",
        "Strategidokument!F2",
    ),
    (
        "skaraborg-skaraborgs-kommunalforbund.xlsx",
        "strategy.none_in_force",
        "Strategidokument",
    ),
];

#[test]
fn the_53_submissions_of_2026_are_valid_with_the_expected_warnings() {
    let run = collect(&["validate", "--format", "json", &fixture("submissions")]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let doc = run.json();
    assert_eq!(doc["summary"]["files"], 53);
    assert_eq!(doc["summary"]["valid"], 53);
    assert_eq!(doc["summary"]["errors"], 0);
    let registry = Registry::builtin();
    let mut warnings = Vec::new();
    let mut seen = Vec::new();
    for file in doc["files"].as_array().unwrap() {
        let path = file["path"].as_str().unwrap();
        let name = path.rsplit('/').next().unwrap();
        let respondent = file["respondent"].as_str().expect("every example resolves");
        // The file name starts with the respondent's id, lower case.
        assert!(
            name.starts_with(&format!("{}-", respondent.to_lowercase())),
            "{name} is from {respondent}"
        );
        assert_eq!(file["year"], 2026);
        seen.push(respondent.to_string());
        for w in file["warnings"].as_array().unwrap() {
            warnings.push((
                name.to_string(),
                w["code"].as_str().unwrap().to_string(),
                w["place"].as_str().unwrap().to_string(),
            ));
        }
    }
    seen.sort();
    let mut expected: Vec<String> = registry
        .respondents()
        .iter()
        .map(|r| r.id.to_string())
        .filter(|id| id != example::ABSENT_IN_THIRD_YEAR)
        .collect();
    expected.sort();
    assert_eq!(
        seen, expected,
        "one submission per registry respondent but the one absent in 2026"
    );
    let want: Vec<(String, String, String)> = SUBMISSION_WARNINGS
        .iter()
        .map(|(f, c, p)| (f.to_string(), c.to_string(), p.to_string()))
        .collect();
    assert_eq!(warnings, want);
}

/// Every invalid fixture: its errors, exactly, as (code, place). The file is
/// named after the code its one defect must produce.
const INVALID: [(&str, &[(&str, &str)]); 46] = [
    (
        "amount.not_a_number.xlsx",
        &[("amount.not_a_number", "Budget!C2")],
    ),
    (
        "amount.out_of_range.csv",
        &[("amount.out_of_range", "amount.out_of_range.csv:23")],
    ),
    (
        "answer.missing.xlsx",
        &[("answer.missing", "Uppgiftslämnare!C8")],
    ),
    (
        "budget.parts_exceed_total.xlsx",
        &[("budget.parts_exceed_total", "Budget!C2")],
    ),
    (
        "cell.error_value.xlsx",
        &[("cell.error_value", "Budget!C2")],
    ),
    (
        "cell.formula_without_value.xlsx",
        &[("cell.formula_without_value", "Budget!C2")],
    ),
    (
        "choice.unknown.xlsx",
        &[("choice.unknown", "Strategidokument!D2")],
    ),
    (
        "csv.duplicate.csv",
        &[("csv.duplicate", "csv.duplicate.csv:38")],
    ),
    ("csv.header.csv", &[("csv.header", "csv.header.csv:1")]),
    (
        "csv.invalid_row.csv",
        &[("csv.invalid_row", "csv.invalid_row.csv:38")],
    ),
    (
        "csv.single_sheet.csv",
        &[("csv.single_sheet", "csv.single_sheet.csv:1")],
    ),
    (
        "date.in_future.xlsx",
        &[("date.in_future", "Uppgiftslämnare!C8")],
    ),
    (
        "date.invalid.csv",
        &[("date.invalid", "date.invalid.csv:6")],
    ),
    (
        "date.is_number.xlsx",
        &[("date.is_number", "Uppgiftslämnare!C8")],
    ),
    (
        "document.decided_after_answer_date.xlsx",
        &[("document.decided_after_answer_date", "Strategidokument!E2")],
    ),
    (
        "document.valid_until_before_decision.csv",
        &[(
            "document.valid_until_before_decision",
            "document.valid_until_before_decision.csv:12",
        )],
    ),
    (
        "email.invalid.xlsx",
        &[("email.invalid", "Uppgiftslämnare!C5")],
    ),
    (
        "file.corrupt.xlsx",
        &[("file.corrupt", "fixtures/invalid/file.corrupt.xlsx")],
    ),
    (
        "file.empty.xlsx",
        &[("file.empty", "fixtures/invalid/file.empty.xlsx")],
    ),
    (
        "file.encrypted.xlsx",
        &[("file.encrypted", "fixtures/invalid/file.encrypted.xlsx")],
    ),
    (
        "file.wrong_content-html.xls",
        &[(
            "file.wrong_content",
            "fixtures/invalid/file.wrong_content-html.xls",
        )],
    ),
    (
        "file.wrong_content-xlsx.csv",
        &[(
            "file.wrong_content",
            "fixtures/invalid/file.wrong_content-xlsx.csv",
        )],
    ),
    (
        "file.wrong_content.xlsx",
        &[(
            "file.wrong_content",
            "fixtures/invalid/file.wrong_content.xlsx",
        )],
    ),
    (
        "form.duplicate_question.xlsx",
        &[("form.duplicate_question", "Uppgiftslämnare!A9")],
    ),
    (
        "grid.duplicate_row.xlsx",
        &[("grid.duplicate_row", "Förmågor!A10")],
    ),
    (
        "integer.not_whole.xlsx",
        &[("integer.not_whole", "Förmågor!C2")],
    ),
    (
        "integer.out_of_range.csv",
        &[("integer.out_of_range", "integer.out_of_range.csv:30")],
    ),
    (
        "respondent.unknown.csv",
        &[("respondent.unknown", "respondent.unknown.csv:2")],
    ),
    ("sheet.duplicate.xlsx", &[("sheet.duplicate", "Formagor")]),
    (
        "sheet.missing.xlsx",
        &[("sheet.missing", "fixtures/invalid/sheet.missing.xlsx")],
    ),
    (
        "survey.newer_version.xlsx",
        &[(
            "survey.newer_version",
            "fixtures/invalid/survey.newer_version.xlsx",
        )],
    ),
    (
        "survey.other.xlsx",
        &[("survey.other", "fixtures/invalid/survey.other.xlsx")],
    ),
    (
        "table.missing_column.xlsx",
        &[("table.missing_column", "Strategidokument!1:1")],
    ),
    (
        "table.too_many_rows.csv",
        &[("table.too_many_rows", "table.too_many_rows.csv:1622")],
    ),
    (
        "text.too_long.csv",
        &[("text.too_long", "text.too_long.csv:38")],
    ),
    ("url.invalid.csv", &[("url.invalid", "url.invalid.csv:14")]),
    (
        "year.not_a_number.csv",
        &[("year.not_a_number", "year.not_a_number.csv:3")],
    ),
    (
        "year.out_of_range.xlsx",
        &[("year.out_of_range", "Uppgiftslämnare!C3")],
    ),
    (
        "integer.not_a_number.csv",
        &[("integer.not_a_number", "integer.not_a_number.csv:30")],
    ),
    (
        "decimal.not_a_number.xlsx",
        &[("decimal.not_a_number", "Budget!C9")],
    ),
    (
        "decimal.out_of_range.csv",
        &[("decimal.out_of_range", "decimal.out_of_range.csv:28")],
    ),
    (
        "year.not_whole.xlsx",
        &[("year.not_whole", "Uppgiftslämnare!C3")],
    ),
    (
        "table.duplicate_column.xlsx",
        &[("table.duplicate_column", "Strategidokument!I1")],
    ),
    (
        "csv.extra_fields.csv",
        &[("csv.extra_fields", "csv.extra_fields.csv:38")],
    ),
    (
        "survey.incompatible_version.xlsx",
        &[(
            "survey.incompatible_version",
            "fixtures/invalid/survey.incompatible_version.xlsx",
        )],
    ),
    (
        "file.unsupported_type.pdf",
        &[(
            "file.unsupported_type",
            "fixtures/invalid/file.unsupported_type.pdf",
        )],
    ),
];

#[test]
fn each_invalid_fixture_fails_with_its_code_at_its_place() {
    let files: Vec<String> = std::fs::read_dir(root().join("fixtures/invalid"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        files.len(),
        INVALID.len(),
        "every invalid fixture has an expectation"
    );
    for (name, expected) in INVALID {
        let run = collect(&[
            "validate",
            "--format",
            "json",
            &fixture(&format!("invalid/{name}")),
        ]);
        assert_eq!(run.code, 1, "{name}: {}", run.stdout);
        let (errors, _) = findings(&run.json());
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(c, p)| (c.to_string(), p.to_string()))
            .collect();
        assert_eq!(errors, expected, "{name}");
    }
}

/// Every warning fixture: accepted, with exactly this warning.
const WARNINGS: [(&str, &str, &str); 9] = [
    (
        "budget.parts_below_total.xlsx",
        "budget.parts_below_total",
        "Budget!C2",
    ),
    (
        "document.expired.xlsx",
        "document.expired",
        "Strategidokument!F3",
    ),
    ("grid.unknown_row.xlsx", "grid.unknown_row", "Förmågor!A10"),
    (
        "amount.unit_converted.csv",
        "amount.unit_converted",
        "amount.unit_converted.csv:23",
    ),
    (
        "csv.unknown_question.csv",
        "csv.unknown_question",
        "csv.unknown_question.csv:38",
    ),
    (
        "form.unknown_question.xlsx",
        "form.unknown_question",
        "Budget!A12",
    ),
    ("sheet.unknown.xlsx", "sheet.unknown", "Anteckningar"),
    (
        "survey.old_version.xlsx",
        "survey.old_version",
        "fixtures/warnings/survey.old_version.xlsx",
    ),
    (
        "table.unknown_column.xlsx",
        "table.unknown_column",
        "Strategidokument!I1",
    ),
];

#[test]
fn each_warning_fixture_passes_with_its_one_warning_and_fails_strict() {
    for (name, code, place) in WARNINGS {
        let path = fixture(&format!("warnings/{name}"));
        let run = collect(&["validate", "--format", "json", &path]);
        assert_eq!(run.code, 0, "{name}: {}", run.stdout);
        let (errors, warnings) = findings(&run.json());
        assert!(errors.is_empty(), "{name}: {errors:?}");
        assert_eq!(
            warnings,
            vec![(code.to_string(), place.to_string())],
            "{name}"
        );

        let strict = collect(&["validate", "--strict", "--format", "json", &path]);
        assert_eq!(strict.code, 1, "{name} is invalid with --strict");
        let doc = strict.json();
        assert_eq!(doc["files"][0]["valid"], false);
        // The finding keeps its severity.
        assert_eq!(doc["files"][0]["warnings"].as_array().unwrap().len(), 1);
        assert!(doc["files"][0]["errors"].as_array().unwrap().is_empty());
    }
}

#[test]
fn the_same_answers_read_alike_from_every_format() {
    let survey = Survey::builtin();
    let registry = Registry::builtin();
    let ctx = collect::validate::Context {
        survey: &survey,
        registry: &registry,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        respondent: None,
        year: None,
        limits: collect::limits::Limits::default(),
    };
    let mut answers = BTreeMap::new();
    for entry in std::fs::read_dir(root().join("fixtures/formats")).unwrap() {
        let path = entry.unwrap().path();
        let outcome = collect::validate::validate(
            &path.display().to_string(),
            &std::fs::read(&path).unwrap(),
            &ctx,
        );
        assert!(
            outcome.findings.is_empty(),
            "{}: {:?}",
            path.display(),
            outcome.findings
        );
        let mut typed: Vec<String> = outcome
            .submission
            .answers
            .iter()
            .map(|a| {
                format!(
                    "{}/{}/{}={}",
                    a.section,
                    a.row.as_csv(),
                    a.question,
                    a.value
                )
            })
            .collect();
        typed.sort();
        answers.insert(
            path.file_name().unwrap().to_string_lossy().into_owned(),
            typed,
        );
    }
    assert!(answers.len() >= 3, "{:?}", answers.keys());
    let (first, reference) = answers.iter().next().unwrap();
    assert!(reference.len() > 20);
    for (name, typed) in &answers {
        assert_eq!(typed, reference, "{name} differs from {first}");
    }
}

/// The files of a folder as (`prefix/name`, bytes).
fn files_in(dir: &std::path::Path, prefix: &str) -> Vec<(String, Vec<u8>)> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                format!("{prefix}/{}", e.file_name().to_string_lossy()),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Where the example submissions of a year are committed.
fn year_folder(year: i32) -> String {
    if year == example::FIXTURE_YEAR {
        "submissions".to_string()
    } else {
        format!("earlier-years/{year}")
    }
}

#[test]
fn the_generator_remakes_the_committed_fixtures_byte_for_byte() {
    let survey = Survey::builtin();
    let registry = Registry::builtin();
    let dir = tempfile::tempdir().unwrap();
    let mut generated = Vec::new();
    for year in example::EXAMPLE_YEARS {
        let folder = dir.path().join(year.to_string());
        example::write_submissions(&survey, &registry, year, &folder).unwrap();
        let made = files_in(&folder, &year_folder(year));
        // No committed submission is left over from an earlier generator.
        let committed = files_in(&root().join("fixtures").join(year_folder(year)), "");
        assert_eq!(made.len(), committed.len(), "{}", year_folder(year));
        generated.extend(made);
    }
    for (folder, files) in [
        ("invalid", defects::invalid_files(&survey, &registry)),
        ("warnings", defects::warning_files(&survey, &registry)),
        ("formats", defects::format_variants(&survey, &registry)),
    ] {
        generated.extend(
            files
                .into_iter()
                .map(|(name, bytes)| (format!("{folder}/{name}"), bytes)),
        );
    }
    assert!(generated.len() > 200);
    for (name, bytes) in generated {
        let committed = std::fs::read(root().join("fixtures").join(&name))
            .unwrap_or_else(|_| panic!("{name} is committed"));
        assert!(
            committed == bytes,
            "fixtures/{name} differs from what the generator writes; run `cargo run --example fixtures`"
        );
    }
}

#[test]
fn the_earlier_years_are_valid_and_each_lacks_its_one_respondent() {
    let registry = Registry::builtin();
    for (year, missing) in [
        (example::EXAMPLE_YEARS[0], Some(example::NEW_IN_SECOND_YEAR)),
        (example::EXAMPLE_YEARS[1], None),
    ] {
        let folder = fixture(&year_folder(year));
        let run = collect(&["validate", "--format", "json", &folder]);
        assert_eq!(run.code, 0, "{}", run.stdout);
        let doc = run.json();
        assert_eq!(doc["summary"]["errors"], 0);
        let mut seen: Vec<String> = doc["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                assert_eq!(f["year"], year, "{}", f["path"]);
                f["respondent"].as_str().unwrap().to_string()
            })
            .collect();
        seen.sort();
        let mut expected: Vec<String> = registry
            .respondents()
            .iter()
            .map(|r| r.id.to_string())
            .filter(|id| Some(id.as_str()) != missing)
            .collect();
        expected.sort();
        assert_eq!(seen, expected, "{year}");
    }
}
