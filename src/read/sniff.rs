//! What a file really is, told from its content rather than its name, so
//! that a CSV named `.xlsx`, an encrypted workbook or an HTML page saved as
//! `.xls` gets a message that says so instead of "invalid zip".

use std::io::{Cursor, Read};

use crate::finding::Finding;
use crate::place::Place;

/// The kind of content a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// No bytes, or only white space.
    Empty,
    /// An Office Open XML workbook (xlsx, xlsm).
    Xlsx,
    /// An Excel binary workbook in a zip (xlsb).
    Xlsb,
    /// An OpenDocument spreadsheet.
    Ods,
    /// An Excel 97–2003 workbook (an OLE container with a workbook stream).
    Xls,
    /// A password-protected Office file (an OLE container holding an
    /// encrypted package).
    Encrypted,
    /// Another Office document (Word, PowerPoint, other OpenDocument files).
    OtherDocument,
    /// A zip archive that is not an office document.
    Zip,
    /// An HTML or XML page.
    Html,
    /// Plain text, e.g. CSV (UTF-8, Windows-1252, or UTF-16 with a BOM).
    Text,
    /// A PDF document.
    Pdf,
    /// A picture (PNG, JPEG, GIF, BMP, TIFF, WebP).
    Image,
    /// An Excel 2, 3 or 4 worksheet (BIFF2–4), older than any reader.
    OldExcel,
    /// Anything else.
    Binary,
}

impl Content {
    /// How the content is named in a Swedish message.
    pub fn describe(self) -> &'static str {
        match self {
            Content::Empty => "tom",
            Content::Xlsx => "en Excel-arbetsbok (.xlsx)",
            Content::Xlsb => "en binär Excel-arbetsbok (.xlsb)",
            Content::Ods => "ett OpenDocument-kalkylark (.ods)",
            Content::Xls => "en äldre Excel-arbetsbok (.xls, Excel 97–2003)",
            Content::Encrypted => "ett lösenordsskyddat Office-dokument",
            Content::OtherDocument => "ett annat Office-dokument, inte ett kalkylark",
            Content::Zip => "ett zip-arkiv, inte ett kalkylark",
            Content::Html => "en webbsida (HTML eller XML), inte ett kalkylark",
            Content::Text => "en textfil (t.ex. CSV)",
            Content::Pdf => "ett PDF-dokument, inte ett kalkylark",
            Content::Image => "en bild, inte ett kalkylark",
            Content::OldExcel => {
                "ett kalkylblad från Excel 2–4, för gammalt för att läsas: öppna det i Excel eller \
                 LibreOffice och spara det som Excel-arbetsbok (.xlsx)"
            }
            Content::Binary => "binär data, varken kalkylark eller text",
        }
    }
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Tells what `bytes` hold.
pub fn sniff(bytes: &[u8]) -> Content {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        Content::Empty
    } else if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        sniff_zip(bytes)
    } else if bytes.starts_with(&OLE_MAGIC) {
        sniff_ole(bytes)
    } else if bytes.starts_with(b"%PDF") {
        Content::Pdf
    } else if is_image(bytes) {
        Content::Image
    } else if is_old_excel(bytes) {
        Content::OldExcel
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        // UTF-16 with its byte order mark: Excel's "Unicode text".
        Content::Text
    } else if looks_like_markup(bytes) {
        Content::Html
    } else if looks_like_text(bytes) {
        Content::Text
    } else {
        Content::Binary
    }
}

fn sniff_zip(bytes: &[u8]) -> Content {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        // A damaged zip that calls itself a workbook is reported as corrupt
        // by the workbook reader.
        return Content::Xlsx;
    };
    if let Ok(mut mimetype) = archive.by_name("mimetype") {
        let mut kind = String::new();
        let _ = mimetype.by_ref().take(200).read_to_string(&mut kind);
        return if kind.trim() == "application/vnd.oasis.opendocument.spreadsheet" {
            Content::Ods
        } else {
            Content::OtherDocument
        };
    }
    if let Some(kind) = office_document(&mut archive) {
        return kind;
    }
    // A package that does not say what its office document is: by the
    // usual part names.
    let has = |name: &str| {
        archive
            .file_names_raw()
            .any(|n| n.eq_ignore_ascii_case(name.as_bytes()))
    };
    if has("xl/workbook.xml") {
        Content::Xlsx
    } else if has("xl/workbook.bin") {
        Content::Xlsb
    } else if has("[Content_Types].xml") {
        // The workbook part may stand anywhere; its content type says what
        // the package is.
        let mut types = String::new();
        if let Ok(entry) = archive.by_name("[Content_Types].xml") {
            let _ = entry.take(1 << 20).read_to_string(&mut types);
        }
        if types.contains("sheet.binary") {
            Content::Xlsb
        } else if types.contains(".sheet.main+xml") || types.contains(".template.main+xml") {
            Content::Xlsx
        } else {
            Content::OtherDocument
        }
    } else {
        Content::Zip
    }
}

type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// What an Office Open XML package holds, by the content type of its office
/// document (ECMA-376 Part 2): `_rels/.rels` names the part, and
/// `[Content_Types].xml` gives its type by an `Override` for the part's name,
/// else by a `Default` for its extension. `None` when the package does not
/// tell (a part missing or unreadable, or a type that names no document).
fn office_document(archive: &mut Archive<'_>) -> Option<Content> {
    let rels = read_part(archive, "_rels/.rels")?;
    let part = office_document_part(&rels)?;
    let types = read_part(archive, "[Content_Types].xml")?;
    document_kind(&content_type(&types, &part)?)
}

/// A part's text, found by its name ignoring ASCII case as part names are
/// compared (at most 1 MiB).
fn read_part(archive: &mut Archive<'_>, name: &str) -> Option<String> {
    let actual = archive
        .file_names()
        .filter_map(Result::ok)
        .find(|n| n.eq_ignore_ascii_case(name))?
        .into_owned();
    let mut text = String::new();
    archive
        .by_name(&actual)
        .ok()?
        .take(1 << 20)
        .read_to_string(&mut text)
        .ok()?;
    Some(text)
}

/// The start and empty-element tags of an XML text, each as its local name
/// and its attributes (local names, values unescaped). Stops at the first
/// XML error.
pub(super) fn elements(xml: &str) -> Vec<(String, Vec<(String, String)>)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut found = Vec::new();
    loop {
        let element = match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => e,
            Ok(Event::Eof) | Err(_) => return found,
            Ok(_) => continue,
        };
        let name = element.local_name().as_ref().to_owned();
        let attributes = element
            .attributes()
            .filter_map(Result::ok)
            .filter_map(|a| {
                let key = a.key.local_name().as_ref().to_owned();
                let value = a
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()?;
                Some((key, value.into_owned()))
            })
            .collect();
        found.push((name, attributes));
    }
}

pub(super) fn attribute<'a>(attributes: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attributes
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// The part name (`/wtf/workbook.xml`) of the office document that the
/// package relationships name (transitional or strict relationship type).
fn office_document_part(rels: &str) -> Option<String> {
    elements(rels).into_iter().find_map(|(name, attributes)| {
        let is_document = name == "Relationship"
            && attribute(&attributes, "Type").is_some_and(|t| t.ends_with("/officeDocument"))
            && attribute(&attributes, "TargetMode") != Some("External");
        is_document
            .then(|| attribute(&attributes, "Target").map(part_name))
            .flatten()
    })
}

/// A relationship target of the package, resolved from the package root:
/// `./xl/workbook.xml` and `/xl/workbook.xml` are `/xl/workbook.xml`.
fn part_name(target: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    format!("/{}", segments.join("/"))
}

/// A part's content type: its `Override`, else the `Default` for its
/// extension (names and extensions compared ignoring ASCII case).
fn content_type(types: &str, part: &str) -> Option<String> {
    let extension = part.rsplit('/').next()?.rsplit_once('.').map(|(_, e)| e);
    let mut default = None;
    for (name, attributes) in elements(types) {
        let Some(content_type) = attribute(&attributes, "ContentType") else {
            continue;
        };
        match name.as_str() {
            "Override"
                if attribute(&attributes, "PartName")
                    .is_some_and(|p| p.eq_ignore_ascii_case(part)) =>
            {
                return Some(content_type.to_string());
            }
            "Default"
                if default.is_none()
                    && extension.is_some_and(|e| {
                        attribute(&attributes, "Extension")
                            .is_some_and(|x| x.eq_ignore_ascii_case(e))
                    }) =>
            {
                default = Some(content_type.to_string());
            }
            _ => {}
        }
    }
    default
}

/// The kind of document an office document's content type names: a
/// workbook (xlsx, xlsm, their templates and add-ins), a binary workbook
/// (xlsb), or a Word or PowerPoint document; `None` for any other type.
fn document_kind(content_type: &str) -> Option<Content> {
    let t = content_type.trim().to_ascii_lowercase();
    let spreadsheet = t.starts_with("application/vnd.openxmlformats-officedocument.spreadsheetml.")
        || t.starts_with("application/vnd.ms-excel.");
    if t == "application/vnd.ms-excel.sheet.binary.macroenabled.main" {
        Some(Content::Xlsb)
    } else if spreadsheet && t.ends_with(".main+xml") {
        Some(Content::Xlsx)
    } else if [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.",
        "application/vnd.openxmlformats-officedocument.presentationml.",
        "application/vnd.ms-word.",
        "application/vnd.ms-powerpoint.",
    ]
    .iter()
    .any(|prefix| t.starts_with(prefix))
    {
        Some(Content::OtherDocument)
    } else {
        None
    }
}

fn sniff_ole(bytes: &[u8]) -> Content {
    // As lenient as calamine: the `cfb` crate refuses the containers that
    // SheetJS and excelize write (an encrypted xlsx from excelize was taken
    // for an .xls).
    let Some(file) = super::ole::Ole::open(bytes) else {
        return Content::Xls;
    };
    if file.has("EncryptionInfo") || file.has("EncryptedPackage") {
        Content::Encrypted
    } else if file.has("Workbook") || file.has("Book") {
        Content::Xls
    } else {
        Content::OtherDocument
    }
}

/// The signatures of common picture formats.
fn is_image(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x89PNG\r\n\x1a\n")
        || bytes.starts_with(b"\xFF\xD8\xFF")
        || bytes.starts_with(b"GIF87a")
        || bytes.starts_with(b"GIF89a")
        || bytes.starts_with(b"II*\0")
        || bytes.starts_with(b"MM\0*")
        || (bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP"))
        || (bytes.starts_with(b"BM") && bytes.len() > 26 && bytes[6..10] == [0, 0, 0, 0])
}

/// An Excel 2, 3 or 4 worksheet starts with its BIFF BOF record (type
/// 0x0009, 0x0209 or 0x0409, 4 to 16 bytes long) outside any container.
fn is_old_excel(bytes: &[u8]) -> bool {
    let [lo, hi, len_lo, len_hi, ..] = *bytes else {
        return false;
    };
    lo == 0x09 && matches!(hi, 0x00 | 0x02 | 0x04) && len_hi == 0 && (4..=16).contains(&len_lo)
}

fn looks_like_markup(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<?xml")
        || head.starts_with("<table")
}

/// Text has no NUL bytes and few control characters in its first 8 KiB.
fn looks_like_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    !head.contains(&0) && controls * 100 <= head.len()
}

/// Checks that the file's extension promises what its content is.
///
/// # Errors
/// A finding on the file when the extension is not a submission format, the
/// content is another format, the file is empty, or it is encrypted.
pub fn check_extension(path: &str, extension: &str, content: &Content) -> Result<(), Finding> {
    let expected: &[Content] = match extension {
        "xlsx" | "xlsm" => &[Content::Xlsx],
        "xls" => &[Content::Xls],
        "ods" => &[Content::Ods],
        "csv" | "txt" => &[Content::Text],
        _ => {
            return Err(Finding::error(
                "file.unsupported_type",
                Place::file(path),
                format!(
                    "filtypen {} kan inte läsas. Skicka enkäten som Excel-arbetsbok (.xlsx, .xlsm, .xls), \
                     OpenDocument-kalkylark (.ods) eller lång CSV (.csv, .txt).",
                    if extension.is_empty() {
                        "utan filändelse".to_string()
                    } else {
                        format!(".{extension}")
                    }
                ),
            ));
        }
    };
    match content {
        Content::Empty => Err(Finding::error(
            "file.empty",
            Place::file(path),
            "filen är tom. Kontrollera att rätt fil skickades och att den sparades innan den skickades.",
        )),
        Content::Encrypted => Err(Finding::error(
            "file.encrypted",
            Place::file(path),
            super::encryption::ENCRYPTED,
        )),
        found if !expected.contains(found) => Err(Finding::error(
            "file.wrong_content",
            Place::file(path),
            format!(
                "filen heter .{extension} men innehållet är {}. Spara den i rätt format \
                 (Excel-arbetsbok .xlsx eller lång CSV .csv) eller ge den rätt filändelse.",
                found.describe()
            ),
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_text_markup_and_binary_apart() {
        assert_eq!(sniff(b""), Content::Empty);
        assert_eq!(sniff(b" \n"), Content::Empty);
        assert_eq!(sniff(b"question,row,value\n"), Content::Text);
        assert_eq!(sniff("fråga;rad\r\n".as_bytes()), Content::Text);
        assert_eq!(sniff(b"<!DOCTYPE html><html>"), Content::Html);
        assert_eq!(sniff(b"\x00\x01\x02\x03binary"), Content::Binary);
        assert_eq!(sniff(b"PK\x03\x04garbage"), Content::Xlsx);
        assert_eq!(sniff(b"%PDF-1.7\n"), Content::Pdf);
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0"), Content::Image);
        assert_eq!(
            sniff(b"\x09\x04\x06\x00\x00\x00\x10\x00"),
            Content::OldExcel
        );
        assert_eq!(sniff(b"\xFF\xFEq\0u\0"), Content::Text);
    }

    #[test]
    fn windows_1252_text_is_text() {
        assert_eq!(
            sniff(b"question;row;value\r\norganisation;;G\xf6teborg\r\n"),
            Content::Text
        );
    }

    /// A zip holding the given parts.
    fn package(parts: &[(&str, &str)]) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in parts {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn rels(target: &str) -> String {
        format!(
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
             <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
             <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"{target}\"/>\
             </Relationships>"
        )
    }

    fn types(entries: &str) -> String {
        format!(
            "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
             <Default Extension=\"xml\" ContentType=\"application/xml\"/>{entries}</Types>"
        )
    }

    const MAIN: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
    const BINARY: &str = "application/vnd.ms-excel.sheet.binary.macroEnabled.main";

    /// SheetJS declares the `.bin` type in every package; the workbook's own
    /// Override says what it is, wherever it stands.
    #[test]
    fn the_office_documents_override_tells_the_kind() {
        let sheetjs = types(&format!(
            "<Default Extension=\"bin\" ContentType=\"{BINARY}\"/>\
             <Override PartName=\"/wtf/workbook.xml\" ContentType=\"{MAIN}\"/>"
        ));
        let bytes = package(&[
            ("[Content_Types].xml", &sheetjs),
            ("_rels/.rels", &rels("wtf/workbook.xml")),
            ("wtf/workbook.xml", "<workbook/>"),
        ]);
        assert_eq!(sniff(&bytes), Content::Xlsx);
        // The same package with a binary workbook is an .xlsb.
        let binary = types(&format!(
            "<Override PartName=\"/WTF/Workbook.bin\" ContentType=\"{BINARY}\"/>\
             <Override PartName=\"/wtf/workbook.xml\" ContentType=\"{MAIN}\"/>"
        ));
        let bytes = package(&[
            ("[Content_Types].xml", &binary),
            ("_rels/.rels", &rels("/wtf/workbook.bin")),
            ("wtf/workbook.bin", ""),
        ]);
        assert_eq!(sniff(&bytes), Content::Xlsb);
    }

    /// Without an Override for the part, the Default for its extension
    /// tells; dot segments in the target are resolved.
    #[test]
    fn the_default_for_the_extension_tells_when_there_is_no_override() {
        let bytes = package(&[
            (
                "[Content_Types].xml",
                &types(&format!(
                    "<Default Extension=\"BIN\" ContentType=\"{BINARY}\"/>"
                )),
            ),
            ("_rels/.rels", &rels("./bok/../bok/arbetsbok.bin")),
            ("bok/arbetsbok.bin", ""),
        ]);
        assert_eq!(sniff(&bytes), Content::Xlsb);
        let word = types(
            "<Override PartName=\"/word/document.xml\" ContentType=\
             \"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>",
        );
        let bytes = package(&[
            ("[Content_Types].xml", &word),
            ("_rels/.rels", &rels("word/document.xml")),
        ]);
        assert_eq!(sniff(&bytes), Content::OtherDocument);
    }

    /// A macro-enabled workbook outside `xl/` is a workbook too.
    #[test]
    fn a_macro_enabled_workbook_is_a_workbook() {
        let xlsm = types(
            "<Override PartName=\"/bok/bok.xml\" \
             ContentType=\"application/vnd.ms-excel.sheet.macroEnabled.main+xml\"/>",
        );
        let bytes = package(&[
            ("[Content_Types].xml", &xlsm),
            ("_rels/.rels", &rels("bok/bok.xml")),
        ]);
        assert_eq!(sniff(&bytes), Content::Xlsx);
    }

    /// A package that does not say what its office document is goes by the
    /// usual part names.
    #[test]
    fn without_package_relationships_the_part_names_tell() {
        let bytes = package(&[
            ("[Content_Types].xml", &types("")),
            ("xl/workbook.xml", "<workbook/>"),
        ]);
        assert_eq!(sniff(&bytes), Content::Xlsx);
        let bytes = package(&[
            ("[Content_Types].xml", &types("")),
            ("_rels/.rels", "<Relationships"),
            ("xl/workbook.bin", ""),
        ]);
        assert_eq!(sniff(&bytes), Content::Xlsb);
        assert_eq!(part_name("/xl/./workbook.xml"), "/xl/workbook.xml");
        assert_eq!(part_name("../a/b.xml"), "/a/b.xml");
    }
}
