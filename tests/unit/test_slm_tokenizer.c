/* test_slm_tokenizer.c — the tokenizers against llama.cpp's test vectors (every vector of
 * gpt-2, llama-spm, starcoder must match exactly, with the llama.cpp harness conventions:
 * no BOS, no special-token parsing), decoding round trips, token bytes, special tokens,
 * metadata errors, concurrency and speed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "slm/gguf.h"
#include "slm/tokenizer.h"
#include "core/utf8.h"
#include "slm/unicode.h"
#include "tests/unit/helpers/shared_files.h"

typedef struct {
    gguf_file_t *file;
    tokenizer_t *tok;
} loaded_t;

/* Loads the shared file rel; -1 (with the skip reason printed) when the shared folder
 * does not have it. */
/* The speed bounds below are for an optimised build; the sanitizer build (make SAN=1,
 * which CI runs) is several times slower, so it gets room rather than a flaky failure. */
#if defined(__SANITIZE_ADDRESS__)
#define SPEED_SLACK 20.0
#else
#define SPEED_SLACK 1.0
#endif

static int load_shared(loaded_t *l, const char *rel)
{
    char err[512], path[512];
    if (!shared_file(path, sizeof path, rel)) return -1;
    if (gguf_open(&l->file, path, err, sizeof err) != 0) fail_msg("%s", err);
    if (tokenizer_from_gguf(&l->tok, l->file, err, sizeof err) != 0) fail_msg("%s", err);
    return 0;
}

static int load_vocab(loaded_t *l, const char *name)
{
    char rel[128];
    snprintf(rel, sizeof rel, "vocab/ggml-vocab-%s.gguf", name);
    return load_shared(l, rel);
}

static void unload(loaded_t *l)
{
    tokenizer_free(l->tok);
    gguf_close(l->file);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    rewind(fp);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
    buf[n] = '\0';
    fclose(fp);
    *len = (size_t)n;
    return buf;
}

static void encode(const tokenizer_t *tok, const char *text, size_t len, bool bos, bool special,
                   int32_t **ids, size_t *count)
{
    char err[256];
    if (tokenizer_encode(tok, text, len, bos, special, ids, count, err, sizeof err) != 0)
        fail_msg("encode failed: %s", err);
}

static void assert_round_trip(const tokenizer_t *tok, const char *text, size_t len)
{
    int32_t *ids;
    size_t count;
    encode(tok, text, len, false, false, &ids, &count);
    char *back;
    size_t back_len;
    assert_int_equal(tokenizer_decode(tok, ids, count, &back, &back_len), 0);
    if (back_len != len || memcmp(back, text, len) != 0)
        fail_msg("round trip of '%.*s' gave '%s'", (int)len, text, back);
    free(back);
    free(ids);
}

/* Runs NAME.gguf.inp/.out the way llama.cpp's test-tokenizer-0 does: inputs separated by
 * "\n__ggml_vocab_test__\n", one line of expected ids per input, encoded without BOS and
 * without parsing special tokens. Every decoded result must also give back the input. */
static void run_vectors(const char *name)
{
    loaded_t l;
    if (load_vocab(&l, name) != 0) skip();
    char path[512], rel[128];
    size_t inp_len, out_len;
    snprintf(rel, sizeof rel, "vocab/ggml-vocab-%s.gguf.inp", name);
    char *inp = slurp(shared_path(path, sizeof path, rel), &inp_len);
    snprintf(rel, sizeof rel, "vocab/ggml-vocab-%s.gguf.out", name);
    char *out = slurp(shared_path(path, sizeof path, rel), &out_len);
    assert_non_null(inp);
    assert_non_null(out);
    const char *sep = "\n__ggml_vocab_test__\n";
    size_t pos = 0, n_tests = 0, n_failed = 0;
    char *line = out;
    while (pos < inp_len) {
        const char *next = strstr(inp + pos, sep);
        size_t end = next ? (size_t)(next - inp) : inp_len;
        char *eol = strchr(line, '\n');
        assert_non_null(eol);
        *eol = '\0';
        int32_t expected[512];
        size_t n_expected = 0;
        for (char *p = line; *p;) {
            char *stop;
            long v = strtol(p, &stop, 10);
            if (stop == p) break;
            assert_true(n_expected < 512);
            expected[n_expected++] = (int32_t)v;
            p = stop;
        }
        int32_t *ids;
        size_t count;
        encode(l.tok, inp + pos, end - pos, false, false, &ids, &count);
        if (count != n_expected || memcmp(ids, expected, count * sizeof *ids) != 0) {
            n_failed++;
            print_error("%s: vector %zu '%.*s': expected %zu ids, got %zu:", name, n_tests,
                        (int)(end - pos), inp + pos, n_expected, count);
            for (size_t i = 0; i < count; i++) print_error(" %d", ids[i]);
            print_error("\n");
        }
        free(ids);
        assert_round_trip(l.tok, inp + pos, end - pos);
        n_tests++;
        line = eol + 1;
        if (!next) break;
        pos = end + strlen(sep);
    }
    assert_true(n_tests >= 40);
    assert_int_equal(n_failed, 0);
    free(inp);
    free(out);
    unload(&l);
}

static void test_vectors_gpt2(void **state) { (void)state; run_vectors("gpt-2"); }
static void test_vectors_llama_spm(void **state) { (void)state; run_vectors("llama-spm"); }
static void test_vectors_starcoder(void **state) { (void)state; run_vectors("starcoder"); }

static void assert_bytes(const tokenizer_t *tok, const char *token_text, const char *want, size_t want_len)
{
    int32_t id = tokenizer_token_id(tok, token_text, strlen(token_text));
    if (id < 0) fail_msg("token '%s' not in the vocabulary", token_text);
    const char *bytes;
    size_t len;
    assert_int_equal(tokenizer_token_bytes(tok, id, &bytes, &len), 0);
    if (len != want_len || memcmp(bytes, want, len) != 0)
        fail_msg("token '%s' decodes to '%.*s'", token_text, (int)len, bytes);
}

static void test_spm_token_bytes_and_specials(void **state)
{
    (void)state;
    loaded_t l;
    if (load_vocab(&l, "llama-spm") != 0) skip();
    const tokenizer_t *t = l.tok;
    assert_int_equal(tokenizer_model(t), TOKENIZER_SPM);
    assert_int_equal(tokenizer_vocab_size(t), 32000);
    assert_int_equal(tokenizer_bos(t), 1);
    assert_int_equal(tokenizer_eos(t), 2);
    assert_true(tokenizer_add_bos_default(t));
    assert_true(tokenizer_is_end_of_generation(t, 2));
    assert_false(tokenizer_is_end_of_generation(t, 3));
    assert_bytes(t, "\xe2\x96\x81the", " the", 4);
    assert_bytes(t, "<0x0A>", "\n", 1);
    assert_bytes(t, "<0x00>", "\0", 1);
    assert_bytes(t, "<0xFF>", "\xff", 1);
    assert_bytes(t, "</s>", "", 0);
    assert_int_equal(tokenizer_token_kind(t, 1), TOKEN_KIND_CONTROL);
    assert_int_equal(tokenizer_token_kind(t, tokenizer_token_id(t, "<0x0A>", 6)), TOKEN_KIND_BYTE);
    assert_int_equal(tokenizer_token_kind(t, 32000), 0);
    const char *b;
    size_t n;
    assert_int_equal(tokenizer_token_bytes(t, 32000, &b, &n), TOKENIZER_ERR_ARG);
    assert_int_equal(tokenizer_token_bytes(t, -1, &b, &n), TOKENIZER_ERR_ARG);

    int32_t *ids;
    size_t count;
    /* BOS only when asked; an empty text is empty */
    encode(t, "", 0, false, false, &ids, &count);
    assert_int_equal(count, 0);
    assert_non_null(ids);
    free(ids);
    encode(t, "", 0, true, false, &ids, &count);
    assert_int_equal(count, 1);
    assert_int_equal(ids[0], 1);
    free(ids);
    /* "<s>" in text is a control token only with parse_special */
    encode(t, "<s>Hi", 5, false, true, &ids, &count);
    assert_true(count >= 2);
    assert_int_equal(ids[0], 1);
    free(ids);
    encode(t, "<s>Hi", 5, false, false, &ids, &count);
    assert_true(count >= 3);
    assert_int_not_equal(ids[0], 1);
    free(ids);
    /* a newline is a byte token; decode gives it back */
    encode(t, "a\nb", 3, false, false, &ids, &count);
    int has_newline = 0;
    for (size_t i = 0; i < count; i++) has_newline |= ids[i] == tokenizer_token_id(t, "<0x0A>", 6);
    assert_true(has_newline);
    free(ids);
    unload(&l);
}

static void test_bpe_token_bytes_and_specials(void **state)
{
    (void)state;
    loaded_t l;
    if (load_vocab(&l, "gpt-2") != 0) skip();
    const tokenizer_t *t = l.tok;
    assert_int_equal(tokenizer_model(t), TOKENIZER_BPE);
    assert_string_equal(tokenizer_pre_name(t), "gpt-2");
    assert_int_equal(tokenizer_vocab_size(t), 50257);
    assert_bytes(t, "\xc4\xa0the", " the", 4);       /* Ġthe */
    assert_bytes(t, "\xc4\x8a", "\n", 1);            /* Ċ */
    assert_bytes(t, "\xc3\xa9", "\xe9", 1);          /* é stands for byte 0xE9 */
    assert_bytes(t, "<|endoftext|>", "", 0);
    assert_int_equal(tokenizer_token_kind(t, 50256), TOKEN_KIND_CONTROL);

    int32_t *ids;
    size_t count;
    const char *text = "Hello<|endoftext|> world";
    encode(t, text, strlen(text), false, true, &ids, &count);
    int found = 0;
    for (size_t i = 0; i < count; i++) found += ids[i] == 50256;
    assert_int_equal(found, 1);
    free(ids);
    encode(t, text, strlen(text), false, false, &ids, &count);
    for (size_t i = 0; i < count; i++) assert_int_not_equal(ids[i], 50256);
    free(ids);
    /* BPE: add_bos prepends the BOS id named in the file */
    encode(t, "x", 1, true, false, &ids, &count);
    assert_int_equal(ids[0], 50256);
    free(ids);
    unload(&l);
}

#define LITERAL(s) {s, sizeof(s) - 1}

/* Every byte sequence survives encode -> decode, including invalid UTF-8. */
static void test_round_trip_odd_input(void **state)
{
    (void)state;
    static const char *const names[] = {"gpt-2", "starcoder", "llama-spm"};
    static const struct {
        const char *s;
        size_t len;
    } inputs[] = {
        LITERAL("int main(void) { return 0; }\n"),
        LITERAL("\xc3 invalid \xc3( utf8 \xe2\x82"),
        LITERAL("\x80\xbf lone continuation bytes \xed\xa0\x80 surrogate"),
        LITERAL("tab\there\r\n\r\nwindows"),
        LITERAL("emoji \xf0\x9f\xa6\x99 and \xe4\xbd\xa0\xe5\xa5\xbd"),
        LITERAL("nul\0byte"),
        LITERAL("      \n\n\n   "),
    };
    for (size_t v = 0; v < 3; v++) {
        loaded_t l;
        if (load_vocab(&l, names[v]) != 0) skip();
        for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++)
            assert_round_trip(l.tok, inputs[i].s, inputs[i].len);
        /* bytes that never occur in UTF-8 (0xF8-0xFF) round-trip when the vocabulary has
         * them: GPT-2's has all 256 byte tokens, Llama's all 256 <0xXX> (StarCoder's lacks
         * some, and llama.cpp drops those bytes too) */
        if (v != 1) assert_round_trip(l.tok, "\xff\xfe\xf8 x\xff", 6);
        unload(&l);
    }
}

/* The tiny random Llama-2 model carries the real 32k vocabulary: same ids as llama-spm. */
static void test_model_vocab_matches_vocab_file(void **state)
{
    (void)state;
    loaded_t a, b;
    if (load_shared(&a, "models/llama-2-tiny-random.gguf") != 0) skip();
    if (load_vocab(&b, "llama-spm") != 0) { unload(&a); skip(); }
    const char *text = "static int parse(const char *s) { return s[0] == '#'; } // H\xc3\xa9llo 42";
    int32_t *x, *y;
    size_t nx, ny;
    encode(a.tok, text, strlen(text), true, false, &x, &nx);
    encode(b.tok, text, strlen(text), true, false, &y, &ny);
    assert_int_equal(nx, ny);
    assert_memory_equal(x, y, nx * sizeof *x);
    free(x);
    free(y);
    unload(&a);
    unload(&b);

    if (load_shared(&a, "models/stories260K.gguf") != 0) skip();
    assert_int_equal(tokenizer_vocab_size(a.tok), 512);
    encode(a.tok, "Once upon a time", 16, true, false, &x, &nx);
    assert_int_equal(x[0], 1);
    assert_true(nx >= 3 && nx <= 10);
    char *back;
    size_t back_len;
    assert_int_equal(tokenizer_decode(a.tok, x, nx, &back, &back_len), 0);
    assert_string_equal(back, "Once upon a time");
    free(back);
    free(x);
    unload(&a);
}

/* ---- metadata errors ----------------------------------------------------------------- */

static int open_built(gguf_writer_t *w, gguf_file_t **f, void **buf)
{
    size_t size;
    char err[256];
    assert_int_equal(gguf_writer_write_memory(w, buf, &size, err, sizeof err), 0);
    gguf_writer_free(w);
    return gguf_open_memory(f, *buf, size, "vocab.gguf", err, sizeof err);
}

static void expect_tokenizer_error(gguf_writer_t *w, int code, const char *fragment)
{
    gguf_file_t *f;
    void *buf;
    assert_int_equal(open_built(w, &f, &buf), 0);
    tokenizer_t *tok = (tokenizer_t *)1;
    char err[512];
    int rc = tokenizer_from_gguf(&tok, f, err, sizeof err);
    if (rc != code || !strstr(err, "vocab.gguf: ") || !strstr(err, fragment))
        fail_msg("rc %d (want %d): '%s' (want '%s')", rc, code, err, fragment);
    assert_null(tok);
    gguf_close(f);
    free(buf);
}

static gguf_writer_t *tiny_bpe(void)
{
    gguf_writer_t *w;
    assert_int_equal(gguf_writer_new(&w), 0);
    const char *tokens[] = {"a", "b", "ab", "<|x|>"};
    int32_t types[] = {1, 1, 1, 3};
    const char *merges[] = {"a b"};
    gguf_writer_set_string(w, "tokenizer.ggml.model", "gpt2");
    gguf_writer_set_string(w, "tokenizer.ggml.pre", "gpt-2");
    gguf_writer_set_string_array(w, "tokenizer.ggml.tokens", tokens, NULL, 4);
    gguf_writer_set_array(w, "tokenizer.ggml.token_type", GGUF_TYPE_INT32, types, 4);
    gguf_writer_set_string_array(w, "tokenizer.ggml.merges", merges, NULL, 1);
    return w;
}

static void test_metadata_errors(void **state)
{
    (void)state;
    gguf_writer_t *w;
    assert_int_equal(gguf_writer_new(&w), 0);
    gguf_writer_set_string(w, "general.architecture", "llama");
    expect_tokenizer_error(w, TOKENIZER_ERR_FORMAT, "tokenizer.ggml.model missing");

    w = tiny_bpe();
    gguf_writer_set_string(w, "tokenizer.ggml.model", "bert");
    expect_tokenizer_error(w, TOKENIZER_ERR_UNSUPPORTED, "tokenizer model 'bert' is not supported");

    w = tiny_bpe();
    gguf_writer_set_string(w, "tokenizer.ggml.pre", "klingon");
    expect_tokenizer_error(w, TOKENIZER_ERR_UNSUPPORTED, "pre-tokenizer 'klingon' is not supported");

    w = tiny_bpe();
    float scores[3] = {0};
    gguf_writer_set_array(w, "tokenizer.ggml.scores", GGUF_TYPE_FLOAT32, scores, 3);
    expect_tokenizer_error(w, TOKENIZER_ERR_FORMAT, "tokenizer.ggml.scores has 3 numbers");

    w = tiny_bpe();
    int32_t types[2] = {1, 1};
    gguf_writer_set_array(w, "tokenizer.ggml.token_type", GGUF_TYPE_INT32, types, 2);
    expect_tokenizer_error(w, TOKENIZER_ERR_FORMAT, "tokenizer.ggml.token_type has 2 integers");

    w = tiny_bpe();
    const char *bad[] = {"ab"};
    gguf_writer_set_string_array(w, "tokenizer.ggml.merges", bad, NULL, 1);
    expect_tokenizer_error(w, TOKENIZER_ERR_FORMAT, "merges entry 0 ('ab') has no space");

    w = tiny_bpe();
    gguf_writer_set_u32(w, "tokenizer.ggml.merges", 5);
    expect_tokenizer_error(w, TOKENIZER_ERR_FORMAT, "tokenizer.ggml.merges is not an array");

    w = tiny_bpe();
    gguf_writer_set_u32(w, "tokenizer.ggml.tokens", 5);
    expect_tokenizer_error(w, TOKENIZER_ERR_FORMAT, "tokenizer.ggml.tokens is not an array of strings");

    w = tiny_bpe();
    gguf_writer_set_string(w, "tokenizer.ggml.bos_token_id", "1");
    expect_tokenizer_error(w, TOKENIZER_ERR_FORMAT, "bos_token_id is not an integer");

    /* the tiny vocabulary itself works: merges, specials, ids out of range ignored */
    w = tiny_bpe();
    gguf_writer_set_u32(w, "tokenizer.ggml.eos_token_id", 99);
    gguf_writer_set_string(w, "tokenizer.chat_template", "{% for m in messages %}{{ m.content }}{% endfor %}");
    gguf_file_t *f;
    void *buf;
    assert_int_equal(open_built(w, &f, &buf), 0);
    tokenizer_t *tok;
    char err[256];
    assert_int_equal(tokenizer_from_gguf(&tok, f, err, sizeof err), 0);
    gguf_close(f); /* the tokenizer keeps its own copies */
    free(buf);
    assert_int_equal(tokenizer_eos(tok), -1);
    assert_string_equal(tokenizer_chat_template(tok), "{% for m in messages %}{{ m.content }}{% endfor %}");
    assert_int_equal(tokenizer_eot(tok), -1);
    assert_false(tokenizer_add_bos_default(tok)); /* BPE default */
    int32_t *ids;
    size_t count;
    encode(tok, "abab<|x|>", 9, false, true, &ids, &count);
    assert_int_equal(count, 3);
    assert_int_equal(ids[0], 2); /* "abab" is one piece: ab + ab, no "abab" token */
    assert_int_equal(ids[1], 2);
    assert_int_equal(ids[2], 3);
    free(ids);
    /* bytes without a token are dropped rather than invented */
    encode(tok, "abc", 3, false, false, &ids, &count);
    assert_int_equal(count, 1);
    assert_int_equal(ids[0], 2);
    free(ids);
    int32_t bad_ids[1] = {4};
    char *text;
    size_t len;
    assert_int_equal(tokenizer_decode(tok, bad_ids, 1, &text, &len), TOKENIZER_ERR_ARG);
    tokenizer_free(tok);
    tokenizer_free(NULL);
}


/* Random byte strings (valid and invalid UTF-8, controls, NULs, specials' fragments)
 * round-trip through both tokenizer families. SPM cannot tell a typed U+2581 from an
 * escaped space, so that one sequence is left out for it. */
static void test_random_bytes_round_trip(void **state)
{
    (void)state;
    static const char *const names[] = {"gpt-2", "llama-spm"};
    static const char alphabet[] = "  \t\n\ra1_{}<|>/*'s\xc3\xa9\xe2\x96\x81\xf0\x9f\xa6\x99\x80\xff";
    uint64_t rng = 0x243f6a8885a308d3ull;
    for (size_t v = 0; v < 2; v++) {
        loaded_t l;
        if (load_vocab(&l, names[v]) != 0) skip();
        char text[96];
        for (int iter = 0; iter < 1500; iter++) {
            size_t len = 0;
            rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
            size_t want = rng % sizeof text;
            while (len < want) {
                rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
                char c = (rng >> 32) % 4 == 0 ? (char)(rng >> 40) : alphabet[(rng >> 8) % (sizeof alphabet - 1)];
                text[len++] = c;
                if (v == 1 && len >= 3 && memcmp(text + len - 3, "\xe2\x96\x81", 3) == 0) len--;
            }
            assert_round_trip(l.tok, text, len);
            int32_t *ids;
            size_t count;
            encode(l.tok, text, len, true, true, &ids, &count); /* specials on: must not crash */
            free(ids);
        }
        unload(&l);
    }
}

/* ---- pre-tokenizers without a real vocabulary ---------------------------------------- */

/* The qwen2, qwen35 and llama-bpe vocabularies are too large to ship, so their split rules
 * are checked with a small byte-level vocabulary whose merges would join pieces across any
 * split the pre-tokenizer failed to make: the ids show where the cuts were. */
static char *byte_level(const char *raw, char *out)
{
    size_t k = 0;
    for (const char *p = raw; *p; p++) k += utf8_encode(unicode_byte_to_codepoint((uint8_t)*p), out + k);
    out[k] = '\0';
    return out;
}

static tokenizer_t *byte_vocab(const char *pre, void **image, gguf_file_t **file)
{
    static const char *const extra[] = {"33", "333", "ab", "e\xcc", "e\xcc\x81", "x1"};
    static const char *const merges_raw[][2] = {
        {"3", "3"}, {"33", "3"}, {"e", "\xcc"}, {"e\xcc", "\x81"}, {"x", "1"},
    };
    const char *tokens[256 + 6];
    char storage[256 + 6][16];
    for (int b = 0; b < 256; b++) {
        size_t n = utf8_encode(unicode_byte_to_codepoint((uint8_t)b), storage[b]);
        storage[b][n] = '\0';
        tokens[b] = storage[b];
    }
    for (int i = 0; i < 6; i++) tokens[256 + i] = byte_level(extra[i], storage[256 + i]);
    char merge_storage[5][40];
    const char *merges[5];
    for (int i = 0; i < 5; i++) {
        char l[16], r[16];
        snprintf(merge_storage[i], sizeof merge_storage[i], "%s %s", byte_level(merges_raw[i][0], l),
                 byte_level(merges_raw[i][1], r));
        merges[i] = merge_storage[i];
    }
    gguf_writer_t *w;
    assert_int_equal(gguf_writer_new(&w), 0);
    gguf_writer_set_string(w, "tokenizer.ggml.model", "gpt2");
    gguf_writer_set_string(w, "tokenizer.ggml.pre", pre);
    gguf_writer_set_string_array(w, "tokenizer.ggml.tokens", tokens, NULL, 262);
    gguf_writer_set_string_array(w, "tokenizer.ggml.merges", merges, NULL, 5);
    assert_int_equal(open_built(w, file, image), 0);
    tokenizer_t *tok;
    char err[256];
    if (tokenizer_from_gguf(&tok, *file, err, sizeof err) != 0) fail_msg("%s", err);
    return tok;
}

static void expect_ids(const char *pre, const char *text, const int32_t *want, size_t n_want)
{
    void *image;
    gguf_file_t *file;
    tokenizer_t *tok = byte_vocab(pre, &image, &file);
    int32_t *ids;
    size_t count;
    encode(tok, text, strlen(text), false, false, &ids, &count);
    if (count != n_want || memcmp(ids, want, count * sizeof *ids) != 0) {
        print_error("%s: '%s' gave", pre, text);
        for (size_t i = 0; i < count; i++) print_error(" %d", ids[i]);
        print_error("\n");
        fail();
    }
    free(ids);
    tokenizer_free(tok);
    gguf_close(file);
    free(image);
}

#define IDS(...) (const int32_t[]){__VA_ARGS__}, sizeof((const int32_t[]){__VA_ARGS__}) / sizeof(int32_t)

static void test_pre_tokenizers_split_like_their_models(void **state)
{
    (void)state;
    enum { T33 = 256, T333, TAB, TE_CC, TE_ACUTE, TX1 };
    /* digits: llama3 groups up to three, qwen2/qwen35/starcoder one each, gpt2 whole runs */
    expect_ids("llama-bpe", "3333333", IDS(T333, T333, '3'));
    expect_ids("qwen2", "3333", IDS('3', '3', '3', '3'));
    expect_ids("qwen35", "333", IDS('3', '3', '3'));
    expect_ids("starcoder", "333", IDS('3', '3', '3'));
    expect_ids("gpt-2", "3333", IDS(T33, T33)); /* one piece, merged by rank */
    /* letters and digits: "x1" is one piece nowhere (letters and numbers split) */
    expect_ids("qwen2", "x1", IDS('x', '1'));
    expect_ids("llama-bpe", "x1", IDS('x', '1'));
    /* llama3 takes a piece that is itself a token whole, ignoring merges ("ab" has none) */
    expect_ids("llama-bpe", "ab", IDS(TAB));
    expect_ids("qwen2", "ab", IDS('a', 'b'));
    /* qwen35 keeps a combining mark (U+0301) with its letter; qwen2 cuts it off */
    expect_ids("qwen35", "e\xcc\x81", IDS(TE_ACUTE));
    expect_ids("qwen2", "e\xcc\x81", IDS('e', 0xcc, 0x81));
    (void)TE_CC;
    (void)TX1;
}

/* ---- concurrency and speed ----------------------------------------------------------- */

static const char c_snippet[] =
    "/* copy a name into a fixed buffer */\n"
    "#include <stdio.h>\n#include <string.h>\n\n"
    "static int copy_name(char *dst, size_t dst_size, const char *src)\n{\n"
    "    if (strlen(src) >= dst_size) {\n        fprintf(stderr, \"name too long: %s\\n\", src);\n"
    "        return -1;\n    }\n    strcpy(dst, src); // checked above\n    return 0;\n}\n\n"
    "int main(int argc, char **argv)\n{\n    char buf[64];\n    for (int i = 1; i < argc; i++) {\n"
    "        if (copy_name(buf, sizeof buf, argv[i]) == 0) printf(\"%d: %s\\n\", i, buf);\n"
    "    }\n    return 0x2A - 42;\n}\n";

typedef struct {
    const tokenizer_t *tok;
    const char *text;
    size_t len;
    int32_t *ids;
    size_t count;
} job_t;

static void *encode_many(void *arg)
{
    job_t *j = arg;
    for (int i = 0; i < 50; i++) {
        free(j->ids);
        char err[128];
        if (tokenizer_encode(j->tok, j->text, j->len, true, true, &j->ids, &j->count, err, sizeof err))
            return (void *)1;
    }
    return NULL;
}

static void test_concurrent_encoding_agrees(void **state)
{
    (void)state;
    loaded_t l;
    if (load_vocab(&l, "starcoder") != 0) skip();
    job_t jobs[3];
    pthread_t threads[3];
    for (int i = 0; i < 3; i++) {
        jobs[i] = (job_t){l.tok, c_snippet, sizeof c_snippet - 1, NULL, 0};
        assert_int_equal(pthread_create(&threads[i], NULL, encode_many, &jobs[i]), 0);
    }
    for (int i = 0; i < 3; i++) {
        void *ret;
        pthread_join(threads[i], &ret);
        assert_null(ret);
    }
    for (int i = 1; i < 3; i++) {
        assert_int_equal(jobs[i].count, jobs[0].count);
        assert_memory_equal(jobs[i].ids, jobs[0].ids, jobs[0].count * sizeof(int32_t));
    }
    for (int i = 0; i < 3; i++) free(jobs[i].ids);
    unload(&l);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A 2 KB C file must encode in well under a millisecond (the bound here is loose because
 * the test machines are shared), and huge degenerate inputs must not go quadratic. */
static void test_speed_and_long_inputs(void **state)
{
    (void)state;
    static const char *const names[] = {"starcoder", "llama-spm"};
    char text[2048];
    size_t len = 0;
    while (len + sizeof c_snippet - 1 < sizeof text) {
        memcpy(text + len, c_snippet, sizeof c_snippet - 1);
        len += sizeof c_snippet - 1;
    }
    for (size_t v = 0; v < 2; v++) {
        loaded_t l;
        if (load_vocab(&l, names[v]) != 0) skip();
        int32_t *ids;
        size_t count;
        encode(l.tok, text, len, false, false, &ids, &count); /* warm up */
        free(ids);
        double best = 1e9;
        for (int r = 0; r < 20; r++) {
            double t0 = now_seconds();
            encode(l.tok, text, len, false, false, &ids, &count);
            double dt = now_seconds() - t0;
            if (dt < best) best = dt;
            free(ids);
        }
        print_message("%s: %zu bytes -> %zu tokens in %.1f us\n", names[v], len, count, best * 1e6);
        assert_true(best < 0.005 * SPEED_SLACK);

        size_t big = 200000;
        char *run = malloc(big);
        assert_non_null(run);
        static const char fills[] = {' ', 'a', '7', '\n'};
        for (size_t k = 0; k < sizeof fills; k++) {
            memset(run, fills[k], big);
            double t0 = now_seconds();
            encode(l.tok, run, big, false, false, &ids, &count);
            double dt = now_seconds() - t0;
            assert_true(count > 0);
            assert_true(dt < 2.0 * SPEED_SLACK);
            free(ids);
            assert_round_trip(l.tok, run, big);
        }
        free(run);
        unload(&l);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors_gpt2),
        cmocka_unit_test(test_vectors_llama_spm),
        cmocka_unit_test(test_vectors_starcoder),
        cmocka_unit_test(test_spm_token_bytes_and_specials),
        cmocka_unit_test(test_bpe_token_bytes_and_specials),
        cmocka_unit_test(test_round_trip_odd_input),
        cmocka_unit_test(test_random_bytes_round_trip),
        cmocka_unit_test(test_model_vocab_matches_vocab_file),
        cmocka_unit_test(test_metadata_errors),
        cmocka_unit_test(test_pre_tokenizers_split_like_their_models),
        cmocka_unit_test(test_concurrent_encoding_agrees),
        cmocka_unit_test(test_speed_and_long_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
