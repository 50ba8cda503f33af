#!/usr/bin/env bash
# The corpus of the libclang rules: every `// expect: c.clang-...` line in
# corpus/c.clang-*/positive/*.c draws exactly that finding on that line, no other finding
# of the folder's rule appears in the file, and corpus/c.clang-*/negative/*.c draw no
# finding of their folder's rule. Each file is linted alone with the libclang pass on.
set -u
cd "$(dirname "$0")/../.."
ASSAY=${ASSAY:-$PWD/build/assay}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

check_file() { # kind rule file
  local kind=$1 rule=$2 file=$3
  "$ASSAY" --no-git --no-color --fail-on=none -q --format gcc "$file" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  if [ $rc -ne 0 ]; then echo "not ok - $file: assay exited $rc: $(head -c 300 "$tmp/err")"; return; fi
  # primary lines only: "path:line:col: severity: message [rule]"
  grep -E '^[^ ]+:[0-9]+:[0-9]+: (error|warning|note): .*\['"$rule"'\]$' "$tmp/out" \
    | sed -E 's/^[^:]+:([0-9]+):.*/\1/' | sort -n | uniq >"$tmp/got"
  if [ "$kind" = positive ]; then
    grep -nE "// expect: $rule\$" "$file" | cut -d: -f1 | sort -n | uniq >"$tmp/want"
    if [ ! -s "$tmp/want" ]; then echo "not ok - $file: no '// expect: $rule' line"; return; fi
    if diff -q "$tmp/want" "$tmp/got" >/dev/null; then
      echo "ok - $rule finds $(basename "$file") lines $(paste -sd, "$tmp/want")"
    else
      echo "not ok - $rule on $file: expected lines $(paste -sd, "$tmp/want"), got $(paste -sd, "$tmp/got")"
    fi
  else
    if [ -s "$tmp/got" ]; then
      echo "not ok - $rule false alarm in $file on lines $(paste -sd, "$tmp/got")"
    else
      echo "ok - $rule quiet on $(basename "$file")"
    fi
  fi
}

for dir in corpus/c.clang-*/; do
  rule=$(basename "$dir")
  [ -f "rules/$rule.rule" ] || { echo "not ok - $dir has no rules/$rule.rule"; continue; }
  for f in "$dir"positive/*.c; do [ -f "$f" ] && check_file positive "$rule" "$f"; done
  for f in "$dir"negative/*.c; do [ -f "$f" ] && check_file negative "$rule" "$f"; done
done
