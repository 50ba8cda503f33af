/* kernels.c — matrix multiplication dispatch and the small vector ops (slm/kernels.h).
 *
 * kernels_matmul picks one of three regimes by the number of tokens and the weight type:
 *  - rows (few tokens): activations are quantized once per call to the 8-bit form the
 *    weight type pairs with (kernels_impl.h), then threads claim chunks of weight rows from
 *    a shared counter and, for each row, take its dot product with every token's
 *    activations while the row is still in L1. Claiming (rather than a fixed split) keeps
 *    both cores busy when one of them is shared with another process. From 8 tokens, the
 *    32-element block types on VNNI CPUs take each row once for all tokens
 *    (kernels_multi_avx512.c), with the single dot's arithmetic exactly.
 *  - int8 GEMM (>= GEMM_MIN_TOKENS tokens, VNNI CPUs, block types): threads pack groups of
 *    16 tokens, then claim tiles of weight rows (kernels_gemm_avx512.c).
 *  - sgemm (>= batch_min_tokens tokens otherwise): threads claim tiles of weight rows,
 *    dequantize a tile to f32 in their own buffer and call cblas_sgemm on it. OpenBLAS runs
 *    single-threaded inside each call (set in kernels_new): our pool already owns the cores.
 * The hot functions are matvec_worker (decode) and gemm_worker (prompts). */
#include "slm/kernels.h"

#include <cpuid.h>
#include <math.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cblas.h>

#include "slm/kernels_impl.h"
#include "slm/quant.h"


enum {
    DEFAULT_BATCH_MIN_TOKENS = 32,
    GEMM_MIN_TOKENS = 4, /* from here the int8 GEMM beats per-row dot products */
    MULTI_MIN_TOKENS = 8, /* from here the multi-token dots beat one dot per token */
    TILE_ROWS = 128, /* rows of f32 weights per sgemm call in the batched regime */
};

struct kernels {
    threadpool_t *pool;       /* not owned */
    kernels_isa_t isa;
    bool vnni;
    bool int8_gemm;           /* VNNI int8 GEMM enabled */
    int batch_min_tokens;
    kernels_ops_t ops;
    void *act;                /* quantized activations, act_capacity bytes */
    size_t act_capacity;
    float *tiles;             /* (n_threads, TILE_ROWS, cols) f32 weight tiles */
    size_t tiles_capacity;    /* in floats */
    bool timing;              /* add up quantize_seconds */
    double quantize_seconds;
};

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void kernels_set_timing(kernels_t *k, bool on)
{
    k->timing = on;
    k->quantize_seconds = 0;
}

double kernels_quantize_seconds(const kernels_t *k) { return k->quantize_seconds; }

/* ---- context ------------------------------------------------------------------------------ */

/* CPUID.1:ECX.F16C: clang 14's __builtin_cpu_supports does not know "f16c" (make FUZZ=1
 * builds with clang), so the bit is read directly. */
static bool cpu_has_f16c(void)
{
    unsigned eax, ebx, ecx, edx;
    return __get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx & bit_F16C);
}

static bool cpu_has_avx2(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && cpu_has_f16c();
}

static bool cpu_has_avx512(void)
{
    return cpu_has_avx2() && __builtin_cpu_supports("avx512f") &&
           __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("avx512dq");
}

static bool cpu_has_vnni(void) { return cpu_has_avx512() && __builtin_cpu_supports("avx512vnni"); }

static bool cpu_has_vbmi(void) { return cpu_has_vnni() && __builtin_cpu_supports("avx512vbmi"); }

int kernels_env_isa_cap(kernels_isa_t *out, char *err, size_t err_size)
{
    static const struct { const char *name; kernels_isa_t isa; } names[] = {
        {"scalar", KERNELS_ISA_SCALAR}, {"avx2", KERNELS_ISA_AVX2}, {"avx512", KERNELS_ISA_AVX512}};
    *out = KERNELS_ISA_AVX512;
    const char *v = getenv("ASSAY_CPU");
    if (!v || !*v || strcmp(v, "auto") == 0) return 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(v, names[i].name) == 0) {
            *out = names[i].isa;
            return 0;
        }
    }
    snprintf(err, err_size, "ASSAY_CPU=%s: expected auto, scalar, avx2 or avx512", v);
    return -1;
}

int kernels_new(kernels_t **out, threadpool_t *pool, const kernels_options_t *opts,
                char *err, size_t err_size)
{
    *out = NULL;
    kernels_options_t o = opts ? *opts : (kernels_options_t){0};
    const char *force = getenv("ASSAY_FORCE_SCALAR");
    if (force && *force && strcmp(force, "0") != 0) o.isa = KERNELS_ISA_SCALAR;
    kernels_isa_t cap;
    if (kernels_env_isa_cap(&cap, err, err_size) != 0) return -1;
    if (o.isa == KERNELS_ISA_AUTO) {
        o.isa = cpu_has_avx512() ? KERNELS_ISA_AVX512
                : cpu_has_avx2() ? KERNELS_ISA_AVX2 : KERNELS_ISA_SCALAR;
    }
    if (o.isa > cap) o.isa = cap;
    if (o.isa == KERNELS_ISA_AVX512 && !cpu_has_avx512()) {
        snprintf(err, err_size, "kernels: this CPU has no AVX-512 (F/BW/VL/DQ)");
        return -1;
    }
    if (o.isa == KERNELS_ISA_AVX2 && !cpu_has_avx2()) {
        snprintf(err, err_size, "kernels: this CPU has no AVX2/FMA/F16C");
        return -1;
    }
    kernels_t *k = calloc(1, sizeof *k);
    if (!k) {
        snprintf(err, err_size, "kernels: out of memory");
        return -1;
    }
    k->pool = pool;
    k->isa = o.isa;
    k->batch_min_tokens = o.batch_min_tokens > 0 ? o.batch_min_tokens : DEFAULT_BATCH_MIN_TOKENS;
    kernels_ops_scalar(&k->ops);
    if (k->isa >= KERNELS_ISA_AVX2) kernels_ops_avx2(&k->ops);
    if (k->isa >= KERNELS_ISA_AVX512) {
        k->vnni = cpu_has_vnni();
        kernels_ops_avx512(&k->ops, k->vnni);
        if (cpu_has_vbmi()) kernels_ops_vbmi(&k->ops);
        if (k->vnni) kernels_ops_multi(&k->ops);
    }
    k->int8_gemm = k->vnni && !o.no_int8_gemm;
    /* Our pool parallelizes every matmul; OpenBLAS threads on top would oversubscribe. */
    openblas_set_num_threads(1);
    *out = k;
    return 0;
}

void kernels_free(kernels_t *k)
{
    if (!k) return;
    free(k->act);
    free(k->tiles);
    free(k);
}

kernels_isa_t kernels_isa(const kernels_t *k) { return k->isa; }

const char *kernels_isa_name(const kernels_t *k)
{
    switch (k->isa) {
    case KERNELS_ISA_AVX512: return k->vnni ? "avx512-vnni" : "avx512";
    case KERNELS_ISA_AVX2: return "avx2";
    default: return "scalar";
    }
}

/* Grows *buf to at least `bytes` (64-byte aligned); contents are not kept. */
static int reserve(void **buf, size_t *capacity, size_t bytes)
{
    if (*capacity >= bytes) return 0;
    free(*buf);
    *capacity = 0;
    *buf = aligned_alloc(64, (bytes + 63) / 64 * 64);
    if (!*buf) return -1;
    *capacity = bytes;
    return 0;
}

/* ---- rows regime ------------------------------------------------------------------------- */

/* One weight of a (possibly multi-weight) call, placed in a combined row space. */
typedef struct {
    kernels_dot_fn dot;
    kernels_dot_multi_fn dot_multi; /* all tokens at once (from `packed`), or NULL */
    const void *packed;       /* kernels_multi_pack of the tokens' Q8 activations */
    const uint8_t *w;         /* rows * row_bytes */
    size_t row_bytes;
    int64_t rows, first;      /* first: its first row in the combined space */
    const uint8_t *act;       /* n_tokens * act_row_bytes: x in this weight's 8-bit form */
    size_t act_row_bytes;
    float *y;                 /* (n_tokens, rows) */
} rows_segment_t;

typedef struct {
    rows_segment_t seg[KERNELS_MULTI_MAX];
    int n_seg;
    int64_t total_rows, cols, chunk_rows;
    int n_tokens;
    atomic_llong next_row;
} matvec_job_t;

/* The hot function of decode: dot products of claimed row chunks with every token. */
static void matvec_worker(void *p, int thread_index, int n_threads)
{
    matvec_job_t *job = p;
    for (;;) {
        int64_t r0 = atomic_fetch_add(&job->next_row, job->chunk_rows);
        if (r0 >= job->total_rows) return;
        int64_t r1 = r0 + job->chunk_rows < job->total_rows ? r0 + job->chunk_rows : job->total_rows;
        for (int i = 0; i < job->n_seg; i++) {
            const rows_segment_t *sg = &job->seg[i];
            int64_t lo = r0 > sg->first ? r0 - sg->first : 0;
            int64_t hi = r1 - sg->first < sg->rows ? r1 - sg->first : sg->rows;
            for (int64_t r = lo; r < hi; r++) {
                const uint8_t *row = sg->w + (size_t)r * sg->row_bytes;
                if (sg->dot_multi) {
                    sg->dot_multi(row, sg->packed, job->n_tokens, job->cols, sg->y + r,
                                  (size_t)sg->rows);
                    continue;
                }
                for (int t = 0; t < job->n_tokens; t++)
                    sg->y[(size_t)t * (size_t)sg->rows + (size_t)r] =
                        sg->dot(row, sg->act + (size_t)t * sg->act_row_bytes, job->cols);
            }
        }
    }
}

static int64_t chunk_size(int64_t rows, int n_threads)
{
    /* About 8 chunks per thread balances load; at least 16 rows amortizes the claim. */
    int64_t chunk = rows / ((int64_t)n_threads * 8);
    return chunk < 16 ? 16 : chunk;
}

/* ys[i] = x . ws[i]^T by per-row dot products; x is quantized once per 8-bit form. */
static int matmul_rows(kernels_t *k, const tensor_view_t *ws, int n_w, const float *x,
                       int n_tokens, float *const *ys, char *err, size_t err_size)
{
    int64_t cols = ws[0].cols;
    size_t q8_row = (size_t)(cols / 32) * sizeof(kernels_q8_block_t);
    size_t q8k_row = cols % 256 == 0 ? (size_t)(cols / 256) * sizeof(quant_block_q8_k_t) : 0;
    bool need_q8 = false, need_q8k = false;
    for (int i = 0; i < n_w; i++) {
        kernels_act_t form = kernels_act_for(ws[i].type);
        need_q8 |= form == KERNELS_ACT_Q8;
        need_q8k |= form == KERNELS_ACT_Q8_K;
    }
    /* several tokens: a weight type with a multi-token dot takes each row once for all
     * (from MULTI_MIN_TOKENS on: it always computes 16 lanes, a few tokens' dots are cheaper) */
    bool multi = false;
    for (int i = 0; i < n_w && n_tokens >= MULTI_MIN_TOKENS; i++)
        multi |= k->ops.dot_multi[ws[i].type] != NULL;
    size_t q8_bytes = need_q8 ? q8_row * (size_t)n_tokens : 0;
    size_t q8k_bytes = need_q8k ? q8k_row * (size_t)n_tokens : 0;
    size_t q8k_at = (q8_bytes + 63) / 64 * 64, multi_at = (q8k_at + q8k_bytes + 63) / 64 * 64;
    size_t multi_bytes = multi ? kernels_multi_act_bytes(cols, n_tokens) : 0;
    if (q8_bytes + q8k_bytes > 0 &&
        reserve(&k->act, &k->act_capacity, multi_at + multi_bytes) != 0) {
        snprintf(err, err_size, "kernels: out of memory for activations");
        return -1;
    }
    uint8_t *q8 = k->act, *q8k = (uint8_t *)k->act + q8k_at, *packed = (uint8_t *)k->act + multi_at;
    double t0 = k->timing ? seconds_now() : 0;
    for (int t = 0; t < n_tokens; t++) {
        const float *row = x + (size_t)t * (size_t)cols;
        if (need_q8) k->ops.quantize_q8(row, (kernels_q8_block_t *)(q8 + q8_row * (size_t)t), cols);
        if (need_q8k) k->ops.quantize_q8_k(row, (quant_block_q8_k_t *)(q8k + q8k_row * (size_t)t), cols);
    }
    if (multi) kernels_multi_pack((const kernels_q8_block_t *)q8, cols, n_tokens, packed);
    if (k->timing) k->quantize_seconds += seconds_now() - t0;
    matvec_job_t job = {.n_seg = n_w, .cols = cols, .n_tokens = n_tokens};
    for (int i = 0; i < n_w; i++) {
        kernels_act_t form = kernels_act_for(ws[i].type);
        job.seg[i] = (rows_segment_t){
            .dot = k->ops.dot[ws[i].type],
            .dot_multi = multi ? k->ops.dot_multi[ws[i].type] : NULL,
            .packed = packed,
            .w = ws[i].data,
            .row_bytes = quant_row_bytes(ws[i].type, cols),
            .rows = ws[i].rows,
            .first = job.total_rows,
            .act = form == KERNELS_ACT_Q8 ? q8 : form == KERNELS_ACT_Q8_K ? q8k : (const uint8_t *)x,
            .act_row_bytes = form == KERNELS_ACT_Q8 ? q8_row
                             : form == KERNELS_ACT_Q8_K ? q8k_row : (size_t)cols * sizeof(float),
            .y = ys[i],
        };
        job.total_rows += ws[i].rows;
    }
    job.chunk_rows = chunk_size(job.total_rows, threadpool_size(k->pool));
    atomic_init(&job.next_row, 0);
    threadpool_run(k->pool, matvec_worker, &job);
    return 0;
}

/* ---- batched regime ----------------------------------------------------------------------- */

typedef struct {
    const kernels_ops_t *ops;
    uint32_t type;
    const uint8_t *w;
    size_t row_bytes;
    int64_t rows, cols;
    const float *x;           /* (n_tokens, cols) */
    int n_tokens;
    float *y;                 /* (n_tokens, rows) */
    float *tiles;             /* (n_threads, TILE_ROWS, cols) */
    atomic_llong next_row;
} batch_job_t;

static void batch_worker(void *p, int thread_index, int n_threads)
{
    batch_job_t *job = p;
    float *tile = job->tiles + (size_t)thread_index * TILE_ROWS * (size_t)job->cols;
    for (;;) {
        int64_t r0 = atomic_fetch_add(&job->next_row, TILE_ROWS);
        if (r0 >= job->rows) return;
        int64_t n = job->rows - r0 < TILE_ROWS ? job->rows - r0 : TILE_ROWS;
        const float *b = tile;
        if (job->type == TENSOR_F32) {
            b = (const float *)(job->w + (size_t)r0 * job->row_bytes);
        } else {
            for (int64_t r = 0; r < n; r++)
                job->ops->dequantize(job->type, job->w + (size_t)(r0 + r) * job->row_bytes,
                                     tile + (size_t)r * job->cols, job->cols);
        }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, job->n_tokens, (int)n,
                    (int)job->cols, 1.0f, job->x, (int)job->cols, b, (int)job->cols, 0.0f,
                    job->y + r0, (int)job->rows);
    }
}

static int matmul_batched(kernels_t *k, const tensor_view_t *w, const float *x, int n_tokens,
                          float *y, char *err, size_t err_size)
{
    int n_threads = threadpool_size(k->pool);
    size_t floats = (size_t)n_threads * TILE_ROWS * (size_t)w->cols;
    size_t capacity_bytes = k->tiles_capacity * sizeof(float);
    if (reserve((void **)&k->tiles, &capacity_bytes, floats * sizeof(float)) != 0) {
        k->tiles_capacity = 0;
        snprintf(err, err_size, "kernels: out of memory for weight tiles");
        return -1;
    }
    k->tiles_capacity = capacity_bytes / sizeof(float);
    batch_job_t job = {
        .ops = &k->ops,
        .type = w->type,
        .w = w->data,
        .row_bytes = quant_row_bytes(w->type, w->cols),
        .rows = w->rows,
        .cols = w->cols,
        .x = x,
        .n_tokens = n_tokens,
        .y = y,
        .tiles = k->tiles,
    };
    atomic_init(&job.next_row, 0);
    threadpool_run(k->pool, batch_worker, &job);
    return 0;
}

/* ---- int8 GEMM regime (VNNI) ------------------------------------------------------------ */

typedef struct {
    const kernels_ops_t *ops;
    const float *x;           /* (n_tokens, cols) */
    int64_t cols;
    int n_tokens, n_groups;
    void *packed;             /* kernels_gemm_act_bytes */
    uint8_t *scratch;         /* (n_threads, scratch_per_thread) */
    size_t scratch_per_thread, tile_bytes;
    const tensor_view_t *ws;  /* the weights; their tiles numbered one after another */
    float *const *ys;         /* (n_tokens, ws[i].rows) each */
    int n_w;
    int64_t first_tile[KERNELS_MULTI_MAX + 1];
    atomic_int next_group;
    atomic_llong next_tile;
} gemm_job_t;

static void gemm_pack_worker(void *p, int thread_index, int n_threads)
{
    gemm_job_t *job = p;
    kernels_q8_block_t *row = (kernels_q8_block_t *)(job->scratch + job->scratch_per_thread *
                                                     (size_t)thread_index + job->tile_bytes);
    for (;;) {
        int g = atomic_fetch_add(&job->next_group, 1);
        if (g >= job->n_groups) return;
        kernels_gemm_pack(job->ops, job->x, job->cols, job->n_tokens, g, g + 1, job->packed, row);
    }
}

/* The hot function of prompt processing: claimed tiles of weight rows times all tokens. */
static void gemm_worker(void *p, int thread_index, int n_threads)
{
    gemm_job_t *job = p;
    void *tile = job->scratch + job->scratch_per_thread * (size_t)thread_index;
    for (;;) {
        int64_t t = atomic_fetch_add(&job->next_tile, 1);
        if (t >= job->first_tile[job->n_w]) return;
        int i = 0;
        while (t >= job->first_tile[i + 1]) i++;
        const tensor_view_t *w = &job->ws[i];
        size_t row_bytes = quant_row_bytes(w->type, w->cols);
        int64_t r0 = (t - job->first_tile[i]) * KERNELS_GEMM_TILE_ROWS;
        int64_t n = w->rows - r0 < KERNELS_GEMM_TILE_ROWS ? w->rows - r0 : KERNELS_GEMM_TILE_ROWS;
        kernels_gemm_tile(w->type, (const uint8_t *)w->data + (size_t)r0 * row_bytes, row_bytes, n,
                          w->cols, job->packed, job->n_tokens, tile, job->ys[i] + r0, w->rows);
    }
}

static int matmul_int8_gemm(kernels_t *k, const tensor_view_t *ws, int n_w, const float *x,
                            int n_tokens, float *const *ys, char *err, size_t err_size)
{
    int64_t cols = ws[0].cols;
    int n_threads = threadpool_size(k->pool);
    size_t tile_bytes = (kernels_gemm_tile_bytes(cols) + 63) / 64 * 64;
    size_t per_thread = tile_bytes + (size_t)KERNELS_GEMM_GROUP * (size_t)(cols / 32) * sizeof(kernels_q8_block_t);
    per_thread = (per_thread + 63) / 64 * 64;
    size_t scratch_capacity = k->tiles_capacity * sizeof(float);
    if (reserve(&k->act, &k->act_capacity, kernels_gemm_act_bytes(cols, n_tokens)) != 0 ||
        reserve((void **)&k->tiles, &scratch_capacity, per_thread * (size_t)n_threads) != 0) {
        k->tiles_capacity = 0;
        snprintf(err, err_size, "kernels: out of memory for the int8 GEMM buffers");
        return -1;
    }
    k->tiles_capacity = scratch_capacity / sizeof(float);
    gemm_job_t job = {
        .ops = &k->ops,
        .x = x,
        .cols = cols,
        .n_tokens = n_tokens,
        .n_groups = (n_tokens + KERNELS_GEMM_GROUP - 1) / KERNELS_GEMM_GROUP,
        .packed = k->act,
        .scratch = (uint8_t *)k->tiles,
        .scratch_per_thread = per_thread,
        .tile_bytes = tile_bytes,
        .ws = ws,
        .ys = ys,
        .n_w = n_w,
    };
    for (int i = 0; i < n_w; i++)
        job.first_tile[i + 1] = job.first_tile[i] +
                                (ws[i].rows + KERNELS_GEMM_TILE_ROWS - 1) / KERNELS_GEMM_TILE_ROWS;
    atomic_init(&job.next_group, 0);
    atomic_init(&job.next_tile, 0);
    threadpool_run(k->pool, gemm_pack_worker, &job);
    threadpool_run(k->pool, gemm_worker, &job);
    return 0;
}

/* Checks one weight of a matmul call; 0 or -1 with the message in err. */
static int check_weight(const tensor_view_t *w, char *err, size_t err_size)
{
    const tensor_type_info_t *info = tensor_type_info(w->type);
    if (!info || !quant_type_supported(w->type) || w->type == TENSOR_Q8_K) {
        snprintf(err, err_size, "kernels: weight type %s is not supported for matmul",
                 info ? info->name : "(unknown)");
        return -1;
    }
    if (w->cols <= 0 || w->rows <= 0 || w->cols % info->block_size != 0 || w->cols > INT32_MAX ||
        w->rows > INT32_MAX) {
        snprintf(err, err_size,
                 "kernels: a %s weight of %lld x %lld cannot be multiplied (row length must be a "
                 "positive multiple of %u)",
                 info->name, (long long)w->rows, (long long)w->cols, info->block_size);
        return -1;
    }
    return 0;
}

typedef enum { REGIME_ROWS, REGIME_INT8_GEMM, REGIME_SGEMM } regime_t;

static regime_t regime_for(const kernels_t *k, uint32_t type, int n_tokens)
{
    if (k->int8_gemm && n_tokens >= GEMM_MIN_TOKENS && kernels_gemm_supports(type))
        return REGIME_INT8_GEMM;
    return n_tokens >= k->batch_min_tokens ? REGIME_SGEMM : REGIME_ROWS;
}

/* Checks the arguments of a multi-weight call; 0 or -1 with the message in err. */
static int check_multi(const tensor_view_t *ws, int n_w, int n_tokens, char *err, size_t err_size)
{
    if (n_w < 1 || n_w > KERNELS_MULTI_MAX) {
        snprintf(err, err_size, "kernels: %d weights in one call (1 to %d)", n_w, KERNELS_MULTI_MAX);
        return -1;
    }
    if (n_tokens <= 0) {
        snprintf(err, err_size, "kernels: matmul needs at least one token (got %d)", n_tokens);
        return -1;
    }
    for (int i = 0; i < n_w; i++) {
        if (check_weight(&ws[i], err, err_size) != 0) return -1;
        if (ws[i].cols != ws[0].cols) {
            snprintf(err, err_size, "kernels: weights of one call must share their row length "
                     "(%lld and %lld)", (long long)ws[0].cols, (long long)ws[i].cols);
            return -1;
        }
    }
    return 0;
}

int kernels_matmul_multi_rows(kernels_t *k, const tensor_view_t *ws, int n_w, const float *x,
                              int n_tokens, float *const *ys, char *err, size_t err_size)
{
    if (check_multi(ws, n_w, n_tokens, err, err_size) != 0) return -1;
    return matmul_rows(k, ws, n_w, x, n_tokens, ys, err, err_size);
}

int kernels_matmul_multi(kernels_t *k, const tensor_view_t *ws, int n_w, const float *x,
                         int n_tokens, float *const *ys, char *err, size_t err_size)
{
    if (check_multi(ws, n_w, n_tokens, err, err_size) != 0) return -1;
    regime_t regime = regime_for(k, ws[0].type, n_tokens);
    bool same = true;
    for (int i = 1; i < n_w; i++) same &= regime_for(k, ws[i].type, n_tokens) == regime;
    if (same && regime == REGIME_ROWS) return matmul_rows(k, ws, n_w, x, n_tokens, ys, err, err_size);
    if (same && regime == REGIME_INT8_GEMM)
        return matmul_int8_gemm(k, ws, n_w, x, n_tokens, ys, err, err_size);
    for (int i = 0; i < n_w; i++) { /* mixed regimes: one weight at a time */
        int rc = regime_for(k, ws[i].type, n_tokens) == REGIME_SGEMM
                     ? matmul_batched(k, &ws[i], x, n_tokens, ys[i], err, err_size)
                     : kernels_matmul_multi(k, &ws[i], 1, x, n_tokens, &ys[i], err, err_size);
        if (rc != 0) return rc;
    }
    return 0;
}

int kernels_matmul(kernels_t *k, const tensor_view_t *w, const float *x, int n_tokens,
                   float *y, char *err, size_t err_size)
{
    return kernels_matmul_multi(k, w, 1, x, n_tokens, &y, err, err_size);
}

/* ---- small vector ops --------------------------------------------------------------------- */

/* The row-wise ops have no context to carry the chosen instruction set, so they ask the
 * CPU each call (a load and a test: libgcc fills the flags once at start-up). */
static bool vec_avx2(void) { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }

void kernels_vec_rmsnorm_scalar(float *out, const float *x, const float *weight, int n, float eps)
{
    float sum = 0;
    for (int i = 0; i < n; i++) sum += x[i] * x[i];
    float scale = 1.0f / sqrtf(sum / (float)n + eps);
    for (int i = 0; i < n; i++) out[i] = x[i] * scale * weight[i];
}

void kernels_vec_softmax_scalar(float *x, int n)
{
    if (n <= 0) return;
    float max = x[0];
    for (int i = 1; i < n; i++) max = x[i] > max ? x[i] : max;
    float sum = 0;
    for (int i = 0; i < n; i++) {
        x[i] = expf(x[i] - max);
        sum += x[i];
    }
    float inv = 1.0f / sum;
    for (int i = 0; i < n; i++) x[i] *= inv;
}

void kernels_vec_silu_mul_scalar(float *gate, const float *up, int n)
{
    for (int i = 0; i < n; i++) gate[i] = gate[i] / (1.0f + expf(-gate[i])) * up[i];
}

void kernels_rmsnorm(float *out, const float *x, const float *weight, int n, float eps)
{
    if (vec_avx2()) kernels_vec_rmsnorm_avx2(out, x, weight, n, eps);
    else kernels_vec_rmsnorm_scalar(out, x, weight, n, eps);
}

void kernels_softmax(float *x, int n)
{
    if (vec_avx2()) kernels_vec_softmax_avx2(x, n);
    else kernels_vec_softmax_scalar(x, n);
}

void kernels_silu_mul(float *gate, const float *up, int n)
{
    if (vec_avx2()) kernels_vec_silu_mul_avx2(gate, up, n);
    else kernels_vec_silu_mul_scalar(gate, up, n);
}

void kernels_add(float *y, const float *x, int n)
{
    if (vec_avx2()) {
        kernels_vec_add_avx2(y, x, n);
        return;
    }
    for (int i = 0; i < n; i++) y[i] += x[i];
}

float kernels_dot(const float *a, const float *b, int n)
{
    if (vec_avx2()) return kernels_vec_dot_avx2(a, b, n);
    float sum = 0;
    for (int i = 0; i < n; i++) sum += a[i] * b[i];
    return sum;
}

void kernels_axpy(float *y, float a, const float *x, int n)
{
    if (vec_avx2()) {
        kernels_vec_axpy_avx2(y, a, x, n);
        return;
    }
    for (int i = 0; i < n; i++) y[i] += a * x[i];
}
