#!/usr/bin/env bash
# seeds.sh BUILD — writes the seed inputs of every fuzz harness into BUILD/fuzz-seeds/<name>/
# (tests/fuzz/run.sh calls it; run from anywhere). Seeds are taken from the repository's
# own inputs, never committed as copies:
#   gguf       tiny models written by BUILD/fuzz/gguf_seeds (slm/synth.h; one realigned to
#              general.alignment = 1) and a vocabulary-only file
#   tokenizer  small SentencePiece and byte-level BPE vocabularies in the harness's line
#              format (see fuzz_tokenizer.c), written below
#   gbnf       grammar/grammars/*.gbnf and the verdict grammar (`assay grammar verdict`)
#   schema     grammar/schemas/*.json and a few schemas written below
#   matcher    verdict answers (valid, truncated, wrong), in text and in token mode
#   rule_yaml  rules/*.yml
#   query      the query: block of each rules/*.yml, unindented
#   baseline   baselines that `assay baseline write --no-clang` writes for corpus/ folders
#   compdb     compile_commands.json shapes (command, arguments, relative paths, -include)
#   scanner    corpus/*/{positive,negative}/*.c
#   lint       corpus/*/positive/*.c
# Dictionaries (tests/fuzz/<name>.dict) are passed by run.sh, not seeded here.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:?usage: seeds.sh BUILD}
out=$BUILD/fuzz-seeds
rm -rf "$out"
mkdir -p "$out"/{gguf,tokenizer,gbnf,schema,matcher,rule_yaml,query,baseline,compdb,scanner,lint}

# ---- slm -------------------------------------------------------------------------------
"$BUILD"/fuzz/gguf_seeds "$out/gguf"

t=$out/tokenizer
printf '\x20\n1|<unk>\n3|<s>\n3|</s>\n\xe2\x96\x81\n\xe2\x96\x81int\nmain\n(\n)\n6|<0x0A>\n6|<0x41>\n\n\nint main()\n' >"$t/spm"
printf '\xe0\x01\x02\x00\n3|<s>\n3|</s>\n4|<|im_end|>\na\nb\nab\n\xe2\x96\x81a\n\nint a<|im_end|>b\xff\n' >"$t/spm-special"
printf '\x01\nh\ne\nl\no\nhe\nll\nhell\nhello\n\xc4\xa0\n\xc4\xa0w\n3|<|endoftext|>\n\nh e\nl l\nhe ll\nhell o\n\nhello world<|endoftext|>\n' >"$t/bpe-gpt2"
printf '\x43\na\nb\nc\n1\n2\n\xc4\xa0\nab\n3|<|im_start|>\n3|<|im_end|>\n\na b\n\n<|im_start|>abc 12345 \xc3\xa9\n' >"$t/bpe-smollm"
printf '\x47\nx\ny\nxy\n\n x y\n\nx  y\txy\r\n' >"$t/bpe-qwen"

# ---- grammar ---------------------------------------------------------------------------
cp grammar/grammars/*.gbnf "$out/gbnf/"
"$BUILD"/assay grammar verdict >"$out/gbnf/verdict.gbnf"
"$BUILD"/assay grammar verdict --identifiers buf,len --template 'n = 0;' >"$out/gbnf/verdict-fix.gbnf"
printf 'root ::= ("a" | [b-d]+ | x){2,5} "!"?\nx ::= [^\\n"] x?\n' >"$out/gbnf/repeat"
printf 'root ::= <[3]> "x" [\\u00e9-\\U0001F600] "\\x41"*\n' >"$out/gbnf/escapes"

s=$out/schema
cp grammar/schemas/*.json "$s/"
printf '{"type":"object","properties":{"a":{"type":"integer","minimum":-5,"maximum":120},"b":{"type":"string","maxLength":3}},"required":["a"]}' >"$s/object"
printf '{"type":"array","items":{"enum":["x",1,null,true]},"minItems":1,"maxItems":3}' >"$s/array"
printf '{"$defs":{"n":{"anyOf":[{"type":"null"},{"type":"object","properties":{"next":{"$ref":"#/$defs/n"}}}]}},"$ref":"#/$defs/n"}' >"$s/recursive"
printf '{"type":["number","boolean"],"exclusiveMinimum":0,"exclusiveMaximum":10}' >"$s/number"
printf '{"oneOf":[{"const":"a"},{"type":"string","minLength":2}]}' >"$s/oneof"

m=$out/matcher
answer='{"verdict": "true_positive", "confidence": 97, "reason": "buf is 16 bytes", "fix": {"start_line": 3, "end_line": 3, "replacement": "n = 0;"}}'
printf '\x00%s' "$answer" >"$m/text"
printf '\x01%s' "$answer" >"$m/text-fix"
printf '\x00{"verdict":"false_positive","confidence":0,"reason":"","fix":null}' >"$m/text-null"
printf '\x00{"verdict": "maybe"' >"$m/text-wrong"
printf '\x02{"verdict": "uncertain", "confidence": 5, "reason": "x", "fix": null}' >"$m/tokens"
printf '\x03\xf0\xf1\xf4\xf6\xf7\xf8' >"$m/tokens-pieces"

# ---- analyzer --------------------------------------------------------------------------
cp rules/*.yml "$out/rule_yaml/"
for f in rules/*.yml; do
  awk '/^query: \|/ {on=1; next} on && /^[^ ]/ {on=0} on {sub(/^  /, ""); print}' "$f" \
    >"$out/query/$(basename "$f" .yml)"
  [ -s "$out/query/$(basename "$f" .yml)" ] || rm -f "$out/query/$(basename "$f" .yml)"
done

for d in corpus/*/; do
  name=$(basename "$d")
  "$BUILD"/assay baseline write "$out/baseline/$name.json" --no-clang -q "$d" >/dev/null 2>&1 || true
done
grep -l "\"entries\": \[\]" "$out"/baseline/*.json | xargs -r rm -f   # empty ones: one is written below
printf '{"version": 1, "tool": "assay", "tool_version": "0.1.0", "entries": []}\n' >"$out/baseline/empty.json"

c=$out/compdb
printf '[{"directory": "/src", "file": "a.c", "command": "cc -c -Iinc -DX=1 -o a.o a.c"}]' >"$c/command"
printf '[{"directory": "/src", "file": "/src/a.c", "arguments": ["gcc", "-std=c99", "-I", "../inc", "-MD", "-MF", "a.d", "-c", "a.c"]}]' >"$c/arguments"
printf '[{"directory": ".", "file": "b.c", "command": "clang -include cfg.h -isystem sys \\"-DS=\\\\\\"x y\\\\\\"\\" b.c"},\n {"directory": "/elsewhere", "file": "b.c", "arguments": ["cc", "--", "b.c"], "output": "b.o"}]' >"$c/two"
printf '[]' >"$c/empty"

for d in corpus/*/; do
  name=$(basename "$d")
  for kind in positive negative; do
    for f in "$d$kind"/*.c; do
      [ -f "$f" ] || continue
      cp "$f" "$out/scanner/$name-$kind-$(basename "$f")"
      [ "$kind" = positive ] && cp "$f" "$out/lint/$name-$(basename "$f")"
    done
  done
done
for h in "$out"/*/; do
  printf 'seeds: %s %s\n' "$(basename "$h")" "$(find "$h" -type f | wc -l)"
done
