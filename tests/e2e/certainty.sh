#!/usr/bin/env bash
# Certainty: the libclang pass grades what it could not decide. A format string, an
# allocation size or a copied string that comes from outside the function (a parameter)
# rests on a value assay cannot see: low certainty, not reported unless
# --min-certainty=low; the same sink fed by argv is proved: high, reported by default.
set -u
source "$(dirname "$0")/lib.sh"
run() { (cd "$tmp" && "$ASSAY" --no-git --no-color "$@"); }

cat >"$tmp/c.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void say(const char *message)
{
    printf(message);
}

int *table(size_t n)
{
    return malloc(n * sizeof(int));
}

void keep(const char *name)
{
    char copy[32];
    strcpy(copy, name);
    puts(copy);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        printf(argv[1]);
    say("hello\n");
    free(table(4));
    keep("x");
    return 0;
}
C
rules() { grep -oE '^c\.c:[0-9]+:[0-9]+: (warning|error): .*\[[^]]+\]$' "$1" | sed -E 's/^c\.c:([0-9]+):.*\[([^]]+)\]$/\1 \2/' | sort -n | paste -sd, ; }

run -q c.c >"$tmp/default" 2>"$tmp/err"; rc=$?
check "default: only the proved finding (argv as a format), exit 1" \
  test "$(rules "$tmp/default")" = "25 c.clang-format-string" -a "$rc" = 1
check "default with -q: nothing on stderr about hidden candidates" test ! -s "$tmp/err"
run -q --min-certainty=low c.c >"$tmp/low" 2>/dev/null
check "--min-certainty=low: the three parameter-fed candidates too" \
  test "$(rules "$tmp/low")" = "7 c.format-nonliteral,12 c.alloc-size-overflow,18 c.strcpy-unbounded,25 c.clang-format-string"
check "a low finding carries a note saying why" \
  grep -q "^c.c:7:5: note: low certainty: the format string comes from outside this function" "$tmp/low"
run -q --min-certainty=high --fail-on=none c.c >"$tmp/high" 2>/dev/null
check "--min-certainty=high keeps the proved finding" test "$(rules "$tmp/high")" = "25 c.clang-format-string"
run --stats --fail-on=none c.c >/dev/null 2>"$tmp/stats"
check "--stats says how many candidates were not reported" \
  grep -q "3 candidates of certainty below medium not reported (--min-certainty=low" "$tmp/stats"
run -q --no-clang --fail-on=none c.c >"$tmp/noclang" 2>/dev/null
check "--no-clang: undecided patterns are medium and reported" \
  test "$(rules "$tmp/noclang")" = "7 c.format-nonliteral,12 c.alloc-size-overflow,18 c.strcpy-unbounded,25 c.format-nonliteral"
run -q --min-certainty=low --format=json --fail-on=none c.c >"$tmp/json" 2>/dev/null
check "json: certainty of each finding" node -e '
  const f = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const got = f.map(x => x.line + " " + x.certainty).join(",");
  if (got !== "7 low,12 low,18 low,25 high") { console.error(got); process.exit(1); }
  if (!f[1].facts.certainty_reason.startsWith("the size comes from outside")) process.exit(1);' "$tmp/json"
run -q --min-certainty=low --format=sarif --fail-on=none c.c >"$tmp/sarif" 2>/dev/null
check "sarif: assay/certainty on results, precision on rules" node -e '
  const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).runs[0];
  const r = s.results.map(x => x.properties["assay/certainty"]).join(",");
  const rule = id => s.tool.driver.rules.find(x => x.id === id).properties.precision;
  if (r !== "low,low,low,high" || rule("c.clang-format-string") !== "high" || rule("c.format-nonliteral") !== "medium") {
    console.error(r); process.exit(1); }' "$tmp/sarif"
run --min-certainty=sure c.c >/dev/null 2>"$tmp/err"; rc=$?
check "an unknown --min-certainty is a usage error naming it" test "$rc" = 2 -a -n "$(grep "min-certainty: unknown certainty 'sure'" "$tmp/err")"
mkdir "$tmp/rules"; cp rules/c.gets.yml "$tmp/rules/"
printf 'certainty: sure\n' >>"$tmp/rules/c.gets.yml"
run --rules "$tmp/rules" c.c >/dev/null 2>"$tmp/err"; rc=$?
check "a rule file with a bad certainty names the file and line" \
  test "$rc" = 2 -a -n "$(grep -E "c.gets.yml:[0-9]+: bad certainty 'sure'" "$tmp/err")"

# assert with a side effect: <assert.h>'s is a pattern (medium); compiled out in this build
# (NDEBUG) it is certain; a project's own assert macro may never be removed (low)
cat >"$tmp/std.c" <<'C'
#include <assert.h>
#include <stddef.h>
char *next(char *p);
char *walk(char *p)
{
    assert((p = next(p)) != NULL);
    return p;
}
C
{ echo '#define NDEBUG 1'; cat "$tmp/std.c"; } >"$tmp/ndebug.c"
cat >"$tmp/own.c" <<'C'
#include <stdlib.h>
void fail_hard(const char *what, const char *file, int line);
#define assert(e) ((e) ? (void)0 : (fail_hard(#e, __FILE__, __LINE__), abort()))
char *next(char *p);
char *walk(char *p)
{
    assert((p = next(p)) != NULL);
    return p;
}
C
for f in std ndebug own; do
  run -q --min-certainty=low --format=json --fail-on=none $f.c >"$tmp/$f.json" 2>/dev/null
done
certainty_of() { node -e 'const f = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))
  .filter(x => x.rule === "c.assert-side-effect"); console.log(f.map(x => x.certainty).join(","))' "$1"; }
check "assert.h's assert with a side effect: medium" test "$(certainty_of "$tmp/std.json")" = medium
check "compiled out by NDEBUG in this build: high" test "$(certainty_of "$tmp/ndebug.json")" = high
check "the project's own assert macro: low, naming its handler" \
  test "$(certainty_of "$tmp/own.json")" = low -a -n "$(grep "calls fail_hard" "$tmp/own.json")"
