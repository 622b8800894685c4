# Sourced by the render scripts: makes sure LibreOffice, poppler-utils and
# the Carlito font (metrically the same as Calibri, the workbooks' font)
# are installed, and writes a LibreOffice profile in Swedish (sv-SE), so
# numbers show as a Swedish reader sees them: `12 500 000 kr`, `12,5 %`.
# Usage: . scripts/render-setup.sh PROFILE_DIR

need_install=""
for tool in soffice pdftoppm pdftotext; do
  command -v "$tool" >/dev/null || need_install=yes
done
fc-list 2>/dev/null | grep -qi carlito || need_install=yes
if [ -n "$need_install" ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    apt-get install -y -qq libreoffice-calc-nogui poppler-utils fonts-crosextra-carlito >/dev/null
  else
    echo "Install LibreOffice, poppler-utils and the Carlito font first (Debian: apt-get install libreoffice-calc-nogui poppler-utils fonts-crosextra-carlito)." >&2
    exit 2
  fi
fi

render_profile=$1
mkdir -p "$render_profile/user"
cat >"$render_profile/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>sv-SE</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>sv-SE</value></prop></item>
<item oor:path="/org.openoffice.Office.Linguistic/General"><prop oor:name="DefaultLocale" oor:op="fuse"><value>sv-SE</value></prop></item>
</oor:items>
XCU

# Converts a workbook to PDF beside it, with the Swedish profile.
to_pdf() { # workbook, folder
  soffice --headless -env:UserInstallation="file://$PWD/$render_profile" \
    --convert-to pdf --outdir "$2" "$1" >/dev/null 2>&1
}

# Writes every page of a PDF as PNG into a folder, to look at.
all_pages() { # pdf, folder
  mkdir -p "$2"
  pdftoppm -r 80 -png "$1" "$2/$(basename "$1" .pdf)"
}
