#!/usr/bin/env bash
# audit_shard.sh — `--shard I/N` and `assay merge`: for N = 1, 3 and 7 the pieces lint every
# file exactly once and their merged SARIF is byte for byte the single run's; pieces are
# balanced by size; bad shard specs and pieces of another rule pack are refused.
set -u
source "$(dirname "$0")/lib.sh"

cp -r corpus "$tmp/tree"
# files that become notices: one found while walking, one when read
ln -s "$tmp/nowhere.c" "$tmp/tree/dangling.c"
printf 'int x;\0binary\n' >"$tmp/tree/binary.c"
(cd "$tmp/tree" && "$ASSAY" -q --no-git --fail-on=none -j2 --format=sarif --min-certainty=low . ) >"$tmp/single.sarif" 2>/dev/null
count_results() { python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["runs"][0]["results"]))' "$1"; }
total=$(count_results "$tmp/single.sarif")
notes=$(grep -c '"toolExecutionNotifications"\|dangling.c\|binary.c' "$tmp/single.sarif")
check "the single run reports both problem files ($notes)" test "$notes" -ge 3
for n in 1 3 7; do
  pieces=() sum=0
  for i in $(seq 1 $n); do
    (cd "$tmp/tree" && "$ASSAY" -q --no-git --fail-on=none -j2 --format=sarif --min-certainty=low --shard $i/$n \
      -o "$tmp/piece-$n-$i.sarif" .) 2>/dev/null
    pieces+=("$tmp/piece-$n-$i.sarif")
    sum=$((sum + $(count_results "$tmp/piece-$n-$i.sarif")))
  done
  check "N=$n: the pieces hold every result once ($sum of $total)" test "$sum" = "$total"
  "$ASSAY" merge -o "$tmp/merged-$n.sarif" "${pieces[@]}"; rc=$?
  check "N=$n: merge exits 0" test "$rc" = 0
  check "N=$n: the merged SARIF is the single run's, byte for byte" cmp -s "$tmp/single.sarif" "$tmp/merged-$n.sarif"
done
# pieces in another order merge to the same bytes
"$ASSAY" merge "$tmp/piece-3-3.sarif" "$tmp/piece-3-1.sarif" "$tmp/piece-3-2.sarif" >"$tmp/reordered.sarif"
check "the order of the pieces does not matter" cmp -s "$tmp/single.sarif" "$tmp/reordered.sarif"

# balance: with 3 pieces, no piece holds more than a third of the bytes plus the largest file
python3 - "$tmp/tree" <<'PY' >"$tmp/sizes"
import os, sys
root = sys.argv[1]
print(sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(root) for f in fs if f.endswith(('.c', '.h')) and os.path.isfile(os.path.join(d, f))))
print(max(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(root) for f in fs if f.endswith(('.c', '.h')) and os.path.isfile(os.path.join(d, f))))
PY
read -r all_bytes largest < <(tr '\n' ' ' <"$tmp/sizes")
balanced=1
for i in 1 2 3; do
  (cd "$tmp/tree" && "$ASSAY" -q --no-git --no-clang --fail-on=none --format=json --shard $i/3 --stats . ) 2>"$tmp/st" >/dev/null
  kib=$(sed -n 's/.*lines, \([0-9.]*\) KiB.*/\1/p' "$tmp/st")
  python3 -c "import sys; sys.exit(0 if $kib*1024 <= $all_bytes/3 + $largest + 1024 else 1)" || balanced=0
done
check "pieces are balanced by size" test "$balanced" = 1

for bad in 0/3 4/3 1/0 x 2 1/3x; do
  "$ASSAY" -q --shard "$bad" "$tmp/tree" >/dev/null 2>"$tmp/err"; rc=$?
  check "--shard $bad is a usage error" test "$rc" = 2 -a -n "$(grep -- '--shard' "$tmp/err")"
done
# pieces made with another rule pack are refused
cp -r rules "$tmp/rules2"
sed -i 's/^short: .*/short: another description/' "$tmp/rules2/c.gets.yml"
(cd "$tmp/tree" && "$ASSAY" -q --no-git --fail-on=none --format=sarif --rules "$tmp/rules2" --shard 2/3 -o "$tmp/other.sarif" .) 2>/dev/null
"$ASSAY" merge "$tmp/piece-3-1.sarif" "$tmp/other.sarif" >/dev/null 2>"$tmp/err"; rc=$?
check "pieces of another rule pack are refused" test "$rc" = 2 -a -n "$(grep 'another assay or rule pack' "$tmp/err")"
"$ASSAY" merge 2>/dev/null; rc=$?
check "merge without files is a usage error" test "$rc" = 2

# audits too: three pieces into three stores, merged, hold what one audit stores
if command -v sqlite3 >/dev/null; then
  rm -f "$tmp/tree/dangling.c" "$tmp/tree/binary.c"
  "$ASSAY" audit -q --no-git -j2 --db "$tmp/single.db" "$tmp/tree"
  for i in 1 2 3; do "$ASSAY" audit -q --no-git -j2 --shard $i/3 --db "$tmp/store-$i.db" "$tmp/tree"; done
  "$ASSAY" merge -o "$tmp/merged.db" "$tmp/store-1.db" "$tmp/store-2.db" "$tmp/store-3.db"; rc=$?
  check "merge of three audit stores exits 0" test "$rc" = 0
  rows() {
    sqlite3 "$1" "SELECT path, fingerprint, ordinal, rule_id, line, col, severity, certainty, cwe, message, context, flow, fix, status FROM findings ORDER BY 1, 2, 3"
    sqlite3 "$1" "SELECT path, content_hash, compile_hash, rules_hash, lines FROM files ORDER BY 1"
    sqlite3 "$1" "SELECT id, files, lines, open, fixed FROM audits"
  }
  rows "$tmp/single.db" >"$tmp/single.rows"
  rows "$tmp/merged.db" >"$tmp/merged.rows"
  check "the merged store holds what one audit stores ($(wc -l <"$tmp/single.rows") rows)" cmp -s "$tmp/single.rows" "$tmp/merged.rows"
  "$ASSAY" merge -o "$tmp/merged.db" "$tmp/store-1.db" 2>"$tmp/err"; rc=$?
  check "merge never overwrites a store" test "$rc" = 2 -a -n "$(grep 'exists already' "$tmp/err")"
  "$ASSAY" merge -o "$tmp/mixed" "$tmp/store-1.db" "$tmp/piece-3-1.sarif" 2>/dev/null; rc=$?
  check "stores and SARIF files do not mix" test "$rc" = 2
else
  skip "merge of audit stores" "the sqlite3 command is not installed"
fi
