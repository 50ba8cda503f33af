#!/usr/bin/env bash
# Runs every test: the cmocka unit binaries in $BUILD/tests, then the end-to-end scripts
# in tests/e2e/ (each prints TAP-style lines through tests/e2e/lib.sh). Prints one summary
# line, "check: N passed, N failed, N skipped", and exits non-zero if anything failed.
#
# A skipped test is one that needs a fixture this machine cannot have (a model or schema
# from the shared folder beside the clone, a validator, a CPU feature): it is counted as
# skipped, never as passed, and its reason is shown. Counted per program:
#   cmocka: "[  PASSED  ] N test(s)", "[  FAILED  ] N test(s)", "[  SKIPPED ] N test(s)";
#           reasons are the "SKIP: ..." lines the tests print (tests/unit/helpers/shared_files.h);
#   TAP:    "ok ... # SKIP reason" is skipped, other "ok" lines passed, "not ok" failed.
# A program that exits non-zero without a counted failure (a crash, a script that died)
# counts one failure; so does a script that printed no test line at all.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export BUILD ASSAY="$PWD/$BUILD/assay"
passed=0 failed=0 skipped=0 failures=()
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

# sum of the N in the lines of file $2 matching "$1 N test"
cmocka_count() { grep -ahoE "$1 [0-9]+ test" "$2" | grep -oE '[0-9]+' | awk '{s+=$1} END{print s+0}'; }

# report NAME RC PASSED FAILED SKIPPED OUT: adds to the totals and prints one line
report() {
  local name=$1 rc=$2 p=$3 f=$4 s=$5 out=$6
  if [ "$rc" -ne 0 ] && [ "$f" = 0 ]; then f=1; fi   # crashed or died before counting
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  local counts="$p"; [ "$s" = 0 ] || counts="$p passed, $s skipped"
  if [ "$rc" -ne 0 ] || [ "$f" != 0 ]; then
    failures+=("$name"); echo "FAIL $name (exit $rc)"
    grep -v '^ok ' "$out" | tail -40 | sed 's/^/    /'
  else
    echo "pass $name ($counts)"
    grep -ahE '^SKIP: |^ok .*# SKIP' "$out" | sort | uniq -c | sed -E 's/^ *1 //; s/^ *([0-9]+) /(x\1) /; s/^/    /'
  fi
}

for bin in "$BUILD"/tests/test_*; do
  [ -x "$bin" ] || continue
  name=$(basename "$bin")
  out="$log/$name.out"
  "$bin" >"$out" 2>&1; rc=$?
  report "$name" $rc "$(cmocka_count '\[  PASSED  \]' "$out")" "$(cmocka_count '\[  FAILED  \]' "$out")" \
         "$(cmocka_count '\[  SKIPPED \]' "$out")" "$out"
done

for script in tests/e2e/*.sh; do
  [ -f "$script" ] || continue
  name=$(basename "$script" .sh)
  [ "$name" = lib ] && continue   # sourced by the others
  out="$log/$name.out"
  bash "$script" >"$out" 2>&1; rc=$?
  s=$(grep -cE '^ok .*# SKIP' "$out"); p=$(( $(grep -c '^ok ' "$out") - s )); f=$(grep -c '^not ok ' "$out")
  if [ $((p + s + f)) = 0 ]; then echo "not ok - $name printed no test line" >>"$out"; f=1; fi
  report "$name" $rc $p $f $s "$out"
done

[ ${#failures[@]} -eq 0 ] || echo "failed: ${failures[*]}"
echo "check: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ ${#failures[@]} -eq 0 ]
