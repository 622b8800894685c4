#!/usr/bin/env bash
# Renders a form and a feedback file with LibreOffice for the respondents'
# guide: docs/images/mall-<sheet>.png (a template for Lerum) and
# docs/images/aterkoppling-<sheet>.png (feedback on a file with an error).
# Needs LibreOffice and poppler-utils (Debian: apt-get install
# libreoffice-calc-nogui poppler-utils).
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in soffice pdftoppm pdftotext; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 2; }
done
out=target/render-forms
rm -rf "$out" && mkdir -p "$out"
cargo build --release --quiet
collect=target/release/collect
"$collect" template -o "$out/mall.xlsx" --respondent 1441 --year 2026 \
  --deadline 2026-12-15 --contact "digitalisering@vastkom.example" 2>/dev/null
"$collect" annotate fixtures/invalid/amount.not_a_number.xlsx -o "$out/aterkoppling.xlsx" 2>/dev/null || true

render() { # workbook, image prefix
  local book=$1 prefix=$2 name
  name=$(basename "$book" .xlsx)
  soffice --headless -env:UserInstallation="file://$PWD/$out/profile" \
    --convert-to pdf --outdir "$out" "$book" >/dev/null 2>&1
  local pdf="$out/$name.pdf" pages page
  pages=$(pdftotext "$pdf" - | grep -c $'\f' || true)
  # One page per sheet, in sheet order (the guide names them).
  for ((page = 1; page <= pages; page++)); do
    pdftoppm -f "$page" -l "$page" -r 80 -png -singlefile "$pdf" "docs/images/$prefix-$page"
  done
}
rm -f docs/images/mall-*.png docs/images/aterkoppling-*.png
render "$out/mall.xlsx" mall
render "$out/aterkoppling.xlsx" aterkoppling
ls -l docs/images/mall-*.png docs/images/aterkoppling-*.png
