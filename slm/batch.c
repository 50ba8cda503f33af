/* batch.c — sequences sharing a prompt prefix, decoded together (batch.h).
 *
 * One forward state (forward.h) with n_seq + 1 KV caches: cache 0 holds the prefix, cache
 * i + 1 belongs to slot i. A sequence starts by copying the prefix's rows into its cache
 * and evaluating its suffix alone, in the same batches a session would (n_batch tokens
 * from the end of the prefix on). A step is one forward_eval_segments call with a segment
 * of one token per sequence; the forward pass multiplies such a batch per row, so every
 * sequence gets the numbers it would get alone. Each sequence keeps its own copy of the
 * logits of its last token, since the forward state keeps only the last pass's. */
#include "slm/batch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slm/forward.h"

enum { DEFAULT_SEQS = 8, MAX_SEQS = 256, PREFIX_CACHE = 0 };

typedef struct {
    bool live;
    int32_t *tokens; /* (n_ctx,) prefix, suffix, appended tokens */
    size_t n_past;   /* tokens in its cache */
    float *logits;   /* (n_vocab,) predicting the next token */
} batch_seq_t;

struct batch {
    const model_t *model;
    forward_t *forward;
    uint32_t n_ctx, n_batch, n_seq, n_live;
    int32_t *prefix;            /* (n_ctx,) the prefix in cache 0 */
    size_t prefix_len, prefix_reused, prefix_evaluated;
    batch_seq_t *seqs;          /* (n_seq,) */
    forward_segment_t *segs;    /* (n_seq,) a step's segments */
    int32_t *step_tokens;       /* (n_seq,) a step's tokens */
};

int batch_new(batch_t **out, const model_t *model, const batch_options_t *opts, char *err,
              size_t err_size)
{
    *out = NULL;
    batch_options_t o = {0};
    if (opts) o = *opts;
    if (o.n_ctx == 0) o.n_ctx = model->hp.n_ctx_train < 4096 ? model->hp.n_ctx_train : 4096;
    if (o.n_seq == 0) o.n_seq = DEFAULT_SEQS;
    if (o.n_batch == 0) o.n_batch = 512;
    if (o.n_ctx > (1u << 20) || o.n_seq > MAX_SEQS) {
        snprintf(err, err_size, "a batch of %u sequences of %u positions is too large (at most "
                 "%d of %u)", o.n_seq, o.n_ctx, MAX_SEQS, 1u << 20);
        return -1;
    }
    if (o.n_batch < o.n_seq) o.n_batch = o.n_seq; /* a step holds one token per sequence */
    if (o.n_batch > o.n_ctx && o.n_ctx >= o.n_seq) o.n_batch = o.n_ctx;
    batch_t *b = calloc(1, sizeof *b);
    if (!b) {
        snprintf(err, err_size, "out of memory");
        return -1;
    }
    b->model = model;
    b->n_ctx = o.n_ctx;
    b->n_batch = o.n_batch;
    b->n_seq = o.n_seq;
    b->prefix = malloc(o.n_ctx * sizeof *b->prefix);
    b->seqs = calloc(o.n_seq, sizeof *b->seqs);
    b->segs = calloc(o.n_seq, sizeof *b->segs);
    b->step_tokens = calloc(o.n_seq, sizeof *b->step_tokens);
    bool ok = b->prefix && b->seqs && b->segs && b->step_tokens;
    for (uint32_t i = 0; ok && i < o.n_seq; i++) {
        b->seqs[i].tokens = malloc(o.n_ctx * sizeof *b->seqs[i].tokens);
        b->seqs[i].logits = malloc((size_t)model->hp.n_vocab * sizeof *b->seqs[i].logits);
        ok = b->seqs[i].tokens && b->seqs[i].logits;
    }
    if (!ok) {
        batch_free(b);
        snprintf(err, err_size, "out of memory for %u sequences", o.n_seq);
        return -1;
    }
    forward_options_t fo = {.n_ctx = o.n_ctx, .n_batch = o.n_batch, .n_threads = o.n_threads,
                            .force_scalar = o.force_scalar, .kv_type = o.kv_type,
                            .n_seq = o.n_seq + 1};
    if (forward_new(&b->forward, model, &fo, err, err_size) != 0) {
        batch_free(b);
        return -1;
    }
    *out = b;
    return 0;
}

void batch_free(batch_t *b)
{
    if (!b) return;
    forward_free(b->forward);
    for (uint32_t i = 0; b->seqs && i < b->n_seq; i++) {
        free(b->seqs[i].tokens);
        free(b->seqs[i].logits);
    }
    free(b->seqs);
    free(b->segs);
    free(b->step_tokens);
    free(b->prefix);
    free(b);
}

/* 0, or -1 with a message naming the first id outside the vocabulary. */
static int check_ids(const batch_t *b, const int32_t *tokens, size_t count, const char *what,
                     char *err, size_t err_size)
{
    for (size_t i = 0; i < count; i++) {
        if (tokens[i] < 0 || (uint32_t)tokens[i] >= b->model->hp.n_vocab) {
            snprintf(err, err_size, "%s token %zu has id %d, outside the vocabulary (%u tokens)",
                     what, i, tokens[i], b->model->hp.n_vocab);
            return -1;
        }
    }
    return 0;
}

/* Evaluates tokens[from..count) into cache `cache` in batches of n_batch starting at
 * from, as session.c does; 0 or -1 with the message. */
static int evaluate(batch_t *b, uint32_t cache, const int32_t *tokens, size_t from,
                    size_t count, char *err, size_t err_size)
{
    for (size_t start = from; start < count; start += b->n_batch) {
        size_t n = count - start < b->n_batch ? count - start : b->n_batch;
        forward_segment_t seg = {.seq = cache, .n = (uint32_t)n, .pos = (uint32_t)start};
        if (forward_eval_segments(b->forward, tokens + start, &seg, 1, err, err_size) != 0)
            return -1;
    }
    return 0;
}

int batch_set_prefix(batch_t *b, const int32_t *tokens, size_t count, char *err,
                     size_t err_size)
{
    if (count >= b->n_ctx) {
        snprintf(err, err_size, "a prefix of %zu tokens leaves no room in the context of %u "
                 "positions (raise --ctx; assay never truncates a prompt)", count, b->n_ctx);
        return -1;
    }
    if (check_ids(b, tokens, count, "prefix", err, err_size) != 0) return -1;
    size_t common = 0;
    while (common < b->prefix_len && common < count && b->prefix[common] == tokens[common])
        common++;
    if (count > common) memcpy(b->prefix + common, tokens + common, (count - common) * sizeof *tokens);
    b->prefix_len = common;
    b->prefix_reused = common;
    b->prefix_evaluated = count - common;
    if (evaluate(b, PREFIX_CACHE, b->prefix, common, count, err, err_size) != 0) {
        b->prefix_len = 0;
        return -1;
    }
    b->prefix_len = count;
    return 0;
}

int batch_seq_start(batch_t *b, int *seq, const int32_t *suffix, size_t count, char *err,
                    size_t err_size)
{
    *seq = -1;
    if (count == 0) {
        snprintf(err, err_size, "nothing to evaluate: the suffix is empty");
        return -1;
    }
    if (count > b->n_ctx - b->prefix_len) {
        snprintf(err, err_size, "prompt of %zu tokens (prefix %zu, suffix %zu) does not fit the "
                 "context of %u positions (raise --ctx; assay never truncates a prompt)",
                 b->prefix_len + count, b->prefix_len, count, b->n_ctx);
        return -1;
    }
    if (check_ids(b, suffix, count, "suffix", err, err_size) != 0) return -1;
    uint32_t slot = 0;
    while (slot < b->n_seq && b->seqs[slot].live) slot++;
    if (slot == b->n_seq) {
        snprintf(err, err_size, "all %u sequence slots are in use (end one first)", b->n_seq);
        return -1;
    }
    batch_seq_t *s = &b->seqs[slot];
    if (forward_kv_copy(b->forward, slot + 1, PREFIX_CACHE, (uint32_t)b->prefix_len, err,
                        err_size) != 0)
        return -1;
    memcpy(s->tokens, b->prefix, b->prefix_len * sizeof *s->tokens);
    memcpy(s->tokens + b->prefix_len, suffix, count * sizeof *s->tokens);
    size_t total = b->prefix_len + count;
    if (evaluate(b, slot + 1, s->tokens, b->prefix_len, total, err, err_size) != 0) return -1;
    memcpy(s->logits, forward_logits_segment(b->forward, 0),
           (size_t)b->model->hp.n_vocab * sizeof *s->logits);
    s->n_past = total;
    s->live = true;
    b->n_live++;
    *seq = (int)slot;
    return 0;
}

bool batch_seq_live(const batch_t *b, int seq)
{
    return seq >= 0 && (uint32_t)seq < b->n_seq && b->seqs[seq].live;
}

int batch_step(batch_t *b, const int *seqs, const int32_t *tokens, size_t n, char *err,
               size_t err_size)
{
    if (n == 0 || n > b->n_seq) {
        snprintf(err, err_size, "a step of %zu sequences (1 to %u)", n, b->n_seq);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (!batch_seq_live(b, seqs[i])) {
            snprintf(err, err_size, "sequence %d is not live", seqs[i]);
            return -1;
        }
        for (size_t j = 0; j < i; j++) {
            if (seqs[j] == seqs[i]) {
                snprintf(err, err_size, "sequence %d appears twice in one step", seqs[i]);
                return -1;
            }
        }
        if (b->seqs[seqs[i]].n_past >= b->n_ctx) {
            snprintf(err, err_size, "sequence %d fills the context of %u positions", seqs[i],
                     b->n_ctx);
            return -1;
        }
    }
    if (check_ids(b, tokens, n, "step", err, err_size) != 0) return -1;
    for (size_t i = 0; i < n; i++) {
        const batch_seq_t *s = &b->seqs[seqs[i]];
        b->segs[i] = (forward_segment_t){.seq = (uint32_t)seqs[i] + 1, .n = 1,
                                         .pos = (uint32_t)s->n_past};
        b->step_tokens[i] = tokens[i];
    }
    if (forward_eval_segments(b->forward, b->step_tokens, b->segs, (uint32_t)n, err,
                              err_size) != 0) {
        for (size_t i = 0; i < n; i++) batch_seq_end(b, seqs[i]);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        batch_seq_t *s = &b->seqs[seqs[i]];
        s->tokens[s->n_past++] = tokens[i];
        memcpy(s->logits, forward_logits_segment(b->forward, (uint32_t)i),
               (size_t)b->model->hp.n_vocab * sizeof *s->logits);
    }
    return 0;
}

void batch_seq_end(batch_t *b, int seq)
{
    if (!batch_seq_live(b, seq)) return;
    b->seqs[seq].live = false;
    b->seqs[seq].n_past = 0;
    b->n_live--;
}

const float *batch_logits(const batch_t *b, int seq)
{
    return batch_seq_live(b, seq) ? b->seqs[seq].logits : NULL;
}

size_t batch_seq_n_past(const batch_t *b, int seq)
{
    return batch_seq_live(b, seq) ? b->seqs[seq].n_past : 0;
}

const int32_t *batch_seq_tokens(const batch_t *b, int seq)
{
    return batch_seq_live(b, seq) ? b->seqs[seq].tokens : NULL;
}

uint32_t batch_n_live(const batch_t *b) { return b->n_live; }
uint32_t batch_n_seq(const batch_t *b) { return b->n_seq; }
size_t batch_prefix_len(const batch_t *b) { return b->prefix_len; }
size_t batch_prefix_reused(const batch_t *b) { return b->prefix_reused; }
size_t batch_prefix_evaluated(const batch_t *b) { return b->prefix_evaluated; }
uint32_t batch_n_ctx(const batch_t *b) { return b->n_ctx; }
int batch_n_threads(const batch_t *b) { return forward_n_threads(b->forward); }
const char *batch_isa_name(const batch_t *b) { return forward_isa_name(b->forward); }
uint64_t batch_kv_bytes(const batch_t *b) { return forward_kv_bytes(b->forward); }
uint64_t batch_scratch_bytes(const batch_t *b) { return forward_scratch_bytes(b->forward); }
