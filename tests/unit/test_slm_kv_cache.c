/* test_slm_kv_cache.c — keys and values come back where they were stored: exactly in F32,
 * rounded to half precision in F16, with the F16C path bit-identical to the scalar one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "slm/kv_cache.h"
#include "slm/quant.h"

enum { LAYERS = 3, HEADS = 2, HEAD_DIM = 24, CTX = 16 };

static void fill(float *row, int n, unsigned seed)
{
    srand(seed);
    for (int i = 0; i < n; i++) row[i] = (float)(rand() % 20001 - 10000) / 997.0f;
}

static void store_everything(kv_cache_t *kv)
{
    float k[HEAD_DIM], v[HEAD_DIM];
    for (uint32_t l = 0; l < LAYERS; l++)
        for (uint32_t h = 0; h < HEADS; h++)
            for (uint32_t p = 0; p < CTX; p++) {
                fill(k, HEAD_DIM, 1 + l * 1000 + h * 100 + p);
                fill(v, HEAD_DIM, 50000 + l * 1000 + h * 100 + p);
                kv_cache_store(kv, l, h, p, k, v);
            }
}

static void test_f32_cache_returns_exact_rows_in_place(void **state)
{
    (void)state;
    kv_cache_t kv;
    assert_int_equal(kv_cache_init(&kv, KV_CACHE_F32, LAYERS, HEADS, HEAD_DIM, CTX), 0);
    assert_int_equal(kv_cache_bytes(&kv), 2ull * LAYERS * HEADS * HEAD_DIM * CTX * 4);
    store_everything(&kv);
    float want[HEAD_DIM];
    const float *keys = kv_cache_keys(&kv, 2, 1, CTX, NULL);
    const float *values = kv_cache_values(&kv, 2, 1, CTX, NULL);
    for (uint32_t p = 0; p < CTX; p++) {
        fill(want, HEAD_DIM, 1 + 2 * 1000 + 1 * 100 + p);
        assert_memory_equal(keys + p * HEAD_DIM, want, sizeof want);
        fill(want, HEAD_DIM, 50000 + 2 * 1000 + 1 * 100 + p);
        assert_memory_equal(values + p * HEAD_DIM, want, sizeof want);
    }
    kv_cache_destroy(&kv);
}

static void test_f16_cache_rounds_to_half_and_simd_matches_scalar(void **state)
{
    (void)state;
    kv_cache_t simd, scalar;
    assert_int_equal(kv_cache_init(&simd, KV_CACHE_F16, LAYERS, HEADS, HEAD_DIM, CTX), 0);
    assert_int_equal(kv_cache_init(&scalar, KV_CACHE_F16, LAYERS, HEADS, HEAD_DIM, CTX), 0);
    scalar.use_f16c = false;
    assert_int_equal(kv_cache_bytes(&simd), 2ull * LAYERS * HEADS * HEAD_DIM * CTX * 2);
    store_everything(&simd);
    store_everything(&scalar);
    /* the stored halves are identical whichever path wrote them */
    size_t n = (size_t)LAYERS * HEADS * HEAD_DIM * CTX;
    assert_memory_equal(simd.k, scalar.k, n * 2);
    assert_memory_equal(simd.v, scalar.v, n * 2);

    float *buf_a = malloc(CTX * HEAD_DIM * sizeof(float));
    float *buf_b = malloc(CTX * HEAD_DIM * sizeof(float));
    const float *a = kv_cache_keys(&simd, 1, 0, CTX, buf_a);
    const float *b = kv_cache_keys(&scalar, 1, 0, CTX, buf_b);
    assert_ptr_equal(a, buf_a);
    assert_memory_equal(a, b, CTX * HEAD_DIM * sizeof(float));
    float want[HEAD_DIM];
    for (uint32_t p = 0; p < CTX; p++) {
        fill(want, HEAD_DIM, 1 + 1 * 1000 + 0 * 100 + p);
        for (int d = 0; d < HEAD_DIM; d++) {
            assert_true(fabsf(a[p * HEAD_DIM + d] - want[d]) <= fabsf(want[d]) * 0x1p-11f);
            assert_true(a[p * HEAD_DIM + d] == quant_f16_to_f32(quant_f32_to_f16(want[d])));
        }
    }
    free(buf_a);
    free(buf_b);
    kv_cache_destroy(&simd);
    kv_cache_destroy(&scalar);
}

/* The decode kernels reading halves directly agree with widening first, then float math. */
static void test_direct_f16_scores_and_weighted_sum(void **state)
{
    (void)state;
    kv_cache_t kv;
    assert_int_equal(kv_cache_init(&kv, KV_CACHE_F16, LAYERS, HEADS, HEAD_DIM, CTX), 0);
    if (!kv.use_f16c) {
        kv_cache_destroy(&kv);
        skip(); /* no F16C on this CPU: forward.c widens instead, tested elsewhere */
    }
    store_everything(&kv);
    float q[HEAD_DIM], keys[CTX * HEAD_DIM], values[CTX * HEAD_DIM], scores[CTX], out[HEAD_DIM];
    fill(q, HEAD_DIM, 777);
    kv_cache_keys(&kv, 1, 1, CTX, keys);
    kv_cache_values(&kv, 1, 1, CTX, values);
    kv_cache_scores_f16_avx2(q, kv_cache_keys_f16(&kv, 1, 1), CTX, HEAD_DIM, 0.5f, scores);
    for (int s = 0; s < CTX; s++) {
        double want = 0;
        for (int d = 0; d < HEAD_DIM; d++) want += (double)q[d] * keys[s * HEAD_DIM + d];
        assert_true(fabs(scores[s] - 0.5 * want) <= 1e-5 * (1 + fabs(want)));
        scores[s] = (float)(s + 1) / CTX; /* weights for the sum below */
    }
    kv_cache_weighted_sum_f16_avx2(scores, kv_cache_values_f16(&kv, 1, 1), CTX, HEAD_DIM, out);
    for (int d = 0; d < HEAD_DIM; d++) {
        double want = 0;
        for (int s = 0; s < CTX; s++) want += (double)scores[s] * values[s * HEAD_DIM + d];
        assert_true(fabs(out[d] - want) <= 1e-5 * (1 + fabs(want)));
    }
    kv_cache_destroy(&kv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_f32_cache_returns_exact_rows_in_place),
        cmocka_unit_test(test_f16_cache_rounds_to_half_and_simd_matches_scalar),
        cmocka_unit_test(test_direct_f16_scores_and_weighted_sum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
