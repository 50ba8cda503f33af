#!/usr/bin/env bash
# bench/review.sh — candidates the model reviews per minute (part of `make bench`).
#
# Runs bench/review_speed.c on synthetic SmolLM2-135M Q8_0 and Qwen2.5-0.5B Q4_K_M (random
# weights at the real shapes, synthesized once into $BUILD/bench-models/ as bench/model.sh
# does; never committed) with prompts shaped like the review's: a 600-token blueprint
# prefix, a 300-token suffix per candidate made from the corpus files' code, up to 60
# tokens decoded greedily under the verdict grammar. Three ways, in turn within each round:
# one at a time without prefix reuse, with the session's prefix cache, and batched
# (slm/batch.h: prefix once, $SLOTS candidates decoded together). Prints each round and
# the medians of $ROUNDS rounds with their spread and the ratios to the first way, by wall
# clock and by CPU time (the 2 cores are shared with other work: the CPU-time figures say
# what the threads would do on cores of their own). Figures only, no assertions.
# Environment: THREADS (2), CANDIDATES (16), ROUNDS (3), SLOTS (16), MODELS (both).
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
ASSAY=${ASSAY:-$PWD/$BUILD/assay}
THREADS=${THREADS:-2}
CANDIDATES=${CANDIDATES:-16}
ROUNDS=${ROUNDS:-3}
SLOTS=${SLOTS:-16}
MODELS=${MODELS:-smollm2-135m:q8_0 qwen2.5-0.5b:q4_k_m}
models=$BUILD/bench-models
mkdir -p "$models"

[ -x "$ASSAY" ] || { echo "bench/review.sh: $ASSAY not built (make $BUILD/assay)" >&2; exit 1; }
make -s BUILD="$BUILD" "$BUILD/bench/review_speed" >/dev/null || exit 1

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'),"\
     "load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
status=0
for m in $MODELS; do
  shape=${m%%:*} type=${m##*:}
  file=$models/$shape-$type.gguf
  if [ ! -s "$file" ]; then
    "$ASSAY" model synth "$shape" --type "$type" -o "$file" || { echo "synth $shape $type failed" >&2; status=1; continue; }
  fi
  echo
  echo "---- $shape $type"
  "$BUILD/bench/review_speed" "$file" corpus --threads "$THREADS" --candidates "$CANDIDATES" \
    --rounds "$ROUNDS" --slots "$SLOTS" || { echo "review_speed $shape $type failed" >&2; status=1; }
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
