#!/usr/bin/env bash
# clang.sh — the libclang pass as a user drives it: -p DIR and --compile-commands FILE give
# each file its own flags (a macro from an -I header decides a finding), a file missing from
# the database and a run without one each get ONE note, --no-clang turns the pass off, a
# broken database is a usage error naming it, a file clang cannot parse still gets its
# tree-sitter findings, and path findings carry their steps as gcc notes and SARIF codeFlows.
set -u
source "$(dirname "$0")/lib.sh"
run() { (cd "$tmp/proj" && "$ASSAY" --no-git --no-color --fail-on=none "$@"); }

mkdir -p "$tmp/proj/src" "$tmp/proj/include" "$tmp/proj/build"
cat > "$tmp/proj/include/limits_app.h" <<'C'
#define NAME_MAX_APP 8
C
cat > "$tmp/proj/src/user.c" <<'C'
#include <stdlib.h>
#include <string.h>
#include "limits_app.h"

struct user { char name[NAME_MAX_APP]; };

void user_rename(struct user *u)
{
    strcpy(u->name, "administrator");
}

char *user_copy(const char *src, int fail)
{
    char *p = malloc(64);
    if (p == NULL) return NULL;
    strncpy(p, src, 63);
    if (fail) free(p);
    p[63] = '\0';
    return p;
}
C
cp "$tmp/proj/src/user.c" "$tmp/proj/src/extra.c"
cat > "$tmp/proj/build/compile_commands.json" <<JSON
[{"directory": "$tmp/proj/src", "file": "user.c",
  "command": "cc -c -I../include -DNDEBUG -o user.o user.c"}]
JSON

# -p DIR: the header resolves, so the struct member's size is known
run -v -p build src/user.c >"$tmp/out" 2>"$tmp/err"
check "-p: overflow of an 8-byte member found through the -I header" \
  grep -q '^src/user.c:9:.*strcpy() writes up to 14 bytes into a 8-byte buffer \[c.clang-buffer-overflow\]$' "$tmp/out"
check "-p: a file in the database gets no note" bash -c "! grep -q 'src/user.c' '$tmp/err'"
check "-p: use after free on the fail path" grep -q '^src/user.c:18:.*\[c.clang-use-after-free\]$' "$tmp/out"
check "gcc notes carry the path (allocated, released)" \
  bash -c "grep -q '^src/user.c:14:.*note: allocated here' '$tmp/out' && grep -q '^src/user.c:17:.*note: released here' '$tmp/out'"

# --compile-commands FILE, and a file the database does not list
run -v --compile-commands build/compile_commands.json src/extra.c >"$tmp/out" 2>"$tmp/err"
check "--compile-commands: a missing file borrows flags and gets one note" \
  bash -c "[ \$(grep -c 'src/extra.c: .*not in the compilation database' '$tmp/err') = 1 ]"
check "--compile-commands: the borrowed -I still resolves the header" grep -q '\[c.clang-buffer-overflow\]$' "$tmp/out"

# no database: one summarised note about the include (moved out of the tree, so the
# include folders assay guesses from the tree do not find it either)
mv "$tmp/proj/include" "$tmp/include-away"
run -v src/user.c >"$tmp/out" 2>"$tmp/err"
mv "$tmp/include-away" "$tmp/proj/include"
check "no database: one note naming the missing include" \
  bash -c "[ \$(grep -c 'src/user.c: .*include not found.*limits_app.h' '$tmp/err') = 1 ]"
check "no database: path checks still run" grep -q '\[c.clang-use-after-free\]$' "$tmp/out"

# --no-clang: no libclang finding at all
run --no-clang -p build src/user.c >"$tmp/out" 2>"$tmp/err"
check "--no-clang: no c.clang-* findings" bash -c "! grep -q '\[c.clang-' '$tmp/out'"

# a broken database is a usage error that names it
echo '{ not json' > "$tmp/proj/build/compile_commands.json"
run -p build src/user.c >"$tmp/out" 2>"$tmp/err"; rc=$?
check "broken database: exit 2" [ $rc = 2 ]
check "broken database: the message names the file" grep -q 'compile_commands.json' "$tmp/err"
run -p nowhere src/user.c >"$tmp/out" 2>"$tmp/err"; rc=$?
check "missing -p folder: exit 2 naming it" bash -c "[ $rc = 2 ] && grep -q nowhere '$tmp/err'"

# SARIF: codeFlows with the steps, and the rule described
run --format sarif src/user.c >"$tmp/out.sarif" 2>/dev/null
check "SARIF: codeFlows present for path findings" grep -q '"codeFlows"' "$tmp/out.sarif"
check "SARIF: the libclang rule is described" grep -q '"c.clang-use-after-free"' "$tmp/out.sarif"

# a file libclang cannot make sense of: the run goes on
printf 'int main( { \x01\x02 \xff\xfe\n#include <nothere.h>\nchar *gets(char *); void f(void){ char b[4]; gets(b); }\n' > "$tmp/proj/src/junk.c"
run src/junk.c src/user.c >"$tmp/out" 2>"$tmp/err"; rc=$?
check "unparseable file: the run finishes (exit 0 with --fail-on=none)" [ $rc = 0 ]
check "unparseable file: other files still analysed" grep -q '^src/user.c:.*\[c.clang-use-after-free\]$' "$tmp/out"
