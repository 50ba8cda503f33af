#!/usr/bin/env bash
# fetch-debian-source.sh PACKAGE DEST — downloads Debian's source tarball of PACKAGE with
# apt-get (deb-src for the running release, in a private apt state folder under DEST, so
# the system's sources and lists are untouched) and unpacks the upstream tree into DEST.
# For benchmarks only; the sources are never committed.
set -euo pipefail
package=$1
dest=$2
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
apt_dir="$dest/.apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/download"
. /etc/os-release
suite=${VERSION_CODENAME:-bookworm}
echo "deb-src http://deb.debian.org/debian $suite main" >"$apt_dir/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
          -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
          -o "APT::Sandbox::User=$(id -un)")
apt-get "${apt_opts[@]}" -qq update
(cd "$apt_dir/download" && apt-get "${apt_opts[@]}" -qq source --download-only "$package")
tarball=$(ls "$apt_dir"/download/"${package}"_*.orig.tar.* | head -1)
tar -xf "$tarball" -C "$dest"
rm -rf "$apt_dir"
ls -d "$dest"/"${package}"-*/
