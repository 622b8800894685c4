//! `collect template` and `collect annotate`: forms that enforce the survey
//! in the spreadsheet program, and feedback files marking each finding.

use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;

use crate::{collect_in, findings, root};

fn run(dir: &Path, args: &[&str]) -> crate::Run {
    let mut all = vec!["--db", "collect.db"];
    all.extend_from_slice(args);
    collect_in(dir, &all)
}

/// Every entry of an xlsx (a zip) by name.
fn entries(path: &Path) -> Vec<(String, String)> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let name = entry.name().unwrap().to_string();
            let mut text = String::new();
            let _ = entry.read_to_string(&mut text);
            (name, text)
        })
        .collect()
}

fn entry(path: &Path, name: &str) -> String {
    entries(path)
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} in {}", path.display()))
        .1
}

/// Fills cells of a workbook the way another program would: rewrites each
/// blank cell `<c r="REF" s="N"/>` of sheet `index` with a value.
fn fill(path: &Path, out: &Path, sheet: usize, cells: &[(&str, &str)]) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut writer = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    let target = format!("xl/worksheets/sheet{sheet}.xml");
    for i in 0..archive.len() {
        let mut e = archive.by_index(i).unwrap();
        let name = e.name().unwrap().to_string();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).unwrap();
        if name == target {
            let mut xml = String::from_utf8(bytes).unwrap();
            let mut new_row = String::new();
            for (cell, value) in cells {
                let typed = |style: &str| match value.parse::<f64>() {
                    Ok(_) => format!("<c r=\"{cell}\"{style}><v>{value}</v></c>"),
                    Err(_) => format!(
                        "<c r=\"{cell}\"{style} t=\"inlineStr\"><is><t>{value}</t></is></c>"
                    ),
                };
                match xml.find(&format!("<c r=\"{cell}\" ")) {
                    // A blank answer cell of the form: keep its style.
                    Some(start) => {
                        let end = start + xml[start..].find("/>").unwrap() + 2;
                        let style = xml[start..end]
                            .split("s=\"")
                            .nth(1)
                            .map(|s| s.split('"').next().unwrap().to_string());
                        let replacement =
                            typed(&style.map(|s| format!(" s=\"{s}\"")).unwrap_or_default());
                        xml.replace_range(start..end, &replacement);
                    }
                    // A table row with no cells yet (all of them go on row 2):
                    // typed in, a cell takes its column's format, as in Excel.
                    None => {
                        let letter = cell.trim_end_matches(|c: char| c.is_ascii_digit());
                        let index = letter
                            .bytes()
                            .fold(0, |n, b| n * 26 + u32::from(b - b'A') + 1);
                        let col = format!("<col min=\"{index}\" max=\"{index}\"");
                        let style = xml
                            .find(&col)
                            .map(|at| &xml[at..at + xml[at..].find("/>").unwrap()])
                            .and_then(|element| element.split("style=\"").nth(1))
                            .map(|rest| format!(" s=\"{}\"", rest.split('"').next().unwrap()))
                            .unwrap_or_default();
                        new_row.push_str(&typed(&style));
                    }
                }
            }
            if !new_row.is_empty() {
                let after_header = xml.find("</row>").unwrap() + "</row>".len();
                xml.insert_str(after_header, &format!("<row r=\"2\">{new_row}</row>"));
            }
            bytes = xml.into_bytes();
        }
        writer
            .start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(&bytes).unwrap();
    }
    writer.finish().unwrap();
}

#[test]
fn a_template_carries_validation_protection_and_hidden_lists() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        dir.path(),
        &[
            "template",
            "-o",
            "mall.xlsx",
            "--deadline",
            "2026-12-15",
            "--contact",
            "enkat@vastkom.example",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let path = dir.path().join("mall.xlsx");
    let workbook = entry(&path, "xl/workbook.xml");
    let sheets: Vec<&str> = workbook
        .split("<sheet name=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    assert_eq!(
        sheets,
        [
            "Instruktioner",
            "Uppgiftslämnare",
            "Strategidokument",
            "Budget",
            "Förmågor",
            "Listor"
        ]
    );
    assert!(workbook.contains("state=\"hidden\""), "Listor is hidden");
    assert!(workbook.contains("Enkat_id") && workbook.contains("ssvit-lokalt-nulage"));
    // Uppgiftslämnare: every answer validated, the sheet protected without a password.
    let form = entry(&path, "xl/worksheets/sheet2.xml");
    assert!(
        form.contains("<sheetProtection") && !form.contains("password"),
        "protected, no password"
    );
    assert_eq!(
        form.matches("<dataValidation ").count(),
        7,
        "one per question"
    );
    assert!(
        form.contains("type=\"date\"") && form.contains("TODAY()"),
        "the answer date may not be in the future"
    );
    assert!(
        form.contains("type=\"whole\"")
            && form.contains("<formula1>2000</formula1>")
            && form.contains("<formula2>2100</formula2>")
    );
    assert!(form.contains("promptTitle=\"Datum då enkäten besvarades\""));
    assert!(form.contains("errorTitle=\"Svaret passar inte\""));
    // Strategidokument: drop-down lists from the hidden sheet over 200 rows.
    let docs = entry(&path, "xl/worksheets/sheet3.xml");
    assert!(
        docs.contains("type=\"list\"") && docs.contains("Listor!$"),
        "lists on the hidden sheet"
    );
    assert!(
        docs.contains("sqref=\"B2:B201\""),
        "{}",
        &docs[..docs.len().min(3000)]
    );
    // Förmågor: levels 1–5.
    let grid = entry(&path, "xl/worksheets/sheet5.xml");
    assert!(grid.contains("<formula1>1</formula1><formula2>5</formula2>"));
    // Answer cells unlocked, the rest locked.
    assert!(entry(&path, "xl/styles.xml").contains("locked=\"0\""));
    // Instructions: deadline, contact, the scale and a notice on personal data.
    let strings = entry(&path, "xl/sharedStrings.xml");
    for text in [
        "2026-12-15",
        "enkat@vastkom.example",
        "1 Saknas, 2 Påbörjad, 3 Etablerad, 4 Utvecklad, 5 Ledande",
        "GDPR",
    ] {
        assert!(strings.contains(text), "{text}");
    }
}

#[test]
fn every_help_text_fits_an_input_message() {
    let survey = collect::survey::Survey::builtin();
    for q in survey.sections.iter().flat_map(|s| &s.questions) {
        assert!(
            q.help.chars().count() <= 255,
            "{}: {} characters",
            q.id,
            q.help.chars().count()
        );
    }
}

#[test]
fn a_template_filled_in_by_another_program_validates() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        run(
            dir.path(),
            &[
                "template",
                "-o",
                "mall.xlsx",
                "--respondent",
                "1441",
                "--year",
                "2026"
            ]
        )
        .code,
        0
    );
    let template = dir.path().join("mall.xlsx");
    // As is, only the unanswered questions are wrong.
    let blank = run(dir.path(), &["validate", "--format", "json", "mall.xlsx"]);
    let doc = blank.json();
    assert_eq!(doc["files"][0]["respondent"], "1441");
    assert_eq!(doc["files"][0]["year"], 2026);
    let (errors, _) = findings(&doc);
    assert!(
        errors.iter().all(|(code, _)| code == "answer.missing"),
        "{errors:?}"
    );

    let step = dir.path().join("steg1.xlsx");
    fill(
        &template,
        &step,
        2,
        &[
            ("C4", "Fiktiv Person"),
            ("C5", "fiktiv@lerum.example"),
            ("C8", "46310"),
        ],
    );
    let step2 = dir.path().join("steg2.xlsx");
    fill(
        &step,
        &step2,
        3,
        &[
            ("A2", "Digitaliseringsstrategi"),
            ("B2", "Strategi"),
            ("C2", "Digitalisering (övergripande)"),
            ("D2", "Fullmäktige"),
            ("E2", "45352"),
            ("G2", "Egen organisation"),
        ],
    );
    fill(
        &step2,
        &dir.path().join("ifylld.xlsx"),
        4,
        &[("C2", "12500000"), ("C9", "3.5")],
    );
    let filled = run(dir.path(), &["validate", "--format", "json", "ifylld.xlsx"]);
    assert_eq!(filled.code, 0, "{}", filled.stdout);
    let (errors, warnings) = findings(&filled.json());
    assert!(
        errors.is_empty() && warnings.is_empty(),
        "{errors:?} {warnings:?}"
    );
}

#[test]
fn a_template_filled_in_with_openpyxl_validates() {
    let has_openpyxl = Command::new("python3")
        .args(["-c", "import openpyxl"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_openpyxl {
        assert!(
            std::env::var_os("COLLECT_REQUIRE_OPENPYXL").is_none(),
            "CI installs openpyxl (.ci/run)"
        );
        eprintln!("openpyxl is not installed; the openpyxl round trip was not run");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run(dir.path(), &["template", "-o", "mall.xlsx"]).code, 0);
    let script = root().join("tests/scripts/fill_template.py");
    let status = Command::new("python3")
        .arg(&script)
        .args(["mall.xlsx", "ifylld.xlsx"])
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    let filled = run(dir.path(), &["validate", "--format", "json", "ifylld.xlsx"]);
    assert_eq!(filled.code, 0, "{}", filled.stdout);
    let (errors, warnings) = findings(&filled.json());
    assert!(
        errors.is_empty() && warnings.is_empty(),
        "{errors:?} {warnings:?}"
    );
    assert_eq!(filled.json()["files"][0]["respondent"], "1441");
}

#[test]
fn a_csv_template_filled_in_validates() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        run(
            dir.path(),
            &[
                "template",
                "-o",
                "mall.csv",
                "--format",
                "csv",
                "--respondent",
                "GR",
                "--year",
                "2026"
            ]
        )
        .code,
        0
    );
    let template = std::fs::read_to_string(dir.path().join("mall.csv")).unwrap();
    assert!(template.starts_with("\u{feff}question,row,value\r\n_enkat,ssvit-lokalt-nulage,1\r\norganisation,,Göteborgsregionens kommunalförbund\r\nar,,2026\r\n"));
    assert!(template.contains("dok_titel,3,\r\n") && template.contains("niva,tjanster,\r\n"));
    let answers = [
        ("kontaktperson,,", "Fiktiv Person"),
        ("epost,,", "fiktiv@gr.example"),
        ("besvarad,,", "2026-10-01"),
        ("dok_titel,1,", "Strategi"),
        ("dok_typ,1,", "Strategi"),
        ("dok_omrade,1,", "digitalisering"),
        ("dok_beslutad_av,1,", "Förbundsstyrelse"),
        ("dok_beslutsdatum,1,", "2025-02-01"),
        ("dok_samverkan,1,", "Gemensam inom delregionen"),
        ("budget_total,,", "\"12 500 000 kr\""),
    ];
    let filled: String = template
        .split_inclusive("\r\n")
        .map(|line| {
            match answers
                .iter()
                .find(|(prefix, _)| line == format!("{prefix}\r\n"))
            {
                Some((prefix, value)) => format!("{prefix}{value}\r\n"),
                None => line.to_string(),
            }
        })
        .collect();
    std::fs::write(dir.path().join("ifylld.csv"), filled).unwrap();
    let run = run(dir.path(), &["validate", "--format", "json", "ifylld.csv"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let (errors, warnings) = findings(&run.json());
    assert!(
        errors.is_empty() && warnings.is_empty(),
        "{errors:?} {warnings:?}"
    );
}

#[test]
fn all_writes_one_form_per_respondent() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        run(dir.path(), &["template", "--all", "-o", "mallar"]).code,
        0
    );
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("mallar"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 54);
    assert!(
        names.contains(&"1441-lerum.xlsx".to_string())
            && names.contains(&"vastkom-vastkom.xlsx".to_string())
    );
    let json = run(
        dir.path(),
        &[
            "validate",
            "--format",
            "json",
            "--respondent",
            "1462",
            "mallar/1462-lilla-edet.xlsx",
        ],
    )
    .json();
    assert_eq!(json["files"][0]["respondent"], "1462");
}

#[test]
fn a_template_of_another_version_is_recognised() {
    let dir = tempfile::tempdir().unwrap();
    let v2 = include_str!("../../surveys/ssvit-lokalt-nulage.toml").replacen(
        "version = 1",
        "version = 2",
        1,
    );
    std::fs::write(dir.path().join("v2.toml"), v2).unwrap();
    assert_eq!(
        run(
            dir.path(),
            &["--survey", "v2.toml", "template", "-o", "v2.xlsx"]
        )
        .code,
        0
    );
    let (errors, _) =
        findings(&run(dir.path(), &["validate", "--format", "json", "v2.xlsx"]).json());
    assert_eq!(
        errors,
        [("survey.newer_version".to_string(), "v2.xlsx".to_string())]
    );
    assert_eq!(run(dir.path(), &["template", "-o", "v1.xlsx"]).code, 0);
    let (_, warnings) = findings(
        &run(
            dir.path(),
            &[
                "--survey", "v2.toml", "validate", "--format", "json", "v1.xlsx",
            ],
        )
        .json(),
    );
    assert!(
        warnings.contains(&("survey.old_version".to_string(), "v1.xlsx".to_string())),
        "{warnings:?}"
    );
}

#[test]
fn prefill_carries_last_years_answers_into_next_years_form() {
    let dir = tempfile::tempdir().unwrap();
    run(
        dir.path(),
        &[
            "import",
            &root().join("fixtures/submissions").display().to_string(),
        ],
    );
    let out = run(
        dir.path(),
        &[
            "template",
            "-o",
            "lerum-2027.xlsx",
            "--respondent",
            "1441",
            "--year",
            "2027",
            "--prefill",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc = run(
        dir.path(),
        &["validate", "--format", "json", "lerum-2027.xlsx"],
    )
    .json();
    assert_eq!(doc["files"][0]["year"], 2027);
    let (errors, _) = findings(&doc);
    // Everything but the new answer date and last year's personal data is
    // there: the required contact person and e-mail are asked for again.
    let missing = |cell: &str| {
        (
            "answer.missing".to_string(),
            format!("Uppgiftslämnare!{cell}"),
        )
    };
    assert_eq!(errors, [missing("C4"), missing("C5"), missing("C8")]);
    prefill_with_contacts_carries_them_too(dir.path());
    prefill_skips_years_without_answers(dir.path());
    let strings = entry(&dir.path().join("lerum-2027.xlsx"), "xl/sharedStrings.xml");
    assert!(
        strings.contains("Digitalisering (övergripande)"),
        "last year's documents, as labels"
    );
    // The output's extension must fit the format.
    assert_eq!(run(dir.path(), &["template", "-o", "mall.ods"]).code, 2);
    assert_eq!(
        run(
            dir.path(),
            &["template", "-o", "mall.xlsx", "--format", "csv"]
        )
        .code,
        2
    );
    // Without a database there is nothing to prefill from.
    let empty = tempfile::tempdir().unwrap();
    assert_eq!(
        run(
            empty.path(),
            &[
                "template",
                "-o",
                "x.xlsx",
                "--respondent",
                "1441",
                "--prefill"
            ]
        )
        .code,
        2
    );
}

#[test]
fn annotate_marks_each_finding_on_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let bad = root()
        .join("fixtures/invalid/amount.not_a_number.xlsx")
        .display()
        .to_string();
    let out = run(dir.path(), &["annotate", &bad, "-o", "feedback.xlsx"]);
    assert_eq!(out.code, 1, "an invalid file, as with validate");
    let path = dir.path().join("feedback.xlsx");
    let workbook = entry(&path, "xl/workbook.xml");
    assert!(
        workbook.starts_with("<?xml")
            && workbook.contains("<sheet name=\"Återkoppling\" sheetId=\"1\"")
    );
    let strings = entry(&path, "xl/sharedStrings.xml");
    assert!(
        strings.contains("Filen är inte godkänd: 1 fel"),
        "the verdict"
    );
    assert!(strings.contains("Budget!C2"), "where in the file");
    let notes: String = entries(&path)
        .into_iter()
        .filter(|(n, _)| n.starts_with("xl/comments"))
        .map(|(_, t)| t)
        .collect();
    assert!(
        notes.contains("ref=\"C2\"") && notes.contains("ca 2 miljoner"),
        "a note on the cell: {notes}"
    );
    // The answers are the respondent's own; the file can be read again.
    let again = run(
        dir.path(),
        &["validate", "--format", "json", "feedback.xlsx"],
    );
    let (errors, _) = findings(&again.json());
    assert_eq!(
        errors,
        [("amount.not_a_number".to_string(), "Budget!C2".to_string())]
    );
}

#[test]
fn annotate_finds_the_cell_of_a_csv_finding_and_praises_a_good_file() {
    let dir = tempfile::tempdir().unwrap();
    let bad = root()
        .join("fixtures/invalid/url.invalid.csv")
        .display()
        .to_string();
    assert_eq!(
        run(dir.path(), &["annotate", &bad, "-o", "fb.xlsx"]).code,
        1
    );
    let strings = entry(&dir.path().join("fb.xlsx"), "xl/sharedStrings.xml");
    assert!(
        strings.contains("url.invalid.csv:14") && strings.contains("Strategidokument!H2"),
        "both places"
    );
    let good = root()
        .join("fixtures/submissions/1401-harryda.xlsx")
        .display()
        .to_string();
    assert_eq!(
        run(dir.path(), &["annotate", &good, "-o", "ok.xlsx"]).code,
        0
    );
    let strings = entry(&dir.path().join("ok.xlsx"), "xl/sharedStrings.xml");
    assert!(strings.contains("Inga fel eller varningar: filen är godkänd."));
    // Even an unreadable file gets a feedback file that says why.
    let empty = root()
        .join("fixtures/invalid/file.empty.xlsx")
        .display()
        .to_string();
    assert_eq!(
        run(dir.path(), &["annotate", &empty, "-o", "tom.xlsx"]).code,
        1
    );
    assert!(entry(&dir.path().join("tom.xlsx"), "xl/sharedStrings.xml").contains("filen är tom"));
}

#[test]
fn a_feedback_file_never_turns_an_answer_into_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "question,row,value\norganisation,,Lerum\nar,,2026\nbudget_total,,=1+1\n\
               budget_kommentar,,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"\n";
    std::fs::write(dir.path().join("svar.csv"), csv).unwrap();
    assert_eq!(
        run(dir.path(), &["annotate", "svar.csv", "-o", "fb.xlsx"]).code,
        1
    );
    // The only formulas are the form's own checks, none made of an answer.
    for (name, xml) in entries(&dir.path().join("fb.xlsx")) {
        if name.starts_with("xl/worksheets/") {
            for formula in xml.split("<f>").skip(1) {
                let formula = formula.split("</f>").next().unwrap();
                assert!(
                    formula.contains("Fel:") || formula.contains("Kontroll"),
                    "{name} has an answer as a formula: {formula}"
                );
                assert!(!formula.contains("HYPERLINK") && !formula.contains("1+1"));
            }
        }
    }
    assert!(entry(&dir.path().join("fb.xlsx"), "xl/sharedStrings.xml").contains("=HYPERLINK"));
}

/// A year without answers in between: the newest earlier year's are used.
fn prefill_skips_years_without_answers(dir: &Path) {
    let out = run(
        dir,
        &[
            "template",
            "-o",
            "lerum-2028.xlsx",
            "--respondent",
            "1441",
            "--year",
            "2028",
            "--prefill",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("fylls inte i"), "{}", out.stderr);
    let doc = run(dir, &["validate", "--format", "json", "lerum-2028.xlsx"]).json();
    assert_eq!(doc["files"][0]["year"], 2028);
    let (errors, _) = findings(&doc);
    assert_eq!(
        errors.len(),
        3,
        "only the answer date and personal data: {errors:?}"
    );
}

/// `--with-contacts` prefills last year's personal data as well.
fn prefill_with_contacts_carries_them_too(dir: &Path) {
    let args = [
        "template",
        "-o",
        "med.xlsx",
        "--respondent",
        "1441",
        "--year",
        "2027",
        "--prefill",
        "--with-contacts",
    ];
    let with_contacts = run(dir, &args);
    assert_eq!(with_contacts.code, 0, "{}", with_contacts.stderr);
    let doc = run(dir, &["validate", "--format", "json", "med.xlsx"]).json();
    let missing = (
        "answer.missing".to_string(),
        "Uppgiftslämnare!C8".to_string(),
    );
    assert_eq!(findings(&doc).0, [missing]);
}
