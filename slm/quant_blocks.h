/* quant_blocks.h — the byte layout of every GGML block format assay computes with.
 *
 * These match ggml's block_* structs byte for byte (no padding: every member is a byte
 * array or a 16-bit half at an even offset). Halves (`d`, `dmin`, `m`) are IEEE binary16
 * bit patterns; convert them with quant_f16_to_f32 (slm/quant.h). */
#ifndef ASSAY_SLM_QUANT_BLOCKS_H
#define ASSAY_SLM_QUANT_BLOCKS_H

#include <stdint.h>

#define QUANT_QK 32    /* elements per block of Q4_0, Q4_1, Q5_0, Q5_1, Q8_0 */
#define QUANT_QK_K 256 /* elements per super-block of the K-quants */

/* x[j] = d * ((qs[j] & 15) - 8), x[j+16] = d * ((qs[j] >> 4) - 8), j < 16. */
typedef struct { uint16_t d; uint8_t qs[16]; } quant_block_q4_0_t;
/* As Q4_0 without the -8, plus m: x = d * q + m. */
typedef struct { uint16_t d, m; uint8_t qs[16]; } quant_block_q4_1_t;
/* Bit j of the little-endian 32-bit qh is bit 4 of element j; x = d * (q - 16). */
typedef struct { uint16_t d; uint8_t qh[4]; uint8_t qs[16]; } quant_block_q5_0_t;
/* As Q5_0 without the -16, plus m: x = d * q + m. */
typedef struct { uint16_t d, m; uint8_t qh[4]; uint8_t qs[16]; } quant_block_q5_1_t;
/* x[j] = d * qs[j]. */
typedef struct { uint16_t d; int8_t qs[32]; } quant_block_q8_0_t;

/* 8 sub-blocks of 32: x = d * sc[i] * q - dmin * mn[i], with the 6-bit sc/mn packed in
 * scales[12] (i < 4: sc = s[i] & 63, mn = s[i+4] & 63; else sc = (s[i+4] & 15) |
 * (s[i-4] >> 6) << 4, mn = (s[i+4] >> 4) | (s[i] >> 6) << 4). qs: 64-element chunks,
 * low nibbles are the first 32 elements of the chunk, high nibbles the next 32. */
typedef struct { uint16_t d, dmin; uint8_t scales[12]; uint8_t qs[128]; } quant_block_q4_k_t;
/* Q4_K plus a 5th bit: for chunk c (64 elements), bit 2c of qh[l] tops element l of the
 * low half, bit 2c+1 element l of the high half. */
typedef struct {
    uint16_t d, dmin;
    uint8_t scales[12];
    uint8_t qh[32];
    uint8_t qs[128];
} quant_block_q5_k_t;
/* 16 sub-blocks of 16 with int8 scales: x = d * scales[i] * (q - 32), q 6 bits from a
 * nibble of ql and 2 bits of qh (two 128-element halves; see quant_ref.c). */
typedef struct { uint8_t ql[128]; uint8_t qh[64]; int8_t scales[16]; uint16_t d; } quant_block_q6_k_t;
/* Activations for the K-quant dot products: x = d * qs, bsums[i] = sum of qs[16i..16i+16). */
typedef struct { float d; int8_t qs[256]; int16_t bsums[16]; } quant_block_q8_k_t;

#endif
