/* quant.c — production dequantize/quantize for the GGML block formats (slm/quant.h).
 *
 * Dequantization follows each block's definition (slm/quant_blocks.h) a block at a time,
 * in float. Quantization picks scales from each block's range; the K-quants refine each
 * sub-block's (scale, minimum) pair by least squares on the chosen integer levels, then
 * quantize the sub-block scales themselves to 6 (Q4_K/Q5_K) or 8 (Q6_K) bits and pick the
 * final levels against those rounded scales, so the stored block reproduces the input as
 * closely as its format allows. */
#include "slm/quant.h"

#include <math.h>
#include <string.h>

#include "slm/quant_blocks.h"

const char *quant_strerror(int code)
{
    switch (code) {
    case QUANT_OK: return "no error";
    case QUANT_ERR_TYPE: return "unsupported tensor type";
    case QUANT_ERR_LENGTH: return "row length is not a multiple of the type's block size";
    default: return "unknown quantization error";
    }
}

/* ---- half floats ------------------------------------------------------------------------ */

float quant_f16_to_f32(uint16_t h)
{
    uint32_t sign = (uint32_t)(h & 0x8000) << 16;
    uint32_t exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff, bits;
    if (exponent == 0) {            /* zero or subnormal: mantissa * 2^-24, exact in float */
        float v = (float)mantissa * 0x1p-24f;
        return (h & 0x8000) ? -v : v;
    }
    if (exponent == 31) bits = sign | 0x7f800000u | (mantissa << 13); /* Inf, NaN */
    else bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

uint16_t quant_f32_to_f16(float f)
{
    uint32_t x;
    memcpy(&x, &f, sizeof x);
    uint16_t sign = (uint16_t)((x >> 16) & 0x8000);
    uint32_t magnitude = x & 0x7fffffffu;
    if (magnitude > 0x7f800000u) /* NaN: quiet it, keep the top of the payload */
        return sign | 0x7e00 | (uint16_t)((magnitude >> 13) & 0x3ff);
    if (magnitude >= 0x477ff000u) return sign | 0x7c00; /* >= 65520 rounds to Inf */
    uint32_t exponent = magnitude >> 23;
    if (exponent < 113) { /* below 2^-14: a half subnormal (or zero) */
        if (exponent < 102) return sign;  /* below 2^-25: rounds to zero */
        uint32_t mantissa = (magnitude & 0x7fffff) | 0x800000;
        uint32_t shift = 126 - exponent;  /* 14 .. 24 */
        uint32_t q = mantissa >> shift, rest = mantissa & ((1u << shift) - 1);
        uint32_t half = 1u << (shift - 1);
        if (rest > half || (rest == half && (q & 1))) q++;
        return sign | (uint16_t)q;
    }
    uint32_t h = ((exponent - 112) << 10) | ((magnitude >> 13) & 0x3ff);
    uint32_t rest = magnitude & 0x1fff;
    if (rest > 0x1000 || (rest == 0x1000 && (h & 1))) h++; /* carry may bump the exponent */
    return sign | (uint16_t)h;
}

float quant_bf16_to_f32(uint16_t h)
{
    uint32_t bits = (uint32_t)h << 16;
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

uint16_t quant_f32_to_bf16(float f)
{
    uint32_t x;
    memcpy(&x, &f, sizeof x);
    if ((x & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((x >> 16) | 0x40); /* quiet NaN */
    return (uint16_t)((x + 0x7fffu + ((x >> 16) & 1)) >> 16);
}

/* ---- type table ------------------------------------------------------------------------- */

bool quant_type_supported(uint32_t type)
{
    switch (type) {
    case TENSOR_F32: case TENSOR_F16: case TENSOR_BF16: case TENSOR_Q8_0: case TENSOR_Q4_0:
    case TENSOR_Q4_1: case TENSOR_Q5_0: case TENSOR_Q5_1: case TENSOR_Q4_K: case TENSOR_Q5_K:
    case TENSOR_Q6_K: case TENSOR_Q8_K:
        return true;
    default:
        return false;
    }
}

uint64_t quant_row_bytes(uint32_t type, int64_t n)
{
    bool ok;
    if (n < 0 || !quant_type_supported(type)) return 0;
    uint64_t bytes = tensor_type_row_bytes(type, (uint64_t)n, &ok);
    return ok ? bytes : 0;
}

static int check_row(uint32_t type, int64_t n)
{
    if (!quant_type_supported(type)) return QUANT_ERR_TYPE;
    if (n < 0 || n % tensor_type_info(type)->block_size != 0) return QUANT_ERR_LENGTH;
    return QUANT_OK;
}

/* ---- dequantize ------------------------------------------------------------------------- */

/* The 6-bit scale and minimum of sub-block j of a Q4_K/Q5_K super-block. */
static void k_scale_min(const uint8_t *s, int j, int *scale, int *min)
{
    if (j < 4) {
        *scale = s[j] & 63;
        *min = s[j + 4] & 63;
    } else {
        *scale = (s[j + 4] & 15) | ((s[j - 4] >> 6) << 4);
        *min = (s[j + 4] >> 4) | ((s[j] >> 6) << 4);
    }
}

static void dequantize_q4_0(const quant_block_q4_0_t *b, float *y, int64_t nb)
{
    for (int64_t i = 0; i < nb; i++, y += 32) {
        float d = quant_f16_to_f32(b[i].d);
        for (int j = 0; j < 16; j++) {
            y[j] = d * ((b[i].qs[j] & 15) - 8);
            y[j + 16] = d * ((b[i].qs[j] >> 4) - 8);
        }
    }
}

static void dequantize_q4_1(const quant_block_q4_1_t *b, float *y, int64_t nb)
{
    for (int64_t i = 0; i < nb; i++, y += 32) {
        float d = quant_f16_to_f32(b[i].d), m = quant_f16_to_f32(b[i].m);
        for (int j = 0; j < 16; j++) {
            y[j] = d * (b[i].qs[j] & 15) + m;
            y[j + 16] = d * (b[i].qs[j] >> 4) + m;
        }
    }
}

static void dequantize_q5_0(const quant_block_q5_0_t *b, float *y, int64_t nb)
{
    for (int64_t i = 0; i < nb; i++, y += 32) {
        float d = quant_f16_to_f32(b[i].d);
        uint32_t qh;
        memcpy(&qh, b[i].qh, 4);
        for (int j = 0; j < 16; j++) {
            int lo = (b[i].qs[j] & 15) | (int)(((qh >> j) & 1) << 4);
            int hi = (b[i].qs[j] >> 4) | (int)(((qh >> (j + 16)) & 1) << 4);
            y[j] = d * (lo - 16);
            y[j + 16] = d * (hi - 16);
        }
    }
}

static void dequantize_q5_1(const quant_block_q5_1_t *b, float *y, int64_t nb)
{
    for (int64_t i = 0; i < nb; i++, y += 32) {
        float d = quant_f16_to_f32(b[i].d), m = quant_f16_to_f32(b[i].m);
        uint32_t qh;
        memcpy(&qh, b[i].qh, 4);
        for (int j = 0; j < 16; j++) {
            int lo = (b[i].qs[j] & 15) | (int)(((qh >> j) & 1) << 4);
            int hi = (b[i].qs[j] >> 4) | (int)(((qh >> (j + 16)) & 1) << 4);
            y[j] = d * lo + m;
            y[j + 16] = d * hi + m;
        }
    }
}

static void dequantize_q8_0(const quant_block_q8_0_t *b, float *y, int64_t nb)
{
    for (int64_t i = 0; i < nb; i++, y += 32) {
        float d = quant_f16_to_f32(b[i].d);
        for (int j = 0; j < 32; j++) y[j] = d * b[i].qs[j];
    }
}

static void dequantize_q4_k(const quant_block_q4_k_t *b, float *y, int64_t nb)
{
    for (int64_t i = 0; i < nb; i++) {
        float d = quant_f16_to_f32(b[i].d), dmin = quant_f16_to_f32(b[i].dmin);
        const uint8_t *q = b[i].qs;
        for (int chunk = 0; chunk < 4; chunk++, q += 32, y += 64) {
            int sc0, m0, sc1, m1;
            k_scale_min(b[i].scales, 2 * chunk, &sc0, &m0);
            k_scale_min(b[i].scales, 2 * chunk + 1, &sc1, &m1);
            float d0 = d * sc0, min0 = dmin * m0, d1 = d * sc1, min1 = dmin * m1;
            for (int l = 0; l < 32; l++) {
                y[l] = d0 * (q[l] & 15) - min0;
                y[l + 32] = d1 * (q[l] >> 4) - min1;
            }
        }
    }
}

static void dequantize_q5_k(const quant_block_q5_k_t *b, float *y, int64_t nb)
{
    for (int64_t i = 0; i < nb; i++) {
        float d = quant_f16_to_f32(b[i].d), dmin = quant_f16_to_f32(b[i].dmin);
        const uint8_t *q = b[i].qs;
        for (int chunk = 0; chunk < 4; chunk++, q += 32, y += 64) {
            int sc0, m0, sc1, m1;
            k_scale_min(b[i].scales, 2 * chunk, &sc0, &m0);
            k_scale_min(b[i].scales, 2 * chunk + 1, &sc1, &m1);
            float d0 = d * sc0, min0 = dmin * m0, d1 = d * sc1, min1 = dmin * m1;
            for (int l = 0; l < 32; l++) {
                int lo = (q[l] & 15) | (((b[i].qh[l] >> (2 * chunk)) & 1) << 4);
                int hi = (q[l] >> 4) | (((b[i].qh[l] >> (2 * chunk + 1)) & 1) << 4);
                y[l] = d0 * lo - min0;
                y[l + 32] = d1 * hi - min1;
            }
        }
    }
}

static void dequantize_q6_k(const quant_block_q6_k_t *b, float *y, int64_t nb)
{
    for (int64_t i = 0; i < nb; i++) {
        float d = quant_f16_to_f32(b[i].d);
        for (int half = 0; half < 2; half++, y += 128) {
            const uint8_t *ql = b[i].ql + 64 * half, *qh = b[i].qh + 32 * half;
            const int8_t *sc = b[i].scales + 8 * half;
            for (int l = 0; l < 32; l++) {
                int s = l / 16;
                int q0 = ((ql[l] & 15) | ((qh[l] & 3) << 4)) - 32;
                int q1 = ((ql[l + 32] & 15) | (((qh[l] >> 2) & 3) << 4)) - 32;
                int q2 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
                int q3 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
                y[l] = d * sc[s] * q0;
                y[l + 32] = d * sc[s + 2] * q1;
                y[l + 64] = d * sc[s + 4] * q2;
                y[l + 96] = d * sc[s + 6] * q3;
            }
        }
    }
}

static void dequantize_q8_k(const quant_block_q8_k_t *b, float *y, int64_t nb)
{
    for (int64_t i = 0; i < nb; i++, y += 256)
        for (int j = 0; j < 256; j++) y[j] = b[i].d * b[i].qs[j];
}

int quant_dequantize_row(uint32_t type, const void *src, float *dst, int64_t n)
{
    int rc = check_row(type, n);
    if (rc) return rc;
    int64_t nb = n / tensor_type_info(type)->block_size;
    switch (type) {
    case TENSOR_F32: memcpy(dst, src, (size_t)n * sizeof(float)); break;
    case TENSOR_F16: {
        const uint16_t *h = src;
        for (int64_t i = 0; i < n; i++) dst[i] = quant_f16_to_f32(h[i]);
        break;
    }
    case TENSOR_BF16: {
        const uint16_t *h = src;
        for (int64_t i = 0; i < n; i++) dst[i] = quant_bf16_to_f32(h[i]);
        break;
    }
    case TENSOR_Q4_0: dequantize_q4_0(src, dst, nb); break;
    case TENSOR_Q4_1: dequantize_q4_1(src, dst, nb); break;
    case TENSOR_Q5_0: dequantize_q5_0(src, dst, nb); break;
    case TENSOR_Q5_1: dequantize_q5_1(src, dst, nb); break;
    case TENSOR_Q8_0: dequantize_q8_0(src, dst, nb); break;
    case TENSOR_Q4_K: dequantize_q4_k(src, dst, nb); break;
    case TENSOR_Q5_K: dequantize_q5_k(src, dst, nb); break;
    case TENSOR_Q6_K: dequantize_q6_k(src, dst, nb); break;
    case TENSOR_Q8_K: dequantize_q8_k(src, dst, nb); break;
    default: return QUANT_ERR_TYPE;
    }
    return QUANT_OK;
}

/* ---- quantize: 32-element blocks -------------------------------------------------------- */

static int clamp_int(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

/* The element of largest magnitude, with its sign. */
static float signed_absmax(const float *x, int n)
{
    float best = 0.0f, best_abs = 0.0f;
    for (int i = 0; i < n; i++) {
        if (fabsf(x[i]) > best_abs) {
            best_abs = fabsf(x[i]);
            best = x[i];
        }
    }
    return best;
}

static void range_of(const float *x, int n, float *lo, float *hi)
{
    *lo = x[0];
    *hi = x[0];
    for (int i = 1; i < n; i++) {
        if (x[i] < *lo) *lo = x[i];
        if (x[i] > *hi) *hi = x[i];
    }
}

static void quantize_q8_0(const float *x, quant_block_q8_0_t *b, int64_t nb)
{
    for (int64_t i = 0; i < nb; i++, x += 32) {
        float amax = fabsf(signed_absmax(x, 32));
        float d = amax / 127.0f, id = d != 0.0f ? 1.0f / d : 0.0f;
        b[i].d = quant_f32_to_f16(d);
        for (int j = 0; j < 32; j++) b[i].qs[j] = (int8_t)clamp_int((int)lrintf(x[j] * id), -127, 127);
    }
}

/* Symmetric 4/5-bit blocks: d = max / -half_levels so the extreme element lands on -half
 * (the level with no positive twin), as ggml does. */
static void quantize_q4_0(const float *x, quant_block_q4_0_t *b, int64_t nb)
{
    for (int64_t i = 0; i < nb; i++, x += 32) {
        float d = signed_absmax(x, 32) / -8.0f, id = d != 0.0f ? 1.0f / d : 0.0f;
        b[i].d = quant_f32_to_f16(d);
        for (int j = 0; j < 16; j++) {
            int lo = clamp_int((int)lrintf(x[j] * id) + 8, 0, 15);
            int hi = clamp_int((int)lrintf(x[j + 16] * id) + 8, 0, 15);
            b[i].qs[j] = (uint8_t)(lo | hi << 4);
        }
    }
}

static void quantize_q5_0(const float *x, quant_block_q5_0_t *b, int64_t nb)
{
    for (int64_t i = 0; i < nb; i++, x += 32) {
        float d = signed_absmax(x, 32) / -16.0f, id = d != 0.0f ? 1.0f / d : 0.0f;
        b[i].d = quant_f32_to_f16(d);
        uint32_t qh = 0;
        for (int j = 0; j < 16; j++) {
            int lo = clamp_int((int)lrintf(x[j] * id) + 16, 0, 31);
            int hi = clamp_int((int)lrintf(x[j + 16] * id) + 16, 0, 31);
            b[i].qs[j] = (uint8_t)((lo & 15) | (hi & 15) << 4);
            qh |= (uint32_t)(lo >> 4) << j | (uint32_t)(hi >> 4) << (j + 16);
        }
        memcpy(b[i].qh, &qh, 4);
    }
}

static void quantize_q4_1(const float *x, quant_block_q4_1_t *b, int64_t nb)
{
    for (int64_t i = 0; i < nb; i++, x += 32) {
        float lo, hi;
        range_of(x, 32, &lo, &hi);
        float d = (hi - lo) / 15.0f, id = d != 0.0f ? 1.0f / d : 0.0f;
        b[i].d = quant_f32_to_f16(d);
        b[i].m = quant_f32_to_f16(lo);
        for (int j = 0; j < 16; j++) {
            int a = clamp_int((int)lrintf((x[j] - lo) * id), 0, 15);
            int c = clamp_int((int)lrintf((x[j + 16] - lo) * id), 0, 15);
            b[i].qs[j] = (uint8_t)(a | c << 4);
        }
    }
}

static void quantize_q5_1(const float *x, quant_block_q5_1_t *b, int64_t nb)
{
    for (int64_t i = 0; i < nb; i++, x += 32) {
        float lo, hi;
        range_of(x, 32, &lo, &hi);
        float d = (hi - lo) / 31.0f, id = d != 0.0f ? 1.0f / d : 0.0f;
        b[i].d = quant_f32_to_f16(d);
        b[i].m = quant_f32_to_f16(lo);
        uint32_t qh = 0;
        for (int j = 0; j < 16; j++) {
            int a = clamp_int((int)lrintf((x[j] - lo) * id), 0, 31);
            int c = clamp_int((int)lrintf((x[j + 16] - lo) * id), 0, 31);
            b[i].qs[j] = (uint8_t)((a & 15) | (c & 15) << 4);
            qh |= (uint32_t)(a >> 4) << j | (uint32_t)(c >> 4) << (j + 16);
        }
        memcpy(b[i].qh, &qh, 4);
    }
}

/* ---- quantize: K-quants ----------------------------------------------------------------- */

/* Fits x[0..n) ~ scale * q - min with q in [0, levels] and min >= 0 (the K-quant form):
 * start from the range, then alternate choosing levels and a least-squares (scale, min). */
static void fit_scale_min(const float *x, int n, int levels, float *scale, float *min)
{
    float lo, hi;
    range_of(x, n, &lo, &hi);
    if (lo > 0.0f) lo = 0.0f;
    float s = (hi - lo) / (float)levels, m = -lo;
    if (s <= 0.0f) {
        *scale = 0.0f;
        *min = m;
        return;
    }
    float best_err = INFINITY;
    *scale = s;
    *min = m;
    for (int iteration = 0; iteration < 3; iteration++) {
        double sq = 0, sqq = 0, sx = 0, sqx = 0, err = 0;
        for (int i = 0; i < n; i++) {
            int q = clamp_int((int)lrintf((x[i] + m) / s), 0, levels);
            sq += q;
            sqq += (double)q * q;
            sx += x[i];
            sqx += (double)q * x[i];
            float e = s * q - m - x[i];
            err += (double)e * e;
        }
        if (err < best_err) {
            best_err = (float)err;
            *scale = s;
            *min = m;
        }
        double det = n * sqq - sq * sq;
        if (det <= 0) break;
        double new_s = (n * sqx - sq * sx) / det, new_m = (sq * new_s - sx) / n;
        if (new_s <= 0 || new_m < 0) break; /* keep the K-quant constraints */
        s = (float)new_s;
        m = (float)new_m;
    }
}

static void pack_k_scales(uint8_t s[12], const int scale[8], const int min[8])
{
    for (int j = 0; j < 4; j++) {
        s[j] = (uint8_t)((scale[j] & 63) | ((scale[j + 4] >> 4) << 6));
        s[j + 4] = (uint8_t)((min[j] & 63) | ((min[j + 4] >> 4) << 6));
        s[j + 8] = (uint8_t)((scale[j + 4] & 15) | ((min[j + 4] & 15) << 4));
    }
}

/* Shared by Q4_K (levels 15) and Q5_K (levels 31): picks the super-block d/dmin, the 6-bit
 * sub-block scales and the levels q[256] against the rounded scales. */
static void quantize_k_superblock(const float *x, int levels, uint16_t *d_out,
                                  uint16_t *dmin_out, uint8_t scales[12], uint8_t q[256])
{
    float scale[8], min[8], max_scale = 0, max_min = 0;
    for (int j = 0; j < 8; j++) {
        fit_scale_min(x + 32 * j, 32, levels, &scale[j], &min[j]);
        if (scale[j] > max_scale) max_scale = scale[j];
        if (min[j] > max_min) max_min = min[j];
    }
    float d = max_scale / 63.0f, dmin = max_min / 63.0f;
    *d_out = quant_f32_to_f16(d);
    *dmin_out = quant_f32_to_f16(dmin);
    d = quant_f16_to_f32(*d_out);
    dmin = quant_f16_to_f32(*dmin_out);
    int iscale[8], imin[8];
    for (int j = 0; j < 8; j++) {
        iscale[j] = d > 0 ? clamp_int((int)lrintf(scale[j] / d), 0, 63) : 0;
        imin[j] = dmin > 0 ? clamp_int((int)lrintf(min[j] / dmin), 0, 63) : 0;
    }
    pack_k_scales(scales, iscale, imin);
    for (int j = 0; j < 8; j++) {
        float dl = d * iscale[j], ml = dmin * imin[j];
        for (int l = 0; l < 32; l++) {
            float v = x[32 * j + l];
            q[32 * j + l] = dl > 0 ? (uint8_t)clamp_int((int)lrintf((v + ml) / dl), 0, levels) : 0;
        }
    }
}

static void quantize_q4_k(const float *x, quant_block_q4_k_t *b, int64_t nb)
{
    uint8_t q[256];
    for (int64_t i = 0; i < nb; i++, x += 256) {
        quantize_k_superblock(x, 15, &b[i].d, &b[i].dmin, b[i].scales, q);
        for (int chunk = 0; chunk < 4; chunk++)
            for (int l = 0; l < 32; l++)
                b[i].qs[32 * chunk + l] = (uint8_t)(q[64 * chunk + l] | q[64 * chunk + 32 + l] << 4);
    }
}

static void quantize_q5_k(const float *x, quant_block_q5_k_t *b, int64_t nb)
{
    uint8_t q[256];
    for (int64_t i = 0; i < nb; i++, x += 256) {
        quantize_k_superblock(x, 31, &b[i].d, &b[i].dmin, b[i].scales, q);
        memset(b[i].qh, 0, sizeof b[i].qh);
        for (int chunk = 0; chunk < 4; chunk++) {
            for (int l = 0; l < 32; l++) {
                int lo = q[64 * chunk + l], hi = q[64 * chunk + 32 + l];
                b[i].qs[32 * chunk + l] = (uint8_t)((lo & 15) | (hi & 15) << 4);
                b[i].qh[l] |= (uint8_t)((lo >> 4) << (2 * chunk) | (hi >> 4) << (2 * chunk + 1));
            }
        }
    }
}

static void quantize_q6_k(const float *x, quant_block_q6_k_t *b, int64_t nb)
{
    for (int64_t i = 0; i < nb; i++, x += 256) {
        float scale[16], max_scale = 0;
        for (int j = 0; j < 16; j++) {
            scale[j] = signed_absmax(x + 16 * j, 16) / -32.0f;
            if (fabsf(scale[j]) > fabsf(max_scale)) max_scale = scale[j];
        }
        float d = fabsf(max_scale) / 127.0f;
        b[i].d = quant_f32_to_f16(d);
        d = quant_f16_to_f32(b[i].d);
        uint8_t q[256];
        for (int j = 0; j < 16; j++) {
            int sc = d > 0 ? clamp_int((int)lrintf(scale[j] / d), -127, 127) : 0;
            b[i].scales[j] = (int8_t)sc;
            float dl = d * sc;
            for (int l = 0; l < 16; l++) {
                float v = x[16 * j + l];
                q[16 * j + l] = (uint8_t)(dl != 0 ? clamp_int((int)lrintf(v / dl), -32, 31) + 32 : 32);
            }
        }
        for (int half = 0; half < 2; half++) {
            uint8_t *ql = b[i].ql + 64 * half, *qh = b[i].qh + 32 * half;
            const uint8_t *qq = q + 128 * half;
            for (int l = 0; l < 32; l++) {
                ql[l] = (uint8_t)((qq[l] & 15) | (qq[l + 64] & 15) << 4);
                ql[l + 32] = (uint8_t)((qq[l + 32] & 15) | (qq[l + 96] & 15) << 4);
                qh[l] = (uint8_t)((qq[l] >> 4) | (qq[l + 32] >> 4) << 2 | (qq[l + 64] >> 4) << 4 |
                                  (qq[l + 96] >> 4) << 6);
            }
        }
    }
}

static void quantize_q8_k(const float *x, quant_block_q8_k_t *b, int64_t nb)
{
    for (int64_t i = 0; i < nb; i++, x += 256) {
        float amax = fabsf(signed_absmax(x, 256));
        float d = amax / 127.0f, id = d != 0.0f ? 1.0f / d : 0.0f;
        b[i].d = d;
        for (int j = 0; j < 256; j++) b[i].qs[j] = (int8_t)clamp_int((int)lrintf(x[j] * id), -127, 127);
        for (int g = 0; g < 16; g++) {
            int sum = 0;
            for (int l = 0; l < 16; l++) sum += b[i].qs[16 * g + l];
            b[i].bsums[g] = (int16_t)sum;
        }
    }
}

int quant_quantize_row(uint32_t type, const float *src, void *dst, int64_t n)
{
    int rc = check_row(type, n);
    if (rc) return rc;
    int64_t nb = n / tensor_type_info(type)->block_size;
    switch (type) {
    case TENSOR_F32: memcpy(dst, src, (size_t)n * sizeof(float)); break;
    case TENSOR_F16: {
        uint16_t *h = dst;
        for (int64_t i = 0; i < n; i++) h[i] = quant_f32_to_f16(src[i]);
        break;
    }
    case TENSOR_BF16: {
        uint16_t *h = dst;
        for (int64_t i = 0; i < n; i++) h[i] = quant_f32_to_bf16(src[i]);
        break;
    }
    case TENSOR_Q4_0: quantize_q4_0(src, dst, nb); break;
    case TENSOR_Q4_1: quantize_q4_1(src, dst, nb); break;
    case TENSOR_Q5_0: quantize_q5_0(src, dst, nb); break;
    case TENSOR_Q5_1: quantize_q5_1(src, dst, nb); break;
    case TENSOR_Q8_0: quantize_q8_0(src, dst, nb); break;
    case TENSOR_Q4_K: quantize_q4_k(src, dst, nb); break;
    case TENSOR_Q5_K: quantize_q5_k(src, dst, nb); break;
    case TENSOR_Q6_K: quantize_q6_k(src, dst, nb); break;
    case TENSOR_Q8_K: quantize_q8_k(src, dst, nb); break;
    default: return QUANT_ERR_TYPE;
    }
    return QUANT_OK;
}
