/* test_slm_sampler.c — greedy, masks, seeds, temperature, top-k, top-p and min-p choices. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "slm/sampler.h"

static sampler_t *make(float temp, int top_k, float top_p, float min_p, uint64_t seed, int vocab)
{
    sampler_params_t p = {.temperature = temp, .top_k = top_k, .top_p = top_p, .min_p = min_p,
                          .seed = seed};
    sampler_t *s = NULL;
    char err[128];
    assert_int_equal(sampler_new(&s, &p, vocab, err, sizeof err), 0);
    return s;
}

static void test_greedy_takes_the_argmax_and_the_lowest_id_on_ties(void **state)
{
    (void)state;
    float logits[6] = {0.1f, 2.0f, -1.0f, 3.5f, 3.5f, NAN};
    sampler_t *s = make(0.0f, 0, 1.0f, 0.0f, 1, 6);
    int32_t tok = -1;
    assert_int_equal(sampler_sample(s, logits, NULL, &tok), 0);
    assert_int_equal(tok, 3);
    sampler_free(s);
    sampler_free(NULL);
}

static void test_mask_excludes_tokens_and_empty_mask_fails(void **state)
{
    (void)state;
    enum { V = 70 };
    float logits[V];
    for (int i = 0; i < V; i++) logits[i] = (float)i; /* 69 is best */
    uint32_t mask[3] = {0, 0, 0};
    mask[40 / 32] |= 1u << (40 % 32);
    mask[5 / 32] |= 1u << 5;
    sampler_t *s = make(0.0f, 0, 1.0f, 0.0f, 1, V);
    int32_t tok = -1;
    assert_int_equal(sampler_sample(s, logits, mask, &tok), 0);
    assert_int_equal(tok, 40);
    sampler_free(s);

    /* random sampling must also stay inside the mask */
    s = make(5.0f, 0, 1.0f, 0.0f, 7, V);
    for (int i = 0; i < 200; i++) {
        assert_int_equal(sampler_sample(s, logits, mask, &tok), 0);
        assert_true(tok == 40 || tok == 5);
    }
    uint32_t none[3] = {0, 0, 0};
    assert_int_equal(sampler_sample(s, logits, none, &tok), -1);
    float all_dead[V];
    for (int i = 0; i < V; i++) all_dead[i] = -INFINITY;
    assert_int_equal(sampler_sample(s, all_dead, NULL, &tok), -1);
    sampler_free(s);
}

static void test_same_seed_same_choices_other_seed_differs(void **state)
{
    (void)state;
    enum { V = 50, N = 64 };
    float logits[V];
    for (int i = 0; i < V; i++) logits[i] = 0.0f; /* uniform */
    int32_t a[N], b[N], c[N];
    sampler_t *s1 = make(1.0f, 0, 1.0f, 0.0f, 42, V);
    sampler_t *s2 = make(1.0f, 0, 1.0f, 0.0f, 42, V);
    sampler_t *s3 = make(1.0f, 0, 1.0f, 0.0f, 43, V);
    for (int i = 0; i < N; i++) {
        assert_int_equal(sampler_sample(s1, logits, NULL, &a[i]), 0);
        assert_int_equal(sampler_sample(s2, logits, NULL, &b[i]), 0);
        assert_int_equal(sampler_sample(s3, logits, NULL, &c[i]), 0);
    }
    assert_memory_equal(a, b, sizeof a);
    assert_true(memcmp(a, c, sizeof a) != 0);
    sampler_reseed(s1, 42);
    int32_t again;
    assert_int_equal(sampler_sample(s1, logits, NULL, &again), 0);
    assert_int_equal(again, a[0]);
    for (int i = 0; i < 1000; i++) {
        double u = sampler_random_unit(s1);
        assert_true(u >= 0.0 && u < 1.0);
    }
    sampler_free(s1);
    sampler_free(s2);
    sampler_free(s3);
}

static void test_temperature_one_follows_the_softmax(void **state)
{
    (void)state;
    float logits[2] = {logf(0.75f), logf(0.25f)};
    sampler_t *s = make(1.0f, 0, 1.0f, 0.0f, 3, 2);
    int count0 = 0, n = 20000;
    for (int i = 0; i < n; i++) {
        int32_t t;
        assert_int_equal(sampler_sample(s, logits, NULL, &t), 0);
        count0 += t == 0;
    }
    double f = (double)count0 / n;
    assert_true(fabs(f - 0.75) < 0.02);
    sampler_free(s);

    /* a high temperature flattens it */
    s = make(100.0f, 0, 1.0f, 0.0f, 3, 2);
    count0 = 0;
    for (int i = 0; i < n; i++) {
        int32_t t;
        assert_int_equal(sampler_sample(s, logits, NULL, &t), 0);
        count0 += t == 0;
    }
    f = (double)count0 / n;
    assert_true(fabs(f - 0.5) < 0.03);
    sampler_free(s);
}

static void test_top_k_keeps_only_the_k_best(void **state)
{
    (void)state;
    enum { V = 1000 };
    float logits[V];
    srand(5);
    for (int i = 0; i < V; i++) logits[i] = (float)(rand() % 1000) / 1000.0f;
    logits[123] = 5.0f;
    logits[777] = 4.9f;
    logits[4] = 4.8f;
    sampler_t *s = make(10.0f, 3, 1.0f, 0.0f, 9, V);
    int seen[3] = {0, 0, 0};
    for (int i = 0; i < 3000; i++) {
        int32_t t;
        assert_int_equal(sampler_sample(s, logits, NULL, &t), 0);
        assert_true(t == 123 || t == 777 || t == 4);
        seen[t == 123 ? 0 : t == 777 ? 1 : 2]++;
    }
    assert_true(seen[0] > 0 && seen[1] > 0 && seen[2] > 0);
    sampler_free(s);
}

static void test_top_p_and_min_p_cut_the_tail(void **state)
{
    (void)state;
    float logits[4] = {logf(0.5f), logf(0.3f), logf(0.15f), logf(0.05f)};
    sampler_t *s = make(1.0f, 0, 0.7f, 0.0f, 11, 4);
    int seen[4] = {0};
    for (int i = 0; i < 4000; i++) {
        int32_t t;
        assert_int_equal(sampler_sample(s, logits, NULL, &t), 0);
        seen[t]++;
    }
    assert_true(seen[0] > 0 && seen[1] > 0);
    assert_int_equal(seen[2] + seen[3], 0);
    sampler_free(s);

    s = make(1.0f, 0, 1.0f, 0.25f, 11, 4); /* keeps p >= 0.125: tokens 0, 1, 2 */
    memset(seen, 0, sizeof seen);
    for (int i = 0; i < 4000; i++) {
        int32_t t;
        assert_int_equal(sampler_sample(s, logits, NULL, &t), 0);
        seen[t]++;
    }
    assert_true(seen[0] > 0 && seen[1] > 0 && seen[2] > 0);
    assert_int_equal(seen[3], 0);
    sampler_free(s);
}

static int compare_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* The prefilter must not change the nucleus: check against a full sort on a big vocab. */
static void test_top_p_on_a_large_vocab_matches_a_full_sort(void **state)
{
    (void)state;
    enum { V = 5000 };
    float *logits = malloc(V * sizeof *logits);
    double *probs = malloc(V * sizeof *probs);
    srand(17);
    double z = 0;
    for (int i = 0; i < V; i++) {
        logits[i] = (float)((rand() % 10000) / 1000.0);
        z += exp(logits[i]);
    }
    for (int i = 0; i < V; i++) probs[i] = exp(logits[i]) / z;
    double *sorted = malloc(V * sizeof *sorted);
    memcpy(sorted, probs, V * sizeof *sorted);
    qsort(sorted, V, sizeof *sorted, compare_desc);
    double cum = 0, cutoff = 0;
    for (int i = 0; i < V; i++) {
        cum += sorted[i];
        if (cum >= 0.9) {
            cutoff = sorted[i];
            break;
        }
    }
    sampler_t *s = make(1.0f, 0, 0.9f, 0.0f, 2, V);
    int below = 0;
    for (int i = 0; i < 5000; i++) {
        int32_t t;
        assert_int_equal(sampler_sample(s, logits, NULL, &t), 0);
        below += probs[t] < cutoff * (1 - 1e-5);
    }
    assert_int_equal(below, 0);
    sampler_free(s);
    free(logits);
    free(probs);
    free(sorted);
}

static void test_bad_parameters_are_refused_with_a_message(void **state)
{
    (void)state;
    sampler_t *s = (sampler_t *)1;
    char err[128] = "";
    sampler_params_t p = sampler_params_default();
    p.top_p = 1.5f;
    assert_int_equal(sampler_new(&s, &p, 10, err, sizeof err), -1);
    assert_null(s);
    assert_non_null(strstr(err, "top-p"));
    p = sampler_params_default();
    p.top_k = -2;
    assert_int_equal(sampler_new(&s, &p, 10, err, sizeof err), -1);
    assert_non_null(strstr(err, "top-k"));
    p = sampler_params_default();
    assert_int_equal(sampler_new(&s, &p, 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "vocabulary"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_greedy_takes_the_argmax_and_the_lowest_id_on_ties),
        cmocka_unit_test(test_mask_excludes_tokens_and_empty_mask_fails),
        cmocka_unit_test(test_same_seed_same_choices_other_seed_differs),
        cmocka_unit_test(test_temperature_one_follows_the_softmax),
        cmocka_unit_test(test_top_k_keeps_only_the_k_best),
        cmocka_unit_test(test_top_p_and_min_p_cut_the_tail),
        cmocka_unit_test(test_top_p_on_a_large_vocab_matches_a_full_sort),
        cmocka_unit_test(test_bad_parameters_are_refused_with_a_message),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
