/* kernels_avx2.c — AVX2/FMA/F16C dot products and activation quantizers (kernels_impl.h).
 *
 * Integer kernels multiply unsigned weight levels (0..15, 0..31, 0..63) by int8 activations
 * with maddubs (u8 x s8 -> pairs summed to i16, far from saturating at these ranges) and
 * widen with madd; a weight type's offset (-8, -16, -32) or minimum is then applied once
 * per block through the activation block's sum instead of per element. Each block ends in
 * one float multiply-add by the product of the two scales. Compiled with -mavx2 -mfma
 * -mf16c; only called when the CPU has them. */
#include <immintrin.h>
#include <math.h>
#include <string.h>

#include "slm/kernels_impl.h"
#include "slm/quant.h"

static inline int hsum_epi32(__m256i v)
{
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4e));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xb1));
    return _mm_cvtsi128_si32(s);
}

/* acc + u8 x s8 products, 32 lanes summed to 8 x i32. */
static inline __m256i x86_dot_u8s8(__m256i acc, __m256i u, __m256i s)
{
    return _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_maddubs_epi16(u, s), _mm256_set1_epi16(1)));
}

/* 32 bits (little-endian) -> 32 bytes, 0x10 where the bit is set. */
static inline __m256i bits_to_0x10(const uint8_t qh[4])
{
    uint32_t v;
    memcpy(&v, qh, 4);
    const __m256i spread = _mm256_setr_epi64x(0, 0x0101010101010101LL, 0x0202020202020202LL,
                                              0x0303030303030303LL);
    const __m256i bit = _mm256_set1_epi64x((long long)0x8040201008040201ULL);
    __m256i x = _mm256_shuffle_epi8(_mm256_set1_epi32((int)v), spread);
    x = _mm256_cmpeq_epi8(_mm256_and_si256(x, bit), bit);
    return _mm256_and_si256(x, _mm256_set1_epi8(0x10));
}

/* 16 bytes of packed nibbles -> 32 bytes: the low nibbles, then the high nibbles. */
static inline __m256i x86_unpack_nibbles(const uint8_t *qs)
{
    __m128i b = _mm_loadu_si128((const __m128i *)qs);
    __m256i both = _mm256_set_m128i(_mm_srli_epi16(b, 4), b);
    return _mm256_and_si256(both, _mm256_set1_epi8(0x0f));
}

static inline __m256i x86_add_high_bits(__m256i lo, const uint8_t qh[4])
{
    return _mm256_or_si256(lo, bits_to_0x10(qh));
}

#include "slm/kernels_x86_q32.h"


/* ---- float rows -------------------------------------------------------------------------- */

static float dot_f32(const void *w, const void *x, int64_t n)
{
    const float *a = w, *b = x;
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
        acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), acc1);
    }
    float sum = x86_hsum_ps(_mm256_add_ps(acc0, acc1));
    for (; i < n; i++) sum += a[i] * b[i];
    return sum;
}

static float dot_f16(const void *w, const void *x, int64_t n)
{
    const uint16_t *a = w;
    const float *b = x;
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m256 w0 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(a + i)));
        __m256 w1 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(a + i + 8)));
        acc0 = _mm256_fmadd_ps(w0, _mm256_loadu_ps(b + i), acc0);
        acc1 = _mm256_fmadd_ps(w1, _mm256_loadu_ps(b + i + 8), acc1);
    }
    float sum = x86_hsum_ps(_mm256_add_ps(acc0, acc1));
    for (; i < n; i++) sum += x86_half(a[i]) * b[i];
    return sum;
}

static inline __m256 bf16x8(const uint16_t *p)
{
    __m256i v = _mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)p));
    return _mm256_castsi256_ps(_mm256_slli_epi32(v, 16));
}

static float dot_bf16(const void *w, const void *x, int64_t n)
{
    const uint16_t *a = w;
    const float *b = x;
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        acc0 = _mm256_fmadd_ps(bf16x8(a + i), _mm256_loadu_ps(b + i), acc0);
        acc1 = _mm256_fmadd_ps(bf16x8(a + i + 8), _mm256_loadu_ps(b + i + 8), acc1);
    }
    float sum = x86_hsum_ps(_mm256_add_ps(acc0, acc1));
    for (; i < n; i++) sum += quant_bf16_to_f32(a[i]) * b[i];
    return sum;
}

/* ---- Q8_0: signed weights, signed activations (abs/sign trick keeps maddubs exact) ---- */

static inline __m256 q8_0_block(const quant_block_q8_0_t *w, const kernels_q8_block_t *x, __m256 acc)
{
    __m256i wq = _mm256_loadu_si256((const __m256i *)w->qs);
    __m256i s = x86_dot_u8s8(_mm256_setzero_si256(), _mm256_abs_epi8(wq), _mm256_sign_epi8(x86_load_act(x), wq));
    return x86_block_acc(acc, s, &w->d, &x->d);
}

X86_DEFINE_BLOCK_DOT(dot_q8_0, quant_block_q8_0_t, q8_0_block)

/* ---- K-quants ---------------------------------------------------------------------------- */

/* The 8 six-bit scales (bytes 0..7) and minimums (bytes 8..15) of a Q4_K/Q5_K
 * super-block, unpacked from its 12 bytes with word operations. */
static inline __m128i unpack_k_scales(const uint8_t s[12])
{
    uint32_t a, b, c;
    memcpy(&a, s, 4);
    memcpy(&b, s + 4, 4);
    memcpy(&c, s + 8, 4);
    uint32_t scales_lo = a & 0x3f3f3f3f, mins_lo = b & 0x3f3f3f3f;
    uint32_t scales_hi = (c & 0x0f0f0f0f) | ((a >> 2) & 0x30303030);
    uint32_t mins_hi = ((c >> 4) & 0x0f0f0f0f) | ((b >> 2) & 0x30303030);
    return _mm_setr_epi32((int)scales_lo, (int)scales_hi, (int)mins_lo, (int)mins_hi);
}

/* sum_j min[j] * (bsums[2j] + bsums[2j+1]) for the minimums in bytes 8..15 of sm. */
static inline int k_min_term(__m128i sm, const int16_t bsums[16])
{
    __m128i b = _mm_loadu_si128((const __m128i *)bsums);
    __m128i b2 = _mm_loadu_si128((const __m128i *)(bsums + 8));
    __m128i pairs = _mm_hadd_epi16(b, b2); /* bsums[2j] + bsums[2j+1], j < 8 */
    __m128i p = _mm_madd_epi16(pairs, _mm_cvtepu8_epi16(_mm_srli_si128(sm, 8)));
    p = _mm_add_epi32(p, _mm_shuffle_epi32(p, 0x4e));
    p = _mm_add_epi32(p, _mm_shuffle_epi32(p, 0xb1));
    return _mm_cvtsi128_si32(p);
}

/* i16 lane j of both 128-bit halves of v, broadcast to every lane of that half. */
#define BROADCAST_I16(v, j) _mm256_shuffle_epi8((v), _mm256_set1_epi16((short)(((2 * (j) + 1) << 8) | (2 * (j)))))

/* One 64-element chunk of a Q4_K/Q5_K super-block: levels lo (first 32) and hi (next 32)
 * against activations a, weighted by the chunk's two sub-block scales. */
static inline __m256i k_chunk(__m256i lo, __m256i hi, const int8_t *a, __m256i s0, __m256i s1)
{
    __m256i p0 = _mm256_maddubs_epi16(lo, _mm256_loadu_si256((const __m256i *)a));
    __m256i p1 = _mm256_maddubs_epi16(hi, _mm256_loadu_si256((const __m256i *)(a + 32)));
    return _mm256_add_epi32(_mm256_madd_epi16(p0, s0), _mm256_madd_epi16(p1, s1));
}

static float dot_q4_k(const void *w, const void *x, int64_t n)
{
    const quant_block_q4_k_t *wb = w;
    const quant_block_q8_k_t *xb = x;
    const __m256i low4 = _mm256_set1_epi8(0x0f);
    __m256 acc = _mm256_setzero_ps();
    float mins = 0;
    for (int64_t b = 0; b < n / 256; b++) {
        __m128i sm = unpack_k_scales(wb[b].scales);
        mins += xb[b].d * x86_half(wb[b].dmin) * (float)k_min_term(sm, xb[b].bsums);
        __m256i scales = _mm256_broadcastsi128_si256(_mm_cvtepu8_epi16(sm));
        const int8_t *a = xb[b].qs;
        __m256i sumi = _mm256_setzero_si256();
#pragma GCC unroll 4
        for (int c = 0; c < 4; c++) {
            __m256i q = _mm256_loadu_si256((const __m256i *)(wb[b].qs + 32 * c));
            __m256i lo = _mm256_and_si256(q, low4);
            __m256i hi = _mm256_and_si256(_mm256_srli_epi16(q, 4), low4);
            sumi = _mm256_add_epi32(sumi, k_chunk(lo, hi, a + 64 * c, BROADCAST_I16(scales, 2 * c),
                                                  BROADCAST_I16(scales, 2 * c + 1)));
        }
        acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(sumi), _mm256_set1_ps(xb[b].d * x86_half(wb[b].d)), acc);
    }
    return x86_hsum_ps(acc) - mins;
}

static float dot_q5_k(const void *w, const void *x, int64_t n)
{
    const quant_block_q5_k_t *wb = w;
    const quant_block_q8_k_t *xb = x;
    const __m256i low4 = _mm256_set1_epi8(0x0f), bit4 = _mm256_set1_epi8(0x10);
    __m256 acc = _mm256_setzero_ps();
    float mins = 0;
    for (int64_t b = 0; b < n / 256; b++) {
        __m128i sm = unpack_k_scales(wb[b].scales);
        mins += xb[b].d * x86_half(wb[b].dmin) * (float)k_min_term(sm, xb[b].bsums);
        __m256i scales = _mm256_broadcastsi128_si256(_mm_cvtepu8_epi16(sm));
        const int8_t *a = xb[b].qs;
        __m256i hbits = _mm256_loadu_si256((const __m256i *)wb[b].qh);
        __m256i sumi = _mm256_setzero_si256();
#pragma GCC unroll 4
        for (int c = 0; c < 4; c++) {
            __m256i q = _mm256_loadu_si256((const __m256i *)(wb[b].qs + 32 * c));
            /* bit 2c of each qh byte tops the low half, bit 2c+1 the high half */
            __m256i h0 = _mm256_and_si256(_mm256_slli_epi16(hbits, 4), bit4);
            __m256i h1 = _mm256_and_si256(_mm256_slli_epi16(hbits, 3), bit4);
            hbits = _mm256_srli_epi16(hbits, 2);
            __m256i lo = _mm256_or_si256(_mm256_and_si256(q, low4), h0);
            __m256i hi = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(q, 4), low4), h1);
            sumi = _mm256_add_epi32(sumi, k_chunk(lo, hi, a + 64 * c, BROADCAST_I16(scales, 2 * c),
                                                  BROADCAST_I16(scales, 2 * c + 1)));
        }
        acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(sumi), _mm256_set1_ps(xb[b].d * x86_half(wb[b].d)), acc);
    }
    return x86_hsum_ps(acc) - mins;
}

static float dot_q6_k(const void *w, const void *x, int64_t n)
{
    const quant_block_q6_k_t *wb = w;
    const quant_block_q8_k_t *xb = x;
    const __m256i low4 = _mm256_set1_epi8(0x0f), high2 = _mm256_set1_epi8(0x30);
    __m256 acc = _mm256_setzero_ps();
    for (int64_t b = 0; b < n / 256; b++) {
        __m256i sumi = _mm256_setzero_si256();
#pragma GCC unroll 2
        for (int h = 0; h < 2; h++) {
            const uint8_t *ql = wb[b].ql + 64 * h;
            const int8_t *a = xb[b].qs + 128 * h;
            /* this half's 8 scales as i16 in both 128-bit halves; quarter k uses scale 2k
             * for its first 16 elements (low half) and 2k+1 for the next 16 (high half) */
            __m256i sc = _mm256_broadcastsi128_si256(
                _mm_cvtepi8_epi16(_mm_loadl_epi64((const __m128i *)(wb[b].scales + 8 * h))));
            __m256i l0 = _mm256_loadu_si256((const __m256i *)ql);
            __m256i l1 = _mm256_loadu_si256((const __m256i *)(ql + 32));
            __m256i hb = _mm256_loadu_si256((const __m256i *)(wb[b].qh + 32 * h));
            __m256i q[4];
            q[0] = _mm256_or_si256(_mm256_and_si256(l0, low4), _mm256_and_si256(_mm256_slli_epi16(hb, 4), high2));
            q[1] = _mm256_or_si256(_mm256_and_si256(l1, low4), _mm256_and_si256(_mm256_slli_epi16(hb, 2), high2));
            q[2] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l0, 4), low4), _mm256_and_si256(hb, high2));
            q[3] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l1, 4), low4),
                                   _mm256_and_si256(_mm256_srli_epi16(hb, 2), high2));
#pragma GCC unroll 4
            for (int k = 0; k < 4; k++) {
                __m256i p = _mm256_maddubs_epi16(q[k], _mm256_loadu_si256((const __m256i *)(a + 32 * k)));
                __m256i control = _mm256_set_m128i(_mm_set1_epi16((short)(((4 * k + 3) << 8) | (4 * k + 2))),
                                                   _mm_set1_epi16((short)(((4 * k + 1) << 8) | (4 * k))));
                sumi = _mm256_add_epi32(sumi, _mm256_madd_epi16(p, _mm256_shuffle_epi8(sc, control)));
            }
        }
        /* The -32 offset: 32 * sum_g scales[g] * bsums[g]. */
        __m256i scales16 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)wb[b].scales));
        __m256i bsums = _mm256_loadu_si256((const __m256i *)xb[b].bsums);
        __m256i offset = _mm256_slli_epi32(_mm256_madd_epi16(scales16, bsums), 5);
        sumi = _mm256_sub_epi32(sumi, offset);
        acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(sumi), _mm256_set1_ps(xb[b].d * x86_half(wb[b].d)), acc);
    }
    return x86_hsum_ps(acc);
}

/* ---- activation quantizers -------------------------------------------------------------- */

static inline __m256 abs_ps(__m256 v) { return _mm256_andnot_ps(_mm256_set1_ps(-0.0f), v); }

static inline float hmax_ps(__m256 v)
{
    __m128 m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    m = _mm_max_ss(m, _mm_movehdup_ps(m));
    return _mm_cvtss_f32(m);
}

/* 32 floats scaled by id -> 32 int8 at dst (rounded to nearest even, as lrintf); returns
 * their sum. */
static inline int quantize32(const float *x, float id, int8_t *dst)
{
    __m256 scale = _mm256_set1_ps(id);
    __m256i i0 = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(x), scale));
    __m256i i1 = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(x + 8), scale));
    __m256i i2 = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(x + 16), scale));
    __m256i i3 = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(x + 24), scale));
    int sum = hsum_epi32(_mm256_add_epi32(_mm256_add_epi32(i0, i1), _mm256_add_epi32(i2, i3)));
    __m256i p01 = _mm256_packs_epi32(i0, i1), p23 = _mm256_packs_epi32(i2, i3);
    __m256i bytes = _mm256_packs_epi16(p01, p23);
    /* packs interleaves 128-bit lanes: restore element order. */
    bytes = _mm256_permutevar8x32_epi32(bytes, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
    _mm256_storeu_si256((__m256i *)dst, bytes);
    return sum;
}

static float absmax(const float *x, int n)
{
    __m256 m = _mm256_setzero_ps();
    for (int i = 0; i < n; i += 8) m = _mm256_max_ps(m, abs_ps(_mm256_loadu_ps(x + i)));
    return hmax_ps(m);
}

static void quantize_q8(const float *x, kernels_q8_block_t *y, int64_t n)
{
    for (int64_t b = 0; b < n / 32; b++, x += 32) {
        float amax = absmax(x, 32);
        float id = amax != 0.0f ? 127.0f / amax : 0.0f;
        y[b].d = amax / 127.0f;
        y[b].sum = quantize32(x, id, y[b].qs);
    }
}

static void quantize_q8_k(const float *x, quant_block_q8_k_t *y, int64_t n)
{
    for (int64_t b = 0; b < n / 256; b++, x += 256) {
        float amax = absmax(x, 256);
        float id = amax != 0.0f ? 127.0f / amax : 0.0f;
        y[b].d = amax / 127.0f;
        for (int g = 0; g < 8; g++) quantize32(x + 32 * g, id, y[b].qs + 32 * g);
        for (int g = 0; g < 16; g++) {
            __m128i v = _mm_loadu_si128((const __m128i *)(y[b].qs + 16 * g));
            __m256i wide = _mm256_cvtepi8_epi16(v);
            __m256i s = _mm256_madd_epi16(wide, _mm256_set1_epi16(1));
            y[b].bsums[g] = (int16_t)hsum_epi32(s);
        }
    }
}

void kernels_ops_avx2(kernels_ops_t *ops)
{
    kernels_ops_avx2_dequantize(ops);
    ops->dot[TENSOR_F32] = dot_f32;
    ops->dot[TENSOR_F16] = dot_f16;
    ops->dot[TENSOR_BF16] = dot_bf16;
    ops->dot[TENSOR_Q4_0] = dot_q4_0;
    ops->dot[TENSOR_Q4_1] = dot_q4_1;
    ops->dot[TENSOR_Q5_0] = dot_q5_0;
    ops->dot[TENSOR_Q5_1] = dot_q5_1;
    ops->dot[TENSOR_Q8_0] = dot_q8_0;
    ops->dot[TENSOR_Q4_K] = dot_q4_k;
    ops->dot[TENSOR_Q5_K] = dot_q5_k;
    ops->dot[TENSOR_Q6_K] = dot_q6_k;
    ops->quantize_q8 = quantize_q8;
    ops->quantize_q8_k = quantize_q8_k;
}

/* ---- vector ops ------------------------------------------------------------------------- */

/* e^x for 8 floats: x = n ln2 + r with |r| <= ln2/2, e^r by a degree-6 polynomial (relative
 * error below 4e-7), then 2^n added to the exponent. Inputs are clamped to [-87.3, 88.7],
 * where the result stays a normal float; below that the result is ~1e-38 instead of 0. */
static inline __m256 exp8(__m256 x)
{
    x = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(-87.3f)), _mm256_set1_ps(88.7f));
    __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504f)),
                               _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693145752f), x); /* ln2, high part */
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(1.42860677e-6f), r);      /* ln2, low part */
    __m256 p = _mm256_set1_ps(1.0f / 720);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 120));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 24));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 6));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0.5f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    __m256i e = _mm256_slli_epi32(_mm256_cvtps_epi32(n), 23);
    return _mm256_castsi256_ps(_mm256_add_epi32(_mm256_castps_si256(p), e));
}

/* The tail of a row (fewer than 8 elements) as a masked load/store. */
static inline __m256i tail_mask(int count)
{
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(count), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

void kernels_vec_softmax_avx2(float *x, int n)
{
    if (n <= 0) return;
    __m256 m = _mm256_set1_ps(-INFINITY);
    int i = 0;
    for (; i + 8 <= n; i += 8) m = _mm256_max_ps(m, _mm256_loadu_ps(x + i));
    float max = hmax_ps(m);
    for (int j = i; j < n; j++) max = x[j] > max ? x[j] : max;
    __m256 vmax = _mm256_set1_ps(max), sum = _mm256_setzero_ps();
    for (i = 0; i + 8 <= n; i += 8) {
        __m256 e = exp8(_mm256_sub_ps(_mm256_loadu_ps(x + i), vmax));
        _mm256_storeu_ps(x + i, e);
        sum = _mm256_add_ps(sum, e);
    }
    if (i < n) {
        __m256i mask = tail_mask(n - i);
        __m256 e = exp8(_mm256_sub_ps(_mm256_maskload_ps(x + i, mask), vmax));
        e = _mm256_and_ps(e, _mm256_castsi256_ps(mask));
        _mm256_maskstore_ps(x + i, mask, e);
        sum = _mm256_add_ps(sum, e);
    }
    __m256 inv = _mm256_set1_ps(1.0f / x86_hsum_ps(sum));
    for (i = 0; i + 8 <= n; i += 8) _mm256_storeu_ps(x + i, _mm256_mul_ps(_mm256_loadu_ps(x + i), inv));
    for (; i < n; i++) x[i] *= _mm256_cvtss_f32(inv);
}

void kernels_vec_silu_mul_avx2(float *gate, const float *up, int n)
{
    const __m256 one = _mm256_set1_ps(1.0f);
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 g = _mm256_loadu_ps(gate + i);
        __m256 silu = _mm256_div_ps(g, _mm256_add_ps(one, exp8(_mm256_sub_ps(_mm256_setzero_ps(), g))));
        _mm256_storeu_ps(gate + i, _mm256_mul_ps(silu, _mm256_loadu_ps(up + i)));
    }
    if (i < n) {
        __m256i mask = tail_mask(n - i);
        __m256 g = _mm256_maskload_ps(gate + i, mask);
        __m256 silu = _mm256_div_ps(g, _mm256_add_ps(one, exp8(_mm256_sub_ps(_mm256_setzero_ps(), g))));
        _mm256_maskstore_ps(gate + i, mask, _mm256_mul_ps(silu, _mm256_maskload_ps(up + i, mask)));
    }
}

void kernels_vec_rmsnorm_avx2(float *out, const float *x, const float *weight, int n, float eps)
{
    __m256 acc = _mm256_setzero_ps();
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 v = _mm256_loadu_ps(x + i);
        acc = _mm256_fmadd_ps(v, v, acc);
    }
    float sum = x86_hsum_ps(acc);
    for (int j = i; j < n; j++) sum += x[j] * x[j];
    float scale = 1.0f / sqrtf(sum / (float)n + eps);
    __m256 s = _mm256_set1_ps(scale);
    for (i = 0; i + 8 <= n; i += 8)
        _mm256_storeu_ps(out + i, _mm256_mul_ps(_mm256_mul_ps(_mm256_loadu_ps(x + i), s),
                                                _mm256_loadu_ps(weight + i)));
    for (; i < n; i++) out[i] = x[i] * scale * weight[i];
}

void kernels_vec_add_avx2(float *y, const float *x, int n)
{
    int i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(y + i, _mm256_add_ps(_mm256_loadu_ps(y + i), _mm256_loadu_ps(x + i)));
    for (; i < n; i++) y[i] += x[i];
}

float kernels_vec_dot_avx2(const float *a, const float *b, int n) { return dot_f32(a, b, n); }

void kernels_vec_axpy_avx2(float *y, float a, const float *x, int n)
{
    __m256 va = _mm256_set1_ps(a);
    int i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(y + i, _mm256_fmadd_ps(va, _mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i)));
    for (; i < n; i++) y[i] += a * x[i];
}

/* Row dequantization for the sgemm path: F16/BF16 with 8-wide conversions, the block
 * types through the portable code (their tiles are small next to the sgemm work). */
static void dequantize(uint32_t type, const void *src, float *dst, int64_t n)
{
    const uint16_t *h = src;
    int64_t i = 0;
    if (type == TENSOR_F16) {
        for (; i + 8 <= n; i += 8)
            _mm256_storeu_ps(dst + i, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(h + i))));
        for (; i < n; i++) dst[i] = x86_half(h[i]);
    } else if (type == TENSOR_BF16) {
        for (; i + 8 <= n; i += 8) _mm256_storeu_ps(dst + i, bf16x8(h + i));
        for (; i < n; i++) dst[i] = quant_bf16_to_f32(h[i]);
    } else {
        quant_dequantize_row(type, src, dst, n);
    }
}

void kernels_ops_avx2_dequantize(kernels_ops_t *ops) { ops->dequantize = dequantize; }
