#!/usr/bin/env bash
# bad_input.sh — odd inputs get findings or a clear per-file diagnostic, never a crash, and
# assay never modifies a file it reads: empty, binary, non-UTF-8, 1 MB lines, syntax
# errors, unreadable entries (dangling symlink, FIFO, and chmod 000 when not root),
# symlink loops, and a folder of 10,000 files. Trees are built in a temp dir.
set -u
source "$(dirname "$0")/lib.sh"
findings_of() { grep -cE '^[^ :]+:[0-9]+:[0-9]+: (error|warning|note): ' "$1"; }
no_crash() { [ "$1" -le 2 ]; }   # 0, 1 or 2; a signal shows as 128+

smell='    gets(buf);'
mkdir -p "$tmp/t"
cd "$tmp/t"
printf '#include <stdio.h>\nvoid f(void)\n{\n    char buf[8];\n%s\n}\n' "$smell" >smell.c
"$ASSAY" -q --fail-on=none --no-git smell.c >ref.out 2>&1
check "the reference smell is found" test "$(findings_of ref.out)" -ge 1

# ---- empty, binary, non-UTF-8, long lines, syntax errors ----------------------------------
: >empty.c
"$ASSAY" -q empty.c >out 2>err; rc=$?
check "an empty file lints cleanly (exit 0)" test "$rc" = 0 -a ! -s out

{ printf 'int x;\0\1\2\3'; head -c 2000 /dev/urandom; } >binary.c
"$ASSAY" -q --fail-on=none --no-git binary.c smell.c >out 2>err; rc=$?
check "a binary file is skipped with 'path: problem' on stderr" grep -q '^binary.c: binary file' err
check "... and the other files are still linted" test "$rc" = 0 -a "$(findings_of out)" -ge 1
"$ASSAY" -q binary.c >out 2>err; rc=$?
check "only unreadable files: exit 2 saying none could be read" test "$rc" = 2 -a -n "$(grep 'could be read' err)"

printf '/* caf\xe9 \xff\xfe latin-1 and junk */\n#include <stdio.h>\nvoid f(void)\n{\n    char buf[8];\n%s\n}\n' "$smell" >latin1.c
"$ASSAY" -q --fail-on=none latin1.c >out 2>err; rc=$?
check "non-UTF-8 bytes are linted, not skipped" test "$rc" = 0 -a "$(findings_of out)" -ge 1 -a ! -s err
"$ASSAY" -q --fail-on=none --format=sarif latin1.c >out.sarif 2>&1; rc=$?
check "... and the SARIF report stays valid UTF-8" bash -c "test $rc = 0 && iconv -f UTF-8 -t UTF-8 out.sarif >/dev/null"

{ printf '#include <stdio.h>\nstatic const char *big = "'; head -c 1048576 /dev/zero | tr '\0' 'a'; printf '";\nvoid f(void)\n{\n    char buf[8];\n%s\n}\n' "$smell"; } >longline.c
start=$(date +%s)
"$ASSAY" -q --fail-on=none longline.c >out 2>err; rc=$?
check "a 1 MB line is linted (finding after it found)" test "$rc" = 0 -a "$(grep -c '^longline.c:6:' out)" -ge 1
check "... in reasonable time" test $(( $(date +%s) - start )) -lt 20

printf 'void f(void {\n  char buf[8]\n%s\n  if ((( {\n}}}\n#if\nint ;;; = = 3\n' "$smell" >syntax.c
"$ASSAY" -q --fail-on=none syntax.c >out 2>err; rc=$?
check "a file with syntax errors does not crash" test "$rc" = 0
"$ASSAY" -q --fail-on=none --format=json syntax.c >out 2>err; rc=$?
check "... and every format copes (json)" test "$rc" = 0 -a -s out

printf 'int main(void) { return 0; }\r\n' >crlf.c
"$ASSAY" -q crlf.c >out 2>err; rc=$?
check "CRLF line endings are fine" test "$rc" = 0

# ---- unreadable entries and symlink loops (outside git: the folder walk) ------------------
mkdir -p "$tmp/odd/sub"
cp "$tmp/t/smell.c" "$tmp/odd/good.c"
ln -s nowhere.c "$tmp/odd/dangling.c"
ln -s loop.c "$tmp/odd/loop.c"
ln -s .. "$tmp/odd/sub/up"
mkfifo "$tmp/odd/pipe.c"
cd "$tmp/odd"
timeout 30 "$ASSAY" -q --fail-on=none . >out 2>err; rc=$?
check "a tree of odd entries finishes" test "$rc" = 0
check "a dangling symlink gets 'path: problem'" grep -q '^dangling.c: dangling symlink' err
check "a symlink loop gets 'path: problem'" grep -q '^loop.c: symlink loop' err
check "a symlinked parent folder is not followed forever" grep -q '^sub/up: symlink loop' err
check "a FIFO gets 'path: problem' instead of blocking" grep -q '^pipe.c: a FIFO' err
check "the good file is still linted" test "$(findings_of out)" -ge 1
timeout 30 "$ASSAY" -q --fail-on=none --format=sarif . >out.sarif 2>/dev/null
check "notices reach the SARIF report" grep -q 'dangling' out.sarif
if [ "$(id -u)" != 0 ]; then
  cp "$tmp/t/smell.c" "$tmp/odd/locked.c"; chmod 000 "$tmp/odd/locked.c"
  "$ASSAY" -q --fail-on=none . >out 2>err
  check "a file without read permission gets 'path: problem'" grep -q '^locked.c: permission denied' err
  chmod 644 "$tmp/odd/locked.c"
elif command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
  cp "$tmp/t/smell.c" "$tmp/odd/locked.c"; chmod 000 "$tmp/odd/locked.c"; chmod -R a+rX "$tmp"; chmod 000 "$tmp/odd/locked.c"
  (cd "$tmp/odd" && setpriv --reuid=65534 --regid=65534 --clear-groups "$ASSAY" -q --fail-on=none locked.c good.c) >out 2>err
  check "a file without read permission gets 'path: problem' (as nobody)" grep -q '^locked.c: permission denied' err
  rm -f "$tmp/odd/locked.c"
else
  ok "# SKIP permission test: root without setpriv"
fi

# ---- 10,000 files ----------------------------------------------------------------------------
mkdir -p "$tmp/many"
(cd "$tmp/many" && for d in $(seq 0 99); do mkdir d$d; done && for i in $(seq 0 9999); do echo "int v$i;" >d$((i % 100))/f$i.c; done)
cp "$tmp/t/smell.c" "$tmp/many/d7/smell.c"
# --no-clang: this checks discovery and the driver, not the speed of the libclang pass
start=$(date +%s)
(cd "$tmp/many" && "$ASSAY" -q --stats --no-clang --fail-on=none .) >out 2>err; rc=$?
check "a folder of 10,000 files is linted (exit $rc)" test "$rc" = 0
check "... every file counted" grep -q '10001 files (10001 read)' err
check "... and the one smell found" test "$(findings_of out)" -ge 1 -a -n "$(grep '^d7/smell.c:' out)"
check "... in reasonable time" test $(( $(date +%s) - start )) -lt 60

# ---- assay never writes to what it reads ------------------------------------------------------
sums() { (cd "$tmp" && find t odd many -type f -print0 | sort -z | xargs -0 md5sum; find t odd many -printf '%p %m %T@\n' | sort); }
before=$(sums)
(cd "$tmp/t" && "$ASSAY" -q --fail-on=none --format=sarif . >/dev/null 2>&1)
(cd "$tmp/odd" && "$ASSAY" -q --fail-on=none . >/dev/null 2>&1)
check "no input file or folder is modified" test "$before" = "$(sums)"
