/* test_slm_batch_kernels.c — the per-row products of several tokens at once
 * (kernels_matmul_multi_rows, what a decode step of several sequences uses) give every token
 * bit for bit what a product of that token alone gives: every weight type, token counts
 * below, at and above a group of 16, rows with and without leftover blocks (the multi-token
 * kernels mirror the single dot's four accumulators and their leftovers), on the scalar,
 * AVX2 and best paths of this CPU. And the decode attention's group kernels (several query
 * heads over one F16 key/value head) against the one-query kernels, also bit for bit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "slm/kernels.h"
#include "slm/kv_cache.h"
#include "slm/quant.h"
#include "slm/tensor_type.h"
#include "core/threadpool.h"

static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* uniform in [-1, 1) */
static float rng_float(uint64_t *s) { return (float)(rng_next(s) >> 40) / (float)(1 << 23) - 1.0f; }

static void check_type(kernels_t *k, uint32_t type, int64_t cols, const char *path)
{
    char err[256];
    enum { ROWS = 37, MAX_TOKENS = 23 };
    size_t row_bytes = quant_row_bytes(type, cols);
    uint8_t *w = malloc(row_bytes * ROWS);
    float *x = malloc(sizeof(float) * (size_t)(MAX_TOKENS * cols));
    float *together = malloc(sizeof(float) * MAX_TOKENS * ROWS), alone[ROWS];
    uint64_t seed = 0x9e3779b97f4a7c15ull ^ type;
    float *row = malloc(sizeof(float) * (size_t)cols);
    for (int r = 0; r < ROWS; r++) {
        for (int64_t c = 0; c < cols; c++) row[c] = rng_float(&seed) * (1.0f + (float)(c % 5));
        assert_int_equal(quant_quantize_row(type, row, w + row_bytes * (size_t)r, cols), 0);
    }
    /* activations of very different sizes per token, some blocks all zero */
    for (int64_t i = 0; i < MAX_TOKENS * cols; i++)
        x[i] = (i / 32) % 11 == 3 ? 0.0f : rng_float(&seed) * (float)(1 + (i / cols) % 4) * 3.0f;
    tensor_view_t view = {type, w, ROWS, cols};
    static const int counts[] = {2, 3, 5, 16, 17, 23};
    for (size_t ci = 0; ci < sizeof counts / sizeof counts[0]; ci++) {
        int n = counts[ci];
        if (kernels_matmul_multi_rows(k, &view, 1, x, n, &together, err, sizeof err) != 0)
            fail_msg("%s: %s", path, err);
        for (int t = 0; t < n; t++) {
            float *y = alone;
            if (kernels_matmul(k, &view, x + (size_t)t * (size_t)cols, 1, y, err, sizeof err) != 0)
                fail_msg("%s: %s", path, err);
            if (memcmp(alone, together + (size_t)t * ROWS, sizeof alone) != 0) {
                int r = 0;
                while (alone[r] == together[(size_t)t * ROWS + r]) r++;
                fail_msg("%s %s cols %lld: %d tokens, token %d row %d: %.9g together, %.9g alone",
                         path, tensor_type_info(type)->name, (long long)cols, n, t, r,
                         together[(size_t)t * ROWS + r], alone[r]);
            }
        }
    }
    free(row);
    free(w);
    free(x);
    free(together);
}

static void check_path(kernels_isa_t isa)
{
    static const uint32_t block32[] = {TENSOR_Q8_0, TENSOR_Q4_0, TENSOR_Q4_1, TENSOR_Q5_0,
                                       TENSOR_Q5_1};
    static const uint32_t others[] = {TENSOR_F32, TENSOR_F16, TENSOR_BF16, TENSOR_Q4_K,
                                      TENSOR_Q5_K, TENSOR_Q6_K};
    char err[256];
    threadpool_t *pool = NULL;
    assert_int_equal(threadpool_new(&pool, 2), 0);
    kernels_t *k = NULL;
    kernels_options_t opts = {.isa = isa};
    if (kernels_new(&k, pool, &opts, err, sizeof err) != 0) {
        threadpool_free(pool);
        print_message("    no %s path here: %s\n", isa == KERNELS_ISA_AVX2 ? "avx2" : "auto", err);
        return;
    }
    const char *path = kernels_isa_name(k);
    for (size_t i = 0; i < sizeof block32 / sizeof block32[0]; i++) {
        check_type(k, block32[i], 32 * 13, path); /* 3 groups of 4 blocks and a leftover */
        check_type(k, block32[i], 32 * 4, path);  /* one group, no leftover */
        check_type(k, block32[i], 32 * 2, path);  /* only leftovers */
        check_type(k, block32[i], 512, path);
    }
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) check_type(k, others[i], 512, path);
    print_message("    %s: every token of a multi-token product equals it alone\n", path);
    kernels_free(k);
    threadpool_free(pool);
}

static void test_scalar_path(void **state)
{
    (void)state;
    check_path(KERNELS_ISA_SCALAR);
}

static void test_avx2_path(void **state)
{
    (void)state;
    check_path(KERNELS_ISA_AVX2);
}

static void test_best_path(void **state)
{
    (void)state;
    check_path(KERNELS_ISA_AUTO);
}

/* Group attention kernels: 1 to 9 queries (passes of 4 and 3 with leftovers), head sizes
 * 64 and 40 (a partial register of outputs), against one query at a time. */
static void test_group_attention_kernels_equal_one_query_kernels(void **state)
{
    (void)state;
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma") ||
        !__builtin_cpu_supports("f16c")) {
        print_message("    no AVX2/FMA/F16C here: the group kernels are never called\n");
        return;
    }
    enum { N_POS = 77, MAX_Q = 9 };
    static const uint32_t dims[] = {64, 40};
    uint64_t seed = 12345;
    for (size_t di = 0; di < 2; di++) {
        uint32_t hd = dims[di];
        uint16_t keys[N_POS * 64], values[N_POS * 64];
        float q[MAX_Q * 64], scores[MAX_Q * N_POS], one[N_POS], out[MAX_Q * 64], one_out[64];
        float weights[MAX_Q * N_POS];
        for (size_t i = 0; i < (size_t)N_POS * hd; i++) {
            keys[i] = quant_f32_to_f16(rng_float(&seed) * 2.0f);
            values[i] = quant_f32_to_f16(rng_float(&seed) * 3.0f);
        }
        for (size_t i = 0; i < (size_t)MAX_Q * hd; i++) q[i] = rng_float(&seed);
        for (size_t i = 0; i < (size_t)MAX_Q * N_POS; i++) weights[i] = rng_float(&seed) + 1.0f;
        for (uint32_t n_q = 1; n_q <= MAX_Q; n_q++) {
            kv_cache_scores_f16_group_avx2(q, hd, n_q, keys, N_POS, hd, 0.125f, scores, N_POS);
            kv_cache_weighted_sum_f16_group_avx2(weights, N_POS, n_q, values, N_POS, hd, out, hd);
            for (uint32_t i = 0; i < n_q; i++) {
                kv_cache_scores_f16_avx2(q + i * hd, keys, N_POS, hd, 0.125f, one);
                assert_memory_equal(one, scores + i * N_POS, sizeof one);
                kv_cache_weighted_sum_f16_avx2(weights + i * N_POS, values, N_POS, hd, one_out);
                assert_memory_equal(one_out, out + i * hd, hd * sizeof(float));
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scalar_path),
        cmocka_unit_test(test_avx2_path),
        cmocka_unit_test(test_best_path),
        cmocka_unit_test(test_group_attention_kernels_equal_one_query_kernels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
