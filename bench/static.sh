#!/usr/bin/env bash
# static.sh — throughput of the static pass on a real C code base: lines/s, files/s and
# peak RSS, single-threaded and with -j 2. Prints figures, asserts nothing.
#
# The code base (never committed) is, in order of preference:
#   1. $ASSAY_BENCH_SRC, any folder of C sources;
#   2. the copy cached in build/bench-src/ by an earlier run;
#   3. Debian's redis source package (redis + its bundled lua, hiredis, jemalloc:
#      ~560 files, ~256k lines), fetched with apt-get source into build/bench-src/ using a
#      private apt state folder (bench/fetch-debian-source.sh), so the system's apt
#      configuration is left alone.
# Two configurations: the tree-sitter pass alone (--no-clang), whose "lines/s per thread"
# is the figure to compare with the target (>= 200,000 lines/s per core), and the full
# static analysis (tree-sitter + libclang pass, default flags, no compilation database).
# assay --stats times the scan itself, not start-up and rule loading.
# ASSAY_BENCH_RUNS=N (default 3) repeats the tree-sitter runs; ASSAY_BENCH_QUICK=1 skips the
# (slow) full-analysis runs.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
ASSAY=${ASSAY:-$PWD/$BUILD/assay}
RUNS=${ASSAY_BENCH_RUNS:-3}

src=${ASSAY_BENCH_SRC:-}
if [ -z "$src" ]; then
  src=$(ls -d "$BUILD"/bench-src/redis-*/ 2>/dev/null | head -1)
  if [ -z "$src" ]; then
    echo "static: fetching a real C code base (Debian source package 'redis') into $BUILD/bench-src/" >&2
    bash bench/fetch-debian-source.sh redis "$BUILD/bench-src" >&2 || {
      echo "static: could not fetch it; set ASSAY_BENCH_SRC=/path/to/c/sources" >&2; exit 1; }
    src=$(ls -d "$BUILD"/bench-src/redis-*/ 2>/dev/null | head -1)
  fi
fi
[ -d "$src" ] || { echo "static: $src is not a folder" >&2; exit 1; }
files=$(find "$src" -type f \( -name '*.c' -o -name '*.h' \) | wc -l)
echo "static pass on $src ($files .c/.h files)"

# one run: prints "seconds lines files peak_rss_kib cpu_seconds" (scan time from --stats;
# RSS and user+system CPU time of the whole process from time -v: on a shared, loaded box
# lines per CPU second is the steadier figure)
measure() {
  local jobs=$1 log
  shift
  log=$(mktemp)
  /usr/bin/time -v "$ASSAY" -q --stats --no-git --fail-on=none -j "$jobs" "$@" "$src" >/dev/null 2>"$log"
  local stats rss cpu
  stats=$(grep '^assay: .* lines, ' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  cpu=$(awk -F': ' '/User time|System time/ {t += $2} END {print t}' "$log")
  rm -f "$log"
  [ -n "$stats" ] || { echo "static: no --stats line from assay" >&2; return 1; }
  local seconds lines read
  seconds=$(sed -E 's/.* in ([0-9.]+) s on .*/\1/' <<<"$stats")
  lines=$(sed -E 's/.*\), ([0-9]+) lines,.*/\1/' <<<"$stats")
  read=$(sed -E 's/.*\(([0-9]+) read\).*/\1/' <<<"$stats")
  echo "$seconds $lines $read $rss $cpu"
}

report() {  # $1: label, $2: runs, then extra assay options
  local label=$1 runs=$2 jobs best r seconds lines read rss cpu
  shift 2
  echo "$label"
  for jobs in 1 2; do
    best=""
    for _ in $(seq 1 "$runs"); do
      r=$(measure "$jobs" "$@") || exit 1
      if [ -z "$best" ] || awk -v a="${r%% *}" -v b="${best%% *}" 'BEGIN{exit !(a < b)}'; then best=$r; fi
    done
    read -r seconds lines read rss cpu <<<"$best"
    awk -v s="$seconds" -v l="$lines" -v f="$read" -v r="$rss" -v j="$jobs" -v c="$cpu" 'BEGIN {
      if (s <= 0) s = 1e-9;
      if (c <= 0) c = 1e-9;
      printf "  -j %d: %d files, %d lines in %.3f s = %.0f lines/s (%.0f lines/s per thread), %.0f files/s, %.0f lines per CPU second, peak RSS %.1f MiB\n",
             j, f, l, s, l / s, l / s / j, f / s, l / c, r / 1024 }'
  done
}

report "tree-sitter pass (--no-clang), best of $RUNS:" "$RUNS" --no-clang
[ -n "${ASSAY_BENCH_QUICK:-}" ] || report "full static analysis (tree-sitter + libclang, default flags), one run:" 1
