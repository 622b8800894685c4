"""Fills the blank form in LibreOffice Calc, with the answers as a person
types them, and saves it in several formats.

Usage (Debian's /usr/bin/python3, which has LibreOffice's `uno` module):
  fill_libreoffice.py LOCALE PROFILE_DIR BLANK PLAN.json OUT:FILTER[:PASSWORD[:OPTIONS]]...

LOCALE is a LibreOffice locale such as sv-SE or en-US: it becomes the
profile's locale setting (number and date recognition, the documents'
default language), so "3,5" typed in sv-SE is the number 3.5. Each answer
is recognised by LibreOffice's number formatter in that locale (text
stays text) and put in its cell through the API. The profile
folder is created if needed and should be empty the first time.

FILTER is a LibreOffice export filter name, e.g. "Calc MS Excel 2007 XML",
"calc8", "MS Excel 97", "Text - txt - csv (StarCalc)" ("MS Excel 95" is
import only in LibreOffice 7.4). A PASSWORD saves the file encrypted (a
password is needed to open it); OPTIONS are the filter's options (for CSV:
separator, quote, character set, e.g. 59,34,1 for semicolon, double quote,
Windows-1252). BLANK may be the long CSV form (read as comma-separated
UTF-8); sheet "#0" in the plan means the first sheet.

Answers are not typed through the dispatcher (.uno:GoToCell,
.uno:EnterString): LibreOffice 7.4's nogui build (Debian
libreoffice-calc-nogui) aborts on a timer as soon as a document view has
been used, headless or under Xvfb. Set RW_DEBUG=1 to see soffice's output.
"""
import json
import os
import signal
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def url(path):
    return uno.systemPathToFileUrl(os.path.abspath(path))


locale, profile, blank, plan = sys.argv[1:5]
outputs = sys.argv[5:]
os.makedirs(os.path.join(profile, "user"), exist_ok=True)
xcu = os.path.join(profile, "user", "registrymodifications.xcu")
if not os.path.exists(xcu):
    with open(xcu, "w", encoding="utf-8") as f:
        f.write(f"""<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>{locale}</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>{locale}</value></prop></item>
<item oor:path="/org.openoffice.Office.Linguistic/General"><prop oor:name="DefaultLocale" oor:op="fuse"><value>{locale}</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
""")

pipe = f"collect_rw_{os.getpid()}"
env = dict(os.environ, LANG=locale.replace("-", "_") + ".UTF-8", LC_ALL=locale.replace("-", "_") + ".UTF-8")
office = subprocess.Popen(
    ["soffice", "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
     f"-env:UserInstallation={url(profile)}", f"--accept=pipe,name={pipe};urp;"],
    env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=None if os.environ.get("RW_DEBUG") else subprocess.DEVNULL)
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(120):
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:
            time.sleep(0.5)
    else:
        sys.exit("LibreOffice did not start")
    smgr = ctx.ServiceManager
    desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    load = [prop("Hidden", True)]
    if blank.endswith(".csv"):
        load += [prop("FilterName", "Text - txt - csv (StarCalc)"), prop("FilterOptions", "44,34,76,1")]
    doc = desktop.loadComponentFromURL(url(blank), "_blank", 0, tuple(load))

    def sheet(name):
        return doc.Sheets.getByIndex(0) if name == "#0" else doc.Sheets.getByName(name)

    # What a person types is recognised by LibreOffice's own number
    # formatter in the profile's locale (the same recogniser as typing into
    # a cell): "3,5" is 3.5 in sv-SE, "2026-10-15" is a date in any locale.
    # (Typing through the dispatcher would be closer still: see above.)
    from com.sun.star.lang import Locale
    from com.sun.star.util import NumberFormat
    lang, country = locale.split("-")
    loc = Locale(lang, country, "")
    formats = doc.getNumberFormats()
    formatter = smgr.createInstanceWithContext("com.sun.star.util.NumberFormatter", ctx)
    formatter.attachNumberFormatsSupplier(doc)
    general = formats.getStandardFormat(NumberFormat.NUMBER, loc)
    iso = formats.queryKey("YYYY-MM-DD", loc, False)
    if iso == -1:
        iso = formats.addNew("YYYY-MM-DD", loc)
    typed_key = "typed_sv" if locale.startswith("sv") else "typed_en"
    for e in json.load(open(plan, encoding="utf-8")):
        cell = sheet(e["sheet"]).getCellRangeByName(e["cell"])
        typed = e[typed_key]
        if e["kind"] == "text":
            cell.setString(typed)
            continue
        cell.setValue(formatter.convertStringToNumber(general, typed))
        if e["kind"] == "date" and formats.getByKey(cell.NumberFormat).Type & NumberFormat.DATE == 0:
            cell.NumberFormat = iso
    doc.calculateAll()
    # Check that every answer landed (a protected or unrecognised cell would not).
    for e in json.load(open(plan, encoding="utf-8")):
        cell = sheet(e["sheet"]).getCellRangeByName(e["cell"])
        got = cell.getString() if e["kind"] == "text" else cell.getValue()
        if e["kind"] == "text" and got != e["value"] or e["kind"] == "number" and got != e["value"] \
                or e["kind"] == "date" and got == 0:
            sys.exit(f"{e['sheet']}!{e['cell']}: typed {e[typed_key]!r}, cell holds {got!r}")
        if e["kind"] == "date" and formats.getByKey(cell.NumberFormat).Type & NumberFormat.DATE == 0:
            sys.exit(f"{e['sheet']}!{e['cell']}: not formatted as a date")
    for out in outputs:
        path, filt, *rest = out.split(":")
        password = [p for p in rest[:1] if p]
        args = [prop("FilterName", filt), prop("Overwrite", True)]
        if rest[1:]:
            args.append(prop("FilterOptions", rest[1]))
        if password:
            # .ods and .xls take the plain Password; the OOXML filter wants
            # OOXPassword and a CryptoType in EncryptionData (LibreOffice 7.4
            # writes Standard, ECMA-376 AES-128; its Agile export fails).
            if "Excel 2007" not in filt and "Office Open XML" not in filt:
                args.append(prop("Password", password[0]))
            else:
                data = []
                for name, value in (("OOXPassword", password[0]), ("CryptoType", "Standard")):
                    nv = uno.createUnoStruct("com.sun.star.beans.NamedValue")
                    nv.Name, nv.Value = name, value
                    data.append(nv)
                p = prop("EncryptionData", None)
                p.Value = uno.Any("[]com.sun.star.beans.NamedValue", tuple(data))
                args.append(p)
        uno.invoke(doc, "storeToURL", (url(path), tuple(args)))
        print(f"wrote {path} ({filt}{', encrypted' if password else ''})", file=sys.stderr)
    doc.close(True)
finally:
    try:
        desktop.terminate()
    except Exception:
        pass
    try:
        office.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(office.pid, signal.SIGKILL)  # the group of the soffice started above
