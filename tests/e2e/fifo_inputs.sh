#!/usr/bin/env bash
# fifo_inputs.sh — a FIFO where assay expects an input file (the baseline, the compilation
# database given as a file or found in a -p folder, a *.yml in the rules folder) is refused
# at once with "path: not a regular file" and exit 2, never waited on. Each run is bounded
# by timeout: a hang shows as exit 124, a failure.
set -u
source "$(dirname "$0")/lib.sh"
small=corpus/c.alloca-nonconstant
bounded() { timeout 30 "$ASSAY" -q --no-git "$@" "$small" >/dev/null 2>"$tmp/err"; }
# refused NAME FIFO-PATH: the last run exited 2 naming FIFO-PATH as not a regular file
refused() {
  local rc=$? name=$1 path=$2
  if [ "$rc" = 2 ] && grep -qF "$path: not a regular file" "$tmp/err"; then ok "$name"
  else not_ok "$name" "exit $rc" "$(head -3 "$tmp/err")"; fi
}

mkfifo "$tmp/baseline.json"
bounded --baseline="$tmp/baseline.json"
refused "a FIFO as --baseline is refused" "$tmp/baseline.json"

mkfifo "$tmp/db.json"
bounded --compile-commands="$tmp/db.json"
refused "a FIFO as --compile-commands is refused" "$tmp/db.json"

mkdir "$tmp/build" && mkfifo "$tmp/build/compile_commands.json"
bounded -p "$tmp/build"
refused "a FIFO compile_commands.json in the -p folder is refused" "compile_commands.json"

mkdir "$tmp/rules" && cp rules/*.yml "$tmp/rules/" && mkfifo "$tmp/rules/zz.fifo.yml"
bounded --rules="$tmp/rules"
refused "a FIFO named *.yml in the rules folder is refused" "$tmp/rules/zz.fifo.yml"
rm "$tmp/rules/zz.fifo.yml"
bounded --rules="$tmp/rules"; rc=$?
check "... and the same folder without it loads (exit 1: findings)" test "$rc" = 1
