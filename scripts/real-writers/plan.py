"""Turns answers.json into a list of cell edits for the blank form.

Usage: plan.py BLANK.xlsx ANSWERS.json PLAN.json [BLANK.csv PLAN_CSV.json]

The blank form is read with openpyxl only to find where each answer goes
(form rows by the id in column A, table columns by header label, grid rows
by id in column A). Every writer then types the same edits: each edit has
sheet, row, col (1-based), cell (A1 form), kind (text, number or date),
value (JSON: number, text, or ISO date text), qid and csv_row (the
question id and the long CSV's row: empty, a record number or a grid row id)
and what a person types in a
Swedish and an English spreadsheet program (typed_sv, typed_en).
"""
import json
import sys

import openpyxl
from openpyxl.utils import get_column_letter

GRID_LABELS = {"niva": "Nivå (1–5)", "formaga_kommentar": "Kommentar"}
TABLE_IDS = {
    "Dokumentets titel": "dok_titel", "Typ av dokument": "dok_typ", "Område": "dok_omrade",
    "Beslutad av": "dok_beslutad_av", "Beslutsdatum": "dok_beslutsdatum",
    "Giltig till och med (år)": "dok_giltig_till", "Egen eller gemensam": "dok_samverkan",
    "Länk": "dok_lank",
}

blank, answers_path, out = sys.argv[1:4]
answers = json.load(open(answers_path, encoding="utf-8"))
dates = set(answers["date_questions"])
book = openpyxl.load_workbook(blank)
edits = []


def add(sheet, row, col, qid, value, csv_row=""):
    if value is None:
        return
    if qid in dates:
        kind = "date"
    elif isinstance(value, (int, float)):
        kind = "number"
    else:
        kind = "text"
    typed = str(value)
    if kind == "number" and isinstance(value, float):
        typed_sv = answers["typed_sv"].get(qid, str(value).replace(".", ","))
        typed_en = answers["typed_en"].get(qid, str(value))
    else:
        typed_sv = typed_en = typed
    edits.append(dict(sheet=sheet, row=row, col=col,
                      cell=f"{get_column_letter(col)}{row}", qid=qid, csv_row=csv_row,
                      kind=kind, value=value, typed_sv=typed_sv, typed_en=typed_en))


def form(name):
    ws = book[name]
    for row in ws.iter_rows(min_row=2):
        qid = row[0].value
        if qid in answers[name]:
            add(name, row[0].row, 3, qid, answers[name][qid])


form("Uppgiftslämnare")
form("Budget")

ws = book["Strategidokument"]
header = [c.value for c in ws[1]]
table = answers["Strategidokument"]
for r, record in enumerate(table["rows"], start=2):
    for label, value in zip(table["header"], record):
        col = header.index(label) + 1
        add("Strategidokument", r, col, TABLE_IDS[label], value, str(r - 1))

ws = book["Förmågor"]
header = [c.value for c in ws[1]]
for row in ws.iter_rows(min_row=2):
    gid = row[0].value
    for qid, value in answers["Förmågor"].get(gid, {}).items():
        add("Förmågor", row[0].row, header.index(GRID_LABELS[qid]) + 1, qid, value, gid)

json.dump(edits, open(out, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
print(f"{len(edits)} edits", file=sys.stderr)

# The long CSV form (collect template --format csv): the same answers, each
# in column C of the line with its question and row, on the only sheet.
if len(sys.argv) > 5:
    import csv
    blank_csv, out_csv = sys.argv[4:6]
    lines = list(csv.reader(open(blank_csv, encoding="utf-8-sig", newline="")))
    where = {(q, r): n for n, (q, r, *_) in enumerate(lines, start=1)}
    csv_edits = []
    for e in edits:
        n = where[(e["qid"], e["csv_row"])]
        csv_edits.append(dict(e, sheet="#0", row=n, col=3, cell=f"C{n}"))
    json.dump(csv_edits, open(out_csv, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
