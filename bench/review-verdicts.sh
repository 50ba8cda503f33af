#!/usr/bin/env bash
# bench/review-verdicts.sh — the review loop at scale: every candidate of the corpus (all
# certainties) reviewed by each model, every verdict checked against the verdict schema,
# each run done twice and compared byte for byte, and the speed figures of --stats
# (reviews per minute, prompt tokens reused from the prefix cache).
#
# Models: ../shared/models/stories260K.gguf and llama-2-tiny-random.gguf when present, and
# a synthetic SmolLM2-135M Q8_0 (random weights, made once into $BUILD/bench-models/).
# Environment:
#   MODELS="a.gguf b.gguf"   instead of the list above
#   PATHS="corpus/"          what to lint (default corpus/)
#   THREADS=2                engine and lint threads
#   RUNS=2                   runs per model (2 = the determinism check)
#   SYNTH=1                  0 skips the synthetic model (slow: minutes per 100 reviews)
# Prints per model: candidates, reviewed, unreviewed, dismissed, confirmed, schema
# failures (must be 0), identical runs, reviews/min and the cache reuse.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
ASSAY=${ASSAY:-$PWD/$BUILD/assay}
SHARED=${ASSAY_SHARED_DIR:-../shared}
THREADS=${THREADS:-2}
RUNS=${RUNS:-2}
PATHS=${PATHS:-corpus/}
SYNTH=${SYNTH:-1}
work=$BUILD/bench/review-verdicts
mkdir -p "$work" "$BUILD/bench-models"

models=()
if [ -n "${MODELS:-}" ]; then
  read -r -a models <<<"$MODELS"
else
  for m in stories260K llama-2-tiny-random; do
    [ -f "$SHARED/models/$m.gguf" ] && models+=("$SHARED/models/$m.gguf")
  done
  if [ "$SYNTH" = 1 ]; then
    synth=$BUILD/bench-models/smollm2-135m-q8_0.gguf
    [ -s "$synth" ] || "$ASSAY" model synth smollm2-135m --type q8_0 -o "$synth" >/dev/null
    [ -s "$synth" ] && models+=("$synth")
  fi
fi
echo "review-verdicts: ${#models[@]} models over $PATHS, $THREADS threads, $RUNS runs each;" \
     "load average $(cut -d' ' -f1-3 /proc/loadavg)"

status=0
for model in "${models[@]}"; do
  name=$(basename "$model" .gguf)
  for run in $(seq 1 "$RUNS"); do
    "$ASSAY" --model "$model" --no-git --fail-on=none --min-certainty=low -j"$THREADS" --stats \
      --format=json -o "$work/$name.$run.json" $PATHS 2>"$work/$name.$run.err" || {
      echo "  $name: run $run failed: $(tail -n 3 "$work/$name.$run.err")"; status=1; continue; }
  done
  same="-"
  if [ "$RUNS" -ge 2 ]; then
    same=yes
    for run in $(seq 2 "$RUNS"); do cmp -s "$work/$name.1.json" "$work/$name.$run.json" || same=no; done
  fi
  stats=$(grep "review by" "$work/$name.1.err" | sed 's/^assay: //')
  node - "$work/$name.1.json" "$name" "$same" "$stats" <<'JS' || status=1
const [file, name, same, stats] = process.argv.slice(2);
const findings = JSON.parse(require('fs').readFileSync(file, 'utf8')).filter(f => f.rule);
let reviewed = 0, unreviewed = 0, dismissed = 0, confirmed = 0, bad = [];
const verdicts = {};
for (const f of findings) {
  const r = f.review;
  if (!r) { bad.push(`${f.path}:${f.line}: no review`); continue; }
  if (!r.reviewed) { unreviewed++; continue; }
  reviewed++;
  dismissed += r.dismissed; confirmed += r.confirmed;
  const v = f.verdict;
  if (!v || !['true-positive', 'false-positive', 'uncertain'].includes(v.verdict) ||
      !Number.isInteger(v.confidence) || v.confidence < 0 || v.confidence > 100 ||
      typeof v.reason !== 'string' || [...v.reason].length > 240)
    bad.push(`${f.path}:${f.line}: ${JSON.stringify(v)}`);
  else verdicts[v.verdict] = (verdicts[v.verdict] || 0) + 1;
  if (f.certainty === 'high' && r.dismissed) bad.push(`${f.path}:${f.line}: high finding dismissed`);
}
console.log(`  ${name}: ${findings.length} candidates, ${reviewed} reviewed, ${unreviewed} unreviewed, ` +
            `${dismissed} dismissed, ${confirmed} confirmed; verdicts ${JSON.stringify(verdicts)}; ` +
            `schema failures ${bad.length}; identical runs: ${same}`);
console.log(`    ${stats}`);
for (const b of bad.slice(0, 5)) console.log(`    bad: ${b}`);
process.exit(bad.length ? 1 : 0);
JS
done
echo "review-verdicts: load average $(cut -d' ' -f1-3 /proc/loadavg) at end"
exit $status
