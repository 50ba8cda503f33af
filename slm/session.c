/* session.c — a token sequence kept in the KV cache, with prefix reuse (session.h).
 *
 * The session remembers which tokens its cache holds. A new sequence is compared with
 * them; positions up to the first difference are kept and only the rest is evaluated.
 * When the new sequence is entirely cached, its last token is evaluated again, because
 * the logits that predict the next token are only kept for the last evaluated batch. */
#include "slm/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slm/forward.h"

struct session {
    const model_t *model;
    forward_t *forward;
    uint32_t n_ctx, n_batch;
    bool logits_all;
    int32_t *tokens; /* (n_ctx,) the sequence in the cache */
    size_t n_past;   /* tokens valid in the cache */
    size_t last_reused, last_evaluated;
    size_t last_batch_start; /* index in the last call of the last batch's first token */
};

int session_new(session_t **out, const model_t *model, const session_options_t *opts,
                char *err, size_t err_size)
{
    *out = NULL;
    session_options_t o = {0};
    if (opts) o = *opts;
    if (o.n_ctx == 0) o.n_ctx = model->hp.n_ctx_train < 4096 ? model->hp.n_ctx_train : 4096;
    if (o.n_batch == 0) o.n_batch = 512;
    if (o.n_ctx > (1u << 20)) {
        snprintf(err, err_size, "context of %u positions is too large (at most %u)", o.n_ctx,
                 1u << 20);
        return -1;
    }
    if (o.logits_all && o.n_batch < o.n_ctx) o.n_batch = o.n_ctx; /* one batch per eval */
    if (o.n_batch > o.n_ctx) o.n_batch = o.n_ctx;
    session_t *s = calloc(1, sizeof *s);
    if (!s || !(s->tokens = malloc(o.n_ctx * sizeof *s->tokens))) {
        free(s);
        snprintf(err, err_size, "out of memory");
        return -1;
    }
    forward_options_t fo = {.n_ctx = o.n_ctx, .n_batch = o.n_batch, .n_threads = o.n_threads,
                            .logits_all = o.logits_all, .force_scalar = o.force_scalar,
                            .kv_type = o.kv_type};
    if (forward_new(&s->forward, model, &fo, err, err_size) != 0) {
        session_free(s);
        return -1;
    }
    s->model = model;
    s->n_ctx = o.n_ctx;
    s->n_batch = o.n_batch;
    s->logits_all = o.logits_all;
    *out = s;
    return 0;
}

void session_free(session_t *s)
{
    if (!s) return;
    forward_free(s->forward);
    free(s->tokens);
    free(s);
}

void session_clear(session_t *s)
{
    s->n_past = 0;
    s->last_reused = s->last_evaluated = 0;
}

/* Evaluates tokens[from..count) (already copied into s->tokens) in batches. */
static int evaluate_from(session_t *s, size_t from, size_t count, char *err, size_t err_size)
{
    s->last_reused = from;
    s->last_evaluated = count - from;
    for (size_t start = from; start < count; start += s->n_batch) {
        size_t n = count - start < s->n_batch ? count - start : s->n_batch;
        if (forward_eval(s->forward, s->tokens + start, (uint32_t)n, (uint32_t)start, err,
                         err_size) != 0) {
            session_clear(s);
            return -1;
        }
        s->n_past = start + n;
        s->last_batch_start = start - from;
    }
    return 0;
}

int session_eval(session_t *s, const int32_t *tokens, size_t count, char *err, size_t err_size)
{
    if (count == 0) {
        snprintf(err, err_size, "nothing to evaluate: the token sequence is empty");
        return -1;
    }
    if (count > s->n_ctx) {
        snprintf(err, err_size, "prompt of %zu tokens does not fit the context of %u "
                 "positions (raise --ctx; assay never truncates a prompt)", count, s->n_ctx);
        return -1;
    }
    for (size_t i = 0; i < count; i++) {
        if (tokens[i] < 0 || (uint32_t)tokens[i] >= s->model->hp.n_vocab) {
            snprintf(err, err_size, "token %zu has id %d, outside the vocabulary (%u tokens)",
                     i, tokens[i], s->model->hp.n_vocab);
            return -1;
        }
    }
    size_t common = 0;
    while (common < s->n_past && common < count && s->tokens[common] == tokens[common])
        common++;
    if (common == count) common--; /* the last token's logits must be recomputed */
    memcpy(s->tokens + common, tokens + common, (count - common) * sizeof *tokens);
    s->n_past = common;
    return evaluate_from(s, common, count, err, err_size);
}

int session_append(session_t *s, int32_t token, char *err, size_t err_size)
{
    if (s->n_past >= s->n_ctx) {
        snprintf(err, err_size, "the context of %u positions is full", s->n_ctx);
        return -1;
    }
    if (token < 0 || (uint32_t)token >= s->model->hp.n_vocab) {
        snprintf(err, err_size, "token id %d is outside the vocabulary (%u tokens)", token,
                 s->model->hp.n_vocab);
        return -1;
    }
    s->tokens[s->n_past] = token;
    return evaluate_from(s, s->n_past, s->n_past + 1, err, err_size);
}

const float *session_logits(const session_t *s)
{
    if (s->last_evaluated == 0) return NULL;
    uint32_t in_batch = (uint32_t)(s->last_evaluated - s->last_batch_start);
    return forward_logits(s->forward, in_batch - 1);
}

const float *session_logits_at(const session_t *s, size_t i)
{
    if (!s->logits_all || i >= s->last_evaluated) return NULL;
    /* logits_all sessions evaluate in one batch (n_batch = n_ctx), so i indexes it */
    return forward_logits(s->forward, (uint32_t)i);
}

size_t session_n_past(const session_t *s) { return s->n_past; }
const int32_t *session_tokens(const session_t *s) { return s->tokens; }
size_t session_last_reused(const session_t *s) { return s->last_reused; }
size_t session_last_evaluated(const session_t *s) { return s->last_evaluated; }
void session_set_profiling(session_t *s, bool on) { forward_set_profiling(s->forward, on); }
void session_profile(const session_t *s, forward_profile_t *out) { forward_profile(s->forward, out); }

uint32_t session_n_ctx(const session_t *s) { return s->n_ctx; }
int session_n_threads(const session_t *s) { return forward_n_threads(s->forward); }
const char *session_isa_name(const session_t *s) { return forward_isa_name(s->forward); }
uint64_t session_kv_bytes(const session_t *s) { return forward_kv_bytes(s->forward); }
uint64_t session_scratch_bytes(const session_t *s) { return forward_scratch_bytes(s->forward); }
