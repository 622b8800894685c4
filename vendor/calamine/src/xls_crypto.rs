// SPDX-License-Identifier: MIT

//! Decryption of an encrypted `.xls` workbook stream ([MS-XLS] 2.2.10,
//! "Encryption (Password to Open)").
//!
//! A `FilePass` record in the workbook globals says that the records after
//! it are encrypted, with one of three schemes:
//!
//! - XOR obfuscation ([MS-OFFCRYPTO] 2.3.7, method 1): every BIFF5
//!   `FilePass`, and BIFF8 `wEncryptionType` 0;
//! - RC4 ([MS-OFFCRYPTO] 2.3.6, MD5-based): BIFF8 `wEncryptionType` 1,
//!   encryption version 1.1;
//! - RC4 CryptoAPI ([MS-OFFCRYPTO] 2.3.5, SHA-1-based): BIFF8
//!   `wEncryptionType` 1, encryption version 2.2, 3.2 or 4.2.
//!
//! Record headers are never encrypted, nor are the records `BOF`,
//! `FilePass`, `UsrExcl`, `FileLock`, `InterfaceHdr`, `RRDInfo` and
//! `RRDHead`, nor the first four bytes (`lbPlyPos`) of `BoundSheet8`. RC4
//! keys change every 1024 bytes of the stream: the key stream of a byte is
//! given by its offset in the stream, unencrypted bytes included.
//!
//! Excel encrypts a workbook with the password [`XLS_DEFAULT_PASSWORD`]
//! when the user set no password to open it but protected its structure
//! with one; Excel and LibreOffice open such files without a prompt.

use std::ops::Range;

use md5::{Digest, Md5};
use rc4::{KeyInit, Rc4, StreamCipher};
use sha1::Sha1;

use crate::utils::{read_u16, read_u32};
use crate::xls::{bof_is_biff8, XlsError};

/// The password Excel encrypts a workbook with when it is to open without
/// one ("VelvetSweatshop").
pub const XLS_DEFAULT_PASSWORD: &str = "VelvetSweatshop";

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const FILE_PASS: u16 = 0x002F;
const BOUND_SHEET: u16 = 0x0085;
const USR_EXCL: u16 = 0x0194;
const FILE_LOCK: u16 = 0x0195;
const INTERFACE_HDR: u16 = 0x00E1;
const RRD_INFO: u16 = 0x0196;
const RRD_HEAD: u16 = 0x0138;

/// The RC4 key changes every this many bytes of the stream.
const RC4_BLOCK: usize = 1024;

/// Decrypts a workbook stream (`Workbook` or `Book`) in place with
/// `password`, when its globals hold a `FilePass` record.
///
/// Returns `Ok(false)` for a stream that is not encrypted (it is left as
/// it is) and `Ok(true)` for one that was and is now decrypted. The
/// `FilePass` record of a decrypted stream is blanked (record type 0, its
/// data zeros, its size kept, so that no offset moves), so the stream
/// reads as one that is not encrypted. A caller may use this to tell, before
/// opening a file, whether [`Xls`](crate::Xls) can read it:
/// [`Xls::new`](crate::Reader::new) decrypts with [`XLS_DEFAULT_PASSWORD`].
///
/// # Errors
///
/// [`XlsError::Password`] when the password does not verify against the
/// `FilePass` record, or its scheme or key size is not supported.
pub fn decrypt_xls_stream(stream: &mut [u8], password: &str) -> Result<bool, XlsError> {
    let Some((biff8, at)) = find_file_pass(stream) else {
        return Ok(false);
    };
    let end = stream
        .len()
        .min(at + 4 + usize::from(read_u16(&stream[at + 2..])));
    let file_pass = &stream[at..end];
    let scheme = Scheme::verify(biff8, &file_pass[4..], password).ok_or(XlsError::Password)?;
    let records = encrypted_data(stream);
    match scheme {
        Scheme::Xor(array) => decrypt_xor(stream, &records, &array),
        Scheme::Rc4(key) => decrypt_rc4(stream, &records, |block| {
            rc4_block_key(&key, block).to_vec()
        })?,
        Scheme::CryptoApi { hash, key_bits } => decrypt_rc4(stream, &records, |block| {
            cryptoapi_block_key(&hash, key_bits, block)
        })?,
    }
    // Blank the FilePass, its size kept: the stream now reads as plain.
    stream[at..at + 2].fill(0);
    stream[at + 4..end].fill(0);
    Ok(true)
}

/// Whether the first BOF is BIFF8, and the offset of the `FilePass` record
/// of the globals, if any.
fn find_file_pass(stream: &[u8]) -> Option<(bool, usize)> {
    let mut biff8 = true;
    let mut at = 0;
    while at + 4 <= stream.len() {
        let typ = read_u16(&stream[at..]);
        let len = usize::from(read_u16(&stream[at + 2..]));
        let data = &stream[at + 4..stream.len().min(at + 4 + len)];
        match typ {
            BOF if at == 0 && data.len() >= 2 => biff8 = bof_is_biff8(data),
            FILE_PASS => return Some((biff8, at)),
            EOF => return None,
            _ => (),
        }
        at += 4 + len;
    }
    None
}

/// A verified password, as what decrypts the stream.
enum Scheme {
    /// The XOR array.
    Xor([u8; 16]),
    /// The truncated intermediate hash of RC4 encryption.
    Rc4([u8; 5]),
    /// The base hash and the key size of RC4 CryptoAPI encryption.
    CryptoApi { hash: [u8; 20], key_bits: usize },
}

impl Scheme {
    fn verify(biff8: bool, file_pass: &[u8], password: &str) -> Option<Scheme> {
        if !biff8 {
            return xor(file_pass, password);
        }
        match read_u16(file_pass.get(..2)?) {
            0 => xor(&file_pass[2..], password),
            1 => match (
                read_u16(file_pass.get(2..4)?),
                read_u16(file_pass.get(4..6)?),
            ) {
                (1, 1) => rc4(&file_pass[6..], password),
                (2..=4, 2) => cryptoapi(&file_pass[6..], password),
                _ => None,
            },
            _ => None,
        }
    }
}

/// XOR obfuscation ([MS-OFFCRYPTO] 2.3.7.1, 2.3.7.2): the structure is the
/// key and the password verifier. The key stored is the one the password
/// gives ([MS-OFFCRYPTO] 2.3.7.2, `CreateXorKey_Method1`).
fn xor(info: &[u8], password: &str) -> Option<Scheme> {
    let key = read_u16(info.get(..2)?);
    let verifier = read_u16(info.get(2..4)?);
    let password = xor_password(password);
    if password.is_empty() || xor_verifier(&password) != verifier {
        return None;
    }
    Some(Scheme::Xor(xor_array(&password, key)))
}

/// The password as bytes for XOR obfuscation: each character's low byte,
/// or its high byte when the low one is zero, at most 15 of them.
fn xor_password(password: &str) -> Vec<u8> {
    password
        .encode_utf16()
        .take(15)
        .map(|c| {
            let [low, high] = c.to_le_bytes();
            if low == 0 {
                high
            } else {
                low
            }
        })
        .collect()
}

/// `CreatePasswordVerifier_Method1` ([MS-OFFCRYPTO] 2.3.7.1).
fn xor_verifier(password: &[u8]) -> u16 {
    let length = u8::try_from(password.len()).unwrap_or(15);
    let verifier = std::iter::once(&length)
        .chain(password)
        .rev()
        .fold(0u16, |verifier, &byte| {
            let high = u16::from(verifier & 0x4000 != 0);
            ((verifier << 1) & 0x7FFF | high) ^ u16::from(byte)
        });
    verifier ^ 0xCE4B
}

/// `CreateXorArray_Method1` ([MS-OFFCRYPTO] 2.3.7.2).
fn xor_array(password: &[u8], key: u16) -> [u8; 16] {
    const PAD: [u8; 15] = [
        0xBB, 0xFF, 0xFF, 0xBA, 0xFF, 0xFF, 0xB9, 0x80, 0x00, 0xBE, 0x0F, 0x00, 0xBF, 0x0F, 0x00,
    ];
    let [key_low, key_high] = key.to_le_bytes();
    let xor_ror = |byte: u8, key: u8| (byte ^ key).rotate_right(1);
    // Bytes at even indices take the key's low byte, at odd ones its high
    // byte; the password comes first, then the padding from its start.
    let mut array = [0u8; 16];
    for (index, slot) in array.iter_mut().enumerate() {
        let byte = if index < password.len() {
            password[index]
        } else {
            PAD[index - password.len()]
        };
        *slot = xor_ror(byte, if index % 2 == 0 { key_low } else { key_high });
    }
    array
}

/// RC4 encryption ([MS-OFFCRYPTO] 2.3.6.1, 2.3.6.2, 2.3.6.4): the header is
/// a salt, an encrypted verifier and its encrypted MD5 hash.
fn rc4(header: &[u8], password: &str) -> Option<Scheme> {
    let salt = header.get(..16)?;
    let mut verifier: [u8; 32] = header.get(16..48)?.try_into().ok()?;
    let password: Vec<u8> = password.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let h0 = Md5::digest(&password);
    let mut buffer = Vec::with_capacity(21 * 16);
    for _ in 0..16 {
        buffer.extend_from_slice(&h0[..5]);
        buffer.extend_from_slice(salt);
    }
    let h1 = Md5::digest(&buffer);
    let key: [u8; 5] = h1[..5].try_into().ok()?;
    Rc4::new_from_slice(&rc4_block_key(&key, 0))
        .ok()?
        .apply_keystream(&mut verifier);
    (Md5::digest(&verifier[..16])[..] == verifier[16..]).then_some(Scheme::Rc4(key))
}

/// The 128-bit RC4 key of a block ([MS-OFFCRYPTO] 2.3.6.2).
fn rc4_block_key(key: &[u8; 5], block: u32) -> [u8; 16] {
    let mut hash = Md5::new();
    hash.update(key);
    hash.update(block.to_le_bytes());
    hash.finalize().into()
}

/// RC4 CryptoAPI encryption ([MS-OFFCRYPTO] 2.3.5.1, 2.3.5.2, 2.3.5.6):
/// flags, the size of an `EncryptionHeader`, the header (its `KeySize` at
/// offset 16), then an `EncryptionVerifier` with a salt, an encrypted
/// verifier and its encrypted SHA-1 hash.
fn cryptoapi(info: &[u8], password: &str) -> Option<Scheme> {
    let header_size = usize::try_from(read_u32(info.get(4..8)?)).ok()?;
    let header = info.get(8..8usize.checked_add(header_size)?)?;
    let key_bits = match read_u32(header.get(16..20)?) {
        0 => 40, // [MS-OFFCRYPTO] 2.3.5.1: 0 means 40 bits
        bits @ 40..=128 if bits % 8 == 0 => usize::try_from(bits).ok()?,
        _ => return None,
    };
    let verifier = &info[8 + header_size..];
    if read_u32(verifier.get(..4)?) != 16 {
        return None;
    }
    let salt = verifier.get(4..20)?;
    let mut check = [0u8; 36];
    check[..16].copy_from_slice(verifier.get(20..36)?);
    check[16..].copy_from_slice(verifier.get(40..60)?);
    let mut h0 = Sha1::new();
    h0.update(salt);
    for unit in password.encode_utf16() {
        h0.update(unit.to_le_bytes());
    }
    let hash: [u8; 20] = h0.finalize().into();
    Rc4::new_from_slice(&cryptoapi_block_key(&hash, key_bits, 0))
        .ok()?
        .apply_keystream(&mut check);
    (Sha1::digest(&check[..16])[..] == check[16..]).then_some(Scheme::CryptoApi { hash, key_bits })
}

/// The RC4 key of a block ([MS-OFFCRYPTO] 2.3.5.2): a 40-bit key is padded
/// with zeros to 128 bits.
fn cryptoapi_block_key(hash: &[u8; 20], key_bits: usize, block: u32) -> Vec<u8> {
    let mut h = Sha1::new();
    h.update(hash);
    h.update(block.to_le_bytes());
    let mut key = h.finalize()[..key_bits / 8].to_vec();
    if key_bits == 40 {
        key.resize(16, 0);
    }
    key
}

/// The encrypted bytes of each record: their range in the stream and the
/// size of the record's data.
fn encrypted_data(stream: &[u8]) -> Vec<(Range<usize>, usize)> {
    let mut records = Vec::new();
    let mut at = 0;
    while at + 4 <= stream.len() {
        let typ = read_u16(&stream[at..]);
        let len = usize::from(read_u16(&stream[at + 2..]));
        let data = at + 4..stream.len().min(at + 4 + len);
        match typ {
            BOF | FILE_PASS | USR_EXCL | FILE_LOCK | INTERFACE_HDR | RRD_INFO | RRD_HEAD => (),
            // lbPlyPos, the offset of the sheet's BOF, is not encrypted.
            BOUND_SHEET => records.push(((data.start + 4).min(data.end)..data.end, len)),
            _ => records.push((data, len)),
        }
        at += 4 + len;
    }
    records
}

/// RC4 and RC4 CryptoAPI: each 1024-byte block of the stream has its own
/// key, and a byte's key stream is given by its offset in the block.
fn decrypt_rc4(
    stream: &mut [u8],
    records: &[(Range<usize>, usize)],
    block_key: impl Fn(u32) -> Vec<u8>,
) -> Result<(), XlsError> {
    let mut key_stream = [0u8; RC4_BLOCK];
    let mut current = None;
    for (range, _) in records {
        for at in range.clone() {
            let block = at / RC4_BLOCK;
            if current != Some(block) {
                let number = u32::try_from(block).map_err(|_| XlsError::Password)?;
                let mut cipher =
                    Rc4::new_from_slice(&block_key(number)).map_err(|_| XlsError::Password)?;
                key_stream.fill(0);
                cipher.apply_keystream(&mut key_stream);
                current = Some(block);
            }
            stream[at] ^= key_stream[at % RC4_BLOCK];
        }
    }
    Ok(())
}

/// XOR obfuscation (`DecryptData_Method1`, [MS-OFFCRYPTO] 2.3.7.3): the
/// XOR array index of a byte is its stream offset plus the size of its
/// record's data, modulo 16.
fn decrypt_xor(stream: &mut [u8], records: &[(Range<usize>, usize)], array: &[u8; 16]) {
    for (range, len) in records {
        for at in range.clone() {
            stream[at] = (stream[at] ^ array[(at + len) % 16]).rotate_left(3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xor_verifier_of_the_default_password() {
        // The verifier Excel writes in the FilePass of a workbook
        // obfuscated with the default password.
        assert_eq!(xor_verifier(&xor_password(XLS_DEFAULT_PASSWORD)), 0x9A0A);
    }

    /// The workbook stream of a test file.
    fn stream(name: &str) -> Vec<u8> {
        let path = format!("{}/tests/{name}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(path).unwrap();
        let mut reader = std::io::Cursor::new(&bytes);
        let mut cfb = crate::cfb::Cfb::new(&mut reader, bytes.len()).unwrap();
        cfb.get_stream("Workbook", &mut reader)
            .or_else(|_| cfb.get_stream("Book", &mut reader))
            .unwrap()
    }

    #[test]
    fn only_the_password_of_the_file_pass_decrypts() {
        let mut other = stream("xls_rc4_other_password.xls");
        let copy = other.clone();
        assert!(matches!(
            decrypt_xls_stream(&mut other, XLS_DEFAULT_PASSWORD),
            Err(XlsError::Password)
        ));
        assert_eq!(other, copy, "nothing is changed for a wrong password");
        assert!(decrypt_xls_stream(&mut other, "hemligt").unwrap());
        // The sheet names are in clear now (BoundSheet8: lbPlyPos, flags,
        // cch, fHighByte, the name).
        let text = String::from_utf8_lossy(&other);
        assert!(text.contains("Blad1") && text.contains("Blad2"));
        for name in [
            "xls_rc4_default_password.xls",
            "xls_cryptoapi_default_password.xls",
            "xls_xor_default_password.xls",
        ] {
            let mut default = stream(name);
            assert!(decrypt_xls_stream(&mut default, XLS_DEFAULT_PASSWORD).unwrap());
            // The FilePass is blanked: the stream is plain now.
            let copy = default.clone();
            assert!(!decrypt_xls_stream(&mut default, XLS_DEFAULT_PASSWORD).unwrap());
            assert_eq!(default, copy);
        }
        let mut xor = stream("xls_xor_obfuscation.xls");
        assert!(matches!(
            decrypt_xls_stream(&mut xor, XLS_DEFAULT_PASSWORD),
            Err(XlsError::Password)
        ));
    }

    /// A BIFF5 FilePass is the XOR obfuscation structure alone (key and
    /// verifier, no `wEncryptionType`). The records are encrypted here as
    /// [MS-OFFCRYPTO] 2.3.7.3 says, the inverse of `decrypt_xor`.
    #[test]
    fn a_biff5_stream_with_xor_obfuscation_is_decrypted() {
        let record = |typ: u16, data: &[u8]| {
            let mut out = typ.to_le_bytes().to_vec();
            out.extend(u16::try_from(data.len()).unwrap().to_le_bytes());
            out.extend(data);
            out
        };
        let key: u16 = 0xB359; // as Excel writes for the default password
        let plain = [
            record(BOF, &[0, 5, 5, 0, 0, 0, 0, 0]),
            record(FILE_PASS, &[0x59, 0xB3, 0x0A, 0x9A]),
            record(
                BOUND_SHEET,
                &[0x40, 0, 0, 0, 0, 0, 5, b'B', b'l', b'a', b'd', b'1'],
            ),
            record(0x0042, &[0xE4, 0x04]),
            record(EOF, &[]),
        ]
        .concat();
        let array = xor_array(&xor_password(XLS_DEFAULT_PASSWORD), key);
        let mut stream = plain.clone();
        for (range, len) in encrypted_data(&stream) {
            for at in range {
                stream[at] = stream[at].rotate_right(3) ^ array[(at + len) % 16];
            }
        }
        assert_ne!(stream, plain);
        assert!(decrypt_xls_stream(&mut stream, XLS_DEFAULT_PASSWORD).unwrap());
        // The FilePass is blanked, the rest is as it was.
        let at = 12;
        assert_eq!(stream[at..at + 8], [0, 0, 4, 0, 0, 0, 0, 0]);
        stream[at..at + 8].copy_from_slice(&plain[at..at + 8]);
        assert_eq!(stream, plain);
    }

    #[test]
    fn a_stream_without_file_pass_is_left_as_it_is() {
        let mut stream = vec![0x09, 0x08, 4, 0, 0, 6, 5, 0, 0x0A, 0, 0, 0];
        let copy = stream.clone();
        assert!(!decrypt_xls_stream(&mut stream, XLS_DEFAULT_PASSWORD).unwrap());
        assert_eq!(stream, copy);
    }
}
