#!/usr/bin/env bash
# Runs every test: the cmocka unit binaries in $BUILD/tests, then the end-to-end scripts
# in tests/e2e/ (each prints TAP-style "ok - ..." / "not ok - ..." lines). Prints one
# summary line, "check: N passed, N failed", and exits non-zero if anything failed.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export BUILD ASSAY="$PWD/$BUILD/assay"
passed=0 failed=0 failures=()
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

for bin in "$BUILD"/tests/test_*; do
  [ -x "$bin" ] || continue
  name=$(basename "$bin")
  "$bin" >"$log/$name.out" 2>&1; rc=$?
  p=$(grep -ahoE '\[  PASSED  \] [0-9]+ test' "$log/$name.out" | grep -oE '[0-9]+' | awk '{s+=$1} END{print s+0}')
  f=$(grep -ahoE '\[  FAILED  \] [0-9]+ test' "$log/$name.out" | grep -oE '[0-9]+' | awk '{s+=$1} END{print s+0}')
  p=${p:-0}; f=${f:-0}
  if [ $rc -ne 0 ] && [ "$f" = 0 ]; then f=1; fi   # crashed before cmocka could count
  passed=$((passed + p)); failed=$((failed + f))
  if [ $rc -ne 0 ]; then failures+=("$name"); echo "FAIL $name"; sed 's/^/    /' "$log/$name.out" | tail -40
  else echo "pass $name ($p)"; fi
done

for script in tests/e2e/*.sh; do
  [ -f "$script" ] || continue
  name=$(basename "$script" .sh)
  bash "$script" >"$log/$name.out" 2>&1; rc=$?
  p=$(grep -c '^ok ' "$log/$name.out"); f=$(grep -c '^not ok ' "$log/$name.out")
  if [ $rc -ne 0 ] && [ "$f" = 0 ]; then f=1; fi
  passed=$((passed + p)); failed=$((failed + f))
  if [ $rc -ne 0 ] || [ "$f" != 0 ]; then failures+=("$name"); echo "FAIL $name"; grep -v '^ok ' "$log/$name.out" | tail -40 | sed 's/^/    /'
  else echo "pass $name ($p)"; fi
done

[ ${#failures[@]} -eq 0 ] || echo "failed: ${failures[*]}"
echo "check: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ ${#failures[@]} -eq 0 ]
