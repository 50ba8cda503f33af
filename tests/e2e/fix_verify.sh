#!/usr/bin/env bash
# Nothing is offered as a fix until the analyzer has re-checked it (analyzer/fix/): over
# corpus files whose rules carry fix templates, gcc-style output prints fix-its only for
# verified fixes and a `note: fix not offered: check (x) ...` for rejected ones (never
# both for one finding); SARIF and JSON agree with it (fixes / fix only when verified,
# assay/fixRejected / fix_rejected when rejected) and --stats counts the same; SARIF still
# validates; and every fix offered, applied to a copy of its file, really removes its
# finding there without adding one (an end-to-end check of the verifier's claim).
set -u
source "$(dirname "$0")/lib.sh"

cases="corpus/c.strcpy-unbounded corpus/c.gets corpus/c.bound-exceeds-buffer corpus/c.umask-permissive
       corpus/c.memset-swapped-args corpus/c.strncat-size corpus/c.sizeof-pointer corpus/c.unchecked-alloc
       corpus/c.double-free corpus/c.chroot-without-chdir corpus/c.chmod-world-writable corpus/c.alloc-size-overflow"
run() { "$ASSAY" --no-git --no-color --fail-on=none -q -j2 "$@"; }

# shellcheck disable=SC2086
run --format=gcc $cases >"$tmp/out.gcc" 2>/dev/null
run --format=json -o "$tmp/out.json" $cases 2>/dev/null
run --format=sarif -o "$tmp/out.sarif" $cases 2>/dev/null
run --format=gcc --stats $cases 2>"$tmp/stats.err" >/dev/null

fixits=$(grep -c '^fix-it:' "$tmp/out.gcc")
notes=$(grep -c ': note: fix not offered: check ([a-f]) ' "$tmp/out.gcc")
if [ "$fixits" -gt 0 ] && [ "$notes" -gt 0 ]; then
  ok "gcc: $fixits fix-it lines for verified fixes, $notes 'fix not offered' notes"
else
  not_ok "gcc: expected both fix-its and rejection notes, got $fixits and $notes"
fi

# the rejections the corpus is known to have, with their reasons
grep -q "^corpus/c.strcpy-unbounded/positive/copy_args.c:14:5: note: fix not offered: check (b) compile: new warning \"implicitly declaring library function 'snprintf'" "$tmp/out.gcc" &&
  ok "gcc: strcpy->snprintf in a file without <stdio.h> is rejected by the compile check" ||
  not_ok "gcc: no check (b) note for copy_args.c:14" "$(grep 'copy_args.c:14' "$tmp/out.gcc" | head -3)"
grep -q "^corpus/c.gets/positive/read_name.c:14:5: note: fix not offered: check (d) new finding: c.clang-unchecked-return at line 14" "$tmp/out.gcc" &&
  ok "gcc: gets->fgets with its result ignored is rejected as a new finding" ||
  not_ok "gcc: no check (d) note for read_name.c:14" "$(grep 'read_name.c:14' "$tmp/out.gcc" | head -3)"

# one diagnostic block per finding: never a fix-it and a rejection note in the same block
awk '/^[^ ].*: (warning|error): / { if (fix && rej) bad++; fix = rej = 0 }
     /^fix-it:/ { fix = 1 } /: note: fix not offered: / { rej = 1 }
     END { if (fix && rej) bad++; exit bad ? 1 : 0 }' "$tmp/out.gcc" &&
  ok "gcc: no finding has both a fix-it and a rejection note" ||
  not_ok "gcc: a finding shows a fix-it and says its fix was rejected"

node - "$tmp/out.json" "$tmp/out.sarif" "$notes" "$tmp/stats.err" <<'JS' && ok "JSON, SARIF and --stats agree with the gcc output on verified and rejected fixes" || not_ok "JSON / SARIF / --stats disagree" "$(cat "$tmp/stats.err" | grep fixes)"
const fs = require('fs');
const json = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')).filter(x => x.rule);
const sarif = JSON.parse(fs.readFileSync(process.argv[3], 'utf8')).runs[0].results;
const notes = Number(process.argv[4]);
const stats = fs.readFileSync(process.argv[5], 'utf8').match(/fixes: (\d+) verified, (\d+) rejected/);
const shown = json.filter(x => x.fix).length, rejected = json.filter(x => x.fix_rejected).length;
const bad = [];
if (json.some(x => x.fix && !x.fix.verified)) bad.push('JSON shows an unverified fix');
if (json.some(x => x.fix && x.fix_rejected)) bad.push('JSON shows a fix and its rejection');
if (rejected !== notes) bad.push(`JSON rejections ${rejected} != gcc notes ${notes}`);
const sarifFixes = sarif.filter(r => r.fixes).length;
const sarifRejected = sarif.filter(r => r.properties && r.properties['assay/fixRejected']).length;
if (sarifFixes !== shown || sarifRejected !== rejected) bad.push(`SARIF ${sarifFixes}/${sarifRejected} vs JSON ${shown}/${rejected}`);
if (sarif.some(r => r.fixes && r.properties && r.properties['assay/fixRejected'])) bad.push('SARIF result with both');
if (!stats || Number(stats[1]) !== shown || Number(stats[2]) !== rejected) bad.push(`--stats ${stats && stats[0]}`);
if (shown === 0) bad.push('no fix shown at all');
if (bad.length) { console.error(bad.join('\n')); process.exit(1); }
JS

# every offered fix, applied to a copy of its file: the finding is gone, nothing new comes
mkdir -p "$tmp/apply"
node - "$tmp/out.json" "$tmp/apply" <<'JS' >"$tmp/apply.list"
// writes apply/<n>/<path> patched with fix n, and prints "n path rule line count-before"
const fs = require('fs'), path = require('path');
const json = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')).filter(x => x.rule);
json.forEach((c, n) => {
  if (!c.fix) return;
  const lines = fs.readFileSync(c.path, 'utf8').split('\n');
  const edits = [...c.fix.edits].sort((a, b) => b.line - a.line || b.column - a.column);
  for (const e of edits) { // single-line edits are all the templates make
    if (e.line !== e.end_line) { console.error('multi-line edit'); process.exit(1); }
    const l = lines[e.line - 1];
    lines[e.line - 1] = l.slice(0, e.column - 1) + e.replacement + l.slice(e.end_column - 1);
  }
  const out = path.join(process.argv[3], String(n), c.path);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, lines.join('\n'));
  const before = json.filter(x => x.path === c.path).length;
  console.log(`${n} ${c.path} ${c.rule} ${c.line} ${before}`);
});
JS
applied=0 failed=
while read -r n file rule line before; do
  after=$(cd "$tmp/apply/$n" && "$ASSAY" --no-git --fail-on=none -q --format=json "$file" 2>/dev/null |
          node -e 'const a = JSON.parse(require("fs").readFileSync(0, "utf8")).filter(x => x.rule);
                   const [rule, line] = process.argv.slice(1);
                   console.log(a.length, a.filter(x => x.rule === rule && x.line === Number(line)).length)' "$rule" "$line")
  read -r count same <<<"$after"
  if [ "${same:-1}" -ne 0 ] || [ "${count:-999}" -ge "$before" ]; then failed="$failed $file:$line($rule: $after, before $before)"; fi
  applied=$((applied + 1))
done <"$tmp/apply.list"
if [ "$applied" -gt 0 ] && [ -z "$failed" ]; then
  ok "$applied offered fixes applied to copies: each removes its finding and adds none"
else
  not_ok "offered fixes that do not do what they claim ($applied applied)" "$failed"
fi

# SARIF with fixRejected properties still validates
multitool=$(ls "$BUILD"/deps/npm/node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool build/deps/npm/node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool 2>/dev/null | head -n1)
if [ -z "$multitool" ]; then
  skip "sarif-multitool validation" "sarif-multitool not installed (scripts/install-deps.sh puts it in build/deps/npm)"
else
  "$multitool" validate --rule-kind "Sarif;Gh" --level "Error;Warning" "$tmp/out.sarif" >"$tmp/multitool.out" 2>&1
  if grep -q "Done. 1 files scanned" "$tmp/multitool.out" && ! grep -qE ": error [A-Z]+[0-9]+:" "$tmp/multitool.out"; then
    ok "sarif-multitool: the SARIF with rejected fixes is valid"
  else
    not_ok "sarif-multitool rejects the SARIF" "$(grep -E ': error ' "$tmp/multitool.out" | head -5)"
  fi
fi
