#!/usr/bin/env bash
# assay --fix writes the verified fixes in place, --fix-dry-run prints them as a unified
# diff, --stdin-filename lints standard input as a named file (cli/cmd_lint.c,
# analyzer/fix/fix_apply.h, fix_diff.h). On copies of corpus files in $tmp: after --fix
# every fixed finding is gone and nothing new appears; the dry run's diff passes
# `git apply --check` in a scratch repository and applying it gives the bytes --fix wrote;
# a read-only file is named and left as it was; a symlink is written through and stays a
# link; the file's mode is kept; standard input gives the same findings as the file.
# (A file changed between analysis and write is tested in
# tests/unit/test_analyzer_fix_apply.c, where the test can change it in between.)
set -u
source "$(dirname "$0")/lib.sh"

run() { "$ASSAY" --no-git --no-color --fail-on=none -j2 "$@"; }
# findings as "path:line:col: rule" lines (gcc format, without notes and source lines)
findings() { grep -E '^[^ ].*:[0-9]+:[0-9]+: (error|warning|note): .*\[[a-z.-]+\]$' | grep -v ': note: ' |
             sed -E 's/^([^:]+:[0-9]+):[0-9]+: [a-z]+: .*\[([a-z.-]+)\]$/\1 \2/' | sort; }

mkdir -p "$tmp/fix" "$tmp/dry"
for c in c.strcpy-unbounded c.memset-swapped-args c.umask-permissive; do
  cp -r "corpus/$c" "$tmp/fix/"
done
cp -r "$tmp/fix/." "$tmp/dry/"
chmod 640 "$tmp/fix/c.memset-swapped-args/positive/clear.c"

(cd "$tmp/fix" && run -q . >"$tmp/before.gcc" 2>/dev/null)
# which findings have a verified fix (gcc prints fix-it lines under them)
fixable=$(awk '/^[^ ].*: (error|warning): .*\[[a-z.-]+\]$/ { loc = $1 } /^fix-it:/ { print loc }' "$tmp/before.gcc" |
          sed -E 's/:[0-9]+:$//' | sort -u | wc -l)

# --- the dry run ------------------------------------------------------------------------
(cd "$tmp/dry" && git init -q . && git add -A && git -c user.name=t -c user.email=t@t commit -qm base) ||
  not_ok "scratch git repository"
(cd "$tmp/dry" && run --fix-dry-run . >"$tmp/dry.diff" 2>"$tmp/dry.err")
if [ -s "$tmp/dry.diff" ] && head -1 "$tmp/dry.diff" | grep -q '^--- a/c\.' &&
   ! grep -q ': warning: \|: error: ' "$tmp/dry.diff"; then
  ok "--fix-dry-run prints a unified diff (paths relative to the root) and no report on stdout"
else
  not_ok "--fix-dry-run output" "$(head -5 "$tmp/dry.diff")"
fi
(cd "$tmp/dry" && git status --porcelain) >"$tmp/dry.status"
[ ! -s "$tmp/dry.status" ] && ok "--fix-dry-run writes nothing" || not_ok "--fix-dry-run changed files" "$(cat "$tmp/dry.status")"
(cd "$tmp/dry" && git apply --check "$tmp/dry.diff" 2>"$tmp/apply.err") &&
  ok "git apply --check accepts the dry run's diff" || not_ok "git apply --check" "$(cat "$tmp/apply.err")"
grep -q '^assay: would fix [1-9][0-9]* findings\? in [1-9][0-9]* files\?$' "$tmp/dry.err" &&
  ok "--fix-dry-run says on stderr how many findings it would fix" || not_ok "dry run summary" "$(cat "$tmp/dry.err")"

# --- --fix -------------------------------------------------------------------------------
(cd "$tmp/fix" && run --fix . >"$tmp/fix.gcc" 2>"$tmp/fix.err"; echo $? >"$tmp/fix.rc")
n=$(sed -nE 's/^assay: fixed ([0-9]+) findings? in ([0-9]+) files?$/\1/p' "$tmp/fix.err")
if [ -n "$n" ] && [ "$n" -gt 0 ] && [ "$n" -eq "$fixable" ]; then
  ok "--fix: 'assay: fixed $n findings in N files', as many as had a verified fix"
else
  not_ok "--fix summary: got '${n:-none}', $fixable findings had a fix" "$(cat "$tmp/fix.err")"
fi
(cd "$tmp/fix" && run -q . >"$tmp/after.gcc" 2>/dev/null)
findings <"$tmp/before.gcc" >"$tmp/before.list"
findings <"$tmp/after.gcc" >"$tmp/after.list"
findings <"$tmp/fix.gcc" >"$tmp/fix.list"
# lines do not move under these fixes (one-line replacements), so locations compare
new=$(comm -13 "$tmp/before.list" "$tmp/after.list")
gone=$(comm -23 "$tmp/before.list" "$tmp/after.list" | wc -l)
[ -z "$new" ] && ok "after --fix no new finding appears" || not_ok "new findings after --fix" "$new"
[ "$gone" -eq "$fixable" ] && ok "after --fix the $gone fixed findings are gone" ||
  not_ok "after --fix $gone findings gone, expected $fixable"
cmp -s "$tmp/after.list" "$tmp/fix.list" && ok "--fix reports only the findings that remain" ||
  not_ok "--fix report differs from a re-run" "$(diff "$tmp/fix.list" "$tmp/after.list" | head -5)"
# a file whose every finding has a verified fix: 1 before, 0 with --fix (what remains)
mkdir -p "$tmp/all"
cp corpus/c.memset-swapped-args/positive/clear.c "$tmp/all/clear.c"
(cd "$tmp/all" && "$ASSAY" --no-git -q clear.c >/dev/null 2>&1; echo $? >"$tmp/all1.rc")
(cd "$tmp/all" && "$ASSAY" --no-git -q --fix clear.c >/dev/null 2>&1; echo $? >"$tmp/all2.rc")
[ "$(cat "$tmp/all1.rc")" = 1 ] && [ "$(cat "$tmp/all2.rc")" = 0 ] &&
  ok "exit status after --fix counts what remains (1 before, 0 when all were fixed)" ||
  not_ok "exit status: $(cat "$tmp/all1.rc") before, $(cat "$tmp/all2.rc") with --fix"
[ "$(stat -c %a "$tmp/fix/c.memset-swapped-args/positive/clear.c")" = 640 ] &&
  ok "--fix keeps the file's mode (640)" || not_ok "mode changed" "$(stat -c %a "$tmp/fix/c.memset-swapped-args/positive/clear.c")"
(cd "$tmp/dry" && git apply "$tmp/dry.diff") && diff -r -x .git "$tmp/dry" "$tmp/fix" >"$tmp/same.diff" &&
  ok "applying the dry run's diff gives the same bytes as --fix" || not_ok "dry run and --fix differ" "$(head -10 "$tmp/same.diff")"

# --- a read-only file, a symlink -------------------------------------------------------------
mkdir -p "$tmp/ro"
cp corpus/c.memset-swapped-args/positive/clear.c "$tmp/ro/clear.c"
cp "$tmp/ro/clear.c" "$tmp/ro.orig"
chmod 444 "$tmp/ro/clear.c"
(cd "$tmp/ro" && run --fix clear.c >"$tmp/ro.gcc" 2>"$tmp/ro.err")
grep -q '^clear.c: file is read-only; not fixed$' "$tmp/ro.err" && ok "a read-only file: named on stderr, not fixed" ||
  not_ok "read-only file message" "$(cat "$tmp/ro.err")"
cmp -s "$tmp/ro/clear.c" "$tmp/ro.orig" && [ "$(stat -c %a "$tmp/ro/clear.c")" = 444 ] &&
  ok "a read-only file is left as it was" || not_ok "the read-only file changed"
[ "$(findings <"$tmp/ro.gcc" | wc -l)" -gt 0 ] && ok "its findings are still reported" || not_ok "findings of the read-only file vanished"

mkdir -p "$tmp/ln/real"
cp corpus/c.memset-swapped-args/positive/clear.c "$tmp/ln/real/clear.c"
ln -s real/clear.c "$tmp/ln/link.c"
(cd "$tmp/ln" && run -q --fix link.c >/dev/null 2>"$tmp/ln.err")
if [ -L "$tmp/ln/link.c" ] && ! cmp -s "$tmp/ln/real/clear.c" corpus/c.memset-swapped-args/positive/clear.c &&
   grep -q 'memset(buf, 0, n)' "$tmp/ln/real/clear.c"; then
  ok "a symlink is written through to its target and stays a link"
else
  not_ok "symlink" "$(ls -l "$tmp/ln") $(cat "$tmp/ln.err")"
fi

# --- --stdin-filename ----------------------------------------------------------------------
f=c.strcpy-unbounded/positive/one_byte_too_long.c
(cd "$tmp/dry" && git checkout -q -- . && run -q "$f" >"$tmp/file.gcc" 2>/dev/null &&
  run -q --stdin-filename="$f" - <"$f" >"$tmp/stdin.gcc" 2>/dev/null)
if [ -s "$tmp/file.gcc" ] && cmp -s "$tmp/file.gcc" "$tmp/stdin.gcc"; then
  ok "--stdin-filename gives the same report as linting the file, under its name"
else
  not_ok "--stdin-filename report differs" "$(diff "$tmp/file.gcc" "$tmp/stdin.gcc" | head -5)"
fi
# the text comes from stdin, not from a file of that name (there is none): the same
# findings, under the given name
(cd "$tmp/dry" && run -q --stdin-filename=src/new.c - <"$f" >"$tmp/new.gcc" 2>/dev/null)
sed "s#$f#src/new.c#g" "$tmp/file.gcc" >"$tmp/file-renamed.gcc"
if [ -s "$tmp/new.gcc" ] && cmp -s "$tmp/file-renamed.gcc" "$tmp/new.gcc" && [ ! -e "$tmp/dry/src" ]; then
  ok "--stdin-filename lints the text read, reported under the given name (a new file)"
else
  not_ok "stdin text under a new name" "$(diff "$tmp/file-renamed.gcc" "$tmp/new.gcc" | head -5)"
fi
"$ASSAY" --help | grep -q -- '--stdin-filename=PATH' && "$ASSAY" --help | grep -q -- '--fix-dry-run' &&
  ok "--help documents --fix, --fix-dry-run and --stdin-filename" || not_ok "--help"
"$ASSAY" --fix --fix-dry-run . >/dev/null 2>&1; [ $? = 2 ] && ok "--fix with --fix-dry-run is a usage error" || not_ok "--fix --fix-dry-run accepted"
"$ASSAY" --stdin-filename=x.c x.c </dev/null >/dev/null 2>&1; [ $? = 2 ] && ok "--stdin-filename wants '-' as the path" || not_ok "--stdin-filename x.c accepted"
