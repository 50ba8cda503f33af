/* quant.h — GGML weight formats: half-float conversions, and rows of blocks turned into
 * floats (dequantize) and back (quantize).
 *
 * Every format is laid out exactly as ggml stores it in GGUF files (slm/quant_blocks.h has
 * the block structs), so a tensor view from the GGUF reader can be passed here as is.
 * Supported types: F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q4_K, Q5_K, Q6_K (and
 * Q8_K, the activation format of the K-quant dot products). A row of n elements of a block
 * type must have n a multiple of the block size (32, or 256 for the K-quants).
 *
 * The functions here are the production paths (used by the model loader and `assay model
 * synth`); slm/quant_ref.h is an independent plain reference used only to check them. */
#ifndef ASSAY_SLM_QUANT_H
#define ASSAY_SLM_QUANT_H

#include <stdbool.h>
#include <stdint.h>

#include "slm/tensor_type.h"

/* Error codes (negative) returned by the row functions. */
enum {
    QUANT_OK = 0,
    QUANT_ERR_TYPE = -1,   /* type id not supported by assay's kernels */
    QUANT_ERR_LENGTH = -2, /* n negative or not a multiple of the type's block size */
};

/* A short English description of a QUANT_ERR_* code ("unsupported tensor type", ...). */
const char *quant_strerror(int code);

/* IEEE half <-> float. f32->f16 rounds to nearest even; overflow gives +-Inf, NaN stays
 * NaN (quiet, sign kept), subnormal halves are exact in both directions. */
float quant_f16_to_f32(uint16_t h);
uint16_t quant_f32_to_f16(float f);
/* bfloat16 <-> float: the top 16 bits of a float, rounded to nearest even; NaN stays NaN. */
float quant_bf16_to_f32(uint16_t h);
uint16_t quant_f32_to_bf16(float f);

/* True when dequantize/quantize and the kernels support this type id. */
bool quant_type_supported(uint32_t type);

/* Bytes one row of n elements takes in `type` (0 when n is not a valid length). */
uint64_t quant_row_bytes(uint32_t type, int64_t n);

/* dst[0..n) = the values of the n elements stored at src. Returns QUANT_OK or an error. */
int quant_dequantize_row(uint32_t type, const void *src, float *dst, int64_t n);

/* Stores src[0..n) into dst (quant_row_bytes(type, n) bytes) in `type`, choosing scales
 * the way ggml's reference quantizers do (round to nearest; the K-quants pick per-sub-block
 * scales and minimums by a small search minimising the squared error). Deterministic. */
int quant_quantize_row(uint32_t type, const float *src, void *dst, int64_t n);

#endif
