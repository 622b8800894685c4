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
