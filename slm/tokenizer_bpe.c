/* tokenizer_bpe.c — byte-level BPE encoding (tokenizer.ggml.model "gpt2").
 *
 * Two stages, as in Hugging Face tokenizers and llama.cpp:
 *  1. Pre-tokenization: the pre-tokenizer named by tokenizer.ggml.pre is a list of regexes
 *     applied in order; each cuts every piece from the previous step into its matches and
 *     the gaps between them. The regexes are the ones the models were trained with, run by
 *     PCRE2 in UTF-8 + Unicode-property mode, JIT-compiled once per tokenizer.
 *  2. Merging, per piece: every byte starts as its own symbol (the token of its byte-level
 *     character); the adjacent pair with the lowest merge rank (leftmost on ties) is merged
 *     until no pair has a rank. Symbols carry token ids, so a merge is a hash lookup of
 *     (left id, right id); queue entries made stale by earlier merges are skipped. */
#include "slm/tokenizer_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "slm/bigram_queue.h"
#include "slm/unicode.h"

/* ---- pre-tokenizers ------------------------------------------------------------------ */

/* GPT-2's split: contractions, letters, digits, other symbols, whitespace. */
#define RE_GPT2 "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+"

typedef struct {
    const char *names[8];   /* tokenizer.ggml.pre values using this pre-tokenizer */
    const char *regex[TOKENIZER_MAX_REGEX];
    bool ignore_merges;
} pre_tokenizer_t;

static const pre_tokenizer_t pre_tokenizers[] = {
    {{"gpt-2", "gpt2", "phi-2", "mpt", "olmo", "roberta-bpe", "jais", NULL}, {RE_GPT2}, false},
    /* StarCoder, SmolLM: every digit is its own piece, then GPT-2's split */
    {{"starcoder", "smollm", "refact", "codeshell", "command-r", "exaone", "minerva-7b", NULL},
     {"\\p{N}", RE_GPT2}, false},
    {{"llama3", "llama-v3", "llama-bpe", "falcon3", NULL},
     {"(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|"
      "\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"},
     true},
    {{"qwen2", "deepseek-r1-qwen", "stablelm2", "hunyuan", "megrez", NULL},
     {"(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|"
      "\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"},
     false},
    /* Qwen 3.5: as qwen2, with combining marks (\p{M}) kept in words */
    {{"qwen35", NULL},
     {"(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?[\\p{L}\\p{M}]+|"
      "\\p{N}| ?[^\\s\\p{L}\\p{M}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"},
     false},
    /* no tokenizer.ggml.pre: llama.cpp's default sequence */
    {{"default", NULL},
     {"[\\p{P}\\$\\+<=>\\^~\\|]+", RE_GPT2, "\\p{N}+", "[0-9][0-9][0-9]"},
     false},
};

static const pre_tokenizer_t *find_pre_tokenizer(const char *name)
{
    for (size_t i = 0; i < sizeof pre_tokenizers / sizeof pre_tokenizers[0]; i++)
        for (const char *const *n = pre_tokenizers[i].names; *n; n++)
            if (strcmp(*n, name) == 0) return &pre_tokenizers[i];
    return NULL;
}

/* ---- merge table --------------------------------------------------------------------- */

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    x ^= x >> 33;
    return x;
}

static const merge_slot_t *merge_find(const tokenizer_t *tok, int32_t left, int32_t right)
{
    uint64_t key = (uint64_t)(uint32_t)left << 32 | (uint32_t)right;
    size_t mask = tok->merge_slot_cap - 1;
    for (size_t s = mix64(key) & mask;; s = (s + 1) & mask) {
        const merge_slot_t *m = &tok->merges[s];
        if (m->key == key) return m;
        if (m->key == UINT64_MAX) return NULL;
    }
}

/* The first occurrence of a pair keeps its rank. */
static void merge_insert(tokenizer_t *tok, int32_t left, int32_t right, int32_t rank, int32_t result)
{
    uint64_t key = (uint64_t)(uint32_t)left << 32 | (uint32_t)right;
    size_t mask = tok->merge_slot_cap - 1;
    for (size_t s = mix64(key) & mask;; s = (s + 1) & mask) {
        merge_slot_t *m = &tok->merges[s];
        if (m->key == key) return;
        if (m->key == UINT64_MAX) {
            *m = (merge_slot_t){key, rank, result};
            return;
        }
    }
}

static int setup_fail(char *err, size_t err_size, const gguf_file_t *f, int code, const char *msg,
                      const char *detail)
{
    if (err && err_size) snprintf(err, err_size, "%s: %s%s", gguf_path(f), msg, detail ? detail : "");
    return code;
}

static int load_merges(tokenizer_t *tok, const gguf_file_t *f, char *err, size_t err_size)
{
    gguf_array_t merges;
    int rc = gguf_get_array(f, "tokenizer.ggml.merges", &merges);
    if (rc == GGUF_ERR_NOT_FOUND)
        return setup_fail(err, err_size, f, TOKENIZER_ERR_FORMAT,
                          "BPE vocabulary without merges (tokenizer.ggml.merges missing)", NULL);
    if (rc || merges.elem_type != GGUF_TYPE_STRING)
        return setup_fail(err, err_size, f, TOKENIZER_ERR_FORMAT,
                          "tokenizer.ggml.merges is not an array of strings", NULL);
    if (merges.count > INT32_MAX / 4)
        return setup_fail(err, err_size, f, TOKENIZER_ERR_FORMAT, "too many merges", NULL);
    tok->merge_slot_cap = 16;
    while (tok->merge_slot_cap < merges.count * 2) tok->merge_slot_cap *= 2;
    tok->merges = malloc(tok->merge_slot_cap * sizeof *tok->merges);
    size_t buf_cap = 256;
    char *buf = malloc(buf_cap);
    if (!tok->merges || !buf) {
        free(buf);
        return setup_fail(err, err_size, f, TOKENIZER_ERR_NOMEM, "out of memory", NULL);
    }
    for (size_t i = 0; i < tok->merge_slot_cap; i++) tok->merges[i].key = UINT64_MAX;
    for (uint64_t i = 0; i < merges.count; i++) {
        const char *m = merges.strings[i];
        size_t len = merges.string_lens[i];
        const char *space = len > 1 ? memchr(m + 1, ' ', len - 1) : NULL;
        if (!space) {
            char detail[160];
            snprintf(detail, sizeof detail, " %llu ('%.40s') has no space between its two parts",
                     (unsigned long long)i, m);
            free(buf);
            return setup_fail(err, err_size, f, TOKENIZER_ERR_FORMAT, "tokenizer.ggml.merges entry", detail);
        }
        size_t left_len = (size_t)(space - m), right_len = len - left_len - 1;
        int32_t left = tokenizer_lookup(tok, m, left_len);
        int32_t right = tokenizer_lookup(tok, space + 1, right_len);
        if (left < 0 || right < 0) continue; /* can never apply: a part is not a token */
        if (left_len + right_len > buf_cap) {
            buf_cap = left_len + right_len;
            char *nb = realloc(buf, buf_cap);
            if (!nb) {
                free(buf);
                return setup_fail(err, err_size, f, TOKENIZER_ERR_NOMEM, "out of memory", NULL);
            }
            buf = nb;
        }
        memcpy(buf, m, left_len);
        memcpy(buf + left_len, space + 1, right_len);
        merge_insert(tok, left, right, (int32_t)i, tokenizer_lookup(tok, buf, left_len + right_len));
    }
    free(buf);
    return 0;
}

int tokenizer_bpe_setup(tokenizer_t *tok, const gguf_file_t *f, char *err, size_t err_size)
{
    const pre_tokenizer_t *pre = find_pre_tokenizer(tok->pre_name);
    if (!pre) {
        char detail[256];
        snprintf(detail, sizeof detail, "'%.64s' is not supported (known: gpt-2, starcoder, smollm, "
                 "llama-bpe, qwen2, qwen35, default and their aliases)", tok->pre_name);
        return setup_fail(err, err_size, f, TOKENIZER_ERR_UNSUPPORTED, "pre-tokenizer ", detail);
    }
    tok->ignore_merges = pre->ignore_merges;
    for (size_t i = 0; i < TOKENIZER_MAX_REGEX && pre->regex[i]; i++) {
        int code;
        PCRE2_SIZE offset;
        pcre2_code *re = pcre2_compile((PCRE2_SPTR)pre->regex[i], PCRE2_ZERO_TERMINATED,
                                       PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &code,
                                       &offset, NULL);
        if (!re) {
            char msg[160];
            pcre2_get_error_message(code, (PCRE2_UCHAR *)msg, sizeof msg);
            return setup_fail(err, err_size, f, TOKENIZER_ERR_UNSUPPORTED,
                              "cannot compile the pre-tokenizer regex: ", msg);
        }
        pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* the interpreter is the fallback */
        tok->regex[tok->n_regex++] = re;
    }
    return load_merges(tok, f, err, err_size);
}

void tokenizer_bpe_cleanup(tokenizer_t *tok)
{
    for (size_t i = 0; i < tok->n_regex; i++) pcre2_code_free(tok->regex[i]);
    tok->n_regex = 0;
    free(tok->merges);
    tok->merges = NULL;
}

/* ---- splitting ----------------------------------------------------------------------- */

typedef struct {
    size_t start, len;
} piece_t;

typedef struct {
    piece_t *items;
    size_t count, cap;
} piece_list_t;

static int pieces_push(piece_list_t *l, size_t start, size_t len)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        piece_t *items = realloc(l->items, cap * sizeof *items);
        if (!items) return TOKENIZER_ERR_NOMEM;
        l->items = items;
        l->cap = cap;
    }
    l->items[l->count++] = (piece_t){start, len};
    return 0;
}

/* Cuts each input piece into regex matches and the gaps between them. Lookarounds see only
 * the piece itself, as in Hugging Face's sequence of splits. */
static int split_pieces(const pcre2_code *re, const char *text, const piece_list_t *in,
                        piece_list_t *out, pcre2_match_data *md, char *err, size_t err_size)
{
    out->count = 0;
    for (size_t p = 0; p < in->count; p++) {
        const char *sub = text + in->items[p].start;
        size_t len = in->items[p].len, pos = 0, last = 0;
        while (pos < len) {
            int m = pcre2_match(re, (PCRE2_SPTR)sub, len, pos, 0, md, NULL);
            if (m == PCRE2_ERROR_NOMATCH) break;
            if (m < 0) {
                char msg[160];
                pcre2_get_error_message(m, (PCRE2_UCHAR *)msg, sizeof msg);
                if (err && err_size)
                    snprintf(err, err_size, "pre-tokenizer regex failed at byte %zu: %s",
                             in->items[p].start + pos, msg);
                return TOKENIZER_ERR_ARG;
            }
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            size_t s = ov[0], e = ov[1];
            if (e <= s) { /* empty match: step over one character */
                pos = s + unicode_utf8_char_len(sub + s, len - s);
                continue;
            }
            int rc = 0;
            if (s > last) rc = pieces_push(out, in->items[p].start + last, s - last);
            if (!rc) rc = pieces_push(out, in->items[p].start + s, e - s);
            if (rc) return rc;
            last = pos = e;
        }
        if (last < len && pieces_push(out, in->items[p].start + last, len - last)) return TOKENIZER_ERR_NOMEM;
    }
    return 0;
}

/* ---- merging ------------------------------------------------------------------------- */

typedef struct {
    int32_t id;  /* token of the bytes [start, start+n), -1 if none */
    int prev, next;
    size_t start, n;
} symbol_t;

static int try_bigram(const tokenizer_t *tok, const symbol_t *sym, int left, int right, bigram_queue_t *q)
{
    if (left < 0 || right < 0 || sym[left].id < 0 || sym[right].id < 0) return 0;
    const merge_slot_t *m = merge_find(tok, sym[left].id, sym[right].id);
    if (!m) return 0;
    bigram_t entry = {(double)m->rank, left, right, {sym[left].id, sym[right].id}};
    return bigram_queue_push(q, entry) ? TOKENIZER_ERR_NOMEM : 0;
}

/* Byte-level spelling of raw bytes, for the ignore_merges whole-piece lookup. */
static int32_t lookup_whole_piece(const tokenizer_t *tok, const char *s, size_t n)
{
    char stack[256];
    char *buf = n * 2 <= sizeof stack ? stack : malloc(n * 2);
    if (!buf) return -1;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += utf8_encode(unicode_byte_to_codepoint((uint8_t)s[i]), buf + k);
    int32_t id = tokenizer_lookup(tok, buf, k);
    if (buf != stack) free(buf);
    return id;
}

static int merge_piece(const tokenizer_t *tok, const char *s, size_t n, symbol_t *sym, bigram_queue_t *q,
                       token_list_t *out)
{
    if (tok->ignore_merges) {
        int32_t id = lookup_whole_piece(tok, s, n);
        if (id >= 0) return token_list_push(out, id);
    }
    for (size_t i = 0; i < n; i++)
        sym[i] = (symbol_t){tok->byte_token[(uint8_t)s[i]], (int)i - 1, i + 1 < n ? (int)i + 1 : -1, i, 1};
    bigram_queue_clear(q);
    int rc = 0;
    for (size_t i = 1; i < n && !rc; i++) rc = try_bigram(tok, sym, (int)i - 1, (int)i, q);
    while (q->count > 0 && !rc) {
        bigram_t b = bigram_queue_pop(q);
        symbol_t *l = &sym[b.left], *r = &sym[b.right];
        if (l->n == 0 || r->n == 0 || l->next != b.right || l->id != b.check[0] || r->id != b.check[1])
            continue; /* stale */
        const merge_slot_t *m = merge_find(tok, l->id, r->id);
        l->id = m->result;
        l->n += r->n;
        r->n = 0;
        l->next = r->next;
        if (r->next >= 0) sym[r->next].prev = b.left;
        rc = try_bigram(tok, sym, l->prev, b.left, q);
        if (!rc) rc = try_bigram(tok, sym, b.left, l->next, q);
    }
    for (int i = n > 0 ? 0 : -1; i >= 0 && !rc; i = sym[i].next) {
        if (sym[i].id >= 0) {
            rc = token_list_push(out, sym[i].id);
            continue;
        }
        /* merged text missing from the vocabulary: fall back to the single bytes */
        for (size_t k = 0; k < sym[i].n && !rc; k++) {
            int32_t b = tok->byte_token[(uint8_t)s[sym[i].start + k]];
            if (b >= 0) rc = token_list_push(out, b);
        }
    }
    return rc;
}

int tokenizer_bpe_encode(const tokenizer_t *tok, const char *text, size_t len,
                         pcre2_match_data *md, token_list_t *out, char *err, size_t err_size)
{
    piece_list_t a = {0}, b = {0};
    bigram_queue_t q = {0};
    symbol_t *sym = NULL;
    int rc = pieces_push(&a, 0, len);
    for (size_t r = 0; r < tok->n_regex && !rc; r++) {
        rc = split_pieces(tok->regex[r], text, &a, &b, md, err, err_size);
        piece_list_t t = a;
        a = b;
        b = t;
    }
    size_t longest = 0;
    for (size_t i = 0; i < a.count; i++)
        if (a.items[i].len > longest) longest = a.items[i].len;
    if (!rc && longest > 0 && !(sym = malloc(longest * sizeof *sym))) rc = TOKENIZER_ERR_NOMEM;
    for (size_t i = 0; i < a.count && !rc; i++)
        rc = merge_piece(tok, text + a.items[i].start, a.items[i].len, sym, &q, out);
    free(sym);
    bigram_queue_destroy(&q);
    free(a.items);
    free(b.items);
    return rc;
}
