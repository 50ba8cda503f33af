#!/usr/bin/env bash
# bench/model.sh — model engine speed next to llama.cpp's figures (part of `make bench`).
#
# Synthesizes (once, cached in $BUILD/bench-models/) SmolLM2-135M and Qwen2.5-0.5B with
# random weights in Q8_0 and Q4_K_M, runs `assay model bench --threads 2` on each (pp512 =
# a 512-token prompt in one batch, tg128 = 128 tokens generated one at a time), and prints
# a table with llama.cpp's CPU figures for the same shapes and threads on this machine
# kind, and the ratios. Also: the memory copy bandwidth next to the weight traffic of
# generation, the prefix-reuse speed-up, and RSS against mapped weights + KV cache.
# Figures only, no assertions. The machine's 2 cores may be shared: read ratios, not
# absolutes, and rerun when the load average is high.
#
# LLAMA_BENCH=/path/to/llama-bench (llama.cpp built outside this repository) adds a
# side-by-side run of llama.cpp on the same files, right after ours, so both see the same
# machine load; the table then also shows those measured figures and ratios.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
ASSAY=${ASSAY:-$PWD/$BUILD/assay}
THREADS=${THREADS:-2}
REPS=${REPS:-3}
models=$BUILD/bench-models
mkdir -p "$models"

[ -x "$ASSAY" ] || { echo "bench/model.sh: $ASSAY not built (make $BUILD/assay)" >&2; exit 1; }

# llama.cpp CPU, 2 threads, same shapes: pp512 and tg128 tok/s
declare -A ref_pp=([smollm2-135m:q8_0]=594 [smollm2-135m:q4_k_m]=427
                   [qwen2.5-0.5b:q8_0]=212 [qwen2.5-0.5b:q4_k_m]=198)
declare -A ref_tg=([smollm2-135m:q8_0]=109 [smollm2-135m:q4_k_m]=115
                   [qwen2.5-0.5b:q8_0]=38 [qwen2.5-0.5b:q4_k_m]=42)

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
cc -O2 -pthread -o "$BUILD/model_membw" bench/model_membw.c && "$BUILD/model_membw" "$THREADS"

rows=()
for shape in smollm2-135m qwen2.5-0.5b; do
  for type in q8_0 q4_k_m; do
    file=$models/$shape-$type.gguf
    if [ ! -s "$file" ]; then
      "$ASSAY" model synth "$shape" --type "$type" -o "$file" || { echo "synth $shape $type failed" >&2; continue; }
    fi
    echo "---- $shape $type"
    out=$("$ASSAY" model bench "$file" --threads "$THREADS" -r "$REPS" -p 512 -n 128) || {
      echo "bench $shape $type failed" >&2; continue; }
    echo "$out"
    pp=$(echo "$out" | awk -F'|' '/ pp512 /{split($8, a, " "); print a[1]}')
    tg=$(echo "$out" | awk -F'|' '/ tg128 /{split($8, a, " "); print a[1]}')
    lpp=- ltg=-
    if [ -n "${LLAMA_BENCH:-}" ] && [ -x "$LLAMA_BENCH" ]; then
      lout=$("$LLAMA_BENCH" -m "$file" -t "$THREADS" -p 512 -n 128 -r "$REPS" -o csv 2>/dev/null)
      # csv with a header row; pp rows have n_gen 0, tg rows n_prompt 0
      lpp=$(echo "$lout" | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) { gsub(/"/, "", $i); col[$i] = i }; next }
        { for (i = 1; i <= NF; i++) gsub(/"/, "", $i)
          if ($col["n_prompt"] > 0 && $col["n_gen"] == 0) pp = $col["avg_ts"]
          if ($col["n_gen"] > 0 && $col["n_prompt"] == 0) tg = $col["avg_ts"] }
        END { print (pp == "" ? "-" : pp), (tg == "" ? "-" : tg) }')
      ltg=${lpp#* }; lpp=${lpp% *}
      echo "llama.cpp on the same file: pp512 ${lpp:--} t/s, tg128 ${ltg:--} t/s"
    fi
    rows+=("$shape $type $pp $tg ${ref_pp[$shape:$type]} ${ref_tg[$shape:$type]} ${lpp:--} ${ltg:--}")
  done
done

echo
echo "llama.cpp columns: the reference figures (2 threads, this machine kind, unloaded);"
echo "'now' columns: llama-bench run here right after assay (only with LLAMA_BENCH=...)."
echo "| model | type | pp512 t/s | llama.cpp | ratio (target >= 1.3) | now | ratio | tg128 t/s | llama.cpp | ratio (target >= 1.0) | now | ratio |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for r in "${rows[@]}"; do
  set -- $r
  awk -v m="$1" -v t="$2" -v pp="$3" -v tg="$4" -v rpp="$5" -v rtg="$6" -v lpp="$7" -v ltg="$8" '
    function ratio(a, b) { return (b == "-" || b + 0 == 0) ? "-" : sprintf("%.2fx", a / b) }
    BEGIN {
      printf "| %s | %s | %.1f | %d | %s | %s | %s | %.1f | %d | %s | %s | %s |\n", m, t, pp, rpp,
             ratio(pp, rpp), lpp, ratio(pp, lpp), tg, rtg, ratio(tg, rtg), ltg, ratio(tg, ltg) }'
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
