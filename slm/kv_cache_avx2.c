/* kv_cache_avx2.c — F16 <-> F32 conversion of KV cache rows with the F16C instructions,
 * eight values per instruction (kv_cache.h). Rounding is to nearest even, like the scalar
 * path in slm/quant.c. */
#include "slm/kv_cache.h"

#include <immintrin.h>

#include "slm/quant.h"

void kv_cache_f16_to_f32_avx2(const uint16_t *src, float *dst, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(dst + i, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(src + i))));
    for (; i < n; i++) dst[i] = quant_f16_to_f32(src[i]);
}

void kv_cache_f32_to_f16_avx2(const float *src, uint16_t *dst, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm_storeu_si128((__m128i *)(dst + i),
                         _mm256_cvtps_ph(_mm256_loadu_ps(src + i), _MM_FROUND_TO_NEAREST_INT));
    for (; i < n; i++) dst[i] = quant_f32_to_f16(src[i]);
}
