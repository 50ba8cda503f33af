/* tokenizer_spm.c — SentencePiece-style encoding (tokenizer.ggml.model "llama").
 *
 * Spaces become U+2581 '▁'; the text is cut into UTF-8 characters; then, repeatedly, the
 * adjacent pair whose concatenation is a vocabulary token with the highest score (leftmost
 * on ties) is merged. A priority queue holds candidate pairs; entries made stale by an
 * earlier merge are recognised by their length and skipped. Characters that never became
 * part of a token fall back to <0xXX> byte tokens. This is llama.cpp's llm_tokenizer_spm,
 * except that a byte that does not start valid UTF-8 is a character of its own (llama.cpp
 * would swallow the following bytes, even an escaped space, into it). */
#include "slm/tokenizer_internal.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "slm/bigram_queue.h"
#include "slm/unicode.h"

typedef struct {
    size_t start, n; /* bytes of the escaped text; n == 0 once merged away */
    int prev, next;
} symbol_t;

static int try_bigram(const tokenizer_t *tok, const char *text, const symbol_t *sym, int left,
                      int right, bigram_queue_t *q)
{
    if (left < 0 || right < 0) return 0;
    size_t size = sym[left].n + sym[right].n;
    int32_t id = tokenizer_lookup(tok, text + sym[left].start, size);
    if (id < 0) return 0;
    bigram_t entry = {-(double)tok->scores[id], left, right, {(int64_t)size, 0}}; /* highest score first */
    return bigram_queue_push(q, entry) ? TOKENIZER_ERR_NOMEM : 0;
}

/* Merges one segment of escaped text and appends its tokens. */
static int merge_segment(const tokenizer_t *tok, const char *text, size_t len, symbol_t *sym,
                         bigram_queue_t *q, token_list_t *out)
{
    int n = 0, rc = 0;
    for (size_t off = 0; off < len; n++) {
        uint32_t cp;
        size_t k = utf8_decode(text + off, len - off, &cp);
        if (k == 0) k = 1; /* a stray byte is a character of its own (byte fallback) */
        sym[n] = (symbol_t){off, k, n - 1, -1};
        if (n > 0) sym[n - 1].next = n;
        off += k;
    }
    bigram_queue_clear(q);
    for (int i = 1; i < n && !rc; i++) rc = try_bigram(tok, text, sym, i - 1, i, q);

    while (q->count > 0 && !rc) {
        bigram_t b = bigram_queue_pop(q);
        symbol_t *l = &sym[b.left], *r = &sym[b.right];
        if (l->n == 0 || r->n == 0 || (int64_t)(l->n + r->n) != b.check[0]) continue; /* stale */
        l->n += r->n;
        r->n = 0;
        l->next = r->next;
        if (r->next >= 0) sym[r->next].prev = b.left;
        rc = try_bigram(tok, text, sym, l->prev, b.left, q);
        if (!rc) rc = try_bigram(tok, text, sym, b.left, l->next, q);
    }

    for (int i = n > 0 ? 0 : -1; i >= 0 && !rc; i = sym[i].next) {
        int32_t id = tokenizer_lookup(tok, text + sym[i].start, sym[i].n);
        if (id >= 0) {
            rc = token_list_push(out, id);
            continue;
        }
        for (size_t k = 0; k < sym[i].n && !rc; k++) {
            int32_t b = tok->byte_token[(uint8_t)text[sym[i].start + k]];
            if (b < 0) b = tok->unk;
            if (b >= 0) rc = token_list_push(out, b);
        }
    }
    return rc;
}

static bool is_barrier(const tokenizer_t *tok, char c)
{
    return (uint8_t)c < 128 && tok->spm_barrier[(uint8_t)c];
}

int tokenizer_spm_encode(const tokenizer_t *tok, const char *raw, size_t raw_len, token_list_t *out)
{
    /* escape: ' ' -> U+2581 (3 bytes) */
    size_t spaces = 0;
    for (size_t i = 0; i < raw_len; i++) spaces += raw[i] == ' ';
    size_t len = raw_len + 2 * spaces;
    char *text = malloc(len ? len : 1);
    symbol_t *sym = malloc((len ? len : 1) * sizeof *sym);
    bigram_queue_t q = {0};
    int rc = 0;
    if (!text || !sym) {
        rc = TOKENIZER_ERR_NOMEM;
        goto done;
    }
    for (size_t i = 0, j = 0; i < raw_len; i++) {
        if (raw[i] == ' ') {
            memcpy(text + j, "\xe2\x96\x81", 3);
            j += 3;
        } else {
            text[j++] = raw[i];
        }
    }
    /* Segments between barrier bytes merge independently (no token spans a barrier, and
     * the merges inside a segment happen in the same order as in one global queue); the
     * result is the same as merging the whole text at once, only faster. */
    for (size_t start = 0; start < len && !rc;) {
        size_t end = start + 1;
        if (!is_barrier(tok, text[start]))
            while (end < len && !is_barrier(tok, text[end])) end++;
        rc = merge_segment(tok, text + start, end - start, sym, &q, out);
        start = end;
    }
done:
    free(text);
    free(sym);
    bigram_queue_destroy(&q);
    return rc;
}
