#!/usr/bin/env bash
# Reporter figures: time and size of each output format for a large synthetic run (default
# 20,000 findings; env FINDINGS). Builds bench/reporters_bench.c with the rooms it uses
# (make $BUILD/bench/reporters_bench). Prints figures only; the machine may be shared.
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
make -s BUILD="$BUILD" "$BUILD/bench/reporters_bench" >/dev/null
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores shared with other work)"
"$BUILD/bench/reporters_bench" "${FINDINGS:-20000}"
