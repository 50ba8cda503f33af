#!/usr/bin/env bash
# `make eval`: assay on the Juliet development subset, next to cppcheck and flawfinder.
#
# Prints per CWE and overall: test cases, true positives (cases with a related finding in
# a bad function), false positives (cases with a related finding in a good function),
# false negatives, precision, recall and F1 for each tool (scoring: bench/juliet_score.py,
# which also prints the CWE mapping it uses). assay gets a generated compile_commands.json
# (-I testcasesupport), as a user with a build would give it.
#
# Environment:
#   JULIET=/work/shared/juliet-dev   the suite (testcases/, testcasesupport/)
#   JULIET_LIMIT=N                   at most N test cases per CWE (0 = all; default 0)
#   JULIET_CWES="401 415"            only these CWEs (default: all)
#   JULIET_TOOLS="assay cppcheck flawfinder"
#   JOBS=2
#   EVAL_OUT=$BUILD/eval                  where the outputs go
#   ASSAY_RULES=rules                     the rule pack assay is run with
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
ASSAY=${ASSAY:-$PWD/$BUILD/assay}
JULIET=${JULIET:-/work/shared/juliet-dev}
LIMIT=${JULIET_LIMIT:-0}
CWES=${JULIET_CWES:-}
TOOLS=${JULIET_TOOLS:-assay cppcheck flawfinder}
JOBS=${JOBS:-2}
out=${EVAL_OUT:-$PWD/$BUILD/eval}
RULES=${ASSAY_RULES:-$PWD/rules}
mkdir -p "$out"
[ -d "$JULIET/testcases" ] || { echo "juliet-eval: $JULIET/testcases not found" >&2; exit 2; }

# ---- tools: install what is missing (Debian packages, never vendored)
need=()
command -v python3 >/dev/null || need+=(python3)
command -v ctags >/dev/null || need+=(universal-ctags)
[[ " $TOOLS " == *" cppcheck "* ]] && ! command -v cppcheck >/dev/null && need+=(cppcheck)
[[ " $TOOLS " == *" flawfinder "* ]] && ! command -v flawfinder >/dev/null && need+=(flawfinder)
if ((${#need[@]})); then
  echo "juliet-eval: installing ${need[*]}" >&2
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; } \
    || { echo "juliet-eval: cannot install ${need[*]}" >&2; exit 2; }
fi

# ---- the selection: whole test cases (a..e files together), the first N per CWE by name
: >"$out/files.txt"
for dir in "$JULIET"/testcases/CWE*/; do
  cwe=$(basename "$dir" | sed -E 's/^CWE([0-9]+)_.*/\1/')
  if [ -n "$CWES" ] && [[ " $CWES " != *" $cwe "* ]]; then continue; fi
  ls "$dir" | grep -E '\.c$' | sed -E 's/([0-9]+)[a-e]?\.c$/\1/' | sort -u >"$out/cases.tmp"
  [ "$LIMIT" -gt 0 ] && head -n "$LIMIT" "$out/cases.tmp" >"$out/cases.sel" || cp "$out/cases.tmp" "$out/cases.sel"
  while read -r case; do
    for f in "$dir$case".c "$dir$case"[a-e].c; do [ -f "$f" ] && echo "${f%/}" ; done
  done <"$out/cases.sel" | sed 's#//#/#g' >>"$out/files.txt"
done
rm -f "$out/cases.tmp" "$out/cases.sel"
nfiles=$(wc -l <"$out/files.txt")
ncases=$(sed -E 's/[a-e]?\.c$//' "$out/files.txt" | sort -u | wc -l)
echo "juliet-eval: $ncases test cases in $nfiles files (JULIET_LIMIT=$LIMIT${CWES:+, CWEs $CWES})"

ctags --fields=+ne --c-kinds=f -L "$out/files.txt" -o "$out/tags" 2>/dev/null

# ---- compile_commands.json for assay (-p): each file with -I testcasesupport
python3 - "$out/files.txt" "$JULIET/testcasesupport" >"$out/compile_commands.json" <<'PY'
import json, os, sys
files = [l.strip() for l in open(sys.argv[1]) if l.strip()]
support = sys.argv[2]
print(json.dumps([{"directory": os.path.dirname(f), "file": f,
                   "arguments": ["cc", "-c", "-I", support, "-DINCLUDEMAIN", "-o", "/dev/null", f]}
                  for f in files], indent=0))
PY

tool_args=()
covered=""

# ---- assay, one CWE at a time for progress
if [[ " $TOOLS " == *" assay "* ]]; then
  [ -x "$ASSAY" ] || { echo "juliet-eval: $ASSAY not built (make)" >&2; exit 2; }
  : >"$out/assay.tsv"
  start=$(date +%s)
  groups=$(sed -E 's#.*/(CWE[0-9]+)_[^/]*/[^/]*$#\1#' "$out/files.txt" | sort -u)
  total=$(echo "$groups" | wc -l); i=0
  for g in $groups; do
    i=$((i + 1))
    grep "/${g}_" "$out/files.txt" >"$out/group.txt"
    t0=$(date +%s.%N)
    "$ASSAY" --rules "$RULES" --format json --fail-on=none --no-git -q -j "$JOBS" -p "$out" --min-certainty=low $(cat "$out/group.txt") \
      >"$out/assay-$g.json" 2>"$out/assay-$g.err"
    python3 - "$out/assay-$g.json" >>"$out/assay.tsv" <<'PY'
import json, sys
try:
    data = json.load(open(sys.argv[1]))
except Exception as e:
    sys.stderr.write("juliet-eval: cannot read assay output %s: %s\n" % (sys.argv[1], e)); sys.exit(0)
items = data if isinstance(data, list) else data.get("findings", data.get("results", []))
for c in items:
    line = c.get("line") or (c.get("range") or c.get("location") or {}).get("line")
    cwe = c.get("cwe") or 0
    print("%s\t%s\t%s\t%s\t%s" % (c.get("path"), line, cwe, c.get("rule", ""), c.get("certainty") or "medium"))
PY
    t1=$(date +%s.%N)
    printf '  [%2d/%d] %-8s %4d files %5d findings %6.1f s\n' "$i" "$total" "$g" "$(wc -l <"$out/group.txt")" \
      "$(grep -c "/${g}_" "$out/assay.tsv")" "$(echo "$t1 - $t0" | bc)"
  done
  echo "  assay: $(( $(date +%s) - start )) s in all"
  # the CWEs assay has rules for: primary and extra CWEs of every rule file
  covered=$(grep -hE '^(cwe|extra-cwes):' "$RULES"/*.yml | grep -oE '[0-9]+' | sort -un | paste -sd,)
  # one run with every candidate: "assay" is what users see by default (certainty medium and
  # high), "assay+low" adds the low-certainty candidates (--min-certainty=low)
  grep -v $'\tlow$' "$out/assay.tsv" >"$out/assay-default.tsv"
  tool_args+=(--tool "assay=$out/assay-default.tsv" --tool "assay+low=$out/assay.tsv")
fi

# ---- cppcheck --enable=warning: errors and warnings, with the CWE cppcheck gives each
if [[ " $TOOLS " == *" cppcheck "* ]]; then
  start=$(date +%s)
  cppcheck --enable=warning --quiet -j "$JOBS" -I "$JULIET/testcasesupport" --file-list="$out/files.txt" \
    --template='{file}\t{line}\t{severity}\t{cwe}\t{id}' 2>"$out/cppcheck.raw" >/dev/null
  awk -F'\t' '($3=="error"||$3=="warning") && $4!="" {print $1"\t"$2"\t"$4}' "$out/cppcheck.raw" >"$out/cppcheck.tsv"
  echo "  cppcheck $(cppcheck --version | grep -oE '[0-9.]+$'): $(( $(date +%s) - start )) s, $(wc -l <"$out/cppcheck.tsv") findings"
  tool_args+=(--tool "cppcheck=$out/cppcheck.tsv")
fi

# ---- flawfinder, level >= 2
if [[ " $TOOLS " == *" flawfinder "* ]]; then
  start=$(date +%s)
  xargs flawfinder --minlevel=2 --csv --quiet <"$out/files.txt" >"$out/flawfinder.csv" 2>/dev/null
  python3 - "$out/flawfinder.csv" >"$out/flawfinder.tsv" <<'PY'
import csv, re, sys
for row in csv.DictReader(open(sys.argv[1], errors="replace")):
    if row.get("File") == "File":
        continue
    cwes = ",".join(re.findall(r"CWE-(\d+)", row.get("CWEs", "")))
    print("%s\t%s\t%s" % (row["File"], row["Line"], cwes))
PY
  echo "  flawfinder $(flawfinder --version 2>/dev/null): $(( $(date +%s) - start )) s, $(wc -l <"$out/flawfinder.tsv") findings"
  tool_args+=(--tool "flawfinder=$out/flawfinder.tsv")
fi

echo
python3 bench/juliet_score.py --by-rule --tags "$out/tags" --files "$out/files.txt" --covered "$covered" "${tool_args[@]}"
