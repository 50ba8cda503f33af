#!/usr/bin/env bash
# bench/grammar.sh — what grammar-constrained decoding costs per generated token, next to
# what the engine spends decoding that token (part of `make bench`).
#
# 1. `assay grammar bench`: time to fill the token mask and advance by the chosen token,
#    per token, while spelling realistic outputs (review verdicts with reasons and fixes;
#    JSON documents) with the 49,152-token SmolLM vocabulary and the same vocabulary
#    padded to Qwen2.5's 151,936 tokens. "cold" = the first output of a fresh matcher
#    (grammar positions precomputed on the way); "steady" = the outputs after it.
# 2. the engine's decode time per token (tg) for SmolLM2-135M and Qwen2.5-0.5B shapes
#    (Q8_0, random weights, cached in $BUILD/bench-models/ like bench/model.sh), or
#    llama.cpp's figures (109 and 38 tokens/s on 2 threads) when the engine is absent.
# 3. the ratio, against the target: mask + advance <= 5% of a decode step.
# 4. the property check at 10x the unit test's size (thousands of random-logit outputs,
#    each validated by an independent checker).
# Figures only, no assertions. The machine's cores may be shared: rerun when loaded.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
ASSAY=${ASSAY:-$PWD/$BUILD/assay}
DOCS=${DOCS:-200}
models=$BUILD/bench-models
mkdir -p "$models"
[ -x "$ASSAY" ] || { echo "bench/grammar.sh: $ASSAY not built (make $BUILD/assay)" >&2; exit 1; }

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
out=$("$ASSAY" grammar bench --docs "$DOCS") || { echo "bench/grammar.sh: assay grammar bench failed" >&2; exit 1; }
echo "$out" | grep -v '^BENCH '

# decode time per token of the engine, ms
declare -A decode_ms=([smollm2-135m]=$(awk 'BEGIN{printf "%.3f", 1000/109}') [qwen2.5-0.5b]=$(awk 'BEGIN{printf "%.3f", 1000/38}'))
source_note="llama.cpp figures (109 and 38 tokens/s)"
if "$ASSAY" model synth --help >/dev/null 2>&1 || "$ASSAY" model 2>&1 | grep -q synth; then
  source_note="assay model bench, Q8_0, tg16"
  for shape in smollm2-135m qwen2.5-0.5b; do
    file=$models/$shape-q8_0.gguf
    [ -s "$file" ] || "$ASSAY" model synth "$shape" --type q8_0 -o "$file" >/dev/null 2>&1 || { source_note="llama.cpp figures (synth failed)"; break; }
    tps=$("$ASSAY" model bench "$file" -p 8 -n 16 -r 1 2>/dev/null | awk -F'|' '/tg16/ {gsub(/ /,"",$8); split($8,a,"±"); print a[1]}')
    [ -n "$tps" ] && decode_ms[$shape]=$(awk -v t="$tps" 'BEGIN{printf "%.3f", 1000/t}')
  done
fi
echo
echo "decode step ($source_note): SmolLM2-135M ${decode_ms[smollm2-135m]} ms, Qwen2.5-0.5B ${decode_ms[qwen2.5-0.5b]} ms"
echo "share = steady mask+advance / decode step; also against llama.cpp's faster decode (9.17 ms, 26.3 ms)"
echo "| grammar | vocabulary | next to | steady mask+advance | share of our decode | share of llama.cpp's | target 5% | cold (first output) |"
echo "| --- | ---: | --- | ---: | ---: | ---: | --- | ---: |"
echo "$out" | grep '^BENCH ' | while read -r _ g v m p99 cold; do
  g=${g#grammar=}; v=${v#vocab=}; m=${m#steady_mean_us=}; cold=${cold#cold_us=}
  shape=smollm2-135m; [ "$v" -gt 100000 ] && shape=qwen2.5-0.5b
  d=${decode_ms[$shape]}
  ref=9.174; [ "$shape" = qwen2.5-0.5b ] && ref=26.316
  awk -v g="$g" -v v="$v" -v s="$shape" -v m="$m" -v d="$d" -v r="$ref" -v c="$cold" 'BEGIN{
    share = m / 1000 / d * 100; rshare = m / 1000 / r * 100; cshare = c / 1000 / r * 100;
    printf "| %s | %d | %s | %.1f us | %.2f%% | %.2f%% | %s | %.0f us/token (%.0f%% of llama.cpp decode) |\n", g, v, s, m, share, rshare, rshare <= 5 ? "met" : "MISSED", c, cshare }'
done

echo
echo "property check, 10x the unit test (random logits, every finished output validated):"
if [ -x "$BUILD/tests/test_grammar_property" ]; then
  GRAMMAR_PROPERTY_SCALE=10 "$BUILD/tests/test_grammar_property" 2>&1 | grep -E 'finished|PASSED|FAILED'
else
  echo "  ($BUILD/tests/test_grammar_property not built: make $BUILD/tests/test_grammar_property)"
fi
