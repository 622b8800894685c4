//! Hostile files: each is refused with its `limit.*` finding and exit code
//! 1, before the work its size would cause.

use std::io::Write;
use std::path::Path;

use crate::{collect_in, findings};

fn zip(path: &Path, entries: &[(&str, &[u8])]) {
    let mut writer = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap();
}

/// Runs validate on one file with extra options and returns its errors.
fn errors(dir: &Path, file: &str, options: &[&str]) -> Vec<(String, String)> {
    let mut args: Vec<&str> = options.to_vec();
    args.extend(["validate", "--format", "json", file]);
    let run = collect_in(dir, &args);
    assert_eq!(run.code, 1, "{file}: {}", run.stdout);
    findings(&run.json()).0
}

fn pair(code: &str, place: &str) -> Vec<(String, String)> {
    vec![(code.to_string(), place.to_string())]
}

#[test]
fn a_zip_bomb_is_refused_from_its_central_directory() {
    let dir = tempfile::tempdir().unwrap();
    let zeros = vec![0u8; 8 * 1024 * 1024];
    zip(
        &dir.path().join("bomb.xlsx"),
        &[
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/workbook.xml", b"<workbook/>"),
            ("xl/worksheets/sheet1.xml", &zeros),
        ],
    );
    assert_eq!(
        errors(dir.path(), "bomb.xlsx", &["--max-unzipped-mb", "4"]),
        pair("limit.unzipped_size", "bomb.xlsx")
    );
    let many: Vec<(String, Vec<u8>)> = (0..60)
        .map(|i| (format!("xl/media/{i}.bin"), vec![1u8]))
        .collect();
    let mut entries: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", b"<Types/>"),
        ("xl/workbook.xml", b"<workbook/>"),
    ];
    entries.extend(many.iter().map(|(n, b)| (n.as_str(), b.as_slice())));
    zip(&dir.path().join("delar.xlsx"), &entries);
    assert_eq!(
        errors(dir.path(), "delar.xlsx", &["--max-zip-entries", "50"]),
        pair("limit.zip_entries", "delar.xlsx")
    );
}

#[test]
fn a_cell_at_the_far_corner_is_refused_without_a_dense_grid() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Budget").unwrap();
    sheet.write_string(0, 0, "Id").unwrap();
    // XFD1048576: a dense grid to here would need hundreds of gigabytes.
    sheet.write_string(1_048_575, 16_383, "långt bort").unwrap();
    book.save(dir.path().join("hörn.xlsx")).unwrap();
    assert_eq!(
        errors(dir.path(), "hörn.xlsx", &[]),
        pair("limit.rows", "Budget")
    );
    assert_eq!(
        errors(dir.path(), "hörn.xlsx", &["--max-rows", "2000000"]),
        pair("limit.columns", "Budget")
    );
}

/// An .ods file whose spreadsheet holds `tables` (the `<table:table>`
/// elements).
fn ods(path: &Path, tables: &str) {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    );
    let mut writer = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    writer.start_file("mimetype", stored).unwrap();
    writer
        .write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    writer.start_file("META-INF/manifest.xml", stored).unwrap();
    writer
        .write_all(
            br#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#,
        )
        .unwrap();
    writer.start_file("content.xml", stored).unwrap();
    writer.write_all(content.as_bytes()).unwrap();
    writer.finish().unwrap();
}

#[test]
fn an_ods_row_repeated_a_million_times_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    ods(
        &dir.path().join("upprepad.ods"),
        r#"<table:table table:name="Budget"><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row></table:table>"#,
    );
    assert_eq!(
        errors(dir.path(), "upprepad.ods", &[]),
        pair("limit.rows", "Budget")
    );
}

/// The row and column limits apply to the sheets that are read, found by
/// name as the reader finds them; the grid-cell limit to every sheet, since
/// calamine parses an .ods whole.
#[test]
fn ods_row_and_column_limits_apply_only_to_sheets_that_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let far = |name: &str| {
        format!(
            r#"<table:table table:name="{name}"><table:table-row><table:table-cell table:number-columns-repeated="1023"/><table:table-cell office:value-type="float" office:value="5555"><text:p>5555</text:p></table:table-cell></table:table-row></table:table>"#
        )
    };
    ods(&dir.path().join("anteckningar.ods"), &far("Anteckningar"));
    let run = collect_in(
        dir.path(),
        &["validate", "--format", "json", "anteckningar.ods"],
    );
    let (errors_found, warnings) = findings(&run.json());
    assert!(
        errors_found.iter().all(|(code, _)| code == "sheet.missing"),
        "{errors_found:?}"
    );
    assert!(
        warnings.contains(&("sheet.unknown".to_string(), "Anteckningar".to_string())),
        "{warnings:?}"
    );
    // A survey sheet, named with other case and surrounding space.
    ods(&dir.path().join("budget.ods"), &far(" BUDGET "));
    assert_eq!(
        errors(dir.path(), "budget.ods", &[]),
        pair("limit.columns", " BUDGET ")
    );
    assert_eq!(
        errors(
            dir.path(),
            "anteckningar.ods",
            &["--max-grid-cells", "1000"]
        ),
        pair("limit.grid_cells", "anteckningar.ods")
    );
}

/// A BIFF8 workbook: the globals with one BOUNDSHEET per sheet, then each
/// sheet's substream with NUMBER records at the given (row, column)s.
fn biff8_workbook(sheets: &[(&str, &[(u16, u16)])]) -> Vec<u8> {
    let record = |kind: u16, data: &[u8], out: &mut Vec<u8>| {
        out.extend(kind.to_le_bytes());
        out.extend(u16::try_from(data.len()).unwrap().to_le_bytes());
        out.extend(data);
    };
    let bof = [0x00, 0x06, 0x10, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    let boundsheet = |offset: u32, name: &str| {
        let mut data = offset.to_le_bytes().to_vec();
        data.extend([0, 0, u8::try_from(name.len()).unwrap(), 0]);
        data.extend(name.as_bytes());
        data
    };
    // The globals' length, to know where the first sheet starts.
    let globals_len = 20
        + sheets
            .iter()
            .map(|(name, _)| 4 + boundsheet(0, name).len())
            .sum::<usize>()
        + 4;
    let mut bodies = Vec::new();
    let mut offsets = Vec::new();
    for (_, cells) in sheets {
        offsets.push(u32::try_from(globals_len + bodies.len()).unwrap());
        record(0x0809, &bof, &mut bodies);
        for (row, col) in *cells {
            let mut number = Vec::new();
            number.extend(row.to_le_bytes());
            number.extend(col.to_le_bytes());
            number.extend(0u16.to_le_bytes());
            number.extend(1.0f64.to_le_bytes());
            record(0x0203, &number, &mut bodies);
        }
        record(0x000A, &[], &mut bodies);
    }
    let mut stream = Vec::new();
    record(0x0809, &bof, &mut stream);
    for ((name, _), offset) in sheets.iter().zip(&offsets) {
        record(0x0085, &boundsheet(*offset, name), &mut stream);
    }
    record(0x000A, &[], &mut stream);
    assert_eq!(stream.len(), globals_len);
    stream.extend(bodies);
    let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    file.create_stream("Workbook")
        .unwrap()
        .write_all(&stream)
        .unwrap();
    file.flush().unwrap();
    file.into_inner().into_inner()
}

#[test]
fn an_xls_cell_beyond_the_row_limit_is_refused_before_calamine_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let book = biff8_workbook(&[("Budget", &[(60_000, 2)])]);
    std::fs::write(dir.path().join("gammal.xls"), book).unwrap();
    assert_eq!(
        errors(dir.path(), "gammal.xls", &["--max-rows", "1000"]),
        pair("limit.rows", "Budget")
    );
}

#[test]
fn an_xls_sheet_that_is_not_read_has_no_row_limit_but_its_grid_is_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let far: &[(u16, u16)] = &[(0, 0), (60_000, 2)];
    let book = biff8_workbook(&[("Budget", &[(1, 2)]), ("Anteckningar", far)]);
    std::fs::write(dir.path().join("noter.xls"), &book).unwrap();
    let codes: Vec<String> = errors(dir.path(), "noter.xls", &["--max-rows", "1000"])
        .into_iter()
        .map(|(code, _)| code)
        .collect();
    assert!(!codes.iter().any(|c| c.starts_with("limit.")), "{codes:?}");
    // calamine builds every sheet's grid: 60 001 × 3 cells here.
    assert_eq!(
        errors(dir.path(), "noter.xls", &["--max-grid-cells", "100000"]),
        pair("limit.grid_cells", "Anteckningar")
    );
}

#[test]
fn csv_lines_fields_and_cells_have_limits() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!(
        "question,row,value\nbudget_kommentar,,{}\n",
        "x".repeat(40_000)
    );
    std::fs::write(dir.path().join("lång.csv"), long).unwrap();
    assert_eq!(
        errors(dir.path(), "lång.csv", &[]),
        pair("limit.cell_text", "lång.csv:2")
    );
    let lines = "question,row,value\n".to_string() + &"ar,,2026\n".repeat(20);
    std::fs::write(dir.path().join("rader.csv"), lines).unwrap();
    assert_eq!(
        errors(dir.path(), "rader.csv", &["--max-rows", "10"]),
        pair("limit.rows", "rader.csv")
    );
    std::fs::write(
        dir.path().join("bred.csv"),
        format!("question,row,value\nar,,2026{}\n", ",x".repeat(50)),
    )
    .unwrap();
    assert_eq!(
        errors(dir.path(), "bred.csv", &["--max-columns", "20"]),
        pair("limit.columns", "bred.csv")
    );
}

#[test]
fn a_file_over_the_size_limit_is_not_even_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("stor.csv"),
        "question,row,value\n".repeat(100_000),
    )
    .unwrap();
    assert_eq!(
        errors(dir.path(), "stor.csv", &["--max-file-mb", "1"]),
        pair("limit.file_size", "stor.csv")
    );
    let imported = collect_in(
        dir.path(),
        &[
            "--db",
            "c.db",
            "--max-file-mb",
            "1",
            "import",
            "--format",
            "json",
            "stor.csv",
        ],
    );
    assert_eq!(imported.code, 1);
    assert_eq!(imported.json()["files"][0]["import"], "rejected");
}

#[test]
fn a_folder_of_hostile_files_gives_only_clear_messages() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir(p.join("in")).unwrap();
    zip(
        &p.join("in/bomb.xlsx"),
        &[
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/workbook.xml", b"<workbook/>"),
            ("xl/worksheets/sheet1.xml", &vec![0u8; 3 * 1024 * 1024]),
        ],
    );
    zip(
        &p.join("in/ingen-arbetsbok.xlsx"),
        &[
            ("word/document.xml", b"<w/>"),
            ("[Content_Types].xml", b"<Types/>"),
        ],
    );
    std::fs::write(p.join("in/binär.csv"), [0u8, 159, 146, 150, 0, 1]).unwrap();
    std::fs::write(p.join("in/trasig.ods"), b"PK\x03\x04 trasig").unwrap();
    std::fs::write(p.join("in/html.xlsx"), b"<html><body>svar</body></html>").unwrap();
    std::fs::write(p.join("in/tom.txt"), b"").unwrap();
    let run = collect_in(p, &["--max-unzipped-mb", "1", "validate", "in"]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    // The empty .txt does not look like a submission: skipped with a note.
    assert!(
        run.stderr.contains("tom.txt hoppades över"),
        "{}",
        run.stderr
    );
    assert_eq!(lines.len(), 6, "{}", run.stdout);
    assert!(
        lines[..5].iter().all(|l| l.contains(": fel: ")),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("Error") && !run.stdout.contains("{ "),
        "no debug output: {}",
        run.stdout
    );
}

/// A workbook encrypted with Excel's default password is read as what it
/// holds, and every limit applies to that: the decrypted zip package of an
/// .xlsx, the decrypted records of an .xls.
#[test]
fn limits_apply_to_what_a_default_password_workbook_holds() {
    let dir = tempfile::tempdir().unwrap();
    let foreign = crate::root().join("fixtures/foreign");
    for (name, options, code) in [
        (
            "valid--xlsx-standard-default-password-VelvetSweatshop.xlsx",
            ["--max-zip-entries", "3"],
            "limit.zip_entries",
        ),
        (
            "valid--xlsx-agile-default-password-VelvetSweatshop.xlsx",
            ["--max-unzipped-mb", "0"],
            "limit.unzipped_size",
        ),
        (
            "valid--xls-rc4-default-password-VelvetSweatshop.xls",
            ["--max-rows", "3"],
            "limit.rows",
        ),
    ] {
        std::fs::copy(foreign.join(name), dir.path().join(name)).unwrap();
        let found = errors(dir.path(), name, &options);
        assert_eq!(found.len(), 1, "{name}: {found:?}");
        assert_eq!(found[0].0, code, "{name}: {found:?}");
    }
}
