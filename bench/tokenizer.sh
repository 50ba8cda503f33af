#!/usr/bin/env bash
# Tokenizer figures: load time, encode MB/s and tokens/s on assay's own C sources, latency
# of 2 KB snippets (median, p99), decode MB/s — for the SentencePiece (llama-spm) and
# byte-level BPE (gpt-2, starcoder, SmolLM built from its tokenizer.json) vocabularies.
# Builds bench/tokenizer_bench.c into $BUILD/bench/. Prints figures only; the machine may
# be shared, so the load average is printed first.
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
SHARED=${ASSAY_SHARED_DIR:-../shared}
make -s "$BUILD/lib/libassay_slm.a" "$BUILD/lib/libassay_core.a" >/dev/null
mkdir -p "$BUILD/bench"
cc -std=gnu11 -O2 -g -I. -D_GNU_SOURCE -o "$BUILD/bench/tokenizer_bench" \
  bench/tokenizer_bench.c "$BUILD/lib/libassay_slm.a" "$BUILD/lib/libassay_core.a" -lxxhash -lpcre2-8 -lm
# SmolLM's vocabulary exists only as tokenizer.json: convert it with the test helper
cat > "$BUILD/bench/smollm_vocab_main.c" <<'C'
#include <stdio.h>
#include "tests/unit/helpers/smollm_vocab.h"
int main(int argc, char **argv)
{
    char err[512], path[512];
    if (argc != 2) return 2;
    if (smollm_vocab_write_gguf(smollm_vocab_json_path(path, sizeof path), argv[1], err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    return 0;
}
C
cc -std=gnu11 -O2 -I. -D_GNU_SOURCE -o "$BUILD/bench/smollm_vocab" "$BUILD/bench/smollm_vocab_main.c" \
  tests/unit/helpers/smollm_vocab.c "$BUILD/lib/libassay_slm.a" "$BUILD/lib/libassay_core.a" -lxxhash -ljansson -lpcre2-8 -lm
vocabs=()
for v in llama-spm gpt-2 starcoder; do
  [ -f "$SHARED/vocab/ggml-vocab-$v.gguf" ] && vocabs+=("$SHARED/vocab/ggml-vocab-$v.gguf")
done
if ASSAY_SHARED_DIR="$SHARED" "$BUILD/bench/smollm_vocab" "$BUILD/bench/smollm-vocab.gguf"; then
  vocabs+=("$BUILD/bench/smollm-vocab.gguf")
fi
cat slm/*.c $(find analyzer -name "*.c" | sort) > "$BUILD/bench/tokenizer-input.c"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores shared with other work)"
"$BUILD/bench/tokenizer_bench" "$BUILD/bench/tokenizer-input.c" "${vocabs[@]}"
