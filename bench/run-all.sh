#!/usr/bin/env bash
# `make bench`: runs each area's benchmark script in turn; each prints its own figures.
# Benchmarks print ratios and per-unit figures; they assert nothing.
set -u
cd "$(dirname "$0")/.."
export BUILD=${BUILD:-build} ASSAY="$PWD/${BUILD:-build}/assay"
status=0
for area in static rules clang precommit model review kernels tokenizer grammar reporters; do
  script=bench/$area.sh
  [ -f "$script" ] || continue
  echo "==== bench: $area"
  bash "$script" || { echo "bench $area failed" >&2; status=1; }
done
exit $status
