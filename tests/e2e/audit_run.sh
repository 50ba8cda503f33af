#!/usr/bin/env bash
# audit_run.sh — `assay audit DIR`: every file and every finding (all certainties) is
# stored, an unchanged second audit analyses nothing, an edit re-analyses that one file and
# its vanished finding becomes fixed, a triage verdict is kept by later audits and honoured
# by plain lint runs, and an audit killed with SIGKILL half-way is resumed (same audit) to
# the same findings as a run that was never interrupted.
set -u
source "$(dirname "$0")/lib.sh"
if ! command -v sqlite3 >/dev/null; then
  skip "audit store checks" "the sqlite3 command is not installed (scripts/install-deps.sh installs it)"
  exit 0
fi
q() { sqlite3 "$1" "$2"; }

cp -r corpus "$tmp/tree"
printf '#define UTIL_SIZE 16\n' >"$tmp/tree/util.h" # headers are part of every file's key
db="$tmp/tree/.assay/audit.db"
files=$(find "$tmp/tree" -name '*.[ch]' | wc -l)
# what plain lint finds, at every certainty: the reference for the store
(cd "$tmp/tree" && "$ASSAY" -q --no-git --fail-on=none --min-certainty=low -j2 --format=json .) >"$tmp/lint.json"
python3 -c 'import json,sys; [print(f["fingerprint"]) for f in json.load(open(sys.argv[1]))]' "$tmp/lint.json" | sort >"$tmp/lint.fp"

ASSAY_PROGRESS_SECONDS=0 "$ASSAY" audit --no-git -j2 "$tmp/tree" 2>"$tmp/err"; rc=$?
check "audit exits 0" test "$rc" = 0
check "the store is a WAL-mode SQLite file in DIR/.assay" test "$(q "$db" 'PRAGMA journal_mode')" = wal
check "progress lines on a non-terminal stderr" grep -q "^assay: audit: [0-9]*/$files files, [0-9]* findings, [0-9]* lines/s, ETA " "$tmp/err"
check "every file is stored with its hashes ($files)" test "$(q "$db" "SELECT count(*) FROM files WHERE length(content_hash)=32 AND length(compile_hash)=32 AND length(rules_hash)=32")" = "$files"
q "$db" "SELECT fingerprint FROM findings WHERE status='open'" | sort >"$tmp/audit.fp"
check "the store holds exactly lint's findings ($(wc -l <"$tmp/lint.fp"))" cmp -s "$tmp/lint.fp" "$tmp/audit.fp"
check "findings keep snippet, context, flow and fix" test "$(q "$db" "SELECT count(*) FROM findings WHERE context<>'' AND flow LIKE '[%' AND snippet<>''")" -ge 1 -a "$(q "$db" "SELECT count(*) FROM findings WHERE fix LIKE '%\"verified\"%'")" -ge 1
check "the audit is recorded as finished with its counts" test "$(q "$db" "SELECT count(*) FROM audits WHERE ended IS NOT NULL AND files=$files AND open>0")" = 1

(cd "$tmp/tree" && "$ASSAY" audit --no-git -j2 .) 2>"$tmp/err2"
check "an unchanged tree (named . this time): nothing analysed" grep -q ": $files files (0 analysed, $files unchanged)" "$tmp/err2"

# fix one flaw: gets() gone from one file
victim=$(grep -l 'gets(' "$tmp"/tree/c.gets/positive/*.c | head -1)
rel=${victim#$tmp/tree/}
before=$(q "$db" "SELECT count(*) FROM findings WHERE path='$rel' AND status='open'")
sed -i 's/\bgets(\([a-z_]*\))/fgets(\1, sizeof \1, stdin)/' "$victim"
"$ASSAY" audit --no-git -j2 "$tmp/tree" 2>"$tmp/err3"
check "an edited file is the only one analysed again" grep -q ": $files files (1 analysed, $((files - 1)) unchanged)" "$tmp/err3"
check "its vanished finding is fixed ($before before)" test "$(q "$db" "SELECT count(*) FROM findings WHERE path='$rel' AND status='fixed' AND fixed_audit=3")" -ge 1

# triage: a medium-or-higher finding becomes a false alarm
(cd "$tmp/tree" && "$ASSAY" -q --no-git --fail-on=none --format=json .) >"$tmp/plain.json"
fp=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["fingerprint"])' "$tmp/plain.json")
"$ASSAY" audit triage "${fp:0:12}" --as false-alarm --note "checked by hand: <b>bounded</b>" --who tester "$tmp/tree" 2>"$tmp/err4"; rc=$?
check "triage by a fingerprint prefix exits 0" test "$rc" = 0
check "the verdict is stored with note and who" test "$(q "$db" "SELECT state||'|'||note||'|'||who FROM triage WHERE fingerprint='$fp'")" = "false-alarm|checked by hand: <b>bounded</b>|tester"
(cd "$tmp/tree" && "$ASSAY" -q --no-git --fail-on=none --format=json .) >"$tmp/after.json"
check "plain lint in the tree no longer reports it" bash -c "! grep -q '$fp' '$tmp/after.json' && [ \$(grep -c '\"fingerprint\"' '$tmp/after.json') = \$((\$(grep -c '\"fingerprint\"' '$tmp/plain.json') - 1)) ]"
(cd "$tmp/tree" && "$ASSAY" --no-git --fail-on=none --format=json --stats .) 2>"$tmp/stats.err" >/dev/null
check "--stats says a triaged finding was held back" grep -q "1 finding triaged false-alarm" "$tmp/stats.err"
"$ASSAY" audit --no-git -j2 "$tmp/tree" 2>"$tmp/err5"
check "a later audit keeps the verdict" grep -q "1 false alarms" "$tmp/err5"
"$ASSAY" audit triage 0000000000 --as confirmed "$tmp/tree" 2>"$tmp/err6"; rc=$?
check "an unknown fingerprint is an error" test "$rc" = 2 -a -n "$(grep 'no finding with fingerprint' "$tmp/err6")"
"$ASSAY" audit triage "$fp" --as fixed "$tmp/tree" 2>/dev/null; rc=$?
check "--as fixed is refused (audits set it)" test "$rc" = 2

# kill -9 half-way, then --resume
cp -r corpus "$tmp/big"
for i in 1 2; do cp -r corpus "$tmp/big/copy$i"; done
all=$(find "$tmp/big" -name '*.[ch]' | wc -l)
bigdb="$tmp/big/.assay/audit.db"
"$ASSAY" audit --no-git --no-cache -q -j1 "$tmp/big" 2>/dev/null & pid=$!
stored=0
for _ in $(seq 600); do
  sleep 0.2
  stored=$(q "$bigdb" "SELECT count(*) FROM files" 2>/dev/null || echo 0)
  [ "${stored:-0}" -ge 40 ] && break
done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
stored=$(q "$bigdb" "SELECT count(*) FROM files")
check "killed half-way: $stored of $all files were stored" test "$stored" -gt 0 -a "$stored" -lt "$all"
check "... and the audit is unfinished" test "$(q "$bigdb" "SELECT count(*) FROM audits WHERE ended IS NULL")" = 1
"$ASSAY" audit --resume --no-git --no-cache -j2 "$tmp/big" 2>"$tmp/resume.err"; rc=$?
check "--resume exits 0 and goes on with audit #1" test "$rc" = 0 -a -n "$(grep 'audit #1 (resumed)' "$tmp/resume.err")"
now=$(q "$bigdb" "SELECT count(*) FROM files")
check "--resume analysed only the rest" grep -q ": $all files ($((all - stored)) analysed, $stored unchanged)" "$tmp/resume.err"
(cd "$tmp/big" && "$ASSAY" -q --no-git --fail-on=none --min-certainty=low -j2 --format=json .) >"$tmp/big.json"
python3 -c 'import json,sys; [print(f["fingerprint"]) for f in json.load(open(sys.argv[1]))]' "$tmp/big.json" | sort >"$tmp/big.fp"
q "$bigdb" "SELECT fingerprint FROM findings WHERE status='open'" | sort >"$tmp/bigaudit.fp"
check "the resumed audit holds what one uninterrupted lint finds ($now files)" cmp -s "$tmp/big.fp" "$tmp/bigaudit.fp"
check "one audit row, finished" test "$(q "$bigdb" "SELECT count(*)||'/'||count(ended) FROM audits")" = "1/1"

# usage
"$ASSAY" audit --as confirmed "$tmp/tree" 2>/dev/null; rc=$?
check "--as without triage is a usage error" test "$rc" = 2
"$ASSAY" audit "$tmp/does-not-exist" 2>/dev/null; rc=$?
check "a missing DIR is an error" test "$rc" = 2

# on a terminal: one line redrawn in place, ending in a full bar
mkdir -p "$tmp/small"
cp corpus/c.gets/positive/*.c "$tmp/small/"
if command -v script >/dev/null; then
  script -qec "'$ASSAY' audit --no-git -j2 '$tmp/small'" /dev/null >"$tmp/tty.out" 2>&1
  check "on a terminal the bar is redrawn in place with \\r" grep -q $'\r\[#*\.*\] [0-9]*/[0-9]* files' "$tmp/tty.out"
  check "... and ends full" grep -q '\[########################\] \([0-9]*\)/\1 files' "$tmp/tty.out"
else
  skip "on a terminal the bar is redrawn in place" "no script(1) to give assay a terminal"
fi
