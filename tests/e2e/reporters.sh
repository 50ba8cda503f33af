#!/usr/bin/env bash
# reporters.sh — validates report files with the official tools:
#  - SARIF with Microsoft's @microsoft/sarif-multitool (SARIF schema and rules, plus the
#    GitHub code scanning rules GH*): zero errors required;
#  - JUnit XML with xmllint against ../shared/schemas/junit-10.xsd.
# It validates the samples the reporter unit tests save in $BUILD/report-samples/ (the
# rich fixture: fixes, flows, UTF-8 columns, invalid bytes, missing rules, notices), and,
# when `assay` can already lint, the reports of a real run over corpus/. The .NET
# validator starts slowly (~1 s), so all SARIF files go to it in one call.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
ASSAY=${ASSAY:-$PWD/$BUILD/assay}
samples="$BUILD/report-samples"
schema="../shared/schemas/junit-10.xsd"
multitool=$(ls "$BUILD"/deps/npm/node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool 2>/dev/null | head -n1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The unit tests write the samples; make sure they are there (and fresh).
for t in test_report_sarif test_report_junit; do
  if [ -x "$BUILD/tests/$t" ]; then BUILD="$BUILD" "$BUILD/tests/$t" >/dev/null 2>&1; fi
done

sarif_files=()
junit_files=()
for f in "$samples"/*.sarif; do [ -f "$f" ] && sarif_files+=("$f"); done
for f in "$samples"/*.xml; do [ -f "$f" ] && junit_files+=("$f"); done

# A real run, when the CLI is far enough along to produce reports.
real_run=no
if [ -x "$ASSAY" ] && [ -d corpus ]; then
  "$ASSAY" --format=sarif --no-color --fail-on=none -o "$work/corpus.sarif" corpus >"$work/assay.out" 2>&1
  rc=$?
  if [ $rc -le 1 ] && [ -s "$work/corpus.sarif" ]; then
    real_run=yes
    sarif_files+=("$work/corpus.sarif")
    "$ASSAY" --format=junit --fail-on=none -o "$work/corpus.xml" corpus >/dev/null 2>&1 && junit_files+=("$work/corpus.xml")
    for fmt in json codequality; do
      "$ASSAY" --format=$fmt --fail-on=none -o "$work/corpus.$fmt.json" corpus >/dev/null 2>&1
    done
  fi
fi
if [ $real_run = yes ]; then
  echo "ok - assay --format=sarif ran over corpus/"
else
  echo "ok - # SKIP assay cannot lint corpus/ yet ($(head -c 120 "$work/assay.out" 2>/dev/null | tr '\n' ' '))"
fi

# ---- SARIF -----------------------------------------------------------------------------
if [ ${#sarif_files[@]} -eq 0 ]; then
  echo "not ok - no SARIF samples in $samples (build and run build/tests/test_report_sarif)"
elif [ -z "$multitool" ]; then
  echo "ok - # SKIP sarif-multitool not installed (scripts/install-deps.sh puts it in $BUILD/deps/npm)"
else
  "$multitool" validate --rule-kind "Sarif;Gh" --level "Error;Warning" "${sarif_files[@]}" \
      >"$work/multitool.out" 2>&1
  errors=$(grep -cE ": error [A-Z]+[0-9]+:" "$work/multitool.out")
  warnings=$(grep -cE ": warning [A-Z]+[0-9]+:" "$work/multitool.out")
  if ! grep -q "Done. ${#sarif_files[@]} files scanned" "$work/multitool.out"; then
    echo "not ok - sarif-multitool did not run"; sed 's/^/    /' "$work/multitool.out" | tail -20
  elif [ "$errors" -eq 0 ]; then
    echo "ok - sarif-multitool: ${#sarif_files[@]} SARIF files valid, 0 errors, $warnings warnings (SARIF + GitHub rules)"
  else
    echo "not ok - sarif-multitool found $errors errors"
    grep -E ": error " "$work/multitool.out" | head -20 | sed 's/^/    /'
  fi
  if [ "$warnings" -gt 0 ]; then grep -E ": warning " "$work/multitool.out" | head -10 | sed 's/^/    # /'; fi
fi

# ---- JUnit -----------------------------------------------------------------------------
if [ ! -f "$schema" ]; then
  echo "ok - # SKIP $schema not found"
elif [ ${#junit_files[@]} -eq 0 ]; then
  echo "not ok - no JUnit samples in $samples (build and run build/tests/test_report_junit)"
else
  for f in "${junit_files[@]}"; do
    if xmllint --noout --schema "$schema" "$f" 2>"$work/xmllint.out"; then
      echo "ok - xmllint: $(basename "$f") valid against junit-10.xsd"
    else
      echo "not ok - xmllint: $(basename "$f") invalid"; sed 's/^/    /' "$work/xmllint.out" | head -10
    fi
  done
fi

# ---- JSON from the real run --------------------------------------------------------------
if [ $real_run = yes ]; then
  for fmt in json codequality; do
    if node -e 'const a = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); if (!Array.isArray(a)) process.exit(1)' \
        "$work/corpus.$fmt.json" 2>/dev/null; then
      echo "ok - --format=$fmt output is a JSON array"
    else
      echo "not ok - --format=$fmt output is not a JSON array"
    fi
  done
fi
exit 0
