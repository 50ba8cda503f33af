#!/usr/bin/env bash
# clang.sh — speed and memory of the libclang pass on a real C code base. Prints figures,
# asserts nothing.
#
# The code base is the one bench/static.sh uses ($ASSAY_BENCH_SRC, else the copy cached in
# build/bench-src/, else Debian's redis source fetched by bench/fetch-debian-source.sh);
# by default its src/ folder (redis: ~150k lines), or all of it with CLANG_BENCH_ALL=1.
# A compile_commands.json is generated for it (each .c file with -I for every folder of
# the tree that holds headers), as a build system would write one.
#
# Figures: the tree-sitter pass alone (--no-clang), the full static analysis without a
# database (default flags: unresolved includes are noted), and with -p; for each, wall
# time, lines/s and peak RSS, and the libclang pass's own lines/s per thread (full minus
# tree-sitter time). Then the whole static analysis with -p and -j 2, the configuration
# the "100,000 lines in under a minute" target is about.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
ASSAY=${ASSAY:-$PWD/$BUILD/assay}
[ -x "$ASSAY" ] || { echo "clang: $ASSAY not built (make)" >&2; exit 1; }

src=${ASSAY_BENCH_SRC:-}
if [ -z "$src" ]; then
  src=$(ls -d "$BUILD"/bench-src/redis-*/ 2>/dev/null | head -1)
  if [ -z "$src" ]; then
    echo "clang: fetching a real C code base (Debian source package 'redis') into $BUILD/bench-src/" >&2
    bash bench/fetch-debian-source.sh redis "$BUILD/bench-src" >&2 || {
      echo "clang: could not fetch it; set ASSAY_BENCH_SRC=/path/to/c/sources" >&2; exit 1; }
    src=$(ls -d "$BUILD"/bench-src/redis-*/ 2>/dev/null | head -1)
  fi
fi
src=$(cd "$src" && pwd)
target=$src
[ -d "$src/src" ] && [ "${CLANG_BENCH_ALL:-0}" != 1 ] && target=$src/src
out=$PWD/$BUILD/bench-clang
mkdir -p "$out"

# ---- compile_commands.json: every .c of the target, -I every header folder of the tree
python3 - "$src" "$target" >"$out/compile_commands.json" <<'PY'
import json, os, sys
root, target = sys.argv[1], sys.argv[2]
incs = sorted({d for d, _, fs in os.walk(root) if any(f.endswith(".h") for f in fs)})
entries = []
for d, _, fs in os.walk(target):
    for f in sorted(fs):
        if f.endswith(".c"):
            args = ["cc", "-c", "-std=gnu11", "-D_GNU_SOURCE"] + ["-I" + i for i in incs] + ["-o", "/dev/null", f]
            entries.append({"directory": d, "file": f, "arguments": args})
print(json.dumps(entries, indent=0))
PY
entries=$(grep -c '"file"' "$out/compile_commands.json")
echo "libclang pass on $target ($entries compile commands generated in $out)"

# one run: "wall_seconds lines peak_rss_kib notices"
measure() {
  local jobs=$1 log
  shift
  log=$(mktemp)
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -v "$ASSAY" --stats --no-git --fail-on=none -j "$jobs" "$@" "$target" >/dev/null 2>"$log"
  t1=$(date +%s.%N)
  local lines rss notes
  lines=$(grep '^assay: .* lines, ' "$log" | sed -E 's/.*\), ([0-9]+) lines,.*/\1/')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  notes=$(grep -c "includes\? not found\|not in the compilation database\|could not parse" "$log")
  rm -f "$log"
  echo "$(echo "$t1 - $t0" | bc) ${lines:-0} ${rss:-0} $notes"
}

show() { # label seconds lines rss notes jobs
  awk -v label="$1" -v s="$2" -v l="$3" -v r="$4" -v n="$5" -v j="$6" 'BEGIN {
    if (s <= 0) s = 1e-9;
    printf "  %-34s -j %d: %7d lines in %6.1f s = %6.0f lines/s (%6.0f per thread), peak RSS %6.1f MiB, %d files with a note\n",
           label, j, l, s, l / s, l / s / j, r / 1024, n }'
}

read -r ts_s ts_l ts_r ts_n <<<"$(measure 1 --no-clang)"
show "tree-sitter only (--no-clang)" "$ts_s" "$ts_l" "$ts_r" "$ts_n" 1
read -r nd_s nd_l nd_r nd_n <<<"$(measure 1)"
show "+ libclang, no database" "$nd_s" "$nd_l" "$nd_r" "$nd_n" 1
read -r db_s db_l db_r db_n <<<"$(measure 1 -p "$out")"
show "+ libclang, -p compile_commands" "$db_s" "$db_l" "$db_r" "$db_n" 1
awk -v l="$ts_l" -v a="$nd_s" -v b="$db_s" -v t="$ts_s" 'BEGIN {
  da = a - t; db = b - t; if (da <= 0) da = 1e-9; if (db <= 0) db = 1e-9;
  printf "  libclang pass alone: %.0f lines/s per thread without a database, %.0f with -p\n", l / da, l / db }'
read -r j2_s j2_l j2_r j2_n <<<"$(measure 2 -p "$out")"
show "whole static analysis, -p" "$j2_s" "$j2_l" "$j2_r" "$j2_n" 2
awk -v s="$j2_s" -v l="$j2_l" 'BEGIN { printf "  => %.1f s per 100,000 lines with -j 2 (target: under 60 s)\n", s * 100000 / (l > 0 ? l : 1) }'
