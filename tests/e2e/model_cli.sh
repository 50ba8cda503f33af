#!/usr/bin/env bash
# tests/e2e/model_cli.sh — `assay model info|run|bench|synth` as a user runs them: output a
# person reads, exit codes, and errors that name the file.
set -u
source "$(dirname "$0")/lib.sh"
STORIES=$SHARED/models/stories260K.gguf
if [ ! -f "$STORIES" ]; then
  skip "the $(grep -c '^check ' "$0") checks of model_cli.sh" "needs $STORIES (the shared folder)"; exit 0
fi
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }

out=$("$ASSAY" model info "$STORIES" 2>&1); rc=$?
check "info exits 0" '[ $rc = 0 ]'
check "info shows architecture and shape" 'grep -q "architecture:  llama" <<<"$out" && grep -q "dim 64, 5 layers, 8 heads (4 KV heads" <<<"$out"'
check "info shows vocab, types and memory (F16 KV by default)" 'grep -q "SentencePiece" <<<"$out" && grep -q "F32 ×48" <<<"$out" && grep -q "context 2048, KV F16): weights 1.1 MiB (mapped) + KV cache 1.2 MiB" <<<"$out"'
out=$("$ASSAY" model info "$STORIES" --ctx 256 --kv-type f32 2>&1)
check "info --ctx and --kv-type change the KV estimate" 'grep -q "context 256, KV F32" <<<"$out" && grep -q "KV cache 0.3 MiB" <<<"$out"'

# greedy continuation (checked token for token against the float64 reference in
# tests/unit/test_slm_forward_stories.c)
out=$("$ASSAY" model run "$STORIES" --prompt "Once upon a time" -n 24 --temp 0 2>/dev/null); rc=$?
check "run exits 0" '[ $rc = 0 ]'
check "run streams the greedy continuation" 'grep -q "^Once upon a time, there was a little girl named Lily. She loved to play outside" <<<"$out"'
a=$("$ASSAY" model run "$STORIES" --prompt "Tom had a dog" -n 30 --seed 7 --threads 1 2>/dev/null)
b=$("$ASSAY" model run "$STORIES" --prompt "Tom had a dog" -n 30 --seed 7 --threads 2 2>/dev/null)
check "sampling with a seed is reproducible" '[ -n "$a" ] && [ "$a" = "$b" ]'
err=$("$ASSAY" model run "$STORIES" --prompt "Once upon a time there was a cat" --ctx 4 2>&1 >/dev/null); rc=$?
check "a prompt longer than the context is refused" '[ $rc = 2 ] && grep -q "does not fit the context of 4" <<<"$err"'

err=$("$ASSAY" model info "$tmp/nope.gguf" 2>&1); rc=$?
check "missing file: exit 2 naming it" '[ $rc = 2 ] && grep -q "nope.gguf" <<<"$err"'
echo "not a model" >"$tmp/text.gguf"
err=$("$ASSAY" model run "$tmp/text.gguf" --prompt hi 2>&1); rc=$?
check "not a GGUF: exit 2 naming it" '[ $rc = 2 ] && grep -q "text.gguf" <<<"$err"'
err=$("$ASSAY" model run "$STORIES" 2>&1); rc=$?
check "run without --prompt is a usage error" '[ $rc = 2 ] && grep -q -- "--prompt" <<<"$err"'
err=$("$ASSAY" model run "$STORIES" --prompt x --temp hot 2>&1); rc=$?
check "a bad number is named" '[ $rc = 2 ] && grep -q -- "--temp: want a number in \[0, 100\], got .hot." <<<"$err"'
check "a usage error is one line and a Try line" '[ "$(wc -l <<<"$err")" = 2 ] && grep -q "^Try .assay model --help." <<<"$err"'

out=$("$ASSAY" model bench "$STORIES" -p 32 -n 8 -r 1 --threads 2 2>&1); rc=$?
check "bench prints pp and tg rows" '[ $rc = 0 ] && grep -q "| pp32 |" <<<"$out" && grep -q "| tg8 |" <<<"$out" && grep -q "GB/s" <<<"$out"'
out=$("$ASSAY" model bench "$STORIES" -p 16 -n 4 -r 1 --threads 2 -v 2>&1); rc=$?
check "bench -v: where a generated token's time goes, per step and in the pool" '[ $rc = 0 ] && grep -q "tg4 per step (ms/token, runs/token): embed " <<<"$out" && grep -q "gate_up " <<<"$out" && grep -q "dispatches/token" <<<"$out"'
out=$("$ASSAY" model --threads=2 bench -p16 -n4 -r1 "$STORIES" 2>&1); rc=$?
check "bench: options before the subcommand, bundled values, --opt=value" '[ $rc = 0 ] && grep -q "| 2 | pp16 |" <<<"$out" && grep -q "| 2 | tg4 |" <<<"$out"'
out=$("$ASSAY" model info -- "$STORIES" -c64 2>&1); rc=$?
check "after --, an option-like word is an argument" '[ $rc = 2 ] && grep -q "unexpected argument .-c64." <<<"$out"'

err=$("$ASSAY" model synth gpt-9 --type q8_0 -o "$tmp/x.gguf" 2>&1); rc=$?
check "synth: unknown shape lists the known ones" '[ $rc = 2 ] && grep -q "qwen2.5-0.5b" <<<"$err"'
err=$("$ASSAY" model synth smollm2-135m --type q3_k -o "$tmp/x.gguf" 2>&1); rc=$?
check "synth: unknown type refused" '[ $rc = 2 ] && grep -q "q3_k" <<<"$err"'
"$ASSAY" model synth smollm2-135m --type q4_0 -o "$tmp/smol.gguf" 2>/dev/null; rc=$?
out=$("$ASSAY" model info "$tmp/smol.gguf" 2>&1)
check "synth smollm2-135m writes the real shape" '[ $rc = 0 ] && grep -q "dim 576, 30 layers, 9 heads (3 KV heads, head size 64), FFN 1536, vocab 49152" <<<"$out" && grep -q "tied" <<<"$out"'
out=$("$ASSAY" model run "$tmp/smol.gguf" --prompt "int main" -n 4 --temp 0 2>&1); rc=$?
check "a synthesized model runs" '[ $rc = 0 ] && grep -q "generated 4 tokens" <<<"$out"'
err=$("$ASSAY" model run "$STORIES" --prompt hi --chat 2>&1); rc=$?
check "--chat on a model without a template says so" '[ $rc = 2 ] && grep -q "has no chat template" <<<"$err"'
out=$("$ASSAY" model run "$STORIES" --prompt "Once upon a time" --chat --chat-template zephyr -n 2 --temp 0 2>&1); rc=$?
check "--chat-template names the family" '[ $rc = 0 ] && grep -q "generated 2 tokens" <<<"$out"'
out=$("$ASSAY" model bench "$STORIES" -p 16 -n 4 -d 64 -r 1 --kv-type f16 2>&1); rc=$?
check "bench -d measures at a depth, with an F16 cache" '[ $rc = 0 ] && grep -q "| pp16 @ d64 |" <<<"$out" && grep -q "KV cache: F16" <<<"$out"'
