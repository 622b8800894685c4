#!/usr/bin/python3
"""Does LibreOffice open these files as spreadsheets? (issue 12, item 7)

Usage: /usr/bin/python3 scripts/lo-opens.py FILE... > lo.tsv

Needs LibreOffice with its Python UNO bridge (Debian: apt-get install
libreoffice-calc-nogui python3-uno) and the system python3. Starts one
headless soffice with a throw-away profile, loads each file hidden and
read-only, and prints one tab-separated line per file:

  path  verdict  filter  sheets  cells  detail

A handler answers LibreOffice's questions as a user would who has no
password and wants no repair (see Recorder); the questions, by the answers
they offered, and the answer given are listed in detail ("asked: ...").

verdict:
  opens          loaded by a spreadsheet import filter (not the text/CSV
                 fallback that LibreOffice uses for anything it cannot
                 recognise), without repair
  opens-repaired loaded only when asked to repair the package (RepairPackage)
  text-fallback  loaded only as text, or LibreOffice offered its text import
                 dialog (it did not recognise a spreadsheet)
  not-a-spreadsheet  loaded, but as another kind of document (Writer's
                 plain text or WordPerfect filters)
  fails          not loaded at all (detail: the exception)
  lo-crash       soffice died while loading, or took more than 120 s and
                 was killed, twice (it is restarted after each time)
filter is LibreOffice's import filter name, sheets the number of sheets,
cells the number of cells holding a value, date, text or formula (at most
10 000 counted a sheet).
"""
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time

import uno
import unohelper
from com.sun.star.beans import PropertyValue
from com.sun.star.task import XInteractionHandler


class Recorder(unohelper.Base, XInteractionHandler):
    """Answers LibreOffice's questions as a user would who has no password
    and does not want a repair: a password request is cancelled (Abort), a
    yes/no question (such as "the file is corrupt, repair it?") is answered
    no (Disapprove), a message with OK is confirmed (Approve). Remembers what
    was asked and answered."""

    def __init__(self):
        self.asked = []

    def handle(self, request):
        conts = request.getContinuations()
        kinds = [set(t.typeName.split(".")[-1] for t in c.getTypes()) for c in conts]

        def pick(name):
            for c, k in zip(conts, kinds):
                if name in k:
                    c.select()
                    return True
            return False

        offered = sorted(set(k.replace("XInteraction", "") for ks in kinds for k in ks
                             if k.startswith("XInteraction") and k != "XInteractionContinuation"))
        if any(k.startswith("XInteractionPassword") for ks in kinds for k in ks):
            answer = "Abort" if pick("XInteractionAbort") else "?"
        elif any("XInteractionDisapprove" in k for k in kinds):
            answer = "Disapprove" if pick("XInteractionDisapprove") else "?"
        elif pick("XInteractionApprove"):
            answer = "Approve"
        elif pick("XInteractionAbort"):
            answer = "Abort"
        else:
            answer = "?"
        self.asked.append("%s->%s" % ("/".join(offered), answer))


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def limit_memory():
    # 4 GB of address space for soffice: a hostile file makes it fail, not the machine.
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def kill(proc):
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass


def start():
    profile = tempfile.mkdtemp(prefix="lo-opens-")
    pipe = "lo_opens_%d" % os.getpid()
    proc = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--nologo", "--norestore",
         "-env:UserInstallation=file://" + profile,
         "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True, preexec_fn=limit_memory)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(120):
        try:
            ctx = resolver.resolve(
                "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except Exception:
            time.sleep(0.5)
    else:
        kill(proc)
        sys.exit("soffice did not start")
    desktop = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.frame.Desktop", ctx)
    return proc, desktop


def count_cells(doc):
    """Sheets, and cells holding a value, a date, text or a formula (at most
    10 000 counted a sheet)."""
    sheets = doc.Sheets
    total = 0
    for i in range(sheets.Count):
        # CellFlags VALUE | DATETIME | STRING | FORMULA
        cells = sheets.getByIndex(i).queryContentCells(1 | 2 | 4 | 16).getCells()
        found = cells.createEnumeration()
        n = 0
        while n < 10000 and found.hasMoreElements():
            found.nextElement()
            n += 1
        total += n
    return sheets.Count, total


def load(desktop, path, repair, handler):
    args = [prop("Hidden", True), prop("ReadOnly", True), prop("InteractionHandler", handler)]
    if repair:
        args.append(prop("RepairPackage", True))
    return desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(path)),
                                        "_blank", 0, tuple(args))


def check(desktop, path):
    verdict, flt, sheets, cells, detail = "fails", "", "", "", ""
    asked = []
    for repair in (False, True):
        handler = Recorder()
        try:
            doc = load(desktop, path, repair, handler)
            if doc is None:
                detail = "no document returned"
        except Exception as e:  # noqa: BLE001
            if "DisposedException" in type(e).__name__ or "Disposed" in str(e):
                raise
            detail = (type(e).__name__ + ": " + str(e)).replace("\t", " ").replace("\n", " ")[:200]
            doc = None
        asked += handler.asked
        if doc is None:
            continue
        try:
            flt = dict((a.Name, a.Value) for a in doc.getArgs()).get("FilterName", "")
            if not doc.supportsService("com.sun.star.sheet.SpreadsheetDocument"):
                verdict = "not-a-spreadsheet"
            elif "Text" in flt and "csv" in flt.lower() and not path.lower().endswith(".csv"):
                verdict = "text-fallback"
            else:
                sheets, cells = count_cells(doc)
                verdict = "opens-repaired" if repair else "opens"
            detail = ""
        finally:
            doc.close(True)
        break
    if verdict == "fails" and any("FilterOptions" in a for a in asked):
        verdict = "text-fallback"  # it offered its text import dialog
    if asked:
        detail = (detail + " asked: " + "; ".join(asked)).strip()
    return verdict, flt, sheets, cells, detail


def main():
    proc, desktop = start()
    try:
        for path in sys.argv[1:]:
            # A file during which soffice dies is tried once more in a fresh
            # soffice: a crash can come from the files before it.
            for attempt in (1, 2):
                timer = threading.Timer(120, kill, (proc,))
                timer.start()
                try:
                    row = check(desktop, path)
                    timer.cancel()
                    break
                except Exception as e:  # noqa: BLE001  (soffice died or was killed)
                    timer.cancel()
                    row = ("lo-crash", "", "", "", "twice: " + (type(e).__name__ + ": " + str(e))[:120])
                    kill(proc)
                    try:
                        proc.wait(timeout=30)
                    except Exception:  # noqa: BLE001
                        pass
                    proc, desktop = start()
            print("\t".join(str(x) for x in (path,) + tuple(row)), flush=True)
    finally:
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001
            pass
        try:
            proc.wait(timeout=30)
        except Exception:  # noqa: BLE001
            pass
        kill(proc)


if __name__ == "__main__":
    main()
