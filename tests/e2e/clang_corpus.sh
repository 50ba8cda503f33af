#!/usr/bin/env bash
# The corpus of the libclang rules. Each case file is linted (one assay run over all of
# them, each file its own translation unit), with every candidate shown
# (--min-certainty=low), and its labels are checked against the findings:
#   - a line ending in `// expect: c.clang-x[, ...]` draws a c.clang-x finding on that line;
#   - a line ending in `// ok: c.clang-x[, ...]` (a safe look-alike) draws no c.clang-x
#     finding; this also holds for ok lines in the corpus folders of tree-sitter rules;
#   - in corpus/c.clang-x/, no c.clang-x finding appears on a line that does not expect it,
#     and negative/ files carry no expect labels;
#   - a label naming no rule in rules/ fails;
#   - every libclang rule has at least 3 expect lines of its own id in its positive/ files
#     and at least 3 ok lines of its own id in its negative/ files (the corpus thickness
#     every rule must keep; see rules/README.md, "Corpus").
# Findings of tree-sitter rules are the scanner test's business (test_analyzer_corpus), and
# the whole product over the corpus is tests/e2e/corpus_full.sh's.
set -u
source "$(dirname "$0")/lib.sh"
CORPUS=${CORPUS:-corpus}   # another corpus tree (tests of this script)
MIN_LABELS=3

# Rules whose corpus is still short of MIN_LABELS expect or ok lines. Empty: the count is
# enforced for every rule.
short_allowed=""

grep -h '^id:' rules/*.yml | awk '{print $2}' | sort -u >"$tmp/known"
for f in rules/*.yml; do
  grep -q '^engine: *clang' "$f" && grep -h '^id:' "$f" | awk '{print $2}'
done | sort -u >"$tmp/clang_rules"

# labels FILE: one "line kind rule" row per rule named in a `// expect:` or `// ok:` label.
labels() {
  awk '{
    rest = $0
    while (match(rest, /\/\/ *(expect|ok):[^\/]*/)) {
      lab = substr(rest, RSTART, RLENGTH); rest = substr(rest, RSTART + RLENGTH)
      kind = (lab ~ /^\/\/ *expect:/) ? "expect" : "ok"
      sub(/^\/\/ *(expect|ok):/, "", lab)
      n = split(lab, ids, /[ ,\t]+/)
      for (i = 1; i <= n; i++) if (ids[i] != "") print NR, kind, ids[i]
    }
  }' "$1"
}

# lint_all FILE...: one assay run over every case (each file is still its own translation
# unit, with the default flags); the per-file runs below are the fallback when it fails.
batch=0
lint_all() {
  "$ASSAY" --no-git --no-color --fail-on=none -q --min-certainty=low --format gcc "$@" >"$tmp/all" 2>"$tmp/all.err" &&
    batch=1
}

# findings FILE: one "line rule" row per primary finding (gcc format, notes left out).
findings() {
  if [ $batch = 1 ]; then
    grep -F "$1:" "$tmp/all" | grep -E "^$(printf '%s' "$1" | sed 's/[.[\*^$]/\\&/g'):" >"$tmp/out"
  else
    "$ASSAY" --no-git --no-color --fail-on=none -q --min-certainty=low --format gcc "$1" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    if [ $rc -ne 0 ]; then not_ok "$1: assay exited $rc: $(head -c 300 "$tmp/err")" >&2; return 1; fi
  fi
  grep -E '^[^ ]+:[0-9]+:[0-9]+: (error|warning): .*\[[a-z0-9.-]+\]$' "$tmp/out" \
    | sed -E 's/^[^:]+:([0-9]+):.*\[([a-z0-9.-]+)\]$/\1 \2/' | sort -u
}

# check FILE FOLDER_RULE KIND: prints ok/not ok lines; KIND is positive, negative or foreign
# (a tree-sitter rule's case with ok labels of libclang rules).
check() {
  local file=$1 own=$2 kind=$3 bad=0 line lkind rule
  labels "$file" >"$tmp/labels"
  findings "$file" >"$tmp/found" 2>"$tmp/why" || { cat "$tmp/why"; return; }
  while read -r line lkind rule; do
    if ! grep -qxF "$rule" "$tmp/known"; then
      not_ok "$file:$line: $lkind label names unknown rule $rule"; bad=1; continue
    fi
    grep -qxF "$rule" "$tmp/clang_rules" || continue
    if [ "$lkind" = ok ]; then
      if grep -qxF "$line $rule" "$tmp/found"; then
        not_ok "$file:$line: $rule reported on a line labelled ok: $rule"; bad=1
      fi
    elif [ "$kind" = negative ]; then
      not_ok "$file:$line: expect label in a negative case"; bad=1
    elif [ "$kind" = positive ] && ! grep -qxF "$line $rule" "$tmp/found"; then
      not_ok "$file:$line: missed $rule"; bad=1
    fi
  done <"$tmp/labels"
  if [ "$kind" != foreign ]; then
    while read -r line rule; do
      [ "$rule" = "$own" ] || continue
      if ! grep -qxF "$line expect $rule" "$tmp/labels"; then
        not_ok "$file:$line: unexpected $rule"; bad=1
      fi
    done <"$tmp/found"
  fi
  if [ "$kind" = positive ] && ! grep -q " expect $own\$" "$tmp/labels"; then
    not_ok "$file: a positive case without an 'expect: $own' label"; bad=1
  fi
  if [ $bad = 0 ]; then
    ok "$kind $file ($(grep -c " expect " "$tmp/labels") expect, $(grep -c " ok " "$tmp/labels") ok labels)"
  fi
}

# count RULE KIND DIR: labels of RULE's own id of that kind in DIR/*.c (distinct lines).
count() {
  local rule=$1 kind=$2 dir=$3 f n=0
  for f in "$dir"/*.c; do
    [ -f "$f" ] || continue
    n=$((n + $(labels "$f" | awk -v k="$kind" -v r="$rule" '$2 == k && $3 == r {print $1}' | sort -u | wc -l)))
  done
  echo "$n"
}

CORPUS=$(realpath --relative-to=. "$CORPUS") # the paths assay prints
foreign=$(grep -rlE '// *ok:.*c\.clang-' "$CORPUS" --include='*.c' | grep -v "^$CORPUS/c\.clang-" | sort)
# shellcheck disable=SC2086
lint_all "$CORPUS"/c.clang-*/*/*.c $foreign ||
  echo "# one run over the corpus failed ($(head -c 200 "$tmp/all.err")); linting file by file"

while read -r rule; do
  [ -d "$CORPUS/$rule" ] || { not_ok "libclang rule $rule has no corpus folder $CORPUS/$rule"; continue; }
done <"$tmp/clang_rules"

for dir in "$CORPUS"/c.clang-*/; do
  rule=$(basename "$dir")
  grep -qxF "$rule" "$tmp/clang_rules" || { not_ok "$dir: no libclang rule $rule in rules/"; continue; }
  for f in "$dir"positive/*.c; do [ -f "$f" ] && check "$f" "$rule" positive; done
  for f in "$dir"negative/*.c; do [ -f "$f" ] && check "$f" "$rule" negative; done
  expects=$(count "$rule" expect "${dir}positive")
  oks=$(count "$rule" ok "${dir}negative")
  if [ "$expects" -ge $MIN_LABELS ] && [ "$oks" -ge $MIN_LABELS ]; then
    ok "$rule corpus: $expects expect lines, $oks ok lines"
  elif [[ " $(echo $short_allowed) " == *" $rule "* ]]; then
    ok "$rule corpus: $expects expect lines, $oks ok lines (short; on the allow-list)"
  else
    not_ok "$rule corpus is short: $expects expect lines in positive/, $oks ok lines in negative/ (want >= $MIN_LABELS each)"
  fi
done

# ok labels of libclang rules in the corpus of tree-sitter rules.
for f in $foreign; do
  check "$f" "" foreign
done
