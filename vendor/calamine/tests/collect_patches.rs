//! Regression tests for the patches that `collect` carries on calamine 0.38.0
//! (see PATCHES.md). Each test file is a minimal workbook laid out as a
//! mainstream program writes it; LibreOffice reads every one of them.

use calamine::{open_workbook, Data, Ods, Reader, SheetType, Xls, XlsError, Xlsx};

fn path(name: &str) -> String {
    format!("{}/tests/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn rows(range: &calamine::Range<Data>) -> Vec<Vec<Data>> {
    range.rows().map(<[Data]>::to_vec).collect()
}

/// Gnumeric and SheetJS put white space between the cells of a row, between
/// named expressions and between the paragraphs of a cell.
#[test]
fn ods_white_space_between_elements_is_not_content() {
    let mut ods: Ods<_> = open_workbook(path("ods_whitespace_between_elements.ods")).unwrap();
    let range = ods.worksheet_range("Sheet1").unwrap();
    assert_eq!(
        rows(&range),
        [
            vec![Data::String("Id".into()), Data::Float(1.5)],
            vec![Data::String("two\nlines".into()), Data::Bool(true)],
        ]
    );
    let names: Vec<&str> = ods
        .defined_names()
        .iter()
        .map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(names, ["Answer", "Label"]);
}

/// A pretty-printed Strict OOXML sheet has white space around each `<v>`.
#[test]
fn xlsx_white_space_around_values_is_not_part_of_them() {
    let mut xlsx: Xlsx<_> = open_workbook(path("xlsx_strict_pretty_printed_values.xlsx")).unwrap();
    let range = xlsx.worksheet_range("Blad1").unwrap();
    assert_eq!(
        rows(&range),
        [
            vec![
                Data::String("Id".into()),
                Data::String("Svar".into()),
                Data::Empty,
                Data::Empty,
            ],
            vec![
                Data::Float(1.5),
                Data::Bool(true),
                Data::Error(calamine::CellErrorType::Div0),
                Data::Float(42.0),
            ],
        ]
    );
}

/// Relationship targets with `..` segments, and relationship ids written
/// with character references, name the same parts as their plain forms.
#[test]
fn xlsx_relationship_targets_are_resolved_as_uris() {
    let mut xlsx: Xlsx<_> = open_workbook(path("xlsx_relationship_targets.xlsx")).unwrap();
    assert_eq!(xlsx.sheet_names(), ["Up", "Escaped"]);
    for sheet in ["Up", "Escaped"] {
        let range = xlsx.worksheet_range(sheet).unwrap();
        assert_eq!(
            rows(&range)[0],
            [Data::String("Id".into()), Data::String("Svar".into())],
            "{sheet}"
        );
    }
}

/// Excel 4.0 macro sheets (`xlMacrosheet`, `xlIntlMacrosheet`) are listed as
/// macro sheets instead of making the whole workbook unreadable.
#[test]
fn xlsx_macro_sheets_are_macro_sheets() {
    let mut xlsx: Xlsx<_> = open_workbook(path("xlsx_macro_sheets.xlsx")).unwrap();
    let types: Vec<(String, SheetType)> = xlsx
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.typ))
        .collect();
    assert_eq!(
        types,
        [
            ("Data".to_string(), SheetType::WorkSheet),
            ("Macro1".to_string(), SheetType::MacroSheet),
            ("Makro1".to_string(), SheetType::MacroSheet),
        ]
    );
    let range = xlsx.worksheet_range("Data").unwrap();
    assert_eq!(range.get_value((1, 0)), Some(&Data::Float(1.5)));
}

/// A BIFF8 workbook with XOR obfuscation has a FilePass record whose
/// wEncryptionType is 0: it is password protected all the same.
#[test]
fn xls_xor_obfuscation_is_password_protection() {
    let result: Result<Xls<_>, XlsError> = open_workbook(path("xls_xor_obfuscation.xls"));
    assert!(
        matches!(result, Err(XlsError::Password)),
        "{:?}",
        result.err()
    );
}

/// The shared strings and styles may stand anywhere in the package: the
/// workbook's relationships say where (here `/delade-strangar.xml` and
/// `format/stilar.xml`, beside a workbook at `Arbetsbok/bok.xml`).
#[test]
fn xlsx_shared_strings_and_styles_are_found_through_the_relationships() {
    let mut xlsx: Xlsx<_> = open_workbook(path("xlsx_parts_in_unusual_folders.xlsx")).unwrap();
    let range = xlsx.worksheet_range("Uppgiftslämnare").unwrap();
    assert_eq!(range.get_value((0, 0)), Some(&Data::String("Id".into())));
    assert_eq!(
        range.get_value((1, 0)),
        Some(&Data::String("organisation".into()))
    );
}

/// A sheet listed with an empty relationship id (`<sheet r:id=""/>`, as
/// Excel writes for Excel 5 VBA module sheets) has no part: it is listed as
/// an empty worksheet, and the other sheets are read.
#[test]
fn xlsx_sheet_without_relationship_id_is_an_empty_worksheet() {
    let mut xlsx: Xlsx<_> = open_workbook(path("xlsx_sheet_without_relationship_id.xlsx")).unwrap();
    let types: Vec<(String, SheetType)> = xlsx
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.typ))
        .collect();
    assert_eq!(
        types,
        [
            ("Data".to_string(), SheetType::WorkSheet),
            ("Module".to_string(), SheetType::WorkSheet),
        ]
    );
    let range = xlsx.worksheet_range("Data").unwrap();
    assert_eq!(
        rows(&range),
        [vec![Data::String("Id".into()), Data::Float(1.5)]]
    );
    assert!(xlsx.worksheet_range("Module").unwrap().is_empty());
    assert!(xlsx.worksheet_formula("Module").unwrap().is_empty());
    let mut cells = xlsx.worksheet_cells_reader("Module").unwrap();
    assert!(cells.next_cell_with_formula().unwrap().is_none());
    drop(cells);
    let names: Vec<String> = xlsx.worksheets().into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["Data", "Module"]);
    assert!(matches!(
        xlsx.worksheet_range("Absent"),
        Err(calamine::XlsxError::WorksheetNotFound(_))
    ));
}

/// Quattro Pro writes Excel's BIFF2-BIFF3 identifier 0x8001 for Windows
/// Latin I in the CODEPAGE record (here a Gnumeric BIFF5 workbook with its
/// CODEPAGE changed from 1252 to 0x8001).
#[test]
fn xls_codepage_0x8001_is_windows_1252() {
    let mut xls: Xls<_> = open_workbook(path("xls_codepage_0x8001.xls")).unwrap();
    let range = xls.worksheet_range("Data.csv").unwrap();
    assert_eq!(
        rows(&range),
        [
            vec![Data::String("Id".into()), Data::String("Svar".into())],
            vec![Data::String("café".into()), Data::Int(2)],
        ]
    );
}

/// An Excel 5 chart object saved as a workbook has BOF records with the
/// version 0x0580: BIFF5 by its high byte (here a Gnumeric BIFF5 workbook
/// with both BOFs changed from 0x0500 to 0x0580).
#[test]
fn xls_bof_version_0x0580_is_biff5() {
    let mut xls: Xls<_> = open_workbook(path("xls_biff5_bof_version_0x0580.xls")).unwrap();
    assert_eq!(xls.sheet_names(), ["Data.csv"]);
    let range = xls.worksheet_range("Data.csv").unwrap();
    assert_eq!(rows(&range)[1], [Data::String("café".into()), Data::Int(2)]);
}

/// A workbook encrypted with Excel's default password "VelvetSweatshop"
/// (as Excel writes one whose structure is protected with a password) opens
/// without a prompt in Excel and LibreOffice: RC4 (here written by Apache
/// POI), RC4 CryptoAPI (POI) and XOR obfuscation (collect's xls_xor.py),
/// each a workbook stream of more than one 1024-byte RC4 block.
#[test]
fn xls_encrypted_with_the_default_password_is_decrypted() {
    for name in [
        "xls_rc4_default_password.xls",
        "xls_cryptoapi_default_password.xls",
        "xls_xor_default_password.xls",
    ] {
        let mut xls: Xls<_> = open_workbook(path(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(xls.sheet_names(), ["Blad1", "Blad2"], "{name}");
        assert_eq!(
            rows(&xls.worksheet_range("Blad1").unwrap()),
            [
                vec![Data::String("Id".into()), Data::String("Svar".into())],
                vec![Data::String("belopp".into()), Data::Float(1.5)],
            ],
            "{name}"
        );
        assert_eq!(
            rows(&xls.worksheet_range("Blad2").unwrap()),
            [vec![Data::String("två".into())]],
            "{name}"
        );
    }
}

/// Any other password is still `XlsError::Password` (RC4 with "hemligt";
/// XOR obfuscation with the verifier 0x5678 is
/// `xls_xor_obfuscation_is_password_protection`). `decrypt_xls_stream`,
/// which tells the same before a workbook is opened, has unit tests in
/// `src/xls_crypto.rs`.
#[test]
fn xls_encrypted_with_another_password_is_password_protection() {
    let result: Result<Xls<_>, XlsError> = open_workbook(path("xls_rc4_other_password.xls"));
    assert!(
        matches!(result, Err(XlsError::Password)),
        "{:?}",
        result.err()
    );
}
