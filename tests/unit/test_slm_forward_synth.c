/* test_slm_forward_synth.c — the forward pass against the float64 reference on tiny
 * synthetic llama (GQA, separate output), qwen2 (biases, NeoX RoPE) and qwen3 (Q/K norm,
 * head size ≠ dim / heads) models written at test time, in every weight type; prefix reuse;
 * context overflow.
 *
 * Tolerances: F32/F16/BF16 weights are multiplied in float against float activations, so
 * the only error is float32 rounding: logits within 1e-4 relative (max |a-b| / max |b|).
 * Quantized weights are dotted with activations quantized to 8 bits (Q8_0 / Q8_K blocks,
 * as llama.cpp does, in decode and in the int8 prompt GEMM): rounding to 1/127 of a
 * block's largest value leaves each activation about 0.5 % (rms) off, more in the SwiGLU
 * output whose blocks hold outliers, and seven such products per layer compound. The
 * reference runs the same dequantized weights with exact activations. On these
 * random-weight models the logits are close to noise (max |b| small), which makes the
 * relative figure look large: 1.2 to 2.4 % measured, bound 4e-2. A layout mistake (wrong
 * scale, nibble order, block stride) gives errors of order 1. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <math.h>
#include <cmocka.h>

#include "slm/model.h"
#include "slm/session.h"
#include "slm/synth.h"
#include "tests/unit/helpers/ref_forward.h"
#include "tests/unit/helpers/temp_dir.h"

static char dir[256];

static int setup(void **state)
{
    (void)state;
    return temp_dir_make(dir, sizeof dir, "forward");
}

static int teardown(void **state)
{
    (void)state;
    return temp_dir_remove(dir);
}

static const synth_shape_t tiny_llama = {"tiny-llama", MODEL_ARCH_LLAMA, 64, 2, 4, 2, 0, 96,
                                         300, 256, 10000.0f, 1e-5f, false, 0.0f, false};
static const synth_shape_t tiny_qwen2 = {"tiny-qwen2", MODEL_ARCH_QWEN2, 64, 2, 4, 1, 0, 128,
                                         300, 256, 1000000.0f, 1e-6f, true, 0.0f, false};
static const synth_shape_t tiny_qwen3 = {"tiny-qwen3", MODEL_ARCH_QWEN3, 64, 2, 4, 2, 32, 96,
                                         300, 256, 1000000.0f, 1e-6f, true, 0.0f, false};
/* rows of 256 so every K-quant applies */
static const synth_shape_t quant_llama = {"quant-llama", MODEL_ARCH_LLAMA, 256, 2, 4, 2, 0, 512,
                                          300, 256, 10000.0f, 1e-5f, false, 0.0f, false};

static void write_model(const synth_shape_t *shape, const char *type, char *path, size_t n)
{
    char err[256];
    snprintf(path, n, "%s/%s-%s.gguf", dir, shape->name, type);
    if (synth_write(shape, type, 1234, path, err, sizeof err) != 0) fail_msg("synth: %s", err);
}

static int argmax_f(const float *x, int n)
{
    int best = 0;
    for (int i = 1; i < n; i++)
        if (x[i] > x[best]) best = i;
    return best;
}

static int argmax_d(const double *x, int n)
{
    int best = 0;
    for (int i = 1; i < n; i++)
        if (x[i] > x[best]) best = i;
    return best;
}

/* Evaluates a prompt of n_prompt pseudo-random tokens in one batch (logits at every
 * position checked), then decodes n_steps tokens one by one. greedy: both sides choose by
 * argmax and must agree; else the reference's choice is fed to both (teacher forcing). */
static void compare_with_kv(const char *path, bool force_scalar, bool kv_f16, int n_prompt,
                            int n_steps, double tol, bool greedy)
{
    char err[256];
    model_t *model = NULL;
    ref_model_t *ref = NULL;
    if (model_load(&model, path, err, sizeof err) != 0) fail_msg("load: %s", err);
    if (ref_model_load(&ref, path, 256, err, sizeof err) != 0) fail_msg("ref: %s", err);
    int vocab = ref_model_vocab(ref);
    assert_int_equal(vocab, (int)model->hp.n_vocab);
    session_options_t opts = {.n_ctx = 128, .n_threads = 2, .logits_all = true,
                              .force_scalar = force_scalar,
                              .kv_type = kv_f16 ? KV_CACHE_F16 : KV_CACHE_F32};
    session_t *s = NULL;
    if (session_new(&s, model, &opts, err, sizeof err) != 0) fail_msg("session: %s", err);

    int32_t tokens[128];
    for (int i = 0; i < n_prompt; i++) tokens[i] = (int32_t)((i * 7919 + 13) % vocab);
    if (session_eval(s, tokens, (size_t)n_prompt, err, sizeof err) != 0)
        fail_msg("eval: %s", err);
    double *want = malloc((size_t)vocab * sizeof *want);
    double worst = 0;
    for (int i = 0; i < n_prompt; i++) {
        assert_int_equal(ref_model_step(ref, tokens[i], want), 0);
        const float *got = session_logits_at(s, (size_t)i);
        assert_non_null(got);
        double e = ref_relative_error(got, want, (size_t)vocab);
        if (e > worst) worst = e;
        if (e > tol)
            fail_msg("%s: prompt position %d: relative error %.3g > %.3g", path, i, e, tol);
    }
    for (int step = 0; step < n_steps; step++) {
        const float *got = session_logits(s);
        int next = argmax_d(want, vocab);
        if (greedy && argmax_f(got, vocab) != next)
            fail_msg("%s: step %d: greedy token %d, reference %d", path, step,
                     argmax_f(got, vocab), next);
        if (session_append(s, next, err, sizeof err) != 0) fail_msg("append: %s", err);
        assert_int_equal(ref_model_step(ref, next, want), 0);
        double e = ref_relative_error(session_logits(s), want, (size_t)vocab);
        if (e > worst) worst = e;
        if (e > tol) fail_msg("%s: decode step %d: relative error %.3g > %.3g", path, step, e, tol);
    }
    print_message("    %-40s %-11s KV %s max relative error %.2e\n", strrchr(path, '/') + 1,
                  force_scalar ? "scalar" : session_isa_name(s), kv_f16 ? "F16" : "F32", worst);
    free(want);
    session_free(s);
    ref_model_free(ref);
    model_free(model);
}

static void compare_with_reference(const char *path, bool force_scalar, int n_prompt,
                                   int n_steps, double tol, bool greedy)
{
    compare_with_kv(path, force_scalar, false, n_prompt, n_steps, tol, greedy);
}

/* An F16 KV cache rounds every key and value to 11 significant bits (relative error up to
 * 2^-11 ≈ 5e-4 each); through softmax and two layers the logits stay within 3e-3. */
static void test_f16_kv_cache_stays_close_to_reference(void **state)
{
    (void)state;
    char path[512];
    write_model(&tiny_qwen3, "f32", path, sizeof path);
    compare_with_kv(path, true, true, 40, 24, 3e-3, false);
    compare_with_kv(path, false, true, 40, 24, 3e-3, false);
    write_model(&tiny_llama, "f32", path, sizeof path);
    compare_with_kv(path, false, true, 40, 24, 3e-3, false);
}

/* Linear RoPE scaling and Llama-3 frequency factors (rope_freqs.weight) from the file. */
static void test_rope_scaling_and_frequency_factors_match_reference(void **state)
{
    (void)state;
    synth_shape_t shape = tiny_llama;
    shape.name = "tiny-llama-rope";
    shape.rope_scaling_factor = 4.0f;
    shape.rope_freq_factors = true;
    char path[512], err[256];
    write_model(&shape, "f32", path, sizeof path);
    model_t *m = NULL;
    if (model_load(&m, path, err, sizeof err) != 0) fail_msg("%s", err);
    assert_true(m->hp.rope_freq_scale == 0.25f);
    assert_non_null(m->rope_freqs);
    assert_true(m->rope_freqs[0] == 1.0f && m->rope_freqs[m->hp.rope_dim / 2 - 1] == 8.0f);
    model_free(m);
    compare_with_reference(path, true, 40, 24, 1e-4, true);
    compare_with_reference(path, false, 40, 24, 1e-4, true);
}

static void test_tiny_llama_gqa_separate_output_matches_reference(void **state)
{
    (void)state;
    char path[512];
    write_model(&tiny_llama, "f32", path, sizeof path);
    compare_with_reference(path, true, 40, 24, 1e-4, true);
    compare_with_reference(path, false, 40, 24, 1e-4, true);
}

static void test_tiny_qwen2_biases_neox_matches_reference(void **state)
{
    (void)state;
    char path[512];
    write_model(&tiny_qwen2, "f32", path, sizeof path);
    compare_with_reference(path, true, 40, 24, 1e-4, true);
    compare_with_reference(path, false, 40, 24, 1e-4, true);
}

static void test_tiny_qwen3_qk_norm_wide_heads_matches_reference(void **state)
{
    (void)state;
    char path[512];
    write_model(&tiny_qwen3, "f32", path, sizeof path);
    compare_with_reference(path, true, 40, 24, 1e-4, true);
    compare_with_reference(path, false, 40, 24, 1e-4, true);
}

static void test_every_weight_type_matches_reference_on_dequantized_weights(void **state)
{
    (void)state;
    static const char *const float_types[] = {"f16", "bf16"};
    static const char *const quant_types[] = {"q8_0", "q4_0", "q4_1", "q5_0", "q5_1",
                                              "q4_k", "q5_k", "q6_k", "q4_k_m", "q5_k_m"};
    char path[512];
    for (size_t i = 0; i < sizeof float_types / sizeof float_types[0]; i++) {
        write_model(&quant_llama, float_types[i], path, sizeof path);
        compare_with_reference(path, true, 36, 8, 1e-4, false);
        compare_with_reference(path, false, 36, 8, 1e-4, false);
    }
    for (size_t i = 0; i < sizeof quant_types / sizeof quant_types[0]; i++) {
        write_model(&quant_llama, quant_types[i], path, sizeof path);
        compare_with_reference(path, true, 36, 8, 4e-2, false);
        compare_with_reference(path, false, 36, 8, 4e-2, false);
    }
}

/* A prompt longer than the batch is evaluated in several batches, each attending to the
 * positions the previous ones cached: the last logits still match the reference. */
static void test_prompt_split_into_batches_matches_reference(void **state)
{
    (void)state;
    char path[512], err[256];
    static const char *const types[] = {"f32", "q4_k_m", "q8_0"};
    for (size_t ti = 0; ti < 3; ti++) {
        write_model(ti == 0 ? &tiny_qwen3 : &quant_llama, types[ti], path, sizeof path);
        model_t *model = NULL;
        ref_model_t *ref = NULL;
        if (model_load(&model, path, err, sizeof err) != 0) fail_msg("%s", err);
        if (ref_model_load(&ref, path, 64, err, sizeof err) != 0) fail_msg("%s", err);
        int vocab = ref_model_vocab(ref);
        double *want = malloc((size_t)vocab * sizeof *want);
        int32_t tokens[45];
        for (int i = 0; i < 45; i++) {
            tokens[i] = (int32_t)((i * 53 + 7) % vocab);
            assert_int_equal(ref_model_step(ref, tokens[i], want), 0);
        }
        for (uint32_t batch = 1; batch <= 16; batch *= 4) { /* 1, 4, 16 tokens per batch */
            session_options_t opts = {.n_ctx = 64, .n_batch = batch, .n_threads = 2,
                                      .kv_type = KV_CACHE_F32};
            session_t *s = NULL;
            assert_int_equal(session_new(&s, model, &opts, err, sizeof err), 0);
            if (session_eval(s, tokens, 45, err, sizeof err) != 0) fail_msg("%s", err);
            double e = ref_relative_error(session_logits(s), want, (size_t)vocab);
            double tol = ti == 0 ? 1e-4 : 4e-2;
            if (e > tol) fail_msg("%s batch %u: relative error %.3g > %.3g", path, batch, e, tol);
            session_free(s);
        }
        free(want);
        ref_model_free(ref);
        model_free(model);
    }
}

/* A second prompt sharing a prefix evaluates only its suffix, and gives the same logits
 * as a fresh session evaluating it whole. */
static void test_prefix_reuse_evaluates_only_the_suffix_with_the_same_logits(void **state)
{
    (void)state;
    char path[512], err[256];
    write_model(&tiny_qwen2, "f32", path, sizeof path);
    model_t *model = NULL;
    if (model_load(&model, path, err, sizeof err) != 0) fail_msg("%s", err);
    session_options_t opts = {.n_ctx = 128, .n_batch = 16, .n_threads = 2,
                              .kv_type = KV_CACHE_F32};
    session_t *warm = NULL, *fresh = NULL;
    assert_int_equal(session_new(&warm, model, &opts, err, sizeof err), 0);
    assert_int_equal(session_new(&fresh, model, &opts, err, sizeof err), 0);
    int32_t a[60], b[70];
    for (int i = 0; i < 60; i++) a[i] = (int32_t)((i * 31 + 5) % 300);
    for (int i = 0; i < 70; i++) b[i] = i < 50 ? a[i] : (int32_t)((i * 17 + 3) % 300);
    assert_int_equal(session_eval(warm, a, 60, err, sizeof err), 0);
    assert_int_equal(session_last_evaluated(warm), 60);
    assert_int_equal(session_eval(warm, b, 70, err, sizeof err), 0);
    assert_int_equal(session_last_reused(warm), 50);
    assert_int_equal(session_last_evaluated(warm), 20);
    assert_int_equal(session_n_past(warm), 70);
    assert_int_equal(session_eval(fresh, b, 70, err, sizeof err), 0);
    assert_int_equal(session_last_reused(fresh), 0);
    const float *lw = session_logits(warm), *lf = session_logits(fresh);
    double max_diff = 0, max_ref = 0;
    for (uint32_t i = 0; i < model->hp.n_vocab; i++) {
        max_diff = fmax(max_diff, fabs(lw[i] - lf[i]));
        max_ref = fmax(max_ref, fabs(lf[i]));
    }
    assert_true(max_diff <= 1e-5 * max_ref);
    /* the same sequence again: only its last token is recomputed */
    assert_int_equal(session_eval(warm, b, 70, err, sizeof err), 0);
    assert_int_equal(session_last_reused(warm), 69);
    assert_int_equal(session_last_evaluated(warm), 1);
    /* a shorter sequence that is a prefix of the cache */
    assert_int_equal(session_eval(warm, b, 30, err, sizeof err), 0);
    assert_int_equal(session_last_reused(warm), 29);
    assert_int_equal(session_n_past(warm), 30);
    session_free(warm);
    session_free(fresh);
    model_free(model);
}

static void test_prompt_longer_than_context_is_refused_not_truncated(void **state)
{
    (void)state;
    char path[512], err[256] = "";
    write_model(&tiny_llama, "f32", path, sizeof path);
    model_t *model = NULL;
    assert_int_equal(model_load(&model, path, err, sizeof err), 0);
    session_options_t opts = {.n_ctx = 32, .n_threads = 1};
    session_t *s = NULL;
    assert_int_equal(session_new(&s, model, &opts, err, sizeof err), 0);
    int32_t tokens[33] = {0};
    assert_true(session_eval(s, tokens, 33, err, sizeof err) < 0);
    assert_non_null(strstr(err, "33 tokens"));
    assert_non_null(strstr(err, "context of 32"));
    assert_int_equal(session_n_past(s), 0);
    assert_int_equal(session_eval(s, tokens, 32, err, sizeof err), 0);
    assert_true(session_append(s, 1, err, sizeof err) < 0); /* full */
    int32_t bad = 300;
    assert_true(session_eval(s, &bad, 1, err, sizeof err) < 0);
    assert_non_null(strstr(err, "vocabulary"));
    session_free(s);
    model_free(model);
}

static void test_synth_writes_real_shapes_metadata(void **state)
{
    (void)state;
    const synth_shape_t *s = synth_shape_find("Qwen3-0.6B");
    assert_non_null(s);
    assert_int_equal(s->head_dim, 128);
    assert_null(synth_shape_find("gpt-5"));
    assert_true(synth_type_valid("q4_k_m"));
    assert_false(synth_type_valid("q3_k"));
    /* Q4_K_M of SmolLM2-135M: rows of 576 are not a multiple of 256 → Q5_0 / Q8_0 fallbacks;
     * the mix must stay between plain Q4_0 and Q8_0 in size */
    const synth_shape_t *smol = synth_shape_find("smollm2-135m");
    uint64_t q4km = synth_weight_bytes(smol, "q4_k_m"), q8 = synth_weight_bytes(smol, "q8_0"),
             q4 = synth_weight_bytes(smol, "q4_0");
    assert_true(q4 < q4km && q4km < q8);
    char err[256];
    assert_true(synth_write(smol, "q3_k", 1, "/nonexistent/x.gguf", err, sizeof err) < 0);
    assert_non_null(strstr(err, "q3_k"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tiny_llama_gqa_separate_output_matches_reference),
        cmocka_unit_test(test_tiny_qwen2_biases_neox_matches_reference),
        cmocka_unit_test(test_tiny_qwen3_qk_norm_wide_heads_matches_reference),
        cmocka_unit_test(test_rope_scaling_and_frequency_factors_match_reference),
        cmocka_unit_test(test_every_weight_type_matches_reference_on_dequantized_weights),
        cmocka_unit_test(test_f16_kv_cache_stays_close_to_reference),
        cmocka_unit_test(test_prompt_split_into_batches_matches_reference),
        cmocka_unit_test(test_prefix_reuse_evaluates_only_the_suffix_with_the_same_logits),
        cmocka_unit_test(test_prompt_longer_than_context_is_refused_not_truncated),
        cmocka_unit_test(test_synth_writes_real_shapes_metadata),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
