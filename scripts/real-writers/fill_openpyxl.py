"""Fills the blank form with openpyxl (keeps styles, validations, names).

Usage: fill_openpyxl.py BLANK.xlsx PLAN.json OUT.xlsx
"""
import datetime
import json
import sys

import openpyxl

blank, plan, out = sys.argv[1:4]
book = openpyxl.load_workbook(blank)
for e in json.load(open(plan, encoding="utf-8")):
    value = e["value"]
    if e["kind"] == "date":
        value = datetime.date.fromisoformat(value)
    book[e["sheet"]].cell(row=e["row"], column=e["col"], value=value)
book.save(out)
