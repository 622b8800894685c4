#!/usr/bin/env bash
# Renders a form and a feedback file with LibreOffice for the respondents'
# guide: docs/images/mall-<n>.png (the first page of the n:th sheet of a
# template for Lerum) and docs/images/aterkoppling-<n>.png (feedback on a
# file with an error) and docs/images/mall-kontroll.png (the Budget sheet
# of a form filled in LibreOffice with one broken rule),
# every page also in target/render-forms/pages/. Installs LibreOffice,
# poppler-utils and the Carlito font where missing (Debian: apt-get install
# libreoffice-calc-nogui poppler-utils fonts-crosextra-carlito).
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/render-forms
rm -rf "$out" && mkdir -p "$out"
. scripts/render-setup.sh "$out/profile"
cargo build --release --quiet
collect=target/release/collect
"$collect" template -o "$out/mall.xlsx" --respondent 1441 --year 2026 \
  --deadline 2026-12-15 --contact "digitalisering@vastkom.example" 2>/dev/null
"$collect" annotate fixtures/invalid/amount.not_a_number.xlsx -o "$out/aterkoppling.xlsx" 2>/dev/null || true

render() { # workbook, image prefix
  local book=$1 prefix=$2 name
  name=$(basename "$book" .xlsx)
  to_pdf "$book" "$out"
  local pdf="$out/$name.pdf" pages page sheet seen="" n=0
  all_pages "$pdf" "$out/pages"
  pages=$(pdftotext "$pdf" - | grep -c $'\f' || true)
  # The first page of each sheet, numbered in sheet order (the guide names
  # them); every page's footer names its sheet.
  for ((page = 1; page <= pages; page++)); do
    sheet=$(pdftotext -f "$page" -l "$page" -layout "$pdf" - | grep -oE '^ *[[:alpha:]åäöÅÄÖ]+ +Sida [0-9]+ av [0-9]+' | awk '{print $1}' | tail -1)
    [ -n "$sheet" ] || continue
    case " $seen " in *" $sheet "*) continue ;; esac
    seen="$seen $sheet"
    n=$((n + 1))
    pdftoppm -f "$page" -l "$page" -r 80 -png -singlefile "$pdf" "docs/images/$prefix-$n"
  done
}
rm -f docs/images/mall-*.png docs/images/aterkoppling-*.png
render "$out/mall.xlsx" mall
render "$out/aterkoppling.xlsx" aterkoppling

# The form checking itself: the Budget sheet of the Lerum form with varav
# amounts over the total, typed in LibreOffice (which calculates the
# Kontroll cells) and rendered: docs/images/mall-kontroll.png.
cat >"$out/plan-kontroll.json" <<'PLAN'
[
 {"sheet": "Budget", "cell": "C2", "kind": "number", "value": 10000000, "typed_sv": "10000000", "typed_en": "10000000"},
 {"sheet": "Budget", "cell": "C3", "kind": "number", "value": 6000000, "typed_sv": "6000000", "typed_en": "6000000"},
 {"sheet": "Budget", "cell": "C4", "kind": "number", "value": 3000000, "typed_sv": "3000000", "typed_en": "3000000"},
 {"sheet": "Budget", "cell": "C5", "kind": "number", "value": 1000000, "typed_sv": "1000000", "typed_en": "1000000"},
 {"sheet": "Budget", "cell": "C6", "kind": "number", "value": 2000000, "typed_sv": "2000000", "typed_en": "2000000"}
]
PLAN
/usr/bin/python3 scripts/real-writers/fill_libreoffice.py sv-SE "$out/profile-fill" "$out/mall.xlsx" \
  "$out/plan-kontroll.json" "$out/kontroll.xlsx:Calc MS Excel 2007 XML"
to_pdf "$out/kontroll.xlsx" "$out"
budget=$(for ((page = 1; ; page++)); do
  text=$(pdftotext -f "$page" -l "$page" -layout "$out/kontroll.pdf" - 2>/dev/null) || break
  grep -qE '^ *Budget +Sida [0-9]+ av' <<<"$text" && { echo "$page"; break; }
done)
# The top of the page, where the sheet's rows are, at a readable size.
pdftoppm -f "$budget" -l "$budget" -r 110 -x 60 -y 70 -W 1160 -H 360 -png -singlefile \
  "$out/kontroll.pdf" docs/images/mall-kontroll
ls -l docs/images/mall-*.png docs/images/aterkoppling-*.png
