//! Compound files (OLE, MS-CFB: .xls and encrypted Office files) read as
//! leniently as calamine reads them, so that what runs before calamine (the
//! content sniffer, the encryption check and the .xls extent check in
//! `Limits::check_xls`) accepts every file calamine accepts and sees the
//! same bytes.
//!
//! The `cfb` crate is stricter: it refuses a FAT whose entries past the end
//! of the file are ENDOFCHAIN, as SheetJS (and excelize, which ports its
//! writer) write them, although Excel, LibreOffice, xlrd and calamine read
//! those files (`fixtures/upstream/README.md`).
//!
//! Like calamine, this reader follows the header's DIFAT and FAT, takes
//! directory entries by name wherever they stand, and reads a stream shorter
//! than 4096 bytes from the mini stream. Unlike calamine, it refuses a chain
//! that loops or leaves the file, where calamine would read without end or
//! panic.

/// End of a sector chain.
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
/// DIFAT entries from here up are not sector numbers.
const RESERVED: u32 = 0xFFFF_FFFA;
/// FAT entries from here up are not FAT sector numbers.
const DIFAT_SECTOR: u32 = 0xFFFF_FFFC;
/// Streams shorter than this live in the mini stream.
const MINI_STREAM_CUTOFF: u64 = 4096;
const MINI_SECTOR: usize = 64;
const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// An opened compound file.
pub(crate) struct Ole<'a> {
    bytes: &'a [u8],
    sector: usize,
    fat: Vec<u32>,
    mini_fat: Vec<u32>,
    mini_stream: Vec<u8>,
    entries: Vec<Entry>,
}

struct Entry {
    name: String,
    start: u32,
    len: u64,
}

fn u16_at(bytes: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([bytes[at], bytes[at + 1]])
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

fn u32s(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes.chunks_exact(4).map(|c| u32_at(c, 0))
}

impl<'a> Ole<'a> {
    /// Opens `bytes` as a compound file; `None` where calamine could not
    /// read its directory either, or would not stop reading it.
    pub(crate) fn open(bytes: &'a [u8]) -> Option<Ole<'a>> {
        if bytes.len() < 512 || bytes[..8] != SIGNATURE || u16_at(bytes, 32) != 6 {
            return None;
        }
        let sector = match u16_at(bytes, 30) {
            9 => 512,
            12 => 4096,
            _ => return None,
        };
        let mut ole = Ole {
            bytes,
            sector,
            fat: Vec::new(),
            mini_fat: Vec::new(),
            mini_stream: Vec::new(),
            entries: Vec::new(),
        };
        // The DIFAT: 109 entries in the header, then a chain of DIFAT
        // sectors whose last entry names the next one.
        let mut difat: Vec<u32> = u32s(&bytes[76..512]).collect();
        let mut next = u32_at(bytes, 68);
        let mut seen = 0;
        while next < RESERVED {
            seen += 1;
            if seen > ole.sectors() + 1 {
                return None;
            }
            difat.extend(u32s(ole.sector_at(next)?));
            next = difat.pop()?;
        }
        for id in difat.into_iter().filter(|&id| id < DIFAT_SECTOR) {
            let fat: Vec<u32> = u32s(ole.sector_at(id)?).collect();
            ole.fat.extend(fat);
        }
        let directory = ole.chain(u32_at(bytes, 48), u64::MAX)?;
        ole.entries = directory
            .chunks_exact(128)
            .map(|entry| {
                let units: Vec<u16> = entry[..64]
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .take_while(|&u| u != 0)
                    .collect();
                Entry {
                    name: String::from_utf16_lossy(&units),
                    start: u32_at(entry, 116),
                    len: if sector == 512 {
                        u64::from(u32_at(entry, 120))
                    } else {
                        u64::from(u32_at(entry, 120)) | (u64::from(u32_at(entry, 124)) << 32)
                    },
                }
            })
            .collect();
        let root = ole.entries.first()?;
        if u16_at(bytes, 26) != 3 && root.start == END_OF_CHAIN {
            return None;
        }
        let mini_fat_sectors = u64::from(u32_at(bytes, 64));
        if mini_fat_sectors > 0 {
            let (start, len) = (root.start, root.len);
            ole.mini_stream = ole.chain(start, len)?;
            let mini_fat = ole.chain(u32_at(bytes, 60), mini_fat_sectors * sector as u64)?;
            ole.mini_fat = u32s(&mini_fat).collect();
        }
        Some(ole)
    }

    /// Whether a directory entry of that name (any case) exists.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.entries
            .iter()
            .any(|e| e.name.eq_ignore_ascii_case(name))
    }

    /// The stream of the first directory entry of that name (any case), as
    /// calamine reads it; `None` where there is none or it cannot be read.
    pub(crate) fn stream(&self, name: &str) -> Option<Vec<u8>> {
        let entry = self
            .entries
            .iter()
            .find(|e| e.name.eq_ignore_ascii_case(name))?;
        if entry.len < MINI_STREAM_CUTOFF {
            self.mini_chain(entry.start, entry.len)
        } else {
            self.chain(entry.start, entry.len)
        }
    }

    /// Sectors in the file after its header.
    fn sectors(&self) -> usize {
        self.bytes.len() / self.sector
    }

    /// A sector's bytes, cut short at the end of the file.
    fn sector_at(&self, id: u32) -> Option<&'a [u8]> {
        let start = (id as usize).checked_add(1)?.checked_mul(self.sector)?;
        let bytes: &'a [u8] = self.bytes;
        (start < bytes.len()).then(|| &bytes[start..(start + self.sector).min(bytes.len())])
    }

    /// Up to `len` bytes of the chain from `start` through the FAT.
    fn chain(&self, start: u32, len: u64) -> Option<Vec<u8>> {
        walk(start, len, &self.fat, self.sectors(), |id| {
            self.sector_at(id)
        })
    }

    /// Up to `len` bytes of the chain from `start` through the mini FAT.
    fn mini_chain(&self, start: u32, len: u64) -> Option<Vec<u8>> {
        let sectors = self.mini_stream.len() / MINI_SECTOR;
        walk(start, len, &self.mini_fat, sectors, |id| {
            let at = (id as usize).checked_mul(MINI_SECTOR)?;
            self.mini_stream.get(at..at + MINI_SECTOR)
        })
    }
}

/// Follows a chain through `fat`, at most `sectors` steps, for `len` bytes
/// or to its end.
fn walk<'s>(
    mut id: u32,
    len: u64,
    fat: &[u32],
    sectors: usize,
    sector_at: impl Fn(u32) -> Option<&'s [u8]>,
) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut steps = 0;
    while id != END_OF_CHAIN {
        steps += 1;
        if steps > sectors + 1 {
            return None; // a loop
        }
        let sector = sector_at(id)?;
        let rest = usize::try_from(len - out.len() as u64).unwrap_or(usize::MAX);
        out.extend_from_slice(&sector[..sector.len().min(rest)]);
        if out.len() as u64 >= len {
            break;
        }
        id = *fat.get(id as usize)?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn compound_file(streams: &[(&str, &[u8])]) -> Vec<u8> {
        let mut file = cfb::CompoundFile::create_with_version(
            cfb::Version::V3,
            std::io::Cursor::new(Vec::new()),
        )
        .unwrap();
        for (name, data) in streams {
            file.create_stream(name).unwrap().write_all(data).unwrap();
        }
        file.flush().unwrap();
        file.into_inner().into_inner()
    }

    #[test]
    fn reads_small_and_large_streams_by_name_in_any_case() {
        let small: Vec<u8> = (0..3000u32).map(|i| (i % 256).to_le_bytes()[0]).collect();
        let large: Vec<u8> = (0..20_000u32)
            .map(|i| (i / 7 % 256).to_le_bytes()[0])
            .collect();
        let bytes = compound_file(&[("Workbook", &small), ("EncryptedPackage", &large)]);
        let ole = Ole::open(&bytes).unwrap();
        assert!(ole.has("workbook") && ole.has("EncryptedPackage") && !ole.has("Book"));
        assert_eq!(ole.stream("WORKBOOK").unwrap(), small);
        assert_eq!(ole.stream("EncryptedPackage").unwrap(), large);
        assert!(ole.stream("Book").is_none());
    }

    #[test]
    fn a_chain_that_loops_is_refused() {
        let mut bytes = compound_file(&[("Workbook", &[1; 100])]);
        assert!(Ole::open(&bytes).is_some());
        // Point the directory's sector back at itself: calamine would read
        // that directory without end.
        let directory = u32_at(&bytes, 48);
        let at = (u32_at(&bytes, 76) as usize + 1) * 512 + directory as usize * 4;
        bytes[at..at + 4].copy_from_slice(&directory.to_le_bytes());
        assert!(Ole::open(&bytes).is_none());
    }

    #[test]
    fn not_a_compound_file() {
        assert!(Ole::open(b"PK\x03\x04").is_none());
        assert!(Ole::open(&[0; 600]).is_none());
    }
}
