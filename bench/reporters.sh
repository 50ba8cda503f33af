#!/usr/bin/env bash
# Reporter figures: time and size of each output format for a large synthetic run (default
# 20,000 findings; env FINDINGS). Builds bench/reporters_bench.c against the module
# libraries into $BUILD/bench/. Prints figures only; the machine may be shared.
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
make -s "$BUILD/lib/libassay_reporters.a" "$BUILD/lib/libassay_analyzer.a" >/dev/null
mkdir -p "$BUILD/bench"
cc -std=gnu11 -O2 -g -I. -I/usr/include/libxml2 -D_GNU_SOURCE -o "$BUILD/bench/reporters_bench" \
  bench/reporters_bench.c "$BUILD/lib/libassay_reporters.a" "$BUILD/lib/libassay_analyzer.a" \
  -ljansson -lxml2
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores shared with other work)"
"$BUILD/bench/reporters_bench" "${FINDINGS:-20000}"
