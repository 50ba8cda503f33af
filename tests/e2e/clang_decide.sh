#!/usr/bin/env bash
# The libclang pass decides tree-sitter candidates: it dismisses what the compiler's view
# proves safe (text fixed at compile time, sizes the types bound, literals that fit) and
# keeps the look-alikes that are not. Both runs show every candidate (--min-certainty=low),
# so only dismissals make a difference.
set -u
source "$(dirname "$0")/lib.sh"

cat >"$tmp/d.c" <<'C'
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const actions[] = {"make", "make install", NULL};
static const char *const formats[] = {"%d\n", "%x\n"};
static const char *editable[] = {"ls", "id"};
static const char greeting[] = "hello %s\n";

struct header {
    uint16_t records;
};

void run(int i, int verbose, int hex, int v, const char *user, struct header *h, size_t n)
{
    char name[16];
    system(actions[i]);
    printf(formats[hex != 0], v);
    system(verbose ? "make V=1" : "make");
    printf(greeting, user);
    strcpy(name, "short");
    free(malloc(h->records * sizeof(double)));
    system(editable[i]);
    system(user);
    strcpy(name, "a string too long for it");
    (void)n;
}
C
lines() { grep -oE '^d\.c:[0-9]+:[0-9]+: (warning|error): .*\[[^]]+\]$' "$1" | sed -E 's/^d\.c:([0-9]+):.*\[([^]]+)\]$/\1 \2/' | sort -n | paste -sd, ; }
(cd "$tmp" && "$ASSAY" --no-git --no-color -q --fail-on=none --min-certainty=low --no-clang d.c) >"$tmp/scan" 2>/dev/null
(cd "$tmp" && "$ASSAY" --no-git --no-color -q --fail-on=none --min-certainty=low d.c) >"$tmp/both" 2>/dev/null
check "the scanner alone flags the look-alikes" \
  test "$(lines "$tmp/scan")" = "18 c.command-injection,19 c.format-nonliteral,23 c.alloc-size-overflow,24 c.command-injection,25 c.command-injection,26 c.strcpy-unbounded"
check "libclang dismisses const tables, fixed texts, literals that fit and type-bounded sizes" \
  test "$(lines "$tmp/both")" = "24 c.command-injection,25 c.command-injection,26 c.clang-buffer-overflow"

# commands and formats built in a local buffer: from constants only, dismissed; with a
# parameter's text in them, kept (low: the text comes from the caller)
cat >"$tmp/b.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int list(const char *dir)
{
    char cmd[64] = "ls ";
    strcat(cmd, "-l");
    system(cmd);
    char other[64];
    snprintf(other, sizeof other, "ls %s", dir);
    return system(other);
}

void show(const char *name)
{
    char fmt[32];
    strcpy(fmt, "%d items\n");
    printf(fmt, 3);
    char mixed[32];
    strcpy(mixed, name);
    printf(mixed);
}
C
(cd "$tmp" && "$ASSAY" --no-git --no-color -q --fail-on=none --min-certainty=low --format=json b.c) >"$tmp/b.json" 2>/dev/null
got=$(node -e 'const f = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(f.filter(x => /command-injection|format-nonliteral/.test(x.rule)).map(x => x.line + " " + x.rule + " " + x.certainty).join(","))' "$tmp/b.json")
check "a command or format built from constants is dismissed; one holding a parameter's text stays (low)" \
  test "$got" = "12 c.command-injection low,22 c.format-nonliteral low"
