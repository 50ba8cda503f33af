#!/usr/bin/env bash
# One finding per flaw, as a user sees it (analyzer/lint/merge_findings.h): the libclang NULL
# dereference at the use absorbs c.unchecked-alloc at the malloc() its flow starts from,
# names it (also_reported_by, also_reported_at), and a suppression of either id on either
# line silences the merged report.
set -u
source "$(dirname "$0")/lib.sh"

write() { # write FILE MARK: the case, with MARK as the comment on the malloc line
  cat >"$1" <<C
#include <stdlib.h>
struct node { int v; };
struct node *mk(int v)
{
    struct node *n = malloc(sizeof *n); $2
    n->v = v;
    return n;
}
C
}
run() { "$ASSAY" --no-git --no-color --fail-on=none -q --min-certainty=low "$@" 2>/dev/null; }

write "$tmp/plain.c" ""
run --format=json "$tmp/plain.c" >"$tmp/plain.json"
node - "$tmp/plain.json" <<'JS' && ok "merged: one finding, the NULL dereference, naming c.unchecked-alloc at the malloc line" || not_ok "merged: $(head -c 300 "$tmp/plain.json")"
const f = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8')).filter(x => x.rule);
process.exit(f.length === 1 && f[0].rule === 'c.clang-null-dereference' && f[0].line === 6 &&
             f[0].facts.also_reported_by === 'c.unchecked-alloc' &&
             /^c\.unchecked-alloc:5:\d+$/.test(f[0].facts.also_reported_at) ? 0 : 1);
JS

write "$tmp/at_alloc.c" "// assay-ignore[c.unchecked-alloc]: abort on OOM is fine here"
out=$(run --format=gcc "$tmp/at_alloc.c")
if [ -z "$out" ]; then ok "a suppression of the absorbed id on its own line silences the merged finding"
else not_ok "suppression on the malloc line: $out"; fi

write "$tmp/other.c" "// assay-ignore[c.gets]: names another rule"
out=$(run --format=gcc "$tmp/other.c")
if grep -q 'c.clang-null-dereference' <<<"$out"; then ok "a suppression of an unrelated rule does not"
else not_ok "unrelated suppression silenced it: $out"; fi
