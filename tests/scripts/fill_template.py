"""Fills a collect template with openpyxl, as a respondent's spreadsheet
program would, so the tests can check that what the template accepts,
collect accepts. An answer the template already holds (the organisation
of a respondent's own form, the year) is kept.
Usage: fill_template.py TEMPLATE.xlsx OUT.xlsx"""
import datetime
import sys

import openpyxl

book = openpyxl.load_workbook(sys.argv[1])

form = book["Uppgiftslämnare"]
answers = {
    "organisation": "Lerum",
    "ar": 2026,
    "kontaktperson": "Fiktiv Person",
    "epost": "fiktiv.person@lerum.example",
    "telefon": "010-000 00 00",
    "roll": "Digitaliseringsstrateg",
    "besvarad": datetime.date(2026, 10, 15),
}
for row in form.iter_rows(min_row=2):
    if row[0].value in answers and row[2].value in (None, ""):
        row[2].value = answers[row[0].value]

docs = book["Strategidokument"]
for col, value in enumerate(
    [
        "Digitaliseringsstrategi 2024–2027",
        "Strategi",
        "Digitalisering (övergripande)",
        "Fullmäktige",
        datetime.date(2024, 3, 1),
        2027,
        "Egen organisation",
        "https://www.lerum.example/strategi.pdf",
    ],
    start=1,
):
    docs.cell(row=2, column=col, value=value)

budget = book["Budget"]
amounts = {
    "budget_total": 12_500_000,
    "budget_personal": 6_000_000,
    "budget_drift": 4_000_000,
    "budget_investering": 1_000_000,
    "budget_samverkan": 1_000_000,
    "budget_ovrigt": 500_000,
    "externa_medel": 250_000,
    "arsarbetare": 7.5,
    "budgetmodell": "Blandat",
    "budget_kommentar": "Fiktiva siffror för ett test.",
}
for row in budget.iter_rows(min_row=2):
    if row[0].value in amounts:
        row[2].value = amounts[row[0].value]

grid = book["Förmågor"]
for level, row in enumerate(grid.iter_rows(min_row=2), start=1):
    row[2].value = 1 + level % 5

book.save(sys.argv[2])
