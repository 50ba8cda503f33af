#!/usr/bin/env bash
# audit_report.sh — `assay audit report`: one self-contained HTML file (no URL to fetch, no
# external script or style), code from the tree never appears as markup, and in a real
# headless Chromium the page loads with no console error, draws its charts, findings and
# filters, and a screenshot of it is written to $BUILD/audit-report.png.
set -u
source "$(dirname "$0")/lib.sh"

mkdir -p "$tmp/tree/src"
cp corpus/c.gets/positive/*.c corpus/c.strcpy-unbounded/positive/*.c "$tmp/tree/src/" 2>/dev/null
# code that would be markup if the report pasted it in
cat >"$tmp/tree/src/evil.c" <<'C'
#include <stdio.h>
#include <string.h>
/* </script><script>alert("x")</script> <img src=x onerror=alert(1)> & &amp; */
int main(int argc, char **argv)
{
    char buf[8];
    if (argc < 2) return 1;
    strcpy(buf, argv[1]); /* </script><b>bold</b> */
    printf("%s</script>\n", buf);
    return 0;
}
C
"$ASSAY" audit -q --no-git -j2 "$tmp/tree" || not_ok "the audit runs"
"$ASSAY" audit report "$tmp/tree" -o "$tmp/report.html" 2>"$tmp/err"; rc=$?
check "report exits 0" test "$rc" = 0
check "report says where it wrote" grep -q "wrote the audit report to $tmp/report.html" "$tmp/err"
"$ASSAY" audit report "$tmp/tree" -q; rc=$?
check "the default place is DIR/.assay/report.html" test "$rc" = 0 -a -s "$tmp/tree/.assay/report.html"
check "one file: no src= or href= to fetch, no external script or style" \
  bash -c "! grep -Eiq '<(script|link|img|iframe)[^>]*(src|href)=' '$tmp/report.html'"
check "a Content-Security-Policy forbids fetching" grep -q "default-src 'none'" "$tmp/report.html"
check "the code's markup never appears raw" bash -c "! grep -q '<img src=x' '$tmp/report.html' && ! grep -q '<b>bold' '$tmp/report.html' && [ \$(grep -c '</script>' '$tmp/report.html') = 2 ]"
check "... it is in the data, escaped" grep -q '\\u003c/script\\u003e\\u003cb\\u003ebold' "$tmp/report.html"

chrome=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$chrome" ]; then
  skip "the report in headless Chromium" "no chromium installed (scripts/install-deps.sh installs Debian's chromium)"
  exit 0
fi
# Chromium's own flags for a headless run in a container (root needs --no-sandbox)
browse() {
  timeout 120 "$chrome" --headless=new --no-sandbox --disable-gpu --no-first-run --disable-dev-shm-usage \
    --user-data-dir="$tmp/chrome" --enable-logging=stderr --v=0 --virtual-time-budget=3000 "$@"
}
# the console check must be able to fail: a page with an error is caught
printf '<!DOCTYPE html><html><body><script>no_such_function();</script></body></html>' >"$tmp/broken.html"
browse --dump-dom "file://$tmp/broken.html" >/dev/null 2>"$tmp/broken.log"
check "a page with a script error is caught by the console check" grep -q 'CONSOLE.*Uncaught' "$tmp/broken.log"

browse --dump-dom "file://$tmp/report.html" >"$tmp/dom.html" 2>"$tmp/chrome.log"; rc=$?
check "Chromium loads the report (exit $rc)" test "$rc" = 0 -a -s "$tmp/dom.html"
errors=$(grep -E 'CONSOLE|Uncaught|Refused to' "$tmp/chrome.log" | head -5)
check "no console message, error or blocked fetch" test -z "$errors"
[ -z "$errors" ] || echo "#   $errors"
findings=$(grep -o '<details class="finding' "$tmp/dom.html" | wc -l)
check "the findings are drawn ($findings)" test "$findings" -ge 3
check "the charts are drawn (SVG bars)" test "$(grep -o '<rect' "$tmp/dom.html" | wc -l)" -ge 3
check "filters by severity, certainty and state are there" \
  bash -c "grep -q 'id=\"f-severity-error\"' '$tmp/dom.html' && grep -q 'id=\"f-certainty-low\"' '$tmp/dom.html' && grep -q 'id=\"f-state-false-alarm\"' '$tmp/dom.html'"
check "the code's markup is text in the page, not elements" \
  bash -c "grep -q '&lt;/script&gt;&lt;b&gt;bold' '$tmp/dom.html' && ! grep -q '<b>bold' '$tmp/dom.html'"

mkdir -p "$BUILD"
shot="$PWD/$BUILD/audit-report.png"
rm -f "$shot"
browse --screenshot="$shot" --window-size=1400,1800 --hide-scrollbars "file://$tmp/report.html" >/dev/null 2>"$tmp/shot.log"
check "a screenshot is written to $BUILD/audit-report.png" bash -c "[ -s '$shot' ] && head -c 8 '$shot' | od -An -c | grep -q 'P   N   G'"
