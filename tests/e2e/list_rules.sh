#!/usr/bin/env bash
# assay --list-rules and --explain: every rule of rules/ listed once with the columns the
# help names, aligned; --format=json says the same; `fix` is yes exactly for the rule files
# with a fix template; --explain of every rule works and shows its corpus examples;
# toggles and the configuration show in the enabled column; an unknown rule is exit 2.
set -u
source "$(dirname "$0")/lib.sh"

"$ASSAY" --list-rules >"$tmp/table" 2>"$tmp/err"; rc=$?
[ $rc = 0 ] || not_ok "--list-rules exits 0" "rc=$rc $(cat "$tmp/err")"
want=$(ls rules/*.yml | sed 's|rules/||; s|\.yml$||' | sort)
got=$(tail -n +2 "$tmp/table" | awk '{print $1}' | sort)
[ "$want" = "$got" ] && ok "--list-rules: every rule once" || not_ok "every rule once" "$(diff <(echo "$want") <(echo "$got") | head)"
head -1 "$tmp/table" | grep -qE '^id +severity +cwe +engine +certainty +fix +enabled$' && ok "header names the columns" \
  || not_ok "header" "$(head -1 "$tmp/table")"
# aligned: each column starts at the header's offset on every line
offsets() { awk '{ line=$0; s=""; pos=1; while (match(line, /[^ ]+/)) { s=s" "(pos+RSTART-1); pos+=RSTART+RLENGTH-1; line=substr(line, RSTART+RLENGTH) } print s }' "$1" | sort -u; }
[ "$(offsets "$tmp/table" | wc -l)" = 1 ] && ok "columns aligned" || not_ok "columns aligned" "$(offsets "$tmp/table" | head -3)"
for f in rules/*.yml; do
  id=$(basename "$f" .yml)
  has=no; grep -q '^fix:' "$f" && has=yes
  line=$(awk -v id="$id" '$1==id' "$tmp/table")
  [ "$(echo "$line" | awk '{print $6}')" = "$has" ] || { not_ok "fix column of $id" "$line"; }
  sev=$(sed -n 's/^severity: *//p' "$f")
  [ "$(echo "$line" | awk '{print $2}')" = "$sev" ] || not_ok "severity of $id" "$line"
done
ok "fix and severity columns match the rule files"

"$ASSAY" --list-rules --format=json >"$tmp/rules.json" && node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1]));
const table = require("fs").readFileSync(process.argv[2], "utf8").trim().split("\n").slice(1).map(l => l.split(/ +/));
if (r.length !== table.length) throw new Error("json has " + r.length + ", table " + table.length);
r.forEach((x, i) => {
  const t = table[i];
  for (const k of ["id", "severity", "engine", "certainty"]) if (typeof x[k] !== "string") throw new Error(x.id + ": " + k);
  if (x.id !== t[0] || x.severity !== t[1] || (x.cwe || "-") !== t[2] || x.engine !== t[3] || (x.fix ? "yes" : "no") !== t[5])
    throw new Error("json and table differ on " + x.id);
});' "$tmp/rules.json" "$tmp/table" 2>"$tmp/err" && ok "--format=json: the same rules and values" || not_ok "json" "$(cat "$tmp/err")"

"$ASSAY" --list-rules --disable='c.str*' >"$tmp/off"
awk '$1 ~ /^c\.str/ && $7 != "no" {bad=1} $1 ~ /^c\.gets$/ && $7 != "yes" {bad=1} END{exit bad}' "$tmp/off" \
  && ok "--disable shows in the enabled column" || not_ok "enabled column" "$(grep '^c.str' "$tmp/off")"

bad=""
for f in rules/*.yml; do
  id=$(basename "$f" .yml)
  "$ASSAY" --explain "$id" >"$tmp/explain" 2>"$tmp/err" || { bad="$bad $id(rc)"; continue; }
  head -1 "$tmp/explain" | grep -q "^$id: " || bad="$bad $id(head)"
  # a rule with a labelled positive case shows a marked line from it, without the label
  if grep -rqE "// *expect:.*\b$id\b" "corpus/$id/positive" 2>/dev/null; then
    grep -qE "^  >  *[0-9]+ \| " "$tmp/explain" || bad="$bad $id(example)"
    grep -q "expect:" "$tmp/explain" && bad="$bad $id(label)"
  fi
done
[ -z "$bad" ] && ok "--explain of every rule: description and corpus examples" || not_ok "--explain" "$bad"
"$ASSAY" --explain c.gets >"$tmp/gets"
grep -q "What to do:" "$tmp/gets" && grep -q "corpus/c.gets/positive/" "$tmp/gets" && grep -q "Not flagged" "$tmp/gets" \
  && ok "--explain c.gets: help, a flagged case and safe look-alikes" || not_ok "--explain c.gets" "$(cat "$tmp/gets")"
"$ASSAY" --explain c.no-such-rule >/dev/null 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && grep -q "no such rule" "$tmp/err" && ok "--explain of an unknown rule: exit 2" || not_ok "unknown rule" "rc=$rc"
