/* test_slm_model_load.c — the loader refuses bad models with a message naming the file and
 * the key or tensor: missing file, not a GGUF, unsupported architecture, missing keys,
 * missing / misshapen / wrongly typed tensors; accepts tied output and qwen extras. */
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
#include "slm/model.h"
#include "slm/synth.h"
#include "tests/unit/helpers/temp_dir.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    return temp_dir_make(dir, sizeof dir, "model");
}

static int teardown(void **state)
{
    (void)state;
    return temp_dir_remove(dir);
}

enum { DIM = 32, FF = 64, VOCAB = 40, HEADS = 4 };

/* A minimal llama: one layer, every tensor F32, except what `skip` names (left out) and
 * what `bad_shape` names (one row short). */
static void write_llama_with(const char *path, const char *arch, const char *skip,
                             const char *bad_shape, uint32_t q_type,
                             void (*tweak)(gguf_writer_t *w))
{
    gguf_writer_t *w = NULL;
    assert_int_equal(gguf_writer_new(&w), 0);
    char key[96];
    gguf_writer_set_string(w, "general.architecture", arch);
#define U32(k, v) (snprintf(key, sizeof key, "%s." k, arch), gguf_writer_set_u32(w, key, v))
    U32("embedding_length", DIM);
    U32("block_count", 1);
    U32("feed_forward_length", FF);
    U32("attention.head_count", HEADS);
    U32("context_length", 128);
#undef U32
    snprintf(key, sizeof key, "%s.attention.layer_norm_rms_epsilon", arch);
    gguf_writer_set_f32(w, key, 1e-5f);
    struct { const char *name; uint64_t cols, rows; } t[] = {
        {"token_embd.weight", DIM, VOCAB}, {"output_norm.weight", DIM, 0},
        {"blk.0.attn_norm.weight", DIM, 0}, {"blk.0.attn_q.weight", DIM, DIM},
        {"blk.0.attn_k.weight", DIM, DIM}, {"blk.0.attn_v.weight", DIM, DIM},
        {"blk.0.attn_output.weight", DIM, DIM}, {"blk.0.ffn_norm.weight", DIM, 0},
        {"blk.0.ffn_gate.weight", DIM, FF}, {"blk.0.ffn_up.weight", DIM, FF},
        {"blk.0.ffn_down.weight", FF, DIM},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        if (skip && strcmp(skip, t[i].name) == 0) continue;
        uint64_t ne[2] = {t[i].cols, t[i].rows ? t[i].rows : 1};
        if (bad_shape && strcmp(bad_shape, t[i].name) == 0) ne[1] -= 1;
        uint32_t type = strcmp(t[i].name, "blk.0.attn_q.weight") == 0 ? q_type : TENSOR_F32;
        bool ok;
        uint64_t size = tensor_type_row_bytes(type, ne[0], &ok) * ne[1];
        assert_int_equal(gguf_writer_add_tensor(w, t[i].name, type, t[i].rows ? 2 : 1, ne,
                                                NULL, size), 0);
    }
    if (tweak) tweak(w);
    char err[256];
    assert_int_equal(gguf_writer_write_file(w, path, err, sizeof err), 0);
    gguf_writer_free(w);
}

static void write_llama(const char *path, const char *arch, const char *skip,
                        const char *bad_shape, uint32_t q_type)
{
    write_llama_with(path, arch, skip, bad_shape, q_type, NULL);
}

static void expect_error(const char *path, const char *fragment)
{
    char err[512] = "";
    model_t *m = (model_t *)1;
    assert_true(model_load(&m, path, err, sizeof err) < 0);
    assert_null(m);
    if (!strstr(err, fragment)) fail_msg("error '%s' lacks '%s'", err, fragment);
    if (!strstr(err, path)) fail_msg("error '%s' does not name %s", err, path);
}

static void huge_layer_count(gguf_writer_t *w)
{
    gguf_writer_set_u32(w, "llama.block_count", 1u << 30);
}
static void odd_kv_heads(gguf_writer_t *w)
{
    gguf_writer_set_u32(w, "llama.attention.head_count_kv", 3);
}
static void string_width(gguf_writer_t *w)
{
    gguf_writer_set_string(w, "llama.embedding_length", "32");
}
static void no_epsilon(gguf_writer_t *w)
{
    gguf_writer_set_f32(w, "llama.attention.layer_norm_rms_epsilon", -1.0f);
}
static void yarn_scaling(gguf_writer_t *w)
{
    gguf_writer_set_string(w, "llama.rope.scaling.type", "yarn");
}

static void test_absurd_hyperparameters_are_refused_by_name(void **state)
{
    (void)state;
    struct { void (*tweak)(gguf_writer_t *); const char *want; } cases[] = {
        {huge_layer_count, "'llama.block_count' = 1073741824 is out of range"},
        {odd_kv_heads, "head_count 4 is not a multiple of head_count_kv 3"},
        {string_width, "'llama.embedding_length' is not an unsigned 32-bit integer"},
        {no_epsilon, "'llama.attention.layer_norm_rms_epsilon' = -1 is out of range"},
        {yarn_scaling, "rope scaling 'yarn' is not supported"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/absurd-%zu.gguf", dir, i);
        write_llama_with(path, "llama", NULL, NULL, TENSOR_F32, cases[i].tweak);
        expect_error(path, cases[i].want);
    }
}

static void test_a_good_minimal_llama_loads_with_tied_output(void **state)
{
    (void)state;
    char path[128], err[256];
    snprintf(path, sizeof path, "%s/good.gguf", dir);
    write_llama(path, "llama", NULL, NULL, TENSOR_F32);
    model_t *m = NULL;
    if (model_load(&m, path, err, sizeof err) != 0) fail_msg("%s", err);
    assert_true(m->tied_output);
    assert_ptr_equal(m->output.data, m->token_embd.data);
    assert_int_equal(m->hp.n_kv_heads, HEADS); /* head_count_kv defaults to head_count */
    assert_int_equal(m->hp.head_dim, DIM / HEADS);
    assert_int_equal(m->hp.rope_dim, DIM / HEADS);
    assert_true(m->hp.rope_freq_base == 10000.0f);
    float row[DIM];
    assert_int_equal(model_embed_token(m, VOCAB - 1, row), 0);
    assert_int_equal(model_embed_token(m, VOCAB, row), -1);
    model_free(m);
    model_free(NULL);
}

static void test_missing_and_broken_files_are_named(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/absent.gguf", dir);
    expect_error(path, "absent.gguf");
    snprintf(path, sizeof path, "%s/text.gguf", dir);
    FILE *f = fopen(path, "w");
    fputs("this is not a model\n", f);
    fclose(f);
    expect_error(path, "text.gguf");
}

static void test_unsupported_architecture_is_named(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/mamba.gguf", dir);
    write_llama(path, "mamba", NULL, NULL, TENSOR_F32);
    expect_error(path, "unsupported architecture 'mamba'");
}

static void test_missing_tensor_is_named(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/no-up.gguf", dir);
    write_llama(path, "llama", "blk.0.ffn_up.weight", NULL, TENSOR_F32);
    expect_error(path, "missing tensor 'blk.0.ffn_up.weight'");
    snprintf(path, sizeof path, "%s/no-embd.gguf", dir);
    write_llama(path, "llama", "token_embd.weight", NULL, TENSOR_F32);
    expect_error(path, "token_embd.weight");
}

static void test_misshapen_tensor_is_named_with_both_shapes(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/short-k.gguf", dir);
    write_llama(path, "llama", NULL, "blk.0.attn_k.weight", TENSOR_F32);
    expect_error(path, "tensor 'blk.0.attn_k.weight' has shape [32, 31, 1, 1], expected [32, 32]");
}

static void test_unsupported_weight_type_is_named(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/i32.gguf", dir);
    write_llama(path, "llama", NULL, NULL, TENSOR_I32);
    expect_error(path, "'blk.0.attn_q.weight' has type I32");
}

static void test_qwen2_without_biases_is_refused(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/qwen2.gguf", dir);
    write_llama(path, "qwen2", NULL, NULL, TENSOR_F32);
    expect_error(path, "missing tensor 'blk.0.attn_q.bias'");
}

static void test_synthetic_real_shape_reports_its_hyperparameters(void **state)
{
    (void)state;
    /* qwen3 at a reduced depth but with the real head layout: 16 heads of 128 over dim 1024 */
    synth_shape_t s = *synth_shape_find("qwen3-0.6b");
    s.n_layers = 1;
    s.n_vocab = 300;
    char path[128], err[256];
    snprintf(path, sizeof path, "%s/qwen3.gguf", dir);
    if (synth_write(&s, "q8_0", 5, path, err, sizeof err) != 0) fail_msg("%s", err);
    model_t *m = NULL;
    if (model_load(&m, path, err, sizeof err) != 0) fail_msg("%s", err);
    assert_int_equal(m->hp.arch, MODEL_ARCH_QWEN3);
    assert_int_equal(m->hp.head_dim, 128);
    assert_int_equal(m->hp.n_heads * m->hp.head_dim, 2048);
    assert_int_equal(m->hp.rope_type, MODEL_ROPE_NEOX);
    assert_non_null(m->layers[0].q_norm);
    assert_null(m->layers[0].bq);
    assert_true(m->tied_output);
    assert_int_equal(m->layers[0].wq.type, TENSOR_Q8_0);
    model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_good_minimal_llama_loads_with_tied_output),
        cmocka_unit_test(test_missing_and_broken_files_are_named),
        cmocka_unit_test(test_unsupported_architecture_is_named),
        cmocka_unit_test(test_absurd_hyperparameters_are_refused_by_name),
        cmocka_unit_test(test_missing_tensor_is_named),
        cmocka_unit_test(test_misshapen_tensor_is_named_with_both_shapes),
        cmocka_unit_test(test_unsupported_weight_type_is_named),
        cmocka_unit_test(test_qwen2_without_biases_is_refused),
        cmocka_unit_test(test_synthetic_real_shape_reports_its_hyperparameters),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
