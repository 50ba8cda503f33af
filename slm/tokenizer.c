/* tokenizer.c — builds a tokenizer from GGUF metadata; encodes by first cutting special
 * tokens out of the text and handing the plain runs to the SPM or BPE encoder; decodes.
 *
 * Everything per token is precomputed at load: the vocabulary hash (string -> id), the
 * decoded bytes of every token (tokenizer_token_bytes is O(1) for the grammar engine), the
 * byte fallback table and the list of special tokens sorted longest first, which is the
 * order llama.cpp matches them in. */
#include "slm/tokenizer_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "slm/unicode.h"
#include "core/hash.h"

static int fail(char *err, size_t err_size, int code, const gguf_file_t *f, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int fail(char *err, size_t err_size, int code, const gguf_file_t *f, const char *fmt, ...)
{
    if (!err || err_size == 0) return code;
    int n = snprintf(err, err_size, "%s: ", f ? gguf_path(f) : "tokenizer");
    if (n < 0 || (size_t)n >= err_size) return code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err + n, err_size - (size_t)n, fmt, ap);
    va_end(ap);
    return code;
}

int token_list_push(token_list_t *list, int32_t id)
{
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 64;
        int32_t *ids = realloc(list->ids, cap * sizeof *ids);
        if (!ids) return TOKENIZER_ERR_NOMEM;
        list->ids = ids;
        list->cap = cap;
    }
    list->ids[list->count++] = id;
    return 0;
}

/* ---- vocabulary hash ----------------------------------------------------------------- */

const char *tokenizer_text_of(const tokenizer_t *tok, int32_t id, size_t *len)
{
    *len = tok->text_len[id];
    return tok->text_blob + tok->text_offset[id];
}

int32_t tokenizer_lookup(const tokenizer_t *tok, const char *text, size_t len)
{
    size_t mask = tok->vocab_slot_cap - 1;
    for (size_t s = hash_bytes(text, len) & mask; tok->vocab_slots[s]; s = (s + 1) & mask) {
        int32_t id = (int32_t)tok->vocab_slots[s] - 1;
        if (tok->text_len[id] == len && memcmp(tok->text_blob + tok->text_offset[id], text, len) == 0)
            return id;
    }
    return -1;
}

/* A later duplicate of a string replaces the earlier one, as in llama.cpp. */
static void vocab_insert(tokenizer_t *tok, int32_t id)
{
    size_t len;
    const char *text = tokenizer_text_of(tok, id, &len);
    size_t mask = tok->vocab_slot_cap - 1;
    size_t s = hash_bytes(text, len) & mask;
    for (; tok->vocab_slots[s]; s = (s + 1) & mask) {
        int32_t other = (int32_t)tok->vocab_slots[s] - 1;
        if (tok->text_len[other] == len && memcmp(tok->text_blob + tok->text_offset[other], text, len) == 0)
            break;
    }
    tok->vocab_slots[s] = (uint32_t)id + 1;
}

/* ---- loading ------------------------------------------------------------------------- */

/* Optional token id key: absent or outside the vocabulary -> -1 (llama.cpp ignores those). */
static int read_token_id(const gguf_file_t *f, const char *key, int32_t n_vocab, int32_t *out,
                         char *err, size_t err_size)
{
    *out = -1;
    int64_t v;
    int rc = gguf_get_i64(f, key, &v);
    if (rc == GGUF_ERR_NOT_FOUND) return 0;
    if (rc == GGUF_ERR_TYPE) return fail(err, err_size, TOKENIZER_ERR_FORMAT, f, "%s is not an integer", key);
    if (rc == 0 && v >= 0 && v < n_vocab) *out = (int32_t)v;
    return 0;
}

static int read_flag(const gguf_file_t *f, const char *key, bool fallback, bool *out, char *err,
                     size_t err_size)
{
    int rc = gguf_get_bool(f, key, out);
    if (rc == GGUF_ERR_NOT_FOUND) {
        *out = fallback;
        return 0;
    }
    if (rc) return fail(err, err_size, TOKENIZER_ERR_FORMAT, f, "%s is not a bool", key);
    return 0;
}

static int load_tokens(tokenizer_t *tok, const gguf_file_t *f, char *err, size_t err_size)
{
    gguf_array_t tokens;
    int rc = gguf_get_array(f, "tokenizer.ggml.tokens", &tokens);
    if (rc == GGUF_ERR_NOT_FOUND)
        return fail(err, err_size, TOKENIZER_ERR_FORMAT, f, "no vocabulary (tokenizer.ggml.tokens missing)");
    if (rc || tokens.elem_type != GGUF_TYPE_STRING)
        return fail(err, err_size, TOKENIZER_ERR_FORMAT, f, "tokenizer.ggml.tokens is not an array of strings");
    if (tokens.count == 0 || tokens.count > (uint64_t)INT32_MAX / 2)
        return fail(err, err_size, TOKENIZER_ERR_FORMAT, f, "tokenizer.ggml.tokens has %llu entries",
                    (unsigned long long)tokens.count);
    int32_t n = (int32_t)tokens.count;
    tok->n_vocab = n;
    size_t total = 0;
    for (int32_t i = 0; i < n; i++) total += tokens.string_lens[i] + 1;
    if (total > UINT32_MAX)
        return fail(err, err_size, TOKENIZER_ERR_FORMAT, f, "tokenizer.ggml.tokens: strings too long");
    tok->text_blob = malloc(total);
    tok->text_offset = malloc((size_t)n * sizeof *tok->text_offset);
    tok->text_len = malloc((size_t)n * sizeof *tok->text_len);
    tok->scores = calloc((size_t)n, sizeof *tok->scores);
    tok->kinds = malloc((size_t)n);
    tok->vocab_slot_cap = 16;
    while (tok->vocab_slot_cap < (size_t)n * 2) tok->vocab_slot_cap *= 2;
    tok->vocab_slots = calloc(tok->vocab_slot_cap, sizeof *tok->vocab_slots);
    if (!tok->text_blob || !tok->text_offset || !tok->text_len || !tok->scores || !tok->kinds ||
        !tok->vocab_slots)
        return fail(err, err_size, TOKENIZER_ERR_NOMEM, f, "out of memory loading the vocabulary");
    size_t pos = 0;
    for (int32_t i = 0; i < n; i++) {
        memcpy(tok->text_blob + pos, tokens.strings[i], tokens.string_lens[i] + 1);
        tok->text_offset[i] = (uint32_t)pos;
        tok->text_len[i] = (uint32_t)tokens.string_lens[i];
        pos += tokens.string_lens[i] + 1;
        tok->kinds[i] = TOKEN_KIND_NORMAL;
    }
    for (int32_t i = 0; i < n; i++) vocab_insert(tok, i);

    gguf_array_t a;
    rc = gguf_get_array(f, "tokenizer.ggml.scores", &a);
    if (rc == 0) {
        if (a.count != tokens.count || gguf_array_get_f32(&a, 0, &tok->scores[0]) != 0)
            return fail(err, err_size, TOKENIZER_ERR_FORMAT, f,
                        "tokenizer.ggml.scores has %llu numbers, expected one per token (%d)",
                        (unsigned long long)a.count, n);
        for (int32_t i = 0; i < n; i++) gguf_array_get_f32(&a, (uint64_t)i, &tok->scores[i]);
    } else if (rc != GGUF_ERR_NOT_FOUND) {
        return fail(err, err_size, TOKENIZER_ERR_FORMAT, f, "tokenizer.ggml.scores is not an array");
    }
    rc = gguf_get_array(f, "tokenizer.ggml.token_type", &a);
    if (rc == 0) {
        int64_t v;
        if (a.count != tokens.count || gguf_array_get_i64(&a, 0, &v) == GGUF_ERR_TYPE)
            return fail(err, err_size, TOKENIZER_ERR_FORMAT, f,
                        "tokenizer.ggml.token_type has %llu integers, expected one per token (%d)",
                        (unsigned long long)a.count, n);
        for (int32_t i = 0; i < n; i++) {
            if (gguf_array_get_i64(&a, (uint64_t)i, &v) == 0 && v >= TOKEN_KIND_NORMAL &&
                v <= TOKEN_KIND_BYTE)
                tok->kinds[i] = (uint8_t)v;
        }
    } else if (rc != GGUF_ERR_NOT_FOUND) {
        return fail(err, err_size, TOKENIZER_ERR_FORMAT, f, "tokenizer.ggml.token_type is not an array");
    }
    return 0;
}

/* "<0x0A>" -> 0x0A; -1 if the text is not a byte token. */
static int parse_byte_token(const char *s, size_t len)
{
    if (len != 6 || memcmp(s, "<0x", 3) != 0 || s[5] != '>') return -1;
    int v = 0;
    for (int i = 3; i < 5; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10
              : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0) return -1;
        v = v * 16 + d;
    }
    return v;
}

/* Writes the bytes token id decodes to into out (room: 4 * text length), returns length. */
static size_t decoded_bytes(const tokenizer_t *tok, int32_t id, const int16_t *cp_to_byte, char *out)
{
    size_t len;
    const char *text = tokenizer_text_of(tok, id, &len);
    switch (tok->kinds[id]) {
    case TOKEN_KIND_CONTROL: case TOKEN_KIND_UNKNOWN: case TOKEN_KIND_UNUSED:
        return 0;
    case TOKEN_KIND_USER_DEFINED:
        memcpy(out, text, len);
        return len;
    case TOKEN_KIND_BYTE: {
        int b = parse_byte_token(text, len);
        if (b >= 0) {
            out[0] = (char)b;
            return 1;
        }
        memcpy(out, text, len);
        return len;
    }
    default:
        break;
    }
    size_t n = 0;
    if (tok->model == TOKENIZER_SPM) {
        for (size_t i = 0; i < len;) {
            if (len - i >= 3 && memcmp(text + i, "\xe2\x96\x81", 3) == 0) {
                out[n++] = ' ';
                i += 3;
            } else {
                out[n++] = text[i++];
            }
        }
        return n;
    }
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = utf8_decode(text + i, len - i, &cp);
        if (k == 0) { /* not UTF-8: pass the byte through */
            out[n++] = text[i++];
            continue;
        }
        if (cp < 0x144 && cp_to_byte[cp] >= 0) out[n++] = (char)cp_to_byte[cp];
        else {
            memcpy(out + n, text + i, k);
            n += k;
        }
        i += k;
    }
    return n;
}

static int build_token_bytes(tokenizer_t *tok)
{
    int16_t cp_to_byte[0x144];
    for (int i = 0; i < 0x144; i++) cp_to_byte[i] = -1;
    for (int b = 0; b < 256; b++) cp_to_byte[unicode_byte_to_codepoint((uint8_t)b)] = (int16_t)b;

    size_t total = 0;
    for (int32_t i = 0; i < tok->n_vocab; i++) total += tok->text_len[i];
    /* decoded bytes are never longer than the token text */
    tok->bytes_blob = malloc(total ? total : 1);
    tok->bytes_offset = malloc((size_t)tok->n_vocab * sizeof *tok->bytes_offset);
    tok->bytes_len = malloc((size_t)tok->n_vocab * sizeof *tok->bytes_len);
    if (!tok->bytes_blob || !tok->bytes_offset || !tok->bytes_len) return TOKENIZER_ERR_NOMEM;
    size_t pos = 0;
    for (int32_t i = 0; i < tok->n_vocab; i++) {
        size_t n = decoded_bytes(tok, i, cp_to_byte, tok->bytes_blob + pos);
        tok->bytes_offset[i] = (uint32_t)pos;
        tok->bytes_len[i] = (uint32_t)n;
        pos += n;
    }
    return 0;
}

static void build_byte_tokens(tokenizer_t *tok)
{
    for (int b = 0; b < 256; b++) {
        char s[8];
        size_t n;
        if (tok->model == TOKENIZER_SPM) n = (size_t)snprintf(s, sizeof s, "<0x%02X>", b);
        else n = utf8_encode(unicode_byte_to_codepoint((uint8_t)b), s);
        tok->byte_token[b] = tokenizer_lookup(tok, s, n);
    }
}

static int compare_special(const void *a, const void *b, void *ctx)
{
    const tokenizer_t *tok = ctx;
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    if (tok->text_len[x] != tok->text_len[y]) return tok->text_len[x] > tok->text_len[y] ? -1 : 1;
    return x < y ? -1 : x > y;
}

static int build_specials(tokenizer_t *tok)
{
    size_t n = 0;
    for (int32_t i = 0; i < tok->n_vocab; i++) {
        uint8_t k = tok->kinds[i];
        n += (k == TOKEN_KIND_CONTROL || k == TOKEN_KIND_USER_DEFINED || k == TOKEN_KIND_UNKNOWN) &&
             tok->text_len[i] > 0;
    }
    tok->specials = malloc((n ? n : 1) * sizeof *tok->specials);
    if (!tok->specials) return TOKENIZER_ERR_NOMEM;
    for (int32_t i = 0; i < tok->n_vocab; i++) {
        uint8_t k = tok->kinds[i];
        if ((k == TOKEN_KIND_CONTROL || k == TOKEN_KIND_USER_DEFINED || k == TOKEN_KIND_UNKNOWN) &&
            tok->text_len[i] > 0)
            tok->specials[tok->n_specials++] = i;
    }
    qsort_r(tok->specials, tok->n_specials, sizeof *tok->specials, compare_special, tok);
    return 0;
}

/* An ASCII byte is a barrier when no token longer than one byte contains it. */
static void build_spm_barriers(tokenizer_t *tok)
{
    for (int b = 0; b < 128; b++) tok->spm_barrier[b] = true;
    for (int32_t i = 0; i < tok->n_vocab; i++) {
        size_t len;
        const char *text = tokenizer_text_of(tok, i, &len);
        if (len < 2) continue;
        for (size_t k = 0; k < len; k++)
            if ((uint8_t)text[k] < 128) tok->spm_barrier[(uint8_t)text[k]] = false;
    }
}

static int32_t find_first_token(const tokenizer_t *tok, const char *const *names)
{
    for (; *names; names++) {
        int32_t id = tokenizer_lookup(tok, *names, strlen(*names));
        if (id >= 0) return id;
    }
    return -1;
}

int tokenizer_from_gguf(tokenizer_t **out, const gguf_file_t *f, char *err, size_t err_size)
{
    *out = NULL;
    if (err && err_size) err[0] = '\0';
    const char *model;
    int rc = gguf_get_string(f, "tokenizer.ggml.model", &model, NULL);
    if (rc == GGUF_ERR_NOT_FOUND)
        return fail(err, err_size, TOKENIZER_ERR_FORMAT, f, "no tokenizer (tokenizer.ggml.model missing)");
    if (rc) return fail(err, err_size, TOKENIZER_ERR_FORMAT, f, "tokenizer.ggml.model is not a string");
    tokenizer_model_t kind;
    if (strcmp(model, "llama") == 0) kind = TOKENIZER_SPM;
    else if (strcmp(model, "gpt2") == 0) kind = TOKENIZER_BPE;
    else
        return fail(err, err_size, TOKENIZER_ERR_UNSUPPORTED, f,
                    "tokenizer model '%.64s' is not supported (assay supports 'llama' "
                    "SentencePiece and 'gpt2' byte-level BPE)", model);

    tokenizer_t *tok = calloc(1, sizeof *tok);
    if (!tok) return fail(err, err_size, TOKENIZER_ERR_NOMEM, f, "out of memory");
    tok->model = kind;
    const char *pre = "default";
    if (kind == TOKENIZER_SPM) pre = "llama";
    else if (gguf_get_string(f, "tokenizer.ggml.pre", &pre, NULL) == GGUF_ERR_TYPE) {
        tokenizer_free(tok);
        return fail(err, err_size, TOKENIZER_ERR_FORMAT, f, "tokenizer.ggml.pre is not a string");
    }
    if (!(tok->pre_name = strdup(pre))) {
        tokenizer_free(tok);
        return fail(err, err_size, TOKENIZER_ERR_NOMEM, f, "out of memory");
    }

    rc = load_tokens(tok, f, err, err_size);
    if (!rc) rc = read_token_id(f, "tokenizer.ggml.bos_token_id", tok->n_vocab, &tok->bos, err, err_size);
    if (!rc) rc = read_token_id(f, "tokenizer.ggml.eos_token_id", tok->n_vocab, &tok->eos, err, err_size);
    if (!rc) rc = read_token_id(f, "tokenizer.ggml.eot_token_id", tok->n_vocab, &tok->eot, err, err_size);
    if (!rc) rc = read_token_id(f, "tokenizer.ggml.padding_token_id", tok->n_vocab, &tok->pad, err, err_size);
    if (!rc) rc = read_token_id(f, "tokenizer.ggml.unknown_token_id", tok->n_vocab, &tok->unk, err, err_size);
    if (!rc) rc = read_flag(f, "tokenizer.ggml.add_bos_token", kind == TOKENIZER_SPM, &tok->add_bos, err, err_size);
    if (!rc) rc = read_flag(f, "tokenizer.ggml.add_eos_token", false, &tok->add_eos, err, err_size);
    if (!rc) rc = read_flag(f, "tokenizer.ggml.add_space_prefix", kind == TOKENIZER_SPM,
                            &tok->add_space_prefix, err, err_size);
    if (!rc && kind == TOKENIZER_BPE) rc = tokenizer_bpe_setup(tok, f, err, err_size);
    if (!rc && (build_token_bytes(tok) || build_specials(tok)))
        rc = fail(err, err_size, TOKENIZER_ERR_NOMEM, f, "out of memory");
    if (rc) {
        tokenizer_free(tok);
        return rc;
    }
    build_byte_tokens(tok);
    if (kind == TOKENIZER_SPM) build_spm_barriers(tok);
    if (tok->eot < 0) {
        static const char *const turn_ends[] = {"<|im_end|>", "<|eot_id|>", "<|end|>", "<end_of_turn>", NULL};
        tok->eot = find_first_token(tok, turn_ends);
    }
    const char *tmpl;
    if (gguf_get_string(f, "tokenizer.chat_template", &tmpl, NULL) == 0 &&
        !(tok->chat_template = strdup(tmpl))) {
        tokenizer_free(tok);
        return fail(err, err_size, TOKENIZER_ERR_NOMEM, f, "out of memory");
    }
    *out = tok;
    return 0;
}

void tokenizer_free(tokenizer_t *tok)
{
    if (!tok) return;
    tokenizer_bpe_cleanup(tok);
    free(tok->pre_name);
    free(tok->text_blob);
    free(tok->text_offset);
    free(tok->text_len);
    free(tok->bytes_blob);
    free(tok->bytes_offset);
    free(tok->bytes_len);
    free(tok->scores);
    free(tok->kinds);
    free(tok->vocab_slots);
    free(tok->specials);
    free(tok->chat_template);
    free(tok);
}

/* ---- encoding ------------------------------------------------------------------------ */

/* A piece of the input: plain text [start, start+len), or a special token. */
typedef struct {
    size_t start, len;
    int32_t token; /* -1 for text */
} fragment_t;

typedef struct {
    fragment_t *items;
    size_t count, cap;
} fragment_list_t;

static int fragments_insert(fragment_list_t *l, size_t at, fragment_t frag)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        fragment_t *items = realloc(l->items, cap * sizeof *items);
        if (!items) return TOKENIZER_ERR_NOMEM;
        l->items = items;
        l->cap = cap;
    }
    memmove(&l->items[at + 1], &l->items[at], (l->count - at) * sizeof *l->items);
    l->items[at] = frag;
    l->count++;
    return 0;
}

/* Cuts every occurrence of the matchable special tokens out of the text fragments, longest
 * token first (llama.cpp's tokenizer_st_partition). */
static int partition_specials(const tokenizer_t *tok, const char *text, bool parse_special,
                              fragment_list_t *l)
{
    for (size_t s = 0; s < tok->n_specials; s++) {
        int32_t id = tok->specials[s];
        if (!parse_special && tok->kinds[id] != TOKEN_KIND_USER_DEFINED) continue;
        size_t slen;
        const char *stext = tokenizer_text_of(tok, id, &slen);
        for (size_t i = 0; i < l->count; i++) {
            fragment_t fr = l->items[i];
            if (fr.token >= 0 || fr.len < slen) continue;
            const char *hit = memmem(text + fr.start, fr.len, stext, slen);
            if (!hit) continue;
            size_t at = (size_t)(hit - text);
            /* split into [before] [token] [after]; the after part is searched next */
            size_t before = at - fr.start, after = fr.start + fr.len - (at + slen);
            size_t k = i;
            if (before > 0) {
                l->items[k].len = before;
                k++;
            } else {
                l->count--;
                memmove(&l->items[k], &l->items[k + 1], (l->count - k) * sizeof *l->items);
            }
            int rc = fragments_insert(l, k, (fragment_t){at, slen, id});
            if (rc) return rc;
            if (after > 0) {
                rc = fragments_insert(l, k + 1, (fragment_t){at + slen, after, -1});
                if (rc) return rc;
            }
            i = k; /* continue with the fragment after the token */
        }
    }
    return 0;
}

int tokenizer_encode(const tokenizer_t *tok, const char *text, size_t len, bool add_bos,
                     bool parse_special, int32_t **ids, size_t *count, char *err,
                     size_t err_size)
{
    *ids = NULL;
    *count = 0;
    if (err && err_size) err[0] = '\0';
    if (!text && len) return fail(err, err_size, TOKENIZER_ERR_ARG, NULL, "NULL text");
    if (len > INT32_MAX)
        return fail(err, err_size, TOKENIZER_ERR_ARG, NULL, "text of %zu bytes is too long to encode "
                    "(limit 2 GiB)", len);
    token_list_t out = {0};
    fragment_list_t frags = {0};
    pcre2_match_data *md = NULL;
    int rc = 0;
    if (add_bos && tok->bos >= 0) rc = token_list_push(&out, tok->bos);
    if (!rc && len > 0) {
        rc = fragments_insert(&frags, 0, (fragment_t){0, len, -1});
        if (!rc) rc = partition_specials(tok, text, parse_special, &frags);
    }
    if (!rc && tok->model == TOKENIZER_BPE && frags.count > 0) {
        md = pcre2_match_data_create(4, NULL);
        if (!md) rc = TOKENIZER_ERR_NOMEM;
    }
    bool prev_special = true; /* SPM: a space is prefixed at the start and after specials */
    for (size_t i = 0; i < frags.count && !rc; i++) {
        const fragment_t *fr = &frags.items[i];
        if (fr->token >= 0) {
            rc = token_list_push(&out, fr->token);
            prev_special = true;
            continue;
        }
        if (tok->model == TOKENIZER_SPM) {
            if (tok->add_space_prefix && prev_special) {
                char *spaced = malloc(fr->len + 1);
                if (!spaced) {
                    rc = TOKENIZER_ERR_NOMEM;
                    break;
                }
                spaced[0] = ' ';
                memcpy(spaced + 1, text + fr->start, fr->len);
                rc = tokenizer_spm_encode(tok, spaced, fr->len + 1, &out);
                free(spaced);
            } else {
                rc = tokenizer_spm_encode(tok, text + fr->start, fr->len, &out);
            }
        } else {
            rc = tokenizer_bpe_encode(tok, text + fr->start, fr->len, md, &out, err, err_size);
        }
        prev_special = false;
    }
    pcre2_match_data_free(md);
    free(frags.items);
    if (!rc && !out.ids && !(out.ids = malloc(sizeof *out.ids))) rc = TOKENIZER_ERR_NOMEM;
    if (rc) {
        free(out.ids);
        if (rc == TOKENIZER_ERR_NOMEM) return fail(err, err_size, rc, NULL, "out of memory while encoding");
        return rc; /* the encoder wrote the message */
    }
    *ids = out.ids;
    *count = out.count;
    return 0;
}

/* ---- decoding and accessors ---------------------------------------------------------- */

int tokenizer_token_bytes(const tokenizer_t *tok, int32_t id, const char **bytes, size_t *len)
{
    if (id < 0 || id >= tok->n_vocab) return TOKENIZER_ERR_ARG;
    *bytes = tok->bytes_blob + tok->bytes_offset[id];
    *len = tok->bytes_len[id];
    return 0;
}

int tokenizer_token_text(const tokenizer_t *tok, int32_t id, const char **text, size_t *len)
{
    if (id < 0 || id >= tok->n_vocab) return TOKENIZER_ERR_ARG;
    *text = tokenizer_text_of(tok, id, len);
    return 0;
}

int tokenizer_decode(const tokenizer_t *tok, const int32_t *ids, size_t count, char **text,
                     size_t *len)
{
    *text = NULL;
    *len = 0;
    size_t total = 0;
    for (size_t i = 0; i < count; i++) {
        if (ids[i] < 0 || ids[i] >= tok->n_vocab) return TOKENIZER_ERR_ARG;
        total += tok->bytes_len[ids[i]];
    }
    char *s = malloc(total + 1);
    if (!s) return TOKENIZER_ERR_NOMEM;
    size_t n = 0;
    for (size_t i = 0; i < count; i++) {
        memcpy(s + n, tok->bytes_blob + tok->bytes_offset[ids[i]], tok->bytes_len[ids[i]]);
        n += tok->bytes_len[ids[i]];
    }
    if (tok->model == TOKENIZER_SPM && tok->add_space_prefix && n > 0 && s[0] == ' ') {
        memmove(s, s + 1, n - 1);
        n--;
    }
    s[n] = '\0';
    *text = s;
    *len = n;
    return 0;
}

token_kind_t tokenizer_token_kind(const tokenizer_t *tok, int32_t id)
{
    if (id < 0 || id >= tok->n_vocab) return (token_kind_t)0;
    return (token_kind_t)tok->kinds[id];
}

int32_t tokenizer_token_id(const tokenizer_t *tok, const char *text, size_t len)
{
    return tokenizer_lookup(tok, text, len);
}

int32_t tokenizer_vocab_size(const tokenizer_t *tok) { return tok->n_vocab; }
tokenizer_model_t tokenizer_model(const tokenizer_t *tok) { return tok->model; }
const char *tokenizer_pre_name(const tokenizer_t *tok) { return tok->pre_name; }
int32_t tokenizer_bos(const tokenizer_t *tok) { return tok->bos; }
int32_t tokenizer_eos(const tokenizer_t *tok) { return tok->eos; }
int32_t tokenizer_eot(const tokenizer_t *tok) { return tok->eot; }
int32_t tokenizer_pad(const tokenizer_t *tok) { return tok->pad; }
bool tokenizer_add_bos_default(const tokenizer_t *tok) { return tok->add_bos; }
bool tokenizer_add_eos_default(const tokenizer_t *tok) { return tok->add_eos; }
const char *tokenizer_chat_template(const tokenizer_t *tok) { return tok->chat_template; }

bool tokenizer_is_end_of_generation(const tokenizer_t *tok, int32_t id)
{
    return id >= 0 && (id == tok->eos || id == tok->eot);
}
