"""Runs `collect validate --format json` over every file of
fixtures/real-writers and fixtures/foreign, one at a time, and prints what
it answered next to what the contract expects (from the file names; see the
two README.md files). Exit status 1 when any file differs.

Usage: python3 scripts/real-writers/check.py [COLLECT_BINARY]
"""
import json
import pathlib
import subprocess
import sys

root = pathlib.Path(__file__).resolve().parents[2]
collect = sys.argv[1] if len(sys.argv) > 1 else str(root / "target/debug/collect")


def expected(path):
    """(valid, codes that must appear) for a fixture."""
    if path.parent.name == "real-writers":
        if path.name == "sheetjs-excel95.xls":  # read, but SheetJS's BIFF5 loses å, ä, ö
            return False, ["sheet.missing"]
        return True, []
    kind = path.name.split("--")[0]
    if kind == "valid":
        return True, []
    if kind == "sheet.unknown":
        return True, ["sheet.unknown"]
    return False, [kind]


differ = 0
for folder in ("real-writers", "foreign"):
    for path in sorted((root / "fixtures" / folder).iterdir()):
        if path.name == "README.md":
            continue
        run = subprocess.run([collect, "validate", "--format", "json", str(path)],
                             capture_output=True, text=True)
        want_valid, want_codes = expected(path)
        try:
            result = json.loads(run.stdout)["files"][0]
        except (ValueError, KeyError, IndexError):
            print(f"DIFF {folder}/{path.name}: exit {run.returncode}, no JSON: {run.stderr.strip()[:200]}")
            differ += 1
            continue
        findings = [("E", f) for f in result["errors"]] + [("W", f) for f in result["warnings"]]
        codes = [f["code"] for _, f in findings]
        if want_valid:
            ok = result["valid"] and set(codes) == set(want_codes)
        else:
            ok = not result["valid"] and all(c in codes for c in want_codes) and "file.corrupt" not in codes
        # The contract: a known kind is named as what it is, never "binary data".
        ok = ok and not any(f["code"] == "file.wrong_content" and "binär data" in f["message"]
                            for _, f in findings)
        differ += not ok
        print(f"{'ok  ' if ok else 'DIFF'} {folder}/{path.name}: "
              f"{'valid' if result['valid'] else 'invalid'} (exit {run.returncode})"
              + "".join(f"\n       {k} {f['code']} @ {f['place']}: {f['message'][:160]}" for k, f in findings))
print(f"{differ} of the files differ from what the contract expects")
sys.exit(1 if differ else 0)
