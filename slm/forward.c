/* forward.c — llama / qwen2 / qwen3 forward pass over a batch of tokens (forward.h).
 *
 * The file reads top to bottom like the model: buffers, RoPE table, attention, row-wise
 * steps, one layer, the whole pass. Every activation buffer holds a batch of up to n_batch
 * tokens, one row per token, and carries its shape in a comment. Most of the time goes to
 * the four matrix-product dispatches of each layer (Q/K/V together, attention output,
 * gate/up together, down; plus the output matmul). The attention (two BLAS products per
 * head and tile of queries) and, for batches, the row-wise steps (norms, RoPE, SwiGLU,
 * residuals) are split over the thread pool too.
 *
 * A batch is a list of segments (forward.h): runs of tokens of one sequence each, every
 * sequence with its own KV cache. Row-wise steps and matrix products do not care whose a
 * token is; RoPE and the cache store use the token's own position and sequence, and the
 * attention works per segment. A batch of single tokens of several sequences (decoding
 * them together) multiplies in the per-row regime, which gives each token the results it
 * would get alone. */
#include "slm/forward.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cblas.h>

#include "slm/kernels.h"
#include "slm/kv_cache.h"
#include "core/threadpool.h"

/* Query rows attended together: one sgemm of (tile, positions) scores per head and tile. */
enum { ATTENTION_TILE = 64 };

struct forward {
    const model_t *model;
    threadpool_t *pool;  /* owned */
    kernels_t *kernels;  /* owned */
    kv_cache_t *kv;      /* (n_seq,) one cache per sequence */
    uint32_t n_seq;
    uint32_t n_ctx, n_batch;
    bool logits_all;
    uint32_t n_logits;   /* rows in logits after the last eval */
    uint32_t last_n;     /* tokens in the last batch */

    /* ---- the batch being evaluated ---- */
    forward_segment_t *segs; /* (n_seq,) its segments */
    uint32_t *seg_first;     /* (n_seq + 1,) index of each segment's first token; [n_segs] = n */
    uint32_t n_segs;
    uint32_t *tile_end;      /* (n_seq,) attention tiles of segments 0 .. j together */
    uint32_t n_tiles;
    bool per_row;            /* one token per segment, several segments: per-row products */
    uint32_t *tok_seq;       /* (n_batch,) sequence of each token */
    uint32_t *tok_pos;       /* (n_batch,) position of each token */

    /* ---- activations, one row per token of the batch ---- */
    float *x;        /* (n_batch, n_embd) residual stream */
    float *xb;       /* (n_batch, n_embd) normalised input of a sub-layer */
    float *xb2;      /* (n_batch, n_embd) output of attn_output / ffn_down */
    float *q;        /* (n_batch, n_heads * head_dim) */
    float *k;        /* (n_batch, n_kv_heads * head_dim) */
    float *v;        /* (n_batch, n_kv_heads * head_dim) */
    float *att;      /* (n_batch, n_heads * head_dim) attention output */
    float *gate;     /* (n_batch, n_ff) */
    float *up;       /* (n_batch, n_ff) */
    float *logits;   /* (n_batch if logits_all else min(n_seq, n_batch), n_vocab) */
    float *rope_cos; /* (n_batch, rope_dim / 2) */
    float *rope_sin; /* (n_batch, rope_dim / 2) */
    double *inv_freq;/* (rope_dim / 2,) rotation speed of each pair */
    float *scores;   /* (n_threads, ATTENTION_TILE, n_ctx) attention weights per thread */
    float *kv_f32;   /* F16 cache only: (n_threads, 2, n_ctx, head_dim) widened K and V */
    uint64_t scratch_bytes;
    bool profiling;
    forward_profile_t profile;  /* totals while profiling */
};

/* ---- profiling --------------------------------------------------------------------------- */

static const char *const op_names[FORWARD_OP_COUNT] = {
    "embed", "attn_norm", "qkv", "rope_kv", "attention", "attn_out",
    "ffn_norm", "gate_up", "silu", "ffn_down", "residual", "output",
};

const char *forward_op_name(forward_op_t op) { return op < FORWARD_OP_COUNT ? op_names[op] : "?"; }

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Charges the time since *mark to op and moves the mark; nothing when not profiling. */
static void profile_step(forward_t *f, forward_op_t op, double *mark)
{
    if (!f->profiling) return;
    double now = seconds_now();
    f->profile.seconds[op] += now - *mark;
    f->profile.calls[op]++;
    *mark = now;
}

static double profile_start(const forward_t *f) { return f->profiling ? seconds_now() : 0; }

/* ---- life cycle ------------------------------------------------------------------------ */

static float *alloc_floats(size_t n, uint64_t *total)
{
    *total += n * sizeof(float);
    return malloc((n ? n : 1) * sizeof(float));
}

int forward_new(forward_t **out, const model_t *model, const forward_options_t *opts,
                char *err, size_t err_size)
{
    *out = NULL;
    const model_hparams_t *hp = &model->hp;
    if (opts->n_ctx == 0 || opts->n_batch == 0) {
        snprintf(err, err_size, "context and batch sizes must be positive");
        return -1;
    }
    forward_t *f = calloc(1, sizeof *f);
    if (!f) {
        snprintf(err, err_size, "out of memory");
        return -1;
    }
    f->model = model;
    f->n_ctx = opts->n_ctx;
    f->n_batch = opts->n_batch;
    f->logits_all = opts->logits_all;
    f->n_seq = opts->n_seq ? opts->n_seq : 1;
    if (threadpool_new(&f->pool, opts->n_threads) != 0) {
        snprintf(err, err_size, "cannot start %d threads", opts->n_threads);
        forward_free(f);
        return -1;
    }
    kernels_options_t kopts = {.isa = opts->force_scalar ? KERNELS_ISA_SCALAR : KERNELS_ISA_AUTO};
    if (kernels_new(&f->kernels, f->pool, &kopts, err, err_size) != 0) {
        forward_free(f);
        return -1;
    }
    f->kv = calloc(f->n_seq, sizeof *f->kv);
    f->segs = calloc(f->n_seq, sizeof *f->segs);
    f->seg_first = calloc((size_t)f->n_seq + 1, sizeof *f->seg_first);
    f->tile_end = calloc(f->n_seq, sizeof *f->tile_end);
    f->tok_seq = calloc(f->n_batch, sizeof *f->tok_seq);
    f->tok_pos = calloc(f->n_batch, sizeof *f->tok_pos);
    if (!f->kv || !f->segs || !f->seg_first || !f->tile_end || !f->tok_seq || !f->tok_pos) {
        snprintf(err, err_size, "out of memory for %u sequences", f->n_seq);
        forward_free(f);
        return -1;
    }
    for (uint32_t i = 0; i < f->n_seq; i++) {
        if (kv_cache_init(&f->kv[i], opts->kv_type, hp->n_layers, hp->n_kv_heads,
                          hp->head_dim, f->n_ctx) != 0) {
            snprintf(err, err_size, "out of memory for %u KV caches of %u positions", f->n_seq,
                     f->n_ctx);
            forward_free(f);
            return -1;
        }
        if (kernels_isa(f->kernels) == KERNELS_ISA_SCALAR) f->kv[i].use_f16c = false;
    }
    size_t b = f->n_batch, q_dim = (size_t)hp->n_heads * hp->head_dim,
           kv_dim = (size_t)hp->n_kv_heads * hp->head_dim, pairs = hp->rope_dim / 2;
    uint64_t *t = &f->scratch_bytes;
    f->x = alloc_floats(b * hp->n_embd, t);
    f->xb = alloc_floats(b * hp->n_embd, t);
    f->xb2 = alloc_floats(b * hp->n_embd, t);
    f->q = alloc_floats(b * q_dim, t);
    f->k = alloc_floats(b * kv_dim, t);
    f->v = alloc_floats(b * kv_dim, t);
    f->att = alloc_floats(b * q_dim, t);
    f->gate = alloc_floats(b * hp->n_ff, t);
    f->up = alloc_floats(b * hp->n_ff, t);
    f->logits = alloc_floats((f->logits_all ? b : f->n_seq < b ? f->n_seq : b) * hp->n_vocab, t);
    f->rope_cos = alloc_floats(b * pairs, t);
    f->rope_sin = alloc_floats(b * pairs, t);
    f->scores = alloc_floats((size_t)threadpool_size(f->pool) * ATTENTION_TILE * f->n_ctx, t);
    if (opts->kv_type == KV_CACHE_F16)
        f->kv_f32 = alloc_floats((size_t)threadpool_size(f->pool) * 2 * f->n_ctx * hp->head_dim, t);
    f->inv_freq = malloc((pairs ? pairs : 1) * sizeof *f->inv_freq);
    if (!f->x || !f->xb || !f->xb2 || !f->q || !f->k || !f->v || !f->att || !f->gate ||
        !f->up || !f->logits || !f->rope_cos || !f->rope_sin || !f->scores || !f->inv_freq ||
        (opts->kv_type == KV_CACHE_F16 && !f->kv_f32)) {
        snprintf(err, err_size, "out of memory for the compute buffers (batch %u)", f->n_batch);
        forward_free(f);
        return -1;
    }
    for (size_t i = 0; i < pairs; i++) {
        f->inv_freq[i] = pow(hp->rope_freq_base, -2.0 * (double)i / hp->rope_dim);
        if (model->rope_freqs) f->inv_freq[i] /= model->rope_freqs[i];
    }
    *out = f;
    return 0;
}

void forward_free(forward_t *f)
{
    if (!f) return;
    kernels_free(f->kernels);
    threadpool_free(f->pool);
    for (uint32_t i = 0; f->kv && i < f->n_seq; i++) kv_cache_destroy(&f->kv[i]);
    free(f->kv);
    free(f->segs);
    free(f->seg_first);
    free(f->tile_end);
    free(f->tok_seq);
    free(f->tok_pos);
    float *bufs[] = {f->x, f->xb, f->xb2, f->q, f->k, f->v, f->att, f->gate, f->up,
                     f->logits, f->rope_cos, f->rope_sin, f->scores, f->kv_f32};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++) free(bufs[i]);
    free(f->inv_freq);
    free(f);
}

void forward_set_profiling(forward_t *f, bool on)
{
    f->profiling = on;
    memset(&f->profile, 0, sizeof f->profile);
    threadpool_set_timing(f->pool, on);
    threadpool_stats_reset(f->pool);
    kernels_set_timing(f->kernels, on);
}

void forward_profile(const forward_t *f, forward_profile_t *out)
{
    *out = f->profile;
    threadpool_stats(f->pool, &out->pool_jobs, &out->pool_wait_seconds);
    out->quantize_seconds = kernels_quantize_seconds(f->kernels);
}

int forward_n_threads(const forward_t *f) { return threadpool_size(f->pool); }
const char *forward_isa_name(const forward_t *f) { return kernels_isa_name(f->kernels); }
uint64_t forward_kv_bytes(const forward_t *f)
{
    uint64_t total = 0;
    for (uint32_t i = 0; i < f->n_seq; i++) total += kv_cache_bytes(&f->kv[i]);
    return total;
}

int forward_kv_copy(forward_t *f, uint32_t dst, uint32_t src, uint32_t n_pos, char *err,
                    size_t err_size)
{
    if (dst >= f->n_seq || src >= f->n_seq || n_pos > f->n_ctx) {
        snprintf(err, err_size, "cannot copy %u positions from sequence %u to %u (%u sequences "
                 "of %u positions)", n_pos, src, dst, f->n_seq, f->n_ctx);
        return -1;
    }
    if (dst != src) kv_cache_copy(&f->kv[dst], &f->kv[src], n_pos);
    return 0;
}
uint64_t forward_scratch_bytes(const forward_t *f) { return f->scratch_bytes; }

const float *forward_logits(const forward_t *f, uint32_t i)
{
    if (i >= f->last_n) return NULL;
    if (f->logits_all) return f->logits + (size_t)i * f->model->hp.n_vocab;
    for (uint32_t j = 0; j < f->n_segs; j++) /* the last token of a segment */
        if (f->seg_first[j + 1] - 1 == i) return f->logits + (size_t)j * f->model->hp.n_vocab;
    return NULL;
}

const float *forward_logits_segment(const forward_t *f, uint32_t j)
{
    if (f->last_n == 0 || j >= f->n_segs) return NULL;
    return forward_logits(f, f->seg_first[j + 1] - 1);
}

/* ---- rotary position embedding --------------------------------------------------------- */

/* cos/sin of every (token, pair) angle of the batch, each token at its own position,
 * computed in double: at position 4000 a float angle would already be off by 2e-4 radians. */
static void rope_table(forward_t *f, uint32_t n)
{
    const model_hparams_t *hp = &f->model->hp;
    uint32_t pairs = hp->rope_dim / 2;
    for (uint32_t t = 0; t < n; t++) {
        double p = (double)f->tok_pos[t] * hp->rope_freq_scale;
        for (uint32_t i = 0; i < pairs; i++) {
            double angle = p * f->inv_freq[i];
            f->rope_cos[t * pairs + i] = (float)cos(angle);
            f->rope_sin[t * pairs + i] = (float)sin(angle);
        }
    }
}

/* Rotates the first rope_dim values of one head by token t's angles: pairs (2i, 2i+1)
 * for llama files, (i, i + rope_dim/2) for NeoX (qwen). */
static void rope_apply(const forward_t *f, float *head, uint32_t t)
{
    const model_hparams_t *hp = &f->model->hp;
    uint32_t pairs = hp->rope_dim / 2;
    const float *c = f->rope_cos + t * pairs, *s = f->rope_sin + t * pairs;
    bool neox = hp->rope_type == MODEL_ROPE_NEOX;
    for (uint32_t i = 0; i < pairs; i++) {
        uint32_t a = neox ? i : 2 * i, b = neox ? i + pairs : 2 * i + 1;
        float x0 = head[a], x1 = head[b];
        head[a] = x0 * c[i] - x1 * s[i];
        head[b] = x0 * s[i] + x1 * c[i];
    }
}

/* ---- attention ------------------------------------------------------------------------- */

typedef struct {
    forward_t *f;
    uint32_t layer;
    uint32_t n_tiles;         /* tiles of all segments together */
    const uint32_t *tile_end; /* (n_segs,) tiles of segments 0 .. j together */
} attention_job_t;

/* Attention of query head h for the tile of `rows` queries starting at token t0 (at
 * position pos0, all of one sequence), over cache positions 0 .. pos0+rows-1 given as F32
 * blocks keys/values (n_pos, hd): two matrix products (scores = Q K^T, out = P V) with
 * the causal mask applied in between. */
static void attend_head(forward_t *f, float *scores, uint32_t h, uint32_t t0, uint32_t pos0,
                        int rows, const float *keys, const float *values)
{
    const model_hparams_t *hp = &f->model->hp;
    int hd = (int)hp->head_dim, q_dim = (int)(hp->n_heads * hp->head_dim);
    int n_pos = (int)pos0 + rows;
    float scale = 1.0f / sqrtf((float)hd);
    const float *q = f->q + (size_t)t0 * q_dim + (size_t)h * hd; /* (rows, hd) */
    float *out = f->att + (size_t)t0 * q_dim + (size_t)h * hd;   /* (rows, hd) */
    if (rows == 1)
        cblas_sgemv(CblasRowMajor, CblasNoTrans, n_pos, hd, scale, keys, hd, q, 1, 0.0f,
                    scores, 1);
    else
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, n_pos, hd, scale, q, q_dim,
                    keys, hd, 0.0f, scores, n_pos);
    for (int r = 0; r < rows; r++) {
        int visible = (int)pos0 + r + 1;
        float *row = scores + (size_t)r * n_pos;
        kernels_softmax(row, visible);
        memset(row + visible, 0, (size_t)(n_pos - visible) * sizeof *row);
    }
    if (rows == 1)
        cblas_sgemv(CblasRowMajor, CblasTrans, n_pos, hd, 1.0f, values, hd, scores, 1, 0.0f,
                    out, 1);
    else
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, hd, n_pos, 1.0f, scores,
                    n_pos, values, hd, 0.0f, out, q_dim);
}

/* Decode-time attention of query heads h0 .. h0+count-1 (one group, sharing a key/value
 * head) for token t alone in its segment (at position pos), straight from an F16 cache
 * with F16C; each key and value is converted once for the whole group. */
static void attend_heads_f16(forward_t *f, const kv_cache_t *kv, uint32_t layer,
                             float *scores, uint32_t h0, uint32_t count, uint32_t t,
                             uint32_t pos)
{
    const model_hparams_t *hp = &f->model->hp;
    uint32_t hd = hp->head_dim, group = hp->n_heads / hp->n_kv_heads, n_pos = pos + 1;
    size_t q_dim = (size_t)hp->n_heads * hd;
    const uint16_t *keys = kv_cache_keys_f16(kv, layer, h0 / group);
    const uint16_t *values = kv_cache_values_f16(kv, layer, h0 / group);
    float scale = 1.0f / sqrtf((float)hd);
    for (uint32_t h = h0; h < h0 + count; h += ATTENTION_TILE) { /* scores holds a tile of rows */
        uint32_t m = h0 + count - h < ATTENTION_TILE ? h0 + count - h : ATTENTION_TILE;
        kv_cache_scores_f16_group_avx2(f->q + t * q_dim + (size_t)h * hd, hd, m, keys, n_pos, hd,
                                       scale, scores, n_pos);
        for (uint32_t i = 0; i < m; i++) kernels_softmax(scores + (size_t)i * n_pos, (int)n_pos);
        kv_cache_weighted_sum_f16_group_avx2(scores, n_pos, m, values, n_pos, hd,
                                             f->att + t * q_dim + (size_t)h * hd, hd);
    }
}

/* One thread's share of the attention items. Each segment is cut into tiles of at most
 * ATTENTION_TILE tokens. With an F32 cache an item is one query head and tile (the finest
 * split, best balance); with an F16 cache it is one key/value head and tile, so its block
 * is widened to F32 once for all the query heads of its group. */
static void attention_worker(void *ctx, int ith, int nth)
{
    const attention_job_t *job = ctx;
    forward_t *f = job->f;
    const model_hparams_t *hp = &f->model->hp;
    size_t hd = hp->head_dim;
    uint32_t group = hp->n_heads / hp->n_kv_heads;
    uint32_t heads_per_item = f->kv_f32 ? group : 1, item_heads = hp->n_heads / heads_per_item;
    float *scores = f->scores + (size_t)ith * ATTENTION_TILE * f->n_ctx; /* (tile, n_ctx) */
    float *widened_k = f->kv_f32 ? f->kv_f32 + (size_t)ith * 2 * f->n_ctx * hd : NULL;
    float *widened_v = widened_k ? widened_k + (size_t)f->n_ctx * hd : NULL;
    uint32_t j = 0; /* segment of the current item: items come in increasing order */
    for (uint32_t it = (uint32_t)ith; it < job->n_tiles * item_heads; it += (uint32_t)nth) {
        uint32_t tile = it / item_heads, h0 = (it % item_heads) * heads_per_item;
        while (tile >= job->tile_end[j]) j++;
        const forward_segment_t *sg = &f->segs[j];
        const kv_cache_t *kv = &f->kv[sg->seq];
        uint32_t local = (tile - (j ? job->tile_end[j - 1] : 0)) * ATTENTION_TILE;
        uint32_t t0 = f->seg_first[j] + local, pos0 = sg->pos + local;
        /* one token on an F16 cache: read the halves directly, no widened copy */
        if (f->kv_f32 && kv->use_f16c && sg->n == 1 && hd % 8 == 0) {
            attend_heads_f16(f, kv, job->layer, scores, h0, heads_per_item, t0, pos0);
            continue;
        }
        int rows = (int)(sg->n - local < ATTENTION_TILE ? sg->n - local : ATTENTION_TILE);
        uint32_t n_pos = pos0 + (uint32_t)rows; /* keys the tile's last query sees */
        const float *keys = kv_cache_keys(kv, job->layer, h0 / group, n_pos, widened_k);
        const float *values = kv_cache_values(kv, job->layer, h0 / group, n_pos, widened_v);
        for (uint32_t h = h0; h < h0 + heads_per_item; h++)
            attend_head(f, scores, h, t0, pos0, rows, keys, values);
    }
}

/* ---- row-wise steps, split by token over the pool -------------------------------------- */

/* Below this many tokens the row-wise steps run on the calling thread: a dispatch costs
 * more than the arithmetic. */
enum { PARALLEL_ROWS_MIN_TOKENS = 8 };

typedef enum {
    STEP_ATTN_NORM,  /* xb = rmsnorm(x) * attn_norm */
    STEP_QK_ROPE,    /* biases, Q/K norm, RoPE, store K and V in the cache */
    STEP_FFN_NORM,   /* x += xb2 (attention output); xb = rmsnorm(x) * ffn_norm */
    STEP_SILU,       /* gate = silu(gate) * up */
    STEP_RESIDUAL,   /* x += xb2 (feed-forward output) */
} row_step_t;

typedef struct {
    forward_t *f;
    uint32_t layer, n;
    row_step_t step;
} rows_job_t;

/* One token's share of a row-wise step. */
static void row_step(forward_t *f, const rows_job_t *job, uint32_t t)
{
    const model_hparams_t *hp = &f->model->hp;
    const model_layer_t *l = &f->model->layers[job->layer];
    uint32_t dim = hp->n_embd, hd = hp->head_dim;
    uint32_t q_dim = hp->n_heads * hd, kv_dim = hp->n_kv_heads * hd;
    float *x = f->x + (size_t)t * dim, *xb = f->xb + (size_t)t * dim;
    switch (job->step) {
    case STEP_ATTN_NORM:
        kernels_rmsnorm(xb, x, l->attn_norm, (int)dim, hp->rms_eps);
        break;
    case STEP_QK_ROPE: {
        float *q = f->q + (size_t)t * q_dim, *k = f->k + (size_t)t * kv_dim;
        float *v = f->v + (size_t)t * kv_dim;
        if (l->bq) kernels_add(q, l->bq, (int)q_dim);
        if (l->bk) kernels_add(k, l->bk, (int)kv_dim);
        if (l->bv) kernels_add(v, l->bv, (int)kv_dim);
        for (uint32_t h = 0; h < hp->n_heads; h++) {
            float *head = q + (size_t)h * hd;
            if (l->q_norm) kernels_rmsnorm(head, head, l->q_norm, (int)hd, hp->rms_eps);
            rope_apply(f, head, t);
        }
        for (uint32_t h = 0; h < hp->n_kv_heads; h++) {
            float *head = k + (size_t)h * hd;
            if (l->k_norm) kernels_rmsnorm(head, head, l->k_norm, (int)hd, hp->rms_eps);
            rope_apply(f, head, t);
            kv_cache_store(&f->kv[f->tok_seq[t]], job->layer, h, f->tok_pos[t], head,
                           v + (size_t)h * hd);
        }
        break;
    }
    case STEP_FFN_NORM:
        kernels_add(x, f->xb2 + (size_t)t * dim, (int)dim);
        kernels_rmsnorm(xb, x, l->ffn_norm, (int)dim, hp->rms_eps);
        break;
    case STEP_SILU:
        kernels_silu_mul(f->gate + (size_t)t * hp->n_ff, f->up + (size_t)t * hp->n_ff,
                         (int)hp->n_ff);
        break;
    case STEP_RESIDUAL:
        kernels_add(x, f->xb2 + (size_t)t * dim, (int)dim);
        break;
    }
}

static void rows_worker(void *ctx, int ith, int nth)
{
    const rows_job_t *job = ctx;
    uint32_t t0 = (uint32_t)((uint64_t)job->n * (uint32_t)ith / (uint32_t)nth);
    uint32_t t1 = (uint32_t)((uint64_t)job->n * (uint32_t)(ith + 1) / (uint32_t)nth);
    for (uint32_t t = t0; t < t1; t++) row_step(job->f, job, t);
}

static void run_rows(forward_t *f, row_step_t step, uint32_t il, uint32_t n)
{
    rows_job_t job = {f, il, n, step};
    if (n >= PARALLEL_ROWS_MIN_TOKENS) threadpool_run(f->pool, rows_worker, &job);
    else rows_worker(&job, 0, 1);
}

/* ---- one layer ------------------------------------------------------------------------- */

/* ys[i] (n, ws[i].rows) = x (n, cols) · ws[i]^T: where the time goes. A batch of single
 * tokens of several sequences stays in the per-row regime (kernels.h), so that each of
 * them gets exactly the numbers it would get alone. */
static int matmul_multi(forward_t *f, const tensor_view_t *ws, int n_w, const float *x,
                        uint32_t n, float *const *ys, bool per_row, char *err, size_t err_size)
{
    if (per_row) return kernels_matmul_multi_rows(f->kernels, ws, n_w, x, (int)n, ys, err, err_size);
    return kernels_matmul_multi(f->kernels, ws, n_w, x, (int)n, ys, err, err_size);
}

static int matmul(forward_t *f, const tensor_view_t *w, const float *x, uint32_t n, float *y,
                  char *err, size_t err_size)
{
    return matmul_multi(f, w, 1, x, n, &y, f->per_row, err, err_size);
}

/* Attention sub-layer then feed-forward sub-layer for the batch; x is updated in place. */
static int layer_forward(forward_t *f, uint32_t il, uint32_t n, char *err, size_t err_size)
{
    const model_layer_t *l = &f->model->layers[il];
    double mark = profile_start(f);
    run_rows(f, STEP_ATTN_NORM, il, n);
    profile_step(f, FORWARD_OP_ATTN_NORM, &mark);
    tensor_view_t qkv[3] = {l->wq, l->wk, l->wv};
    float *qkv_out[3] = {f->q, f->k, f->v};
    if (matmul_multi(f, qkv, 3, f->xb, n, qkv_out, f->per_row, err, err_size)) return -1;
    profile_step(f, FORWARD_OP_QKV, &mark);
    run_rows(f, STEP_QK_ROPE, il, n);
    profile_step(f, FORWARD_OP_ROPE, &mark);
    attention_job_t job = {f, il, f->n_tiles, f->tile_end};
    threadpool_run(f->pool, attention_worker, &job);
    profile_step(f, FORWARD_OP_ATTENTION, &mark);
    if (matmul(f, &l->wo, f->att, n, f->xb2, err, err_size)) return -1;
    profile_step(f, FORWARD_OP_ATTN_OUT, &mark);

    run_rows(f, STEP_FFN_NORM, il, n);
    profile_step(f, FORWARD_OP_FFN_NORM, &mark);
    tensor_view_t gate_up[2] = {l->w_gate, l->w_up};
    float *gate_up_out[2] = {f->gate, f->up};
    if (matmul_multi(f, gate_up, 2, f->xb, n, gate_up_out, f->per_row, err, err_size))
        return -1;
    profile_step(f, FORWARD_OP_GATE_UP, &mark);
    run_rows(f, STEP_SILU, il, n);
    profile_step(f, FORWARD_OP_SILU, &mark);
    if (matmul(f, &l->w_down, f->gate, n, f->xb2, err, err_size)) return -1;
    profile_step(f, FORWARD_OP_FFN_DOWN, &mark);
    run_rows(f, STEP_RESIDUAL, il, n);
    profile_step(f, FORWARD_OP_RESIDUAL, &mark);
    return 0;
}

/* ---- the whole pass -------------------------------------------------------------------- */

/* Checks the segments of a batch and records them with each token's sequence and
 * position; 0 or -1 with a message (the batch is then empty). */
static int set_segments(forward_t *f, const forward_segment_t *segs, uint32_t n_segs,
                        char *err, size_t err_size)
{
    f->n_segs = 0;
    if (n_segs == 0 || n_segs > f->n_seq) {
        snprintf(err, err_size, "a batch of %u sequences (1 to %u)", n_segs, f->n_seq);
        return -1;
    }
    uint32_t n = 0;
    for (uint32_t j = 0; j < n_segs; j++) {
        const forward_segment_t *sg = &segs[j];
        if (sg->seq >= f->n_seq) {
            snprintf(err, err_size, "sequence %u does not exist (%u sequences)", sg->seq, f->n_seq);
            return -1;
        }
        for (uint32_t i = 0; i < j; i++) {
            if (segs[i].seq == sg->seq) {
                snprintf(err, err_size, "sequence %u appears twice in one batch", sg->seq);
                return -1;
            }
        }
        if (sg->n == 0 || sg->n > f->n_batch - n || sg->pos > f->n_ctx ||
            sg->n > f->n_ctx - sg->pos) {
            snprintf(err, err_size, "batch of %u tokens at position %u does not fit (batch %u, "
                     "context %u)", n + sg->n, sg->pos, f->n_batch, f->n_ctx);
            return -1;
        }
        f->segs[j] = *sg;
        f->seg_first[j] = n;
        for (uint32_t t = 0; t < sg->n; t++) {
            f->tok_seq[n + t] = sg->seq;
            f->tok_pos[n + t] = sg->pos + t;
        }
        n += sg->n;
    }
    f->seg_first[n_segs] = n;
    f->n_segs = n_segs;
    f->per_row = n_segs > 1 && n == n_segs;
    f->n_tiles = 0;
    for (uint32_t j = 0; j < n_segs; j++) {
        f->n_tiles += (segs[j].n + ATTENTION_TILE - 1) / ATTENTION_TILE;
        f->tile_end[j] = f->n_tiles;
    }
    return 0;
}

int forward_eval(forward_t *f, const int32_t *tokens, uint32_t n, uint32_t pos, char *err,
                 size_t err_size)
{
    forward_segment_t one = {.seq = 0, .n = n, .pos = pos};
    return forward_eval_segments(f, tokens, &one, 1, err, err_size);
}

/* The hot function: everything a token costs happens below this call. */
int forward_eval_segments(forward_t *f, const int32_t *tokens, const forward_segment_t *segs,
                          uint32_t n_segs, char *err, size_t err_size)
{
    const model_t *m = f->model;
    const model_hparams_t *hp = &m->hp;
    f->last_n = 0;
    if (set_segments(f, segs, n_segs, err, err_size) != 0) return -1;
    uint32_t n = f->seg_first[n_segs];
    double mark = profile_start(f);
    for (uint32_t t = 0; t < n; t++) {
        if (model_embed_token(m, tokens[t], f->x + (size_t)t * hp->n_embd) != 0) {
            snprintf(err, err_size, "token id %d is outside the vocabulary (%u tokens)",
                     tokens[t], hp->n_vocab);
            return -1;
        }
    }
    rope_table(f, n);
    profile_step(f, FORWARD_OP_EMBED, &mark);
    for (uint32_t il = 0; il < hp->n_layers; il++)
        if (layer_forward(f, il, n, err, err_size) != 0) return -1;
    mark = profile_start(f);

    /* Output head: every row with logits_all, else each segment's last token's. */
    uint32_t rows = f->logits_all ? n : n_segs;
    for (uint32_t r = 0; r < rows; r++) {
        uint32_t t = f->logits_all ? r : f->seg_first[r + 1] - 1;
        kernels_rmsnorm(f->xb + (size_t)r * hp->n_embd, f->x + (size_t)t * hp->n_embd,
                        m->output_norm, (int)hp->n_embd, hp->rms_eps);
    }
    /* one row per segment: per-row products, as each segment alone would have its one row */
    tensor_view_t out = m->output;
    float *logits = f->logits;
    if (matmul_multi(f, &out, 1, f->xb, rows, &logits, f->logits_all ? f->per_row : n_segs > 1,
                     err, err_size))
        return -1;
    profile_step(f, FORWARD_OP_OUTPUT, &mark);
    if (f->profiling) {
        f->profile.evals++;
        f->profile.tokens += n;
    }
    f->n_logits = rows;
    f->last_n = n;
    return 0;
}
