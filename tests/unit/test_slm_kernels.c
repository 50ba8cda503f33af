/* test_slm_kernels.c — kernels_matmul for every weight type on every instruction set this
 * CPU has (scalar always), in every regime (per-row dot products, the VNNI int8 GEMM, the
 * sgemm path), against a float64 product of the dequantized weights; each instruction-set
 * table against the scalar one; kernels_matmul_multi against separate calls; thread
 * counts; errors; and the row-wise vector ops against double precision. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "slm/kernels.h"
#include "slm/kernels_impl.h"
#include "slm/quant.h"
#include "core/threadpool.h"

static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static float rng_uniform(uint64_t *s) { return (float)(rng_next(s) >> 40) / (float)(1 << 23) - 1.0f; }

static const uint32_t weight_types[] = {TENSOR_F32,  TENSOR_F16,  TENSOR_BF16, TENSOR_Q8_0,
                                        TENSOR_Q4_0, TENSOR_Q4_1, TENSOR_Q5_0, TENSOR_Q5_1,
                                        TENSOR_Q4_K, TENSOR_Q5_K, TENSOR_Q6_K};
#define N_WEIGHT_TYPES (sizeof weight_types / sizeof weight_types[0])

typedef struct {
    uint32_t type;
    int64_t rows, cols;
    void *data;
    double *dequantized; /* (rows, cols) what the stored weights are worth */
} weights_t;

static void weights_make(weights_t *w, uint32_t type, int64_t rows, int64_t cols, uint64_t seed)
{
    w->type = type;
    w->rows = rows;
    w->cols = cols;
    size_t row_bytes = quant_row_bytes(type, cols);
    w->data = malloc(row_bytes * (size_t)rows);
    w->dequantized = malloc(sizeof(double) * (size_t)(rows * cols));
    float *row = malloc(sizeof(float) * (size_t)cols);
    uint64_t s = seed;
    for (int64_t r = 0; r < rows; r++) {
        for (int64_t c = 0; c < cols; c++) row[c] = rng_uniform(&s) * (1.0f + (float)(c % 7));
        uint8_t *dst = (uint8_t *)w->data + row_bytes * (size_t)r;
        assert_int_equal(quant_quantize_row(type, row, dst, cols), 0);
        assert_int_equal(quant_dequantize_row(type, dst, row, cols), 0);
        for (int64_t c = 0; c < cols; c++) w->dequantized[r * cols + c] = row[c];
    }
    free(row);
}

static void weights_free(weights_t *w)
{
    free(w->data);
    free(w->dequantized);
}

static tensor_view_t view_of(const weights_t *w)
{
    return (tensor_view_t){w->type, w->data, w->rows, w->cols};
}

static bool is_float_type(uint32_t type)
{
    return type == TENSOR_F32 || type == TENSOR_F16 || type == TENSOR_BF16;
}

/* Checks y against the float64 product, within the error the 8-bit activations allow:
 * half a quantization step per element, summed as magnitudes. */
static void check_against_reference(const weights_t *w, const float *x, int n_tokens,
                                    const float *y, const char *what)
{
    for (int t = 0; t < n_tokens; t++) {
        for (int64_t r = 0; r < w->rows; r++) {
            double want = 0, magnitude = 0;
            for (int64_t c = 0; c < w->cols; c++) {
                double p = w->dequantized[r * w->cols + c] * x[(size_t)t * w->cols + c];
                want += p;
                magnitude += fabs(p);
            }
            double tol = is_float_type(w->type) ? 1e-5 * magnitude + 1e-6 : 6e-3 * magnitude;
            double got = y[(size_t)t * w->rows + r];
            if (fabs(got - want) > tol)
                fail_msg("%s %s token %d row %lld: got %.7g want %.7g (tol %.3g)", what,
                         tensor_type_info(w->type)->name, t, (long long)r, got, want, tol);
        }
    }
}

static float *random_activations(int n_tokens, int64_t cols, uint64_t seed)
{
    float *x = malloc(sizeof(float) * (size_t)(n_tokens * cols));
    uint64_t s = seed;
    for (int64_t i = 0; i < n_tokens * cols; i++) x[i] = rng_uniform(&s) * 2.0f;
    return x;
}

static const kernels_isa_t isas[] = {KERNELS_ISA_SCALAR, KERNELS_ISA_AVX2, KERNELS_ISA_AVX512};

static void test_matmul_matches_reference_on_every_isa(void **state)
{
    (void)state;
    threadpool_t *pool;
    assert_int_equal(threadpool_new(&pool, 2), 0);
    const int token_counts[] = {1, 3, 40};
    for (size_t t = 0; t < N_WEIGHT_TYPES; t++) {
        weights_t w;
        weights_make(&w, weight_types[t], 67, 512, 11 + t);
        tensor_view_t v = view_of(&w);
        for (size_t i = 0; i < sizeof isas / sizeof isas[0]; i++) {
            kernels_t *k;
            char err[256];
            kernels_options_t opts = {.isa = isas[i], .batch_min_tokens = 32};
            if (kernels_new(&k, pool, &opts, err, sizeof err) != 0) continue; /* CPU lacks it */
            for (size_t c = 0; c < 3; c++) {
                int n = token_counts[c];
                float *x = random_activations(n, w.cols, 100 + c);
                float *y = calloc((size_t)(n * w.rows), sizeof(float));
                assert_int_equal(kernels_matmul(k, &v, x, n, y, err, sizeof err), 0);
                check_against_reference(&w, x, n, y, kernels_isa_name(k));
                free(x);
                free(y);
            }
            kernels_free(k);
        }
        weights_free(&w);
    }
    threadpool_free(pool);
}

/* The SIMD tables agree with the scalar one far more closely than either agrees with the
 * float64 product: the integer sums are identical, only the float summation order differs. */
static void test_simd_matches_scalar(void **state)
{
    (void)state;
    char err[256];
    kernels_t *scalar;
    kernels_options_t scalar_opts = {.isa = KERNELS_ISA_SCALAR};
    assert_int_equal(kernels_new(&scalar, NULL, &scalar_opts, err, sizeof err), 0);
    for (size_t i = 1; i < sizeof isas / sizeof isas[0]; i++) {
        kernels_t *k;
        kernels_options_t opts = {.isa = isas[i]};
        if (kernels_new(&k, NULL, &opts, err, sizeof err) != 0) continue;
        for (size_t t = 0; t < N_WEIGHT_TYPES; t++) {
            weights_t w;
            weights_make(&w, weight_types[t], 33, 1024 + (is_float_type(weight_types[t]) ? 13 : 0),
                         7 * t + 1);
            tensor_view_t v = view_of(&w);
            float *x = random_activations(2, w.cols, 5);
            float want[66], got[66];
            assert_int_equal(kernels_matmul(scalar, &v, x, 2, want, err, sizeof err), 0);
            assert_int_equal(kernels_matmul(k, &v, x, 2, got, err, sizeof err), 0);
            for (int r = 0; r < 66; r++) {
                double magnitude = 0;
                for (int64_t c = 0; c < w.cols; c++)
                    magnitude += fabs(w.dequantized[(r % 33) * w.cols + c] * x[(r / 33) * w.cols + c]);
                if (fabs(got[r] - want[r]) > 1e-5 * magnitude)
                    fail_msg("%s %s row %d: %.8g vs scalar %.8g", kernels_isa_name(k),
                             tensor_type_info(w.type)->name, r, got[r], want[r]);
            }
            free(x);
            weights_free(&w);
        }
        kernels_free(k);
    }
    kernels_free(scalar);
}

/* Every batched regime (the int8 GEMM where the CPU has VNNI, the sgemm path) agrees with
 * the per-row dot products on the same many-token input: the int8 GEMM uses the same
 * 8-bit activations, so only the float summation order differs. Odd token and row counts
 * exercise the partial token groups and row tails. */
static void test_batched_regimes_match_row_regime(void **state)
{
    (void)state;
    threadpool_t *pool;
    assert_int_equal(threadpool_new(&pool, 2), 0);
    char err[256];
    kernels_t *rows_only, *batched, *sgemm;
    kernels_options_t rows_opts = {.batch_min_tokens = 1 << 30, .no_int8_gemm = true};
    kernels_options_t sgemm_opts = {.batch_min_tokens = 4, .no_int8_gemm = true};
    assert_int_equal(kernels_new(&rows_only, pool, &rows_opts, err, sizeof err), 0);
    assert_int_equal(kernels_new(&batched, pool, NULL, err, sizeof err), 0);
    assert_int_equal(kernels_new(&sgemm, pool, &sgemm_opts, err, sizeof err), 0);
    const int token_counts[] = {4, 17, 45};
    for (size_t t = 0; t < N_WEIGHT_TYPES; t++) {
        weights_t w;
        weights_make(&w, weight_types[t], 131, 512, 40 + t);
        tensor_view_t v = view_of(&w);
        for (size_t c = 0; c < 3; c++) {
            int n = token_counts[c];
            float *x = random_activations(n, w.cols, 300 + c);
            float *want = calloc((size_t)(n * w.rows), sizeof(float));
            float *got = calloc((size_t)(n * w.rows), sizeof(float));
            float *got_sgemm = calloc((size_t)(n * w.rows), sizeof(float));
            assert_int_equal(kernels_matmul(rows_only, &v, x, n, want, err, sizeof err), 0);
            assert_int_equal(kernels_matmul(batched, &v, x, n, got, err, sizeof err), 0);
            assert_int_equal(kernels_matmul(sgemm, &v, x, n, got_sgemm, err, sizeof err), 0);
            /* K-quants decode against Q8_K (one scale per 256) but the int8 GEMM uses blocks
             * of 32: both are checked against the float64 product instead. */
            bool same_activations = !(w.type == TENSOR_Q4_K || w.type == TENSOR_Q5_K ||
                                      w.type == TENSOR_Q6_K);
            /* without VNNI (or with ASSAY_CPU=avx2) 32 tokens and more go to sgemm, whose
             * activations are not quantized: reference-level agreement only */
            if (strcmp(kernels_isa_name(batched), "avx512-vnni") != 0 && n >= 32)
                same_activations = false;
            if (!same_activations) check_against_reference(&w, x, n, got, "batched");
            for (int i = 0; same_activations && i < n * w.rows; i++) {
                double magnitude = 0;
                int64_t r = i % w.rows, tok = i / w.rows;
                for (int64_t col = 0; col < w.cols; col++)
                    magnitude += fabs(w.dequantized[r * w.cols + col] * x[tok * w.cols + col]);
                if (fabs(got[i] - want[i]) > 1e-5 * magnitude)
                    fail_msg("%s batched, %d tokens, token %lld row %lld: %.8g vs rows %.8g",
                             tensor_type_info(w.type)->name, n, (long long)tok, (long long)r, got[i],
                             want[i]);
            }
            /* sgemm multiplies unquantized activations: reference-level agreement */
            check_against_reference(&w, x, n, got_sgemm, "sgemm");
            free(x);
            free(want);
            free(got);
            free(got_sgemm);
        }
        weights_free(&w);
    }
    kernels_free(rows_only);
    kernels_free(batched);
    kernels_free(sgemm);
    threadpool_free(pool);
}

/* Each instruction-set table on its own (AVX2, AVX-512 without VNNI, with VNNI, with
 * VBMI), whichever this CPU runs: every dot product against the scalar table, and the
 * activation quantizers bit for bit. Catches a path the automatic choice would hide. */
static void test_every_dot_table_matches_scalar(void **state)
{
    (void)state;
    __builtin_cpu_init();
    bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
                __builtin_cpu_supports("f16c");
    bool avx512 = avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                  __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq");
    bool vnni = avx512 && __builtin_cpu_supports("avx512vnni");
    bool vbmi = vnni && __builtin_cpu_supports("avx512vbmi");
    if (!avx2) skip();
    kernels_ops_t scalar, tables[4];
    const char *names[4] = {"avx2", "avx512", "avx512-vnni", "avx512-vnni-vbmi"};
    bool present[4] = {avx2, avx512, vnni, vbmi};
    kernels_ops_scalar(&scalar);
    for (int i = 0; i < 4; i++) {
        kernels_ops_scalar(&tables[i]);
        if (!present[i]) continue;
        kernels_ops_avx2(&tables[i]);
        if (i >= 1) kernels_ops_avx512(&tables[i], i >= 2);
        if (i == 3) kernels_ops_vbmi(&tables[i]);
    }
    enum { COLS = 1024 };
    float x[COLS];
    uint64_t s = 77;
    for (int i = 0; i < COLS; i++) x[i] = rng_uniform(&s) * 4.0f;
    kernels_q8_block_t q8_ref[COLS / 32], q8[COLS / 32];
    quant_block_q8_k_t q8k_ref[COLS / 256], q8k[COLS / 256];
    scalar.quantize_q8(x, q8_ref, COLS);
    scalar.quantize_q8_k(x, q8k_ref, COLS);
    for (int i = 0; i < 4; i++) {
        if (!present[i]) continue;
        tables[i].quantize_q8(x, q8, COLS);
        tables[i].quantize_q8_k(x, q8k, COLS);
        if (memcmp(q8, q8_ref, sizeof q8) != 0) fail_msg("%s: Q8 activations differ", names[i]);
        if (memcmp(q8k, q8k_ref, sizeof q8k) != 0) fail_msg("%s: Q8_K activations differ", names[i]);
        for (size_t t = 0; t < N_WEIGHT_TYPES; t++) {
            uint32_t type = weight_types[t];
            weights_t w;
            weights_make(&w, type, 4, COLS, 500 + t);
            const void *act = kernels_act_for(type) == KERNELS_ACT_FLOAT ? (const void *)x
                              : kernels_act_for(type) == KERNELS_ACT_Q8 ? (const void *)q8_ref
                                                                         : (const void *)q8k_ref;
            size_t row_bytes = quant_row_bytes(type, COLS);
            for (int r = 0; r < 4; r++) {
                const uint8_t *row = (const uint8_t *)w.data + row_bytes * (size_t)r;
                float want = scalar.dot[type](row, act, COLS), got = tables[i].dot[type](row, act, COLS);
                double magnitude = 0;
                for (int c = 0; c < COLS; c++) magnitude += fabs(w.dequantized[r * COLS + c] * x[c]);
                if (fabs(got - want) > 1e-5 * magnitude)
                    fail_msg("%s %s row %d: %.8g vs scalar %.8g", names[i], tensor_type_info(type)->name,
                             r, got, want);
            }
            weights_free(&w);
        }
    }
}

/* kernels_matmul_multi gives exactly what separate kernels_matmul calls give, for weights
 * of mixed types and row counts sharing an input, in every regime (and the mixed-regime
 * fallback when one weight goes through sgemm); bad calls are errors. */
static void test_matmul_multi_equals_separate_calls(void **state)
{
    (void)state;
    threadpool_t *pool;
    assert_int_equal(threadpool_new(&pool, 2), 0);
    char err[256];
    kernels_t *k;
    assert_int_equal(kernels_new(&k, pool, NULL, err, sizeof err), 0);
    const uint32_t sets[2][4] = {{TENSOR_Q5_0, TENSOR_Q8_0, TENSOR_Q6_K, TENSOR_Q4_K},
                                 {TENSOR_Q4_0, TENSOR_F16, TENSOR_Q5_K, TENSOR_Q4_1}};
    const int64_t rows[4] = {96, 33, 130, 7};
    const int token_counts[] = {1, 3, 20};
    for (int set = 0; set < 2; set++) {
        weights_t w[4];
        tensor_view_t v[4];
        for (int i = 0; i < 4; i++) {
            weights_make(&w[i], sets[set][i], rows[i], 512, 900 + 10 * set + i);
            v[i] = view_of(&w[i]);
        }
        for (size_t c = 0; c < 3; c++) {
            int n = token_counts[c];
            float *x = random_activations(n, 512, 40 + c);
            float *together[4], *apart[4];
            for (int i = 0; i < 4; i++) {
                together[i] = calloc((size_t)(n * rows[i]), sizeof(float));
                apart[i] = calloc((size_t)(n * rows[i]), sizeof(float));
                assert_int_equal(kernels_matmul(k, &v[i], x, n, apart[i], err, sizeof err), 0);
            }
            assert_int_equal(kernels_matmul_multi(k, v, 4, x, n, together, err, sizeof err), 0);
            for (int i = 0; i < 4; i++) {
                assert_memory_equal(together[i], apart[i], sizeof(float) * (size_t)(n * rows[i]));
                free(together[i]);
                free(apart[i]);
            }
            free(x);
        }
        for (int i = 0; i < 4; i++) weights_free(&w[i]);
    }
    float x[1024] = {0}, y0[64], y1[64];
    float *ys[2] = {y0, y1};
    uint8_t data[4096] = {0};
    tensor_view_t bad[2] = {{TENSOR_Q8_0, data, 2, 32}, {TENSOR_Q8_0, data, 2, 64}};
    assert_true(kernels_matmul_multi(k, bad, 2, x, 1, ys, err, sizeof err) < 0);
    assert_non_null(strstr(err, "row length"));
    assert_true(kernels_matmul_multi(k, bad, 0, x, 1, ys, err, sizeof err) < 0);
    assert_true(kernels_matmul_multi(k, bad, KERNELS_MULTI_MAX + 1, x, 1, ys, err, sizeof err) < 0);
    kernels_free(k);
    threadpool_free(pool);
}

static void test_thread_count_does_not_change_results(void **state)
{
    (void)state;
    weights_t w;
    weights_make(&w, TENSOR_Q4_K, 1000, 256, 3);
    tensor_view_t v = view_of(&w);
    float *x = random_activations(1, 256, 9);
    float base[1000], other[1000];
    char err[256];
    kernels_t *k;
    assert_int_equal(kernels_new(&k, NULL, NULL, err, sizeof err), 0);
    assert_int_equal(kernels_matmul(k, &v, x, 1, base, err, sizeof err), 0);
    kernels_free(k);
    for (int n = 2; n <= 4; n++) {
        threadpool_t *pool;
        assert_int_equal(threadpool_new(&pool, n), 0);
        assert_int_equal(kernels_new(&k, pool, NULL, err, sizeof err), 0);
        for (int round = 0; round < 20; round++) {
            memset(other, 0, sizeof other);
            assert_int_equal(kernels_matmul(k, &v, x, 1, other, err, sizeof err), 0);
            assert_memory_equal(base, other, sizeof base);
        }
        kernels_free(k);
        threadpool_free(pool);
    }
    free(x);
    weights_free(&w);
}

static void test_bad_shapes_and_types_are_errors(void **state)
{
    (void)state;
    char err[256];
    kernels_t *k;
    assert_int_equal(kernels_new(&k, NULL, NULL, err, sizeof err), 0);
    float x[512] = {0}, y[4];
    uint8_t data[4096] = {0};
    tensor_view_t v = {TENSOR_Q2_K, data, 1, 256};
    assert_true(kernels_matmul(k, &v, x, 1, y, err, sizeof err) < 0);
    assert_non_null(strstr(err, "Q2_K"));
    v = (tensor_view_t){TENSOR_Q4_K, data, 1, 100};
    assert_true(kernels_matmul(k, &v, x, 1, y, err, sizeof err) < 0);
    assert_non_null(strstr(err, "multiple of 256"));
    v = (tensor_view_t){TENSOR_Q8_0, data, 1, 32};
    assert_true(kernels_matmul(k, &v, x, 0, y, err, sizeof err) < 0);
    assert_int_equal(kernels_matmul(k, &v, x, 1, y, err, sizeof err), 0);
    assert_true(y[0] == 0.0f);
    kernels_free(k);
    kernels_free(NULL);
}

/* The suite may itself run under ASSAY_CPU=avx2 (to test that path on an AVX-512
 * machine): the tests of the environment variables save and restore it. */
static char *cpu_env_save(void)
{
    const char *v = getenv("ASSAY_CPU");
    char *saved = v ? strdup(v) : NULL;
    unsetenv("ASSAY_CPU");
    return saved;
}

static void cpu_env_restore(char *saved)
{
    if (saved) setenv("ASSAY_CPU", saved, 1);
    else unsetenv("ASSAY_CPU");
    free(saved);
}

static void test_force_scalar_environment(void **state)
{
    (void)state;
    char err[256];
    kernels_t *k;
    char *saved = cpu_env_save();
    setenv("ASSAY_FORCE_SCALAR", "1", 1);
    assert_int_equal(kernels_new(&k, NULL, NULL, err, sizeof err), 0);
    assert_string_equal(kernels_isa_name(k), "scalar");
    kernels_free(k);
    unsetenv("ASSAY_FORCE_SCALAR");
    assert_int_equal(kernels_new(&k, NULL, NULL, err, sizeof err), 0);
    if (__builtin_cpu_supports("avx2")) assert_string_not_equal(kernels_isa_name(k), "scalar");
    kernels_free(k);
    cpu_env_restore(saved);
}

/* ASSAY_CPU caps the path for a whole run (bench/model.sh times the AVX2 path with it on
 * AVX-512 machines); a value that names no path is an error, not a silent default. */
static void test_cpu_environment_caps_the_path(void **state)
{
    (void)state;
    char err[256];
    kernels_t *k;
    char *saved = cpu_env_save();
    setenv("ASSAY_CPU", "scalar", 1);
    assert_int_equal(kernels_new(&k, NULL, NULL, err, sizeof err), 0);
    assert_string_equal(kernels_isa_name(k), "scalar");
    kernels_free(k);
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
        __builtin_cpu_supports("f16c")) {
        setenv("ASSAY_CPU", "avx2", 1);
        kernels_options_t opts = {.isa = KERNELS_ISA_AVX512};
        if (kernels_new(&k, NULL, &opts, err, sizeof err) == 0) {
            assert_string_equal(kernels_isa_name(k), "avx2");
            kernels_free(k);
        }
        assert_int_equal(kernels_new(&k, NULL, NULL, err, sizeof err), 0);
        assert_string_equal(kernels_isa_name(k), "avx2");
        kernels_free(k);
    }
    setenv("ASSAY_CPU", "avx3", 1);
    assert_true(kernels_new(&k, NULL, NULL, err, sizeof err) < 0);
    assert_non_null(strstr(err, "ASSAY_CPU=avx3"));
    setenv("ASSAY_CPU", "auto", 1);
    assert_int_equal(kernels_new(&k, NULL, NULL, err, sizeof err), 0);
    kernels_free(k);
    cpu_env_restore(saved);
}

static void test_vector_ops(void **state)
{
    (void)state;
    enum { N = 77 };
    float x[N], w[N], out[N], up[N];
    uint64_t s = 4;
    for (int i = 0; i < N; i++) {
        x[i] = rng_uniform(&s) * 3;
        w[i] = rng_uniform(&s);
        up[i] = rng_uniform(&s);
    }
    double ss = 0;
    for (int i = 0; i < N; i++) ss += (double)x[i] * x[i];
    double scale = 1.0 / sqrt(ss / N + 1e-5);
    kernels_rmsnorm(out, x, w, N, 1e-5f);
    for (int i = 0; i < N; i++) assert_true(fabs(out[i] - x[i] * scale * w[i]) < 1e-5);

    float p[N];
    memcpy(p, x, sizeof p);
    p[3] = 80.0f; /* large logits must not overflow */
    kernels_softmax(p, N);
    double total = 0;
    for (int i = 0; i < N; i++) total += p[i];
    assert_true(fabs(total - 1.0) < 1e-5 && p[3] > 0.99f);

    float g[N];
    memcpy(g, x, sizeof g);
    kernels_silu_mul(g, up, N);
    for (int i = 0; i < N; i++)
        assert_true(fabs(g[i] - x[i] / (1.0 + exp(-x[i])) * up[i]) < 1e-5);

    double dot = 0;
    for (int i = 0; i < N; i++) dot += (double)x[i] * w[i];
    assert_true(fabs(kernels_dot(x, w, N) - dot) < 1e-4);
    float y[N];
    memcpy(y, w, sizeof y);
    kernels_axpy(y, 0.5f, x, N);
    kernels_add(y, up, N);
    for (int i = 0; i < N; i++) assert_true(fabsf(y[i] - (w[i] + 0.5f * x[i] + up[i])) < 1e-6f);
}

/* The AVX2 row ops (own exp approximation) against double-precision results, on lengths
 * with and without a tail, including saturating inputs. */
static void test_vector_ops_avx2_match_double(void **state)
{
    (void)state;
    if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) skip();
    uint64_t s = 21;
    const int lengths[] = {1, 7, 8, 64, 77, 1536};
    for (size_t l = 0; l < sizeof lengths / sizeof lengths[0]; l++) {
        int n = lengths[l];
        float *x = malloc(sizeof(float) * (size_t)n), *up = malloc(sizeof(float) * (size_t)n);
        float *a = malloc(sizeof(float) * (size_t)n), *w = malloc(sizeof(float) * (size_t)n);
        for (int i = 0; i < n; i++) {
            x[i] = rng_uniform(&s) * 30.0f; /* e^30 and e^-30 */
            up[i] = rng_uniform(&s);
            w[i] = rng_uniform(&s);
        }
        if (n > 3) x[2] = -200.0f, x[3] = 200.0f; /* beyond the clamp */

        memcpy(a, x, sizeof(float) * (size_t)n);
        kernels_vec_softmax_avx2(a, n);
        double max = x[0], total = 0;
        for (int i = 0; i < n; i++) max = fmax(max, x[i]);
        for (int i = 0; i < n; i++) total += exp(x[i] - max);
        for (int i = 0; i < n; i++) {
            double want = exp(x[i] - max) / total;
            if (fabs(a[i] - want) > 2e-6 * want + 1e-30)
                fail_msg("softmax n=%d [%d]: %.9g vs %.9g", n, i, a[i], want);
        }

        memcpy(a, x, sizeof(float) * (size_t)n);
        kernels_vec_silu_mul_avx2(a, up, n);
        for (int i = 0; i < n; i++) {
            double want = x[i] / (1.0 + exp(-(double)x[i])) * up[i];
            if (fabs(a[i] - want) > 2e-6 * fabs(want) + 1e-30)
                fail_msg("silu n=%d [%d] x=%g: %.9g vs %.9g", n, i, x[i], a[i], want);
        }

        kernels_vec_rmsnorm_avx2(a, x, w, n, 1e-6f);
        double ss = 0;
        for (int i = 0; i < n; i++) ss += (double)x[i] * x[i];
        double scale = 1.0 / sqrt(ss / n + 1e-6);
        for (int i = 0; i < n; i++)
            if (fabs(a[i] - x[i] * scale * w[i]) > 1e-5 * fabs(x[i] * scale) + 1e-7)
                fail_msg("rmsnorm n=%d [%d]: %.9g vs %.9g", n, i, a[i], x[i] * scale * w[i]);
        free(x);
        free(up);
        free(a);
        free(w);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matmul_matches_reference_on_every_isa),
        cmocka_unit_test(test_simd_matches_scalar),
        cmocka_unit_test(test_batched_regimes_match_row_regime),
        cmocka_unit_test(test_every_dot_table_matches_scalar),
        cmocka_unit_test(test_matmul_multi_equals_separate_calls),
        cmocka_unit_test(test_thread_count_does_not_change_results),
        cmocka_unit_test(test_bad_shapes_and_types_are_errors),
        cmocka_unit_test(test_force_scalar_environment),
        cmocka_unit_test(test_cpu_environment_caps_the_path),
        cmocka_unit_test(test_vector_ops),
        cmocka_unit_test(test_vector_ops_avx2_match_double),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
