#!/usr/bin/env bash
# Regenerates fixtures/form-checks/: the Lerum form filled in LibreOffice
# (sv-SE and en-US) with answers that break the rules the form checks itself
# (answers-errors.json, answers-warnings.json) and with valid answers
# (answers.json). LibreOffice calculates the Kontroll cells while filling
# (fill_libreoffice.py calls calculateAll) and saves the computed values;
# Gnumeric then recalculates each file (`ssconvert --recalc`) as a second
# spreadsheet engine. tests/cli/form_checks.rs reads the computed Kontroll
# cells and compares them with `collect validate`, so CI needs neither
# program. Called by make.sh; runs alone too (needs soffice, python3-uno,
# ssconvert and openpyxl: see the top of make.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
here=scripts/real-writers
py=${RW_PYTHON:-python3} # a Python with openpyxl, for plan.py
out=fixtures/form-checks
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --quiet
collect=target/debug/collect
"$collect" template --respondent 1441 -o "$work/blank.xlsx" 2>/dev/null

mkdir -p "$out"
find "$out" -type f ! -name README.md -delete
for answers in errors warnings valid; do
  json=$here/answers-$answers.json
  [ $answers = valid ] && json=$here/answers.json
  "$py" $here/plan.py "$work/blank.xlsx" "$json" "$work/plan-$answers.json"
  for locale in sv-SE en-US; do
    file="$out/libreoffice-$locale-$answers.xlsx"
    /usr/bin/python3 $here/fill_libreoffice.py $locale "$work/profile-$locale" "$work/blank.xlsx" \
      "$work/plan-$answers.json" "$file:Calc MS Excel 2007 XML"
  done
  # Gnumeric recalculates LibreOffice's file and writes its own.
  ssconvert --recalc -T Gnumeric_Excel:xlsx2 "$out/libreoffice-sv-SE-$answers.xlsx" \
    "$out/gnumeric-$answers.xlsx" 2>/dev/null
done
ls -l "$out"
