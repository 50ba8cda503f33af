/* test_slm_quant.c — the GGML block formats: half/bfloat16 conversions, production
 * dequantization checked value for value against the independent reference (quant_ref.c)
 * on random and edge-case blocks, and quantize->dequantize error bounds per type. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "slm/quant.h"
#include "slm/quant_blocks.h"
#include "slm/quant_ref.h"

static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* Roughly normal(0, 1): sum of four uniforms, rescaled. */
static float rng_normal(uint64_t *s)
{
    float sum = 0;
    for (int i = 0; i < 4; i++) sum += (float)(rng_next(s) >> 40) / (float)(1 << 24);
    return (sum - 2.0f) * 1.7320508f;
}

static const uint32_t block_types[] = {TENSOR_Q4_0, TENSOR_Q4_1, TENSOR_Q5_0, TENSOR_Q5_1,
                                       TENSOR_Q8_0, TENSOR_Q4_K, TENSOR_Q5_K, TENSOR_Q6_K,
                                       TENSOR_Q8_K};
#define N_BLOCK_TYPES (sizeof block_types / sizeof block_types[0])

/* Byte offsets of the half-float fields of each block type (to keep them finite). */
static void half_fields(uint32_t type, int offsets[2], int *count)
{
    *count = 1;
    offsets[0] = 0;
    switch (type) {
    case TENSOR_Q4_1: case TENSOR_Q5_1: case TENSOR_Q4_K: case TENSOR_Q5_K:
        *count = 2;
        offsets[1] = 2;
        break;
    case TENSOR_Q6_K: offsets[0] = 208; break;
    case TENSOR_Q8_K: *count = 0; break;
    default: break;
    }
}

/* Fills nb blocks with random bytes, then sets the scale fields to `half` (or to random
 * finite halves when half is 0xffff); Q8_K gets a random finite float scale. */
static void fill_blocks(uint32_t type, uint8_t *blocks, int nb, uint64_t *s, uint16_t half)
{
    const tensor_type_info_t *info = tensor_type_info(type);
    for (size_t i = 0; i < (size_t)nb * info->block_bytes; i++) blocks[i] = (uint8_t)rng_next(s);
    int offsets[2], count;
    half_fields(type, offsets, &count);
    for (int b = 0; b < nb; b++) {
        uint8_t *block = blocks + (size_t)b * info->block_bytes;
        for (int f = 0; f < count; f++) {
            uint16_t h = half;
            if (h == 0xffff) {
                h = (uint16_t)rng_next(s);
                if (((h >> 10) & 31) == 31) h &= 0xbfff; /* no Inf/NaN */
            }
            memcpy(block + offsets[f], &h, 2);
        }
        if (type == TENSOR_Q8_K) {
            float d = rng_normal(s) * 0.01f;
            memcpy(block, &d, 4);
        }
    }
}

/* Production and reference agree within float rounding of the block's largest term. */
static void assert_matches_reference(uint32_t type, const uint8_t *blocks, int nb)
{
    int n = nb * (int)tensor_type_info(type)->block_size;
    float *got = malloc((size_t)n * sizeof *got);
    double *want = malloc((size_t)n * sizeof *want);
    assert_int_equal(quant_dequantize_row(type, blocks, got, n), 0);
    assert_int_equal(quant_ref_dequantize_row(type, blocks, want, n), 0);
    double scale = 0;
    for (int i = 0; i < n; i++) scale = fmax(scale, fabs(want[i]));
    for (int i = 0; i < n; i++) {
        double tol = 4 * FLT_EPSILON * scale + 1e-40;
        if (fabs(got[i] - want[i]) > tol)
            fail_msg("%s element %d: got %.9g, reference %.9g", tensor_type_info(type)->name, i,
                     got[i], want[i]);
    }
    free(got);
    free(want);
}

static void test_half_round_trips_every_value(void **state)
{
    (void)state;
    for (uint32_t h = 0; h < 65536; h++) {
        float f = quant_f16_to_f32((uint16_t)h);
        double want = quant_ref_half_value((uint16_t)h);
        if (isnan(want)) {
            assert_true(isnan(f));
            assert_true(isnan(quant_f16_to_f32(quant_f32_to_f16(f))));
            continue;
        }
        assert_true(f == (float)want);
        assert_int_equal(quant_f32_to_f16(f), h);
    }
}

static void test_half_rounds_to_nearest_even(void **state)
{
    (void)state;
    /* Compare with the compiler's own _Float16 conversion on floats across the range,
     * including subnormal halves and values that overflow. */
    uint64_t s = 12345;
    for (int i = 0; i < 2000000; i++) {
        uint32_t bits = (uint32_t)rng_next(&s);
        /* Bias exponents into the half range: 2^-30 .. 2^17. */
        bits = (bits & 0x807fffffu) | ((uint32_t)(97 + rng_next(&s) % 48) << 23);
        if (i % 7 == 0) bits &= 0xffffe000u | (1u << 12); /* exact halfway cases */
        float f;
        memcpy(&f, &bits, 4);
        _Float16 h = (_Float16)f;
        uint16_t want;
        memcpy(&want, &h, 2);
        if (quant_f32_to_f16(f) != want)
            fail_msg("%a: got 0x%04x, want 0x%04x", f, quant_f32_to_f16(f), want);
    }
    assert_int_equal(quant_f32_to_f16(INFINITY), 0x7c00);
    assert_int_equal(quant_f32_to_f16(-INFINITY), 0xfc00);
    assert_int_equal(quant_f32_to_f16(65504.0f), 0x7bff);
    assert_int_equal(quant_f32_to_f16(65520.0f), 0x7c00);
    assert_int_equal(quant_f32_to_f16(-0.0f), 0x8000);
    assert_true(isnan(quant_f16_to_f32(quant_f32_to_f16(NAN))));
}

static void test_bfloat16_rounds_and_keeps_nan(void **state)
{
    (void)state;
    struct { uint32_t in; uint16_t out; } cases[] = {
        {0x3f800000u, 0x3f80}, /* 1.0 */
        {0x3f808000u, 0x3f80}, /* halfway, even stays */
        {0x3f818000u, 0x3f82}, /* halfway, odd rounds up */
        {0x3f808001u, 0x3f81}, /* above halfway */
        {0x7f800000u, 0x7f80}, /* +Inf */
        {0xff800000u, 0xff80}, /* -Inf */
        {0x7f7fffffu, 0x7f80}, /* FLT_MAX rounds to Inf */
        {0x00000001u, 0x0000}, /* tiny subnormal */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        float f;
        memcpy(&f, &cases[i].in, 4);
        assert_int_equal(quant_f32_to_bf16(f), cases[i].out);
    }
    uint32_t snan = 0x7f800001u; /* a NaN whose payload is only in the low bits */
    float f;
    memcpy(&f, &snan, 4);
    assert_true(isnan(quant_bf16_to_f32(quant_f32_to_bf16(f))));
    assert_true(quant_bf16_to_f32(0x4049) == 3.140625f);
}

static void test_dequantize_matches_reference_on_random_blocks(void **state)
{
    (void)state;
    uint64_t s = 99;
    uint8_t *blocks = malloc(64 * 292);
    for (size_t t = 0; t < N_BLOCK_TYPES; t++) {
        for (int round = 0; round < 20; round++) {
            fill_blocks(block_types[t], blocks, 64, &s, 0xffff);
            assert_matches_reference(block_types[t], blocks, 64);
        }
    }
    free(blocks);
}

static void test_dequantize_matches_reference_on_edge_blocks(void **state)
{
    (void)state;
    /* all-zero blocks; the largest finite half; a negative scale; subnormal halves. */
    const uint16_t halves[] = {0x0000, 0x7bff, 0xbc00, 0x0001, 0x83ff, 0x3c00};
    uint64_t s = 7;
    uint8_t *blocks = malloc(8 * 292);
    for (size_t t = 0; t < N_BLOCK_TYPES; t++) {
        uint32_t type = block_types[t];
        const tensor_type_info_t *info = tensor_type_info(type);
        memset(blocks, 0, 8 * info->block_bytes);
        float got[8 * 256];
        assert_int_equal(quant_dequantize_row(type, blocks, got, 8 * info->block_size), 0);
        for (uint32_t i = 0; i < 8 * info->block_size; i++) assert_true(got[i] == 0.0f);
        for (size_t h = 0; h < sizeof halves / sizeof halves[0]; h++) {
            fill_blocks(type, blocks, 8, &s, halves[h]);
            assert_matches_reference(type, blocks, 8);
            /* every level and scale byte at its maximum */
            int offsets[2], count;
            half_fields(type, offsets, &count);
            for (int b = 0; b < 8; b++) {
                uint8_t *block = blocks + (size_t)b * info->block_bytes;
                uint8_t keep[4];
                memcpy(keep, block + offsets[0], 4);
                memset(block, 0xff, info->block_bytes);
                for (int f = 0; f < count; f++) memcpy(block + offsets[f], &halves[h], 2);
                if (type == TENSOR_Q8_K) memcpy(block, keep, 4);
            }
            assert_matches_reference(type, blocks, 8);
        }
    }
    free(blocks);
}

static void test_plain_types_match_reference(void **state)
{
    (void)state;
    uint64_t s = 3;
    uint16_t halves[512];
    float floats[512];
    for (int i = 0; i < 512; i++) {
        halves[i] = (uint16_t)rng_next(&s);
        floats[i] = rng_normal(&s) * 1e3f;
    }
    double want[512];
    float got[512];
    const uint32_t types[] = {TENSOR_F16, TENSOR_BF16, TENSOR_F32};
    const void *srcs[] = {halves, halves, floats};
    for (int t = 0; t < 3; t++) {
        assert_int_equal(quant_dequantize_row(types[t], srcs[t], got, 512), 0);
        assert_int_equal(quant_ref_dequantize_row(types[t], srcs[t], want, 512), 0);
        for (int i = 0; i < 512; i++) {
            if (isnan(want[i])) assert_true(isnan(got[i]));
            else assert_true(got[i] == (float)want[i]);
        }
    }
}

/* Root-mean-square error of quantize->dequantize, relative to the input's RMS. */
static double round_trip_error(uint32_t type, const float *x, int n)
{
    void *q = malloc(quant_row_bytes(type, n));
    float *back = malloc((size_t)n * sizeof *back);
    assert_int_equal(quant_quantize_row(type, x, q, n), 0);
    assert_int_equal(quant_dequantize_row(type, q, back, n), 0);
    double err = 0, ref = 0;
    for (int i = 0; i < n; i++) {
        err += (double)(back[i] - x[i]) * (back[i] - x[i]);
        ref += (double)x[i] * x[i];
    }
    free(q);
    free(back);
    return sqrt(err / ref);
}

static void test_quantize_error_bounds(void **state)
{
    (void)state;
    /* Bounds about 1.3x what a gaussian row measures: a broken scale choice, bit layout
     * or rounding shows up as a several-fold jump. */
    const struct { uint32_t type; double bound; } cases[] = {
        {TENSOR_F32, 0.0},      {TENSOR_F16, 0.0003},  {TENSOR_BF16, 0.0022},
        {TENSOR_Q8_0, 0.0067},  {TENSOR_Q8_K, 0.0083}, {TENSOR_Q6_K, 0.024},
        {TENSOR_Q5_0, 0.053},   {TENSOR_Q5_1, 0.048},  {TENSOR_Q5_K, 0.047},
        {TENSOR_Q4_0, 0.107},   {TENSOR_Q4_1, 0.098},  {TENSOR_Q4_K, 0.093},
    };
    enum { N = 8192 };
    float *x = malloc(N * sizeof *x);
    uint64_t s = 2024;
    for (int i = 0; i < N; i++) x[i] = rng_normal(&s) * 0.02f;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        double e = round_trip_error(cases[c].type, x, N);
        if (e > cases[c].bound)
            fail_msg("%s: relative RMS error %.5f above %.5f", tensor_type_info(cases[c].type)->name,
                     e, cases[c].bound);
    }
    free(x);
}

static void test_quantize_special_rows(void **state)
{
    (void)state;
    enum { N = 512 };
    float x[N], back[N];
    uint8_t q[N * 4];
    for (size_t t = 0; t < N_BLOCK_TYPES; t++) {
        uint32_t type = block_types[t];
        memset(x, 0, sizeof x); /* zeros stay zeros */
        assert_int_equal(quant_quantize_row(type, x, q, N), 0);
        assert_int_equal(quant_dequantize_row(type, q, back, N), 0);
        for (int i = 0; i < N; i++) assert_true(back[i] == 0.0f);
        for (int i = 0; i < N; i++) x[i] = (i % 3 == 0) ? 0.5f : -0.25f; /* two levels */
        x[37] = 40.0f;                                                 /* an outlier */
        assert_int_equal(quant_quantize_row(type, x, q, N), 0);
        assert_int_equal(quant_dequantize_row(type, q, back, N), 0);
        assert_true(fabsf(back[37] - 40.0f) < 40.0f * 0.07f); /* outlier kept */
        for (int i = 256; i < N; i++) assert_true(fabsf(back[i] - x[i]) < 0.05f);
    }
}

static void test_errors_are_reported(void **state)
{
    (void)state;
    float x[64] = {0};
    uint8_t q[256] = {0};
    assert_int_equal(quant_dequantize_row(TENSOR_Q2_K, q, x, 256), QUANT_ERR_TYPE);
    assert_int_equal(quant_quantize_row(TENSOR_Q4_0, x, q, 33), QUANT_ERR_LENGTH);
    assert_int_equal(quant_dequantize_row(TENSOR_Q4_K, q, x, 32), QUANT_ERR_LENGTH);
    assert_int_equal(quant_dequantize_row(TENSOR_Q8_0, q, x, -32), QUANT_ERR_LENGTH);
    assert_false(quant_type_supported(TENSOR_Q3_K));
    assert_int_equal(quant_row_bytes(TENSOR_Q4_K, 512), 288);
    assert_int_equal(quant_row_bytes(TENSOR_Q4_K, 100), 0);
    assert_string_equal(quant_strerror(QUANT_ERR_TYPE), "unsupported tensor type");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_half_round_trips_every_value),
        cmocka_unit_test(test_half_rounds_to_nearest_even),
        cmocka_unit_test(test_bfloat16_rounds_and_keeps_nan),
        cmocka_unit_test(test_dequantize_matches_reference_on_random_blocks),
        cmocka_unit_test(test_dequantize_matches_reference_on_edge_blocks),
        cmocka_unit_test(test_plain_types_match_reference),
        cmocka_unit_test(test_quantize_error_bounds),
        cmocka_unit_test(test_quantize_special_rows),
        cmocka_unit_test(test_errors_are_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
