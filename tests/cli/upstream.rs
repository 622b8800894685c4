//! Files that mainstream programs write and that calamine 0.38.0 or the
//! `cfb` crate rejected (issue 12): the reproducers in `fixtures/upstream/`,
//! whose README has the upstream issue for each. Each test fails without the
//! patches in `vendor/calamine/` and the lenient compound-file reader in
//! `src/read/ole.rs`.

use crate::{collect, findings, fixture};

fn upstream(name: &str) -> String {
    fixture(&format!("upstream/{name}"))
}

/// The template (`fixtures/formats/arbetsbok.xlsx`) saved by Gnumeric and by
/// SheetJS: pretty-printed ODS (calamine) and a BIFF8 compound file whose
/// FAT is padded with ENDOFCHAIN (the `cfb` crate).
#[test]
fn the_template_saved_by_gnumeric_and_sheetjs_validates() {
    for name in [
        "arbetsbok-gnumeric.ods",
        "arbetsbok-sheetjs.ods",
        "arbetsbok-sheetjs.xls",
    ] {
        let run = collect(&["validate", "--format", "json", &upstream(name)]);
        assert_eq!(run.code, 0, "{name}: {}", run.stdout);
        assert_eq!(findings(&run.json()), (vec![], vec![]), "{name}");
    }
}

/// Minimal workbooks with one sheet that is not the survey's: read, so the
/// sheet gets `sheet.unknown` and the missing sections `sheet.missing`, and
/// no finding says the file cannot be read.
#[test]
fn minimal_reproducers_are_read() {
    for (name, sheet) in [
        ("ods-whitespace-gnumeric.ods", "src.csv"),
        ("ods-whitespace-sheetjs.ods", "Blad1"),
        ("cfb-fat-endofchain-sheetjs-biff8.xls", "Blad1"),
        ("cfb-fat-endofchain-sheetjs-biff5.xls", "Blad1"),
        ("xlsx-strict-pretty-printed.xlsx", "Blad1"),
        ("xlsx-relationship-targets.xlsx", "Up"),
        ("xlsx-macro-sheet.xlsx", "Blad1"),
    ] {
        let run = collect(&["validate", "--format", "json", &upstream(name)]);
        assert_eq!(run.code, 1, "{name}: {}", run.stdout);
        let (errors, warnings) = findings(&run.json());
        assert!(
            errors.iter().all(|(code, _)| code == "sheet.missing"),
            "{name}: {errors:?}"
        );
        assert!(
            warnings.contains(&("sheet.unknown".to_string(), sheet.to_string())),
            "{name}: {warnings:?}"
        );
    }
}

/// Encrypted workbooks of every scheme get `file.encrypted` and nothing
/// else: XOR-obfuscated .xls were refused as too long (`limit.rows`), and an
/// encrypted xlsx in a container the `cfb` crate cannot open was taken for
/// an .xls.
#[test]
fn encrypted_workbooks_of_every_scheme_are_file_encrypted() {
    for name in [
        "encrypted-xls-xor.xls",
        "encrypted-xls-biff5-xor.xls",
        "encrypted-xls-rc4.xls",
        "encrypted-xls-rc4-cryptoapi.xls",
        "cfb-fat-endofchain-encrypted.xlsx",
        "encrypted-ods.ods",
    ] {
        let path = upstream(name);
        // Limits so low that any read of the content would breach them.
        let run = collect(&[
            "validate",
            "--format",
            "json",
            "--max-rows",
            "1",
            "--max-columns",
            "1",
            "--max-zip-entries",
            "1",
            &path,
        ]);
        assert_eq!(run.code, 1, "{name}: {}", run.stdout);
        assert_eq!(
            findings(&run.json()),
            (vec![("file.encrypted".to_string(), path.clone())], vec![]),
            "{name}"
        );
    }
}

/// Sheets the survey does not read are only named (`sheet.unknown`): a
/// chart sheet is no corruption, and a notes sheet's far-away cells hit no
/// row or column limit.
#[test]
fn sheets_outside_the_survey_are_named_never_read() {
    use collect::form::{self, Input, Instructions, SheetLayout};
    let run = crate::collect(&[
        "validate",
        "--format",
        "json",
        "fixtures/upstream/xlsx-chart-sheet.xlsx",
    ]);
    let (errors, warnings) = crate::findings(&run.json());
    assert!(
        errors.iter().all(|(code, _)| code == "sheet.missing"),
        "{errors:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|(code, place)| code == "sheet.unknown" && place == "Annat"),
        "{warnings:?}"
    );

    let survey = collect::survey::Survey::builtin();
    let registry = collect::registry::Registry::builtin();
    let lerum = registry.get("1441").unwrap();
    let entries = collect_example::entries(
        &survey,
        lerum,
        2026,
        collect_example::FileKind::Xlsx,
        collect_example::Quirk::None,
    );
    let instructions = Instructions {
        year: Some(2026),
        respondent: Some(lerum),
        deadline: None,
        contact: None,
    };
    let mut sheets = form::layout(&survey, &entries, &instructions);
    let mut far = vec![Vec::new(); 30];
    far[29] = vec![Input::Empty; 40];
    far[29][39] = Input::Text("anteckning".into());
    sheets.push(SheetLayout {
        name: "Anteckningar".into(),
        rows: far,
        answers: Vec::new(),
        placed: Vec::new(),
        check_col: None,
        highlights: Vec::new(),
    });
    let bytes = form::xlsx::write(&sheets, &form::xlsx::Options::new(&survey)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("svar.xlsx"), bytes).unwrap();
    let run = crate::collect_in(
        dir.path(),
        &[
            "validate",
            "--format",
            "json",
            "--max-rows",
            "25",
            "--max-columns",
            "30",
            "svar.xlsx",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    let (errors, warnings) = crate::findings(&run.json());
    assert!(errors.is_empty(), "{errors:?}");
    assert!(
        warnings.contains(&("sheet.unknown".to_string(), "Anteckningar".to_string())),
        "{warnings:?}"
    );
}
