#!/usr/bin/env bash
# run.sh [NAME...] — runs every libFuzzer harness in $BUILD/fuzz (or those named: gguf,
# tokenizer, ...) for $FUZZ_SECONDS seconds each, at nice 19, from the repository root.
#
# Each harness reads its seeds (BUILD/fuzz-seeds/<name>, written by seeds.sh) and grows its
# corpus in BUILD/fuzz-corpus/<name> (kept between runs, never committed), with its
# dictionary tests/fuzz/<name>.dict when there is one (c.dict for scanner and lint). A crash, sanitizer report, leak,
# timeout (-timeout: 10 s per input, 60 s for lint, which runs libclang) or out-of-memory
# (-rss_limit_mb 2048) stops that harness: its reproducer is saved in
# BUILD/fuzz-artifacts/<name>/ and named in the summary; the script then goes on with the
# others and exits 1 at the end. Re-run a reproducer with: BUILD/fuzz/fuzz_<name> FILE.
# Output: the libFuzzer log of each harness in BUILD/fuzz-logs/<name>.log, and one line per
# harness: seconds, executions, corpus files before -> after, and the verdict.
set -uo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
bash tests/fuzz/seeds.sh "$BUILD" || { echo "fuzz: writing the seeds failed" >&2; exit 2; }

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for bin in "$BUILD"/fuzz/fuzz_*; do names+=("$(basename "$bin" | sed 's/^fuzz_//')"); done
fi
failed=()
for name in "${names[@]}"; do
  bin=$BUILD/fuzz/fuzz_$name
  [ -x "$bin" ] || { echo "fuzz: no harness $bin" >&2; failed+=("$name"); continue; }
  corpus=$BUILD/fuzz-corpus/$name artifacts=$BUILD/fuzz-artifacts/$name/ log=$BUILD/fuzz-logs/$name.log
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  before=$(find "$corpus" -type f | wc -l)
  timeout=10 maxlen=()
  [ "$name" = lint ] && timeout=60 maxlen=(-max_len=16384)
  dict=() dictfile=tests/fuzz/$name.dict
  case $name in scanner|lint) dictfile=tests/fuzz/c.dict ;; query) ;; esac
  [ -f "$dictfile" ] && dict=(-dict="$dictfile")
  start=$(date +%s)
  nice -n 19 "$bin" "$corpus" "$BUILD/fuzz-seeds/$name" -max_total_time="$FUZZ_SECONDS" \
    -timeout="$timeout" -rss_limit_mb=2048 -artifact_prefix="$artifacts" -print_final_stats=1 \
    "${dict[@]}" "${maxlen[@]}" >"$log" 2>&1
  rc=$?
  secs=$(( $(date +%s) - start ))
  after=$(find "$corpus" -type f | wc -l)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  if [ $rc -eq 0 ]; then
    verdict=ok
  else
    repro=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
    kind=$(grep -m1 -oE 'ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer): [a-z-]+|runtime error: .*|ERROR: libFuzzer: [a-z-]+' "$log" | head -1)
    verdict="FAILED (exit $rc${kind:+: $kind}) reproducer: ${repro:-none, see $log}"
    failed+=("$name")
  fi
  printf 'fuzz: %-10s %5ss %10s execs  corpus %5s -> %-5s %s\n' "$name" "$secs" "${execs:-?}" "$before" "$after" "$verdict"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failed: ${failed[*]} (logs in $BUILD/fuzz-logs/)"
  exit 1
fi
echo "fuzz: ${#names[@]} harnesses, ${FUZZ_SECONDS}s each, no crash, leak or timeout"
