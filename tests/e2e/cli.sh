#!/usr/bin/env bash
# cli.sh — the lint command as a user drives it: exit codes, --fail-on, --enable/--disable,
# -o, git-aware discovery, paths relative to the repo root from any cwd, --version/--help,
# the model note, byte-identical output for -j1 and -j2, and the option syntax every
# command shares (bundling, options anywhere, "--", one-line usage errors, --help).
# Rule ids are taken from what assay reports for a file full of classic smells, so the
# script does not depend on the exact names in rules/.
set -u
source "$(dirname "$0")/lib.sh"
# rule ids in gcc-style output ("path:l:c: severity: message [rule]"), sorted, unique
rules_of() { grep -oE '^[^ :]+:[0-9]+:[0-9]+: (error|warning|note): .*\[[^]]+\]$' "$1" | sed -E 's/.*\[([^]]+)\]$/\1/' | sort -u; }
# findings in a JSON report: each has exactly one fingerprint
count_of() { grep -c '"fingerprint": "' "$1"; }
# assay run from inside $tmp, so paths in reports are short and predictable
run() { (cd "$tmp" && "$ASSAY" "$@"); }

cat > "$tmp/bad.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void copy(char *dst, const char *src)
{
    char buf[16];
    strcpy(buf, src);
    strcat(dst, src);
    sprintf(dst, "%s", src);
    gets(buf);
    system(src);
    system(getenv("POST_HOOK"));
}
C
cat > "$tmp/clean.c" <<'C'
int add(int a, int b)
{
    return a + b;
}
C

# ---- version, help, usage errors -------------------------------------------------------
out=$("$ASSAY" --version); rc=$?
check "--version prints the version and exits 0" test "$rc" = 0 -a "${out#assay }" != "$out"
"$ASSAY" --help >"$tmp/help" 2>&1; rc=$?
check "--help exits 0 and documents --fail-on" test "$rc" = 0 -a -n "$(grep -e --fail-on "$tmp/help")"
"$ASSAY" --frobnicate "$tmp/clean.c" >/dev/null 2>"$tmp/err"; rc=$?
check "an unknown option is a usage error (2) naming it" test "$rc" = 2 -a -n "$(grep -e "--frobnicate" "$tmp/err")"
"$ASSAY" -q "$tmp/no-such-dir" >/dev/null 2>"$tmp/err"; rc=$?
check "a missing path is an input error (2) naming it" test "$rc" = 2 -a -n "$(grep "no-such-dir: No such file" "$tmp/err")"
"$ASSAY" -q --format=yaml "$tmp/clean.c" >/dev/null 2>"$tmp/err"; rc=$?
check "an unknown format is a usage error" test "$rc" = 2

# ---- exit codes and --fail-on ----------------------------------------------------------
run -q clean.c >"$tmp/out" 2>"$tmp/err"; rc=$?
check "a clean file exits 0 and prints nothing" test "$rc" = 0 -a ! -s "$tmp/out" -a ! -s "$tmp/err"
run -q --no-color bad.c >"$tmp/bad.out" 2>"$tmp/err"; rc=$?
run -q --format=json bad.c >"$tmp/bad.json" 2>/dev/null
base=$(count_of "$tmp/bad.json")
rules=$(rules_of "$tmp/bad.out")
nrules=$(echo "$rules" | grep -c .)
check "a file with smells exits 1 with gcc-style findings" \
  test "$rc" = 1 -a "$nrules" -ge 1 -a -n "$(grep -E '^bad.c:[0-9]+:[0-9]+: ' "$tmp/bad.out")"
first=$(echo "$rules" | head -1)
second=$(echo "$rules" | sed -n 2p)
run -q --fail-on=none --format=json bad.c >"$tmp/out" 2>/dev/null; rc=$?
check "--fail-on=none exits 0 but still reports" test "$rc" = 0 -a "$(count_of "$tmp/out")" = "$base"
errors=$(grep -cE '^[^ :]+:[0-9]+:[0-9]+: error: ' "$tmp/bad.out")
run -q --fail-on=error bad.c >/dev/null 2>&1; rc=$?
if [ "$errors" -gt 0 ]; then want=1; else want=0; fi
check "--fail-on=error exits $want when $errors findings are errors" test "$rc" = "$want"
run -q --fail-on=note bad.c >/dev/null 2>&1; rc=$?
check "--fail-on=note exits 1" test "$rc" = 1

# ---- option syntax: the same in every command (getopt_long) --------------------------------
# usage_error TRY PROBLEM ARGS...: exit 2, nothing on stdout, and exactly two lines on
# stderr: "assay: PROBLEM" and "Try 'TRY --help' for more information."
usage_error() {
  local try=$1 want=$2; shift 2
  "$ASSAY" "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
  [ "$rc" = 2 ] && [ ! -s "$tmp/out" ] && [ "$(wc -l <"$tmp/err")" = 2 ] &&
    [ "$(sed -n 1p "$tmp/err")" = "assay: $want" ] &&
    [ "$(sed -n 2p "$tmp/err")" = "Try '$try --help' for more information." ] && return 0
  echo "#   exit $rc, stderr:"; sed 's/^/#   /' "$tmp/err"; return 1
}
check "lint: an unknown option is one line, one Try line, exit 2" \
  usage_error assay "unknown option '--frobnicate'" --frobnicate "$tmp/clean.c"
check "lint: an option without its value" usage_error assay "option '--format' needs a value" "$tmp/clean.c" --format
check "lint: a bad value names the option and the choices" \
  usage_error assay "--format: unknown format 'xml' (want gcc, sarif, junit, json, codequality)" --format=xml "$tmp/clean.c"
check "lint: an unknown letter in a bundle is named alone" usage_error assay "unknown option '-Z'" -qZ "$tmp/clean.c"
check "lint: a file named -x.c without -- is an option" usage_error assay "unknown option '-x'" -q -x.c
check "baseline: an unknown option" usage_error "assay baseline" "unknown option '--frobnicate'" baseline write "$tmp/b.json" --frobnicate
check "baseline: no FILE" usage_error "assay baseline" "baseline write: expected the baseline FILE to write" -q baseline write
check "model: an unknown option after the FILE" usage_error "assay model" "unknown option '--frobnicate'" model bench "$tmp/m.gguf" --frobnicate
check "model: no subcommand" usage_error "assay model" "model: which subcommand? (info, run, bench, synth)" model
check "model: an option without its value" usage_error "assay model" "option '--threads' needs a value" model bench "$tmp/m.gguf" --threads
check "model: a bad number" usage_error "assay model" "-n: want an integer in [0, 1048576], got 'many'" model run "$tmp/m.gguf" -nmany
check "grammar: an unknown option" usage_error "assay grammar" "unknown option '--frobnicate'" grammar check "$tmp/g.gbnf" --frobnicate
check "grammar: no subcommand" usage_error "assay grammar" "grammar: which subcommand? (check, verdict, bench)" grammar
check "grammar: an option of another subcommand" usage_error "assay grammar" "grammar check: --docs does not apply" grammar check "$tmp/g.gbnf" --docs 3

# helps WORDS ARGS...: exit 0, the usage of WORDS on stdout, nothing on stderr
helps() {
  local words=$1; shift
  "$ASSAY" "$@" >"$tmp/out" 2>"$tmp/err" && [ ! -s "$tmp/err" ] && head -1 "$tmp/out" | grep -qF "usage: $words"
}
check "--help: the lint usage" helps "assay [options]" --help
check "-h among other options and paths" helps "assay [options]" -q clean.c -h
check "baseline --help" helps "assay baseline write" baseline --help
check "baseline write F -h" helps "assay baseline write" baseline write "$tmp/b.json" -h
check "model --help" helps "assay model" model --help
check "model bench --help" helps "assay model" model bench -h
check "grammar --help" helps "assay grammar" grammar --help
check "grammar check FILE --help" helps "assay grammar" grammar check "$tmp/g.gbnf" --help
for cmd in "" baseline model grammar; do
  out=$("$ASSAY" $cmd --version); rc=$?
  check "${cmd:-lint} --version prints the version" test "$rc" = 0 -a "$out" = "$("$ASSAY" -V)"
done

# bundling, --opt=value / --opt value, options after paths: the same report each time
for args in "-qj2 -fjson bad.c" "--quiet --jobs=2 --format json bad.c" "-q -j 2 --form=json bad.c" \
            "bad.c -q --format=json" "--format json bad.c -qj1"; do
  run $args >"$tmp/out" 2>"$tmp/err"; rc=$?
  check "'assay $args' gives the JSON report" test "$rc" = 1 -a ! -s "$tmp/err" -a "$(count_of "$tmp/out")" = "$base"
done
cp "$tmp/bad.c" "$tmp/-x.c"
run -q --fail-on=none -- -x.c >"$tmp/out" 2>"$tmp/err"; rc=$?
check "-- ends the options: a file named -x.c is linted" test "$rc" = 0 -a -n "$(grep -E '^-x.c:[0-9]+:' "$tmp/out")"
run -q - >/dev/null 2>"$tmp/err"; rc=$?
check "- is a path, not an option" test "$rc" = 2 -a "$(cat "$tmp/err")" = "assay: -: No such file or directory"
run -q baseline write b1.json bad.c 2>"$tmp/err"; rc=$?
run baseline write b2.json bad.c -q 2>>"$tmp/err"; rc2=$?
check "options before or after 'baseline write FILE paths' are the same" \
  test "$rc$rc2" = 00 -a ! -s "$tmp/err" -a -s "$tmp/b1.json" -a "$(grep -c '"fingerprint"' "$tmp/b1.json")" -ge 1
check "... and write the same baseline" cmp -s "$tmp/b1.json" "$tmp/b2.json"
run -q -- baseline >/dev/null 2>"$tmp/err"; rc=$?
check "after --, 'baseline' is a path" test "$rc" = 2 -a "$(cat "$tmp/err")" = "assay: baseline: No such file or directory"

# ---- --enable / --disable ---------------------------------------------------------------
run -q --disable '*' --enable "$first" bad.c >"$tmp/out" 2>/dev/null
check "--disable '*' --enable RULE reports only RULE" test "$(rules_of "$tmp/out")" = "$first"
run -q --disable "$first" bad.c >"$tmp/out" 2>/dev/null
if [ -n "$second" ]; then
  check "--disable RULE drops RULE and keeps the others" \
    test -z "$(rules_of "$tmp/out" | grep -Fx "$first")" -a -n "$(rules_of "$tmp/out" | grep -Fx "$second")"
else
  check "--disable RULE drops RULE (the only rule firing)" test -z "$(rules_of "$tmp/out" | grep -Fx "$first")"
fi
glob="${first%%[-_]*}*"
run -q --disable "$glob" bad.c >"$tmp/out" 2>/dev/null
check "--disable accepts a glob ($glob)" test -z "$(rules_of "$tmp/out" | grep -Fx "$first")"
run -q --enable c.no-such-rule-anywhere bad.c >/dev/null 2>"$tmp/err"; rc=$?
check "--enable with an unknown id is a usage error naming it" test "$rc" = 2 -a -n "$(grep c.no-such-rule-anywhere "$tmp/err")"

# ---- formats and -o ---------------------------------------------------------------------
for f in gcc sarif junit json codequality; do
  run -q --format=$f bad.c >"$tmp/out.$f" 2>/dev/null; rc=$?
  check "--format=$f exits 1 and writes a report" test "$rc" = 1 -a -s "$tmp/out.$f"
done
check "sarif output is SARIF 2.1.0" grep -q '"version": *"2.1.0"' "$tmp/out.sarif"
mkdir -p "$tmp/outdir"
run -q --format=sarif -o outdir/report.sarif bad.c >"$tmp/out" 2>/dev/null; rc=$?
check "-o writes the report to the file, nothing to stdout" test "$rc" = 1 -a ! -s "$tmp/out" -a -s "$tmp/outdir/report.sarif"
check "-o leaves no temporary file behind" test "$(ls "$tmp/outdir")" = "report.sarif"
check "-o writes the same bytes as stdout" cmp -s "$tmp/outdir/report.sarif" "$tmp/out.sarif"
run -q -o missing-dir/r.txt bad.c >/dev/null 2>"$tmp/err"; rc=$?
check "-o into a missing folder is an error (2) naming it" test "$rc" = 2 -a -n "$(grep missing-dir "$tmp/err")"

# ---- the model ------------------------------------------------------------------------------
env -u ASSAY_MODEL "$ASSAY" "$tmp/clean.c" >/dev/null 2>"$tmp/err"
check "without a model: nothing on stderr (static only, silently)" test ! -s "$tmp/err"
ASSAY_MODEL="$tmp/none.gguf" "$ASSAY" -q "$tmp/clean.c" >/dev/null 2>"$tmp/err"; rc=$?
check "ASSAY_MODEL naming a missing file is a usage error (2)" test "$rc" = 2 -a -n "$(grep none.gguf "$tmp/err")"
"$ASSAY" -q --model "$tmp/none.gguf" "$tmp/clean.c" >/dev/null 2>&1; rc=$?
check "--model naming a missing file is a usage error (2)" test "$rc" = 2

# ---- remarks of the libclang pass: one summary line, -v lists them ---------------------------
printf '#include "no-such-header.h"\nint use(void) { return NO_SUCH_MACRO; }\n' >"$tmp/partial.c"
env -u ASSAY_MODEL "$ASSAY" --fail-on=none "$tmp/partial.c" >/dev/null 2>"$tmp/err"
if grep -q 'only partly analysed' "$tmp/err"; then
  check "partly analysed files: one summary line, no per-file flood" test "$(grep -c 'partial.c' "$tmp/err")" = 0
  "$ASSAY" -v --fail-on=none "$tmp/partial.c" >/dev/null 2>"$tmp/err"
  check "-v lists each partly analysed file" grep -q 'partial.c: note: ' "$tmp/err"
  "$ASSAY" -q --fail-on=none "$tmp/partial.c" >/dev/null 2>"$tmp/err"
  check "-q drops the summary" test ! -s "$tmp/err"
  "$ASSAY" -q --fail-on=none --no-clang "$tmp/partial.c" >/dev/null 2>"$tmp/err"
  check "--no-clang: no libclang remarks" test ! -s "$tmp/err"
else
  not_ok "a missing include should be remarked on by the libclang pass" "$(cat "$tmp/err")"
fi

# ---- git-aware discovery and stable relative paths -----------------------------------------
repo=$tmp/repo
mkdir -p "$repo/src/lib" "$repo/build" "$repo/notes"
cp "$tmp/bad.c" "$repo/src/tracked.c"
cp "$tmp/bad.c" "$repo/src/lib/untracked.c"
cp "$tmp/bad.c" "$repo/build/generated.c"
cp "$tmp/bad.c" "$repo/notes/readme.txt"
printf 'build/\n' >"$repo/.gitignore"
(cd "$repo" && git init -q && git add .gitignore src/tracked.c)
"$ASSAY" -q --fail-on=none "$repo" >"$tmp/git.out" 2>&1
files=$(grep -oE '^[^ :]+:[0-9]+:[0-9]+:' "$tmp/git.out" | cut -d: -f1 | sort -u | tr '\n' ' ')
check "in a git tree: tracked and untracked-not-ignored files, not ignored ones" test "$files" = "src/lib/untracked.c src/tracked.c "
"$ASSAY" -q --fail-on=none "$repo/build/generated.c" >"$tmp/out" 2>&1
check "an ignored file named on the command line is linted" grep -q '^build/generated.c:' "$tmp/out"
"$ASSAY" -q --fail-on=none "$repo/build" >"$tmp/out" 2>&1
check "an ignored folder named on the command line is linted" grep -q '^build/generated.c:' "$tmp/out"
(cd / && "$ASSAY" -q --fail-on=none "$repo/src") >"$tmp/from-root.out" 2>&1
(cd "$repo/src/lib" && "$ASSAY" -q --fail-on=none .. ) >"$tmp/from-lib.out" 2>&1
(cd "$repo" && "$ASSAY" -q --fail-on=none src) >"$tmp/from-top.out" 2>&1
check "paths are relative to the repo root from any cwd" \
  test -s "$tmp/from-root.out" -a -n "$(grep '^src/tracked.c:' "$tmp/from-root.out")"
check "the same report from three different cwds" \
  bash -c "cmp -s '$tmp/from-root.out' '$tmp/from-lib.out' && cmp -s '$tmp/from-root.out' '$tmp/from-top.out'"
mkdir -p "$tmp/plain/sub"; cp "$tmp/bad.c" "$tmp/plain/sub/x.c"; cp "$tmp/bad.c" "$tmp/plain/sub/x.inc"
(cd "$tmp/plain" && "$ASSAY" -q --fail-on=none .) >"$tmp/out" 2>&1
check "outside git: every .c/.h file, relative to the cwd" test "$(cut -d: -f1 "$tmp/out" | grep -E '^sub/' | sort -u | tr '\n' ' ')" = "sub/x.c "
(cd "$tmp/plain" && "$ASSAY" -q --fail-on=none --ext=inc .) >"$tmp/out" 2>&1
check "--ext picks other extensions" test "$(cut -d: -f1 "$tmp/out" | grep -E '^sub/' | sort -u | tr '\n' ' ')" = "sub/x.inc "

# ---- threads: identical output ------------------------------------------------------------
mkdir -p "$tmp/many"
for i in $(seq 1 40); do
  { printf '/* file %d */\n' "$i"; for k in $(seq 1 $((i % 7))); do echo "int pad_$k;"; done; cat "$tmp/bad.c"; } >"$tmp/many/f$i.c"
done
for f in gcc json sarif; do
  (cd "$tmp/many" && "$ASSAY" -q --fail-on=none --format=$f -j1 .) >"$tmp/j1.$f" 2>&1
  (cd "$tmp/many" && "$ASSAY" -q --fail-on=none --format=$f -j2 .) >"$tmp/j2.$f" 2>&1
  check "-j1 and -j2 give byte-identical $f output" cmp -s "$tmp/j1.$f" "$tmp/j2.$f"
done
check "the -j runs reported every file" test "$(grep -oE '^f[0-9]+\.c' "$tmp/j1.gcc" | sort -u | wc -l)" = 40

# ---- suppressions ---------------------------------------------------------------------------
line=$(grep -m1 -F "[$first]" "$tmp/bad.out" | cut -d: -f2)
awk -v l="$line" -v r="$first" 'NR == l { print $0 " // assay-ignore[" r "]: checked by hand"; next } { print }' "$tmp/bad.c" >"$tmp/suppressed.c"
run -q --fail-on=none suppressed.c >"$tmp/out" 2>&1
run -q --fail-on=none --format=json suppressed.c >"$tmp/out.json" 2>&1
check "the finding to suppress is on line $line" test -n "$(grep "^bad.c:$line:" "$tmp/bad.out")"
check "// assay-ignore[RULE] on the line silences that finding" \
  test -z "$(grep -F "[$first]" "$tmp/out" | grep "^suppressed.c:$line:")"
check "... and nothing else" test "$(count_of "$tmp/out.json")" = "$((base - 1))"
awk -v l="$line" -v r="$first" 'NR == l { print "    puts(\"// NOLINT(" r ")\");" } { print }' "$tmp/bad.c" >"$tmp/string.c"
run -q --fail-on=none --format=json string.c >"$tmp/out" 2>&1
check "NOLINT inside a string literal silences nothing" test "$(count_of "$tmp/out")" = "$base"
