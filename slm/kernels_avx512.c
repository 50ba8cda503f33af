/* kernels_avx512.c — AVX-512 dot products (kernels_impl.h), used on top of the AVX2 table.
 *
 * With AVX512-VNNI, vpdpbusd multiplies u8 x s8 and accumulates straight into i32 lanes
 * without the i16 saturation of maddubs. That lets Q8_0 treat its signed weights as
 * unsigned by flipping the top bit (w ^ 0x80 = w + 128) and subtract 128 * sum(x) per
 * block, and the 4/5-bit blocks skip the widening madd. Float rows use 16-lane FMA. The
 * VNNI functions carry their own target attribute; callers pick them only when
 * __builtin_cpu_supports("avx512vnni"). */
#include <immintrin.h>
#include <string.h>

#include "slm/kernels_impl.h"
#include "slm/quant.h"

#define VNNI __attribute__((target("avx512vnni")))

static inline float half(uint16_t h) { return _cvtsh_ss(h); }

static inline float hsum256(__m256 v)
{
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

/* ---- float rows -------------------------------------------------------------------------- */

static float dot_f32(const void *w, const void *x, int64_t n)
{
    const float *a = w, *b = x;
    __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
    int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        acc0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i), acc0);
        acc1 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i + 16), _mm512_loadu_ps(b + i + 16), acc1);
    }
    float sum = _mm512_reduce_add_ps(_mm512_add_ps(acc0, acc1));
    for (; i < n; i++) sum += a[i] * b[i];
    return sum;
}

static float dot_f16(const void *w, const void *x, int64_t n)
{
    const uint16_t *a = w;
    const float *b = x;
    __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
    int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m512 w0 = _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(a + i)));
        __m512 w1 = _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(a + i + 16)));
        acc0 = _mm512_fmadd_ps(w0, _mm512_loadu_ps(b + i), acc0);
        acc1 = _mm512_fmadd_ps(w1, _mm512_loadu_ps(b + i + 16), acc1);
    }
    float sum = _mm512_reduce_add_ps(_mm512_add_ps(acc0, acc1));
    for (; i < n; i++) sum += half(a[i]) * b[i];
    return sum;
}

static inline __m512 bf16x16(const uint16_t *p)
{
    __m512i v = _mm512_cvtepu16_epi32(_mm256_loadu_si256((const __m256i *)p));
    return _mm512_castsi512_ps(_mm512_slli_epi32(v, 16));
}

static float dot_bf16(const void *w, const void *x, int64_t n)
{
    const uint16_t *a = w;
    const float *b = x;
    __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
    int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        acc0 = _mm512_fmadd_ps(bf16x16(a + i), _mm512_loadu_ps(b + i), acc0);
        acc1 = _mm512_fmadd_ps(bf16x16(a + i + 16), _mm512_loadu_ps(b + i + 16), acc1);
    }
    float sum = _mm512_reduce_add_ps(_mm512_add_ps(acc0, acc1));
    for (; i < n; i++) sum += quant_bf16_to_f32(a[i]) * b[i];
    return sum;
}

/* ---- 32-element blocks with VNNI -------------------------------------------------------- */

static inline __m256i unpack_nibbles(const uint8_t *qs)
{
    __m128i b = _mm_loadu_si128((const __m128i *)qs);
    __m256i both = _mm256_set_m128i(_mm_srli_epi16(b, 4), b);
    return _mm256_and_si256(both, _mm256_set1_epi8(0x0f));
}

/* 32 bits -> 32 bytes, 0x10 where set (AVX-512BW mask move). */
static inline __m256i bits_to_0x10(const uint8_t qh[4])
{
    uint32_t v;
    memcpy(&v, qh, 4);
    return _mm256_maskz_mov_epi8((__mmask32)v, _mm256_set1_epi8(0x10));
}

VNNI static inline __m256i dot_u8s8(__m256i u, __m256i s)
{
    return _mm256_dpbusd_epi32(_mm256_setzero_si256(), u, s);
}

static inline __m256i add_lane0(__m256i s, int v)
{
    return _mm256_add_epi32(s, _mm256_castsi128_si256(_mm_cvtsi32_si128(v)));
}

VNNI static float dot_q8_0(const void *w, const void *x, int64_t n)
{
    const quant_block_q8_0_t *wb = w;
    const kernels_q8_block_t *xb = x;
    const __m256i flip = _mm256_set1_epi8((char)0x80);
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    int64_t nb = n / 32, b = 0;
    for (; b + 2 <= nb; b += 2) {
        __m256i w0 = _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)wb[b].qs), flip);
        __m256i w1 = _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)wb[b + 1].qs), flip);
        __m256i s0 = dot_u8s8(w0, _mm256_loadu_si256((const __m256i *)xb[b].qs));
        __m256i s1 = dot_u8s8(w1, _mm256_loadu_si256((const __m256i *)xb[b + 1].qs));
        s0 = add_lane0(s0, -128 * xb[b].sum);
        s1 = add_lane0(s1, -128 * xb[b + 1].sum);
        acc0 = _mm256_fmadd_ps(_mm256_cvtepi32_ps(s0), _mm256_set1_ps(half(wb[b].d) * xb[b].d), acc0);
        acc1 = _mm256_fmadd_ps(_mm256_cvtepi32_ps(s1), _mm256_set1_ps(half(wb[b + 1].d) * xb[b + 1].d), acc1);
    }
    for (; b < nb; b++) {
        __m256i w0 = _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)wb[b].qs), flip);
        __m256i s0 = add_lane0(dot_u8s8(w0, _mm256_loadu_si256((const __m256i *)xb[b].qs)),
                               -128 * xb[b].sum);
        acc0 = _mm256_fmadd_ps(_mm256_cvtepi32_ps(s0), _mm256_set1_ps(half(wb[b].d) * xb[b].d), acc0);
    }
    return hsum256(_mm256_add_ps(acc0, acc1));
}

VNNI static float dot_q4_0(const void *w, const void *x, int64_t n)
{
    const quant_block_q4_0_t *wb = w;
    const kernels_q8_block_t *xb = x;
    __m256 acc = _mm256_setzero_ps();
    for (int64_t b = 0; b < n / 32; b++) {
        __m256i s = dot_u8s8(unpack_nibbles(wb[b].qs), _mm256_loadu_si256((const __m256i *)xb[b].qs));
        s = add_lane0(s, -8 * xb[b].sum);
        acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(s), _mm256_set1_ps(half(wb[b].d) * xb[b].d), acc);
    }
    return hsum256(acc);
}

VNNI static float dot_q4_1(const void *w, const void *x, int64_t n)
{
    const quant_block_q4_1_t *wb = w;
    const kernels_q8_block_t *xb = x;
    __m256 acc = _mm256_setzero_ps();
    float mins = 0;
    for (int64_t b = 0; b < n / 32; b++) {
        __m256i s = dot_u8s8(unpack_nibbles(wb[b].qs), _mm256_loadu_si256((const __m256i *)xb[b].qs));
        acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(s), _mm256_set1_ps(half(wb[b].d) * xb[b].d), acc);
        mins += half(wb[b].m) * xb[b].d * (float)xb[b].sum;
    }
    return hsum256(acc) + mins;
}

VNNI static float dot_q5_0(const void *w, const void *x, int64_t n)
{
    const quant_block_q5_0_t *wb = w;
    const kernels_q8_block_t *xb = x;
    __m256 acc = _mm256_setzero_ps();
    for (int64_t b = 0; b < n / 32; b++) {
        __m256i q = _mm256_or_si256(unpack_nibbles(wb[b].qs), bits_to_0x10(wb[b].qh));
        __m256i s = dot_u8s8(q, _mm256_loadu_si256((const __m256i *)xb[b].qs));
        s = add_lane0(s, -16 * xb[b].sum);
        acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(s), _mm256_set1_ps(half(wb[b].d) * xb[b].d), acc);
    }
    return hsum256(acc);
}

VNNI static float dot_q5_1(const void *w, const void *x, int64_t n)
{
    const quant_block_q5_1_t *wb = w;
    const kernels_q8_block_t *xb = x;
    __m256 acc = _mm256_setzero_ps();
    float mins = 0;
    for (int64_t b = 0; b < n / 32; b++) {
        __m256i q = _mm256_or_si256(unpack_nibbles(wb[b].qs), bits_to_0x10(wb[b].qh));
        __m256i s = dot_u8s8(q, _mm256_loadu_si256((const __m256i *)xb[b].qs));
        acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(s), _mm256_set1_ps(half(wb[b].d) * xb[b].d), acc);
        mins += half(wb[b].m) * xb[b].d * (float)xb[b].sum;
    }
    return hsum256(acc) + mins;
}

void kernels_ops_avx512(kernels_ops_t *ops, bool vnni)
{
    ops->dot[TENSOR_F32] = dot_f32;
    ops->dot[TENSOR_F16] = dot_f16;
    ops->dot[TENSOR_BF16] = dot_bf16;
    if (vnni) {
        ops->dot[TENSOR_Q8_0] = dot_q8_0;
        ops->dot[TENSOR_Q4_0] = dot_q4_0;
        ops->dot[TENSOR_Q4_1] = dot_q4_1;
        ops->dot[TENSOR_Q5_0] = dot_q5_0;
        ops->dot[TENSOR_Q5_1] = dot_q5_1;
    }
}
