/* forward.h — the transformer forward pass over a batch of tokens (used by session.c and
 * batch.c).
 *
 * forward_eval() runs n tokens at positions pos .. pos+n-1 through every layer, reading
 * and extending the KV cache (which must already hold positions 0 .. pos-1), and leaves
 * the logits of the last token (or of all n, with logits_all) in the forward state.
 * Matrix products go to slm/kernels.h (quantized dot products for one token, sgemm tiles
 * for many); attention runs over (token, head) pairs on the thread pool.
 *
 * With n_seq > 1 the state holds one KV cache per sequence, and forward_eval_segments()
 * runs a batch made of runs of tokens of different sequences (segments): the matrix
 * products take all the batch's tokens at once, the attention of each token reads its own
 * sequence's cache. A batch of one token per sequence (decoding several sequences
 * together) multiplies by per-row dot products, so each sequence gets bit-for-bit the
 * logits it would get decoded alone. */
#ifndef ASSAY_SLM_FORWARD_H
#define ASSAY_SLM_FORWARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "slm/kv_cache.h"
#include "slm/model.h"

typedef struct forward forward_t;

typedef struct {
    uint32_t n_ctx;    /* KV cache positions (> 0) */
    uint32_t n_batch;  /* most tokens per forward_eval (> 0) */
    int n_threads;     /* ≤ 0: every core */
    bool logits_all;   /* keep logits of every token of a batch */
    bool force_scalar; /* portable scalar kernels */
    kv_cache_type_t kv_type; /* KV_CACHE_F16 or KV_CACHE_F32 */
    uint32_t n_seq;    /* sequences, each with its own KV cache of n_ctx positions; 0 = 1 */
} forward_options_t;

/* A run of consecutive tokens of one sequence inside a batch. */
typedef struct {
    uint32_t seq; /* < n_seq: the cache these tokens read and extend */
    uint32_t n;   /* tokens (≥ 1) */
    uint32_t pos; /* position of the first; the cache already holds 0 .. pos-1 */
} forward_segment_t;

int forward_new(forward_t **out, const model_t *model, const forward_options_t *opts,
                char *err, size_t err_size);
void forward_free(forward_t *f);

/* Evaluates tokens[0..n) at positions pos.. (1 ≤ n ≤ n_batch, pos + n ≤ n_ctx, every id
 * < n_vocab: checked). Returns 0 or negative with a message. */
int forward_eval(forward_t *f, const int32_t *tokens, uint32_t n, uint32_t pos, char *err,
                 size_t err_size);
/* Evaluates a batch of n_segs segments of distinct sequences: tokens holds their tokens
 * back to back (segment 0's first). Sizes as forward_eval (the tokens of all segments
 * together ≤ n_batch), n_segs ≤ n_seq. Keeps the logits of each segment's last token (of
 * every token with logits_all). forward_eval is this with the one segment {0, n, pos}. */
int forward_eval_segments(forward_t *f, const int32_t *tokens, const forward_segment_t *segs,
                          uint32_t n_segs, char *err, size_t err_size);
/* Copies positions 0 .. n_pos-1 of sequence src's cache into sequence dst's (a shared
 * prompt prefix). Returns 0, or -1 with a message for a sequence or n_pos out of range. */
int forward_kv_copy(forward_t *f, uint32_t dst, uint32_t src, uint32_t n_pos, char *err,
                    size_t err_size);

/* Logits (n_vocab,) of token i of the last batch: i = n-1 always works; other i only with
 * logits_all. NULL when not available. */
const float *forward_logits(const forward_t *f, uint32_t i);
/* Logits (n_vocab,) of the last token of segment j of the last batch; NULL when j is out
 * of range. */
const float *forward_logits_segment(const forward_t *f, uint32_t j);

/* ---- profiling ---------------------------------------------------------------------------
 * With profiling on, forward_eval adds the wall time of each step of the pass (as the
 * calling thread sees it: a parallel step counts from its dispatch until every thread is
 * done) to a per-step total. The pool's figures say how many dispatches ran and how long
 * the caller waited for the other threads at their ends; quantize_seconds is the part of
 * the matmul steps spent turning activations into 8-bit blocks. Off by default. */
typedef enum {
    FORWARD_OP_EMBED,      /* token embedding rows */
    FORWARD_OP_ATTN_NORM,  /* rmsnorm before attention */
    FORWARD_OP_QKV,        /* Q, K, V projections (one dispatch) */
    FORWARD_OP_ROPE,       /* biases, Q/K norms, RoPE, KV cache store */
    FORWARD_OP_ATTENTION,  /* scores, softmax, weighted values over the cache */
    FORWARD_OP_ATTN_OUT,   /* attention output projection */
    FORWARD_OP_FFN_NORM,   /* residual add + rmsnorm before the feed-forward */
    FORWARD_OP_GATE_UP,    /* gate and up projections (one dispatch) */
    FORWARD_OP_SILU,       /* SwiGLU */
    FORWARD_OP_FFN_DOWN,   /* down projection */
    FORWARD_OP_RESIDUAL,   /* residual add after the feed-forward */
    FORWARD_OP_OUTPUT,     /* final norm and the output projection over the vocabulary */
    FORWARD_OP_COUNT
} forward_op_t;

typedef struct {
    double seconds[FORWARD_OP_COUNT];
    unsigned long long calls[FORWARD_OP_COUNT];
    unsigned long long evals, tokens;  /* forward_eval calls and tokens they evaluated */
    unsigned long long pool_jobs;      /* thread-pool dispatches */
    double pool_wait_seconds;          /* caller waiting for the other threads */
    double quantize_seconds;           /* activation quantization inside the matmul steps */
} forward_profile_t;

/* Short name of a step ("qkv", "attention", ...). */
const char *forward_op_name(forward_op_t op);
/* Turns profiling on or off; turning it on clears the totals. */
void forward_set_profiling(forward_t *f, bool on);
/* The totals since profiling was turned on. */
void forward_profile(const forward_t *f, forward_profile_t *out);

int forward_n_threads(const forward_t *f);
const char *forward_isa_name(const forward_t *f);
/* Bytes of every sequence's KV cache together. */
uint64_t forward_kv_bytes(const forward_t *f);
uint64_t forward_scratch_bytes(const forward_t *f);

#endif
