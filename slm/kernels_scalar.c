/* kernels_scalar.c — portable C dot products and activation quantizers (kernels_impl.h).
 *
 * This is the path every machine can run and the reference the AVX2/AVX-512 tables are
 * checked against: integer sums per block exactly as the SIMD code forms them, then one
 * float multiply-add per block. */
#include <math.h>
#include <string.h>

#include "slm/kernels_impl.h"
#include "slm/quant.h"

kernels_act_t kernels_act_for(uint32_t type)
{
    switch (type) {
    case TENSOR_Q4_0: case TENSOR_Q4_1: case TENSOR_Q5_0: case TENSOR_Q5_1: case TENSOR_Q8_0:
        return KERNELS_ACT_Q8;
    case TENSOR_Q4_K: case TENSOR_Q5_K: case TENSOR_Q6_K:
        return KERNELS_ACT_Q8_K;
    default:
        return KERNELS_ACT_FLOAT;
    }
}

/* ---- activation quantizers ------------------------------------------------------------ */

static int8_t round_to_int8(float v)
{
    long q = lrintf(v);
    return (int8_t)(q > 127 ? 127 : q < -127 ? -127 : q);
}

static void quantize_q8(const float *x, kernels_q8_block_t *y, int64_t n)
{
    for (int64_t b = 0; b < n / 32; b++, x += 32) {
        float amax = 0;
        for (int j = 0; j < 32; j++) amax = fmaxf(amax, fabsf(x[j]));
        float d = amax / 127.0f, id = d != 0.0f ? 127.0f / amax : 0.0f;
        int sum = 0;
        for (int j = 0; j < 32; j++) {
            y[b].qs[j] = round_to_int8(x[j] * id);
            sum += y[b].qs[j];
        }
        y[b].d = d;
        y[b].sum = sum;
    }
}

static void quantize_q8_k(const float *x, quant_block_q8_k_t *y, int64_t n)
{
    for (int64_t b = 0; b < n / 256; b++, x += 256) {
        float amax = 0;
        for (int j = 0; j < 256; j++) amax = fmaxf(amax, fabsf(x[j]));
        float d = amax / 127.0f, id = d != 0.0f ? 127.0f / amax : 0.0f;
        for (int g = 0; g < 16; g++) {
            int sum = 0;
            for (int j = 16 * g; j < 16 * g + 16; j++) {
                y[b].qs[j] = round_to_int8(x[j] * id);
                sum += y[b].qs[j];
            }
            y[b].bsums[g] = (int16_t)sum;
        }
        y[b].d = d;
    }
}

static void dequantize(uint32_t type, const void *src, float *dst, int64_t n)
{
    quant_dequantize_row(type, src, dst, n);
}

/* ---- float rows ------------------------------------------------------------------------ */

static float dot_f32(const void *w, const void *x, int64_t n)
{
    const float *a = w, *b = x;
    float sum = 0;
    for (int64_t i = 0; i < n; i++) sum += a[i] * b[i];
    return sum;
}

static float dot_f16(const void *w, const void *x, int64_t n)
{
    const uint16_t *a = w;
    const float *b = x;
    float sum = 0;
    for (int64_t i = 0; i < n; i++) sum += quant_f16_to_f32(a[i]) * b[i];
    return sum;
}

static float dot_bf16(const void *w, const void *x, int64_t n)
{
    const uint16_t *a = w;
    const float *b = x;
    float sum = 0;
    for (int64_t i = 0; i < n; i++) sum += quant_bf16_to_f32(a[i]) * b[i];
    return sum;
}

/* ---- 32-element blocks: unsigned levels dotted with int8, offset folded in via sum ---- */

static float dot_q4_0(const void *w, const void *x, int64_t n)
{
    const quant_block_q4_0_t *wb = w;
    const kernels_q8_block_t *xb = x;
    float sum = 0;
    for (int64_t b = 0; b < n / 32; b++) {
        int sumi = 0;
        for (int j = 0; j < 16; j++)
            sumi += (wb[b].qs[j] & 15) * xb[b].qs[j] + (wb[b].qs[j] >> 4) * xb[b].qs[j + 16];
        sumi -= 8 * xb[b].sum;
        sum += quant_f16_to_f32(wb[b].d) * xb[b].d * (float)sumi;
    }
    return sum;
}

static float dot_q4_1(const void *w, const void *x, int64_t n)
{
    const quant_block_q4_1_t *wb = w;
    const kernels_q8_block_t *xb = x;
    float sum = 0;
    for (int64_t b = 0; b < n / 32; b++) {
        int sumi = 0;
        for (int j = 0; j < 16; j++)
            sumi += (wb[b].qs[j] & 15) * xb[b].qs[j] + (wb[b].qs[j] >> 4) * xb[b].qs[j + 16];
        sum += quant_f16_to_f32(wb[b].d) * xb[b].d * (float)sumi +
               quant_f16_to_f32(wb[b].m) * xb[b].d * (float)xb[b].sum;
    }
    return sum;
}

/* The 5-bit level of element j of a Q5 block: nibble plus bit j of qh as bit 4. */
static int q5_level(const uint8_t *qs, uint32_t qh, int j)
{
    int nibble = j < 16 ? qs[j] & 15 : qs[j - 16] >> 4;
    return nibble | (int)((qh >> j) & 1) << 4;
}

static float dot_q5_0(const void *w, const void *x, int64_t n)
{
    const quant_block_q5_0_t *wb = w;
    const kernels_q8_block_t *xb = x;
    float sum = 0;
    for (int64_t b = 0; b < n / 32; b++) {
        uint32_t qh;
        memcpy(&qh, wb[b].qh, 4);
        int sumi = 0;
        for (int j = 0; j < 32; j++) sumi += q5_level(wb[b].qs, qh, j) * xb[b].qs[j];
        sumi -= 16 * xb[b].sum;
        sum += quant_f16_to_f32(wb[b].d) * xb[b].d * (float)sumi;
    }
    return sum;
}

static float dot_q5_1(const void *w, const void *x, int64_t n)
{
    const quant_block_q5_1_t *wb = w;
    const kernels_q8_block_t *xb = x;
    float sum = 0;
    for (int64_t b = 0; b < n / 32; b++) {
        uint32_t qh;
        memcpy(&qh, wb[b].qh, 4);
        int sumi = 0;
        for (int j = 0; j < 32; j++) sumi += q5_level(wb[b].qs, qh, j) * xb[b].qs[j];
        sum += quant_f16_to_f32(wb[b].d) * xb[b].d * (float)sumi +
               quant_f16_to_f32(wb[b].m) * xb[b].d * (float)xb[b].sum;
    }
    return sum;
}

static float dot_q8_0(const void *w, const void *x, int64_t n)
{
    const quant_block_q8_0_t *wb = w;
    const kernels_q8_block_t *xb = x;
    float sum = 0;
    for (int64_t b = 0; b < n / 32; b++) {
        int sumi = 0;
        for (int j = 0; j < 32; j++) sumi += wb[b].qs[j] * xb[b].qs[j];
        sum += quant_f16_to_f32(wb[b].d) * xb[b].d * (float)sumi;
    }
    return sum;
}

/* ---- K-quants against Q8_K ------------------------------------------------------------ */

/* Unpacks the 8 six-bit scales and minimums of a Q4_K/Q5_K super-block. */
static void unpack_k_scales(const uint8_t s[12], uint8_t scale[8], uint8_t min[8])
{
    for (int j = 0; j < 4; j++) {
        scale[j] = s[j] & 63;
        min[j] = s[j + 4] & 63;
        scale[j + 4] = (uint8_t)((s[j + 8] & 15) | (s[j] >> 6) << 4);
        min[j + 4] = (uint8_t)((s[j + 8] >> 4) | (s[j + 4] >> 6) << 4);
    }
}

static float dot_q4_k(const void *w, const void *x, int64_t n)
{
    const quant_block_q4_k_t *wb = w;
    const quant_block_q8_k_t *xb = x;
    float sum = 0;
    for (int64_t b = 0; b < n / 256; b++) {
        uint8_t scale[8], min[8];
        unpack_k_scales(wb[b].scales, scale, min);
        int sumi = 0, summ = 0;
        for (int j = 0; j < 8; j++) {
            const uint8_t *q = wb[b].qs + 32 * (j / 2);
            const int8_t *a = xb[b].qs + 32 * j;
            int s = 0;
            for (int l = 0; l < 32; l++) s += (j % 2 ? q[l] >> 4 : q[l] & 15) * a[l];
            sumi += scale[j] * s;
            summ += min[j] * (xb[b].bsums[2 * j] + xb[b].bsums[2 * j + 1]);
        }
        sum += xb[b].d * (quant_f16_to_f32(wb[b].d) * (float)sumi -
                          quant_f16_to_f32(wb[b].dmin) * (float)summ);
    }
    return sum;
}

static float dot_q5_k(const void *w, const void *x, int64_t n)
{
    const quant_block_q5_k_t *wb = w;
    const quant_block_q8_k_t *xb = x;
    float sum = 0;
    for (int64_t b = 0; b < n / 256; b++) {
        uint8_t scale[8], min[8];
        unpack_k_scales(wb[b].scales, scale, min);
        int sumi = 0, summ = 0;
        for (int j = 0; j < 8; j++) {
            const uint8_t *q = wb[b].qs + 32 * (j / 2);
            const int8_t *a = xb[b].qs + 32 * j;
            int s = 0;
            for (int l = 0; l < 32; l++) {
                int level = (j % 2 ? q[l] >> 4 : q[l] & 15) | ((wb[b].qh[l] >> j) & 1) << 4;
                s += level * a[l];
            }
            sumi += scale[j] * s;
            summ += min[j] * (xb[b].bsums[2 * j] + xb[b].bsums[2 * j + 1]);
        }
        sum += xb[b].d * (quant_f16_to_f32(wb[b].d) * (float)sumi -
                          quant_f16_to_f32(wb[b].dmin) * (float)summ);
    }
    return sum;
}

static float dot_q6_k(const void *w, const void *x, int64_t n)
{
    const quant_block_q6_k_t *wb = w;
    const quant_block_q8_k_t *xb = x;
    float sum = 0;
    for (int64_t b = 0; b < n / 256; b++) {
        int sumi = 0, offset = 0;
        for (int half = 0; half < 2; half++) {
            const uint8_t *ql = wb[b].ql + 64 * half, *qh = wb[b].qh + 32 * half;
            const int8_t *a = xb[b].qs + 128 * half;
            const int8_t *sc = wb[b].scales + 8 * half;
            for (int k = 0; k < 4; k++) {
                for (int part = 0; part < 2; part++) {
                    int s = 0;
                    for (int l = 16 * part; l < 16 * part + 16; l++) {
                        uint8_t low = ql[l + 32 * (k % 2)];
                        int level = (k < 2 ? low & 15 : low >> 4) | ((qh[l] >> (2 * k)) & 3) << 4;
                        s += level * a[32 * k + l];
                    }
                    sumi += sc[2 * k + part] * s;
                }
            }
        }
        for (int g = 0; g < 16; g++) offset += wb[b].scales[g] * xb[b].bsums[g];
        sum += xb[b].d * quant_f16_to_f32(wb[b].d) * (float)(sumi - 32 * offset);
    }
    return sum;
}

void kernels_ops_scalar(kernels_ops_t *ops)
{
    memset(ops, 0, sizeof *ops);
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
    ops->dequantize = dequantize;
}
