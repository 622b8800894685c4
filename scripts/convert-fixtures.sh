#!/usr/bin/env bash
# Saves fixtures/formats/arbetsbok.xlsx with LibreOffice as .xls, .ods and
# .xlsx (fixtures/formats/libreoffice.*), so the tests read workbooks written
# by another program than collect. Needs LibreOffice (Debian: apt-get install
# libreoffice-calc-nogui). The files are committed; run this after
# `cargo run --example fixtures` changes arbetsbok.xlsx.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v soffice >/dev/null || { echo "soffice (LibreOffice) is not installed" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp fixtures/formats/arbetsbok.xlsx "$work/libreoffice.xlsx"
for format in xls ods; do
  soffice --headless -env:UserInstallation="file://$work/profile" \
    --convert-to "$format" --outdir "$work/out" "$work/libreoffice.xlsx" >/dev/null
done
# Re-save the xlsx itself through LibreOffice (formulas recalculated, its own styles).
soffice --headless -env:UserInstallation="file://$work/profile" \
  --convert-to xlsx:"Calc MS Excel 2007 XML" --outdir "$work/out" "$work/libreoffice.xlsx" >/dev/null
cp "$work"/out/libreoffice.{xls,ods,xlsx} fixtures/formats/
ls -l fixtures/formats/libreoffice.*
