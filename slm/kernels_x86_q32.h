/* kernels_x86_q32.h — dot products of the 32-element block types (Q4_0, Q4_1, Q5_0, Q5_1)
 * against 8-bit activation blocks, written once for the AVX2 and the AVX-512 VNNI files.
 *
 * The including file compiles this with its own instruction set, after defining three
 * static inline functions:
 *   __m256i x86_unpack_nibbles(const uint8_t *qs)
 *       16 bytes of packed nibbles -> 32 bytes: the low nibbles, then the high nibbles
 *   __m256i x86_dot_u8s8(__m256i acc, __m256i u, __m256i s)
 *       acc + the 32 u8 x s8 products summed to 8 x i32
 *   __m256i x86_add_high_bits(__m256i lo, const uint8_t *qh)
 *       lo + 0x10 in the bytes whose bit is set in the 32-bit little-endian qh
 * Weight levels are used unsigned; the format's offset (-8, -16) or minimum is applied
 * per block through the activation block's sum. Four independent accumulators keep the
 * loop from waiting on the multiply-add latency chain. */
#ifndef ASSAY_SLM_KERNELS_X86_Q32_H
#define ASSAY_SLM_KERNELS_X86_Q32_H

#include <immintrin.h>
#include <string.h>

#include "slm/kernels_impl.h"

static inline float x86_half(uint16_t h) { return _cvtsh_ss(h); }

static inline float x86_hsum_ps(__m256 v)
{
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

/* An i32 vector holding v in lane 0: the starting sum of a block whose offset term is v. */
static inline __m256i x86_lane0(int v) { return _mm256_setr_epi32(v, 0, 0, 0, 0, 0, 0, 0); }

static inline __m256i x86_load_act(const kernels_q8_block_t *x)
{
    return _mm256_loadu_si256((const __m256i *)x->qs);
}

/* acc + (integer block sum) * (weight scale * activation scale). The half scale is
 * broadcast from memory and converted 8-wide (vpbroadcastw + vcvtph2ps), cheaper than a
 * scalar conversion followed by a broadcast. */
static inline __m256 x86_block_acc(__m256 acc, __m256i sumi, const uint16_t *w_scale, const float *x_scale)
{
    short h;
    memcpy(&h, w_scale, 2);
    __m256 scale = _mm256_mul_ps(_mm256_cvtph_ps(_mm_set1_epi16(h)), _mm256_broadcast_ss(x_scale));
    return _mm256_fmadd_ps(_mm256_cvtepi32_ps(sumi), scale, acc);
}

static inline __m256 x86_add_min(__m256 acc, float m)
{
    return _mm256_add_ps(acc, _mm256_zextps128_ps256(_mm_set_ss(m)));
}

static inline __m256 q4_0_block(const quant_block_q4_0_t *w, const kernels_q8_block_t *x, __m256 acc)
{
    __m256i s = x86_dot_u8s8(x86_lane0(-8 * x->sum), x86_unpack_nibbles(w->qs), x86_load_act(x));
    return x86_block_acc(acc, s, &w->d, &x->d);
}

static inline __m256 q4_1_block(const quant_block_q4_1_t *w, const kernels_q8_block_t *x, __m256 acc)
{
    __m256i s = x86_dot_u8s8(_mm256_setzero_si256(), x86_unpack_nibbles(w->qs), x86_load_act(x));
    acc = x86_block_acc(acc, s, &w->d, &x->d);
    return x86_add_min(acc, x86_half(w->m) * x->d * (float)x->sum);
}

static inline __m256 q5_0_block(const quant_block_q5_0_t *w, const kernels_q8_block_t *x, __m256 acc)
{
    __m256i q = x86_add_high_bits(x86_unpack_nibbles(w->qs), w->qh);
    __m256i s = x86_dot_u8s8(x86_lane0(-16 * x->sum), q, x86_load_act(x));
    return x86_block_acc(acc, s, &w->d, &x->d);
}

static inline __m256 q5_1_block(const quant_block_q5_1_t *w, const kernels_q8_block_t *x, __m256 acc)
{
    __m256i q = x86_add_high_bits(x86_unpack_nibbles(w->qs), w->qh);
    __m256i s = x86_dot_u8s8(_mm256_setzero_si256(), q, x86_load_act(x));
    acc = x86_block_acc(acc, s, &w->d, &x->d);
    return x86_add_min(acc, x86_half(w->m) * x->d * (float)x->sum);
}

/* Defines `static float name(const void *w, const void *x, int64_t n)` summing block_fn
 * over n / 32 blocks with four accumulators. */
#define X86_DEFINE_BLOCK_DOT(name, block_t, block_fn)                                     \
    static float name(const void *w, const void *x, int64_t n)                            \
    {                                                                                      \
        const block_t *wb = w;                                                             \
        const kernels_q8_block_t *xb = x;                                                  \
        __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;                        \
        int64_t nb = n / 32, b = 0;                                                        \
        for (; b + 4 <= nb; b += 4) {                                                      \
            a0 = block_fn(wb + b, xb + b, a0);                                             \
            a1 = block_fn(wb + b + 1, xb + b + 1, a1);                                     \
            a2 = block_fn(wb + b + 2, xb + b + 2, a2);                                     \
            a3 = block_fn(wb + b + 3, xb + b + 3, a3);                                     \
        }                                                                                  \
        for (; b < nb; b++) a0 = block_fn(wb + b, xb + b, a0);                             \
        return x86_hsum_ps(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)));   \
    }

X86_DEFINE_BLOCK_DOT(dot_q4_0, quant_block_q4_0_t, q4_0_block)
X86_DEFINE_BLOCK_DOT(dot_q4_1, quant_block_q4_1_t, q4_1_block)
X86_DEFINE_BLOCK_DOT(dot_q5_0, quant_block_q5_0_t, q5_0_block)
X86_DEFINE_BLOCK_DOT(dot_q5_1, quant_block_q5_1_t, q5_1_block)

#endif
