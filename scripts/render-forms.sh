#!/usr/bin/env bash
# Renders a form and a feedback file with LibreOffice for the respondents'
# guide: docs/images/mall-<n>.png (the first page of the n:th sheet of a
# template for Lerum) and docs/images/aterkoppling-<n>.png (feedback on a
# file with an error),
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
ls -l docs/images/mall-*.png docs/images/aterkoppling-*.png
