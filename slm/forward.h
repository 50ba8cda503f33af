/* forward.h — the transformer forward pass over a batch of tokens (used by session.c).
 *
 * forward_eval() runs n tokens at positions pos .. pos+n-1 through every layer, reading
 * and extending the KV cache (which must already hold positions 0 .. pos-1), and leaves
 * the logits of the last token (or of all n, with logits_all) in the forward state.
 * Matrix products go to slm/kernels.h (quantized dot products for one token, sgemm tiles
 * for many); attention runs over (token, head) pairs on the thread pool. */
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
} forward_options_t;

int forward_new(forward_t **out, const model_t *model, const forward_options_t *opts,
                char *err, size_t err_size);
void forward_free(forward_t *f);

/* Evaluates tokens[0..n) at positions pos.. (1 ≤ n ≤ n_batch, pos + n ≤ n_ctx, every id
 * < n_vocab: checked). Returns 0 or negative with a message. */
int forward_eval(forward_t *f, const int32_t *tokens, uint32_t n, uint32_t pos, char *err,
                 size_t err_size);

/* Logits (n_vocab,) of token i of the last batch: i = n-1 always works; other i only with
 * logits_all. NULL when not available. */
const float *forward_logits(const forward_t *f, uint32_t i);

int forward_n_threads(const forward_t *f);
const char *forward_isa_name(const forward_t *f);
uint64_t forward_kv_bytes(const forward_t *f);
uint64_t forward_scratch_bytes(const forward_t *f);

#endif
