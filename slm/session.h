/* session.h — runs a loaded model over a growing token sequence, keeping the KV cache.
 *
 * A session owns the compute state of one conversation: thread pool, kernels, KV cache,
 * activation buffers and the tokens already in the cache. session_eval() takes the whole
 * token sequence each time and evaluates only what is new: the longest prefix it shares
 * with the tokens in the cache is kept, the rest is run (in batches of n_batch tokens).
 * The review loop puts its long fixed instructions first, so each new prompt pays only for
 * its own suffix. A sequence longer than the context is refused with a message, never
 * truncated. The model must outlive its sessions; a session is used by one thread at a
 * time (it runs its own worker threads inside). */
#ifndef ASSAY_SLM_SESSION_H
#define ASSAY_SLM_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "slm/forward.h"
#include "slm/kv_cache.h"
#include "slm/model.h"

typedef struct {
    uint32_t n_ctx;     /* positions in the KV cache; 0 = min(training context, 4096) */
    uint32_t n_batch;   /* tokens per forward batch; 0 = 512 */
    int n_threads;      /* 0 = every core this process may use */
    bool logits_all;    /* keep logits of every evaluated token, not only the last: each
                           eval then runs as one batch (n_batch = n_ctx) and the session
                           holds n_ctx × n_vocab floats of logits — for tests, small models */
    bool force_scalar;  /* run the portable scalar kernels (tests) */
    kv_cache_type_t kv_type; /* KV_CACHE_F16 (the zero default, like llama.cpp: half the
                                memory and faster at long contexts, logits within ~5e-4
                                relative) or KV_CACHE_F32 (exact) */
} session_options_t;

typedef struct session session_t;

/* Creates a session for model with opts (NULL = defaults). A context beyond the model's
 * training length is allowed (quality may suffer, as in llama.cpp). Returns 0, or negative
 * with a message (context above 2^20 positions, out of memory, thread start failure). */
int session_new(session_t **out, const model_t *model, const session_options_t *opts,
                char *err, size_t err_size);
void session_free(session_t *s);

/* Makes the cache hold tokens[0..count): keeps the longest common prefix with what it
 * holds, evaluates the rest. Afterwards session_logits() gives the logits that predict
 * token `count`. count must be ≥ 1 and ≤ n_ctx; ids must be < n_vocab. Returns 0, or
 * negative with a message (the cache is then empty). */
int session_eval(session_t *s, const int32_t *tokens, size_t count, char *err,
                 size_t err_size);
/* Appends one token to the cached sequence and evaluates it (one decode step). */
int session_append(session_t *s, int32_t token, char *err, size_t err_size);
/* Forgets every cached token. */
void session_clear(session_t *s);

/* Logits (n_vocab,) after the last eval/append, predicting the next token. */
const float *session_logits(const session_t *s);
/* With opts.logits_all: logits (n_vocab,) of the i-th token evaluated by the last call
 * (i < session_last_evaluated()); NULL otherwise. */
const float *session_logits_at(const session_t *s, size_t i);

/* Tokens in the cache, and the cached sequence itself. */
size_t session_n_past(const session_t *s);
const int32_t *session_tokens(const session_t *s);
/* How many tokens the last eval kept from the cache, and how many it computed. */
size_t session_last_reused(const session_t *s);
size_t session_last_evaluated(const session_t *s);

/* Per-step timing of the forward pass (forward.h): on (totals cleared) or off, and the
 * totals so far. */
void session_set_profiling(session_t *s, bool on);
void session_profile(const session_t *s, forward_profile_t *out);

uint32_t session_n_ctx(const session_t *s);
int session_n_threads(const session_t *s);
/* Name of the kernel path in use ("avx512", "avx2", "scalar", ...). */
const char *session_isa_name(const session_t *s);
/* Bytes allocated for the KV cache and for the compute buffers. */
uint64_t session_kv_bytes(const session_t *s);
uint64_t session_scratch_bytes(const session_t *s);

#endif
