#!/usr/bin/env bash
# realcode.sh [PROJECT...] — `make realcode`: assay on real C code bases, compared with a
# triage committed in the repo (in the spirit of the Clang Static Analyzer's SATest).
#
# For each project (default: all of PROJECTS below) the Debian source package of the
# pinned version is fetched (bench/fetch-debian-source.sh, the system's apt mirrors) and
# unpacked into $REALCODE_CACHE/src; a copy in $REALCODE_CACHE/build is configured and built
# under `bear` to get a compile_commands.json. assay runs with default options twice:
#   nodb  on the pristine tree, no database (what a new user gets trying it)
#   db    on the built tree with -p (each file with its own flags)
# Both with --no-git --root at the tree, so a finding's fingerprint is the same in both.
# The JSON reports go to $REALCODE_OUT; bench/realcode_compare.py compares their findings
# with bench/realcode/<project>.tsv (fingerprint, verdict, rule, file:line, reason), lists
# new (untriaged) and gone findings and prints the tables (per project, per rule, per mode).
#
# Exit status: 0 when the triage is up to date, 1 when findings are new or gone (or a
# project could not be fetched), 2 when assay is not built.
#
# Robust by design: a project that fails to fetch, configure or build is reported and
# skipped (a failed build only skips its db run); reruns reuse the cache (delete
# $REALCODE_CACHE/build/<project> to rebuild one). Not part of `make check`.
#
# Environment:
#   REALCODE_CACHE    cache folder (default $HOME/.cache/assay-realcode); never committed
#   REALCODE_OUT      reports and logs (default build/realcode)
#   REALCODE_JOBS     make -j and assay -j (default 2)
#   REALCODE_BUILD_DEP  1: install each project's build dependencies with
#                     `apt-get build-dep` (default: 1 when root, else 0)
#   ASSAY             the binary (default build/assay)
set -u
cd "$(dirname "$0")/.."
repo=$PWD
ASSAY=${ASSAY:-$repo/build/assay}
cache=${REALCODE_CACHE:-$HOME/.cache/assay-realcode}
out=${REALCODE_OUT:-$repo/build/realcode}
jobs=${REALCODE_JOBS:-2}
build_dep=${REALCODE_BUILD_DEP:-$([ "$(id -u)" = 0 ] && echo 1 || echo 0)}
[ -x "$ASSAY" ] || { echo "realcode: $ASSAY not built (make)" >&2; exit 2; }
# the harness's own tools: bear records the builds, dpkg-dev applies Debian's patches
missing=(); command -v bear >/dev/null || missing+=(bear); command -v dpkg-source >/dev/null || missing+=(dpkg-dev)
if ((${#missing[@]})) && [ "$build_dep" = 1 ]; then
  echo "realcode: installing ${missing[*]}" >&2
  apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1
fi
command -v bear >/dev/null || echo "realcode: bear not installed: db runs are skipped (apt-get install bear)" >&2
mkdir -p "$cache/src" "$cache/build" "$out"
cache=$(cd "$cache" && pwd)
out=$(cd "$out" && pwd)

# ---- the code bases: Debian package = exact version of this Debian release (bookworm).
# A version the mirror no longer serves fails to fetch: update it here and re-triage.
# (expat: apt lists 2.5.0-1+deb12u5, but the mirror answered 404 for it; deb12u2 is served.)
PINNED="
curl      7.88.1-10+deb12u15
redis     5:7.0.15-1~deb12u10
memcached 1.6.18-1+deb12u1
libevent  2.1.12-stable-8+deb12u1
expat     2.5.0-1+deb12u2
bzip2     1.0.8-5
gawk      1:5.2.1-2
tar       1.34+dfsg-1.2+deb12u1
"
PROJECTS=$(echo "$PINNED" | awk 'NF {print $1}')

# build_<project>: run in a copy of the tree; must leave compile_commands.json in it
autotools() { "$@" --disable-dependency-tracking -q && bear -- make -j"$jobs"; }
build_curl()      { autotools ./configure --with-openssl; }
build_redis()     { bear -- make -j"$jobs" MALLOC=libc; }
build_memcached() { autotools ./configure; }
# Debian's patches touch Makefile.am: regenerate as debian/rules does (dh_autoreconf)
build_libevent()  { autoreconf -fi >/dev/null && autotools ./configure; }
# the Debian tree is upstream's git layout: the library is in expat/, without configure
build_expat()     { (cd expat && ./buildconf.sh >/dev/null && ./configure --without-docbook \
                       --disable-dependency-tracking -q) && bear -- make -C expat -j"$jobs"; }
build_bzip2()     { bear -- make -j"$jobs"; }
build_gawk()      { autotools ./configure; }
build_tar()       { FORCE_UNSAFE_CONFIGURE=1 autotools ./configure; }

note() { echo "realcode: $*" >&2; }

# the tree of PROJECT in the cache, fetched when missing; prints its path
fetch() {
  local project=$1 version
  version=$(echo "$PINNED" | awk -v p="$project" '$1 == p {print $2}')
  [ -n "$version" ] || { note "$project: not a pinned project"; return 1; }
  bash bench/fetch-debian-source.sh "$project=$version" "$cache/src" 2>"$out/$project.fetch.log" |
    tail -1 | sed 's:/$::'
}

# builds a copy of TREE in the cache under bear (once); prints the built tree's path
build() {
  local project=$1 tree=$2 built=$cache/build/$1
  if [ -s "$built/compile_commands.json" ]; then echo "$built"; return 0; fi
  command -v bear >/dev/null || return 1
  if [ "$build_dep" = 1 ] && [ ! -e "$cache/build/.build-dep-$project" ]; then
    if [ ! -e "$cache/build/.apt-updated" ]; then
      apt-get update -qq >"$out/apt-update.log" 2>&1 && touch "$cache/build/.apt-updated"
    fi
    DEBIAN_FRONTEND=noninteractive apt-get build-dep -y -qq "$tree" >"$out/$project.build-dep.log" 2>&1 &&
      touch "$cache/build/.build-dep-$project" ||
      note "$project: apt-get build-dep failed (see $out/$project.build-dep.log); trying the build anyway"
  fi
  rm -rf "$built"
  cp -a "$tree" "$built"
  (cd "$built" && "build_$project") >"$out/$project.build.log" 2>&1
  local status=$?
  # a partial build still yields a usable database for the files it compiled
  if [ -s "$built/compile_commands.json" ] &&
     [ "$(grep -c '"file"' "$built/compile_commands.json")" -gt 0 ]; then
    [ $status = 0 ] || note "$project: build failed part way (see $out/$project.build.log); database of what compiled"
    echo "$built"
    return 0
  fi
  note "$project: build failed (see $out/$project.build.log)"
  return 1
}

# lint MODE TREE PROJECT [assay options]: the JSON report and the --stats line
lint() {
  local mode=$1 tree=$2 project=$3
  shift 3
  (cd "$tree" && "$ASSAY" --no-git --root . -j "$jobs" --fail-on=none --stats --format json \
      -o "$out/$project.$mode.json" "$@" .) 2>"$out/$project.$mode.log"
  local status=$?
  if [ $status -ne 0 ] || [ ! -s "$out/$project.$mode.json" ]; then
    note "$project: assay ($mode) failed with status $status (see $out/$project.$mode.log)"
    rm -f "$out/$project.$mode.json"
    return 1
  fi
}

[ $# -gt 0 ] && PROJECTS="$*"
status=0
for project in $PROJECTS; do
  rm -f "$out/$project".{nodb,db}.{json,log}
  tree=$(fetch "$project")
  if [ -z "$tree" ] || [ ! -d "$tree" ]; then
    note "$project: fetch failed (see $out/$project.fetch.log); skipped"
    status=1
    continue
  fi
  note "$project: linting $tree (no database)"
  lint nodb "$tree" "$project"
  if built=$(build "$project" "$tree"); then
    note "$project: linting $built (with its compile_commands.json)"
    lint db "$built" "$project" -p .
  else
    note "$project: no compilation database; db run skipped"
  fi
done

python3 bench/realcode_compare.py --reports "$out" --triage bench/realcode $PROJECTS || status=1
exit $status
