/* test_slm_forward_stories.c — a real trained model (stories260K, F32, GQA) and a real
 * F16 file (llama-2-tiny-random) against the float64 reference: greedy continuation of
 * "Once upon a time" identical token for token, logits within 1e-4 relative
 * (max |a-b| / max |b|) at every prompt position and every generated step, on the scalar
 * kernels and on the best SIMD path of this CPU. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "slm/model.h"
#include "slm/session.h"
#include "slm/tokenizer.h"
#include "tests/unit/helpers/ref_forward.h"
#include "tests/unit/helpers/shared_files.h"

/* the two models, in the shared folder (a test without them is skipped) */
#define STORIES "models/stories260K.gguf"
#define TINY_F16 "models/llama-2-tiny-random.gguf"

static int argmax_f(const float *x, int n)
{
    int best = 0;
    for (int i = 1; i < n; i++)
        if (x[i] > x[best]) best = i;
    return best;
}

/* Runs prompt + n_steps greedy tokens on both sides; returns the generated ids (malloc'd). */
static int32_t *greedy_against_reference(const char *path, const char *prompt, int n_steps,
                                         bool force_scalar, double *worst_out)
{
    char err[256];
    model_t *model = NULL;
    ref_model_t *ref = NULL;
    tokenizer_t *tok = NULL;
    if (model_load(&model, path, err, sizeof err) != 0) fail_msg("load: %s", err);
    if (tokenizer_from_gguf(&tok, model->file, err, sizeof err) != 0) fail_msg("tok: %s", err);
    int32_t *prompt_ids = NULL;
    size_t n_prompt = 0;
    if (tokenizer_encode(tok, prompt, strlen(prompt), true, false, &prompt_ids, &n_prompt, err,
                         sizeof err) != 0)
        fail_msg("encode: %s", err);
    assert_true(n_prompt >= 2);
    if (ref_model_load(&ref, path, 256, err, sizeof err) != 0) fail_msg("ref: %s", err);
    int vocab = ref_model_vocab(ref);
    session_options_t opts = {.n_ctx = 256, .n_threads = 2, .logits_all = true,
                              .force_scalar = force_scalar, .kv_type = KV_CACHE_F32};
    session_t *s = NULL;
    if (session_new(&s, model, &opts, err, sizeof err) != 0) fail_msg("session: %s", err);
    if (session_eval(s, prompt_ids, n_prompt, err, sizeof err) != 0) fail_msg("eval: %s", err);

    double *want = malloc((size_t)vocab * sizeof *want), worst = 0;
    for (size_t i = 0; i < n_prompt; i++) {
        assert_int_equal(ref_model_step(ref, prompt_ids[i], want), 0);
        double e = ref_relative_error(session_logits_at(s, i), want, (size_t)vocab);
        if (e > worst) worst = e;
        if (e > 1e-4) fail_msg("%s: prompt position %zu: relative error %.3g", path, i, e);
    }
    int32_t *out = malloc((size_t)n_steps * sizeof *out);
    for (int step = 0; step < n_steps; step++) {
        int mine = argmax_f(session_logits(s), vocab), theirs = 0;
        for (int i = 1; i < vocab; i++)
            if (want[i] > want[theirs]) theirs = i;
        if (mine != theirs)
            fail_msg("%s: step %d: token %d, reference %d", path, step, mine, theirs);
        out[step] = mine;
        if (session_append(s, mine, err, sizeof err) != 0) fail_msg("append: %s", err);
        assert_int_equal(ref_model_step(ref, mine, want), 0);
        double e = ref_relative_error(session_logits(s), want, (size_t)vocab);
        if (e > worst) worst = e;
        if (e > 1e-4) fail_msg("%s: step %d: relative error %.3g", path, step, e);
    }
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(tokenizer_decode(tok, out, (size_t)n_steps, &text, &len), 0);
    print_message("    %s [%s] max relative error %.2e: %s|%s\n", strrchr(path, '/') + 1,
                  force_scalar ? "scalar" : session_isa_name(s), worst, prompt, text);
    *worst_out = worst;
    free(text);
    free(want);
    free(prompt_ids);
    session_free(s);
    ref_model_free(ref);
    tokenizer_free(tok);
    model_free(model);
    return out;
}

static void test_stories260k_greedy_continuation_matches_reference(void **state)
{
    (void)state;
    enum { STEPS = 48 };
    double worst_scalar, worst_simd;
    char path[512];
    SHARED_REQUIRE(path, STORIES);
    int32_t *a = greedy_against_reference(path, "Once upon a time", STEPS, true,
                                          &worst_scalar);
    int32_t *b = greedy_against_reference(path, "Once upon a time", STEPS, false,
                                          &worst_simd);
    assert_memory_equal(a, b, STEPS * sizeof *a);
    /* the AVX2 path too, on a CPU whose best path is AVX-512 (ASSAY_CPU caps it) */
    const char *v = getenv("ASSAY_CPU");
    char *saved = v ? strdup(v) : NULL;
    setenv("ASSAY_CPU", "avx2", 1);
    int32_t *c = greedy_against_reference(path, "Once upon a time", STEPS, false,
                                          &worst_simd);
    if (saved) setenv("ASSAY_CPU", saved, 1);
    else unsetenv("ASSAY_CPU");
    free(saved);
    assert_memory_equal(a, c, STEPS * sizeof *a);
    free(a);
    free(b);
    free(c);
}

static void test_llama2_tiny_random_f16_matches_reference(void **state)
{
    (void)state;
    double worst;
    char path[512];
    SHARED_REQUIRE(path, TINY_F16);
    free(greedy_against_reference(path, "int main(void) { return 0; }", 16, true, &worst));
    free(greedy_against_reference(path, "int main(void) { return 0; }", 16, false, &worst));
}

static void test_stories260k_hyperparameters_are_read(void **state)
{
    (void)state;
    char err[256];
    model_t *m = NULL;
    char path[512];
    SHARED_REQUIRE(path, STORIES);
    if (model_load(&m, path, err, sizeof err) != 0) fail_msg("%s", err);
    assert_int_equal(m->hp.arch, MODEL_ARCH_LLAMA);
    assert_int_equal(m->hp.n_embd, 64);
    assert_int_equal(m->hp.n_layers, 5);
    assert_int_equal(m->hp.n_heads, 8);
    assert_int_equal(m->hp.n_kv_heads, 4);
    assert_int_equal(m->hp.head_dim, 8);
    assert_int_equal(m->hp.n_ff, 172);
    assert_int_equal(m->hp.n_vocab, 512);
    assert_int_equal(m->hp.rope_type, MODEL_ROPE_NORMAL);
    assert_false(m->tied_output);
    model_memory_t mem = model_memory_estimate(m, 2048, 512, 4);
    assert_int_equal(mem.kv_cache, 2048ull * 5 * 4 * 8 * 2 * 4);
    assert_true(mem.weights > 1000000 && mem.weights < 1200000);
    model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stories260k_hyperparameters_are_read),
        cmocka_unit_test(test_stories260k_greedy_continuation_matches_reference),
        cmocka_unit_test(test_llama2_tiny_random_f16_matches_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
