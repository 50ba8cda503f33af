#!/usr/bin/env bash
# Installs what assay needs to build and test, only what is missing:
# Debian packages (apt-get; chromium only drives the audit report's browser test) and the
# tree-sitter C grammar sources (npm, pinned 0.23.x, ABI 14, which Debian's libtree-sitter
# 0.20 loads). Idempotent; safe to run every build.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

debs=(build-essential pkg-config git
      libclang-14-dev libtree-sitter-dev libpcre2-dev libxml2-dev libxml2-utils
      libopenblas-dev libjansson-dev libxxhash-dev libcmocka-dev libyaml-dev
      libsqlite3-dev sqlite3 chromium
      nodejs npm)
debs+=(zlib1g-dev manpages-dev)   # the review's man-page context (review/review_manpage.c)
debs+=(vim-nox emacs-nox)         # the editor integration tests (tests/e2e/editors.sh)
debs+=(pre-commit)                # tests/e2e/precommit.sh drives the real framework (it brings python3-yaml)
debs+=(clang libclang-rt-14-dev)  # make fuzz: libFuzzer (tests/fuzz/)
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node/npm may come from outside Debian (already on PATH): do not replace them
if command -v node >/dev/null && command -v npm >/dev/null; then
  tmp=(); for p in "${missing[@]}"; do [[ $p == nodejs || $p == npm ]] || tmp+=("$p"); done
  missing=("${tmp[@]+"${tmp[@]}"}")
fi
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}" >&2
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# tree-sitter-c grammar sources (parser.c, scanner-free) from npm, pinned
TS_C_VERSION=0.23.6
dest="$here/build/deps/tree-sitter-c"
if [ ! -f "$dest/.version-$TS_C_VERSION" ]; then
  echo "install-deps: fetching tree-sitter-c@$TS_C_VERSION from npm" >&2
  rm -rf "$dest"; mkdir -p "$dest"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "tree-sitter-c@$TS_C_VERSION" >/dev/null)
  tar -xzf "$tmp"/tree-sitter-c-*.tgz -C "$dest" --strip-components=1
  rm -rf "$tmp"
  touch "$dest/.version-$TS_C_VERSION"
fi

# SARIF validator for the reporter tests: @microsoft/sarif-multitool from npm, pinned (a
# self-contained .NET binary in its platform package; runs offline once installed)
SARIF_MULTITOOL_VERSION=5.7.0
dest="$here/build/deps/npm"
if [ ! -f "$dest/.sarif-multitool-$SARIF_MULTITOOL_VERSION" ]; then
  echo "install-deps: fetching @microsoft/sarif-multitool@$SARIF_MULTITOOL_VERSION from npm" >&2
  mkdir -p "$dest"
  (cd "$dest" && npm install --silent --no-audit --no-fund --no-save --prefix . \
     "@microsoft/sarif-multitool@$SARIF_MULTITOOL_VERSION" >/dev/null)
  # npm may skip the package's postinstall (chmod u+x): make the binary runnable here
  chmod u+x "$dest"/node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool 2>/dev/null || true
  touch "$dest/.sarif-multitool-$SARIF_MULTITOOL_VERSION"
fi
