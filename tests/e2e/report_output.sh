#!/usr/bin/env bash
# report_output.sh — `-o FILE` on targets that are not plain files, and termination signals
# while a report is written (core/atomic_file.h): -o /dev/full fails with exit 2 naming the
# device, which stays a device; -o /dev/null exits as a run to a file does; -o FIFO hands a
# reader the whole report; SIGTERM during the scan leaves no file at all, and SIGTERM while
# the report file is being renamed into place (the rename held up 2 s by strace) is
# delivered after the rename: a complete report, no "*.tmp.*" file.
set -u
source "$(dirname "$0")/lib.sh"
small=corpus/c.alloca-nonconstant
run() { "$ASSAY" -q --no-git "$@"; }

# ---- reference ----------------------------------------------------------------------------
run -o "$tmp/ref.txt" "$small" 2>"$tmp/err"; ref_rc=$?
check "reference run to a regular file reports findings (exit 1)" \
  test "$ref_rc" = 1 -a -s "$tmp/ref.txt" -a ! -s "$tmp/err"

# ---- devices ------------------------------------------------------------------------------
if [ -c /dev/full ]; then
  run -o /dev/full "$small" 2>"$tmp/err"; rc=$?
  check "-o /dev/full: exit 2" test "$rc" = 2
  check "... the message names /dev/full and the reason" \
    grep -q '^assay: /dev/full: cannot write: No space left on device$' "$tmp/err"
  check "... /dev/full is still a character device" test -c /dev/full
else
  skip "-o /dev/full" "no /dev/full on this machine"
fi
run -o /dev/null "$small" 2>"$tmp/err"; rc=$?
check "-o /dev/null: the usual exit status, nothing on stderr" test "$rc" = "$ref_rc" -a ! -s "$tmp/err"
check "... /dev/null is still a character device" test -c /dev/null
ln -s /dev/null "$tmp/null-link"
run -o "$tmp/null-link" "$small" 2>"$tmp/err"; rc=$?
check "-o LINK-TO-/dev/null writes the device and keeps the link" \
  test "$rc" = "$ref_rc" -a -L "$tmp/null-link" -a -c "$tmp/null-link"

# ---- a symbolic link to a regular file: the file is replaced, the link stays ---------------
mkdir "$tmp/real" && echo old >"$tmp/real/report.txt" && ln -s real/report.txt "$tmp/link.txt"
run -o "$tmp/link.txt" "$small" 2>"$tmp/err"
check "-o LINK-TO-FILE keeps the link and writes the file it leads to" \
  bash -c "test -L '$tmp/link.txt' && cmp -s '$tmp/real/report.txt' '$tmp/ref.txt'"
mkdir "$tmp/folder"
run -o "$tmp/folder" "$small" 2>"$tmp/err"; rc=$?
check "-o FOLDER: exit 2 with a clear message" \
  bash -c "test $rc = 2 && grep -qF '$tmp/folder: is a folder, not a file' '$tmp/err'"

# ---- a FIFO with a reader -----------------------------------------------------------------
mkfifo "$tmp/fifo"
cat "$tmp/fifo" >"$tmp/from-fifo" &
reader=$!
run -o "$tmp/fifo" "$small" 2>"$tmp/err"; rc=$?
# the reader ends when assay closes the FIFO; bound the wait anyway
for _ in $(seq 100); do kill -0 "$reader" 2>/dev/null || break; sleep 0.1; done
kill "$reader" 2>/dev/null
wait "$reader" 2>/dev/null
check "-o FIFO: the reader gets the whole report" \
  bash -c "test $rc = $ref_rc && cmp -s '$tmp/from-fifo' '$tmp/ref.txt' && test -p '$tmp/fifo'"

# ---- SIGTERM during the scan: nothing is left -----------------------------------------------
mkdir "$tmp/sig"
big=(--fail-on=none --format=sarif --min-certainty=low -j1 corpus)
run -o "$tmp/sig/report.sarif" "${big[@]}" 2>/dev/null &
pid=$!
sleep 0.5
if kill -0 "$pid" 2>/dev/null; then
  kill -TERM "$pid"; wait "$pid"; rc=$?
  left=$(ls -A "$tmp/sig")
  check "SIGTERM during the scan: killed (143), no report and no temporary file" \
    test "$rc" = 143 -a -z "$left"
else
  wait "$pid"
  not_ok "SIGTERM during the scan" "the corpus run ended within 0.5 s: no time to signal it"
fi

# ---- SIGTERM while the temporary file exists: held back until the rename ---------------------
if command -v strace >/dev/null && strace -qq -o /dev/null -e trace=none true 2>/dev/null; then
  rm -f "$tmp/sig"/*
  strace -f -qq --seccomp-bpf -o /dev/null -e trace=rename,renameat,renameat2 \
    -e inject=rename,renameat,renameat2:delay_enter=2000000 \
    "$ASSAY" -q --no-git -o "$tmp/sig/report.sarif" "${big[@]}" 2>/dev/null &
  tracer=$!
  seen=
  for _ in $(seq 1200); do # up to 60 s for the scan on a loaded machine
    # the commit's temporary file, written and waiting for the rename (the one created
    # and removed at once at -o time to check the folder is empty)
    for f in "$tmp/sig"/report.sarif.tmp.*; do [ -s "$f" ] && seen=1; done
    [ -n "$seen" ] && break
    kill -0 "$tracer" 2>/dev/null || break
    sleep 0.05
  done
  if [ -n "$seen" ]; then
    pid=$(pgrep -P "$tracer" | head -1)
    kill -TERM "$pid"
    wait "$tracer"; rc=$?
    check "SIGTERM while the temporary file exists: delivered after the rename (143)" \
      test "$rc" = 143
    check "... the report is complete" \
      bash -c "test -s '$tmp/sig/report.sarif' && python3 -c 'import json,sys; json.load(open(sys.argv[1]))' '$tmp/sig/report.sarif'"
    left=$(ls -A "$tmp/sig")
    if [ "$left" = report.sarif ]; then ok "... and no temporary file is left"
    else not_ok "... and no temporary file is left" "left: $left"; fi
  else
    kill "$tracer" 2>/dev/null; wait "$tracer"
    not_ok "SIGTERM while the temporary file exists" "no temporary file appeared within 60 s"
  fi
else
  skip "SIGTERM while the temporary file exists" "strace cannot trace here"
fi
