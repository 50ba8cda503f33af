/* vocab_hf.c — a grammar vocabulary straight from a Hugging Face tokenizer.json
 * (byte-level BPE: GPT-2, SmolLM, Qwen, Llama 3), without the model engine.
 *
 * Byte-level BPE spells every byte as a printable code point (GPT-2's bytes_to_unicode:
 * printable Latin-1 bytes stand for themselves, the other 68 bytes become U+0100..U+0143
 * in byte order); reading a token back means mapping each code point of its text to its
 * byte. Added tokens marked "special" are control tokens; <|endoftext|>, <|im_end|>,
 * <|eot_id|>, </s> and <|end|> are the end-of-sequence ids when present. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/grammar_impl.h"

/* code point -> byte for byte-level BPE, -1 when the code point is not one of the 256 */
static int byte_of_codepoint(uint32_t cp)
{
    if ((cp >= 33 && cp <= 126) || (cp >= 161 && cp <= 172) || (cp >= 174 && cp <= 255)) return (int)cp;
    if (cp < 256 || cp > 256 + 67) return -1;
    /* the k-th byte outside the printable sets maps to 256 + k */
    int k = (int)(cp - 256);
    for (int b = 0; b < 256; b++) {
        bool printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
        if (printable) continue;
        if (k-- == 0) return b;
    }
    return -1;
}

static int decode_token(const char *text, char *out, uint32_t *out_len)
{
    utf8_state_t u = {0, 0};
    uint32_t n = 0, cp;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        int r = utf8_feed(&u, *p, &cp);
        if (r < 0) return -1;
        if (r == 0) continue;
        int b = byte_of_codepoint(cp);
        if (b < 0) return -1;
        out[n++] = (char)b;
    }
    if (u.remaining) return -1;
    *out_len = n;
    return 0;
}

static bool is_eos_name(const char *s)
{
    static const char *const names[] = {"<|endoftext|>", "<|im_end|>", "<|eot_id|>", "</s>", "<|end|>", NULL};
    for (const char *const *n = names; *n; n++)
        if (strcmp(*n, s) == 0) return true;
    return false;
}

int grammar_vocab_from_hf_json(grammar_vocab_t **out, const char *path, size_t pad_to, uint64_t seed,
                               char *err, size_t err_size)
{
    *out = NULL;
    json_error_t je;
    json_t *doc = json_load_file(path, 0, &je);
    if (!doc) {
        if (err && err_size) snprintf(err, err_size, "%s:%d:%d: %s", path, je.line, je.column, je.text);
        return GRAMMAR_ERR_SYNTAX;
    }
    json_t *vocab = json_object_get(json_object_get(doc, "model"), "vocab");
    json_t *added = json_object_get(doc, "added_tokens");
    if (!json_is_object(vocab)) {
        if (err && err_size) snprintf(err, err_size, "%s: no model.vocab object (not a byte-level BPE tokenizer.json)", path);
        json_decref(doc);
        return GRAMMAR_ERR_SYNTAX;
    }
    /* size: the largest id in model.vocab + 1 (added tokens past it are ignored, like a
     * fine-tuner's [PAD] appended after the model's embedding rows) */
    size_t n = 0;
    const char *key;
    json_t *val;
    json_object_foreach(vocab, key, val) {
        if (!json_is_integer(val) || json_integer_value(val) < 0 || json_integer_value(val) > 10000000) {
            if (err && err_size) snprintf(err, err_size, "%s: token '%s' has a bad id", path, key);
            json_decref(doc);
            return GRAMMAR_ERR_SYNTAX;
        }
        if ((size_t)json_integer_value(val) + 1 > n) n = (size_t)json_integer_value(val) + 1;
    }
    size_t total = pad_to > n ? pad_to : n;
    char **bytes = calloc(total, sizeof *bytes);
    uint32_t *lens = calloc(total, sizeof *lens);
    uint8_t *special = calloc(total, 1);
    uint32_t eos[8];
    size_t n_eos = 0;
    int rc = 0;
    if (!bytes || !lens || !special) rc = GRAMMAR_ERR_NOMEM;
    json_object_foreach(vocab, key, val) {
        if (rc) break;
        size_t id = (size_t)json_integer_value(val);
        char *b = malloc(strlen(key) + 1);
        if (!b) { rc = GRAMMAR_ERR_NOMEM; break; }
        if (decode_token(key, b, &lens[id]) < 0) {
            /* not byte-level text: keep the UTF-8 as is (a plain added word) */
            memcpy(b, key, strlen(key));
            lens[id] = (uint32_t)strlen(key);
        }
        free(bytes[id]);
        bytes[id] = b;
    }
    size_t i;
    json_array_foreach(added, i, val) {
        if (rc) break;
        json_t *idv = json_object_get(val, "id");
        const char *content = json_string_value(json_object_get(val, "content"));
        if (!json_is_integer(idv) || !content) continue;
        size_t id = (size_t)json_integer_value(idv);
        if (id >= n) continue;
        if (json_is_true(json_object_get(val, "special"))) {
            special[id] = 1;
            if (is_eos_name(content) && n_eos < 8) eos[n_eos++] = (uint32_t)id;
        }
        if (!bytes[id]) {
            bytes[id] = strdup(content);
            if (!bytes[id]) rc = GRAMMAR_ERR_NOMEM;
            else lens[id] = (uint32_t)strlen(content);
        }
    }
    /* synthetic tokens: two ordinary tokens glued, at most 24 bytes */
    uint64_t s = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    for (size_t t = n; t < total && !rc; t++) {
        size_t a, b;
        do {
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            a = (size_t)((s >> 33) % n);
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            b = (size_t)((s >> 33) % n);
        } while (special[a] || special[b] || !bytes[a] || !bytes[b] || lens[a] + lens[b] > 24);
        bytes[t] = malloc(lens[a] + lens[b] + 1);
        if (!bytes[t]) { rc = GRAMMAR_ERR_NOMEM; break; }
        memcpy(bytes[t], bytes[a], lens[a]);
        memcpy(bytes[t] + lens[a], bytes[b], lens[b]);
        lens[t] = lens[a] + lens[b];
    }
    for (size_t t = 0; t < total && !rc; t++)
        if (!bytes[t]) special[t] = 1; /* a hole in the ids: never allowed */
    if (!rc)
        rc = grammar_vocab_new(out, total, (const char *const *)bytes, lens, special, eos, n_eos, err, err_size);
    else if (err && err_size)
        snprintf(err, err_size, "%s: out of memory", path);
    for (size_t t = 0; bytes && t < total; t++) free(bytes[t]);
    free(bytes);
    free(lens);
    free(special);
    json_decref(doc);
    return rc;
}
