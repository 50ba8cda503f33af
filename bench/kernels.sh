#!/usr/bin/env bash
# Kernel figures: memory bandwidth of this machine, matvec GB/s per weight type at real
# model shapes, batched GFLOP/s at 512 tokens. Builds bench/kernels_bench.c against the
# module libraries into $BUILD/bench/. Prints figures only. Env: THREADS (default 2),
# SECONDS_PER_FIGURE (default 0.3). The machine may be shared: read ratios, not absolutes.
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
make -s "$BUILD/lib/libassay_slm.a" >/dev/null
mkdir -p "$BUILD/bench"
cc -std=gnu11 -O2 -g -I. -D_GNU_SOURCE -pthread -o "$BUILD/bench/kernels_bench" \
  bench/kernels_bench.c "$BUILD/lib/libassay_slm.a" -lopenblas -lm
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores shared with other work)"
"$BUILD/bench/kernels_bench" "${THREADS:-2}" "${SECONDS_PER_FIGURE:-0.3}"
