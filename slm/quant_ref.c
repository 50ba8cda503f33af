/* quant_ref.c — reference dequantizer for tests (slm/quant_ref.h).
 *
 * One function per format computes the value of element e of a block directly from the
 * format's definition: find the bytes and bits that hold it, assemble the integer level,
 * apply the block's scale (and minimum) in double. Nothing here is shared with quant.c. */
#include "slm/quant_ref.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>

#include "slm/quant.h"
#include "slm/tensor_type.h"

/* Little-endian 16-bit value at p. */
static unsigned read_u16(const uint8_t *p) { return (unsigned)p[0] | (unsigned)p[1] << 8; }

double quant_ref_half_value(uint16_t h)
{
    int sign = h >> 15, exponent = (h >> 10) & 31, mantissa = h & 1023;
    double v;
    if (exponent == 0) v = ldexp(mantissa, -24);
    else if (exponent == 31) v = mantissa ? NAN : INFINITY;
    else v = ldexp(1024 + mantissa, exponent - 25);
    return sign ? -v : v;
}

static double half_at(const uint8_t *p) { return quant_ref_half_value((uint16_t)read_u16(p)); }

/* The 4-bit level of element e (0..31) of a 32-element block whose nibbles start at qs:
 * elements 0..15 are the low nibbles of qs[0..15], elements 16..31 the high nibbles. */
static int nibble32(const uint8_t *qs, int e) { return e < 16 ? qs[e] & 15 : qs[e - 16] >> 4; }

/* Bit e of the 32-bit little-endian word at qh. */
static int bit32(const uint8_t *qh, int e) { return (qh[e / 8] >> (e % 8)) & 1; }

static double q4_0_value(const uint8_t *b, int e) { return half_at(b) * (nibble32(b + 2, e) - 8); }
static double q4_1_value(const uint8_t *b, int e) { return half_at(b) * nibble32(b + 4, e) + half_at(b + 2); }
static double q5_0_value(const uint8_t *b, int e)
{
    return half_at(b) * ((nibble32(b + 6, e) + 16 * bit32(b + 2, e)) - 16);
}
static double q5_1_value(const uint8_t *b, int e)
{
    return half_at(b) * (nibble32(b + 8, e) + 16 * bit32(b + 4, e)) + half_at(b + 2);
}
static double q8_0_value(const uint8_t *b, int e) { return half_at(b) * (int8_t)b[2 + e]; }

/* Q4_K/Q5_K: 6-bit scale and min of sub-block j from the 12 packed bytes s. Sub-blocks 0..3
 * keep theirs in the low 6 bits of s[j] (scale) and s[j+4] (min); sub-blocks 4..7 keep the
 * low 4 bits in s[j+4] (scale low nibble, min high nibble) and the top 2 bits in the top
 * bits of s[j-4] (scale) and s[j] (min). */
static void k_sub_scale(const uint8_t *s, int j, int *scale, int *min)
{
    if (j < 4) {
        *scale = s[j] % 64;
        *min = s[j + 4] % 64;
    } else {
        *scale = s[j + 4] % 16 + 16 * (s[j - 4] / 64);
        *min = s[j + 4] / 16 + 16 * (s[j] / 64);
    }
}

/* Q4_K/Q5_K nibble of element e (0..255): 64-element chunk c = e / 64 uses bytes
 * qs[32c .. 32c+32); its first 32 elements are low nibbles, the next 32 high nibbles. */
static int k_nibble(const uint8_t *qs, int e)
{
    int chunk = e / 64, within = e % 64;
    uint8_t byte = qs[32 * chunk + within % 32];
    return within < 32 ? byte % 16 : byte / 16;
}

/* Q4_K: d (half), dmin (half), scales[12], qs[128]. */
static double q4_k_value(const uint8_t *b, int e)
{
    int scale, min;
    k_sub_scale(b + 4, e / 32, &scale, &min);
    return half_at(b) * scale * k_nibble(b + 16, e) - half_at(b + 2) * min;
}

/* Q5_K: d, dmin, scales[12], qh[32], qs[128]; element e's fifth bit is bit (e / 32) of
 * qh[e % 32]. */
static double q5_k_value(const uint8_t *b, int e)
{
    int scale, min;
    k_sub_scale(b + 4, e / 32, &scale, &min);
    int high = (b[16 + e % 32] >> (e / 32)) & 1;
    return half_at(b) * scale * (k_nibble(b + 48, e) + 16 * high) - half_at(b + 2) * min;
}

/* Q6_K: ql[128], qh[64], scales[16] (int8), d (half). Element e: half h = e / 128, and
 * within it i = e % 128, quarter k = i / 32, l = i % 32. Low 4 bits: ql[64h + l + 32 (k odd)],
 * low nibble for k < 2, high nibble for k >= 2. High 2 bits: bits 2k..2k+1 of qh[32h + l].
 * Scale: scales[e / 16]. Value: d * scale * (q - 32). */
static double q6_k_value(const uint8_t *b, int e)
{
    int h = e / 128, i = e % 128, k = i / 32, l = i % 32;
    uint8_t low_byte = b[64 * h + l + 32 * (k % 2)];
    int low = k < 2 ? low_byte % 16 : low_byte / 16;
    int high = (b[128 + 32 * h + l] >> (2 * k)) & 3;
    int8_t scale = (int8_t)b[192 + e / 16];
    return half_at(b + 208) * scale * (low + 16 * high - 32);
}

/* Q8_K: d (float), qs[256] (int8), bsums[16]. */
static double q8_k_value(const uint8_t *b, int e)
{
    union { uint32_t u; float f; } d;
    d.u = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    return (double)d.f * (int8_t)b[4 + e];
}

static double f32_value(const uint8_t *p)
{
    union { uint32_t u; float f; } v;
    v.u = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    return v.f;
}

static double bf16_value(const uint8_t *p)
{
    union { uint32_t u; float f; } v;
    v.u = (uint32_t)read_u16(p) << 16;
    return v.f;
}

int quant_ref_dequantize_row(uint32_t type, const void *src, double *dst, int64_t n)
{
    const tensor_type_info_t *info = tensor_type_info(type);
    if (!info || !quant_type_supported(type)) return QUANT_ERR_TYPE;
    if (n < 0 || n % info->block_size != 0) return QUANT_ERR_LENGTH;
    double (*value)(const uint8_t *, int) = NULL;
    switch (type) {
    case TENSOR_Q4_0: value = q4_0_value; break;
    case TENSOR_Q4_1: value = q4_1_value; break;
    case TENSOR_Q5_0: value = q5_0_value; break;
    case TENSOR_Q5_1: value = q5_1_value; break;
    case TENSOR_Q8_0: value = q8_0_value; break;
    case TENSOR_Q4_K: value = q4_k_value; break;
    case TENSOR_Q5_K: value = q5_k_value; break;
    case TENSOR_Q6_K: value = q6_k_value; break;
    case TENSOR_Q8_K: value = q8_k_value; break;
    default: break;
    }
    const uint8_t *bytes = src;
    for (int64_t e = 0; e < n; e++) {
        const uint8_t *block = bytes + (e / info->block_size) * info->block_bytes;
        int within = (int)(e % info->block_size);
        switch (type) {
        case TENSOR_F32: dst[e] = f32_value(bytes + 4 * e); break;
        case TENSOR_F16: dst[e] = half_at(bytes + 2 * e); break;
        case TENSOR_BF16: dst[e] = bf16_value(bytes + 2 * e); break;
        default: dst[e] = value(block, within); break;
        }
    }
    return 0;
}
