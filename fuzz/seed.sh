#!/usr/bin/env bash
# Seeds the fuzz corpora from the fixtures (run from the repository root).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p fuzz/corpus/read_csv fuzz/corpus/read_workbook fuzz/corpus/parse_values
cp fixtures/submissions/*.csv fixtures/invalid/*.csv fixtures/formats/*.csv fixtures/formats/*.txt fuzz/corpus/read_csv/
cp fixtures/submissions/140[12]*.xlsx fixtures/formats/*.xlsx fixtures/formats/*.ods fixtures/formats/*.xls fuzz/corpus/read_workbook/
i=0
for value in "12 500 000 kr" "12,5 mkr" "1 234,5" "12.500.000" "2021-11-30" "ca 2 miljoner" "anna@lerum.se" "https://x.se/a" "3,5" "-5"; do
  printf '%s' "$value" > "fuzz/corpus/parse_values/seed-$i"; i=$((i + 1))
done
