#!/usr/bin/env bash
# Kernel figures: memory bandwidth of this machine, matvec GB/s per weight type at real
# model shapes, batched GFLOP/s at 512 tokens. Builds bench/kernels_bench.c against the
# module libraries into $BUILD/bench/. Prints figures only. Env: THREADS (default 2),
# SECONDS_PER_FIGURE (default 0.3). The machine may be shared: read ratios, not absolutes.
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
mkdir -p "$BUILD/bench"
make -s BUILD="$BUILD" "$BUILD/bench/kernels_bench" >/dev/null
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores shared with other work)"
"$BUILD/bench/kernels_bench" "${THREADS:-2}" "${SECONDS_PER_FIGURE:-0.3}"

# End to end by CPU time (see bench/forward_cputime.c), on the models bench/model.sh made.
models=$(ls "$BUILD"/bench-models/*.gguf 2>/dev/null || true)
if [ -n "$models" ]; then
  make -s BUILD="$BUILD" "$BUILD/bench/forward_cputime" >/dev/null
  echo
  echo "forward pass, timed by CPU time divided by the threads (not wall-clock: not comparable"
  echo "with llama-bench's figures; bench/model.sh runs llama.cpp side by side for that)"
  for m in $models; do
    for t in 1 "${THREADS:-2}"; do "$BUILD/bench/forward_cputime" "$m" "$t"; done
  done
else
  echo "(no models in $BUILD/bench-models: run bench/model.sh first for the end-to-end figures)"
fi
