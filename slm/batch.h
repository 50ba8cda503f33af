/* batch.h — several token sequences decoded together: a shared prompt prefix evaluated
 * once, then one forward pass per step that advances every live sequence by one token.
 *
 * The review loop asks the model about many candidates whose prompts start with the same
 * blueprint. A batch holds that prefix in a cache of its own (batch_set_prefix, evaluated
 * once, kept while it stays the same). batch_seq_start gives a new sequence a copy of the
 * prefix's KV rows and evaluates the sequence's own suffix; batch_step then appends one
 * token to each of the sequences it names in ONE forward pass: every weight matrix is read
 * once per step for all of them (the per-token vector products become a small matrix
 * product), while each sequence attends over its own cache. Sequences end on their own
 * (batch_seq_end frees the slot) and new ones may start between steps.
 *
 * A sequence's results do not depend on its company: its logits are bit-for-bit those of
 * a session (session.h, same options) that evaluated the prefix, then prefix + suffix,
 * then appended the same tokens — same kernels, same per-token arithmetic in the same
 * order — so greedy decoding gives the same tokens alone or batched, whoever else is in
 * the batch.
 *
 * Memory: n_seq + 1 KV caches of n_ctx positions (the prefix's and one per slot; pages are
 * touched as positions fill) and n_seq rows of logits. The model must outlive the batch;
 * a batch is used by one thread at a time (it runs its own worker threads inside). */
#ifndef ASSAY_SLM_BATCH_H
#define ASSAY_SLM_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "slm/kv_cache.h"
#include "slm/model.h"

typedef struct {
    uint32_t n_ctx;    /* positions per sequence, prefix included; 0 = min(training context, 4096) */
    uint32_t n_seq;    /* sequences live at once (slots); 0 = 8 */
    uint32_t n_batch;  /* tokens per forward batch evaluating a prefix or suffix; 0 = 512
                          (raised to n_seq when smaller) */
    int n_threads;     /* 0 = every core this process may use */
    bool force_scalar; /* the portable scalar kernels (tests) */
    kv_cache_type_t kv_type; /* KV_CACHE_F16 (default) or KV_CACHE_F32, as in session.h */
} batch_options_t;

typedef struct batch batch_t;

/* Creates a batch for model with opts (NULL = defaults). Returns 0, or negative with a
 * message (context above 2^20 positions, more than 256 slots, out of memory, threads). */
int batch_new(batch_t **out, const model_t *model, const batch_options_t *opts, char *err,
              size_t err_size);
void batch_free(batch_t *b);

/* Makes tokens[0..count) the prefix every sequence started afterwards begins with. Keeps
 * the longest common prefix with the current one and evaluates the rest (nothing when it
 * is the same). count may be 0 (no shared prefix) and must leave room for a suffix
 * (count < n_ctx); ids < n_vocab. Live sequences keep the prefix they started with.
 * Returns 0, or negative with a message (the prefix is then empty). */
int batch_set_prefix(batch_t *b, const int32_t *tokens, size_t count, char *err,
                     size_t err_size);

/* Starts a sequence made of the prefix and suffix[0..count) in a free slot, whose id
 * (0 .. n_seq-1) goes to *seq: copies the prefix's KV rows, evaluates the suffix.
 * Afterwards batch_logits(*seq) predicts the token after the suffix. count ≥ 1 and
 * prefix + count ≤ n_ctx. Returns 0, or negative with a message (every slot busy, too
 * long, bad id, ...; no slot is taken then). */
int batch_seq_start(batch_t *b, int *seq, const int32_t *suffix, size_t count, char *err,
                    size_t err_size);

/* One decode step: appends tokens[i] to live sequence seqs[i] for i < n (each sequence at
 * most once, 1 ≤ n ≤ n_seq, none full), all in one forward pass; then batch_logits of
 * each predicts its next token. Sequences not named are left as they are. Returns 0, or
 * negative with a message: before anything ran for a bad argument (nothing changed), or
 * after a failed pass (the sequences named are then ended). */
int batch_step(batch_t *b, const int *seqs, const int32_t *tokens, size_t n, char *err,
               size_t err_size);

/* Ends a sequence and frees its slot; a slot not live is left alone. */
void batch_seq_end(batch_t *b, int seq);

/* Logits (n_vocab,) predicting live sequence seq's next token; NULL when seq is not live.
 * Valid until the next call that changes that sequence. */
const float *batch_logits(const batch_t *b, int seq);

/* Whether seq is a live slot; its length (prefix, suffix and appended tokens); its tokens
 * (that many, NULL when not live). */
bool batch_seq_live(const batch_t *b, int seq);
size_t batch_seq_n_past(const batch_t *b, int seq);
const int32_t *batch_seq_tokens(const batch_t *b, int seq);

/* Live sequences, slots, the current prefix's length. */
uint32_t batch_n_live(const batch_t *b);
uint32_t batch_n_seq(const batch_t *b);
size_t batch_prefix_len(const batch_t *b);
/* How many prefix tokens the last batch_set_prefix kept, and how many it evaluated. */
size_t batch_prefix_reused(const batch_t *b);
size_t batch_prefix_evaluated(const batch_t *b);

uint32_t batch_n_ctx(const batch_t *b);
int batch_n_threads(const batch_t *b);
/* Name of the kernel path in use ("avx512-vnni", "avx2", "scalar", ...). */
const char *batch_isa_name(const batch_t *b);
/* Bytes allocated for the KV caches (prefix and slots) and for the compute buffers. */
uint64_t batch_kv_bytes(const batch_t *b);
uint64_t batch_scratch_bytes(const batch_t *b);

#endif
