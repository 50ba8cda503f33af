/* kernels_avx512.c — AVX-512 float-row dot products (kernels_impl.h), used on top of the
 * AVX2 table: F32, F16 and BF16 weights with 16-lane FMA. The integer kernels for CPUs
 * with AVX512-VNNI are in kernels_vnni_avx512.c. */
#include <immintrin.h>

#include "slm/kernels_impl.h"
#include "slm/quant.h"

static inline float half(uint16_t h) { return _cvtsh_ss(h); }

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

void kernels_ops_avx512(kernels_ops_t *ops, bool vnni)
{
    ops->dot[TENSOR_F32] = dot_f32;
    ops->dot[TENSOR_F16] = dot_f16;
    ops->dot[TENSOR_BF16] = dot_bf16;
    if (vnni) kernels_ops_vnni(ops);
}
