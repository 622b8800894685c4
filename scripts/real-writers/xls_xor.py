"""Encrypts a BIFF8 .xls with XOR obfuscation (MS-XLS 2.2.10, MS-OFFCRYPTO
2.3.6 "Method 1"), the oldest .xls password scheme, which no library at
hand writes correctly (Apache POI 4.0.1's XOR output is unreadable).

Usage: xls_xor.py IN.xls OUT.xls PASSWORD

A FILEPASS record is put after the workbook's first BOF; the stream
positions that records hold (BOUNDSHEET, EXTSST, INDEX) are moved by its
size; every record's data after it is obfuscated except those the format
leaves in clear; and the Workbook stream is written into a new compound
file (one stream, 512-byte sectors).
"""
import struct
import sys

import olefile

INITIAL_CODE = [0xE1F0, 0x1D0F, 0xCC9C, 0x84C0, 0x110C, 0x0E10, 0xF1CE, 0x313E,
                0x1872, 0xE139, 0xD40F, 0x84F9, 0x280C, 0xA96A, 0x4EC3]
XOR_MATRIX = [
    0xAEFC, 0x4DD9, 0x9BB2, 0x2745, 0x4E8A, 0x9D14, 0x2A09, 0x7B61, 0xF6C2, 0xFDA5, 0xEB6B, 0xC6F7, 0x9DCF,
    0x2BBF, 0x4563, 0x8AC6, 0x05AD, 0x0B5A, 0x16B4, 0x2D68, 0x5AD0, 0x0375, 0x06EA, 0x0DD4, 0x1BA8, 0x3750,
    0x6EA0, 0xDD40, 0xD849, 0xA0B3, 0x5147, 0xA28E, 0x553D, 0xAA7A, 0x44D5, 0x6F45, 0xDE8A, 0xAD35, 0x4A4B,
    0x9496, 0x390D, 0x721A, 0xEB23, 0xC667, 0x9CEF, 0x29FF, 0x53FE, 0xA7FC, 0x5FD9, 0x47D3, 0x8FA6, 0x0F6D,
    0x1EDA, 0x3DB4, 0x7B68, 0xF6D0, 0xB861, 0x60E3, 0xC1C6, 0x93AD, 0x377B, 0x6EF6, 0xDDEC, 0x45A0, 0x8B40,
    0x06A1, 0x0D42, 0x1A84, 0x3508, 0x6A10, 0xAA51, 0x4483, 0x8906, 0x022D, 0x045A, 0x08B4, 0x1168, 0x76B4,
    0xED68, 0xCAF1, 0x85C3, 0x1BA7, 0x374E, 0x6E9C, 0x3730, 0x6E60, 0xDCC0, 0xA9A1, 0x4363, 0x86C6, 0x1DAD,
    0x3331, 0x6662, 0xCCC4, 0x89A9, 0x0373, 0x06E6, 0x0DCC, 0x1021, 0x2042, 0x4084, 0x8108, 0x1231, 0x2462,
    0x48C4]
PAD = [0xBB, 0xFF, 0xFF, 0xBA, 0xFF, 0xFF, 0xB9, 0x80, 0x00, 0xBE, 0x0F, 0x00, 0xBF, 0x0F, 0x00]
CLEAR = {0x0809, 0x002F, 0x0194, 0x0195, 0x00E1, 0x0196, 0x0138}  # BOF, FILEPASS, UsrExcl, FileLock, InterfaceHdr, RRDInfo, RRDHead


def rol8(n, r):
    return ((n << r) | (n >> (8 - r))) & 0xFF


def ror8(n, r):
    return ((n >> r) | (n << (8 - r))) & 0xFF


def xor_key(pw):
    key = INITIAL_CODE[len(pw) - 1]
    element = 0x68
    for ch in reversed(pw):
        for _ in range(7):
            if ch & 0x40:
                key ^= XOR_MATRIX[element]
            ch = (ch << 1) & 0xFF
            element -= 1
    return key


def verifier(pw):
    v = 0
    for b in reversed([len(pw)] + list(pw)):
        v = (((v >> 14) & 1) | ((v << 1) & 0x7FFF)) ^ b
    return v ^ 0xCE4B


def xor_array(pw):
    key = xor_key(pw)
    hi, lo = key >> 8, key & 0xFF
    arr = [0] * 16
    i = len(pw)
    if i % 2 == 1:
        arr[i] = ror8(PAD[0] ^ hi, 1)
        i -= 1
        arr[i] = ror8(pw[-1] ^ lo, 1)
    while i > 0:
        i -= 1
        arr[i] = ror8(pw[i] ^ hi, 1)
        i -= 1
        arr[i] = ror8(pw[i] ^ lo, 1)
    i, p = 15, 15 - len(pw)
    while p > 0:
        arr[i] = ror8(PAD[p] ^ hi, 1)
        i, p = i - 1, p - 1
        arr[i] = ror8(PAD[p] ^ lo, 1)
        i, p = i - 1, p - 1
    return arr


def records(stream):
    pos = 0
    while pos + 4 <= len(stream):
        rid, size = struct.unpack_from("<HH", stream, pos)
        yield rid, stream[pos + 4:pos + 4 + size]
        pos += 4 + size
        if rid == 0 and size == 0:  # padding after the last EOF
            break


def encrypt(stream, password):
    pw = password.encode("latin-1")
    recs = list(records(stream))
    filepass = (0x002F, struct.pack("<HHH", 0, xor_key(pw), verifier(pw)))
    shift = 4 + len(filepass[1])
    moved = []
    for n, (rid, data) in enumerate(recs):
        data = bytearray(data)
        if rid == 0x0085:  # BOUNDSHEET: lbPlyPos
            struct.pack_into("<I", data, 0, struct.unpack_from("<I", data, 0)[0] + shift)
        elif rid == 0x00FF:  # EXTSST: ISSTInf.ib
            for off in range(2, len(data), 8):
                struct.pack_into("<I", data, off, struct.unpack_from("<I", data, off)[0] + shift)
        elif rid == 0x020B:  # INDEX: ibXF and rgibRw
            for off in range(12, len(data), 4):
                v = struct.unpack_from("<I", data, off)[0]
                if v:
                    struct.pack_into("<I", data, off, v + shift)
        moved.append((rid, bytes(data)))
        if n == 0:
            moved.append(filepass)
    arr = xor_array(pw)
    out = bytearray()
    seen_filepass = False
    for rid, data in moved:
        out += struct.pack("<HH", rid, len(data))
        start = len(out)
        if seen_filepass and rid not in CLEAR:
            data = bytearray(data)
            for k in range(4 if rid == 0x0085 else 0, len(data)):
                data[k] = rol8(data[k], 5) ^ arr[(start + len(data) + k) % 16]
        seen_filepass = seen_filepass or rid == 0x002F
        out += data
    return bytes(out)


def compound_file(name, data):
    """A version 3 compound file with one stream (at least 4096 bytes, so
    no mini stream), then the directory, then the FAT."""
    data += b"\0" * (max(4096, -(-len(data) // 512) * 512) - len(data))
    n = len(data) // 512
    k = 1
    while (n + 1 + k) > 128 * k:
        k += 1
    assert k <= 109
    fat = list(range(1, n)) + [0xFFFFFFFE] + [0xFFFFFFFE] + [0xFFFFFFFD] * k
    fat += [0xFFFFFFFF] * (128 * k - len(fat))
    difat = list(range(n + 1, n + 1 + k)) + [0xFFFFFFFF] * (109 - k)
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII", bytes.fromhex("D0CF11E0A1B11AE1"), b"\0" * 16,
                         0x3E, 3, 0xFFFE, 9, 6, b"\0" * 6, 0, k, n, 0, 4096, 0xFFFFFFFE, 0,
                         0xFFFFFFFE, 0) + struct.pack("<109I", *difat)

    def entry(ename, etype, child, start, size):
        raw = ename.encode("utf-16-le")
        return struct.pack("<64sHBBIII16sIQQIQ", raw, len(raw) + 2 if ename else 0, etype, 1,
                           0xFFFFFFFF, 0xFFFFFFFF, child, b"\0" * 16, 0, 0, 0, start, size)

    directory = (entry("Root Entry", 5, 1, 0xFFFFFFFE, 0) + entry(name, 2, 0xFFFFFFFF, 0, len(data))
                 + entry("", 0, 0xFFFFFFFF, 0, 0) * 2)
    return header + data + directory + struct.pack(f"<{128 * k}I", *fat)


src, dst, password = sys.argv[1:4]
ole = olefile.OleFileIO(src)
stream = ole.openstream("Workbook").read()
with open(dst, "wb") as f:
    f.write(compound_file("Workbook", encrypt(stream, password)))
