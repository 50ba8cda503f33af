/* quant_ref.h — a plain scalar reference dequantizer, written straight from the GGML block
 * format definitions, for tests only.
 *
 * It is deliberately naive (one element at a time, bit fields pulled out with shifts exactly
 * as the format describes them, arithmetic in double) and shares no code with slm/quant.c,
 * so a test comparing the two catches a layout mistake in either. */
#ifndef ASSAY_SLM_QUANT_REF_H
#define ASSAY_SLM_QUANT_REF_H

#include <stdint.h>

/* The value of a half (IEEE binary16) computed from its sign, exponent and mantissa. */
double quant_ref_half_value(uint16_t h);

/* dst[0..n) = the values of the n elements at src, for every type quant_type_supported()
 * accepts. Returns 0, or a negative QUANT_ERR_* code (slm/quant.h). */
int quant_ref_dequantize_row(uint32_t type, const void *src, double *dst, int64_t n);

#endif
