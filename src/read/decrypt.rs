//! Encrypted OOXML packages (.xlsx, .xlsm) that open without a password:
//! those encrypted with Excel's default password `VelvetSweatshop`, which
//! Excel writes when a workbook's structure is protected with a password
//! and which Excel and LibreOffice use without asking.
//!
//! ECMA-376 encryption ([MS-OFFCRYPTO] 2.3.4) puts the package in a
//! compound file: an `EncryptionInfo` stream (how it is encrypted, and a
//! verifier of the password) and an `EncryptedPackage` stream (the package's
//! size as 8 bytes, then the encrypted zip). Two schemes are read:
//!
//! - standard (`EncryptionInfo` version 2.2, 3.2 or 4.2): AES-ECB, the key
//!   derived by SHA-1 with 50 000 iterations (2.3.4.5 to 2.3.4.9);
//! - agile (version 4.4): the key derived by the hash the XML names, with
//!   its spin count, and a package key decrypted with it; AES-CBC in
//!   4096-byte segments (2.3.4.10 to 2.3.4.15). The data integrity HMAC is
//!   not checked: a damaged package is told by the zip reader.
//!
//! Any other password, or another scheme (extensible encryption, RC4
//! CryptoAPI of an OOXML package, a certificate), stays `file.encrypted`.

use aes::cipher::{BlockCipherDecrypt, KeyInit};
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};

use super::ole::Ole;
use super::sniff::{attribute, elements};

/// The password Excel encrypts with where the user set none.
const DEFAULT_PASSWORD: &str = calamine::XLS_DEFAULT_PASSWORD;

/// Office's own agile files spin 100 000 times; a file that asks for more
/// than ten times that is not read (a hash loop a hostile file could make
/// last for seconds), and stays `file.encrypted`.
const MAX_SPIN_COUNT: u32 = 1_000_000;

/// The zip package of an encrypted OOXML file, when Excel's default
/// password opens it; `None` for any other password, scheme or damage.
pub(super) fn default_password_package(bytes: &[u8]) -> Option<Vec<u8>> {
    let ole = Ole::open(bytes)?;
    let info = ole.stream("EncryptionInfo")?;
    let package = ole.stream("EncryptedPackage")?;
    let version = (u16_at(&info, 0)?, u16_at(&info, 2)?);
    match version {
        (2..=4, 2) => standard(&info, &package, DEFAULT_PASSWORD),
        (4, 4) => agile(&info, &package, DEFAULT_PASSWORD),
        _ => None,
    }
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn usize_at(bytes: &[u8], at: usize) -> Option<usize> {
    usize::try_from(u32_at(bytes, at)?).ok()
}

/// The password as UTF-16LE bytes, as every ECMA-376 hash takes it.
fn utf16le(password: &str) -> Vec<u8> {
    password.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// Standard encryption: `EncryptionInfo` is the version, flags, the size
/// of the `EncryptionHeader`, the header (`AlgID` at 8, `KeySize` at 16),
/// then the `EncryptionVerifier` (salt size, salt, encrypted verifier,
/// verifier hash size, encrypted verifier hash).
fn standard(info: &[u8], package: &[u8], password: &str) -> Option<Vec<u8>> {
    let header_size = usize_at(info, 8)?;
    let header = info.get(12..12usize.checked_add(header_size)?)?;
    let key_bytes = match (u32_at(header, 8)?, u32_at(header, 16)?) {
        (0x660E, 128) => 16,
        (0x660F, 192) => 24,
        (0x6610, 256) => 32,
        _ => return None,
    };
    let verifier = info.get(12 + header_size..)?;
    if usize_at(verifier, 0)? != 16 {
        return None;
    }
    let salt = verifier.get(4..20)?;
    let encrypted_verifier = verifier.get(20..36)?;
    let encrypted_hash = verifier.get(40..72)?;
    let key = standard_key(salt, password, key_bytes);
    let aes = Aes::new(&key)?;
    let verifier = aes.decrypt_ecb(encrypted_verifier)?;
    let hash = aes.decrypt_ecb(encrypted_hash)?;
    if Sha1::digest(&verifier)[..] != hash[..20] {
        return None;
    }
    let size = package_size(package)?;
    let data = package.get(8..)?;
    let whole = data.len() - data.len() % 16;
    let mut zip = aes.decrypt_ecb(&data[..whole])?;
    zip.truncate(size);
    Some(zip)
}

/// The declared size of the package (the first 8 bytes), at most what the
/// stream holds.
fn package_size(package: &[u8]) -> Option<usize> {
    let declared = u64::from_le_bytes(package.get(..8)?.try_into().ok()?);
    Some(
        usize::try_from(declared)
            .map_or(usize::MAX, |n| n)
            .min(package.len() - 8),
    )
}

/// The standard encryption key ([MS-OFFCRYPTO] 2.3.4.7): the salted
/// password hashed 50 000 times, with the block number 0, then widened
/// with the 0x36 and 0x5C pads.
fn standard_key(salt: &[u8], password: &str, key_bytes: usize) -> Vec<u8> {
    let mut hash = Sha1::new();
    hash.update(salt);
    hash.update(utf16le(password));
    let mut h = hash.finalize();
    for i in 0u32..50_000 {
        let mut next = Sha1::new();
        next.update(i.to_le_bytes());
        next.update(h);
        h = next.finalize();
    }
    let mut last = Sha1::new();
    last.update(h);
    last.update(0u32.to_le_bytes());
    let h_final = last.finalize();
    let pad = |byte: u8| {
        let mut buffer = [byte; 64];
        for (b, h) in buffer.iter_mut().zip(h_final.iter()) {
            *b ^= h;
        }
        Sha1::digest(buffer)
    };
    let mut key = pad(0x36).to_vec();
    key.extend_from_slice(&pad(0x5C));
    key.truncate(key_bytes);
    key
}

/// AES with a key of 128, 192 or 256 bits.
enum Aes {
    A128(aes::Aes128),
    A192(aes::Aes192),
    A256(aes::Aes256),
}

impl Aes {
    fn new(key: &[u8]) -> Option<Aes> {
        match key.len() {
            16 => aes::Aes128::new_from_slice(key).ok().map(Aes::A128),
            24 => aes::Aes192::new_from_slice(key).ok().map(Aes::A192),
            32 => aes::Aes256::new_from_slice(key).ok().map(Aes::A256),
            _ => None,
        }
    }

    fn decrypt_block(&self, block: &mut [u8; 16]) {
        let array: &mut aes::Block = block.into();
        match self {
            Aes::A128(aes) => aes.decrypt_block(array),
            Aes::A192(aes) => aes.decrypt_block(array),
            Aes::A256(aes) => aes.decrypt_block(array),
        }
    }

    /// ECB: each 16-byte block on its own; `None` for a partial block.
    fn decrypt_ecb(&self, data: &[u8]) -> Option<Vec<u8>> {
        let (blocks, rest) = data.as_chunks::<16>();
        if !rest.is_empty() {
            return None;
        }
        let mut out = Vec::with_capacity(data.len());
        for block in blocks {
            let mut block = *block;
            self.decrypt_block(&mut block);
            out.extend_from_slice(&block);
        }
        Some(out)
    }

    /// CBC from `iv`; `None` for a partial block.
    fn decrypt_cbc(&self, data: &[u8], iv: &[u8]) -> Option<Vec<u8>> {
        let (blocks, rest) = data.as_chunks::<16>();
        if !rest.is_empty() {
            return None;
        }
        let mut previous: [u8; 16] = iv.get(..16)?.try_into().ok()?;
        let mut out = Vec::with_capacity(data.len());
        for block in blocks {
            let mut plain = *block;
            self.decrypt_block(&mut plain);
            for (p, c) in plain.iter_mut().zip(previous) {
                *p ^= c;
            }
            out.extend_from_slice(&plain);
            previous = *block;
        }
        Some(out)
    }
}

/// The hash an agile file names.
#[derive(Clone, Copy)]
enum Hash {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    fn named(name: &str) -> Option<Hash> {
        match name {
            "SHA1" | "SHA-1" => Some(Hash::Sha1),
            "SHA256" => Some(Hash::Sha256),
            "SHA384" => Some(Hash::Sha384),
            "SHA512" => Some(Hash::Sha512),
            _ => None,
        }
    }

    /// The hash of the parts one after the other.
    fn of(self, parts: &[&[u8]]) -> Vec<u8> {
        fn of<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
            let mut hash = D::new();
            for part in parts {
                hash.update(part);
            }
            hash.finalize().to_vec()
        }
        match self {
            Hash::Sha1 => of::<Sha1>(parts),
            Hash::Sha256 => of::<Sha256>(parts),
            Hash::Sha384 => of::<Sha384>(parts),
            Hash::Sha512 => of::<Sha512>(parts),
        }
    }

    /// `H(salt + password)` hashed `spin` times more with the iteration
    /// number first ([MS-OFFCRYPTO] 2.3.4.11).
    fn spun(self, salt: &[u8], password: &str, spin: u32) -> Vec<u8> {
        let mut h = self.of(&[salt, &utf16le(password)]);
        for i in 0..spin {
            h = self.of(&[&i.to_le_bytes(), &h]);
        }
        h
    }
}

/// `bytes` cut or padded with `pad` to `len` ([MS-OFFCRYPTO] 2.3.4.11,
/// 2.3.4.12).
fn fitted(mut bytes: Vec<u8>, len: usize, pad: u8) -> Vec<u8> {
    bytes.resize(len, pad);
    bytes
}

/// The block keys of the password key encryptor ([MS-OFFCRYPTO] 2.3.4.13).
const VERIFIER_INPUT_KEY: [u8; 8] = [0xFE, 0xA7, 0xD2, 0x76, 0x3B, 0x4B, 0x9E, 0x79];
const VERIFIER_VALUE_KEY: [u8; 8] = [0xD7, 0xAA, 0x0F, 0x6D, 0x30, 0x61, 0x34, 0x4E];
const KEY_VALUE_KEY: [u8; 8] = [0x14, 0x6E, 0x0B, 0xE7, 0xAB, 0xAC, 0xD0, 0xD6];

/// One cipher's parameters in the agile XML (`keyData`, or the password's
/// `encryptedKey`).
struct CipherParams {
    salt: Vec<u8>,
    hash: Hash,
    key_bytes: usize,
    hash_size: usize,
}

impl CipherParams {
    fn read(attributes: &[(String, String)]) -> Option<CipherParams> {
        let number = |key: &str| attribute(attributes, key)?.parse::<usize>().ok();
        let aes = attribute(attributes, "cipherAlgorithm") == Some("AES")
            && attribute(attributes, "cipherChaining") == Some("ChainingModeCBC")
            && number("blockSize") == Some(16);
        if !aes {
            return None;
        }
        Some(CipherParams {
            salt: base64(attribute(attributes, "saltValue")?)?,
            hash: Hash::named(attribute(attributes, "hashAlgorithm")?)?,
            key_bytes: number("keyBits")? / 8,
            hash_size: number("hashSize")?,
        })
    }
}

/// Agile encryption: the version, 4 reserved bytes, then the XML
/// descriptor.
fn agile(info: &[u8], package: &[u8], password: &str) -> Option<Vec<u8>> {
    let xml = std::str::from_utf8(info.get(8..)?).ok()?;
    let xml = xml.trim_start_matches('\u{feff}');
    let found = elements(xml);
    let key_data = found.iter().find(|(name, _)| name == "keyData")?;
    let key_data = CipherParams::read(&key_data.1)?;
    // The password key encryptor's encryptedKey (a certificate's has no
    // spin count).
    let (_, encrypted_key) = found
        .iter()
        .find(|(name, a)| name == "encryptedKey" && attribute(a, "spinCount").is_some())?;
    let secret = agile_secret_key(encrypted_key, password)?;
    let secret = fitted(secret, key_data.key_bytes, 0);
    let aes = Aes::new(&secret)?;
    let size = package_size(package)?;
    let mut zip = Vec::with_capacity(size);
    for (segment, data) in (0u32..).zip(package.get(8..)?.chunks(4096)) {
        let iv = key_data.hash.of(&[&key_data.salt, &segment.to_le_bytes()]);
        let whole = data.len() - data.len() % 16;
        zip.extend(aes.decrypt_cbc(&data[..whole], &fitted(iv, 16, 0x36))?);
        if zip.len() >= size {
            break;
        }
    }
    zip.truncate(size);
    Some(zip)
}

/// The package key, when the password verifies against the password key
/// encryptor ([MS-OFFCRYPTO] 2.3.4.13).
fn agile_secret_key(attributes: &[(String, String)], password: &str) -> Option<Vec<u8>> {
    let params = CipherParams::read(attributes)?;
    let spin = attribute(attributes, "spinCount")?.parse::<u32>().ok()?;
    if spin > MAX_SPIN_COUNT {
        return None;
    }
    let field = |key: &str| base64(attribute(attributes, key)?);
    let h = params.hash.spun(&params.salt, password, spin);
    let key = |block: &[u8]| {
        let derived = params.hash.of(&[&h, block]);
        Aes::new(&fitted(derived, params.key_bytes, 0x36))
    };
    let iv = fitted(params.salt.clone(), 16, 0x36);
    let input =
        key(&VERIFIER_INPUT_KEY)?.decrypt_cbc(&field("encryptedVerifierHashInput")?, &iv)?;
    let value =
        key(&VERIFIER_VALUE_KEY)?.decrypt_cbc(&field("encryptedVerifierHashValue")?, &iv)?;
    let expected = params.hash.of(&[input.get(..params.salt.len())?]);
    if value.get(..params.hash_size)? != expected.get(..params.hash_size)? {
        return None;
    }
    key(&KEY_VALUE_KEY)?.decrypt_cbc(&field("encryptedKeyValue")?, &iv)
}

/// Standard base64 (RFC 4648, with padding) as the agile XML writes it;
/// `None` for anything else.
fn base64(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let text = text.trim().trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut bits, mut count) = (0u32, 0u32);
    for c in text.bytes() {
        bits = (bits << 6 | u32::from(value(c)?)) & 0x00FF_FFFF;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count).to_le_bytes()[0]);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_as_the_agile_xml_writes_it() {
        assert_eq!(base64("TWFu").unwrap(), b"Man");
        assert_eq!(base64("TWE=").unwrap(), b"Ma");
        assert_eq!(base64("TQ==").unwrap(), b"M");
        assert_eq!(base64("").unwrap(), b"");
        assert!(base64("TW*u").is_none());
    }

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    #[test]
    fn the_default_password_opens_standard_and_agile_packages() {
        for name in [
            "foreign/valid--xlsx-standard-default-password-VelvetSweatshop.xlsx",
            "foreign/valid--xlsx-agile-default-password-VelvetSweatshop.xlsx",
            "public-suites/xlsx-standard-encryption-default-password--poi-protect.xlsx",
        ] {
            let zip = default_password_package(&fixture(name)).expect(name);
            assert!(zip.starts_with(b"PK\x03\x04"), "{name}");
            assert!(
                zip::ZipArchive::new(std::io::Cursor::new(zip)).is_ok(),
                "{name}"
            );
        }
    }

    #[test]
    fn any_other_password_stays_encrypted() {
        for name in [
            "foreign/file.encrypted--xlsx-standard-poi.xlsx",
            "foreign/file.encrypted--xlsx-standard-libreoffice.xlsx",
            "foreign/file.encrypted--xlsx-agile-msoffcrypto.xlsx",
        ] {
            assert!(default_password_package(&fixture(name)).is_none(), "{name}");
        }
    }

    #[test]
    fn not_an_encrypted_package() {
        assert!(default_password_package(b"PK\x03\x04").is_none());
        assert!(default_password_package(&[]).is_none());
    }
}
