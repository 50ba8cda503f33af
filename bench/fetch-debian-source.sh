#!/usr/bin/env bash
# fetch-debian-source.sh PACKAGE[=VERSION] DEST — downloads Debian's source package of
# PACKAGE (that exact VERSION when given) with apt-get and unpacks it into DEST with
# dpkg-source (upstream tree with Debian's patches applied); prints the unpacked folder.
#
# The mirrors are the system's own: every `deb` entry of /etc/apt/sources.list,
# /etc/apt/sources.list.d/*.list and the deb822 files /etc/apt/sources.list.d/*.sources is
# turned into a `deb-src` line (same URI, suites, components and signed-by). apt runs with
# a private state folder (DEST/.apt, kept for reruns, refreshed once a day), so the
# system's sources and lists are untouched. For benchmarks only; sources are never committed.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 PACKAGE[=VERSION] DEST" >&2; exit 2; }
spec=$1
package=${spec%%=*}
dest=$2
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
apt_dir="$dest/.apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"

# ---- deb-src lines from the system's apt configuration
sources_from_system() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    # one-line form: deb [options] URI suite [component...]
    sed -n 's/^[[:space:]]*deb\([[:space:]]\)/deb-src\1/p' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    # deb822 form: stanzas separated by blank lines; Types may list deb and deb-src
    awk '
      function flush() {
        if (types ~ /(^|[[:space:]])deb([[:space:]]|$)/ && enabled != "no" && uris != "") {
          opts = signed != "" ? " [signed-by=" signed "]" : ""
          n = split(uris, u, /[[:space:]]+/); m = split(suites, s, /[[:space:]]+/)
          for (i = 1; i <= n; i++) for (j = 1; j <= m; j++)
            if (u[i] != "" && s[j] != "") print "deb-src" opts " " u[i] " " s[j] " " comps
        }
        types = uris = suites = comps = signed = enabled = ""
      }
      /^[[:space:]]*#/ { next }
      /^[[:space:]]*$/ { flush(); next }
      {
        key = tolower($1); sub(/:$/, "", key); val = $0; sub(/^[^:]*:[[:space:]]*/, "", val)
        if (key == "types") types = val
        else if (key == "uris") uris = val
        else if (key == "suites") suites = val
        else if (key == "components") comps = val
        else if (key == "signed-by") signed = val
        else if (key == "enabled") enabled = tolower(val)
      }
      END { flush() }' "$f"
  done
}
sources_from_system | sort -u >"$apt_dir/sources.list.new"
[ -s "$apt_dir/sources.list.new" ] || {
  echo "fetch-debian-source: no deb entry in /etc/apt/sources.list{,.d/}" >&2; exit 1; }

apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
          -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
          -o "APT::Sandbox::User=$(id -un)")
# refresh the private lists when the sources changed or the lists are a day old
if ! cmp -s "$apt_dir/sources.list.new" "$apt_dir/sources.list" ||
   [ -z "$(find "$apt_dir/lists" -maxdepth 1 -name '*Sources*' -mmin -1440 2>/dev/null | head -1)" ]; then
  mv "$apt_dir/sources.list.new" "$apt_dir/sources.list"
  # a third-party repository without sources fails its part of the update, not the rest
  apt-get "${apt_opts[@]}" -qq update >&2 || echo "fetch-debian-source: apt-get update reported errors (continuing)" >&2
else
  rm -f "$apt_dir/sources.list.new"
fi

download="$apt_dir/download/$spec"
mkdir -p "$download"
if ! ls "$download"/*.dsc >/dev/null 2>&1; then
  (cd "$download" && apt-get "${apt_opts[@]}" -qq source --download-only "$spec" >&2)
fi
dsc=$(ls "$download"/*.dsc | head -1)
# the folder dpkg-source makes: PACKAGE-UPSTREAMVERSION (epoch and Debian revision dropped)
version=$(sed -n 's/^Version:[[:space:]]*//p' "$dsc" | head -1)
upstream=${version#*:}
upstream=${upstream%-*}
tree="$dest/$package-$upstream"
if [ ! -d "$tree" ]; then
  if command -v dpkg-source >/dev/null; then
    dpkg-source --no-check -x "$dsc" "$tree" >&2
  else
    # without dpkg-dev: the upstream tarball alone (Debian's patches not applied)
    echo "fetch-debian-source: dpkg-source not found (apt-get install dpkg-dev); unpacking the upstream tarball only" >&2
    orig=$(ls "$download"/*.orig.tar.* | head -1)
    mkdir -p "$tree"
    tar -xf "$orig" -C "$tree" --strip-components=1
  fi
fi
echo "$tree/"
