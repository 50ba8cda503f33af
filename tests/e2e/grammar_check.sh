#!/usr/bin/env bash
# tests/e2e/grammar_check.sh — `assay grammar check` and `assay grammar verdict` as a user
# runs them: exit 0 in the language, 1 not (with line:col and what was expected), 2 for a
# grammar that does not parse (with line:col) or a schema outside the supported subset.
set -u
source "$(dirname "$0")/lib.sh"
bad() { not_ok "$*"; }
check() { # description, expected exit, expected output fragment, command...
  local desc=$1 want=$2 frag=$3; shift 3
  out=$("$@" 2>&1); rc=$?
  if [ "$rc" = "$want" ] && [[ "$out" == *"$frag"* ]]; then ok "$desc"; else bad "$desc (exit $rc, output: $out)"; fi
}

for g in grammar/grammars/*.gbnf; do
  check "$g parses" 0 "grammar OK" "$ASSAY" grammar check "$g"
done

printf '{"a": [1, -2.5e3, "caf\xc3\xa9\\n", true, null]}' > "$tmp/ok.json"
check "JSON document in the JSON grammar" 0 "in the language" "$ASSAY" grammar check grammar/grammars/json.gbnf "$tmp/ok.json"
printf '{"a": 1,\n  "b": tru}' > "$tmp/bad.json"
check "JSON error names line:col and expectation" 1 "bad.json:2:11: not in the language" "$ASSAY" grammar check grammar/grammars/json.gbnf "$tmp/bad.json"
check "expected set is shown" 1 'expected "e"' "$ASSAY" grammar check grammar/grammars/json.gbnf "$tmp/bad.json"
printf '{"a": 1' > "$tmp/short.json"
check "input ending early is reported" 1 "input ends before the grammar is complete" "$ASSAY" grammar check grammar/grammars/json.gbnf "$tmp/short.json"
check "stdin input" 0 "<stdin>: in the language" sh -c "printf '1 + 2 = 3\n' | '$ASSAY' grammar check grammar/grammars/arithmetic.gbnf -"

printf 'root ::= "a" b\n\nb ::= [0-9\n' > "$tmp/broken.gbnf"
check "unterminated class: line:col, exit 2" 2 "broken.gbnf:3:7: unterminated character class" "$ASSAY" grammar check "$tmp/broken.gbnf"
printf 'root ::= "a\\q"\n' > "$tmp/esc.gbnf"
check "bad escape: line:col, exit 2" 2 "esc.gbnf:1:12: bad escape" "$ASSAY" grammar check "$tmp/esc.gbnf"
printf 'root ::= x\nx ::= x "a"\n' > "$tmp/left.gbnf"
check "left recursion is refused" 2 "left recursion is not supported: x -> x" "$ASSAY" grammar check "$tmp/left.gbnf"
printf 'root ::= missing\n' > "$tmp/undef.gbnf"
check "undefined rule" 2 "undef.gbnf:1:10: undefined rule 'missing'" "$ASSAY" grammar check "$tmp/undef.gbnf"
check "missing grammar file" 2 "nope.gbnf: No such file" "$ASSAY" grammar check "$tmp/nope.gbnf"

cat > "$tmp/s.json" <<'JSON'
{"type": "object", "properties": {"n": {"type": "integer", "minimum": 1, "maximum": 12}}, "required": ["n"]}
JSON
check "JSON Schema converts and prints GBNF" 0 "root ::=" "$ASSAY" grammar check "$tmp/s.json" --print
printf '{"n": 12}' > "$tmp/n12.json"; printf '{"n": 13}' > "$tmp/n13.json"
check "schema: instance in range" 0 "in the language" "$ASSAY" grammar check "$tmp/s.json" "$tmp/n12.json"
check "schema: instance out of range" 1 "not in the language" "$ASSAY" grammar check "$tmp/s.json" "$tmp/n13.json"
printf '{"type": "string", "pattern": "^a"}' > "$tmp/p.json"
check "unsupported keyword names pointer" 2 "unsupported keyword 'pattern' at /pattern" "$ASSAY" grammar check "$tmp/p.json"

"$ASSAY" grammar verdict --identifiers buf,len > "$tmp/v.gbnf"
printf '{"verdict": "true_positive", "confidence": 90, "reason": "r", "fix": {"start_line": 2, "end_line": 2, "replacement": "len = sizeof buf;"}}' > "$tmp/v1.json"
printf '{"verdict": "true_positive", "confidence": 90, "reason": "r", "fix": {"start_line": 2, "end_line": 2, "replacement": "n = 0;"}}' > "$tmp/v2.json"
check "verdict grammar: fix with identifiers in scope" 0 "in the language" "$ASSAY" grammar check "$tmp/v.gbnf" "$tmp/v1.json"
check "verdict grammar: fix with an identifier out of scope" 1 "not in the language" "$ASSAY" grammar check "$tmp/v.gbnf" "$tmp/v2.json"
check "verdict: bad identifier is a usage error" 2 "is not a C identifier" "$ASSAY" grammar verdict --identifiers "a-b"
check "usage error" 2 "assay: grammar: unknown subcommand 'frobnicate'" "$ASSAY" grammar frobnicate
check "usage error: one Try line" 2 "Try 'assay grammar --help' for more information." "$ASSAY" grammar frobnicate
check "options before the subcommand and the file" 0 "root ::=" "$ASSAY" grammar --print check "$tmp/s.json"
check "-- ends the options (a file named --print)" 2 "--print: No such file" "$ASSAY" grammar check -- --print
check "verdict: --identifiers=LIST" 2 "is not a C identifier" "$ASSAY" grammar verdict --identifiers=a-b
check "help" 0 "usage: assay grammar check" "$ASSAY" grammar verdict --help
[ "$e2e_n" -gt 0 ] || not_ok "no checks ran"
