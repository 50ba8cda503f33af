#!/usr/bin/env bash
# The pre-commit workflow, driven the way its users drive it, in scratch git repositories:
#   - assay --staged judges the index, not the work tree (a half-staged file as it will be
#     committed), reports only findings on added or changed lines (--all-lines: all),
#     is silent with exit 0 when no C file is staged, and says nothing about the model;
#   - assay install-hook: the hook stops a bad commit and lets a clean one through, honours
#     core.hooksPath, is idempotent, leaves a foreign hook alone without --force;
#   - the real pre-commit framework with this repository's .pre-commit-hooks.yaml (copied
#     into a scratch hook repository at a commit, as pre-commit clones hook repositories):
#     file names passed as arguments, exit codes as the framework expects.
set -u
source "$(dirname "$0")/lib.sh"
repo=$PWD

command -v git >/dev/null || { skip "pre-commit workflow" "git is not installed"; exit 0; }
export GIT_CONFIG_NOSYSTEM=1 HOME=$tmp/home GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com \
       GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
mkdir -p "$HOME"
git config --global init.defaultBranch main
git config --global commit.gpgsign false
export PATH="$(dirname "$ASSAY"):$PATH"

clean='#include <stdio.h>
int ask(void) { char b[8]; if (!fgets(b, sizeof b, stdin)) return -1; return b[0]; }'
bad_line='int old_gets(void) { char c[8]; gets(c); return c[0]; }'
new_bad='int new_gets(void) { char d[8]; gets(d); return d[0]; }'

new_repo() { rm -rf "$1"; git init -q "$1" && printf '%s\n' "$clean" > "$1/a.c" && (cd "$1" && git add a.c && git commit -qm init); }

# ---- assay --staged ----
r=$tmp/staged; new_repo "$r"; cd "$r"
"$ASSAY" --staged >"$tmp/out" 2>"$tmp/err"; rc=$?
[ $rc = 0 ] && [ ! -s "$tmp/out" ] && [ ! -s "$tmp/err" ] && ok "--staged with nothing staged: exit 0, silent" \
  || not_ok "nothing staged" "rc=$rc $(cat "$tmp/out" "$tmp/err")"
echo notes > notes.txt; git add notes.txt
"$ASSAY" --staged >"$tmp/out" 2>"$tmp/err"; rc=$?
[ $rc = 0 ] && [ ! -s "$tmp/out" ] && [ ! -s "$tmp/err" ] && ok "--staged with no C file staged: exit 0, silent" \
  || not_ok "no C file staged" "rc=$rc $(cat "$tmp/out" "$tmp/err")"
git commit -qm notes
printf '%s\n' "$bad_line" >> a.c; git add a.c; git commit -qm "an old finding" -n
printf '%s\n' "$new_bad" >> a.c; git add a.c
"$ASSAY" --staged --no-color >"$tmp/out" 2>"$tmp/err"; rc=$?
[ $rc = 1 ] && grep -q '^a.c:4:' "$tmp/out" && ! grep -q '^a.c:3:' "$tmp/out" \
  && ok "--staged: the added line's finding, not the old one; exit 1" || not_ok "changed lines" "rc=$rc $(cat "$tmp/out")"
[ ! -s "$tmp/err" ] && ok "--staged without a model: not a word on stderr" || not_ok "silent without a model" "$(cat "$tmp/err")"
"$ASSAY" --staged --all-lines --no-color >"$tmp/out" 2>/dev/null
grep -q '^a.c:3:' "$tmp/out" && grep -q '^a.c:4:' "$tmp/out" && ok "--all-lines: every line of the staged files" \
  || not_ok "--all-lines" "$(cat "$tmp/out")"
# half-staged: the bad line is staged, the work tree has it fixed -> judged as committed
sed -i 's/gets(d);/if (!fgets(d, sizeof d, stdin)) return -1;/' a.c
"$ASSAY" --staged --no-color >"$tmp/out" 2>/dev/null; rc=$?
[ $rc = 1 ] && grep -q '^a.c:4:' "$tmp/out" && ok "half-staged: the staged (bad) text is judged, not the fixed work tree" \
  || not_ok "half-staged bad index" "rc=$rc $(cat "$tmp/out")"
git add a.c; sed -i 's/if (!fgets(d, sizeof d, stdin)) return -1;/gets(d);/' a.c
"$ASSAY" --staged --no-color >"$tmp/out" 2>/dev/null; rc=$?
[ $rc = 0 ] && ok "half-staged: a clean index passes though the work tree is bad" || not_ok "half-staged good index" "rc=$rc $(cat "$tmp/out")"
git checkout -q a.c
printf '%s\n' "$new_bad" > b.c; printf '%s\n' "$new_bad" > c.c; git add b.c c.c
"$ASSAY" --staged --no-color b.c >"$tmp/out" 2>/dev/null
grep -q '^b.c:' "$tmp/out" && ! grep -q '^c.c:' "$tmp/out" && ok "--staged FILE: only the files named" || not_ok "--staged FILE" "$(cat "$tmp/out")"
mkdir sub; (cd sub && "$ASSAY" --staged --no-color -q >"$tmp/out" 2>/dev/null)
grep -q '^b.c:' "$tmp/out" && grep -q '^c.c:' "$tmp/out" && ok "--staged from a sub-folder: the whole index, root-relative paths" \
  || not_ok "--staged from a sub-folder" "$(cat "$tmp/out")"
"$ASSAY" --staged --fix >/dev/null 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && ok "--staged --fix is a usage error" || not_ok "--staged --fix" "rc=$rc"
(cd "$tmp" && "$ASSAY" --staged >/dev/null 2>"$tmp/err"); rc=$?
[ $rc = 2 ] && grep -q "not inside a git work tree" "$tmp/err" && ok "--staged outside git: exit 2" || not_ok "outside git" "rc=$rc $(cat "$tmp/err")"

# ---- assay --diff REV ----
r=$tmp/diff; new_repo "$r"; cd "$r"
printf '%s\n' "$bad_line" >> a.c; git commit -qam old -n
git checkout -qb topic; printf '%s\n' "$new_bad" >> a.c; git commit -qam new -n
git checkout -q main; printf '%s\n' "int main_moved_on(void);" > m.c; git add m.c; git commit -qm moved -n; git checkout -q topic
"$ASSAY" --diff main --no-color >"$tmp/out" 2>"$tmp/err"; rc=$?
[ $rc = 1 ] && grep -q '^a.c:4:' "$tmp/out" && ! grep -q '^a.c:3:' "$tmp/out" && ! grep -q 'm.c' "$tmp/out" \
  && ok "--diff main: the branch's added line since the merge base" || not_ok "--diff" "rc=$rc $(cat "$tmp/out" "$tmp/err")"
"$ASSAY" --diff no-such-branch >/dev/null 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && grep -q "unknown revision" "$tmp/err" && ok "--diff of an unknown revision: exit 2" || not_ok "--diff unknown" "rc=$rc"

# ---- assay install-hook ----
r=$tmp/hook; new_repo "$r"; cd "$r"
"$ASSAY" install-hook -q && [ -x .git/hooks/pre-commit ] && grep -q -- '--staged' .git/hooks/pre-commit \
  && ok "install-hook writes an executable .git/hooks/pre-commit" || not_ok "install-hook" "$(ls -l .git/hooks)"
cp .git/hooks/pre-commit "$tmp/hook1"
"$ASSAY" install-hook 2>"$tmp/err" && cmp -s .git/hooks/pre-commit "$tmp/hook1" && grep -q "already installed" "$tmp/err" \
  && ok "install-hook again: the same hook, said so" || not_ok "idempotent" "$(cat "$tmp/err")"
printf '%s\n' "$new_bad" >> a.c; git add a.c
git commit -qm bad >"$tmp/out" 2>&1; rc=$?
[ $rc != 0 ] && grep -q "a.c:3:" "$tmp/out" && [ "$(git rev-list --count HEAD)" = 1 ] \
  && ok "the hook stops a commit that adds a finding" || not_ok "hook stops a bad commit" "rc=$rc $(cat "$tmp/out")"
git reset -q --hard; echo '/* more */' >> a.c; git add a.c
git commit -qm good >"$tmp/out" 2>&1 && [ "$(git rev-list --count HEAD)" = 2 ] && ok "the hook lets a clean commit through" \
  || not_ok "hook passes a clean commit" "$(cat "$tmp/out")"
printf '#!/bin/sh\necho mine\n' > .git/hooks/pre-commit
"$ASSAY" install-hook 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && grep -q "not assay's hook" "$tmp/err" && grep -q mine .git/hooks/pre-commit \
  && ok "a foreign hook is left alone without --force (exit 2)" || not_ok "foreign hook" "rc=$rc $(cat "$tmp/err")"
"$ASSAY" install-hook --force -q && grep -q -- '--staged' .git/hooks/pre-commit && grep -q mine .git/hooks/pre-commit.assay-backup \
  && ok "--force replaces it and keeps the old one" || not_ok "--force" "$(ls .git/hooks)"
git config core.hooksPath .githooks
"$ASSAY" install-hook -q && [ -x .githooks/pre-commit ] && ok "core.hooksPath is honoured" || not_ok "core.hooksPath" "$(ls -a)"
(cd "$tmp" && "$ASSAY" install-hook 2>"$tmp/err"); rc=$?
[ $rc = 2 ] && ok "install-hook outside git: exit 2" || not_ok "install-hook outside git" "rc=$rc"

# ---- the pre-commit framework with .pre-commit-hooks.yaml ----
if ! command -v pre-commit >/dev/null; then
  skip "pre-commit framework" "pre-commit is not installed (scripts/install-deps.sh installs the Debian package)"
  exit 0
fi
export PRE_COMMIT_HOME=$tmp/pre-commit-cache
hooks=$tmp/hookrepo; rm -rf "$hooks"; git init -q "$hooks"
cp "$repo/.pre-commit-hooks.yaml" "$hooks/"
(cd "$hooks" && git add .pre-commit-hooks.yaml && git commit -qm hooks)
rev=$(git -C "$hooks" rev-parse HEAD)
r=$tmp/framework; new_repo "$r"; cd "$r"
printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: assay\n' "$hooks" "$rev" > .pre-commit-config.yaml
git add .pre-commit-config.yaml; git commit -qm config
pre-commit install >"$tmp/out" 2>&1 || not_ok "pre-commit install" "$(cat "$tmp/out")"
printf '%s\n' "$new_bad" >> a.c; printf '%s\n' "$clean" > b.c; git add a.c b.c
git commit -qm bad >"$tmp/out" 2>&1; rc=$?
[ $rc != 0 ] && grep -q "a.c:3:" "$tmp/out" && grep -q "Failed" "$tmp/out" && [ "$(git rev-list --count HEAD)" = 2 ] \
  && ok "pre-commit: the assay hook fails a commit that adds a finding" || not_ok "framework fails a bad commit" "rc=$rc $(cat "$tmp/out")"
git reset -q a.c; git checkout -q a.c
git commit -qm good >"$tmp/out" 2>&1; rc=$?
[ $rc = 0 ] && grep -q "assay.*Passed" "$tmp/out" && ok "pre-commit: a clean C change passes" || not_ok "framework passes" "rc=$rc $(cat "$tmp/out")"
echo text > notes.txt; git add notes.txt
git commit -qm notes >"$tmp/out" 2>&1; rc=$?
[ $rc = 0 ] && grep -q "assay.*Skipped" "$tmp/out" && ok "pre-commit: no C file, the hook is skipped" || not_ok "framework skip" "rc=$rc $(cat "$tmp/out")"
# half-staged: the framework stashes the unstaged fix, the staged bad line is judged
printf '%s\n' "$new_bad" >> a.c; git add a.c
sed -i 's/gets(d);/if (!fgets(d, sizeof d, stdin)) return -1;/' a.c
git commit -qm half >"$tmp/out" 2>&1; rc=$?
[ $rc != 0 ] && grep -q "a.c:3:" "$tmp/out" && grep -q 'fgets(d' a.c \
  && ok "pre-commit: a half-staged file is judged as staged, the work tree kept" || not_ok "framework half-staged" "rc=$rc $(cat "$tmp/out")"
pre-commit run assay --files a.c >"$tmp/out" 2>&1; rc=$?
[ $rc != 0 ] && grep -q "a.c:3:" "$tmp/out" && ok "pre-commit run --files passes the file names to the hook" \
  || not_ok "pre-commit run --files" "rc=$rc $(cat "$tmp/out")"
