//! The output formats of `validate`: text lines, the JSON contract, GitHub
//! workflow commands and JUnit XML.

use crate::{collect, fixture};

fn mixed() -> Vec<String> {
    [
        "submissions/1401-harryda.xlsx",
        "submissions/1402-partille.xlsx",
        "invalid/amount.not_a_number.xlsx",
        "invalid/url.invalid.csv",
    ]
    .iter()
    .map(|p| fixture(p))
    .collect()
}

fn validate(format: &str) -> crate::Run {
    let files = mixed();
    let mut args = vec!["validate", "--format", format];
    args.extend(files.iter().map(String::as_str));
    collect(&args)
}

#[test]
fn text_is_one_line_per_finding_then_a_summary() {
    let run = validate("text");
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "fixtures/submissions/1402-partille.xlsx: Budget!C2: varning: Total budget för digitaliseringsarbetet (kr) \
             (budget_total): \"14,71 mkr\" har lästs som 14 710 000 kr. Kontrollera beloppet.",
            "fixtures/invalid/amount.not_a_number.xlsx: Budget!C2: fel: Total budget för digitaliseringsarbetet (kr) \
             (budget_total): \"ca 2 miljoner\" är inte ett belopp. Ange beloppet i kronor som ett tal, t.ex. 12 500 000.",
            "fixtures/invalid/url.invalid.csv: url.invalid.csv:14: fel: Länk (dok_lank): \
             \"www.exempel.example/strategi.pdf\" är ingen webbadress. Ange hela adressen, som börjar med https:// eller http://.",
            "Kontrollerade 4 filer: 2 godkända, 2 underkända (2 fel, 1 varning).",
        ]
    );
    assert!(run.stderr.is_empty());
}

#[test]
fn json_matches_the_contract() {
    let run = validate("json");
    assert_eq!(run.code, 1);
    let doc = run.json();
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&doc), ["files", "summary"]);
    assert_eq!(
        keys(&doc["summary"]),
        ["files", "valid", "invalid", "errors", "warnings"]
    );
    assert_eq!(doc["summary"]["files"], 4);
    assert_eq!(doc["summary"]["valid"], 2);
    assert_eq!(doc["summary"]["invalid"], 2);
    assert_eq!(doc["summary"]["errors"], 2);
    assert_eq!(doc["summary"]["warnings"], 1);
    let files = doc["files"].as_array().unwrap();
    for file in files {
        assert_eq!(
            keys(file),
            ["path", "respondent", "year", "valid", "errors", "warnings"]
        );
        for finding in file["errors"]
            .as_array()
            .unwrap()
            .iter()
            .chain(file["warnings"].as_array().unwrap())
        {
            assert_eq!(keys(finding), ["code", "place", "question", "message"]);
        }
    }
    assert_eq!(files[0]["path"], "fixtures/submissions/1401-harryda.xlsx");
    assert_eq!(files[0]["respondent"], "1401");
    assert_eq!(files[0]["year"], 2026);
    assert_eq!(files[0]["valid"], true);
    assert_eq!(files[2]["valid"], false);
    let error = &files[2]["errors"][0];
    assert_eq!(error["code"], "amount.not_a_number");
    assert_eq!(error["place"], "Budget!C2");
    assert_eq!(error["question"], "budget_total");
    assert!(error["message"].as_str().unwrap().contains("ca 2 miljoner"));
    // A file that could not be read has no respondent or year.
    let run = collect(&[
        "validate",
        "--format",
        "json",
        &fixture("invalid/file.empty.xlsx"),
    ]);
    let doc = run.json();
    assert!(doc["files"][0]["respondent"].is_null() && doc["files"][0]["year"].is_null());
    assert!(doc["files"][0]["errors"][0]["question"].is_null());
}

#[test]
fn github_lines_are_workflow_commands() {
    let run = validate("github");
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", run.stdout);
    assert!(lines[0].starts_with("::warning file=fixtures/submissions/1402-partille.xlsx,title=amount.unit_converted Budget!C2::Budget!C2: "));
    assert!(lines[1].starts_with("::error file=fixtures/invalid/amount.not_a_number.xlsx,title=amount.not_a_number Budget!C2::"));
    assert!(
        lines[2].starts_with("::error file=fixtures/invalid/url.invalid.csv,line=14,title=url.invalid url.invalid.csv%3A14::"),
        "{}",
        lines[2]
    );
    assert!(lines[3].starts_with("::notice "));
    for line in lines {
        let (command, rest) = line[2..].split_once(' ').unwrap();
        assert!(["error", "warning", "notice"].contains(&command));
        assert!(rest.contains("::"), "{line}");
    }
}

#[test]
fn junit_is_well_formed_with_one_case_per_file() {
    let run = validate("junit");
    assert_eq!(run.code, 1);
    let doc = roxmltree::Document::parse(&run.stdout).expect("well-formed XML");
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("tests"), Some("4"));
    assert_eq!(suite.attribute("failures"), Some("2"));
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 4);
    assert_eq!(
        cases[0].attribute("name"),
        Some("fixtures/submissions/1401-harryda.xlsx")
    );
    let failed: Vec<&str> = cases
        .iter()
        .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
        .map(|c| c.attribute("name").unwrap())
        .collect();
    assert_eq!(
        failed,
        [
            "fixtures/invalid/amount.not_a_number.xlsx",
            "fixtures/invalid/url.invalid.csv"
        ]
    );
    let failure = cases[2]
        .children()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    assert!(failure.text().unwrap().contains("Budget!C2: fel: "));
    assert!(failure.text().unwrap().contains("[amount.not_a_number]"));
}
