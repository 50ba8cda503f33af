#!/usr/bin/env bash
# bench/model.sh — model engine speed, side by side with llama.cpp when given (part of
# `make bench`).
#
# Synthesizes (once, cached in $BUILD/bench-models/) SmolLM2-135M and Qwen2.5-0.5B with
# random weights in Q8_0 and Q4_K_M and runs `assay model bench --threads $THREADS` on each
# (pp512 = a 512-token prompt in one batch, tg128 = 128 tokens generated one at a time),
# once per kernel path in $PATHS (default "auto avx2": the best path of this CPU, then the
# AVX2 path forced with ASSAY_CPU=avx2). With LLAMA_BENCH=/path/to/llama-bench (llama.cpp
# built outside this repository) llama.cpp runs on the same files right after assay, in
# the same round, so both see the same machine load; ratios are printed only against that
# run, never against remembered figures. $ROUNDS rounds (default 3) of $REPS repetitions
# each; the table shows the median of the rounds' means.
#
# Also, per model: where a generated token's time goes (bench/forward_ops.c), and the
# weight bytes read per token with the GB/s that implies next to this machine's read
# bandwidth for a buffer of that size (bench/model_membw.c: caches included, so a model
# that fits in L3 has a higher limit). Figures only, no assertions. The 2 cores may be
# shared with other work: the load average is printed at start and end.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
ASSAY=${ASSAY:-$PWD/$BUILD/assay}
THREADS=${THREADS:-2}
REPS=${REPS:-3}
ROUNDS=${ROUNDS:-3}
PATHS=${PATHS:-auto avx2}
models=$BUILD/bench-models
mkdir -p "$models" "$BUILD/bench"

[ -x "$ASSAY" ] || { echo "bench/model.sh: $ASSAY not built (make $BUILD/assay)" >&2; exit 1; }
llama=
if [ -n "${LLAMA_BENCH:-}" ]; then
  if [ -x "$LLAMA_BENCH" ]; then llama=$LLAMA_BENCH
  else echo "bench/model.sh: LLAMA_BENCH=$LLAMA_BENCH is not executable: no llama.cpp run" >&2; fi
fi

cc -O2 -march=native -pthread -o "$BUILD/bench/model_membw" bench/model_membw.c || exit 1
make -s BUILD="$BUILD" "$BUILD/bench/forward_ops" >/dev/null || exit 1

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'),"\
     "load average $(cut -d' ' -f1-3 /proc/loadavg) at start"

list=()
for shape in smollm2-135m qwen2.5-0.5b; do
  for type in q8_0 q4_k_m; do
    file=$models/$shape-$type.gguf
    if [ ! -s "$file" ]; then
      "$ASSAY" model synth "$shape" --type "$type" -o "$file" || { echo "synth $shape $type failed" >&2; continue; }
    fi
    list+=("$shape:$type")
  done
done

declare -A runs mib
# median of the numbers in $1 (space-separated), or "-"
median() { echo "$1" | tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 }
  END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for round in $(seq 1 "$ROUNDS"); do
  for m in "${list[@]}"; do
    file=$models/${m%%:*}-${m##*:}.gguf
    for path in $PATHS; do
      out=$(ASSAY_CPU=$path "$ASSAY" model bench "$file" --threads "$THREADS" -r "$REPS" -p 512 -n 128) || {
        echo "assay bench $m ($path) failed" >&2; continue; }
      pp=$(echo "$out" | awk -F'|' '/ pp512 /{split($8, a, " "); print a[1]}')
      tg=$(echo "$out" | awk -F'|' '/ tg128 /{split($8, a, " "); print a[1]}')
      mib[$m]=$(echo "$out" | sed -n 's/.*(\([0-9.]*\) MiB read per token).*/\1/p')
      runs[$m:$path:pp]+=" $pp"; runs[$m:$path:tg]+=" $tg"
      echo "round $round $m assay ($path, $(echo "$out" | awk -F'|' '/ tg128 /{print $5}' | tr -d ' ')): pp512 $pp t/s, tg128 $tg t/s"
    done
    if [ -n "$llama" ]; then
      lout=$("$llama" -m "$file" -t "$THREADS" -p 512 -n 128 -r "$REPS" -o csv 2>/dev/null)
      # csv with a header row; pp rows have n_gen 0, tg rows n_prompt 0
      read -r lpp ltg < <(echo "$lout" | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) { gsub(/"/, "", $i); col[$i] = i }; next }
        { for (i = 1; i <= NF; i++) gsub(/"/, "", $i)
          if ($col["n_prompt"] > 0 && $col["n_gen"] == 0) pp = $col["avg_ts"]
          if ($col["n_gen"] > 0 && $col["n_prompt"] == 0) tg = $col["avg_ts"] }
        END { print (pp == "" ? "-" : pp), (tg == "" ? "-" : tg) }')
      lpp=$(awk -v v="$lpp" 'BEGIN { print v == "-" ? v : sprintf("%.2f", v) }')
      ltg=$(awk -v v="$ltg" 'BEGIN { print v == "-" ? v : sprintf("%.2f", v) }')
      [ "$lpp" != "-" ] && runs[$m:llama:pp]+=" $lpp"
      [ "$ltg" != "-" ] && runs[$m:llama:tg]+=" $ltg"
      echo "round $round $m llama.cpp: pp512 $lpp t/s, tg128 $ltg t/s"
    fi
  done
done

echo
echo "---- where a generated token's time goes (assay, best path, tg128)"
for m in "${list[@]}"; do
  echo "$m:"
  "$BUILD/bench/forward_ops" "$models/${m%%:*}-${m##*:}.gguf" "$THREADS" 128 | sed 's/^/  /'
done

first=${PATHS%% *}
echo
echo "---- medians of $ROUNDS rounds (each the mean of $REPS repetitions), $THREADS threads, t/s"
if [ -n "$llama" ]; then
  echo "llama.cpp: $llama, run right after assay in each round; ratio = assay / llama.cpp"
  echo "| model | type | path | pp512 assay | pp512 llama.cpp | ratio | tg128 assay | tg128 llama.cpp | ratio |"
  echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
else
  echo "no ratio is printed: set LLAMA_BENCH=/path/to/llama-bench to run llama.cpp side by side"
  echo "| model | type | path | pp512 assay | tg128 assay |"
  echo "| --- | --- | --- | ---: | ---: |"
fi
for m in "${list[@]}"; do
  lpp=$(median "${runs[$m:llama:pp]:-}"); ltg=$(median "${runs[$m:llama:tg]:-}")
  for path in $PATHS; do
    pp=$(median "${runs[$m:$path:pp]:-}"); tg=$(median "${runs[$m:$path:tg]:-}")
    if [ -n "$llama" ]; then
      awk -v m="${m%%:*}" -v t="${m##*:}" -v p="$path" -v pp="$pp" -v tg="$tg" -v lpp="$lpp" -v ltg="$ltg" '
        function ratio(a, b) { return (a == "-" || b == "-" || b + 0 == 0) ? "-" : sprintf("%.2fx", a / b) }
        BEGIN { printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", m, t, p, pp, lpp, ratio(pp, lpp), tg, ltg, ratio(tg, ltg) }'
    else
      echo "| ${m%%:*} | ${m##*:} | $path | $pp | $tg |"
    fi
  done
done

echo
echo "---- weight traffic of generation against this machine's read bandwidth ($THREADS threads)"
for m in "${list[@]}"; do
  [ -n "${mib[$m]:-}" ] || continue
  bw=$("$BUILD/bench/model_membw" "$THREADS" "${mib[$m]}" | awk '/2 MiB pages/ { print $(NF - 1) }')
  tg=$(median "${runs[$m:$first:tg]:-}"); ltg=$(median "${runs[$m:llama:tg]:-}")
  awk -v m="$m" -v mib="${mib[$m]}" -v tg="$tg" -v ltg="$ltg" -v bw="$bw" -v p="$first" 'BEGIN {
    bytes = mib * 1048576
    line = sprintf("%s: %.1f MiB of weights read per token; assay (%s) tg128 %s t/s = %.1f GB/s", m, mib, p, tg, bytes * tg / 1e9)
    if (ltg != "-") line = line sprintf(", llama.cpp %s t/s = %.1f GB/s", ltg, bytes * ltg / 1e9)
    line = line sprintf("; this machine reads a %.1f MiB buffer (2 MiB pages, as assay holds weights) at %.1f GB/s: assay at %.0f%% of it", mib, bw, 100 * bytes * tg / 1e9 / bw)
    print line }'
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
