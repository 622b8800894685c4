#!/usr/bin/env bash
# Renders the report written from the shipped fixtures with LibreOffice, so a
# person can look at it: target/render/rapport.pdf, every page as PNG in
# target/render/pages/, and a PNG of the first page of each sheet in
# docs/images/rapport-<sheet>.png (used by docs/report.md), and of the page
# with Utveckling's chart in docs/images/rapport-utveckling-diagram.png. Installs
# LibreOffice, poppler-utils and the Carlito font where missing (Debian:
# apt-get install libreoffice-calc-nogui poppler-utils fonts-crosextra-carlito).
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/render
rm -rf "$out" && mkdir -p "$out"
. scripts/render-setup.sh "$out/profile"
cargo build --release --quiet
collect=target/release/collect
"$collect" --db "$out/collect.db" import --example fixtures/earlier-years fixtures/submissions >/dev/null
"$collect" --db "$out/collect.db" report -o "$out/rapport.xlsx"
to_pdf "$out/rapport.xlsx" "$out"
all_pages "$out/rapport.pdf" "$out/pages"
pages=$(pdftotext "$out/rapport.pdf" - | grep -c $'\f' || true)
seen=""
rm -f docs/images/rapport-*.png
for ((page = 1; page <= pages; page++)); do
  # Every page's footer names its sheet (&A); keep each sheet's first page.
  # A sheet's name may be several words ("Utveckling per kommun").
  sheet=$(pdftotext -f "$page" -l "$page" -layout "$out/rapport.pdf" - | grep -oE '^ *[[:alpha:]åäöÅÄÖ]+( [[:alpha:]åäöÅÄÖ]+)* +Sida [0-9]+ av [0-9]+' | sed -E 's/^ *//; s/ +Sida [0-9]+ av [0-9]+$//' | tail -1)
  [ -n "$sheet" ] || continue
  slug=$(echo "$sheet" | sed 's/[åäÅÄ]/a/g; s/[öÖ]/o/g; s/ /-/g' | tr '[:upper:]' '[:lower:]')
  case "|$seen|" in
    *"|$sheet|"*)
      # Utveckling's chart starts its second page: keep that page too.
      if [ "$sheet" = Utveckling ] && [ ! -e "docs/images/rapport-$slug-diagram.png" ]; then
        pdftoppm -f "$page" -l "$page" -r 80 -png -singlefile "$out/rapport.pdf" "docs/images/rapport-$slug-diagram"
      fi
      continue
      ;;
  esac
  seen="$seen|$sheet"
  pdftoppm -f "$page" -l "$page" -r 80 -png -singlefile "$out/rapport.pdf" "docs/images/rapport-$slug"
done
ls -l docs/images/rapport-*.png
echo "PDF: $out/rapport.pdf ($pages sidor), alla sidor: $out/pages/"
