#!/usr/bin/env bash
# rules.sh — the tree-sitter pass alone (parser + every rule of rules/), on one thread, in
# CPU time: lines/s for parsing only and for the full scan. The code base is the same as
# bench/static.sh uses ($ASSAY_BENCH_SRC, or the cached Debian redis sources in
# $BUILD/bench-src/), else the corpus/ cases repeated; each figure is the best of
# $ASSAY_BENCH_RUNS runs (default 3). Builds bench/rules_bench.c with the rooms it uses
# (make $BUILD/bench/rules_bench). Prints figures only; the load average is printed first because the
# machine may be shared.
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
make -s BUILD="$BUILD" "$BUILD/bench/rules_bench" >/dev/null
src=${ASSAY_BENCH_SRC:-$(ls -d "$BUILD"/bench-src/redis-*/ 2>/dev/null | head -1)}
echo "rules: load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "$src" ] && [ -d "$src" ]; then
  echo "rules: code base $src"
  find "$src" -type f \( -name '*.c' -o -name '*.h' \) | sort | "$BUILD/bench/rules_bench" rules
else
  echo "rules: no code base found (run bench/static.sh once, or set ASSAY_BENCH_SRC); using corpus/ x20"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  for i in $(seq 20); do find corpus -name '*.c' | sed "s|^|$PWD/|"; done > "$tmp/list"
  "$BUILD/bench/rules_bench" rules < "$tmp/list"
fi
