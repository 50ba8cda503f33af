/* kernels_vnni_avx512.c — the 8-bit dot products for CPUs with AVX512-VNNI (kernels_impl.h).
 *
 * vpdpbusd multiplies u8 x s8 and accumulates straight into i32 lanes, with none of the
 * i16 saturation of maddubs. So the 4/5-bit blocks skip the widening step, and Q8_0 treats
 * its signed weights as unsigned by flipping the top bit (w ^ 0x80 = w + 128), subtracting
 * 128 * sum(x) per block afterwards: one xor instead of abs and sign. The whole file is
 * compiled for VNNI (the pragma below); kernels_ops_vnni is only called when the CPU has it. */
#ifdef __clang__ /* clang has no GCC target pragma (make FUZZ=1 builds with clang) */
#pragma clang attribute push(__attribute__((target("avx512vnni"))), apply_to = function)
#else
#pragma GCC target("avx512vnni")
#endif

#include <immintrin.h>
#include <string.h>

#include "slm/kernels_impl.h"

static inline __m256i x86_dot_u8s8(__m256i acc, __m256i u, __m256i s)
{
    return _mm256_dpbusd_epi32(acc, u, s);
}

/* 16 bytes of packed nibbles -> 32 bytes: the low nibbles, then the high nibbles. */
static inline __m256i x86_unpack_nibbles(const uint8_t *qs)
{
    __m128i b = _mm_loadu_si128((const __m128i *)qs);
    __m256i both = _mm256_set_m128i(_mm_srli_epi16(b, 4), b);
    return _mm256_and_si256(both, _mm256_set1_epi8(0x0f));
}

/* lo + 0x10 in the bytes whose bit is set: one masked add (AVX-512BW). */
static inline __m256i x86_add_high_bits(__m256i lo, const uint8_t qh[4])
{
    uint32_t v;
    memcpy(&v, qh, 4);
    return _mm256_mask_add_epi8(lo, (__mmask32)v, lo, _mm256_set1_epi8(0x10));
}

#include "slm/kernels_x86_q32.h"

static inline __m256 q8_0_block(const quant_block_q8_0_t *w, const kernels_q8_block_t *x, __m256 acc)
{
    __m256i wq = _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)w->qs), _mm256_set1_epi8((char)0x80));
    __m256i s = x86_dot_u8s8(x86_lane0(-128 * x->sum), wq, x86_load_act(x));
    return x86_block_acc(acc, s, &w->d, &x->d);
}

X86_DEFINE_BLOCK_DOT(dot_q8_0, quant_block_q8_0_t, q8_0_block)

void kernels_ops_vnni(kernels_ops_t *ops)
{
    ops->dot[TENSOR_Q8_0] = dot_q8_0;
    ops->dot[TENSOR_Q4_0] = dot_q4_0;
    ops->dot[TENSOR_Q4_1] = dot_q4_1;
    ops->dot[TENSOR_Q5_0] = dot_q5_0;
    ops->dot[TENSOR_Q5_1] = dot_q5_1;
}

#ifdef __clang__
#pragma clang attribute pop
#endif
