"""Writes the filled form as a BIFF8 .xls with xlwt, the way an old Python
export does: the blank form's sheets and their texts and numbers (read with
openpyxl; formulas are left out), the answers typed in, dates as date cells.
No styles, validation or defined names; the survey marker cells remain.

Usage: fill_xlwt.py BLANK.xlsx PLAN.json OUT.xls
"""
import datetime
import json
import sys

import openpyxl
import xlwt

blank, plan, out = sys.argv[1:4]
src = openpyxl.load_workbook(blank)
date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
book = xlwt.Workbook(encoding="utf-8")
sheets = {}
for ws in src:
    sheet = book.add_sheet(ws.title, cell_overwrite_ok=True)
    if ws.sheet_state != "visible":
        sheet.visibility = 1  # hidden
    sheets[ws.title] = sheet
    for row in ws.iter_rows():
        for c in row:
            if c.value is None or isinstance(c.value, str) and c.value.startswith("="):
                continue
            if isinstance(c.value, datetime.datetime):
                sheet.write(c.row - 1, c.column - 1, c.value, date_style)
            else:
                sheet.write(c.row - 1, c.column - 1, c.value)
for e in json.load(open(plan, encoding="utf-8")):
    sheet = sheets[e["sheet"]]
    if e["kind"] == "date":
        sheet.write(e["row"] - 1, e["col"] - 1, datetime.date.fromisoformat(e["value"]), date_style)
    else:
        sheet.write(e["row"] - 1, e["col"] - 1, e["value"])
book.save(out)
print(f"wrote {out} (xlwt {xlwt.__VERSION__})", file=sys.stderr)
