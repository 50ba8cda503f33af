#!/usr/bin/env bash
# tests/e2e/review.sh — `assay --model` as a user runs it, with the small trained model of
# the shared folder: every finding carries the review in every format, the run is
# repeatable byte for byte, high findings are never dismissed whatever the threshold,
# budgets leave findings unreviewed but reported, and a run without a model is silent.
set -u
source "$(dirname "$0")/lib.sh"
MODEL=$SHARED/models/stories260K.gguf
if [ ! -f "$MODEL" ]; then
  skip "the checks of review.sh" "needs $MODEL (the shared folder)"; exit 0
fi
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }
cases=corpus/review
common=(--no-git --no-color --fail-on=none --min-certainty=low -j2)

"$ASSAY" "${common[@]}" --format=json "$cases" >"$tmp/static.json" 2>"$tmp/static.err"
"$ASSAY" "${common[@]}" --model "$MODEL" --format=json "$cases" >"$tmp/a.json" 2>"$tmp/a.err"; rc=$?
check "lint with --model exits 0 (--fail-on=none)" '[ $rc = 0 ]'
check "nothing on stderr when it is not a terminal" '[ ! -s "$tmp/a.err" ]'
"$ASSAY" "${common[@]}" --model "$MODEL" --format=json "$cases" >"$tmp/b.json" 2>/dev/null
check "the same run twice gives the same report, byte for byte" 'cmp -s "$tmp/a.json" "$tmp/b.json"'
sha=$(sha256sum "$MODEL" | cut -d' ' -f1)
node - "$tmp/static.json" "$tmp/a.json" "$sha" >"$tmp/json.out" 2>&1 <<'JS'
const fs = require('fs');
const st = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const rv = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const sha = process.argv[4];
const bad = [];
if (st.length !== rv.length) bad.push(`static ${st.length} findings, reviewed ${rv.length}`);
for (const f of rv) {
  const r = f.review;
  if (!r) { bad.push(`${f.path}:${f.line}: no review object`); continue; }
  if (r.model_sha256 !== sha) bad.push(`${f.path}:${f.line}: model_sha256 ${r.model_sha256}`);
  if (r.reviewed && !f.verdict) bad.push(`${f.path}:${f.line}: reviewed without a verdict`);
  if (f.verdict && !['true-positive', 'false-positive', 'uncertain'].includes(f.verdict.verdict)) bad.push(`bad verdict ${f.verdict.verdict}`);
  if (f.certainty === 'high' && r.dismissed) bad.push(`${f.path}:${f.line}: a high finding dismissed`);
}
console.log(bad.join('\n'));
process.exit(bad.length ? 1 : 0);
JS
check "JSON: every finding has its review, the model's SHA-256 and no high one dismissed" '[ $? = 0 ] || { cat "$tmp/json.out"; false; }'

# threshold 0: every false_positive verdict acts — still no high finding leaves gcc output
"$ASSAY" "${common[@]}" --format=json --review-threshold=0 --model "$MODEL" "$cases" >"$tmp/t0.json" 2>/dev/null
high_static=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).filter(f => f.certainty === "high").length)' "$tmp/static.json")
high_kept=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).filter(f => f.certainty === "high" && !f.review.dismissed).length)' "$tmp/t0.json")
check "--review-threshold=0 dismisses no high finding ($high_kept of $high_static kept)" '[ "$high_static" -gt 0 ] && [ "$high_static" = "$high_kept" ]'
dismissed=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).filter(f => f.review.dismissed).length)' "$tmp/t0.json")
"$ASSAY" "${common[@]}" --review-threshold=0 --model "$MODEL" "$cases" >"$tmp/t0.gcc" 2>/dev/null
"$ASSAY" "${common[@]}" --review-threshold=0 --show-dismissed --model "$MODEL" "$cases" >"$tmp/t0s.gcc" 2>/dev/null
shown=$(grep -c ': warning: \|: error: ' "$tmp/t0.gcc"); all=$(grep -c ': warning: \|: error: ' "$tmp/t0s.gcc")
check "gcc leaves the $dismissed dismissed out; --show-dismissed prints them" '[ $((shown + dismissed)) = "$all" ]'
check "gcc: a note with the model's verdict under each finding" '[ "$(grep -c "note: model review: " "$tmp/t0s.gcc")" = "$all" ]'

# SARIF: reviewed results carry the model, dismissed ones are suppressed
"$ASSAY" "${common[@]}" --review-threshold=0 --format=sarif --model "$MODEL" "$cases" >"$tmp/t0.sarif" 2>/dev/null
node - "$tmp/t0.sarif" "$dismissed" "$sha" >"$tmp/sarif.out" 2>&1 <<'JS'
const log = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
const results = log.runs[0].results;
const suppressed = results.filter(r => r.suppressions && r.suppressions[0].kind === 'external').length;
const bad = [];
if (String(suppressed) !== process.argv[3]) bad.push(`suppressed ${suppressed}, dismissed ${process.argv[3]}`);
for (const r of results) if (!r.properties || r.properties['assay/modelSha256'] !== process.argv[4] || r.properties['assay/reviewed'] === undefined) bad.push(`result without review properties: ${JSON.stringify(r.properties)}`);
console.log(bad.join('\n'));
process.exit(bad.length ? 1 : 0);
JS
check "SARIF: review properties on every result, dismissed ones suppressed (external)" '[ $? = 0 ] || { cat "$tmp/sarif.out"; false; }'

# budgets: nothing is dropped
"$ASSAY" "${common[@]}" --format=json --review-budget=0.000001 --model "$MODEL" "$cases" >"$tmp/budget.json" 2>/dev/null
check "--review-budget spent at once: every finding reported, none reviewed" \
  'node -e "const a = JSON.parse(require(\"fs\").readFileSync(process.argv[1])); const s = JSON.parse(require(\"fs\").readFileSync(process.argv[2])); process.exit(a.length === s.length && a.every(f => !f.review.reviewed && /review-budget/.test(f.review.why_not)) ? 0 : 1)" "$tmp/budget.json" "$tmp/static.json"'
"$ASSAY" "${common[@]}" --stats --model "$MODEL" "$cases" >/dev/null 2>"$tmp/stats.err"
check "--stats: a review line (reviewed, dismissed, prompt tokens reused, reviews/min)" \
  'grep -q "review by .*candidates, .* reviewed, .* unreviewed, .* dismissed, .* confirmed.*reused from the cache.*reviews/min" "$tmp/stats.err"'
"$ASSAY" "${common[@]}" --review-threshold=101 "$cases" >/dev/null 2>"$tmp/err"; rc=$?
check "--review-threshold outside 0-100 is a usage error (2)" '[ $rc = 2 ] && grep -q "review-threshold" "$tmp/err"'
printf 'x' >"$tmp/not-a-model.gguf"
"$ASSAY" "${common[@]}" --model "$tmp/not-a-model.gguf" "$cases" >/dev/null 2>"$tmp/err"; rc=$?
check "a file that is not a model: exit 2, the file named" '[ $rc = 2 ] && grep -q "not-a-model.gguf" "$tmp/err"'
env -u ASSAY_MODEL "$ASSAY" "${common[@]}" "$cases" >/dev/null 2>"$tmp/err"
check "without a model: nothing on stderr" '[ ! -s "$tmp/err" ]'

# assay eval: precision and recall without and with review, the confusion matrix, injection
"$ASSAY" eval --model "$MODEL" -j2 "$cases" corpus/c.gets >"$tmp/eval.out" 2>"$tmp/eval.err"; rc=$?
check "eval exits 0" '[ $rc = 0 ] || { cat "$tmp/eval.err"; false; }'
check "eval prints precision/recall without and with review" \
  'grep -qE "^  without review +[0-9.]+ +[0-9.]+ " "$tmp/eval.out" && grep -qE "^  with review +[0-9.]+ +[0-9.]+ " "$tmp/eval.out"'
check "eval prints the verdict confusion matrix and the injection figure" \
  'grep -qE "^  real flaw +[0-9]+" "$tmp/eval.out" && grep -qE "^  false alarm +[0-9]+" "$tmp/eval.out" && grep -qE "verdict changed on [0-9]+ of [0-9]+ reviews" "$tmp/eval.out"'
env -u ASSAY_MODEL "$ASSAY" eval "$cases" >/dev/null 2>"$tmp/err" </dev/null; rc=$?
check "eval without a model is a usage error (2)" '[ $rc = 2 ] && grep -q "needs --model" "$tmp/err"'
exit 0
