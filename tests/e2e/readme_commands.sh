#!/usr/bin/env bash
# Every command in README.md works: the fenced blocks marked "```sh test" are run in order
# (bash -e: each command must succeed) in a scratch git repository holding a small clean C
# project, with the README's .assay.yml example written into it first (the yaml block
# after its "<!-- file: .assay.yml" marker), assay on PATH. The rule list the README shows
# under "<!-- generated: assay --list-rules" must be what assay --list-rules prints.
set -u
source "$(dirname "$0")/lib.sh"
repo=$PWD
export GIT_CONFIG_NOSYSTEM=1 HOME=$tmp/home GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com \
       GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com PATH="$(dirname "$ASSAY"):$PATH"
mkdir -p "$HOME"; git config --global init.defaultBranch main

# the blocks: $tmp/blocks/N.sh in README order, and the .assay.yml example
awk -v dir="$tmp/blocks" '
  /^<!-- file: \.assay\.yml/ { want_file = 1; next }
  /^```sh test$/ { n++; out = dir "/" sprintf("%02d", n) ".sh"; inblock = 1; next }
  /^```yaml$/ && want_file { out = dir "/assay.yml"; print n + 0 > (dir "/assay.yml.after"); inblock = 1; want_file = 0; next }
  /^```/ && inblock { inblock = 0; close(out); next }
  inblock { print > out }
' < <(mkdir -p "$tmp/blocks"; cat README.md)
count=$(ls "$tmp"/blocks/*.sh 2>/dev/null | wc -l)
[ "$count" -ge 4 ] && [ -s "$tmp/blocks/assay.yml" ] && ok "README: $count command blocks and the .assay.yml example found" \
  || not_ok "README blocks" "count=$count"

# the rule list
awk '/^<!-- generated: assay --list-rules/ { getline; grab = 1; next } grab && /^```$/ { exit } grab { print }' README.md > "$tmp/readme-rules"
"$ASSAY" --list-rules > "$tmp/rules"
cmp -s "$tmp/readme-rules" "$tmp/rules" && ok "README: the rule list is assay --list-rules" \
  || not_ok "README rule list is stale (regenerate it with assay --list-rules)" "$(diff "$tmp/readme-rules" "$tmp/rules" | head -5)"

# a clean project under git, on main
p=$tmp/project; mkdir -p "$p/src" "$p/tests"; cd "$p"
cat > src/main.c <<'C'
#include <stdio.h>

int main(void)
{
    char line[64];
    if (!fgets(line, sizeof line, stdin)) return 1;
    return puts(line) < 0;
}
C
git init -q . && git add -A && git commit -qm init
for block in "$tmp"/blocks/*.sh; do
  name="README block $(basename "$block" .sh): $(grep -v '^ *#' "$block" | head -1 | sed 's/ *#.*//')"
  index=$((10#$(basename "$block" .sh)))
  [ "$index" -gt "$(cat "$tmp/blocks/assay.yml.after")" ] && [ ! -f .assay.yml ] && cp "$tmp/blocks/assay.yml" .assay.yml
  if bash -e "$block" >"$tmp/out" 2>&1; then ok "$name"; else not_ok "$name" "$(tail -5 "$tmp/out")"; fi
done
[ -x "$(git rev-parse --git-path hooks)/pre-commit" ] && ok "README: install-hook left a hook" || not_ok "install-hook from the README"
[ -s assay.sarif ] && ok "README: the CI command wrote assay.sarif" || not_ok "CI command wrote no SARIF"
