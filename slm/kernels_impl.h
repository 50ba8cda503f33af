/* kernels_impl.h — internal to the kernels: the 8-bit activation formats and the table of
 * per-instruction-set dot products that kernels.c dispatches through.
 *
 * A dot function computes sum_c W[row][c] * x[c] for one weight row, where x is the
 * activation row in the form the weight type pairs with:
 *   F32, F16, BF16          -> float x[n]
 *   Q4_0 Q4_1 Q5_0 Q5_1 Q8_0 -> kernels_q8_block_t x[n / 32]
 *   Q4_K Q5_K Q6_K          -> quant_block_q8_k_t x[n / 256]
 * Every instruction set fills the same table; kernels_ops_scalar is the reference the
 * SIMD tables are tested against. */
#ifndef ASSAY_SLM_KERNELS_IMPL_H
#define ASSAY_SLM_KERNELS_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "slm/quant_blocks.h"
#include "slm/tensor_type.h"

/* 32 activations as int8 with their scale: x[j] ~ d * qs[j]; sum = sum of qs (lets the
 * dot products work on unsigned weight levels and fold the offset or minimum in after). */
typedef struct {
    float d;
    int32_t sum;
    int8_t qs[32];
} kernels_q8_block_t;

typedef enum { KERNELS_ACT_FLOAT, KERNELS_ACT_Q8, KERNELS_ACT_Q8_K } kernels_act_t;

typedef float (*kernels_dot_fn)(const void *w_row, const void *x, int64_t n);

typedef struct {
    kernels_dot_fn dot[TENSOR_TYPE_LIMIT];
    /* x[0..n) -> n / 32 blocks (n a multiple of 32). */
    void (*quantize_q8)(const float *x, kernels_q8_block_t *y, int64_t n);
    /* x[0..n) -> n / 256 Q8_K blocks. */
    void (*quantize_q8_k)(const float *x, quant_block_q8_k_t *y, int64_t n);
    /* dst[0..n) = weights of one row of `type` (the batched path's tile fill). */
    void (*dequantize)(uint32_t type, const void *src, float *dst, int64_t n);
} kernels_ops_t;

/* The activation form weight `type` pairs with. */
kernels_act_t kernels_act_for(uint32_t type);

void kernels_ops_scalar(kernels_ops_t *ops);
/* Overwrite the entries the instruction set speeds up (call after kernels_ops_scalar). */
void kernels_ops_avx2(kernels_ops_t *ops);
void kernels_ops_avx512(kernels_ops_t *ops, bool vnni);
/* The AVX512-VNNI integer kernels (called by kernels_ops_avx512 when vnni). */
void kernels_ops_vnni(kernels_ops_t *ops);

#endif
