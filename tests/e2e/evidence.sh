#!/usr/bin/env bash
# Evidence (`decide: evidence`): a pattern about a value is medium only when the libclang
# pass found evidence for it; without evidence it is low (not reported by default) and says
# why in certainty_reason. Shapes reduced from false alarms on real code, next to the
# evidence-backed forms that stay reported.
set -u
source "$(dirname "$0")/lib.sh"
run() { (cd "$tmp" && "$ASSAY" --no-git --no-color --fail-on=none -q "$@"); }

cat >"$tmp/e.c" <<'C'
#include <stdio.h>
#include <stdlib.h>

int init(void);

int option(int argc, char **argv)
{
    return argc > 1 ? atoi(argv[1]) : 0;
}

int from_file(FILE *f)
{
    char line[32];
    if (!fgets(line, sizeof line, f)) return -1;
    return atoi(line);
}

int assign_and_test(char *d, const char *s)
{
    int rc;
    if (rc = init()) return rc;
    while (*d++ = *s++) ;
    return 0;
}

int typo(int uid)
{
    if (uid = 0) return 1;
    return 0;
}

void texts(const char *name, double ratio, int n)
{
    char who[16], share[16], num[4];
    sprintf(who, "%s", name);
    sprintf(share, "%f", ratio);
    sprintf(num, "%d", n);
    puts(who);
    puts(share);
    puts(num);
}

void *table(size_t n)
{
#ifdef ASSAY_NOT_DEFINED
    return malloc(n * sizeof(long));
#else
    return calloc(n, sizeof(long));
#endif
}
C
lines() { grep -oE '^e\.c:[0-9]+:[0-9]+: (warning|error): .*\[[^]]+\]$' "$1" |
          sed -E 's/^e\.c:([0-9]+):.*\[([^]]+)\]$/\1 \2/' | sort -n | paste -sd, ; }

run e.c >"$tmp/default" 2>&1
check "default: only the findings with evidence (a read, a constant assigned, integers too wide)" \
  test "$(lines "$tmp/default")" = "15 c.atoi-external-input,28 c.assignment-in-condition,37 c.sprintf-overflow"
run --min-certainty=low --format=json e.c >"$tmp/json" 2>/dev/null
check "low: every other candidate, each with the reason it has no evidence" node -e '
  const f = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).filter(x => x.rule);
  const want = {
    "8 c.atoi-external-input": "the text converted is not read from a file or socket",
    "21 c.assignment-in-condition": "assigns a call",
    "22 c.assignment-in-condition": "copies through pointers",
    "35 c.sprintf-overflow": "the output.s length rests on",
    "36 c.sprintf-overflow": "only a floating-point value",
    "46 c.alloc-size-overflow": "saw no call here"};
  for (const [k, re] of Object.entries(want)) {
    const x = f.find(y => y.line + " " + y.rule === k);
    if (!x || x.certainty !== "low" || !new RegExp(re).test(x.facts.certainty_reason || "")) {
      console.error("missing or wrong: " + k + " " + JSON.stringify(x && [x.certainty, x.facts.certainty_reason]));
      process.exit(1);
    }
  }' "$tmp/json"
run --no-clang e.c >"$tmp/noclang" 2>&1
check "--no-clang: the patterns are reported as found (nothing decides them)" \
  grep -q "^e.c:21:.*\[c.assignment-in-condition\]" "$tmp/noclang"
