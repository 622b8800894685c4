"""Makes the foreign and hostile-but-valid files of fixtures/foreign/ that
need no spreadsheet program, from the filled forms make.sh wrote before.

Usage: foreign.py WORK_DIR OUT_DIR PLAN.json

WORK_DIR holds openpyxl.xlsx, libreoffice-sv-SE.xlsx (valid filled forms)
and libreoffice-sv-SE.csv (a valid long CSV);
each function below writes one or more files into OUT_DIR, named
<expected outcome>--<what it is>.<ext>. Needs openpyxl and lxml.
"""
import io
import json
import os
import posixpath
import re
import struct
import sys
import zipfile

import openpyxl
from lxml import etree
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font, PatternFill

work, out, plan_path = sys.argv[1:4]
plan = json.load(open(plan_path, encoding="utf-8"))
OPENPYXL = os.path.join(work, "openpyxl.xlsx")
LIBREOFFICE = os.path.join(work, "libreoffice-sv-SE.xlsx")
FIXED_TIME = (2026, 10, 15, 12, 0, 0)  # zip entry times, so reruns give the same bytes


def target(name):
    path = os.path.join(out, name)
    print(f"wrote {path}", file=sys.stderr)
    return path


def read_zip(path):
    with zipfile.ZipFile(path) as z:
        return [(i.filename, z.read(i.filename)) for i in z.infolist()]


def write_zip(path, entries):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(zipfile.ZipInfo(name, FIXED_TIME), data, zipfile.ZIP_DEFLATED)


def replace_in(entries, name, old, new):
    for i, (n, data) in enumerate(entries):
        if n == name:
            text = data.decode("utf-8")
            assert old in text, (name, old)
            entries[i] = (n, text.replace(old, new, 1).encode("utf-8"))
            return
    raise KeyError(name)


# --- Extra sheets that are not read: chart, dialog, macro, notes ----------

def chartsheet():
    book = openpyxl.load_workbook(OPENPYXL)
    budget = book["Budget"]
    chart = BarChart()
    chart.title = "Budget"
    chart.add_data(Reference(budget, min_col=3, min_row=2, max_row=6))
    chart.set_categories(Reference(budget, min_col=2, min_row=2, max_row=6))
    book.create_chartsheet("Diagram").add_chart(chart)
    book.save(target("sheet.unknown--chartsheet-openpyxl.xlsx"))


def extra_sheet(name, out_name, part, rel_type, content_type, xml, workbook_type=None):
    entries = read_zip(OPENPYXL)
    entries.append((part, xml.encode("utf-8")))
    replace_in(entries, "xl/_rels/workbook.xml.rels", "</Relationships>",
               f'<Relationship Type="{rel_type}" Target="/{part}" Id="rIdExtra1" /></Relationships>')
    replace_in(entries, "xl/workbook.xml", "</sheets>",
               f'<sheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
               f'name="{name}" sheetId="99" r:id="rIdExtra1"/></sheets>')
    replace_in(entries, "[Content_Types].xml", "</Types>",
               f'<Override PartName="/{part}" ContentType="{content_type}"/></Types>')
    if workbook_type:
        replace_in(entries, "[Content_Types].xml",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", workbook_type)
    write_zip(target(out_name), entries)


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def dialogsheet():
    # An Excel 5 dialog sheet, as Excel keeps it in .xlsx: no cell data.
    extra_sheet(
        "Dialog1", "sheet.unknown--dialogsheet.xlsx", "xl/dialogsheets/sheet1.xml",
        REL + "/dialogsheet",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.dialogsheet+xml",
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<dialogsheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetPr/><sheetViews><sheetView workbookViewId="0"/>'
        f'</sheetViews><sheetFormatPr defaultRowHeight="15"/>'
        f'<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></dialogsheet>')


def macrosheet():
    # An Excel 4 macro sheet (XLM) in an .xlsm; its cells hold formulas and
    # an error value, which must not count since the sheet is not read.
    extra_sheet(
        "Makro1", "sheet.unknown--macrosheet.xlsm", "xl/macrosheets/sheet1.xml",
        "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet",
        "application/vnd.ms-excel.macrosheet+xml",
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<xm:macrosheet xmlns="{MAIN}" xmlns:r="{REL}" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
        f'<dimension ref="A1:A3"/><sheetViews><sheetView workbookViewId="0"/></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/><sheetData>'
        f'<row r="1"><c r="A1" t="str"><v>Makro1</v></c></row>'
        f'<row r="2"><c r="A2" t="e"><f>ALERT("Hej")</f><v>#N/A</v></c></row>'
        f'<row r="3"><c r="A3" t="b"><f>RETURN()</f><v>1</v></c></row>'
        f'</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        f'</xm:macrosheet>',
        workbook_type="application/vnd.ms-excel.sheet.macroEnabled.main+xml")


def notes_far_formatting():
    book = openpyxl.load_workbook(OPENPYXL)
    notes = book.create_sheet("Anteckningar")
    notes["A1"] = "Egna anteckningar, läses inte"
    notes["AMJ1"].fill = PatternFill("solid", fgColor="FFFF00")  # column 1024, empty
    notes["A1048574"].font = Font(bold=True)  # three rows above the last, empty
    book.save(target("sheet.unknown--notes-formatted-empty-AMJ1-and-A1048574.xlsx"))


# --- OOXML layouts: strict and pretty-printed, unusual part names ---------

STRICT = [  # transitional -> strict (ISO/IEC 29500 strict) namespaces
    ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties",
     "http://purl.oclc.org/ooxml/officeDocument/relationships/customProperties"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
     "http://purl.oclc.org/ooxml/officeDocument/customProperties"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
     "http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties",
     "http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
     "http://purl.oclc.org/ooxml/officeDocument/extendedProperties"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
     "http://purl.oclc.org/ooxml/officeDocument/relationships"),
    ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
     "http://purl.oclc.org/ooxml/spreadsheetml/main"),
    ("http://schemas.openxmlformats.org/drawingml/2006/main",
     "http://purl.oclc.org/ooxml/drawingml/main"),
]


def pretty(data):
    root = etree.fromstring(data)
    etree.indent(root, space="  ")
    text = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True).decode("utf-8")
    # A pretty printer that also breaks lines inside cell values (<v>), as
    # some XML tools do: the value is the text between the whitespace.
    return re.sub(r"(?m)^( *)<v>([^<\n]+)</v>",
                  lambda m: f"{m[1]}<v>\n{m[1]}  {m[2]}\n{m[1]}</v>", text).encode("utf-8")


def rewrite_xml(out_name, strict, pretty_print):
    entries = []
    for name, data in read_zip(LIBREOFFICE):
        if name.endswith((".xml", ".rels")):
            if strict:
                text = data.decode("utf-8")
                for old, new in STRICT:
                    text = text.replace(old, new)
                if name == "xl/workbook.xml":
                    text = re.sub(r"<workbook ", '<workbook conformance="strict" ', text, count=1)
                data = text.encode("utf-8")
            if pretty_print:
                data = pretty(data)
        entries.append((name, data))
    write_zip(target(out_name), entries)


def strict_and_pretty():
    # Each change alone, and both together (as some converters write).
    rewrite_xml("valid--ooxml-strict.xlsx", strict=True, pretty_print=False)
    rewrite_xml("valid--pretty-printed-xml.xlsx", strict=False, pretty_print=True)
    rewrite_xml("valid--ooxml-strict-pretty-printed.xlsx", strict=True, pretty_print=True)


def relayout(out_name, rename, style):
    """Moves the package's parts (rename: old part name -> new) and rewrites
    every relationship target with style(source_part, target_part)."""
    entries = read_zip(LIBREOFFICE)
    new_entries = []
    names = {n for n, _ in entries}

    def new_name(part):
        return rename.get(part, part)

    for name, data in entries:
        if name.endswith(".rels"):
            folder, base = posixpath.split(name)
            src = posixpath.join(posixpath.dirname(folder), base[:-5]) if base != ".rels" else ""
            root = etree.fromstring(data)
            for rel in root:
                t = rel.get("Target")
                if rel.get("TargetMode") == "External":
                    continue
                part = t.lstrip("/") if t.startswith("/") else posixpath.normpath(
                    posixpath.join(posixpath.dirname(src), t))
                assert part in names, (name, t, part)
                rel.set("Target", style(new_name(src), new_name(part)))
            data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            src_new = new_name(src)
            name = posixpath.join(posixpath.dirname(src_new), "_rels", posixpath.basename(src_new) + ".rels") \
                if src else name
        elif name == "[Content_Types].xml":
            text = data.decode("utf-8")
            for old, new in rename.items():
                text = text.replace(f'PartName="/{old}"', f'PartName="/{new}"')
            text = re.sub(r'<Override PartName="[^"]*\.rels"[^>]*/>', "", text)
            data = text.encode("utf-8")
        else:
            name = new_name(name)
        new_entries.append((name, data))
    write_zip(target(out_name), new_entries)


def absolute_targets():
    relayout("valid--absolute-relationship-targets.xlsx", {}, lambda src, part: "/" + part)


def unusual_folders():
    rename = {"xl/workbook.xml": "Arbetsbok/bok.xml",
              "xl/styles.xml": "format/stilar.xml",
              "xl/sharedStrings.xml": "delade-strangar.xml"}
    for n in range(1, 7):
        rename[f"xl/worksheets/sheet{n}.xml"] = f"Arbetsbok/blad/ark{n}.xml"

    # A mix of relative ("blad/ark1.xml", "../format/stilar.xml") and
    # absolute targets. ("./blad/ark1.xml" is left out: LibreOffice 7.4
    # does not find such parts.)
    def style(src, part):
        if part.startswith(("Arbetsbok/blad/", "format/")):
            return posixpath.relpath(part, posixpath.dirname(src))
        if part == "delade-strangar.xml":
            return "/delade-strangar.xml"
        return part if not src else "/" + part

    relayout("valid--parts-in-unusual-folders.xlsx", rename, style)


# --- Long CSV in Excel's text formats ------------------------------------

def long_csv_rows(decimal_comma):
    rows = [("question", "row", "value"), ("_enkat", "ssvit-lokalt-nulage", "1")]
    for e in plan:
        v = e["value"]
        if isinstance(v, float) and decimal_comma:
            v = str(v).replace(".", ",")
        rows.append((e["qid"], e["csv_row"], str(v)))
    return rows


def unicode_text():
    # Excel's "Unicode text (*.txt)": UTF-16LE with BOM, tab-separated, CRLF.
    text = "".join("\t".join(r) + "\r\n" for r in long_csv_rows(decimal_comma=True))
    with open(target("valid--excel-unicode-text-utf16le-tab.txt"), "wb") as f:
        f.write(b"\xff\xfe" + text.encode("utf-16-le"))


def sep_hint():
    def field(v):
        return f'"{v}"' if any(c in v for c in ';"\n') else v
    lines = ["sep=;"] + [";".join(field(v) for v in r) for r in long_csv_rows(decimal_comma=True)]
    with open(target("valid--csv-sep-hint-semicolon.csv"), "wb") as f:
        f.write(("\r\n".join(lines) + "\r\n").encode("utf-8"))


# --- Excel 2-4 worksheets (one sheet per file, no compound file) ---------

def biff_worksheet(bof_id, out_name):
    """A minimal BIFF3 (BOF 0x0209) or BIFF4 (BOF 0x0409) worksheet stream:
    the Uppgiftslämnare sheet of the filled form (dates as ISO text), as an
    Excel 3 or 4 worksheet file that LibreOffice opens."""
    book = openpyxl.load_workbook(OPENPYXL)
    ws = book["Uppgiftslämnare"]
    recs = []

    def rec(rid, data):
        recs.append(struct.pack("<HH", rid, len(data)) + data)

    rec(bof_id, struct.pack("<HHH", 0, 0x0010, 0))  # BOF: worksheet
    rec(0x0042, struct.pack("<H", 1252))  # CODEPAGE
    rec(0x0200, struct.pack("<HHHHH", 0, ws.max_row, 0, 4, 0))  # DIMENSIONS
    for row in ws.iter_rows(max_col=4):
        for c in row:
            v = c.value
            if v is None:
                continue
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                rec(0x0203, struct.pack("<HHHd", c.row - 1, c.column - 1, 0x0F, float(v)))  # NUMBER
            else:
                s = (v.date().isoformat() if hasattr(v, "date") else str(v)).encode("cp1252", "replace")[:255]
                rec(0x0204, struct.pack("<HHHH", c.row - 1, c.column - 1, 0x0F, len(s)) + s)  # LABEL
    rec(0x000A, b"")  # EOF
    with open(target(out_name), "wb") as f:
        f.write(b"".join(recs))


# --- Other kinds of file -------------------------------------------------

def picture():
    """A PNG picture (a small bar chart), as named .png and as .xlsx."""
    import zlib
    w, h = 120, 60
    heights = [50, 25, 8, 6, 4]
    rows = []
    for y in range(h):
        row = bytearray()
        for x in range(w):
            bar = x // 24
            filled = x % 24 < 18 and h - y <= heights[bar]
            row += bytes((31, 119, 180) if filled else (255, 255, 255))
        rows.append(b"\0" + bytes(row))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))
    for name in ("file.unsupported_type--picture.png", "file.wrong_content--picture-png.xlsx"):
        with open(target(name), "wb") as f:
            f.write(data)


def zip_archive():
    """A plain zip archive holding the long CSV, as .zip and named .xlsx."""
    csv_data = open(os.path.join(work, "libreoffice-sv-SE.csv"), "rb").read()
    for name in ("file.unsupported_type--zip-archive.zip", "file.wrong_content--zip-archive.xlsx"):
        write_zip(target(name), [("svar-lerum.csv", csv_data)])


picture()
zip_archive()
chartsheet()
dialogsheet()
macrosheet()
notes_far_formatting()
strict_and_pretty()
absolute_targets()
unusual_folders()
unicode_text()
sep_hint()
biff_worksheet(0x0209, "file.wrong_content--excel3-worksheet.xls")
biff_worksheet(0x0409, "file.wrong_content--excel4-worksheet.xls")
