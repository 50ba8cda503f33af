/* test_slm_gguf_fuzz.c — corrupt a valid GGUF image everywhere and check the reader always
 * fails cleanly (or, when the corruption happens to leave a valid file, returns a file
 * whose every tensor lies inside the buffer, and whose vocabulary, when the tokenizer
 * accepts it, encodes and decodes without trouble). Each corrupted image lives in its own exact
 * malloc'd buffer so that the sanitizer build (make SAN=1) catches any read past the end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "slm/gguf.h"
#include "slm/tensor_type.h"
#include "slm/tokenizer.h"

static void *valid_image(size_t *size, size_t *header_size)
{
    gguf_writer_t *w;
    assert_int_equal(gguf_writer_new(&w), 0);
    assert_int_equal(gguf_writer_set_string(w, "general.architecture", "llama"), 0);
    assert_int_equal(gguf_writer_set_u32(w, "llama.block_count", 1), 0);
    assert_int_equal(gguf_writer_set_f32(w, "llama.rope.freq_base", 10000.0f), 0);
    assert_int_equal(gguf_writer_set_bool(w, "tokenizer.ggml.add_bos_token", true), 0);
    assert_int_equal(gguf_writer_set_string(w, "tokenizer.ggml.model", "llama"), 0);
    const char *toks[4] = {"<unk>", "<s>", "</s>", "\xe2\x96\x81hello"};
    assert_int_equal(gguf_writer_set_string_array(w, "tokenizer.ggml.tokens", toks, NULL, 4), 0);
    float scores[4] = {0, 0, 0, -1};
    assert_int_equal(gguf_writer_set_array(w, "tokenizer.ggml.scores", GGUF_TYPE_FLOAT32, scores, 4), 0);
    int32_t types[4] = {2, 3, 3, 1};
    assert_int_equal(gguf_writer_set_array(w, "tokenizer.ggml.token_type", GGUF_TYPE_INT32, types, 4), 0);
    uint64_t ne[2] = {32, 4};
    assert_int_equal(gguf_writer_add_tensor(w, "token_embd.weight", TENSOR_Q8_0, 2, ne, NULL, 4 * 34), 0);
    uint64_t ne1[1] = {32};
    assert_int_equal(gguf_writer_add_tensor(w, "output_norm.weight", TENSOR_F32, 1, ne1, NULL, 128), 0);
    void *buf;
    char err[256];
    assert_int_equal(gguf_writer_write_memory(w, &buf, size, err, sizeof err), 0);
    gguf_writer_free(w);

    gguf_file_t *f;
    assert_int_equal(gguf_open_memory(&f, buf, *size, "fuzz.gguf", err, sizeof err), 0);
    *header_size = (size_t)gguf_data_offset(f);
    tokenizer_t *tok;
    assert_int_equal(tokenizer_from_gguf(&tok, f, err, sizeof err), 0); /* the vocabulary is usable */
    tokenizer_free(tok);
    gguf_close(f);
    return buf;
}

/* Opens a private copy of the image; returns 1 if it opened, 0 if it failed cleanly. */
static int try_open(const uint8_t *image, size_t size)
{
    uint8_t *copy = malloc(size ? size : 1);
    assert_non_null(copy);
    memcpy(copy, image, size);
    gguf_file_t *f = NULL;
    char err[512];
    err[0] = '\0';
    int rc = gguf_open_memory(&f, copy, size, "fuzz.gguf", err, sizeof err);
    int opened = 0;
    if (rc == 0) {
        opened = 1;
        assert_non_null(f);
        /* whatever parsed must be self-consistent and inside the buffer */
        for (size_t i = 0; i < gguf_tensor_count(f); i++) {
            const gguf_tensor_t *t = gguf_tensor_at(f, i);
            const uint8_t *d = t->data;
            assert_true(d >= copy && t->size <= (uint64_t)(copy + size - d));
            if (t->size) {
                volatile uint8_t sink = d[0];
                sink = d[t->size - 1];
                (void)sink;
            }
            assert_ptr_equal(gguf_find_tensor(f, t->name), t);
        }
        for (size_t i = 0; i < gguf_kv_count(f); i++) {
            const char *key = gguf_kv_key(f, i);
            gguf_array_t a;
            if (gguf_get_array(f, key, &a) == 0 && a.strings)
                for (uint64_t j = 0; j < a.count; j++) assert_int_equal(strlen(a.strings[j]) <= a.string_lens[j], 1);
            const char *s;
            size_t len;
            if (gguf_get_string(f, key, &s, &len) == 0) assert_true(strlen(s) <= len);
        }
        tokenizer_t *tok;
        if (tokenizer_from_gguf(&tok, f, err, sizeof err) == 0) {
            int32_t *ids;
            size_t count;
            if (tokenizer_encode(tok, "hello <s> world", 15, true, true, &ids, &count, err, sizeof err) == 0) {
                char *text;
                size_t text_len;
                assert_int_equal(tokenizer_decode(tok, ids, count, &text, &text_len), 0);
                free(text);
                free(ids);
            }
            tokenizer_free(tok);
        } else if (strncmp(err, "fuzz.gguf: ", 11) != 0) {
            fail_msg("tokenizer error without the file name: '%s'", err);
        }
        gguf_close(f);
    } else {
        assert_null(f);
        assert_true(rc < 0);
        if (strncmp(err, "fuzz.gguf: ", 11) != 0 || strlen(err) < 20)
            fail_msg("error message without file name or reason: '%s'", err);
    }
    free(copy);
    return opened;
}

static void test_every_truncation_fails_cleanly(void **state)
{
    (void)state;
    size_t size, header;
    uint8_t *image = valid_image(&size, &header);
    /* the last tensor ends before the trailing padding; anything shorter must fail */
    size_t last_end = 0;
    {
        gguf_file_t *f;
        char err[256];
        assert_int_equal(gguf_open_memory(&f, image, size, "fuzz.gguf", err, sizeof err), 0);
        for (size_t i = 0; i < gguf_tensor_count(f); i++) {
            const gguf_tensor_t *t = gguf_tensor_at(f, i);
            size_t end = (size_t)(gguf_data_offset(f) + t->offset + t->size);
            if (end > last_end) last_end = end;
        }
        gguf_close(f);
    }
    for (size_t n = 0; n < size; n++) {
        int opened = try_open(image, n);
        if (n < last_end && opened) fail_msg("truncated to %zu of %zu bytes but opened", n, size);
    }
    assert_int_equal(try_open(image, size), 1);
    free(image);
}

static void test_every_header_byte_corrupted(void **state)
{
    (void)state;
    size_t size, header;
    uint8_t *image = valid_image(&size, &header);
    uint8_t *work = malloc(size);
    assert_non_null(work);
    static const uint8_t xors[] = {0x01, 0x80, 0xff, 0x7f};
    int failures = 0;
    for (size_t pos = 0; pos < header; pos++) {
        for (size_t k = 0; k < sizeof xors; k++) {
            memcpy(work, image, size);
            work[pos] ^= xors[k];
            failures += !try_open(work, size);
        }
    }
    /* most single-byte corruptions of a header must be detected */
    assert_true(failures > (int)header);
    free(work);
    free(image);
}

static void test_every_header_word_set_to_huge_values(void **state)
{
    (void)state;
    size_t size, header;
    uint8_t *image = valid_image(&size, &header);
    uint8_t *work = malloc(size);
    assert_non_null(work);
    const uint64_t values[] = {1ull << 63, UINT64_MAX, (uint64_t)size, (uint64_t)size + 1,
                               1ull << 32, 0xffffffffull, 0};
    for (size_t pos = 0; pos + 8 <= header; pos++) {
        for (size_t k = 0; k < sizeof values / sizeof values[0]; k++) {
            memcpy(work, image, size);
            memcpy(work + pos, &values[k], 8);
            try_open(work, size);
            if (pos + 4 <= header) { /* 32-bit fields: types, n_dims, version */
                memcpy(work, image, size);
                uint32_t v32 = (uint32_t)values[k];
                memcpy(work + pos, &v32, 4);
                try_open(work, size);
            }
        }
    }
    free(work);
    free(image);
}

static void test_random_multi_byte_corruption(void **state)
{
    (void)state;
    size_t size, header;
    uint8_t *image = valid_image(&size, &header);
    uint8_t *work = malloc(size);
    assert_non_null(work);
    uint64_t rng = 0x9e3779b97f4a7c15ull;
    for (int iter = 0; iter < 20000; iter++) {
        memcpy(work, image, size);
        int n = 1 + (int)(rng % 6);
        for (int j = 0; j < n; j++) {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            work[rng % header] = (uint8_t)(rng >> 32);
        }
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        size_t len = (rng & 7) == 0 ? (size_t)(rng >> 40) % size : size;
        try_open(work, len);
    }
    free(work);
    free(image);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_truncation_fails_cleanly),
        cmocka_unit_test(test_every_header_byte_corrupted),
        cmocka_unit_test(test_every_header_word_set_to_huge_values),
        cmocka_unit_test(test_random_multi_byte_corruption),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
