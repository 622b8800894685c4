//! `collect validate` behaviour: exit codes, folders, `--respondent`,
//! `--year`, CSV details and hostile input.

use std::path::Path;

use crate::{collect, collect_in, findings, fixture, root};

fn write(dir: &Path, name: &str, content: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, content).unwrap();
    name.to_string()
}

/// A complete, valid long CSV for Lerum; `extra` lines are appended.
fn lerum_csv(extra: &str) -> String {
    format!(
        "question,row,value\n\
         organisation,,Lerums kommun\n\
         ar,,2026\n\
         kontaktperson,,Fiktiv Person\n\
         epost,,fiktiv.person@lerum.example\n\
         besvarad,,2026-10-01\n\
         dok_titel,1,Digitaliseringsstrategi\n\
         dok_typ,1,strategi\n\
         dok_omrade,1,Digitalisering (övergripande)\n\
         dok_beslutad_av,1,KF\n\
         dok_beslutsdatum,1,2024-03-01\n\
         dok_samverkan,1,Egen\n\
         budget_total,,12 500 000 kr\n\
         {extra}"
    )
}

#[test]
fn a_path_that_does_not_exist_exits_2_and_the_others_are_still_checked() {
    let run = collect(&[
        "validate",
        "fixtures/finns-inte.xlsx",
        &fixture("submissions/1401-harryda.xlsx"),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("fixtures/finns-inte.xlsx"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("finns inte"), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("Kontrollerade 1 fil: 1 godkänd, 0 underkända"),
        "{}",
        run.stdout
    );
}

#[test]
fn unreadable_files_exit_1_never_2() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 7] = [
        ("tom.csv", b"", "file.empty"),
        ("tom.xlsx", b"   \n", "file.empty"),
        ("bara-rubrik.csv", b"\n\n", "file.empty"),
        (
            "binar.csv",
            b"\x00\x01\x02\x03\x04\x05",
            "file.wrong_content",
        ),
        (
            "skadad.xlsx",
            b"PK\x03\x04\x14\x00\x00\x00trasig",
            "file.corrupt",
        ),
        (
            "gammal.xlsx",
            include_bytes!("../../fixtures/formats/libreoffice.xls"),
            "file.wrong_content",
        ),
        ("anteckning.pdf", b"%PDF-1.4", "file.unsupported_type"),
    ];
    for (name, bytes, code) in cases {
        write(dir.path(), name, bytes);
        let run = collect_in(dir.path(), &["validate", "--format", "json", name]);
        assert_eq!(run.code, 1, "{name}: {}", run.stdout);
        let (errors, _) = findings(&run.json());
        assert_eq!(errors, vec![(code.to_string(), name.to_string())], "{name}");
    }
}

#[test]
fn an_old_binary_workbook_saved_as_xlsx_says_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "svar.xlsx",
        include_bytes!("../../fixtures/formats/libreoffice.xls"),
    );
    let run = collect_in(dir.path(), &["validate", "svar.xlsx"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("äldre Excel-arbetsbok (.xls"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_encrypted_workbook_is_named_as_such() {
    let run = collect(&["validate", &fixture("invalid/file.encrypted.xlsx")]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("lösenordsskyddad"), "{}", run.stdout);
}

#[test]
fn folders_are_searched_recursively_in_path_order_skipping_hidden_and_lock_files() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(root().join("fixtures/submissions/1401-harryda.xlsx")).unwrap();
    write(dir.path(), "in/b/2.xlsx", &good);
    write(dir.path(), "in/a.xlsx", &good);
    write(dir.path(), "in/~$a.xlsx", b"lock");
    write(dir.path(), "in/.dold.csv", b"hidden");
    write(dir.path(), "in/.git/x.csv", b"hidden");
    write(dir.path(), "in/notes.md", b"not a submission");
    write(dir.path(), "in/c.CSV", lerum_csv("").as_bytes());
    let run = collect_in(dir.path(), &["validate", "--format", "json", "in"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let paths: Vec<String> = run.json()["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths, ["in/a.xlsx", "in/b/2.xlsx", "in/c.CSV"]);
}

#[test]
fn respondent_flag_requires_the_file_to_come_from_that_respondent() {
    let path = fixture("submissions/1401-harryda.xlsx");
    assert_eq!(
        collect(&["validate", "--respondent", "1401", &path]).code,
        0
    );
    let run = collect(&[
        "validate",
        "--respondent",
        "1441",
        "--format",
        "json",
        &path,
    ]);
    assert_eq!(run.code, 1);
    let (errors, _) = findings(&run.json());
    assert_eq!(
        errors,
        [(
            "respondent.mismatch".to_string(),
            "Uppgiftslämnare!C2".to_string()
        )]
    );
    assert!(run.stdout.contains("Lerum (1441)"), "{}", run.stdout);

    let unknown = collect(&["validate", "--respondent", "9999", &path]);
    assert_eq!(unknown.code, 2, "an unknown id is a usage error");
    assert!(unknown.stderr.contains("9999"));
}

#[test]
fn year_flag_requires_the_file_to_be_about_that_year() {
    let path = fixture("submissions/1401-harryda.xlsx");
    assert_eq!(collect(&["validate", "--year", "2026", &path]).code, 0);
    let run = collect(&["validate", "--year", "2025", "--format", "json", &path]);
    assert_eq!(run.code, 1);
    let (errors, _) = findings(&run.json());
    assert_eq!(
        errors,
        [(
            "year.mismatch".to_string(),
            "Uppgiftslämnare!C3".to_string()
        )]
    );
}

#[test]
fn csv_delimiters_quotes_and_windows_1252_are_read() {
    let dir = tempfile::tempdir().unwrap();
    // A quoted value spanning two lines moves the next record's line.
    let comma =
        lerum_csv("budget_kommentar,,\"Rad ett,\nrad två\"\nbudget_personal,,\"5 000 000\"\n");
    write(dir.path(), "komma.csv", comma.as_bytes());
    let semicolons = comma.replace(',', ";").replace("Rad ett;", "Rad ett,");
    write(dir.path(), "semikolon.csv", semicolons.as_bytes());
    let tabs = comma.replace(',', "\t").replace("Rad ett\t", "Rad ett,");
    write(dir.path(), "tabb.txt", tabs.as_bytes());
    let crlf = semicolons.replace('\n', "\r\n");
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(&crlf);
    write(dir.path(), "ansi.csv", &latin1);
    for name in ["komma.csv", "semikolon.csv", "tabb.txt", "ansi.csv"] {
        let run = collect_in(dir.path(), &["validate", "--format", "json", name]);
        assert_eq!(run.code, 0, "{name}: {}", run.stdout);
        assert_eq!(run.json()["files"][0]["respondent"], "1441", "{name}");
    }
    // A defect after the quoted value names the line it starts on.
    let bad = lerum_csv("budget_kommentar,,\"Rad ett,\nrad två\"\nbudget_personal,,mycket\n");
    write(dir.path(), "fel.csv", bad.as_bytes());
    let run = collect_in(dir.path(), &["validate", "--format", "json", "fel.csv"]);
    let (errors, _) = findings(&run.json());
    assert_eq!(
        errors,
        [("amount.not_a_number".to_string(), "fel.csv:16".to_string())]
    );
}

#[test]
fn csv_rows_and_missing_answers_are_placed_on_lines_and_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let text = "question,row,value\norganisation,,Lerum\nar,,2026\nbesvarad,,2026-10-01\nbudget_total,1,5\nniva,okänt,3\n";
    write(dir.path(), "glest.csv", text.as_bytes());
    let run = collect_in(dir.path(), &["validate", "--format", "json", "glest.csv"]);
    assert_eq!(run.code, 1);
    let (errors, warnings) = findings(&run.json());
    let e = |c: &str, p: &str| (c.to_string(), p.to_string());
    assert_eq!(
        errors,
        [
            e("csv.invalid_row", "glest.csv:5"),
            e("csv.invalid_row", "glest.csv:6"),
            e("answer.missing", "glest.csv"),
            e("answer.missing", "glest.csv"),
            e("answer.missing", "glest.csv"),
        ]
    );
    // No document at all: the strategy warning is on the file.
    assert_eq!(warnings, [e("strategy.none_in_force", "glest.csv")]);
    let questions: Vec<String> = run.json()["files"][0]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["question"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        questions,
        [
            "budget_total",
            "niva",
            "kontaktperson",
            "epost",
            "budget_total"
        ]
    );
}

#[test]
fn answers_in_every_accepted_form_pass() {
    let dir = tempfile::tempdir().unwrap();
    let extra = "budget_personal,,\"1 234,5\"\n\
                 budget_drift,,1\u{a0}000\u{a0}000\n\
                 budget_investering,,12.500\n\
                 budget_samverkan,,100 000:-\n\
                 budget_ovrigt,,11.398.753\n\
                 externa_medel,,\"0,5 Mkr\"\n\
                 arsarbetare,,\"3,5\"\n\
                 budgetmodell,,blandat\n\
                 niva,Inköp och upphandling,\"4,0\"\n\
                 dok_giltig_till,1,2026\n\
                 dok_lank,1,HTTPS://www.lerum.example/strategi\n";
    write(dir.path(), "former.csv", lerum_csv(extra).as_bytes());
    let run = collect_in(dir.path(), &["validate", "--format", "json", "former.csv"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let (_, warnings) = findings(&run.json());
    // Only the million unit is worth a warning.
    assert_eq!(
        warnings,
        [(
            "amount.unit_converted".to_string(),
            "former.csv:19".to_string()
        )]
    );
    assert!(run.stdout.contains("500 000 kr"), "{}", run.stdout);
}

#[test]
fn an_ambiguous_or_misspelt_organisation_gets_suggestions() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "register.csv",
        "id,name,kind,delregion,population,population_year,aliases\n\
         1,Norra Ale,kommun,Nord,100,2021,Ale\n\
         2,Södra Ale,kommun,Syd,100,2021,Ale\n\
         3,Lerum,kommun,Syd,100,2021,\n"
            .as_bytes(),
    );
    write(
        dir.path(),
        "tvetydig.csv",
        lerum_csv("")
            .replace("Lerums kommun", "Ale kommun")
            .as_bytes(),
    );
    let run = collect_in(
        dir.path(),
        &[
            "--registry",
            "register.csv",
            "validate",
            "--format",
            "json",
            "tvetydig.csv",
        ],
    );
    assert_eq!(run.code, 1);
    let (errors, _) = findings(&run.json());
    assert_eq!(
        errors,
        [(
            "respondent.ambiguous".to_string(),
            "tvetydig.csv:2".to_string()
        )]
    );
    assert!(
        run.stdout.contains("Norra Ale (1)") && run.stdout.contains("Södra Ale (2)"),
        "{}",
        run.stdout
    );

    write(
        dir.path(),
        "felstavad.csv",
        lerum_csv("").replace("Lerums kommun", "Lerumm").as_bytes(),
    );
    let run = collect(&[
        "validate",
        &dir.path().join("felstavad.csv").display().to_string(),
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("Menade du Lerum (1441)"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_older_survey_version_that_no_longer_fits_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let old = std::fs::read(root().join("fixtures/warnings/survey.old_version.xlsx")).unwrap();
    write(dir.path(), "gammal.xlsx", &old);
    let run = collect_in(dir.path(), &["validate", "--format", "json", "gammal.xlsx"]);
    assert_eq!(run.code, 0);
    // The same old marker on a file whose layout no longer fits.
    let text = lerum_csv("_enkat,ssvit-lokalt-nulage,0\nbudget_prognos,,5\n");
    write(dir.path(), "gammal.csv", text.as_bytes());
    let run = collect_in(dir.path(), &["validate", "--format", "json", "gammal.csv"]);
    assert_eq!(run.code, 1);
    let (errors, warnings) = findings(&run.json());
    assert_eq!(
        errors,
        [(
            "survey.incompatible_version".to_string(),
            "gammal.csv".to_string()
        )]
    );
    assert_eq!(
        warnings,
        [(
            "csv.unknown_question".to_string(),
            "gammal.csv:15".to_string()
        )]
    );
}

#[test]
fn hostile_bytes_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(root().join("fixtures/submissions/1401-harryda.xlsx")).unwrap();
    let ods = std::fs::read(root().join("fixtures/formats/libreoffice.ods")).unwrap();
    let xls = std::fs::read(root().join("fixtures/formats/libreoffice.xls")).unwrap();
    let mut names = Vec::new();
    for (base, ext, bytes) in [("x", "xlsx", &good), ("o", "ods", &ods), ("b", "xls", &xls)] {
        for cut in [
            1,
            4,
            30,
            100,
            bytes.len() / 3,
            bytes.len() / 2,
            bytes.len() - 10,
        ] {
            names.push(write(
                dir.path(),
                &format!("{base}{cut}.{ext}"),
                &bytes[..cut],
            ));
        }
        let mut flipped = bytes.clone();
        for i in (200..flipped.len()).step_by(97) {
            flipped[i] ^= 0x5a;
        }
        names.push(write(
            dir.path(),
            &format!("{base}-flipped.{ext}"),
            &flipped,
        ));
    }
    names.push(write(
        dir.path(),
        "quotes.csv",
        b"question,row,value\n\"organisation,,\"Lerum\n\"\"\"\n",
    ));
    names.push(write(
        dir.path(),
        "wide.csv",
        "a,".repeat(10_000).as_bytes(),
    ));
    let mut args = vec!["validate", "--format", "json"];
    args.extend(names.iter().map(String::as_str));
    let run = collect_in(dir.path(), &args);
    assert_eq!(run.code, 1);
    // Every file gets a verdict (an .xls cut inside its padding may even be
    // whole), none a panic.
    assert_eq!(run.json()["files"].as_array().unwrap().len(), names.len());
}

#[test]
fn a_csv_value_split_by_an_unquoted_delimiter_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "delad.csv",
        lerum_csv("arsarbetare,,3,5\n").as_bytes(),
    );
    let run = collect_in(dir.path(), &["validate", "--format", "json", "delad.csv"]);
    assert_eq!(run.code, 1);
    let (errors, _) = findings(&run.json());
    assert_eq!(
        errors,
        [("csv.extra_fields".to_string(), "delad.csv:14".to_string())]
    );
}

#[test]
fn any_single_sheet_saved_as_csv_is_recognised() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "dokument.csv",
        "\nDokumentets titel;Typ av dokument;Område\nStrategi;Strategi;Digitalisering\n".as_bytes(),
    );
    write(dir.path(), "fel-rubrik.csv", "Fråga;Rad;Svar\n".as_bytes());
    let run = collect_in(
        dir.path(),
        &["validate", "--format", "json", "dokument.csv"],
    );
    let (errors, _) = findings(&run.json());
    assert_eq!(
        errors,
        [("csv.single_sheet".to_string(), "dokument.csv:2".to_string())]
    );
    let run = collect_in(dir.path(), &["validate", "fel-rubrik.csv"]);
    assert!(
        run.stdout.contains("rubrikraden är \"Fråga,Rad,Svar\""),
        "{}",
        run.stdout
    );
}

#[test]
fn an_answer_added_below_an_empty_template_line_is_no_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let text = lerum_csv("arsarbetare,,\narsarbetare,,\"3,5\"\n");
    write(dir.path(), "mall.csv", text.as_bytes());
    let run = collect_in(dir.path(), &["validate", "--format", "json", "mall.csv"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    // Two answers on one pair still conflict.
    write(
        dir.path(),
        "dubbel.csv",
        lerum_csv("arsarbetare,,3\narsarbetare,,4\n").as_bytes(),
    );
    let (errors, _) =
        findings(&collect_in(dir.path(), &["validate", "--format", "json", "dubbel.csv"]).json());
    assert_eq!(
        errors,
        [("csv.duplicate".to_string(), "dubbel.csv:15".to_string())]
    );
}

#[test]
fn a_date_written_as_text_must_be_just_the_date() {
    let dir = tempfile::tempdir().unwrap();
    let text = lerum_csv("").replace("besvarad,,2026-10-01", "besvarad,,2026-10-01 10:00");
    write(dir.path(), "tid.csv", text.as_bytes());
    let (errors, _) =
        findings(&collect_in(dir.path(), &["validate", "--format", "json", "tid.csv"]).json());
    assert_eq!(
        errors,
        [("date.invalid".to_string(), "tid.csv:6".to_string())]
    );
}

#[test]
fn a_link_needs_only_its_scheme_and_a_host() {
    let dir = tempfile::tempdir().unwrap();
    let text = lerum_csv("dok_lank,1,https://www.lerum.example/strategi 2024.pdf\n");
    write(dir.path(), "lank.csv", text.as_bytes());
    assert_eq!(collect_in(dir.path(), &["validate", "lank.csv"]).code, 0);
}
