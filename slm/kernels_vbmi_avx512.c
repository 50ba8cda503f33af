/* kernels_vbmi_avx512.c — the 4/5-bit block dot products (Q4_0, Q4_1, Q5_0, Q5_1) for CPUs
 * with AVX512-VNNI and AVX512-VBMI (kernels_impl.h).
 *
 * Same arithmetic as kernels_vnni_avx512.c; the difference is how a block's 16 bytes of
 * packed nibbles become 32 levels. vpmultishiftqb picks, for every output byte, the 8 bits
 * at any offset of the matching 64-bit source word: with the 16 bytes broadcast to both
 * halves, offsets 0, 8, ... give the low nibbles and 4, 12, ... the high ones, so one
 * broadcast load, one multishift and one AND replace a load, a shift, an insert and an AND.
 * Decode of the Q4_K_M files of models whose width is not a multiple of 256 (SmolLM2,
 * Qwen2.5: their tensors fall back to Q5_0) spends most of its time here. */
#ifdef __clang__ /* clang has no GCC target pragma (make FUZZ=1 builds with clang) */
#pragma clang attribute push(__attribute__((target("avx512vnni,avx512vbmi"))), apply_to = function)
#else
#pragma GCC target("avx512vnni,avx512vbmi")
#endif

#include <immintrin.h>
#include <string.h>

#include "slm/kernels_impl.h"

static inline __m256i x86_unpack_nibbles(const uint8_t *qs)
{
    /* qwords 0/1: low nibbles of bytes 0-7 / 8-15; qwords 2/3: high nibbles of the same */
    const __m256i offsets = _mm256_setr_epi64x(0x3830282018100800LL, 0x3830282018100800LL,
                                               0x3c342c241c140c04LL, 0x3c342c241c140c04LL);
    __m256i bytes = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)qs));
    return _mm256_and_si256(_mm256_multishift_epi64_epi8(offsets, bytes), _mm256_set1_epi8(0x0f));
}

static inline __m256i x86_dot_u8s8(__m256i acc, __m256i u, __m256i s)
{
    return _mm256_dpbusd_epi32(acc, u, s);
}

static inline __m256i x86_add_high_bits(__m256i lo, const uint8_t qh[4])
{
    uint32_t v;
    memcpy(&v, qh, 4);
    return _mm256_mask_add_epi8(lo, (__mmask32)v, lo, _mm256_set1_epi8(0x10));
}

#include "slm/kernels_x86_q32.h"

void kernels_ops_vbmi(kernels_ops_t *ops)
{
    ops->dot[TENSOR_Q4_0] = dot_q4_0;
    ops->dot[TENSOR_Q4_1] = dot_q4_1;
    ops->dot[TENSOR_Q5_0] = dot_q5_0;
    ops->dot[TENSOR_Q5_1] = dot_q5_1;
}

#ifdef __clang__
#pragma clang attribute pop
#endif
