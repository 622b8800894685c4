//! Encrypted workbooks (a password is needed to open them), told before any
//! limit is checked, in every format and scheme:
//!
//! - .xlsx/.xlsm with standard or agile encryption: a compound file with an
//!   `EncryptionInfo` and an `EncryptedPackage` stream (`Content::Encrypted`,
//!   told by the sniffer, also where the `cfb` crate cannot open it), when
//!   Excel's default password does not open it (`super::decrypt`);
//! - .xls with XOR obfuscation, RC4 or RC4 CryptoAPI: a FILEPASS record
//!   (0x002F) in the workbook stream's globals, in BIFF8 and BIFF5 alike,
//!   unless its verifier is that of Excel's default password
//!   (`calamine::XLS_DEFAULT_PASSWORD`, "VelvetSweatshop"), which calamine
//!   decrypts;
//! - .ods: a `manifest:encryption-data` element in `META-INF/manifest.xml`.
//!
//! Excel writes a workbook encrypted with the default password when its
//! structure is protected with a password ("Protect Workbook"); Excel and
//! LibreOffice open it without asking, so it is no `file.encrypted`.
//!
//! Without this, the .xls extent check read encrypted cell records as huge
//! row numbers and refused the file as too large (`limit.rows`).

use std::io::{Cursor, Read};

use super::Content;
use super::ole::Ole;
use crate::finding::Finding;

/// The message of `file.encrypted`, for every format: what to do in Excel
/// and in LibreOffice.
pub(super) const ENCRYPTED: &str = "filen är lösenordsskyddad (krypterad) och kan inte läsas. Spara den \
     utan lösenord och skicka den igen: i Excel Arkiv > Info > Skydda arbetsbok > Kryptera med lösenord, \
     töm fältet och spara; i LibreOffice Arkiv > Spara som, utan bocken i Spara med lösenord.";

/// Refuses an encrypted workbook with `file.encrypted`.
///
/// # Errors
/// The finding on the file.
pub(crate) fn check(path: &str, bytes: &[u8], content: Content) -> Result<(), Finding> {
    let encrypted = match content {
        Content::Encrypted => true,
        Content::Xls => xls_has_filepass(bytes),
        Content::Ods => ods_has_encryption_data(bytes),
        _ => false,
    };
    if encrypted {
        return Err(Finding::error(
            "file.encrypted",
            crate::place::Place::file(path),
            ENCRYPTED,
        ));
    }
    Ok(())
}

/// Whether the globals of the workbook stream hold a FILEPASS record whose
/// password is not Excel's default one. calamine tells, with the code it
/// decrypts with (record headers are never encrypted, so it walks the
/// records to the globals' EOF record).
fn xls_has_filepass(bytes: &[u8]) -> bool {
    workbook_stream(bytes).is_some_and(|stream| stream.is_err())
}

/// The workbook stream of an .xls as calamine reads it, decrypted when it
/// is encrypted with Excel's default password; `Err` when it is encrypted
/// with another one, `None` when the compound file or stream is unreadable.
pub(super) fn workbook_stream(bytes: &[u8]) -> Option<Result<Vec<u8>, calamine::XlsError>> {
    let ole = Ole::open(bytes)?;
    let mut stream = ole.stream("Workbook").or_else(|| ole.stream("Book"))?;
    Some(calamine::decrypt_xls_stream(&mut stream, calamine::XLS_DEFAULT_PASSWORD).map(|_| stream))
}

/// Whether the manifest of an OpenDocument file has an `encryption-data`
/// element (any namespace prefix).
fn ods_has_encryption_data(bytes: &[u8]) -> bool {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    let Ok(manifest) = archive.by_name("META-INF/manifest.xml") else {
        return false;
    };
    // A manifest is a few kilobytes; this bounds an inflating one.
    let mut text = String::new();
    if manifest.take(4 << 20).read_to_string(&mut text).is_err() {
        return false;
    }
    text.split('<').skip(1).any(|element| {
        let name = element
            .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .next()
            .unwrap_or("");
        name.rsplit(':').next() == Some("encryption-data")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut out = kind.to_le_bytes().to_vec();
        out.extend(u16::try_from(data.len()).unwrap().to_le_bytes());
        out.extend(data);
        out
    }

    fn xls(stream: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        file.create_stream("Workbook")
            .unwrap()
            .write_all(stream)
            .unwrap();
        file.flush().unwrap();
        file.into_inner().into_inner()
    }

    #[test]
    fn a_filepass_record_in_the_globals_is_encryption() {
        let bof = record(0x0809, &[0, 6, 5, 0]);
        let eof = record(0x000A, &[]);
        for filepass in [
            &[0u8, 0, 1, 2, 3, 4][..],
            &[1, 0, 1, 0, 1, 0],
            &[0x34, 0x12, 0x78, 0x56],
        ] {
            let stream = [bof.clone(), record(0x002F, filepass), eof.clone()].concat();
            assert!(xls_has_filepass(&xls(&stream)));
        }
        // XOR obfuscation with Excel's default password is read.
        let default = [
            bof.clone(),
            record(0x002F, &[0, 0, 0x59, 0xB3, 0x0A, 0x9A]),
            eof.clone(),
        ]
        .concat();
        assert!(!xls_has_filepass(&xls(&default)));
        let plain = [bof.clone(), record(0x0042, &[0xE4, 0x04]), eof.clone()].concat();
        assert!(!xls_has_filepass(&xls(&plain)));
        // A FILEPASS-like record after the globals is not the workbook's.
        let later = [bof.clone(), eof.clone(), bof, record(0x002F, &[0; 6])].concat();
        assert!(!xls_has_filepass(&xls(&later)));
    }

    #[test]
    fn an_encryption_data_element_in_the_manifest_is_encryption() {
        use std::io::Write;
        let ods = |manifest: &str| {
            let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
            zip.start_file(
                "META-INF/manifest.xml",
                zip::write::SimpleFileOptions::default(),
            )
            .unwrap();
            zip.write_all(manifest.as_bytes()).unwrap();
            zip.finish().unwrap().into_inner()
        };
        let encrypted = "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">\
            <manifest:file-entry manifest:full-path=\"content.xml\"><manifest:encryption-data \
            manifest:checksum-type=\"SHA1/1K\"/></manifest:file-entry></manifest:manifest>";
        assert!(ods_has_encryption_data(&ods(encrypted)));
        let plain = "<m:manifest xmlns:m=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">\
            <m:file-entry m:full-path=\"encryption-data.xml\"/></m:manifest>";
        assert!(!ods_has_encryption_data(&ods(plain)));
    }
}
