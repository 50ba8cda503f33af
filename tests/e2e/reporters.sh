#!/usr/bin/env bash
# reporters.sh — validates report files with the official tools:
#  - SARIF with Microsoft's @microsoft/sarif-multitool (SARIF schema and rules, plus the
#    GitHub code scanning rules GH*): zero errors required;
#  - JUnit XML with xmllint against junit-10.xsd from the shared folder.
# It validates the samples the reporter unit tests save in $BUILD/report-samples/ (the
# rich fixture: fixes, flows, UTF-8 columns, invalid bytes, missing rules, notices), and
# the reports of a real run over corpus/ in every format. That run must succeed: an assay
# that fails or crashes on corpus/ is a failure, not a skip. Only a validator or schema
# the machine does not have is skipped. The .NET validator starts slowly (~1 s), so all
# SARIF files go to it in one call.
set -u
source "$(dirname "$0")/lib.sh"
samples="$BUILD/report-samples"
schema="$SHARED/schemas/junit-10.xsd"
multitool=$(ls "$BUILD"/deps/npm/node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool build/deps/npm/node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool 2>/dev/null | head -n1)
work=$tmp

# The unit tests write the samples; make sure they are there (and fresh).
for t in test_report_sarif test_report_junit test_report_review; do
  if [ -x "$BUILD/tests/$t" ]; then BUILD="$BUILD" "$BUILD/tests/$t" >/dev/null 2>&1; fi
done

sarif_files=()
junit_files=()
for f in "$samples"/*.sarif; do [ -f "$f" ] && sarif_files+=("$f"); done
for f in "$samples"/*.xml; do [ -f "$f" ] && junit_files+=("$f"); done

# report FORMAT FILE: assay over corpus/ in one format, into FILE; ok when it exits 0
# (--fail-on=none) and writes a non-empty file, else not_ok with the exit status (a crash
# names its signal) and the start of what it printed.
report() {
  local fmt=$1 out=$2 rc why=
  "$ASSAY" --format="$fmt" --no-color --fail-on=none -o "$out" corpus >"$work/assay.$fmt.out" 2>&1
  rc=$?
  if [ $rc -ge 128 ]; then why="crashed (signal $((rc - 128)))"
  elif [ $rc -ne 0 ]; then why="exited $rc"
  elif [ ! -s "$out" ]; then why="wrote no report"; fi
  if [ -z "$why" ]; then ok "assay --format=$fmt ran over corpus/"; return 0; fi
  not_ok "assay --format=$fmt over corpus/ $why" "$(head -c 300 "$work/assay.$fmt.out" | tr '\n' ' ')"
  return 1
}

if [ ! -x "$ASSAY" ]; then
  not_ok "no assay binary at $ASSAY (build first)"
else
  report sarif "$work/corpus.sarif" && sarif_files+=("$work/corpus.sarif")
  report junit "$work/corpus.xml" && junit_files+=("$work/corpus.xml")
  for fmt in json codequality; do
    report "$fmt" "$work/corpus.$fmt.json" &&
      check "--format=$fmt output is a JSON array" node -e \
        'const a = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); if (!Array.isArray(a)) process.exit(1)' \
        "$work/corpus.$fmt.json"
  done
fi

# ---- SARIF -----------------------------------------------------------------------------
if [ ${#sarif_files[@]} -eq 0 ]; then
  not_ok "no SARIF samples in $samples (build and run build/tests/test_report_sarif)"
elif [ -z "$multitool" ]; then
  skip "sarif-multitool validation" "sarif-multitool not installed (scripts/install-deps.sh puts it in build/deps/npm)"
else
  "$multitool" validate --rule-kind "Sarif;Gh" --level "Error;Warning" "${sarif_files[@]}" \
      >"$work/multitool.out" 2>&1
  errors=$(grep -cE ": error [A-Z]+[0-9]+:" "$work/multitool.out")
  warnings=$(grep -cE ": warning [A-Z]+[0-9]+:" "$work/multitool.out")
  if ! grep -q "Done. ${#sarif_files[@]} files scanned" "$work/multitool.out"; then
    not_ok "sarif-multitool did not run"; sed 's/^/    /' "$work/multitool.out" | tail -20
  elif [ "$errors" -eq 0 ]; then
    ok "sarif-multitool: ${#sarif_files[@]} SARIF files valid, 0 errors, $warnings warnings (SARIF + GitHub rules)"
  else
    not_ok "sarif-multitool found $errors errors"
    grep -E ": error " "$work/multitool.out" | head -20 | sed 's/^/    /'
  fi
  if [ "$warnings" -gt 0 ]; then grep -E ": warning " "$work/multitool.out" | head -10 | sed 's/^/    # /'; fi
fi

# ---- JUnit -----------------------------------------------------------------------------
if [ ! -f "$schema" ]; then
  skip "xmllint validation against junit-10.xsd" "needs $schema (the shared folder)"
elif [ ${#junit_files[@]} -eq 0 ]; then
  not_ok "no JUnit samples in $samples (build and run build/tests/test_report_junit)"
else
  for f in "${junit_files[@]}"; do
    if xmllint --noout --schema "$schema" "$f" 2>"$work/xmllint.out"; then
      ok "xmllint: $(basename "$f") valid against junit-10.xsd"
    else
      not_ok "xmllint: $(basename "$f") invalid"; sed 's/^/    /' "$work/xmllint.out" | head -10
    fi
  done
fi

exit 0
