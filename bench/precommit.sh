#!/usr/bin/env bash
# precommit.sh — what a pre-commit hook costs: `assay --staged` on a commit that touches 5
# files of a real project, static analysis only (no model), warm (the files and rules are
# in the page cache after the first run). Prints the median wall time of several runs and
# the target (< 300 ms). Asserts nothing.
#
# The project is curl's lib/ from the real-code cache (make realcode fetches it:
# $REALCODE_CACHE, default ~/.cache/assay-realcode/src/curl-*); without it the benchmark
# prints SKIP. The folder is copied into a scratch git repository, committed, and five of
# its larger .c files get a line appended and staged, so assay lints five staged texts
# (each with its own compile flags guessed from the tree) and reports the added lines.
# ASSAY_BENCH_RUNS=N (default 7) sets the number of timed runs.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
ASSAY=${ASSAY:-$PWD/$BUILD/assay}
case $ASSAY in /*) ;; *) ASSAY=$PWD/$ASSAY ;; esac
RUNS=${ASSAY_BENCH_RUNS:-7}
cache=${REALCODE_CACHE:-$HOME/.cache/assay-realcode}
src=$(ls -d "$cache"/src/curl-*/ 2>/dev/null | head -1)
if [ -z "$src" ] || [ ! -d "$src/lib" ]; then
  echo "precommit: SKIP (no curl sources in $cache/src; make realcode fetches them)"
  exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/assay-bench-precommit.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export GIT_CONFIG_NOSYSTEM=1 HOME=$tmp GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com \
       GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
repo=$tmp/curl
mkdir -p "$repo"
cp -r "$src/lib" "$src/include" "$repo/"
cd "$repo"
git init -q . && git add -A && git commit -qm import
files=$(ls -S lib/*.c | head -5)
for f in $files; do printf '\nint assay_bench_added_%s(void) { return 0; }\n' "$(basename "$f" .c)" >> "$f"; done
git add $files
lines=$(cat $files | wc -l)
"$ASSAY" --staged --fail-on=none >/dev/null 2>"$tmp/warm.err" || { echo "precommit: assay --staged failed: $(head -c 300 "$tmp/warm.err")"; exit 1; } # warm-up
# median_of RUNS ARGS...: runs assay --staged ARGS RUNS times; prints "wall_ms cpu_ms" medians
median_of() {
  local runs=$1; shift
  local walls=() cpus=() TIMEFORMAT='%R %U %S' t
  for _ in $(seq "$runs"); do
    t=$( { time "$ASSAY" --staged -q --fail-on=none "$@" >/dev/null 2>&1; } 2>&1 )
    walls+=($(echo "$t" | awk '{printf "%d", $1 * 1000}'))
    cpus+=($(echo "$t" | awk '{printf "%d", ($2 + $3) * 1000}'))
  done
  echo "$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')" \
       "$(printf '%s\n' "${cpus[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')"
}
read -r wall cpu < <(median_of "$RUNS")
read -r ts_wall ts_cpu < <(median_of "$RUNS" --no-clang)
echo "precommit: assay --staged, 5 staged files of curl's lib/ ($lines lines: $(echo $files | sed 's|lib/||g')), static only, $RUNS warm runs"
echo "precommit: full static analysis (tree-sitter + libclang): median ${wall} ms wall, ${cpu} ms CPU (user+sys); target < 300 ms wall"
echo "precommit: tree-sitter rules only (--no-clang):           median ${ts_wall} ms wall, ${ts_cpu} ms CPU"
echo "precommit: load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs (wall time grows with it)"
