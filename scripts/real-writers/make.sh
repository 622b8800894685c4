#!/usr/bin/env bash
# Regenerates fixtures/real-writers/ (the Lerum form filled with valid answers
# and saved by real spreadsheet programs and libraries) and fixtures/foreign/
# (other kinds of file, encrypted workbooks and hostile-but-valid layouts).
# The files are committed, so the tests and CI need none of these programs;
# run this when the template or answers.json changes, then run
# `collect validate` over both folders (see fixtures/foreign/README.md).
#
# Tools (Debian 12; the versions the committed files were made with):
#   apt-get install libreoffice-calc-nogui libreoffice-writer-nogui python3-uno \
#     gnumeric libapache-poi-java default-jdk-headless
#     (LibreOffice 7.4, Gnumeric 1.12.55, Apache POI 4.0.1, Java 17)
#   scripts/real-writers/make.sh --install-tools
#     (a Python venv with openpyxl 3.1.5, pandas, xlwt, msoffcrypto-tool, lxml,
#     olefile, and npm packages xlsx (SheetJS 0.18.5) and exceljs, in
#     $RW_TOOLS, default /tmp/rw-tools: outside the repository)
# Usage: scripts/real-writers/make.sh [--install-tools]
set -euo pipefail
cd "$(dirname "$0")/../.."
here=scripts/real-writers
tools=${RW_TOOLS:-/tmp/rw-tools}

if [ "${1:-}" = --install-tools ]; then
  mkdir -p "$tools"
  python3 -m venv "$tools/venv"
  "$tools/venv/bin/pip" install -q openpyxl==3.1.5 pandas xlwt msoffcrypto-tool lxml olefile
  (cd "$tools" && { [ -f package.json ] || npm init -y >/dev/null; } && npm install --silent xlsx exceljs)
  echo "tools installed in $tools"
  exit 0
fi

for tool in soffice ssconvert java node /usr/bin/python3 "$tools/venv/bin/python"; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: see the top of $0" >&2; exit 2; }
done
/usr/bin/python3 -c "import uno" 2>/dev/null || { echo "python3-uno is missing" >&2; exit 2; }
[ -d "$tools/node_modules/xlsx" ] || { echo "run $0 --install-tools first" >&2; exit 2; }

py="$tools/venv/bin/python"
export NODE_PATH="$tools/node_modules"
poi_cp=$(ls /usr/share/java/{poi,poi-ooxml,poi-ooxml-schemas,commons-collections4,commons-math3,commons-compress,xmlbeans,commons-codec,commons-io,commons-logging}.jar | tr '\n' ':')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
lo_profile() { echo "$work/profile-$1"; }
soffice_convert() { # filter, file, outdir (a conversion without any document view)
  soffice --headless -env:UserInstallation="file://$(lo_profile convert)" --convert-to "$1" --outdir "$3" "$2" >/dev/null 2>&1
  }

cargo build --quiet
collect=target/debug/collect
pw=hemligt # the password of every encrypted file

# 1. The blank forms, and where each answer goes.
"$collect" template --respondent 1441 -o "$work/blank.xlsx" 2>/dev/null
"$collect" template --respondent 1441 --format csv -o "$work/blank.csv" 2>/dev/null
"$py" $here/plan.py "$work/blank.xlsx" $here/answers.json "$work/plan.json" "$work/blank.csv" "$work/plan-csv.json"

real="$work/real-writers"
foreign="$work/foreign"
mkdir -p "$real" "$foreign"

# 2. Real writers.
"$py" $here/fill_openpyxl.py "$work/blank.xlsx" "$work/plan.json" "$real/openpyxl.xlsx"
"$collect" validate "$real/openpyxl.xlsx" >/dev/null || { echo "answers.json does not give a valid form" >&2; exit 1; }
"$py" $here/fill_pandas.py "$work/blank.xlsx" "$work/plan.json" "$real/pandas.xlsx"
"$py" $here/fill_xlwt.py "$work/blank.xlsx" "$work/plan.json" "$real/xlwt.xls"
node $here/fill_sheetjs.js "$work/blank.xlsx" "$work/plan.json" \
  "$real/sheetjs.xlsx:xlsx" "$real/sheetjs.ods:ods" "$real/sheetjs.xls:biff8" "$real/sheetjs-excel95.xls:biff5" \
  "$foreign/file.wrong_content--excel2-worksheet-sheetjs.xls:biff2" \
  "$foreign/file.wrong_content--spreadsheetml-2003-xml-sheetjs.xls:xlml"
node $here/fill_exceljs.js "$work/blank.xlsx" "$work/plan.json" "$real/exceljs.xlsx"

for locale in sv-SE en-US; do
  lo="$real/libreoffice-$locale"
  /usr/bin/python3 $here/fill_libreoffice.py $locale "$(lo_profile $locale)" "$work/blank.xlsx" "$work/plan.json" \
    "$lo.xlsx:Calc MS Excel 2007 XML" "$lo.ods:calc8" "$lo.xls:MS Excel 97"
  # The long CSV form: Swedish CSV is semicolon-separated Windows-1252, English comma UTF-8.
  options=$([ $locale = sv-SE ] && echo 59,34,1 || echo 44,34,76)
  /usr/bin/python3 $here/fill_libreoffice.py $locale "$(lo_profile $locale)" "$work/blank.csv" "$work/plan-csv.json" \
    "$lo.csv:Text - txt - csv (StarCalc)::$options"
done
/usr/bin/python3 $here/fill_libreoffice.py sv-SE "$(lo_profile sv-SE)" "$work/blank.xlsx" "$work/plan.json" \
  "$foreign/file.encrypted--xlsx-standard-libreoffice.xlsx:Calc MS Excel 2007 XML:$pw" \
  "$foreign/file.encrypted--xls-rc4-libreoffice.xls:MS Excel 97:$pw" \
  "$foreign/file.encrypted--ods-aes256-libreoffice.ods:calc8:$pw"

# Gnumeric reads the openpyxl file and writes each of its formats.
for pair in xlsx:gnumeric.xlsx xlsx2:gnumeric-ecma376-2nd-edition.xlsx excel_biff8:gnumeric.xls \
            excel_biff7:gnumeric-excel95.xls excel_dsf:gnumeric-excel95-and-97.xls; do
  ssconvert -T "Gnumeric_Excel:${pair%%:*}" "$real/openpyxl.xlsx" "$real/${pair#*:}" 2>/dev/null
done
ssconvert -T Gnumeric_OpenCalc:odf "$real/openpyxl.xlsx" "$real/gnumeric.ods" 2>/dev/null

# The form's own checks, computed by LibreOffice and Gnumeric (fixtures/form-checks).
RW_PYTHON="$py" $here/form-checks.sh

# 3. Foreign files.
cp "$real/openpyxl.xlsx" "$real/libreoffice-sv-SE.xlsx" "$real/libreoffice-sv-SE.csv" "$work/"
"$py" $here/foreign.py "$work" "$foreign" "$work/plan.json"
# Encryption: POI (standard OOXML; .xls RC4 and CryptoAPI), msoffcrypto-tool
# (agile OOXML), xls_xor.py (.xls XOR obfuscation); with the password
# hemligt (file.encrypted) and with Excel's default password VelvetSweatshop
# (valid: it opens without a password).
java -cp "$poi_cp" $here/Encrypt.java standard "$real/openpyxl.xlsx" "$foreign/file.encrypted--xlsx-standard-poi.xlsx" $pw
java -cp "$poi_cp" $here/Encrypt.java rc4 "$real/xlwt.xls" "$foreign/file.encrypted--xls-rc4-poi.xls" $pw
java -cp "$poi_cp" $here/Encrypt.java cryptoapi "$real/xlwt.xls" "$foreign/file.encrypted--xls-cryptoapi-poi.xls" $pw
java -cp "$poi_cp" $here/Encrypt.java rc4 "$real/xlwt.xls" "$foreign/valid--xls-rc4-default-password-VelvetSweatshop.xls" VelvetSweatshop
java -cp "$poi_cp" $here/Encrypt.java cryptoapi "$real/xlwt.xls" "$foreign/valid--xls-cryptoapi-default-password-VelvetSweatshop.xls" VelvetSweatshop
"$py" $here/xls_xor.py "$real/xlwt.xls" "$foreign/valid--xls-xor-default-password-VelvetSweatshop.xls" VelvetSweatshop
java -cp "$poi_cp" $here/Encrypt.java standard "$real/openpyxl.xlsx" "$foreign/valid--xlsx-standard-default-password-VelvetSweatshop.xlsx" VelvetSweatshop
"$tools/venv/bin/msoffcrypto-tool" -e -p $pw "$real/openpyxl.xlsx" "$foreign/file.encrypted--xlsx-agile-msoffcrypto.xlsx"
"$tools/venv/bin/msoffcrypto-tool" -e -p VelvetSweatshop "$real/openpyxl.xlsx" "$foreign/valid--xlsx-agile-default-password-VelvetSweatshop.xlsx"
"$py" $here/xls_xor.py "$real/xlwt.xls" "$foreign/file.encrypted--xls-xor.xls" $pw
# Documents LibreOffice writes: PDF, HTML, Word.
mkdir -p "$work/lo"
cp "$real/openpyxl.xlsx" "$work/lo/svar-lerum.xlsx"
soffice_convert pdf "$work/lo/svar-lerum.xlsx" "$work/lo"
soffice_convert "html:HTML (StarCalc)" "$work/lo/svar-lerum.xlsx" "$work/lo"
printf '%s\n' "Hej!" "" "Här kommer Lerums svar på enkäten Lokalt nuläge digitalisering för 2026." "" \
  "Budget: 12 500 000 kr. Årsarbetare: 3,5." "" "Med vänlig hälsning" "Fiktiv Exempelsson" > "$work/lo/brev.txt"
soffice_convert "docx:MS Word 2007 XML" "$work/lo/brev.txt" "$work/lo"
soffice_convert "doc:MS Word 97" "$work/lo/brev.txt" "$work/lo"
cp "$work/lo/svar-lerum.pdf" "$foreign/file.unsupported_type--pdf.pdf"
cp "$work/lo/svar-lerum.pdf" "$foreign/file.wrong_content--pdf.xlsx"
cp "$work/lo/svar-lerum.html" "$foreign/file.wrong_content--html-libreoffice.xls"
cp "$work/lo/brev.docx" "$foreign/file.unsupported_type--word.docx"
cp "$work/lo/brev.docx" "$foreign/file.wrong_content--word-docx.xlsx"
cp "$work/lo/brev.doc" "$foreign/file.unsupported_type--word.doc"
cp "$work/lo/brev.doc" "$foreign/file.wrong_content--word-doc.xls"

# 4. Into the repository (README.md files stay).
for dir in real-writers foreign; do
  mkdir -p fixtures/$dir
  find fixtures/$dir -type f ! -name README.md -delete
  cp "$work/$dir"/* fixtures/$dir/
done
du -sh fixtures/real-writers fixtures/foreign
echo "Now compare with the contract: python3 $here/check.py"
