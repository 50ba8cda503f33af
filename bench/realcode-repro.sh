#!/usr/bin/env bash
# realcode-repro.sh [FILE...] — runs assay on the minimal reproducers of the false alarms
# found on real code (bench/realcode/repro/*.c, described in bench/realcode/CAUSES.md).
# Each file names the finding it wrongly triggers in a trailing comment
# `// expect-false-alarm: RULE`. For each file the script prints the certainty assay gives
# that rule today (with the default options, and with --min-certainty=low), or "gone"
# once the false alarm is fixed, then a `realcode-repro: N passed, N failed` line where
# "passed" counts the reproducers whose false alarm is gone. Asserts nothing else and is
# not part of `make check`: the reproducers are the analyzer engineers' to-do list.
set -u
cd "$(dirname "$0")/.."
ASSAY=${ASSAY:-$PWD/build/assay}
[ -x "$ASSAY" ] || { echo "realcode-repro: $ASSAY not built (make)" >&2; exit 1; }
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(bench/realcode/repro/*.c)

# certainty of RULE in FILE's JSON report at MIN certainty, "gone" when absent
certainty_of() {
  local file=$1 rule=$2 min=$3
  "$ASSAY" -q --no-git --min-certainty="$min" --fail-on=none --format json "$file" 2>/dev/null |
    python3 -c '
import json, sys
rule = sys.argv[1]
found = [f["certainty"] for f in json.load(sys.stdin) if f.get("rule") == rule]
order = {"high": 0, "medium": 1, "low": 2}
print(sorted(found, key=order.get)[0] if found else "gone")' "$rule"
}

fixed=0 open=0
printf '%-28s %-30s %-8s %s\n' reproducer rule default low
for file in "${files[@]}"; do
  rule=$(sed -n 's|^// expect-false-alarm: *||p' "$file" | head -1)
  [ -n "$rule" ] || { echo "$file: no '// expect-false-alarm: RULE' line" >&2; continue; }
  at_default=$(certainty_of "$file" "$rule" medium)
  at_low=$(certainty_of "$file" "$rule" low)
  printf '%-28s %-30s %-8s %s\n' "$(basename "$file")" "$rule" "$at_default" "$at_low"
  if [ "$at_low" = gone ]; then fixed=$((fixed + 1)); else open=$((open + 1)); fi
done
echo "realcode-repro: $fixed passed, $open failed (passed = false alarm gone)"
