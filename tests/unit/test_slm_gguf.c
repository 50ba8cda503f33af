/* test_slm_gguf.c — GGUF writer/reader round trip, typed getters, the shared model files,
 * and one test per validation rule (each checks the error names the field). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "slm/gguf.h"
#include "slm/tensor_type.h"
#include "tests/unit/helpers/shared_files.h"

/* A writer holding one value of every type and three tensors. */
static gguf_writer_t *sample_writer(void)
{
    gguf_writer_t *w;
    assert_int_equal(gguf_writer_new(&w), 0);
    assert_int_equal(gguf_writer_set_string(w, "general.architecture", "llama"), 0);
    assert_int_equal(gguf_writer_set_u8(w, "t.u8", 200), 0);
    assert_int_equal(gguf_writer_set_i8(w, "t.i8", -5), 0);
    assert_int_equal(gguf_writer_set_u16(w, "t.u16", 60000), 0);
    assert_int_equal(gguf_writer_set_i16(w, "t.i16", -30000), 0);
    assert_int_equal(gguf_writer_set_u32(w, "t.u32", 4000000000u), 0);
    assert_int_equal(gguf_writer_set_i32(w, "t.i32", -7), 0);
    assert_int_equal(gguf_writer_set_u64(w, "t.u64", 1ull << 40), 0);
    assert_int_equal(gguf_writer_set_i64(w, "t.i64", -(1ll << 40)), 0);
    assert_int_equal(gguf_writer_set_f32(w, "t.f32", 1.5f), 0);
    assert_int_equal(gguf_writer_set_f64(w, "t.f64", 2.25), 0);
    assert_int_equal(gguf_writer_set_bool(w, "t.bool", true), 0);
    float scores[3] = {-1.0f, 0.5f, 3.0f};
    assert_int_equal(gguf_writer_set_array(w, "t.scores", GGUF_TYPE_FLOAT32, scores, 3), 0);
    int32_t types[3] = {1, 3, 6};
    assert_int_equal(gguf_writer_set_array(w, "t.types", GGUF_TYPE_INT32, types, 3), 0);
    const char *toks[3] = {"<s>", "\xe2\x96\x81the", ""};
    assert_int_equal(gguf_writer_set_string_array(w, "t.tokens", toks, NULL, 3), 0);
    assert_int_equal(gguf_writer_set_string_n(w, "t.nul", "a\0b", 3), 0);

    float f32[2 * 8];
    for (int i = 0; i < 16; i++) f32[i] = (float)i * 0.25f;
    uint64_t ne_a[2] = {8, 2};
    assert_int_equal(gguf_writer_add_tensor(w, "blk.0.attn_q.weight", TENSOR_F32, 2, ne_a, f32,
                                            sizeof f32), 0);
    uint64_t ne_b[1] = {64};
    uint8_t q40[2 * 18];
    for (size_t i = 0; i < sizeof q40; i++) q40[i] = (uint8_t)(i * 7);
    assert_int_equal(gguf_writer_add_tensor(w, "blk.0.q4", TENSOR_Q4_0, 1, ne_b, q40, sizeof q40), 0);
    uint64_t ne_c[3] = {256, 2, 3};
    assert_int_equal(gguf_writer_add_tensor(w, "blk.0.k", TENSOR_Q4_K, 3, ne_c, NULL, 6 * 144), 0);
    return w;
}

static void *sample_image(size_t *size)
{
    gguf_writer_t *w = sample_writer();
    void *buf;
    char err[256];
    assert_int_equal(gguf_writer_write_memory(w, &buf, size, err, sizeof err), 0);
    gguf_writer_free(w);
    return buf;
}

static void check_sample(const gguf_file_t *f)
{
    uint32_t u32;
    int32_t i32;
    uint64_t u64;
    int64_t i64;
    float f32;
    double f64;
    bool b;
    const char *s;
    size_t len;
    assert_int_equal(gguf_version(f), 3);
    assert_int_equal(gguf_get_string(f, "general.architecture", &s, &len), 0);
    assert_string_equal(s, "llama");
    assert_int_equal(gguf_get_u32(f, "t.u8", &u32), 0);
    assert_int_equal(u32, 200);
    assert_int_equal(gguf_get_i32(f, "t.i8", &i32), 0);
    assert_int_equal(i32, -5);
    assert_int_equal(gguf_get_u32(f, "t.u16", &u32), 0);
    assert_int_equal(u32, 60000);
    assert_int_equal(gguf_get_i32(f, "t.i16", &i32), 0);
    assert_int_equal(i32, -30000);
    assert_int_equal(gguf_get_u32(f, "t.u32", &u32), 0);
    assert_int_equal(u32, 4000000000u);
    assert_int_equal(gguf_get_i32(f, "t.i32", &i32), 0);
    assert_int_equal(i32, -7);
    assert_int_equal(gguf_get_u64(f, "t.u64", &u64), 0);
    assert_true(u64 == 1ull << 40);
    assert_int_equal(gguf_get_i64(f, "t.i64", &i64), 0);
    assert_true(i64 == -(1ll << 40));
    assert_int_equal(gguf_get_f32(f, "t.f32", &f32), 0);
    assert_true(f32 == 1.5f);
    assert_int_equal(gguf_get_f64(f, "t.f64", &f64), 0);
    assert_true(f64 == 2.25);
    assert_int_equal(gguf_get_bool(f, "t.bool", &b), 0);
    assert_true(b);
    assert_int_equal(gguf_get_string(f, "t.nul", &s, &len), 0);
    assert_int_equal(len, 3);
    assert_memory_equal(s, "a\0b", 3);

    gguf_array_t a;
    assert_int_equal(gguf_get_array(f, "t.scores", &a), 0);
    assert_int_equal(a.elem_type, GGUF_TYPE_FLOAT32);
    assert_int_equal(a.count, 3);
    assert_int_equal(gguf_array_get_f32(&a, 2, &f32), 0);
    assert_true(f32 == 3.0f);
    assert_int_equal(gguf_array_get_f32(&a, 3, &f32), GGUF_ERR_RANGE);
    assert_int_equal(gguf_get_array(f, "t.types", &a), 0);
    assert_int_equal(gguf_array_get_i64(&a, 2, &i64), 0);
    assert_int_equal(i64, 6);
    assert_int_equal(gguf_get_array(f, "t.tokens", &a), 0);
    assert_int_equal(a.elem_type, GGUF_TYPE_STRING);
    assert_int_equal(a.count, 3);
    assert_string_equal(a.strings[1], "\xe2\x96\x81the");
    assert_int_equal(a.string_lens[2], 0);
    assert_int_equal(gguf_array_get_i64(&a, 0, &i64), GGUF_ERR_TYPE);

    assert_int_equal(gguf_tensor_count(f), 3);
    const gguf_tensor_t *t = gguf_find_tensor(f, "blk.0.attn_q.weight");
    assert_non_null(t);
    assert_int_equal(t->type, TENSOR_F32);
    assert_int_equal(t->n_dims, 2);
    assert_int_equal(t->ne[0], 8);
    assert_int_equal(t->ne[1], 2);
    assert_int_equal(t->ne[2], 1);
    assert_int_equal(t->size, 64);
    float back[16];
    memcpy(back, t->data, sizeof back);
    for (int i = 0; i < 16; i++) assert_true(back[i] == (float)i * 0.25f);
    t = gguf_find_tensor(f, "blk.0.q4");
    assert_non_null(t);
    assert_int_equal(t->size, 36);
    for (size_t i = 0; i < 36; i++) assert_int_equal(((const uint8_t *)t->data)[i], (uint8_t)(i * 7));
    t = gguf_find_tensor(f, "blk.0.k");
    assert_non_null(t);
    assert_int_equal(t->n_elements, 256 * 6);
    assert_int_equal(t->size, 6 * 144);
    assert_int_equal(((const uint8_t *)t->data)[100], 0);
    for (size_t i = 0; i < gguf_tensor_count(f); i++) {
        const gguf_tensor_t *ti = gguf_tensor_at(f, i);
        assert_int_equal(ti->offset % gguf_alignment(f), 0);
    }
    assert_null(gguf_tensor_at(f, 3));
    assert_null(gguf_find_tensor(f, "missing"));
}

static void test_round_trip_memory_and_file(void **state)
{
    (void)state;
    size_t size;
    void *buf = sample_image(&size);
    gguf_file_t *f;
    char err[256];
    assert_int_equal(gguf_open_memory(&f, buf, size, "mem.gguf", err, sizeof err), 0);
    check_sample(f);
    gguf_close(f);

    char path[] = "/tmp/assay-gguf-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    gguf_writer_t *w = sample_writer();
    assert_int_equal(gguf_writer_write_file(w, path, err, sizeof err), 0);
    gguf_writer_free(w);
    assert_int_equal(gguf_open(&f, path, err, sizeof err), 0);
    check_sample(f);
    /* data pointers of the mapped file are aligned in memory too */
    for (size_t i = 0; i < gguf_tensor_count(f); i++)
        assert_int_equal((uintptr_t)gguf_tensor_at(f, i)->data % 32, 0);
    assert_int_equal(gguf_file_size(f), size);
    gguf_close(f);
    unlink(path);
    free(buf);
    gguf_close(NULL);
    gguf_writer_free(NULL);
}

static int fill_pattern(void *ctx, void *dst, uint64_t offset, uint64_t size)
{
    int *calls = ctx;
    (*calls)++;
    for (uint64_t i = 0; i < size; i++) ((uint8_t *)dst)[i] = (uint8_t)((offset + i) % 251);
    return 0;
}

static void test_fill_callback_and_custom_alignment(void **state)
{
    (void)state;
    gguf_writer_t *w;
    assert_int_equal(gguf_writer_new(&w), 0);
    assert_int_equal(gguf_writer_set_u32(w, "general.alignment", 64), 0);
    int calls = 0;
    uint64_t ne[2] = {4096, 600}; /* F16: 8 KiB rows, 4.7 MiB: more than one chunk */
    assert_int_equal(gguf_writer_add_tensor_fill(w, "big", TENSOR_F16, 2, ne, 4096ull * 600 * 2,
                                                 fill_pattern, &calls), 0);
    uint64_t ne1[1] = {3};
    assert_int_equal(gguf_writer_add_tensor(w, "small", TENSOR_F32, 1, ne1, NULL, 12), 0);
    char path[] = "/tmp/assay-gguf-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    char err[256];
    assert_int_equal(gguf_writer_write_file(w, path, err, sizeof err), 0);
    assert_true(calls >= 2);
    gguf_file_t *f;
    assert_int_equal(gguf_open(&f, path, err, sizeof err), 0);
    assert_int_equal(gguf_alignment(f), 64);
    const gguf_tensor_t *t = gguf_find_tensor(f, "big");
    assert_non_null(t);
    const uint8_t *d = t->data;
    for (uint64_t i = 0; i < t->size; i += 4093) assert_int_equal(d[i], (uint8_t)(i % 251));
    assert_int_equal(gguf_find_tensor(f, "small")->offset % 64, 0);
    gguf_close(f);
    unlink(path);
    /* the writer refuses inconsistent tensors */
    assert_int_equal(gguf_writer_add_tensor(w, "small", TENSOR_F32, 1, ne1, NULL, 12), GGUF_ERR_ARG);
    uint64_t odd[1] = {33};
    assert_int_equal(gguf_writer_add_tensor(w, "q", TENSOR_Q8_0, 1, odd, NULL, 34), GGUF_ERR_ARG);
    assert_int_equal(gguf_writer_add_tensor(w, "q", TENSOR_F32, 1, ne1, NULL, 13), GGUF_ERR_ARG);
    assert_int_equal(gguf_writer_add_tensor(w, "q", 99, 1, ne1, NULL, 12), GGUF_ERR_ARG);
    assert_int_equal(gguf_writer_add_tensor(w, "q", TENSOR_F32, 5, ne1, NULL, 12), GGUF_ERR_ARG);
    /* a bad alignment is refused at write time */
    assert_int_equal(gguf_writer_set_u32(w, "general.alignment", 48), 0);
    assert_int_equal(gguf_writer_write_file(w, path, err, sizeof err), GGUF_ERR_ARG);
    assert_non_null(strstr(err, "general.alignment"));
    assert_int_equal(access(path, F_OK), -1);
    gguf_writer_free(w);
}

static void test_getters_convert_and_distinguish_errors(void **state)
{
    (void)state;
    size_t size;
    void *buf = sample_image(&size);
    gguf_file_t *f;
    char err[256];
    assert_int_equal(gguf_open_memory(&f, buf, size, "mem.gguf", err, sizeof err), 0);
    uint32_t u32;
    int32_t i32;
    uint64_t u64;
    int64_t i64;
    float f32;
    bool b;
    const char *s;
    assert_int_equal(gguf_get_u32(f, "nope", &u32), GGUF_ERR_NOT_FOUND);
    assert_int_equal(gguf_get_u32(f, "general.architecture", &u32), GGUF_ERR_TYPE);
    assert_int_equal(gguf_get_u32(f, "t.i8", &u32), GGUF_ERR_RANGE);     /* negative */
    assert_int_equal(gguf_get_i32(f, "t.u32", &i32), GGUF_ERR_RANGE);    /* 4e9 */
    assert_int_equal(gguf_get_u32(f, "t.u64", &u32), GGUF_ERR_RANGE);    /* 2^40 */
    assert_int_equal(gguf_get_i64(f, "t.u32", &i64), 0);
    assert_int_equal(i64, 4000000000ll);
    assert_int_equal(gguf_get_u64(f, "t.i64", &u64), GGUF_ERR_RANGE);
    assert_int_equal(gguf_get_f32(f, "t.u32", &f32), GGUF_ERR_TYPE);
    assert_int_equal(gguf_get_f32(f, "t.f64", &f32), 0);
    assert_int_equal(gguf_get_bool(f, "t.u8", &b), GGUF_ERR_TYPE);
    assert_int_equal(gguf_get_string(f, "t.u8", &s, NULL), GGUF_ERR_TYPE);
    gguf_array_t a;
    assert_int_equal(gguf_get_array(f, "t.u8", &a), GGUF_ERR_TYPE);
    gguf_type_t type;
    assert_int_equal(gguf_get_type(f, "t.tokens", &type), 0);
    assert_int_equal(type, GGUF_TYPE_ARRAY);
    assert_true(gguf_find_key(f, "t.bool") >= 0);
    assert_int_equal(gguf_find_key(f, "t.boo"), -1);
    assert_string_equal(gguf_kv_key(f, 0), "general.architecture");
    gguf_close(f);
    free(buf);
}

static void test_shared_model_files_load(void **state)
{
    (void)state;
    char path[512];
    char err[512];
    gguf_file_t *f;
    SHARED_REQUIRE(path, "models/stories260K.gguf");
    assert_int_equal(gguf_open(&f, path, err, sizeof err), 0);
    assert_int_equal(gguf_tensor_count(f), 48);
    const gguf_tensor_t *t = gguf_find_tensor(f, "token_embd.weight");
    assert_non_null(t);
    assert_int_equal(t->ne[0], 64);
    assert_int_equal(t->ne[1], 512);
    assert_int_equal(t->type, TENSOR_F32);
    uint32_t heads;
    assert_int_equal(gguf_get_u32(f, "llama.attention.head_count_kv", &heads), 0);
    assert_int_equal(heads, 4);
    gguf_array_t tokens;
    assert_int_equal(gguf_get_array(f, "tokenizer.ggml.tokens", &tokens), 0);
    assert_int_equal(tokens.count, 512);
    gguf_close(f);

    SHARED_REQUIRE(path, "models/llama-2-tiny-random.gguf");
    assert_int_equal(gguf_open(&f, path, err, sizeof err), 0);
    t = gguf_find_tensor(f, "token_embd.weight");
    assert_non_null(t);
    assert_int_equal(t->type, TENSOR_F16);
    assert_int_equal(t->ne[1], 32000);
    gguf_close(f);

    static const char *vocabs[] = {"gpt-2", "llama-spm", "starcoder"};
    for (size_t i = 0; i < 3; i++) {
        char rel[128];
        snprintf(rel, sizeof rel, "vocab/ggml-vocab-%s.gguf", vocabs[i]);
        SHARED_REQUIRE(path, rel);
        assert_int_equal(gguf_open(&f, path, err, sizeof err), 0);
        assert_int_equal(gguf_get_array(f, "tokenizer.ggml.tokens", &tokens), 0);
        assert_true(tokens.count >= 32000);
        gguf_close(f);
    }
}

/* ---- validation: hand-built headers -------------------------------------------------- */

typedef struct {
    uint8_t b[4096];
    size_t n;
} image_t;

static void put(image_t *im, const void *p, size_t n)
{
    assert_true(im->n + n <= sizeof im->b);
    memcpy(im->b + im->n, p, n);
    im->n += n;
}
static void put_u32(image_t *im, uint32_t v) { put(im, &v, 4); }
static void put_u64(image_t *im, uint64_t v) { put(im, &v, 8); }
static void put_str(image_t *im, const char *s)
{
    put_u64(im, strlen(s));
    put(im, s, strlen(s));
}
static void header(image_t *im, uint32_t version, uint64_t n_tensors, uint64_t n_kv)
{
    im->n = 0;
    put(im, "GGUF", 4);
    put_u32(im, version);
    put_u64(im, n_tensors);
    put_u64(im, n_kv);
}
static void tensor_info(image_t *im, const char *name, uint32_t n_dims, const uint64_t *ne,
                        uint32_t type, uint64_t offset)
{
    put_str(im, name);
    put_u32(im, n_dims);
    for (uint32_t d = 0; d < n_dims; d++) put_u64(im, ne[d]);
    put_u32(im, type);
    put_u64(im, offset);
}
static void pad_to(image_t *im, size_t a)
{
    while (im->n % a) im->b[im->n++] = 0;
}

/* Opens the image and expects failure with every fragment in the message. */
static void expect_error(const image_t *im, int code, const char *frag1, const char *frag2)
{
    gguf_file_t *f = (gguf_file_t *)1;
    char err[512];
    int rc = gguf_open_memory(&f, im->b, im->n, "bad.gguf", err, sizeof err);
    if (rc != code || !strstr(err, "bad.gguf: ") || (frag1 && !strstr(err, frag1)) ||
        (frag2 && !strstr(err, frag2)))
        fail_msg("rc %d (want %d), message: '%s' (want '%s' and '%s')", rc, code, err,
                 frag1 ? frag1 : "", frag2 ? frag2 : "");
    assert_null(f);
}

static void test_header_errors_name_the_problem(void **state)
{
    (void)state;
    image_t im;
    header(&im, 1, 0, 0);
    expect_error(&im, GGUF_ERR_FORMAT, "version 1 is not supported", NULL);
    header(&im, 3u << 24, 0, 0);
    expect_error(&im, GGUF_ERR_FORMAT, "byte-swapped", NULL);
    header(&im, 4, 0, 0);
    expect_error(&im, GGUF_ERR_FORMAT, "unsupported GGUF version 4", NULL);
    header(&im, 3, 0, 0);
    im.b[0] = 'X';
    expect_error(&im, GGUF_ERR_FORMAT, "bad magic", NULL);
    im.n = 2;
    expect_error(&im, GGUF_ERR_FORMAT, "not a GGUF file", NULL);
    header(&im, 3, 0, 1ull << 63);
    expect_error(&im, GGUF_ERR_FORMAT, "key/value count 9223372036854775808", NULL);
    header(&im, 3, UINT64_MAX, 0);
    expect_error(&im, GGUF_ERR_FORMAT, "tensor count", NULL);
    header(&im, 2, 0, 0);
    gguf_file_t *f;
    char err[256];
    assert_int_equal(gguf_open_memory(&f, im.b, im.n, "ok.gguf", err, sizeof err), 0);
    assert_int_equal(gguf_version(f), 2);
    gguf_close(f);
}

static void test_key_value_errors_name_the_key(void **state)
{
    (void)state;
    image_t im;
    header(&im, 3, 0, 1);
    put_u64(&im, 1ull << 62);
    put_u64(&im, 0);
    expect_error(&im, GGUF_ERR_FORMAT, "key/value 0", "key length 4611686018427387904 exceeds");

    header(&im, 3, 0, 1);
    put_str(&im, "a.key");
    put_u32(&im, 13);
    expect_error(&im, GGUF_ERR_FORMAT, "key 'a.key'", "invalid value type 13");

    header(&im, 3, 0, 1);
    put_str(&im, "a.str");
    put_u32(&im, GGUF_TYPE_STRING);
    put_u64(&im, UINT64_MAX);
    expect_error(&im, GGUF_ERR_FORMAT, "key 'a.str'", "string length 18446744073709551615");

    header(&im, 3, 0, 1);
    put_str(&im, "a.arr");
    put_u32(&im, GGUF_TYPE_ARRAY);
    put_u32(&im, GGUF_TYPE_UINT64);
    put_u64(&im, 1ull << 61);
    expect_error(&im, GGUF_ERR_FORMAT, "key 'a.arr'", "array of 2305843009213693952 uint64");

    header(&im, 3, 0, 1);
    put_str(&im, "a.sarr");
    put_u32(&im, GGUF_TYPE_ARRAY);
    put_u32(&im, GGUF_TYPE_STRING);
    put_u64(&im, 2);
    put_str(&im, "ok");
    put_u64(&im, 1000);
    expect_error(&im, GGUF_ERR_FORMAT, "key 'a.sarr'", "string 1 length 1000");

    header(&im, 3, 0, 1); /* arrays nested deeper than allowed */
    put_str(&im, "a.nest");
    put_u32(&im, GGUF_TYPE_ARRAY);
    for (int i = 0; i < 20; i++) {
        put_u32(&im, GGUF_TYPE_ARRAY);
        put_u64(&im, 1);
    }
    put_u32(&im, GGUF_TYPE_UINT8);
    put_u64(&im, 0);
    expect_error(&im, GGUF_ERR_FORMAT, "key 'a.nest'", "nested more than");

    header(&im, 3, 0, 1);
    put_str(&im, "a.bool");
    put_u32(&im, GGUF_TYPE_BOOL);
    uint8_t two = 2;
    put(&im, &two, 1);
    expect_error(&im, GGUF_ERR_FORMAT, "key 'a.bool'", "bool value is 2");

    header(&im, 3, 0, 2);
    put_str(&im, "dup");
    put_u32(&im, GGUF_TYPE_UINT8);
    put(&im, &two, 1);
    put_str(&im, "dup");
    put_u32(&im, GGUF_TYPE_UINT8);
    put(&im, &two, 1);
    expect_error(&im, GGUF_ERR_FORMAT, "key 'dup' appears more than once", NULL);

    header(&im, 3, 0, 1);
    put_str(&im, "general.alignment");
    put_u32(&im, GGUF_TYPE_UINT32);
    put_u32(&im, 48);
    expect_error(&im, GGUF_ERR_FORMAT, "general.alignment", "not a power of two");

    header(&im, 3, 0, 1);
    put_str(&im, "general.alignment");
    put_u32(&im, GGUF_TYPE_STRING);
    put_str(&im, "32");
    expect_error(&im, GGUF_ERR_FORMAT, "general.alignment", "unsigned 32-bit");
}

static void test_tensor_errors_name_the_tensor(void **state)
{
    (void)state;
    image_t im;
    uint64_t ne2[2] = {32, 2};
    header(&im, 3, 1, 0);
    tensor_info(&im, "blk.0.attn_q.weight", 2, ne2, TENSOR_F32, 0);
    pad_to(&im, 32);
    size_t data_start = im.n;
    for (int i = 0; i < 50; i++) put_u32(&im, 0);
    expect_error(&im, GGUF_ERR_FORMAT, "tensor 'blk.0.attn_q.weight': data ends at byte",
                 "past end of file");
    char want[64];
    snprintf(want, sizeof want, "byte %zu past end of file %zu", data_start + 256, im.n);
    expect_error(&im, GGUF_ERR_FORMAT, want, NULL);

    header(&im, 3, 1, 0);
    tensor_info(&im, "t", 5, (uint64_t[5]){1, 1, 1, 1, 1}, TENSOR_F32, 0);
    expect_error(&im, GGUF_ERR_FORMAT, "tensor 't': n_dims is 5", NULL);

    header(&im, 3, 1, 0);
    tensor_info(&im, "t", 2, ne2, 99, 0);
    expect_error(&im, GGUF_ERR_FORMAT, "tensor 't': unknown tensor type id 99", NULL);

    header(&im, 3, 1, 0);
    tensor_info(&im, "t", 2, (uint64_t[2]){1ull << 40, 1ull << 40}, TENSOR_F32, 0);
    expect_error(&im, GGUF_ERR_FORMAT, "tensor 't': element count overflows", NULL);

    header(&im, 3, 1, 0);
    tensor_info(&im, "t", 1, (uint64_t[1]){UINT64_MAX}, TENSOR_F32, 0);
    expect_error(&im, GGUF_ERR_FORMAT, "tensor 't': ne[0]", "negative");

    header(&im, 3, 1, 0);
    tensor_info(&im, "t", 1, (uint64_t[1]){48}, TENSOR_Q4_K, 0);
    expect_error(&im, GGUF_ERR_FORMAT, "tensor 't': row length ne[0] = 48", "Q4_K block size 256");

    header(&im, 3, 1, 0);
    tensor_info(&im, "t", 1, (uint64_t[1]){4}, TENSOR_F32, 4);
    pad_to(&im, 32);
    for (int i = 0; i < 16; i++) put_u32(&im, 0);
    expect_error(&im, GGUF_ERR_FORMAT, "tensor 't': data offset 4 is not a multiple", NULL);

    header(&im, 3, 1, 0);
    tensor_info(&im, "t", 1, (uint64_t[1]){4}, TENSOR_F32, UINT64_MAX - 31);
    pad_to(&im, 32);
    expect_error(&im, GGUF_ERR_FORMAT, "tensor 't'", "past end of file");

    header(&im, 3, 2, 0);
    tensor_info(&im, "same", 1, (uint64_t[1]){4}, TENSOR_F32, 0);
    tensor_info(&im, "same", 1, (uint64_t[1]){4}, TENSOR_F32, 32);
    pad_to(&im, 32);
    for (int i = 0; i < 16; i++) put_u32(&im, 0);
    expect_error(&im, GGUF_ERR_FORMAT, "tensor 'same' appears more than once", NULL);

    header(&im, 3, 1, 0);
    put_u64(&im, 0);
    for (int i = 0; i < 8; i++) put_u32(&im, 0);
    expect_error(&im, GGUF_ERR_FORMAT, "tensor 0: empty name", NULL);
}

static void test_file_errors(void **state)
{
    (void)state;
    gguf_file_t *f;
    char err[512];
    assert_int_equal(gguf_open(&f, "/nonexistent/model.gguf", err, sizeof err), GGUF_ERR_IO);
    assert_non_null(strstr(err, "/nonexistent/model.gguf: cannot open"));
    assert_null(f);
    assert_int_equal(gguf_open(&f, "/tmp", err, sizeof err), GGUF_ERR_IO);
    assert_non_null(strstr(err, "is a directory"));
    char path[] = "/tmp/assay-gguf-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    assert_int_equal(gguf_open(&f, path, err, sizeof err), GGUF_ERR_FORMAT);
    assert_non_null(strstr(err, "empty file"));
    FILE *fp = fopen(path, "wb");
    fputs("this is a text file, not a model\n", fp);
    fclose(fp);
    assert_int_equal(gguf_open(&f, path, err, sizeof err), GGUF_ERR_FORMAT);
    assert_non_null(strstr(err, "bad magic"));
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_memory_and_file),
        cmocka_unit_test(test_fill_callback_and_custom_alignment),
        cmocka_unit_test(test_getters_convert_and_distinguish_errors),
        cmocka_unit_test(test_shared_model_files_load),
        cmocka_unit_test(test_header_errors_name_the_problem),
        cmocka_unit_test(test_key_value_errors_name_the_key),
        cmocka_unit_test(test_tensor_errors_name_the_tensor),
        cmocka_unit_test(test_file_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
