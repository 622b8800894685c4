//! The reproducers from public spreadsheet test suites
//! (`fixtures/public-suites`, see its README.md): each file that LibreOffice
//! opens gets the answer the contract gives it. Most are not survey forms,
//! so a file that is read gets `sheet.missing`.

use crate::{collect, collect_in, root};

/// Every file of the folder, with the error code it must get first and
/// words its message must hold.
const EXPECTED: [(&str, &str, &str); 12] = [
    // 1. `<sheet r:id=""/>`: read (calamine patch 7).
    (
        "xlsx-sheet-with-empty-relationship-id--poi-60825.xlsx",
        "sheet.missing",
        "",
    ),
    // 2. CODEPAGE 0x8001 is Windows-1252 (calamine patch 8).
    (
        "xls-codepage-0x8001--sheetjs-quattro-write_57.xls",
        "sheet.missing",
        "",
    ),
    // 3. BOF version 0x0580 is BIFF5 (calamine patch 9).
    (
        "xls-biff5-bof-version-0x0580--poi-64130.xls",
        "sheet.missing",
        "",
    ),
    // 4. Excel's default password: decrypted and read (.xls: calamine
    // patch 11; .xlsx: src/read/decrypt.rs).
    (
        "xls-rc4-default-password--poi-50833.xls",
        "sheet.missing",
        "",
    ),
    (
        "xlsx-standard-encryption-default-password--poi-protect.xlsx",
        "sheet.missing",
        "",
    ),
    (
        "xls-biff5-xor-default-password--poi-60284.xls",
        "sheet.missing",
        "",
    ),
    // 5. The office document's own content type tells what the package is.
    (
        "xlsx-workbook-outside-xl-with-bin-content-type--sheetjs-wtf_path.xlsx",
        "sheet.missing",
        "",
    ),
    // 6. A sheet that is not read is under no row or column limit.
    (
        "ods-unread-sheet-value-in-column-1024--synthetic.ods",
        "sheet.missing",
        "",
    ),
    // 7. Damaged compound files, made by a fuzzer.
    (
        "cfb-difat-entry-out-of-range--poi-clusterfuzz-4651309315719168.xls",
        "file.corrupt",
        "",
    ),
    (
        "cfb-mini-stream-chain-past-end--poi-clusterfuzz-5816431116615680.xls",
        "file.corrupt",
        "",
    ),
    // 8. A part whose XML does not parse.
    (
        "xlsx-garbled-workbook-rels--calamine-issue252.xlsx",
        "file.corrupt",
        "arbetsbokens XML går inte att tolka",
    ),
    // 9. An entity-expansion bomb: refused, and said so.
    (
        "xlsx-xml-entity-expansion--poi-poc-xmlbomb-empty.xlsx",
        "file.corrupt",
        "andra entiteter än XML:s inbyggda",
    ),
];

#[test]
fn every_public_suite_reproducer_gets_its_answer() {
    let dir = root().join("fixtures/public-suites");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "README.md")
        .collect();
    names.sort();
    let mut listed: Vec<&str> = EXPECTED.iter().map(|(name, _, _)| *name).collect();
    listed.sort_unstable();
    assert_eq!(names, listed, "every file of the folder is listed here");
    let mut wrong = Vec::new();
    for (name, code, words) in EXPECTED {
        let run = collect(&[
            "validate",
            "--format",
            "json",
            &format!("fixtures/public-suites/{name}"),
        ]);
        let first = &run.json()["files"][0]["errors"][0];
        if first["code"] != code || !first["message"].as_str().unwrap().contains(words) {
            wrong.push(format!("{name}: {first}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// A CODEPAGE that names no known code page is not a broken compound file.
#[test]
fn an_unknown_code_page_is_named_as_such() {
    let source =
        root().join("fixtures/public-suites/xls-codepage-0x8001--sheetjs-quattro-write_57.xls");
    let bytes = std::fs::read(source).unwrap();
    // The CODEPAGE record: type 0x0042, length 2, 0x8001.
    let record = [0x42, 0x00, 0x02, 0x00, 0x01, 0x80];
    let at = bytes
        .windows(record.len())
        .position(|w| w == record)
        .expect("the CODEPAGE record");
    let mut unknown = bytes.clone();
    unknown[at + 4..at + 6].copy_from_slice(&0x1234u16.to_le_bytes());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("kodsida.xls"), unknown).unwrap();
    let run = collect_in(dir.path(), &["validate", "--format", "json", "kodsida.xls"]);
    let first = &run.json()["files"][0]["errors"][0];
    assert_eq!(first["code"], "file.corrupt");
    let message = first["message"].as_str().unwrap();
    assert!(
        message.contains("filen anger en teckenkodning som inte stöds"),
        "{message}"
    );
    assert!(!message.contains("OLE"), "{message}");
}
