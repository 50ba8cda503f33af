#!/usr/bin/env bash
# baseline.sh — `assay baseline write FILE` then `assay --baseline FILE`: known findings are
# dropped, they stay known across unrelated edits (lines inserted above, another function
# edited, reindented), a second identical finding or a changed line is new, and a broken
# baseline is an error naming the file.
set -u
source "$(dirname "$0")/lib.sh"
# findings in a JSON report: each has exactly one fingerprint
findings_of() { grep -c '"fingerprint": "' "$1"; }
lint() { (cd "$tmp/p" && "$ASSAY" -q --no-git --fail-on=note --format=json "$@" src >"$tmp/out" 2>"$tmp/err"); }

mkdir -p "$tmp/p/src"
write_source() {  # $1: lines to insert at the top, $2: indent, $3: body of helper(), $4: extra line
  { printf '%b' "$1"
    printf '#include <stdio.h>\n\nint helper(int x)\n{\n%b\n}\n\n' "$3"
    printf 'void read_line(void)\n{\n    char buf[16];\n    char other[16];\n'
    printf '%sgets(buf);\n' "$2"
    printf '%b' "$4"
    printf '}\n'; } >"$tmp/p/src/a.c"
}
write_source "" "    " "    return x + 1;" ""
lint; rc=$?
base=$(findings_of "$tmp/out")
check "the sample has findings (exit 1)" test "$rc" = 1 -a "$base" -ge 1

(cd "$tmp/p" && "$ASSAY" baseline write base.json -q --no-git src) 2>"$tmp/err"; rc=$?
check "baseline write exits 0" test "$rc" = 0
check "the baseline is JSON with a version and one entry per finding" \
  test -n "$(grep '"version": 1' "$tmp/p/base.json")" -a "$(grep -c '"fingerprint": "[0-9a-f]\{32\}"' "$tmp/p/base.json")" = "$base"
check "entries carry rule, path, line and message for humans" \
  bash -c "grep -q '\"path\": \"src/a.c\"' '$tmp/p/base.json' && grep -q '\"line\": ' '$tmp/p/base.json' && grep -q '\"message\": ' '$tmp/p/base.json' && grep -q '\"rule\": ' '$tmp/p/base.json'"

lint --baseline base.json; rc=$?
check "with the baseline: nothing new, exit 0" test "$rc" = 0 -a "$(findings_of "$tmp/out")" = 0

write_source "/* a new header comment */\n\n\n#define UNUSED 1\n" "    " "    return x + 1;" ""
lint --baseline base.json; rc=$?
check "lines inserted above: still known" test "$rc" = 0
write_source "" "    " "    int y = x * 2;\n    return y - x;" ""
lint --baseline base.json; rc=$?
check "another function edited: still known" test "$rc" = 0
write_source "" "	  " "    return x + 1;" ""
lint --baseline base.json; rc=$?
check "reindented: still known" test "$rc" = 0

write_source "" "    " "    return x + 1;" "    gets(buf);\n"
lint; all=$(findings_of "$tmp/out")
lint --baseline base.json; rc=$?
check "a second identical finding is new (count-aware)" test "$rc" = 1 -a "$(findings_of "$tmp/out")" = $((all - base))

write_source "" "    " "    return x + 1;" ""
sed -i 's/gets(buf);/gets(other);/' "$tmp/p/src/a.c"
lint --baseline base.json; rc=$?
check "changed offending code is new" test "$rc" = 1 -a "$(findings_of "$tmp/out")" -ge 1

# ---- broken baselines --------------------------------------------------------------------------
printf '{"version": 1, "entries": [' >"$tmp/p/broken.json"
lint --baseline broken.json; rc=$?
check "a truncated baseline is an error (2) naming the file" test "$rc" = 2 -a -n "$(grep 'broken.json' "$tmp/err")"
printf '{"version": 99, "entries": []}' >"$tmp/p/future.json"
lint --baseline future.json; rc=$?
check "an unknown baseline version is an error naming it" test "$rc" = 2 -a -n "$(grep 'future.json.*version 99' "$tmp/err")"
lint --baseline missing.json; rc=$?
check "a missing baseline is an error naming it" test "$rc" = 2 -a -n "$(grep 'missing.json' "$tmp/err")"
(cd "$tmp/p" && "$ASSAY" baseline write nodir/base.json -q --no-git src) 2>"$tmp/err"; rc=$?
check "baseline write into a missing folder is an error naming it" test "$rc" = 2 -a -n "$(grep 'nodir/base.json' "$tmp/err")"
(cd "$tmp/p" && "$ASSAY" baseline frobnicate) 2>"$tmp/err"; rc=$?
check "an unknown baseline subcommand is a usage error" test "$rc" = 2
cp "$tmp/p/base.json" "$tmp/p/before.json"
(cd "$tmp/p" && "$ASSAY" baseline write base.json -q --no-git src/nope.c) 2>"$tmp/err"; rc=$?
unchanged() { [ "$rc" = 2 ] && cmp -s "$tmp/p/base.json" "$tmp/p/before.json"; }
check "a failed baseline write leaves the old baseline alone" unchanged
