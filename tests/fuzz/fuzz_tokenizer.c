/* fuzz_tokenizer.c — libFuzzer harness: the tokenizers (slm/tokenizer.h) on vocabulary
 * data and text, through a GGUF built in memory (gguf_writer_write_memory).
 *
 * The input is read as lines:
 *   line 1:  flags, its first byte's bits: 0 model "gpt2" (else "llama"), 1-3 the
 *            pre-tokenizer name (one of the families, an unknown one, or none), 4
 *            add_space_prefix false, 5 add BOS when encoding, 6 parse special tokens, 7 name
 *            BOS/EOS/unknown token ids (taken from the next bytes of the line);
 *   then the vocabulary, one token per line up to an empty line ("K|text" gives the token
 *            kind K, a digit, else normal), at most 4096 tokens;
 *   then the merges ("a b", byte-level BPE only) up to the next empty line;
 *   the rest is the text to encode.
 * Text encoded is decoded again; every id's bytes and text are looked up. A vocabulary the
 * tokenizer refuses ends the input. Nothing is printed; everything is freed. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "slm/gguf.h"
#include "slm/tokenizer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_TOKENS 4096

static const char *const pre_names[8] = {"gpt-2", "smollm", "llama-bpe", "qwen2", "default",
                                         "klingon", NULL, NULL};

typedef struct {
    const char *text[MAX_TOKENS];
    size_t len[MAX_TOKENS];
    size_t count;
} lines_t;

/* Reads lines from *at up to an empty line (consumed) or the end, into out. */
static void read_block(const char **at, const char *end, lines_t *out)
{
    out->count = 0;
    while (*at < end) {
        const char *nl = memchr(*at, '\n', (size_t)(end - *at));
        const char *stop = nl ? nl : end;
        size_t len = (size_t)(stop - *at);
        const char *line = *at;
        *at = nl ? nl + 1 : end;
        if (len == 0) break;
        if (out->count < MAX_TOKENS) {
            out->text[out->count] = line;
            out->len[out->count++] = len;
        }
    }
}

static void exercise(const tokenizer_t *tok, const char *text, size_t len, bool add_bos,
                     bool special)
{
    int32_t *ids = NULL;
    size_t count = 0;
    char err[256];
    if (tokenizer_encode(tok, text, len, add_bos, special, &ids, &count, err, sizeof err) == 0) {
        char *back = NULL;
        size_t back_len = 0;
        if (tokenizer_decode(tok, ids, count, &back, &back_len) != 0) abort(); /* its own ids */
        free(back);
        for (size_t i = 0; i < count; i++) {
            const char *b;
            size_t n;
            if (tokenizer_token_bytes(tok, ids[i], &b, &n) != 0) abort();
            if (tokenizer_token_text(tok, ids[i], &b, &n) != 0) abort();
            if (tokenizer_token_id(tok, b, n) < 0) abort(); /* a token's text names a token */
        }
    }
    free(ids);
    (void)tokenizer_is_end_of_generation(tok, tokenizer_eos(tok));
    (void)tokenizer_eot(tok);
    (void)tokenizer_chat_template(tok);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    const char *at = (const char *)data, *end = at + size;
    const char *nl = memchr(at, '\n', size);
    if (!nl) return 0;
    const uint8_t *flags = data;
    size_t flags_len = (size_t)(nl - at);
    at = nl + 1;

    static lines_t vocab, merges; /* large: kept off the stack; rewritten per input */
    read_block(&at, end, &vocab);
    read_block(&at, end, &merges);
    if (vocab.count == 0) return 0;

    gguf_writer_t *w = NULL;
    if (gguf_writer_new(&w) != 0) return 0;
    bool bpe = flags[0] & 1;
    gguf_writer_set_string(w, "tokenizer.ggml.model", bpe ? "gpt2" : "llama");
    const char *pre = pre_names[(flags[0] >> 1) & 7];
    if (pre) gguf_writer_set_string(w, "tokenizer.ggml.pre", pre);
    if (flags[0] & 16) gguf_writer_set_bool(w, "tokenizer.ggml.add_space_prefix", false);
    if (flags[0] & 128 && flags_len >= 4) {
        gguf_writer_set_u32(w, "tokenizer.ggml.bos_token_id", flags[1]);
        gguf_writer_set_u32(w, "tokenizer.ggml.eos_token_id", flags[2]);
        gguf_writer_set_u32(w, "tokenizer.ggml.unknown_token_id", flags[3]);
    }

    static const char *strings[MAX_TOKENS];
    static size_t lens[MAX_TOKENS];
    static float scores[MAX_TOKENS];
    static int32_t kinds[MAX_TOKENS];
    for (size_t i = 0; i < vocab.count; i++) {
        const char *t = vocab.text[i];
        size_t n = vocab.len[i];
        kinds[i] = TOKEN_KIND_NORMAL;
        if (n >= 2 && t[1] == '|' && t[0] >= '0' && t[0] <= '9') {
            kinds[i] = t[0] - '0';
            t += 2;
            n -= 2;
        }
        strings[i] = t;
        lens[i] = n;
        scores[i] = -(float)i;
    }
    gguf_writer_set_string_array(w, "tokenizer.ggml.tokens", strings, lens, vocab.count);
    gguf_writer_set_array(w, "tokenizer.ggml.token_type", GGUF_TYPE_INT32, kinds, vocab.count);
    if (!bpe) gguf_writer_set_array(w, "tokenizer.ggml.scores", GGUF_TYPE_FLOAT32, scores, vocab.count);
    if (merges.count)
        gguf_writer_set_string_array(w, "tokenizer.ggml.merges", merges.text, merges.len, merges.count);

    void *image = NULL;
    size_t image_size = 0;
    char err[512];
    int rc = gguf_writer_write_memory(w, &image, &image_size, err, sizeof err);
    gguf_writer_free(w);
    if (rc != 0) return 0;
    gguf_file_t *f = NULL;
    tokenizer_t *tok = NULL;
    if (gguf_open_memory(&f, image, image_size, "vocab.gguf", err, sizeof err) != 0) abort(); /* we wrote it */
    if (tokenizer_from_gguf(&tok, f, err, sizeof err) == 0) {
        exercise(tok, at, (size_t)(end - at), flags[0] & 32, flags[0] & 64);
        tokenizer_free(tok);
    }
    gguf_close(f);
    free(image);
    return 0;
}
