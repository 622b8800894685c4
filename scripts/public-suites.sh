#!/usr/bin/env bash
# Runs `collect validate` on every spreadsheet in public test suites of other
# spreadsheet readers and writers, and tallies the outcomes per suite
# (issue 12, item 7). Results and the table are in docs/reliability.md,
# section "Public spreadsheet test suites"; reproducers of the failures are in
# fixtures/public-suites/.
#
# Usage:
#   scripts/public-suites.sh [COLLECT_BINARY]        # default /tmp/collect-snapshot, else target/debug/collect
#   LO_CHECK=1 scripts/public-suites.sh target/debug/collect   # as measured, with LibreOffice
# A run of all suites takes about an hour on two shared cores (about 0.3 s
# a file with a debug build), the LibreOffice check 5 to 25 minutes more.
#
# Environment:
#   SUITES_DIR  where the suites are extracted and results written (default /tmp/suites)
#   MIRROR_DIR  where bare git copies of the repositories are looked for, as
#               <owner>+<name>/repo or <owner>+<name>/repo/.git (default /work/.mirror);
#               a repository not found there is cloned (git clone --bare --depth 1)
#               into $SUITES_DIR/git/
#   TIMEOUT     seconds per file (default 10)
#   MEM_KB      virtual memory limit per file, ulimit -v (default 2097152 = 2 GB)
#   SUITES      space-separated subset of the suite names below (default: all)
#   LO_CHECK    1: open the refused files in LibreOffice as well (see below)
#   SKIP_RUN    1: run nothing, only make the summary (and the LibreOffice
#               check) again from an earlier run's results.tsv
#
# Suites (name, repository, paths taken; only files ending .xlsx .xlsm .xls
# .ods .csv, in any letter case, are taken):
#   calamine          tafia/calamine                    tests/
#   rust_xlsxwriter   jmcnamara/rust_xlsxwriter         tests/input/
#   poi               apache/poi                        test-data/spreadsheet/
#   poi-other         apache/poi                        test-data/ except test-data/spreadsheet/
#   closedxml         ClosedXML/ClosedXML               the whole repository (all under ClosedXML.Tests/Resource/)
#   sheetjs           SheetJS/test_files                the whole repository, .xlsx .xlsm .xls .ods
#   sheetjs-csv       SheetJS/test_files                the whole repository, .csv (mostly the expected
#                                                       output of each sheet, not spreadsheets)
#   libreoffice       SheetJS/libreoffice_test-files    the whole repository (a 2014 mirror of
#                                                       LibreOffice's contrib/test-files)
#   frictionless      frictionlessdata/frictionless-py  data/
# LibreOffice's own core repository (sc/qa/unit/data) is not included: its
# snapshot (7 GB) is too large to fetch here.
#
# Files the git copy does not hold (snapshots may lack blobs of 4 MiB and more)
# are counted as "absent".
#
# Output, under $SUITES_DIR/results/:
#   results.tsv   one line per file: suite, path, bytes, exit code, outcome,
#                 first error code, all error codes, seconds, max RSS (KB),
#                 the "Teknisk orsak" of a file.corrupt (or the start of the
#                 message of another file.* error), a note if retried
#   NAME.files    the files of each suite; NAME.absent those not in the git copy
#   commits.tsv   suite, repository, commit
#   summary.md    the per-suite tables (Markdown)
# Outcomes: ok (exit 0 or 1 with a JSON report), inconsistent (a JSON report
# whose "valid" disagrees with the exit code), crash (exit 101 or "panicked"
# on standard error, or killed by a signal other than the timeout), timeout
# (also after one retry), oom (an allocation refused under the memory
# limit), other (any other exit).
#
# With LO_CHECK=1, every file whose first error is not one of sheet.missing,
# csv.*, file.empty, and every file with another outcome than ok, is then
# opened in LibreOffice by scripts/lo-opens.py (needs LibreOffice and its
# Python UNO bridge); lo.tsv holds the verdicts and summary.md lists them.
set -uo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-}
if [ -z "$bin" ]; then
  if [ -x /tmp/collect-snapshot ]; then bin=/tmp/collect-snapshot; else bin=$here/target/debug/collect; fi
fi
bin=$(readlink -f "$bin")
[ -x "$bin" ] || { echo "no collect binary at $bin" >&2; exit 2; }
SUITES_DIR=${SUITES_DIR:-/tmp/suites}
MIRROR_DIR=${MIRROR_DIR:-/work/.mirror}
TIMEOUT=${TIMEOUT:-10}
MEM_KB=${MEM_KB:-2097152}
for tool in git jq timeout /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
done

# name|owner/repo|path prefix ('' = whole repository)|excluded prefix|extensions
suite_table='calamine|tafia/calamine|tests/||xlsx xlsm xls ods csv
rust_xlsxwriter|jmcnamara/rust_xlsxwriter|tests/input/||xlsx xlsm xls ods csv
poi|apache/poi|test-data/spreadsheet/||xlsx xlsm xls ods csv
poi-other|apache/poi|test-data/|test-data/spreadsheet/|xlsx xlsm xls ods csv
closedxml|ClosedXML/ClosedXML|||xlsx xlsm xls ods csv
sheetjs|SheetJS/test_files|||xlsx xlsm xls ods
sheetjs-csv|SheetJS/test_files|||csv
libreoffice|SheetJS/libreoffice_test-files|||xlsx xlsm xls ods csv
frictionless|frictionlessdata/frictionless-py|data/||xlsx xlsm xls ods csv'
SUITES=${SUITES:-$(echo "$suite_table" | cut -d'|' -f1 | tr '\n' ' ')}

results=$SUITES_DIR/results
mkdir -p "$results" "$SUITES_DIR/git"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

gitdir_of() { # owner/repo -> a git directory holding it
  local repo=$1 m="$MIRROR_DIR/${1/\//+}/repo"
  if [ -d "$m/.git" ]; then echo "$m/.git"; return; fi
  if [ -d "$m/objects" ]; then echo "$m"; return; fi
  local c="$SUITES_DIR/git/${1/\//+}.git"
  if [ ! -d "$c" ]; then
    git clone --quiet --bare --depth 1 "https://github.com/$repo" "$c" >&2 || return 1
  fi
  echo "$c"
}

extract() { # name repo prefix exclude exts -> files under $SUITES_DIR/$name, list in $results/$name.files
  local name=$1 repo=$2 prefix=$3 exclude=$4 exts=$5 gd dest
  gd=$(gitdir_of "$repo") || { echo "cannot get $repo" >&2; return 1; }
  dest=$SUITES_DIR/$name
  printf '%s\t%s\t%s\n' "$name" "$repo" "$(git --git-dir="$gd" rev-parse HEAD)" >> "$results/commits.tsv"
  local re
  re="\\.($(echo "$exts" | tr ' ' '|'))\$"
  : > "$results/$name.files"
  : > "$results/$name.absent"
  git --git-dir="$gd" ls-tree -r -z HEAD -- ${prefix:+"$prefix"} |
    while IFS= read -r -d '' line; do
      local meta=${line%%$'\t'*} path=${line#*$'\t'}
      local type blob
      type=$(echo "$meta" | cut -d' ' -f2); blob=$(echo "$meta" | cut -d' ' -f3)
      [ "$type" = blob ] || continue
      echo "$path" | grep -qiE "$re" || continue
      if [ -n "$exclude" ] && [[ "$path" == "$exclude"* ]]; then continue; fi
      if git --git-dir="$gd" cat-file -e "$blob" 2>/dev/null; then
        mkdir -p "$dest/$(dirname "$path")"
        [ -f "$dest/$path" ] || git --git-dir="$gd" cat-file blob "$blob" > "$dest/$path"
        printf '%s\n' "$path" >> "$results/$name.files"
      else
        printf '%s\n' "$path" >> "$results/$name.absent"
      fi
    done
}

run_one() { # suite path -> one TSV line
  local line
  line=$(run_once "$1" "$2")
  # A timeout is retried once: on a shared machine a stall can hold up even
  # an empty file. The retry's result is kept, marked in the last column.
  if [ "$(echo "$line" | cut -f5)" = timeout ]; then
    line="$(run_once "$1" "$2")	retried after a timeout"
  fi
  echo "$line"
}

run_once() { # suite path -> one TSV line
  local suite=$1 rel=$2 f="$SUITES_DIR/$1/$2" rc out err tm rss secs outcome first codes reason size
  out=$scratch/out.json; err=$scratch/err.txt; tm=$scratch/time.txt
  size=$(stat -c %s "$f")
  # A copy under a plain name: some suite paths hold spaces, `~$` or `#`,
  # and every file is then named alike in the messages.
  local ext=${rel##*.}
  cp "$f" "$scratch/input.${ext,,}"
  (
    cd "$scratch" || exit 2
    ulimit -v "$MEM_KB"
    exec /usr/bin/time -f '%e %M' -o "$tm" timeout -k 2 "$TIMEOUT" "$bin" validate --format json "input.${ext,,}"
  ) > "$out" 2> "$err"
  rc=$?
  read -r secs rss < <(tail -1 "$tm" 2>/dev/null || echo "? ?")
  first=; codes=; reason=
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    outcome=timeout
  elif [ "$rc" = 101 ] || grep -q panicked "$err"; then
    outcome=crash
  elif grep -qiE 'memory allocation of [0-9]+ bytes failed|out of memory' "$err"; then
    outcome=oom
  elif [ "$rc" -gt 128 ]; then
    outcome=crash
  elif { [ "$rc" = 0 ] || [ "$rc" = 1 ]; } && jq -e .files "$out" >/dev/null 2>&1; then
    outcome=ok
    # Exit 0 exactly when the file is valid.
    if [ "$(jq -r '.files[0].valid' "$out")" != "$([ "$rc" = 0 ] && echo true || echo false)" ]; then
      outcome=inconsistent
    fi
    first=$(jq -r '.files[0].errors[0].code // "none"' "$out")
    codes=$(jq -r '[.files[0].errors[].code] | unique | join(",")' "$out")
    # The "Teknisk orsak" of a file.corrupt; the start of the message of
    # another file.* error.
    local message
    message=$(jq -r '[.files[0].errors[] | select(.code | startswith("file.")) | .message][0] // ""' "$out" | tr '\t\n' '  ')
    reason=$(echo "$message" | sed -n 's/.*(Teknisk orsak: \(.*\)\.)\s*$/\1/p')
    if [ -z "$reason" ] && [ "$first" = file.corrupt ]; then
      reason="(ingen teknisk orsak)"
    elif [ -z "$reason" ]; then
      reason=$(echo "$message" | cut -c1-120)
    fi
  else
    outcome=other
    reason=$(head -c 200 "$err" | tr '\t\n' '  ')
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$suite" "$rel" "$size" "$rc" "$outcome" "$first" "$codes" "$secs" "$rss" "$reason"
}

tsv=$results/results.tsv
if [ "${SKIP_RUN:-0}" != 1 ]; then
  : > "$results/commits.tsv"
  printf 'suite\tpath\tbytes\texit\toutcome\tfirst_code\tcodes\tseconds\tmax_rss_kb\treason\tnote\n' > "$tsv"
  for name in $SUITES; do
    line=$(echo "$suite_table" | grep "^$name|") || { echo "unknown suite $name" >&2; exit 2; }
    IFS='|' read -r _ repo prefix exclude exts <<< "$line"
    echo "== $name ($repo ${prefix:-whole repository})" >&2
    extract "$name" "$repo" "$prefix" "$exclude" "$exts" || continue
    n=0
    while IFS= read -r rel; do
      run_one "$name" "$rel" >> "$tsv"
      n=$((n + 1))
      [ $((n % 200)) = 0 ] && echo "   $n files" >&2
    done < "$results/$name.files"
    echo "   $n files, $(wc -l < "$results/$name.absent") absent from the git copy" >&2
  done
fi

# The table: per suite, files, absent, outcomes, and counts per first error code.
{
  echo "collect: $bin ($("$bin" --version 2>/dev/null | head -1), modified $(date -u -r "$bin" '+%Y-%m-%d %H:%M UTC')); summary made $(date -u +%Y-%m-%d); timeout ${TIMEOUT}s, ulimit -v ${MEM_KB} KB"
  echo
  echo "| suite | commit | files | absent | exit 0 | exit 1 | crash | timeout | oom | other | inconsistent | retried | max RSS MB | slowest s |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  for name in $SUITES; do
    commit=$(awk -F'\t' -v s="$name" '$1==s {print substr($3,1,10)}' "$results/commits.tsv" | tail -1)
    absent=$(wc -l < "$results/$name.absent" 2>/dev/null || echo 0)
    awk -F'\t' -v s="$name" -v c="$commit" -v a="$absent" '
      NR > 1 && $1 == s { n++; if ($4 == 0) e0++; else if ($4 == 1) e1++; o[$5]++;
        if ($11 != "") r++;
        if ($9 + 0 > rss) rss = $9 + 0; if ($8 + 0 > slow) slow = $8 + 0 }
      END { printf "| %s | %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %.0f | %.1f |\n",
        s, c, n, a, e0, e1, o["crash"], o["timeout"], o["oom"], o["other"], o["inconsistent"], r, rss / 1024, slow }' "$tsv"
  done
  echo
  echo "First error code per file (\`none\`: valid, warnings at most):"
  echo
  codes=$(awk -F'\t' 'NR > 1 && ($5 == "ok" || $5 == "inconsistent") {print $6}' "$tsv" | sort | uniq -c | sort -rn | awk '{print $2}')
  printf '| suite |'; for c in $codes; do printf ' %s |' "$c"; done; echo
  printf '|---|'; for _ in $codes; do printf -- '---|'; done; echo
  for name in $SUITES; do
    printf '| %s |' "$name"
    for c in $codes; do
      printf ' %s |' "$(awk -F'\t' -v s="$name" -v c="$c" 'NR > 1 && $1 == s && ($5 == "ok" || $5 == "inconsistent") && $6 == c {n++} END {print n + 0}' "$tsv")"
    done
    echo
  done
  echo
  echo "file.corrupt by technical cause (count, suite, cause):"
  echo
  awk -F'\t' 'NR > 1 && $6 == "file.corrupt" {print $1 ": " $10}' "$tsv" | sort | uniq -c | sort -rn |
    sed 's/^ *\([0-9]*\) /- \1 × /'
  echo
  echo "Files with another outcome than ok, or retried:"
  echo
  awk -F'\t' 'NR > 1 && ($5 != "ok" || $11 != "") {print "- " $1 "/" $2 ": exit " $4 ", " $5 ", " $8 " s " $11}' "$tsv"
} > "$results/summary.md"

if [ "${LO_CHECK:-0}" = 1 ]; then
  echo "== LibreOffice check" >&2
  awk -F'\t' 'NR > 1 && ($5 != "ok" || ($6 != "sheet.missing" && $6 != "file.empty" && $6 !~ /^csv\./ && $6 != "none")) {print $1 "/" $2}' "$tsv" |
    (cd "$SUITES_DIR" && tr '\n' '\0' | xargs -0 -r /usr/bin/python3 "$here/scripts/lo-opens.py") > "$results/lo.tsv"
  {
    echo
    echo "Opened in LibreOffice (every file whose answer is not sheet.missing, csv.*, file.empty or valid):"
    echo
    echo "| file | bytes | collect | technical cause | LibreOffice | filter | sheets | cells (at most 10 000 a sheet counted) | detail |"
    echo "|---|---|---|---|---|---|---|---|---|"
    awk -F'\t' 'NR == FNR { lo[$1] = $2 " | " $3 " | " $4 " | " $5 " | " $6; next }
      FNR > 1 && (($1 "/" $2) in lo) { print "| " $1 "/" $2 " | " $3 " | " ($6 == "" ? $5 : $6) " | " $10 " | " lo[$1 "/" $2] " |" }' \
      "$results/lo.tsv" "$tsv"
  } >> "$results/summary.md"
fi
cat "$results/summary.md"
