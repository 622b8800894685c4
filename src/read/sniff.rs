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
            "filen är lösenordsskyddad (krypterad) och kan inte läsas. Ta bort lösenordet \
             (i Excel: Arkiv > Info > Skydda arbetsbok > Kryptera med lösenord, töm fältet) och skicka filen igen.",
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
}
