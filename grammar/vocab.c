/* vocab.c — the token vocabulary as the grammar matcher sees it: exact bytes per token.
 *
 * Besides copying the token bytes, it sorts the ordinary tokens by their bytes. Walking
 * tokens in that order, with lcp[i] = bytes shared with the previous token, is a
 * depth-first walk of the token trie: the matcher keeps one parser state per depth and
 * only recomputes from depth lcp[i], so a shared prefix is checked once. Special (control)
 * tokens and empty tokens are left out of the order: they are never allowed as text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/grammar_impl.h"

/* Byte order, shorter first on a shared prefix (glibc qsort_r: we build with _GNU_SOURCE). */
static int cmp_tokens(const void *a, const void *b, void *ctx)
{
    const grammar_vocab_t *v = ctx;
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    uint32_t lx = v->len[x], ly = v->len[y];
    int c = memcmp(grammar_vocab_bytes(v, x), grammar_vocab_bytes(v, y), lx < ly ? lx : ly);
    if (c) return c;
    if (lx != ly) return lx < ly ? -1 : 1;
    return x < y ? -1 : x > y;
}

int grammar_vocab_new(grammar_vocab_t **out, size_t n_tokens, const char *const *bytes,
                      const uint32_t *lens, const uint8_t *special, const uint32_t *eos_ids,
                      size_t n_eos, char *err, size_t err_size)
{
    *out = NULL;
    if (n_tokens == 0 || n_tokens > UINT32_MAX / 2) {
        if (err && err_size) snprintf(err, err_size, "vocabulary: %zu tokens is not a usable size", n_tokens);
        return GRAMMAR_ERR_ARG;
    }
    grammar_vocab_t *v = calloc(1, sizeof *v);
    if (!v) goto oom;
    v->n_tokens = n_tokens;
    uint64_t total = 0;
    for (size_t i = 0; i < n_tokens; i++) total += lens[i];
    v->blob = malloc(total ? total : 1);
    v->off = malloc(n_tokens * sizeof *v->off);
    v->len = malloc(n_tokens * sizeof *v->len);
    v->special = calloc(n_tokens, 1);
    v->is_eos = calloc(n_tokens, 1);
    v->order = malloc(n_tokens * sizeof *v->order);
    v->lcp = malloc(n_tokens * sizeof *v->lcp);
    if (!v->blob || !v->off || !v->len || !v->special || !v->is_eos || !v->order || !v->lcp) goto oom;
    uint64_t at = 0;
    for (size_t i = 0; i < n_tokens; i++) {
        v->off[i] = at;
        v->len[i] = lens[i];
        if (lens[i]) memcpy(v->blob + at, bytes[i], lens[i]);
        at += lens[i];
        v->special[i] = special ? (special[i] != 0) : 0;
        if (lens[i] > v->max_len) v->max_len = lens[i];
    }
    for (size_t i = 0; i < n_eos; i++) {
        if (eos_ids[i] >= n_tokens) {
            if (err && err_size)
                snprintf(err, err_size, "vocabulary: end-of-sequence id %u is past the %zu tokens", eos_ids[i], n_tokens);
            grammar_vocab_free(v);
            return GRAMMAR_ERR_ARG;
        }
        v->is_eos[eos_ids[i]] = 1;
    }
    for (size_t i = 0; i < n_tokens; i++)
        if (!v->special[i] && !v->is_eos[i] && v->len[i] > 0) v->order[v->n_order++] = (uint32_t)i;
    qsort_r(v->order, v->n_order, sizeof *v->order, cmp_tokens, v);
    v->sorted_blob = malloc(total ? total : 1);
    v->sorted_off = malloc((v->n_order ? v->n_order : 1) * sizeof *v->sorted_off);
    if (!v->sorted_blob || !v->sorted_off) goto oom;
    uint64_t sat = 0;
    for (size_t i = 0; i < v->n_order; i++) {
        uint32_t t = v->order[i];
        v->sorted_off[i] = sat;
        memcpy(v->sorted_blob + sat, grammar_vocab_bytes(v, t), v->len[t]);
        sat += v->len[t];
    }
    for (size_t i = 0; i < v->n_order; i++) {
        if (i == 0) { v->lcp[i] = 0; continue; }
        uint32_t a = v->order[i - 1], b = v->order[i];
        uint32_t n = v->len[a] < v->len[b] ? v->len[a] : v->len[b], k = 0;
        const uint8_t *pa = grammar_vocab_bytes(v, a), *pb = grammar_vocab_bytes(v, b);
        while (k < n && pa[k] == pb[k]) k++;
        v->lcp[i] = k;
    }
    *out = v;
    return 0;
oom:
    grammar_vocab_free(v);
    if (err && err_size) snprintf(err, err_size, "vocabulary: out of memory");
    return GRAMMAR_ERR_NOMEM;
}

void grammar_vocab_free(grammar_vocab_t *v)
{
    if (!v) return;
    free(v->blob);
    free(v->off);
    free(v->len);
    free(v->special);
    free(v->is_eos);
    free(v->order);
    free(v->lcp);
    free(v->sorted_blob);
    free(v->sorted_off);
    free(v);
}

size_t grammar_vocab_size(const grammar_vocab_t *v) { return v ? v->n_tokens : 0; }
size_t grammar_vocab_mask_words(const grammar_vocab_t *v) { return v ? (v->n_tokens + 31) / 32 : 0; }

void grammar_vocab_token(const grammar_vocab_t *v, uint32_t t, const char **bytes, uint32_t *len, bool *special,
                         bool *is_eos)
{
    *bytes = (const char *)grammar_vocab_bytes(v, t);
    *len = v->len[t];
    *special = v->special[t] != 0;
    *is_eos = v->is_eos[t] != 0;
}
