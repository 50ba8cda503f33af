#!/usr/bin/env bash
# .assay.yml as a project uses it: found upward from the linted path (from whichever folder
# assay runs), exclude, per-folder overrides of rules and failure level, the command line
# winning over the file, --config and --no-config, and mistakes reported with the file,
# line and key (exit status 2).
set -u
source "$(dirname "$0")/lib.sh"

p=$tmp/proj
mkdir -p "$p/src/tests" "$p/third_party" "$tmp/elsewhere"
bad='#include <string.h>
void copy(const char *s) { char b[8]; strcpy(b, s); }'
printf '%s\n' "$bad" > "$p/src/a.c"
printf '%s\n' "$bad" > "$p/src/tests/t.c"
printf '%s\n' "$bad" > "$p/third_party/x.c"
run() { (cd "$tmp/elsewhere" && "$ASSAY" --root "$p" --no-git --no-clang --no-color -q --format=json "$@" >"$tmp/out" 2>"$tmp/err"); echo $?; }
paths() { node -e 'const f=JSON.parse(require("fs").readFileSync(process.argv[1]));console.log([...new Set(f.map(x=>x.path))].sort().join(" "))' "$tmp/out"; }

rc=$(run "$p")
[ "$rc" = 1 ] && [ "$(paths)" = "src/a.c src/tests/t.c third_party/x.c" ] && ok "no file: every finding, exit 1" \
  || not_ok "no file" "rc=$rc $(paths) $(cat "$tmp/err")"

cat > "$p/.assay.yml" <<'YML'
# the project's settings
exclude: [third_party]
overrides:
  - paths: src/tests
    rules:
      disable: ['c.strcpy-*']
YML
rc=$(run "$p/src")
[ "$rc" = 1 ] && [ "$(paths)" = "src/a.c" ] && ok "found upward from the linted folder: exclude and an override apply" \
  || not_ok "found upward" "rc=$rc paths=$(paths) $(cat "$tmp/err")"
rc=$(run "$p/src/tests/t.c")
[ "$rc" = 0 ] && [ "$(paths)" = "" ] && ok "found upward from a linted file: its folder's override turns the rule off" \
  || not_ok "found upward from a file" "rc=$rc paths=$(paths)"
rc=$(run --enable='c.strcpy-*' "$p/src/tests")
[ "$rc" = 1 ] && [ "$(paths)" = "src/tests/t.c" ] && ok "--enable on the command line wins over the override" \
  || not_ok "--enable wins" "rc=$rc paths=$(paths)"
rc=$(run --no-config "$p")
[ "$(paths)" = "src/a.c src/tests/t.c third_party/x.c" ] && ok "--no-config reads no file" || not_ok "--no-config" "$(paths)"

printf 'fail-on: error\n' > "$tmp/strict.yml"
rc=$(run --config "$tmp/strict.yml" "$p/src/a.c")
[ "$rc" = 0 ] && ok "--config FILE: its fail-on (error) lets a warning pass" || not_ok "--config FILE" "rc=$rc $(cat "$tmp/err")"
rc=$(run --config "$tmp/strict.yml" --fail-on=warning "$p/src/a.c")
[ "$rc" = 1 ] && ok "--fail-on on the command line wins over the file" || not_ok "--fail-on wins" "rc=$rc"

printf 'overrides:\n  - paths: [src/tests]\n    fail-on: none\n' > "$p/.assay.yml"
rc=$(run "$p/src/tests")
[ "$rc" = 0 ] && [ "$(paths)" = "src/tests/t.c" ] && ok "per-folder fail-on: reported, exit 0" \
  || not_ok "per-folder fail-on" "rc=$rc paths=$(paths)"
printf 'min-certainty: high\n' > "$p/.assay.yml"
rc=$(run "$p/src/a.c")
[ "$rc" = 0 ] && [ "$(paths)" = "" ] && ok "min-certainty from the file" || not_ok "min-certainty" "rc=$rc $(paths)"

# mistakes: file, line, key; exit 2
expect_error() { # NAME CONTENT MESSAGE
  printf '%s' "$2" > "$p/.assay.yml"
  rc=$(run "$p/src")
  if [ "$rc" = 2 ] && grep -qF "assay: $p/.assay.yml:$3" "$tmp/err"; then ok "$1"
  else not_ok "$1" "rc=$rc" "$(cat "$tmp/err")"; fi
}
expect_error "unknown key" $'fail-on: error\nexclud: [x]\n' "2: unknown key 'exclud'"
expect_error "bad value" $'\n\nfail-on: loud\n' "3: fail-on: unknown level 'loud'"
expect_error "unknown rule" $'rules:\n  disable: [c.no-such-rule]\n' "2: rules.disable: no rule matches 'c.no-such-rule'"
expect_error "YAML syntax" $'exclude: [a\n' ""
rm -f "$p/.assay.yml"
rc=$(run --config "$tmp/missing.yml" "$p/src")
[ "$rc" = 2 ] && grep -q "missing.yml: No such file" "$tmp/err" && ok "--config of a missing file: exit 2" \
  || not_ok "--config missing" "rc=$rc $(cat "$tmp/err")"
