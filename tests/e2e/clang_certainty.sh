#!/usr/bin/env bash
# clang_certainty.sh — the libclang pass on code it sees only in part, as on a real project
# linted without its build: include folders are guessed from the tree (quoted includes from
# any header folder, <proj/x.h> from include/, never hiding a system header), the same tree
# gives the same flags, a finding in a function libclang could not fully parse is low and
# says why, one stderr line and --stats count the files not fully parsed; with -p a header
# missing from the database borrows its sibling source file's command and an inferred
# command's `--` no longer fails the parse; messages name what they know.
set -u
ASSAY=${ASSAY:-$PWD/build/assay}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
ok()     { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "#   $l"; done; }
check()  { local name=$1; shift; if "$@"; then ok "$name"; else not_ok "$name"; fi; }
run() { (cd "$tmp/proj" && "$ASSAY" --no-git --no-color --fail-on=none "$@"); }

# ---- a project without its build: headers in lib/ and include/proj/ --------------------------
mkdir -p "$tmp/proj/src" "$tmp/proj/lib" "$tmp/proj/include/proj" "$tmp/proj/compat"
cat > "$tmp/proj/lib/sizes.h" <<'C'
#define NAME_LEN 8
C
cat > "$tmp/proj/include/proj/errors.h" <<'C'
enum proj_error { PROJ_OK = 0, PROJ_OUT_OF_MEMORY = 27 };
C
# a project header named like a system one must not replace it
cat > "$tmp/proj/compat/string.h" <<'C'
#error "the project's compat string.h was taken for the system's"
C
cat > "$tmp/proj/src/name.c" <<'C'
#include <stdlib.h>
#include <string.h>
#include "sizes.h"
#include <proj/errors.h>

struct named { char name[NAME_LEN]; };

void rename_it(struct named *n)
{
    strcpy(n->name, "administrator");
}

int copy_name(char **out, const char *src)
{
    char *p = strdup(src);
    if (!p)
        return PROJ_OUT_OF_MEMORY;
    p[0] = 'x';
    *out = p;
    return PROJ_OK;
}
C
run -v --min-certainty=low src/name.c >"$tmp/out" 2>"$tmp/err"
check "no database: a quoted include from another header folder resolves" \
  grep -q '^src/name.c:10:.*\[c.clang-buffer-overflow\]$' "$tmp/out"
check "no database: <proj/errors.h> resolves through include/ (the return is kept: no NULL finding)" \
  bash -c "! grep -q 'c.clang-null-dereference' '$tmp/out'"
check "no database: nothing left unresolved, no partly-parsed note" \
  bash -c "! grep -q 'not found\|could not fully parse\|#error' '$tmp/err'"
run --min-certainty=low --format=json src/name.c >"$tmp/a.json" 2>/dev/null
run --min-certainty=low --format=json src/name.c >"$tmp/b.json" 2>/dev/null
check "the same tree gives the same findings" cmp -s "$tmp/a.json" "$tmp/b.json"

# ---- a function libclang could not fully parse: low, saying why ------------------------------
cat > "$tmp/proj/src/partial.c" <<'C'
#include <stdlib.h>
#include <string.h>
#include "not_in_this_tree.h"

int dup_host(char **out, const char *host)
{
    char *p = strdup(host);
    if (!p)
        return HOST_OUT_OF_MEMORY;
    p[0] = 'x';
    *out = p;
    return 0;
}

void drop_twice(char *q)
{
    free(q);
    free(q);
}

void tidy(char *r)
{
    free(r);
    Project_safefree(r);
    r[0] = 0;
}
C
run --min-certainty=low src/partial.c >"$tmp/low" 2>"$tmp/err"
run --min-certainty=medium src/partial.c >"$tmp/medium" 2>/dev/null
check "a dropped return's NULL path is found, and low" \
  bash -c "grep -q '^src/partial.c:10:.*\[c.clang-null-dereference\]$' '$tmp/low' && ! grep -q 'c.clang-null-dereference' '$tmp/medium'"
check "the reason names the function and the first diagnostic" \
  grep -q "^src/partial.c:10:[0-9]*: note: low certainty: libclang could not fully parse dup_host(): line 9: use of undeclared identifier 'HOST_OUT_OF_MEMORY'" "$tmp/low"
check "an unknown function-like macro in the function makes its findings low" \
  bash -c "grep -q '^src/partial.c:25:.*\[c.clang-use-after-free\]$' '$tmp/low' && grep -q \"^src/partial.c:25:[0-9]*: note: low certainty: libclang could not fully parse tidy(): line 24: implicit declaration of function 'Project_safefree'\" '$tmp/low'"
check "a double free of a parameter names the caller" \
  grep -q '^src/partial.c:18:.*: memory passed in by the caller is freed twice on this path \[c.clang-double-free\]$' "$tmp/low"
run src/partial.c >"$tmp/out" 2>"$tmp/err"
check "low findings are not reported by default" bash -c "! grep -q 'c.clang-null-dereference\|c.clang-use-after-free' '$tmp/out'"
check "one stderr line counts the files not fully parsed" \
  bash -c "[ \$(grep -c 'libclang could not fully parse 1 of 1 file (no compile_commands.json: include folders were guessed' '$tmp/err') = 1 ]"
run --stats src/partial.c src/name.c >/dev/null 2>"$tmp/err"
check "--stats counts them too" grep -q '; 1 not fully parsed by libclang;' "$tmp/err"

# ---- -p: headers the database does not list ------------------------------------------------
mkdir -p "$tmp/proj/build"
cat > "$tmp/proj/src/user.c" <<'C'
#include "user.h"
int main(void) { return 0; }
C
cat > "$tmp/proj/src/user.h" <<'C'
#include <string.h>
#include "sizes.h"
struct user { char name[NAME_LEN]; };
static inline void user_rename(struct user *u) { strcpy(u->name, "administrator"); }
C
cat > "$tmp/proj/include/proj/twice.h" <<'C'
#include <stdlib.h>
static inline void twice(void) { char *p = malloc(4); free(p); free(p); }
C
cat > "$tmp/proj/build/compile_commands.json" <<JSON
[{"directory": "$tmp/proj/src", "file": "user.c",
  "command": "cc -c -I../lib -I../include -o user.o user.c"}]
JSON
run -v -p build src/user.h >"$tmp/out" 2>"$tmp/err"
check "-p: a header uses its sibling source file's command" \
  grep -q 'src/user.h: note: not in the compilation database; parsed with the flags of user.c' "$tmp/err"
check "-p: with it the header's macro resolves" grep -q '^src/user.h:4:.*\[c.clang-buffer-overflow\]$' "$tmp/out"
run -v -p build include/proj/twice.h >"$tmp/out" 2>"$tmp/err"
check "-p: a header without a sibling parses with the inferred command (no error 4)" \
  bash -c "! grep -q 'could not parse the file' '$tmp/err' && grep -q '\[c.clang-double-free\]$' '$tmp/out'"
check "-p: no guessing with a database (no parse count line)" \
  bash -c "! grep -q 'include folders were guessed' '$tmp/err'"

# ---- a header whose type libclang does not know: its declarations are invalid ---------------
# (a guessed include folder gives a Windows config header: SSIZE_T is unknown, so every
# prototype using it is invalid, and libclang drops the code calling those functions)
cat > "$tmp/proj/lib/evconfig.h" <<'C'
#define ev_ssize_t SSIZE_T
#define EV_LEN(v) ev_ssize_t v = 0
long buffer_copyout(void *buf, void *out, ev_ssize_t len);
C
cat > "$tmp/proj/src/copy.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include "evconfig.h"
#define CHECK_EQ(a, b) do { long val1_ = (long)(a); long val2_ = (long)(b); \
    if (val1_ != val2_) printf("%ld != %ld\n", val1_, val2_); } while (0)

void test_copyout(void *buf, char tmp[10])
{
    CHECK_EQ(10, buffer_copyout(buf, tmp, 10));
}

void release(char *q)
{
    EV_LEN(n);
    char *r = q;
    free(r);
    q[0] = 0;
}

void twice(void)
{
    char *p = malloc(4);
    free(p);
    free(p);
}
C
run -v --min-certainty=low src/copy.c >"$tmp/low" 2>"$tmp/err"
run src/copy.c >"$tmp/out" 2>/dev/null
check "a call of a function whose prototype is invalid makes its caller's findings low" \
  bash -c "grep -q '^src/copy.c:9:.*\[c.clang-uninitialized-use\]$' '$tmp/low' && ! grep -q 'c.clang-uninitialized-use' '$tmp/out'"
check "the reason names the invalid declaration and the header's first diagnostic" \
  grep -q "^src/copy.c:9:[0-9]*: note: low certainty: libclang could not fully parse test_copyout(): it uses buffer_copyout, whose declaration libclang could not compile (evconfig.h:3: unknown type name 'SSIZE_T')" "$tmp/low"
check "an error spelled in a header but used in the function makes its findings low" \
  grep -q "^src/copy.c:17:[0-9]*: note: low certainty: libclang could not fully parse release(): line 14: use of undeclared identifier 'SSIZE_T'" "$tmp/low"
check "a function untouched by the broken header keeps its certainty" \
  bash -c "grep -q '^src/copy.c:24:.*\[c.clang-double-free\]$' '$tmp/out' && ! grep -q '^src/copy.c:24:.*low certainty' '$tmp/low'"
check "header errors are counted in the file's notice" \
  grep -q "^src/copy.c: note: libclang reported 2 errors (evconfig.h:3: unknown type name 'SSIZE_T'); results may be incomplete" "$tmp/err"

echo "1..$n"
