/* kv_cache_avx2.c — F16 <-> F32 conversion of KV cache rows with the F16C instructions,
 * eight values per instruction (kv_cache.h). Rounding is to nearest even, like the scalar
 * path in slm/quant.c. The decode-time attention kernels read the halves directly; their
 * group forms serve several queries (the query heads sharing a key/value head) from one
 * conversion of each key and value, with each query's arithmetic exactly the one-query
 * kernel's. */
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

void kv_cache_scores_f16_avx2(const float *q, const uint16_t *keys, uint32_t n_pos,
                              uint32_t head_dim, float scale, float *scores)
{
    for (uint32_t s = 0; s < n_pos; s++) {
        const uint16_t *k = keys + (size_t)s * head_dim;
        __m256 acc = _mm256_setzero_ps();
        for (uint32_t d = 0; d < head_dim; d += 8)
            acc = _mm256_fmadd_ps(_mm256_loadu_ps(q + d),
                                  _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(k + d))),
                                  acc);
        __m128 sum = _mm_add_ps(_mm256_castps256_ps128(acc), _mm256_extractf128_ps(acc, 1));
        sum = _mm_add_ps(sum, _mm_movehl_ps(sum, sum));
        sum = _mm_add_ss(sum, _mm_movehdup_ps(sum));
        scores[s] = _mm_cvtss_f32(sum) * scale;
    }
}

void kv_cache_weighted_sum_f16_avx2(const float *weights, const uint16_t *values,
                                    uint32_t n_pos, uint32_t head_dim, float *out)
{
    for (uint32_t d0 = 0; d0 < head_dim; d0 += 32) { /* four registers of outputs at a time */
        uint32_t width = head_dim - d0 < 32 ? head_dim - d0 : 32;
        __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(),
                         _mm256_setzero_ps()};
        for (uint32_t s = 0; s < n_pos; s++) {
            const uint16_t *v = values + (size_t)s * head_dim + d0;
            __m256 w = _mm256_set1_ps(weights[s]);
            for (uint32_t j = 0; j < width / 8; j++)
                acc[j] = _mm256_fmadd_ps(
                    w, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(v + 8 * j))), acc[j]);
        }
        for (uint32_t j = 0; j < width / 8; j++) _mm256_storeu_ps(out + d0 + 8 * j, acc[j]);
    }
}

/* The hsum of kv_cache_scores_f16_avx2, for one query's accumulator. */
static inline float score_of(__m256 acc, float scale)
{
    __m128 sum = _mm_add_ps(_mm256_castps256_ps128(acc), _mm256_extractf128_ps(acc, 1));
    sum = _mm_add_ps(sum, _mm_movehl_ps(sum, sum));
    sum = _mm_add_ss(sum, _mm_movehdup_ps(sum));
    return _mm_cvtss_f32(sum) * scale;
}

enum { GROUP_QUERIES = 4 }; /* queries per pass: their accumulators stay in registers */

void kv_cache_scores_f16_group_avx2(const float *q, size_t q_stride, uint32_t n_q,
                                    const uint16_t *keys, uint32_t n_pos, uint32_t head_dim,
                                    float scale, float *scores, size_t scores_stride)
{
    for (uint32_t i0 = 0; i0 < n_q; i0 += GROUP_QUERIES) {
        uint32_t m = n_q - i0 < GROUP_QUERIES ? n_q - i0 : GROUP_QUERIES;
        const float *qi = q + (size_t)i0 * q_stride;
        float *si = scores + (size_t)i0 * scores_stride;
        for (uint32_t s = 0; s < n_pos; s++) {
            const uint16_t *k = keys + (size_t)s * head_dim;
            __m256 acc[GROUP_QUERIES] = {_mm256_setzero_ps(), _mm256_setzero_ps(),
                                         _mm256_setzero_ps(), _mm256_setzero_ps()};
            for (uint32_t d = 0; d < head_dim; d += 8) {
                __m256 kd = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(k + d)));
                for (uint32_t i = 0; i < m; i++)
                    acc[i] = _mm256_fmadd_ps(_mm256_loadu_ps(qi + i * q_stride + d), kd, acc[i]);
            }
            for (uint32_t i = 0; i < m; i++) si[i * scores_stride + s] = score_of(acc[i], scale);
        }
    }
}

void kv_cache_weighted_sum_f16_group_avx2(const float *weights, size_t weights_stride,
                                          uint32_t n_q, const uint16_t *values, uint32_t n_pos,
                                          uint32_t head_dim, float *out, size_t out_stride)
{
    enum { PASS = 3 }; /* 3 queries x 4 registers of outputs, plus the 4 values */
    for (uint32_t i0 = 0; i0 < n_q; i0 += PASS) {
        uint32_t m = n_q - i0 < PASS ? n_q - i0 : PASS;
        for (uint32_t d0 = 0; d0 < head_dim; d0 += 32) {
            uint32_t width = head_dim - d0 < 32 ? head_dim - d0 : 32;
            __m256 acc[PASS][4];
            for (uint32_t i = 0; i < PASS; i++)
                for (uint32_t j = 0; j < 4; j++) acc[i][j] = _mm256_setzero_ps();
            for (uint32_t s = 0; s < n_pos; s++) {
                const uint16_t *v = values + (size_t)s * head_dim + d0;
                __m256 vj[4];
                for (uint32_t j = 0; j < width / 8; j++)
                    vj[j] = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(v + 8 * j)));
                for (uint32_t i = 0; i < m; i++) {
                    __m256 w = _mm256_set1_ps(weights[(size_t)(i0 + i) * weights_stride + s]);
                    for (uint32_t j = 0; j < width / 8; j++)
                        acc[i][j] = _mm256_fmadd_ps(w, vj[j], acc[i][j]);
                }
            }
            for (uint32_t i = 0; i < m; i++)
                for (uint32_t j = 0; j < width / 8; j++)
                    _mm256_storeu_ps(out + (size_t)(i0 + i) * out_stride + d0 + 8 * j, acc[i][j]);
        }
    }
}
