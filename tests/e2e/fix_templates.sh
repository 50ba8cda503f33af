#!/usr/bin/env bash
# Every rule template's fix, tried for real (rules/*.yml `fix*` keys; corpus/<rule>/fix/).
# Each case file's first line says what must happen to the finding of its folder's rule:
#   /* fix-case: verified ...      the fix is offered; `assay --fix` on a copy removes that
#                                  finding, adds none, and the file still compiles
#                                  (cc -fsyntax-only -Werror=implicit-function-declaration)
#   /* fix-case: rejected (x) ...  the template drafts a fix and the verifier refuses it by
#                                  check x (a note `fix not offered: check (x) ...`); --fix
#                                  leaves the file as it was
#   /* fix-case: not offered ...   the template's fix-requires keep it from drafting any fix
# The finding of the rule may be reported by the libclang rule that absorbed it
# (also_reported_by). Every rule with a `fix:` key must have a verified case.
set -u
source "$(dirname "$0")/lib.sh"

CC=${CC:-cc}
run() { "$ASSAY" --no-git --no-color --fail-on=none -q --min-certainty=low "$@"; }
# JSON findings of one file as "rule line fix-state [check]" lines; fix-state is fix,
# rejected or none, for the finding of RULE (or the finding that absorbed it)
summary() {
  node -e '
    const [rule] = process.argv.slice(1);
    const all = JSON.parse(require("fs").readFileSync(0, "utf8")).filter(x => x.rule);
    for (const x of all) {
      const by = ((x.facts || {}).also_reported_by || "").split(",").map(s => s.trim());
      const mine = x.rule === rule || by.includes(rule);
      const state = !mine ? "-" : x.fix && x.fix.verified ? "fix" : x.fix_rejected ? "rejected" : "none";
      const check = x.fix_rejected ? (x.fix_rejected.match(/^check \(([a-f])\)/) || [, "?"])[1] : "";
      console.log(`${x.rule} ${x.line} ${state} ${check}`.trim());
    }' "$1"
}

cases=0 verified_rules=
for rulefile in rules/*.yml; do
  grep -q '^fix:' "$rulefile" || continue
  rule=$(basename "$rulefile" .yml)
  found=0
  for f in corpus/"$rule"/fix/*.c; do
    [ -f "$f" ] || continue
    found=1 cases=$((cases + 1))
    want=$(sed -nE '1s#^/\* fix-case: (verified|rejected \(([a-f])\)|not offered).*#\1#p' "$f")
    [ -n "$want" ] || { not_ok "$f: first line must be '/* fix-case: verified|rejected (x)|not offered ...'"; continue; }
    dir="$tmp/$cases" name=$(basename "$f")
    mkdir -p "$dir" && cp "$f" "$dir/$name"
    (cd "$dir" && run --format=json "$name" 2>/dev/null) | summary "$rule" >"$dir/before"
    mine=$(awk '$3 != "-"' "$dir/before")
    if [ -z "$mine" ]; then not_ok "$f: no finding of $rule to fix" "$(cat "$dir/before")"; continue; fi
    (cd "$dir" && "$ASSAY" --no-git --no-color --fail-on=none --min-certainty=low --fix "$name" >/dev/null 2>"$dir/fix.err")
    case $want in
      verified)
        (cd "$dir" && run --format=json "$name" 2>/dev/null) | summary "$rule" >"$dir/after"
        # lines do not move under the templates' edits (one-line inserts and replacements)
        gone=$(comm -23 <(cut -d' ' -f1,2 "$dir/before" | sort) <(cut -d' ' -f1,2 "$dir/after" | sort))
        new=$(comm -13 <(cut -d' ' -f1,2 "$dir/before" | sort) <(cut -d' ' -f1,2 "$dir/after" | sort))
        if ! grep -q ' fix$' <<<"$mine"; then
          not_ok "$f: $rule's fix is not offered" "$mine" "$(cat "$dir/fix.err")"
        elif ! grep -q '^assay: fixed [1-9]' "$dir/fix.err"; then
          not_ok "$f: --fix did not fix it" "$(cat "$dir/fix.err")"
        elif [ -z "$gone" ] || [ -n "$new" ] || awk '$3 != "-"' "$dir/after" | grep -q .; then
          not_ok "$f: after --fix the finding must be gone and nothing new" "gone: $gone" "new: $new"
        elif ! "$CC" -fsyntax-only -Werror=implicit-function-declaration "$dir/$name" 2>"$dir/cc.err"; then
          not_ok "$f: the fixed file does not compile" "$(head -5 "$dir/cc.err")"
        else
          ok "$rule: $name fixed ($(grep -c . <<<"$gone") finding(s) gone, none new, compiles)"
          verified_rules="$verified_rules $rule"
        fi ;;
      rejected*)
        letter=${want#rejected (} letter=${letter%)}
        if ! awk -v l="$letter" '$3 == "rejected" && $4 == l { found = 1 } END { exit !found }' <<<"$mine"; then
          not_ok "$f: expected $rule's fix rejected by check ($letter)" "$mine"
        elif ! cmp -s "$f" "$dir/$name"; then
          not_ok "$f: --fix changed a file whose fix was rejected"
        else
          (cd "$dir" && run "$name" 2>/dev/null) >"$dir/out.gcc"
          if grep -q "^$name:[0-9]*:[0-9]*: note: fix not offered: check ($letter) " "$dir/out.gcc"; then
            ok "$rule: $name rejected by check ($letter), named in a note, file left as it was"
          else
            not_ok "$f: no 'fix not offered: check ($letter)' note" "$(grep note: "$dir/out.gcc" | head -3)"
          fi
        fi ;;
      'not offered')
        if grep -q ' fix$\| rejected' <<<"$mine"; then
          not_ok "$f: a fix was drafted where the template's requirements exclude it" "$mine"
        elif ! cmp -s "$f" "$dir/$name"; then
          not_ok "$f: --fix changed the file"
        else
          ok "$rule: $name gets no fix (the template does not apply), file left as it was"
        fi ;;
    esac
  done
  [ "$found" = 1 ] || not_ok "$rule has a fix template but no case in corpus/$rule/fix/"
  [[ " $verified_rules " == *" $rule "* ]] || not_ok "$rule has no verified fix case in corpus/$rule/fix/"
done
templates=$(grep -l '^fix:' rules/*.yml | wc -l)
[ "$cases" -gt 0 ] && ok "$templates rules carry a fix template; $cases fix cases tried" ||
  not_ok "no fix case found"
