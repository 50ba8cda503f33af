/* kernels_gemm_avx512.c — batched int8 matrix multiply for CPUs with AVX512-VNNI: the
 * prompt-processing path for the block types whose levels and scales can be used exactly
 * (Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q4_K, Q5_K, Q6_K). See kernels_impl.h for the API.
 *
 * The idea: put 16 tokens in the 16 lanes of a register instead of 16 elements of a row.
 * Activations are quantized per token to int8 blocks of 32 (as for decode) and packed so
 * that, for each block, group g (4 consecutive elements) of all 16 tokens is one 64-byte
 * vector. A weight row's 4 levels for group g are broadcast to all lanes, and vpdpbusd
 * accumulates the 4 products into each token's lane: 8 instructions give 16 complete
 * block dot products, and one multiply-add per block applies the two scales. That is about
 * 3x fewer vector operations per multiply than f32 sgemm.
 *
 * Weights are unpacked a tile of rows at a time into unsigned levels (32 bytes per block,
 * element j at byte j) plus a float scale and minimum per block; the tile is then reused by
 * every group of 16 tokens. Per block, with levels u, offset o, scale d and minimum m:
 *   sum_j (d * (u_j - o) + m) * dx * x_j = d * dx * (sum_j u_j x_j - o * sum_j x_j) + m * dx * sum_j x_j
 * so the packed activations carry sum_j x_j (the integer sum starts at -o times it) and
 * dx * sum_j x_j (for the minimum); they do not depend on the weight type, so one packing
 * serves every weight multiplied by the same input. Q6_K has two scales per 32 elements
 * (one per 16): the packing also keeps the first half's sum. The file is compiled for VNNI (pragma below); callers check the CPU. */
#ifdef __clang__ /* clang has no GCC target pragma (make FUZZ=1 builds with clang) */
#pragma clang attribute push(__attribute__((target("avx512vnni"))), apply_to = function)
#else
#pragma GCC target("avx512vnni")
#endif

#include <immintrin.h>
#include <string.h>

#include "slm/kernels_impl.h"

enum { GROUP = 16, MICRO_ROWS = 4 };

/* One block of 32 elements of 16 tokens. */
typedef struct {
    int8_t q[8 * GROUP * 4]; /* [group of 4 elements][token][4] */
    float d[GROUP];          /* activation scale per token */
    int32_t sum[GROUP];      /* sum of the token's 32 levels */
    int32_t sum_low[GROUP];  /* sum of its first 16 levels (for Q6_K's two halves) */
    float dsum[GROUP];       /* d * sum of the token's 32 levels */
} gemm_act_block_t;

bool kernels_gemm_supports(uint32_t type)
{
    switch (type) {
    case TENSOR_Q8_0: case TENSOR_Q4_0: case TENSOR_Q4_1: case TENSOR_Q5_0: case TENSOR_Q5_1:
    case TENSOR_Q4_K: case TENSOR_Q5_K: case TENSOR_Q6_K:
        return true;
    default:
        return false;
    }
}

static int level_offset(uint32_t type)
{
    switch (type) {
    case TENSOR_Q8_0: return 128;
    case TENSOR_Q4_0: return 8;
    case TENSOR_Q5_0: return 16;
    case TENSOR_Q6_K: return 32;
    default: return 0;
    }
}

static bool has_min(uint32_t type)
{
    return type == TENSOR_Q4_1 || type == TENSOR_Q5_1 || type == TENSOR_Q4_K || type == TENSOR_Q5_K;
}

size_t kernels_gemm_act_bytes(int64_t cols, int n_tokens)
{
    size_t groups = ((size_t)n_tokens + GROUP - 1) / GROUP;
    return groups * (size_t)(cols / 32) * sizeof(gemm_act_block_t);
}

size_t kernels_gemm_tile_bytes(int64_t cols)
{
    return (size_t)KERNELS_GEMM_TILE_ROWS * (size_t)(cols / 32) * (32 + 2 * sizeof(float));
}

/* ---- activations -------------------------------------------------------------------------- */

/* Transposes, in each 256-bit half of the eight registers independently, the 8 x 8 matrix
 * of dwords (register i = row i): afterwards register k holds dword k of every row. */
static inline void transpose_8x8_halves(__m512i r[8])
{
    __m512i t[8];
    for (int i = 0; i < 8; i += 2) {
        t[i] = _mm512_unpacklo_epi32(r[i], r[i + 1]);     /* a0 b0 a1 b1 | a4 b4 a5 b5 */
        t[i + 1] = _mm512_unpackhi_epi32(r[i], r[i + 1]); /* a2 b2 a3 b3 | a6 b6 a7 b7 */
    }
    __m512i u[8];
    for (int i = 0; i < 8; i += 4) {
        u[i] = _mm512_unpacklo_epi64(t[i], t[i + 2]);         /* a0 b0 c0 d0 | a4 b4 c4 d4 */
        u[i + 1] = _mm512_unpackhi_epi64(t[i], t[i + 2]);     /* a1 b1 c1 d1 | a5 ... */
        u[i + 2] = _mm512_unpacklo_epi64(t[i + 1], t[i + 3]); /* a2 b2 c2 d2 | a6 ... */
        u[i + 3] = _mm512_unpackhi_epi64(t[i + 1], t[i + 3]); /* a3 b3 c3 d3 | a7 ... */
    }
    /* u[j] (rows a-d) and u[j+4] (rows e-h) hold dword j in 128-bit lane 0 (and 2), dword
     * j+4 in lane 1 (and 3). Join them: lanes (u[j].0, u[j+4].0, u[j].2, u[j+4].2). */
    const __m512i low = _mm512_setr_epi64(0, 1, 8, 9, 4, 5, 12, 13);
    const __m512i high = _mm512_setr_epi64(2, 3, 10, 11, 6, 7, 14, 15);
    for (int j = 0; j < 4; j++) {
        r[j] = _mm512_permutex2var_epi64(u[j], low, u[j + 4]);
        r[j + 4] = _mm512_permutex2var_epi64(u[j], high, u[j + 4]);
    }
}

void kernels_gemm_pack(const kernels_ops_t *ops, const float *x, int64_t cols, int n_tokens,
                       int group_begin, int group_end, void *packed, kernels_q8_block_t *row_scratch)
{
    int64_t nb = cols / 32;
    for (int g = group_begin; g < group_end; g++) {
        gemm_act_block_t *blocks = (gemm_act_block_t *)packed + (size_t)g * (size_t)nb;
        /* quantize the group's 16 token rows (zeros for padding lanes) ... */
        for (int t = 0; t < GROUP; t++) {
            int token = g * GROUP + t;
            kernels_q8_block_t *row = row_scratch + (size_t)t * (size_t)nb;
            if (token < n_tokens) ops->quantize_q8(x + (size_t)token * (size_t)cols, row, cols);
            else memset(row, 0, sizeof *row * (size_t)nb);
        }
        /* ... then turn each block around: vector k = elements 4k..4k+3 of all 16 tokens */
        for (int64_t b = 0; b < nb; b++) {
            gemm_act_block_t *dst = &blocks[b];
            __m512i r[8];
            for (int t = 0; t < 8; t++) {
                __m256i lo = _mm256_loadu_si256((const __m256i *)row_scratch[(size_t)t * (size_t)nb + b].qs);
                __m256i hi = _mm256_loadu_si256((const __m256i *)row_scratch[(size_t)(t + 8) * (size_t)nb + b].qs);
                r[t] = _mm512_inserti64x4(_mm512_castsi256_si512(lo), hi, 1);
            }
            transpose_8x8_halves(r);
            for (int k = 0; k < 8; k++) _mm512_store_si512(dst->q + 64 * k, r[k]);
            /* sums of elements 0..15 per token: vectors 0..3 */
            __m512i ones = _mm512_set1_epi8(1), low = _mm512_setzero_si512();
            for (int k = 0; k < 4; k++) low = _mm512_dpbusd_epi32(low, ones, r[k]);
            _mm512_store_si512(dst->sum_low, low);
            for (int t = 0; t < GROUP; t++) {
                const kernels_q8_block_t *src = &row_scratch[(size_t)t * (size_t)nb + b];
                dst->d[t] = src->d;
                dst->sum[t] = src->sum;
                dst->dsum[t] = src->d * (float)src->sum;
            }
        }
    }
}

/* ---- weights -------------------------------------------------------------------------------- */

/* Tile layout: levels[row][block][32], then scale[row][block], then min[row][block]. */
typedef struct {
    uint8_t *levels;
    float *scale, *min;
} weight_tile_t;

static weight_tile_t tile_at(void *scratch, int64_t nb)
{
    weight_tile_t t;
    t.levels = scratch;
    t.scale = (float *)(t.levels + (size_t)KERNELS_GEMM_TILE_ROWS * (size_t)nb * 32);
    t.min = t.scale + (size_t)KERNELS_GEMM_TILE_ROWS * (size_t)nb;
    return t;
}

static inline __m256i nibbles(const uint8_t *qs)
{
    __m128i b = _mm_loadu_si128((const __m128i *)qs);
    return _mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(b, 4), b), _mm256_set1_epi8(0x0f));
}

static inline __m256i high_bits(const uint8_t qh[4])
{
    uint32_t v;
    memcpy(&v, qh, 4);
    return _mm256_maskz_mov_epi8((__mmask32)v, _mm256_set1_epi8(0x10));
}

static inline void store_levels(uint8_t *dst, __m256i v) { _mm256_storeu_si256((__m256i *)dst, v); }

static void k_scales(const uint8_t s[12], uint8_t scale[8], uint8_t min[8])
{
    for (int j = 0; j < 4; j++) {
        scale[j] = s[j] & 63;
        min[j] = s[j + 4] & 63;
        scale[j + 4] = (uint8_t)((s[j + 8] & 15) | (s[j] >> 6) << 4);
        min[j + 4] = (uint8_t)((s[j + 8] >> 4) | (s[j + 4] >> 6) << 4);
    }
}

/* Unpacks one weight row (nb blocks of 32) into levels/scale/min. */
static void unpack_row(uint32_t type, const void *src, int64_t nb, uint8_t *levels, float *scale,
                       float *min)
{
    switch (type) {
    case TENSOR_Q8_0: {
        const quant_block_q8_0_t *w = src;
        for (int64_t b = 0; b < nb; b++) {
            __m256i q = _mm256_loadu_si256((const __m256i *)w[b].qs);
            store_levels(levels + 32 * b, _mm256_xor_si256(q, _mm256_set1_epi8((char)0x80)));
            scale[b] = _cvtsh_ss(w[b].d);
            min[b] = 0;
        }
        break;
    }
    case TENSOR_Q4_0: {
        const quant_block_q4_0_t *w = src;
        for (int64_t b = 0; b < nb; b++) {
            store_levels(levels + 32 * b, nibbles(w[b].qs));
            scale[b] = _cvtsh_ss(w[b].d);
            min[b] = 0;
        }
        break;
    }
    case TENSOR_Q4_1: {
        const quant_block_q4_1_t *w = src;
        for (int64_t b = 0; b < nb; b++) {
            store_levels(levels + 32 * b, nibbles(w[b].qs));
            scale[b] = _cvtsh_ss(w[b].d);
            min[b] = _cvtsh_ss(w[b].m);
        }
        break;
    }
    case TENSOR_Q5_0: {
        const quant_block_q5_0_t *w = src;
        for (int64_t b = 0; b < nb; b++) {
            store_levels(levels + 32 * b, _mm256_or_si256(nibbles(w[b].qs), high_bits(w[b].qh)));
            scale[b] = _cvtsh_ss(w[b].d);
            min[b] = 0;
        }
        break;
    }
    case TENSOR_Q5_1: {
        const quant_block_q5_1_t *w = src;
        for (int64_t b = 0; b < nb; b++) {
            store_levels(levels + 32 * b, _mm256_or_si256(nibbles(w[b].qs), high_bits(w[b].qh)));
            scale[b] = _cvtsh_ss(w[b].d);
            min[b] = _cvtsh_ss(w[b].m);
        }
        break;
    }
    case TENSOR_Q4_K:
    case TENSOR_Q5_K: {
        const __m256i low4 = _mm256_set1_epi8(0x0f), bit4 = _mm256_set1_epi8(0x10);
        for (int64_t sb = 0; sb < nb / 8; sb++) {
            const uint8_t *scales, *qs, *qh = NULL;
            uint16_t d16, dmin16;
            if (type == TENSOR_Q4_K) {
                const quant_block_q4_k_t *w = (const quant_block_q4_k_t *)src + sb;
                scales = w->scales, qs = w->qs, d16 = w->d, dmin16 = w->dmin;
            } else {
                const quant_block_q5_k_t *w = (const quant_block_q5_k_t *)src + sb;
                scales = w->scales, qs = w->qs, qh = w->qh, d16 = w->d, dmin16 = w->dmin;
            }
            uint8_t sc[8], mn[8];
            k_scales(scales, sc, mn);
            float d = _cvtsh_ss(d16), dmin = _cvtsh_ss(dmin16);
            __m256i hbits = qh ? _mm256_loadu_si256((const __m256i *)qh) : _mm256_setzero_si256();
            for (int c = 0; c < 4; c++) {
                __m256i q = _mm256_loadu_si256((const __m256i *)(qs + 32 * c));
                __m256i lo = _mm256_and_si256(q, low4);
                __m256i hi = _mm256_and_si256(_mm256_srli_epi16(q, 4), low4);
                if (qh) {
                    lo = _mm256_or_si256(lo, _mm256_and_si256(_mm256_slli_epi16(hbits, 4), bit4));
                    hi = _mm256_or_si256(hi, _mm256_and_si256(_mm256_slli_epi16(hbits, 3), bit4));
                    hbits = _mm256_srli_epi16(hbits, 2);
                }
                int64_t b = 8 * sb + 2 * c;
                store_levels(levels + 32 * b, lo);
                store_levels(levels + 32 * (b + 1), hi);
                scale[b] = d * sc[2 * c];
                scale[b + 1] = d * sc[2 * c + 1];
                min[b] = -dmin * mn[2 * c];
                min[b + 1] = -dmin * mn[2 * c + 1];
            }
        }
        break;
    }
    case TENSOR_Q6_K: {
        /* levels 0..63 (offset 32); scale[] holds the first 16 elements' scale, min[] the
         * last 16 elements' (Q6_K has no minimum) */
        const __m256i low4 = _mm256_set1_epi8(0x0f), high2 = _mm256_set1_epi8(0x30);
        for (int64_t sb = 0; sb < nb / 8; sb++) {
            const quant_block_q6_k_t *w = (const quant_block_q6_k_t *)src + sb;
            float d = _cvtsh_ss(w->d);
            for (int h = 0; h < 2; h++) {
                __m256i l0 = _mm256_loadu_si256((const __m256i *)(w->ql + 64 * h));
                __m256i l1 = _mm256_loadu_si256((const __m256i *)(w->ql + 64 * h + 32));
                __m256i hb = _mm256_loadu_si256((const __m256i *)(w->qh + 32 * h));
                __m256i q[4];
                q[0] = _mm256_or_si256(_mm256_and_si256(l0, low4), _mm256_and_si256(_mm256_slli_epi16(hb, 4), high2));
                q[1] = _mm256_or_si256(_mm256_and_si256(l1, low4), _mm256_and_si256(_mm256_slli_epi16(hb, 2), high2));
                q[2] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l0, 4), low4), _mm256_and_si256(hb, high2));
                q[3] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l1, 4), low4),
                                       _mm256_and_si256(_mm256_srli_epi16(hb, 2), high2));
                for (int k = 0; k < 4; k++) {
                    int64_t b = 8 * sb + 4 * h + k;
                    store_levels(levels + 32 * b, q[k]);
                    scale[b] = d * w->scales[8 * h + 2 * k];
                    min[b] = d * w->scales[8 * h + 2 * k + 1];
                }
            }
        }
        break;
    }
    default:
        break;
    }
}

/* ---- the micro-kernel ---------------------------------------------------------------------- */

typedef enum { SCALE_ONLY, SCALE_AND_MIN, TWO_SCALES } block_form_t;

/* The hot function: R rows (R <= 4) of the tile times one group of 16 tokens, over all
 * nb blocks. out[r] lane t = row r . token t. s0 collects elements 0..15 of each block, s1
 * elements 16..31: two dependency chains, and Q6_K's two 16-element scales. */
static inline __attribute__((always_inline)) void micro_kernel(
    const int R, const weight_tile_t *tile, int64_t row, int64_t nb, const gemm_act_block_t *act,
    const block_form_t form, int offset, __m512 out[MICRO_ROWS])
{
    const __m512i minus_offset = _mm512_set1_epi32(-offset);
    __m512 acc[MICRO_ROWS];
#pragma GCC unroll 4
    for (int r = 0; r < R; r++) acc[r] = _mm512_setzero_ps();
    const uint8_t *levels = tile->levels + (size_t)row * (size_t)nb * 32;
    const float *scale = tile->scale + (size_t)row * (size_t)nb;
    const float *min = tile->min + (size_t)row * (size_t)nb;
    const size_t level_stride = (size_t)nb * 32;
    for (int64_t b = 0; b < nb; b++) {
        const gemm_act_block_t *a = act + b;
        __m512i s0[MICRO_ROWS], s1[MICRO_ROWS];
        /* the offset term, -offset * sum(x), starts the integer sums (per half for Q6_K) */
        __m512i corr, corr_high = _mm512_setzero_si512();
        if (form == TWO_SCALES) {
            __m512i low = _mm512_load_si512(a->sum_low);
            corr = _mm512_mullo_epi32(low, minus_offset);
            corr_high = _mm512_mullo_epi32(_mm512_sub_epi32(_mm512_load_si512(a->sum), low), minus_offset);
        } else if (offset != 0) {
            corr = _mm512_mullo_epi32(_mm512_load_si512(a->sum), minus_offset);
        } else {
            corr = _mm512_setzero_si512();
        }
#pragma GCC unroll 4
        for (int r = 0; r < R; r++) {
            s0[r] = corr;
            s1[r] = corr_high;
        }
#pragma GCC unroll 4
        for (int g = 0; g < 4; g++) {
            __m512i x0 = _mm512_load_si512(a->q + 64 * g);
            __m512i x1 = _mm512_load_si512(a->q + 64 * (g + 4));
#pragma GCC unroll 4
            for (int r = 0; r < R; r++) {
                const uint8_t *w = levels + r * level_stride + 32 * b + 4 * g;
                int32_t w0, w1;
                memcpy(&w0, w, 4);
                memcpy(&w1, w + 16, 4);
                s0[r] = _mm512_dpbusd_epi32(s0[r], _mm512_set1_epi32(w0), x0);
                s1[r] = _mm512_dpbusd_epi32(s1[r], _mm512_set1_epi32(w1), x1);
            }
        }
        __m512 dx = _mm512_load_ps(a->d);
#pragma GCC unroll 4
        for (int r = 0; r < R; r++) {
            if (form == TWO_SCALES) {
                __m512 lo = _mm512_mul_ps(dx, _mm512_set1_ps(scale[r * nb + b]));
                __m512 hi = _mm512_mul_ps(dx, _mm512_set1_ps(min[r * nb + b]));
                acc[r] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(s0[r]), lo, acc[r]);
                acc[r] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(s1[r]), hi, acc[r]);
            } else {
                __m512 sum = _mm512_cvtepi32_ps(_mm512_add_epi32(s0[r], s1[r]));
                __m512 sc = _mm512_mul_ps(dx, _mm512_set1_ps(scale[r * nb + b]));
                acc[r] = _mm512_fmadd_ps(sum, sc, acc[r]);
                if (form == SCALE_AND_MIN)
                    acc[r] = _mm512_fmadd_ps(_mm512_set1_ps(min[r * nb + b]), _mm512_load_ps(a->dsum), acc[r]);
            }
        }
    }
#pragma GCC unroll 4
    for (int r = 0; r < R; r++) out[r] = acc[r];
}

static void run_micro(int R, const weight_tile_t *tile, int64_t row, int64_t nb,
                      const gemm_act_block_t *act, block_form_t form, int offset,
                      __m512 out[MICRO_ROWS])
{
    /* instantiate the unrolled kernel for each row count and block form */
#define FORMS(n)                                                                          \
    case n:                                                                               \
        if (form == SCALE_ONLY) micro_kernel(n, tile, row, nb, act, SCALE_ONLY, offset, out);     \
        else if (form == SCALE_AND_MIN) micro_kernel(n, tile, row, nb, act, SCALE_AND_MIN, offset, out); \
        else micro_kernel(n, tile, row, nb, act, TWO_SCALES, offset, out);                        \
        break;
    switch (R) {
        FORMS(4)
        FORMS(3)
        FORMS(2)
        FORMS(1)
    default: break;
    }
#undef FORMS
}

/* Writes out[i] lane t (row r + i, token t) to y[t * ldy + i] for t < valid: the four rows
 * are turned into one 4-float group per token (a 4 x 4 transpose in each 128-bit lane) so
 * each token takes one 16-byte store instead of four scalar ones. */
static void store_rows4(const __m512 out[4], float *y, int64_t ldy, int valid)
{
    __m512 t0 = _mm512_unpacklo_ps(out[0], out[1]), t1 = _mm512_unpackhi_ps(out[0], out[1]);
    __m512 t2 = _mm512_unpacklo_ps(out[2], out[3]), t3 = _mm512_unpackhi_ps(out[2], out[3]);
    __m512 v[4];
    v[0] = _mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(t0), _mm512_castps_pd(t2)));
    v[1] = _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(t0), _mm512_castps_pd(t2)));
    v[2] = _mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(t1), _mm512_castps_pd(t3)));
    v[3] = _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(t1), _mm512_castps_pd(t3)));
    /* token 4L + j is in 128-bit lane L of v[j] */
#define STORE_LANE(L)                                                                     \
    for (int j = 0; j < 4; j++)                                                           \
        if (4 * (L) + j < valid)                                                          \
            _mm_storeu_ps(y + (size_t)(4 * (L) + j) * (size_t)ldy, _mm512_extractf32x4_ps(v[j], L));
    STORE_LANE(0)
    STORE_LANE(1)
    STORE_LANE(2)
    STORE_LANE(3)
#undef STORE_LANE
}

static void store_rows(const __m512 *out, int R, float *y, int64_t ldy, int valid)
{
    for (int i = 0; i < R; i++) {
        float lanes[GROUP];
        _mm512_storeu_ps(lanes, out[i]);
        for (int t = 0; t < valid; t++) y[(size_t)t * (size_t)ldy + (size_t)i] = lanes[t];
    }
}

void kernels_gemm_tile(uint32_t type, const uint8_t *w, size_t row_bytes, int64_t n_rows,
                       int64_t cols, const void *packed, int n_tokens, void *tile_scratch, float *y,
                       int64_t ldy)
{
    int64_t nb = cols / 32;
    weight_tile_t tile = tile_at(tile_scratch, nb);
    for (int64_t r = 0; r < n_rows; r++)
        unpack_row(type, w + (size_t)r * row_bytes, nb, tile.levels + (size_t)r * (size_t)nb * 32,
                   tile.scale + (size_t)r * (size_t)nb, tile.min + (size_t)r * (size_t)nb);
    block_form_t form = type == TENSOR_Q6_K ? TWO_SCALES : has_min(type) ? SCALE_AND_MIN : SCALE_ONLY;
    int offset = level_offset(type);
    int groups = (n_tokens + GROUP - 1) / GROUP;
    for (int g = 0; g < groups; g++) {
        const gemm_act_block_t *act = (const gemm_act_block_t *)packed + (size_t)g * (size_t)nb;
        int valid = n_tokens - g * GROUP < GROUP ? n_tokens - g * GROUP : GROUP;
        for (int64_t r = 0; r < n_rows; r += MICRO_ROWS) {
            int R = n_rows - r < MICRO_ROWS ? (int)(n_rows - r) : MICRO_ROWS;
            __m512 out[MICRO_ROWS];
            run_micro(R, &tile, r, nb, act, form, offset, out);
            float *y_group = y + (size_t)(g * GROUP) * (size_t)ldy + (size_t)r;
            if (R == MICRO_ROWS) store_rows4(out, y_group, ldy, valid);
            else store_rows(out, R, y_group, ldy, valid);
        }
    }
}

#ifdef __clang__
#pragma clang attribute pop
#endif
