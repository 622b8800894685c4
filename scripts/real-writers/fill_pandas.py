"""Fills the blank form the way a pandas script does: read every sheet with
read_excel(header=None), put the answers in, write every sheet back with
to_excel(engine="openpyxl", header=False, index=False). Styles, data
validation, formulas (their cached values are written as plain values, none
here) and the defined names are lost; the survey marker cells remain.

Usage: fill_pandas.py BLANK.xlsx PLAN.json OUT.xlsx
"""
import json
import sys

import pandas as pd

blank, plan, out = sys.argv[1:4]
sheets = pd.read_excel(blank, sheet_name=None, header=None, engine="openpyxl")
for e in json.load(open(plan, encoding="utf-8")):
    df = sheets[e["sheet"]].astype(object)
    while df.shape[0] < e["row"]:
        df.loc[df.shape[0]] = [None] * df.shape[1]
    while df.shape[1] < e["col"]:
        df[df.shape[1]] = None
    value = pd.Timestamp(e["value"]) if e["kind"] == "date" else e["value"]
    df.iat[e["row"] - 1, e["col"] - 1] = value
    sheets[e["sheet"]] = df
with pd.ExcelWriter(out, engine="openpyxl") as writer:
    for name, df in sheets.items():
        df.to_excel(writer, sheet_name=name, header=False, index=False)
print(f"wrote {out} (pandas {pd.__version__})", file=sys.stderr)
