/* kernels_bench.c — figures for the quantized kernels (bench/kernels.sh builds and runs it).
 *
 * Prints: this machine's memory bandwidth (memcpy, and a multi-threaded streaming read,
 * the access pattern of decode); matvec throughput per weight type at the shapes of
 * SmolLM2-135M and Qwen2.5-0.5B feed-forward layers, as GB/s of weights streamed, with the
 * weights cycled through more memory than the caches hold (as in decoding a whole model);
 * and the batched (prompt) path's GFLOP/s at 512 tokens, int8 GEMM and sgemm side by
 * side. Each figure is the best of the repetitions that fit in the time given. Every table is printed twice: one thread timed
 * by its CPU time (per-core figures that other processes on a shared machine disturb
 * little), then all threads by the wall clock. Asserts nothing.
 * Usage: kernels_bench [threads] [seconds per figure] */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "slm/kernels.h"
#include "slm/quant.h"
#include "core/threadpool.h"

/* Wall clock by default; the calling thread's CPU time for the single-thread tables,
 * which other processes on a shared machine disturb much less. */
static clockid_t bench_clock = CLOCK_MONOTONIC;

static double now(void)
{
    struct timespec t;
    clock_gettime(bench_clock, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static const char *clock_name(void)
{
    return bench_clock == CLOCK_MONOTONIC ? "wall clock" : "CPU time of the one thread";
}

static uint64_t rng_state = 88172645463325252ULL;
static float rng_uniform(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (float)(rng_state >> 40) / (float)(1 << 23) - 1.0f;
}

/* ---- memory bandwidth --------------------------------------------------------------------- */

typedef struct {
    const uint64_t *data;
    size_t words;
    atomic_ullong sink;
} read_job_t;

static void read_worker(void *p, int index, int n)
{
    read_job_t *job = p;
    size_t per = job->words / (size_t)n, start = per * (size_t)index;
    uint64_t a = 0, b = 0, c = 0, d = 0;
    for (size_t i = start; i < start + per; i += 4) {
        a += job->data[i];
        b += job->data[i + 1];
        c += job->data[i + 2];
        d += job->data[i + 3];
    }
    atomic_fetch_add(&job->sink, a + b + c + d);
}

static void bench_memory(threadpool_t *pool, double seconds)
{
    size_t bytes = (size_t)512 << 20;
    uint8_t *src = malloc(bytes), *dst = malloc(bytes);
    memset(src, 1, bytes);
    memset(dst, 2, bytes);
    double best = 1e30, start = now();
    do {
        double t0 = now();
        memcpy(dst, src, bytes);
        if (now() - t0 < best) best = now() - t0;
    } while (now() - start < seconds);
    printf("memcpy (1 thread):            %6.1f GB/s copied (%.1f GB/s read+write)\n",
           (double)bytes / best / 1e9, 2.0 * bytes / best / 1e9);
    read_job_t job = {(const uint64_t *)src, bytes / 8, 0};
    best = 1e30;
    start = now();
    do {
        double t0 = now();
        threadpool_run(pool, read_worker, &job);
        if (now() - t0 < best) best = now() - t0;
    } while (now() - start < seconds);
    printf("streaming read (%d threads):   %6.1f GB/s\n", threadpool_size(pool), (double)bytes / best / 1e9);
    free(src);
    free(dst);
}

/* ---- thread pool ---------------------------------------------------------------------------- */

static void empty_job(void *p, int index, int n) { (void)p, (void)index, (void)n; }

/* Dispatch latency: the median of batches of 1000 empty jobs (decode issues ~250 a token). */
static void bench_pool(threadpool_t *pool)
{
    double times[21];
    for (int b = 0; b < 21; b++) {
        double t0 = now();
        for (int i = 0; i < 1000; i++) threadpool_run(pool, empty_job, NULL);
        times[b] = (now() - t0) / 1000;
    }
    for (int i = 1; i < 21; i++) /* insertion sort */
        for (int j = i; j > 0 && times[j] < times[j - 1]; j--) {
            double t = times[j];
            times[j] = times[j - 1];
            times[j - 1] = t;
        }
    printf("thread pool (%d threads):      %6.2f us per empty job (median of 21 x 1000)\n",
           threadpool_size(pool), times[10] * 1e6);
}

/* ---- matvec ------------------------------------------------------------------------------- */

typedef struct {
    const char *name;
    int64_t rows, cols;
} shape_t;

static const shape_t shapes[] = {
    {"SmolLM2-135M ffn_up   1536x576", 1536, 576},
    {"SmolLM2-135M ffn_down 576x1536", 576, 1536},
    {"Qwen2.5-0.5B ffn_up   4864x896", 4864, 896},
    {"Qwen2.5-0.5B ffn_down 896x4864", 896, 4864},
};

static const uint32_t types[] = {TENSOR_Q8_0, TENSOR_Q4_0, TENSOR_Q4_1, TENSOR_Q5_0, TENSOR_Q5_1,
                                 TENSOR_Q4_K, TENSOR_Q5_K, TENSOR_Q6_K, TENSOR_F16, TENSOR_BF16,
                                 TENSOR_F32};

/* Fills one weight matrix with quantized random values. */
static void fill_weights(uint32_t type, int64_t rows, int64_t cols, uint8_t *dst)
{
    size_t row_bytes = quant_row_bytes(type, cols);
    float *row = malloc(sizeof(float) * (size_t)cols);
    for (int64_t r = 0; r < rows; r++) {
        for (int64_t c = 0; c < cols; c++) row[c] = rng_uniform() * 0.05f;
        quant_quantize_row(type, row, dst + row_bytes * (size_t)r, cols);
    }
    free(row);
}

static void bench_matvec(kernels_t *k, double seconds)
{
    char err[256];
    printf("\nmatvec, 1 token (%s, %s): GB/s of weights streamed, copies cycled through >= 256 MB\n",
           kernels_isa_name(k), clock_name());
    printf("%-32s", "shape \\ type");
    for (size_t t = 0; t < sizeof types / sizeof types[0]; t++)
        printf(" %6s", tensor_type_info(types[t])->name);
    printf("\n");
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        printf("%-32s", shapes[s].name);
        for (size_t t = 0; t < sizeof types / sizeof types[0]; t++) {
            uint32_t type = types[t];
            size_t bytes = quant_row_bytes(type, shapes[s].cols) * (size_t)shapes[s].rows;
            if (bytes == 0) { /* row length not a multiple of the block (576 % 256) */
                printf(" %6s", "-");
                continue;
            }
            int copies = (int)(((size_t)256 << 20) / bytes) + 1;
            uint8_t *w = malloc(bytes * (size_t)copies);
            fill_weights(type, shapes[s].rows, shapes[s].cols, w);
            for (int c = 1; c < copies; c++) memcpy(w + bytes * (size_t)c, w, bytes);
            float *x = malloc(sizeof(float) * (size_t)shapes[s].cols);
            float *y = malloc(sizeof(float) * (size_t)shapes[s].rows);
            for (int64_t i = 0; i < shapes[s].cols; i++) x[i] = rng_uniform();
            /* best pass over all copies: passes hit by another process's burst are dropped */
            double best = 1e30, start = now();
            do {
                double t0 = now();
                for (int c = 0; c < copies; c++) {
                    tensor_view_t v = {type, w + bytes * (size_t)c, shapes[s].rows, shapes[s].cols};
                    kernels_matmul(k, &v, x, 1, y, err, sizeof err);
                }
                double pass = now() - t0;
                if (pass < best) best = pass;
            } while (now() - start < seconds);
            printf(" %6.1f", (double)bytes * copies / best / 1e9);
            fflush(stdout);
            free(w);
            free(x);
            free(y);
        }
        printf("\n");
    }
}

static void bench_batched(kernels_t *k, const char *path, double seconds)
{
    char err[256];
    const int n_tokens = 512;
    printf("\nbatched, %d tokens (%s, %s, %s): GFLOP/s\n", n_tokens, kernels_isa_name(k), path,
           clock_name());
    printf("%-32s", "shape \\ type");
    for (size_t t = 0; t < sizeof types / sizeof types[0]; t++)
        printf(" %6s", tensor_type_info(types[t])->name);
    printf("\n");
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        printf("%-32s", shapes[s].name);
        float *x = malloc(sizeof(float) * (size_t)(shapes[s].cols * n_tokens));
        float *y = malloc(sizeof(float) * (size_t)(shapes[s].rows * n_tokens));
        for (int64_t i = 0; i < shapes[s].cols * n_tokens; i++) x[i] = rng_uniform();
        for (size_t t = 0; t < sizeof types / sizeof types[0]; t++) {
            uint32_t type = types[t];
            size_t bytes = quant_row_bytes(type, shapes[s].cols) * (size_t)shapes[s].rows;
            if (bytes == 0) {
                printf(" %6s", "-");
                continue;
            }
            uint8_t *w = malloc(bytes);
            fill_weights(type, shapes[s].rows, shapes[s].cols, w);
            tensor_view_t v = {type, w, shapes[s].rows, shapes[s].cols};
            double best = 1e30, start = now();
            do {
                double t0 = now();
                kernels_matmul(k, &v, x, n_tokens, y, err, sizeof err);
                double run = now() - t0;
                if (run < best) best = run;
            } while (now() - start < seconds);
            double flops = 2.0 * (double)shapes[s].rows * (double)shapes[s].cols * n_tokens;
            printf(" %6.1f", flops / best / 1e9);
            fflush(stdout);
            free(w);
        }
        free(x);
        free(y);
        printf("\n");
    }
}

/* The matvec and batched tables for one pool (NULL: one thread, timed by CPU time). */
static int bench_kernels(threadpool_t *pool, double seconds)
{
    char err[256];
    kernels_t *k;
    bench_clock = pool ? CLOCK_MONOTONIC : CLOCK_THREAD_CPUTIME_ID;
    printf("\n==== %d thread%s, %s\n", threadpool_size(pool), pool ? "s" : "", clock_name());
    if (kernels_new(&k, pool, NULL, err, sizeof err) != 0) {
        fprintf(stderr, "kernels_bench: %s\n", err);
        return 1;
    }
    bench_matvec(k, seconds);
    bench_batched(k, "int8 GEMM where the CPU has VNNI, else sgemm", seconds);
    kernels_free(k);
    kernels_options_t sgemm_only = {.no_int8_gemm = true};
    if (kernels_new(&k, pool, &sgemm_only, err, sizeof err) != 0) {
        fprintf(stderr, "kernels_bench: %s\n", err);
        return 1;
    }
    bench_batched(k, "dequantized tiles + OpenBLAS sgemm", seconds);
    kernels_free(k);
    bench_clock = CLOCK_MONOTONIC;
    return 0;
}

int main(int argc, char **argv)
{
    int threads = argc > 1 ? atoi(argv[1]) : 0;
    double seconds = argc > 2 ? atof(argv[2]) : 0.3;
    threadpool_t *pool;
    if (threadpool_new(&pool, threads) != 0) {
        fprintf(stderr, "kernels_bench: cannot start threads\n");
        return 1;
    }
    char err[256];
    kernels_t *k;
    if (kernels_new(&k, pool, NULL, err, sizeof err) != 0) {
        fprintf(stderr, "kernels_bench: %s\n", err);
        return 1;
    }
    printf("threads: %d, kernels: %s\n", threadpool_size(pool), kernels_isa_name(k));
    kernels_free(k);
    bench_memory(pool, seconds);
    bench_pool(pool);
    int rc = bench_kernels(NULL, seconds);
    if (rc == 0) rc = bench_kernels(pool, seconds);
    threadpool_free(pool);
    return rc;
}
