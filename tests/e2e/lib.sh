# lib.sh — sourced by every end-to-end script in tests/e2e/: the common setup and the TAP
# lines tests/run-all.sh counts.
#
# Setup: the working folder is the repository root; BUILD (default build) and ASSAY (default
# $BUILD/assay, made absolute) are set and exported; SHARED is the shared folder
# ($ASSAY_SHARED_DIR, else ../shared); $tmp is a fresh temporary folder,
# removed on exit (write bits restored first, so a test may chmod inside it).
#
# One line per check, numbered:
#   ok NAME                    "ok 3 - NAME"
#   not_ok NAME [DETAIL...]    "not ok 4 - NAME", then "#   DETAIL" per extra argument;
#                              the script then exits 1
#   skip NAME REASON           "ok 5 - NAME # SKIP REASON": counted as skipped, never passed.
#                              Only for a fixture or tool the machine cannot have; a
#                              program that fails or crashes is not_ok, not a skip.
#   check NAME CMD [ARG...]    runs CMD: ok if it exits 0, else not_ok
# Sourcing this file does not print anything.

cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
BUILD=${BUILD:-build}
ASSAY=${ASSAY:-$PWD/$BUILD/assay}
case $ASSAY in /*) ;; *) ASSAY=$PWD/$ASSAY ;; esac
export BUILD ASSAY
# the shared folder beside the clone (models, vocabularies, schemas); a fresh clone has none
SHARED=${ASSAY_SHARED_DIR:-../shared}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/assay-e2e.XXXXXX") || exit 2
# on exit: the folder goes, and a script that printed a "not ok" line exits 1 (whatever
# status it ended with)
e2e_cleanup() {
  chmod -R u+rwX "$tmp" 2>/dev/null; rm -rf "$tmp"
  [ "$e2e_failed" = 0 ] || exit 1
}
trap e2e_cleanup EXIT
# every script gets its own results cache (analyzer/lint/lint_cache.h): no test reads what
# another run, or the user's own runs, left in ~/.cache
export ASSAY_CACHE="$tmp/results.db"

e2e_n=0 e2e_failed=0
ok()     { e2e_n=$((e2e_n + 1)); echo "ok $e2e_n - $1"; }
not_ok() {
  e2e_n=$((e2e_n + 1)) e2e_failed=1; echo "not ok $e2e_n - $1"; shift
  local l; for l in "$@"; do [ -z "$l" ] || echo "#   $l"; done
}
skip()   { e2e_n=$((e2e_n + 1)); echo "ok $e2e_n - $1 # SKIP $2"; }
check()  { local name=$1; shift; if "$@"; then ok "$name"; else not_ok "$name"; fi; }
