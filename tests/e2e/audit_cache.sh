#!/usr/bin/env bash
# audit_cache.sh — the results cache of every lint run: a warm run prints the same bytes as
# a cold one (every format, both certainty levels, with and without libclang), reuses every
# file, --no-cache neither reads nor writes it, a garbage or foreign cache file is rebuilt
# with one note and never trusted, and two runs sharing one new cache at once both get the
# right report.
set -u
source "$(dirname "$0")/lib.sh"

cp -r corpus "$tmp/corpus"
cache="$tmp/c/results.db"
run() { ASSAY_CACHE=$cache "$ASSAY" -q --no-git --fail-on=none -j2 "$@" "$tmp/corpus"; }

for args in "--format=sarif" "--format=json --min-certainty=low" "--format=gcc" "--no-clang --format=json"; do
  rm -rf "$tmp/c"
  run $args >"$tmp/cold" 2>"$tmp/cold.err"
  run $args --stats >"$tmp/warm" 2>"$tmp/warm.err"
  check "warm cache prints what the cold run printed ($args)" cmp -s "$tmp/cold" "$tmp/warm"
  files=$(sed -n 's/.*results cache: \([0-9]*\) of \([0-9]*\) files.*/\1 \2/p' "$tmp/warm.err")
  set -- $files
  check "the warm run reused every file ($args): ${1:-?} of ${2:-?}" test -n "$files" -a "${1:-x}" = "${2:-y}"
  run $args --no-cache >"$tmp/none"
  check "--no-cache prints the same ($args)" cmp -s "$tmp/cold" "$tmp/none"
done

rm -rf "$tmp/c"
run --no-cache --format=json >/dev/null
check "--no-cache writes no cache file" test ! -e "$cache"

# a cache that is not one: garbage bytes, then another program's SQLite file
run --format=json >"$tmp/ref" 2>/dev/null
printf 'garbage \001\002 not a database, not at all; %.0s' $(seq 200) >"$cache"
rm -f "$cache-wal" "$cache-shm"
ASSAY_CACHE=$cache "$ASSAY" --no-git --fail-on=none -j2 --format=json "$tmp/corpus" >"$tmp/out" 2>"$tmp/err"
check "a garbage cache file gets one note" test "$(grep -c 'results cache .* was not a SQLite database; rebuilt it' "$tmp/err")" = 1
check "... and the report is right" cmp -s "$tmp/ref" "$tmp/out"
ASSAY_CACHE=$cache "$ASSAY" --no-git --fail-on=none -j2 --format=json "$tmp/corpus" >"$tmp/out" 2>"$tmp/err"
check "... rebuilt once: no note the next time" test "$(grep -c 'results cache' "$tmp/err")" = 0
if command -v sqlite3 >/dev/null; then
  rm -f "$cache" "$cache-wal" "$cache-shm"
  sqlite3 "$cache" "CREATE TABLE results(key BLOB PRIMARY KEY, value BLOB, used INTEGER); INSERT INTO results VALUES(x'00', x'01', 9999999999);"
  ASSAY_CACHE=$cache "$ASSAY" --no-git --fail-on=none -j2 --format=json "$tmp/corpus" >"$tmp/out" 2>"$tmp/err"
  check "another program's SQLite file gets one note" test "$(grep -c 'another application; rebuilt it' "$tmp/err")" = 1
  check "... and the report is right" cmp -s "$tmp/ref" "$tmp/out"
  # a damaged value inside a good cache is refused, not trusted
  sqlite3 "$cache" "UPDATE results SET value = substr(value, 1, length(value) - 9) || x'000000000000000000';"
  run --format=json >"$tmp/out" 2>/dev/null
  check "damaged values in a good cache are re-analysed" cmp -s "$tmp/ref" "$tmp/out"
else
  skip "another program's SQLite file gets one note" "sqlite3 command not installed"
fi

# two runs at once on one new cache
rm -f "$cache" "$cache-wal" "$cache-shm"
run --format=json >"$tmp/p1" 2>"$tmp/p1.err" & p1=$!
run --format=json >"$tmp/p2" 2>"$tmp/p2.err" & p2=$!
wait $p1; wait $p2
check "concurrent runs on one cache: both reports right" bash -c "cmp -s '$tmp/ref' '$tmp/p1' && cmp -s '$tmp/ref' '$tmp/p2'"
check "concurrent runs on one cache: no errors" test ! -s "$tmp/p1.err" -a ! -s "$tmp/p2.err"
