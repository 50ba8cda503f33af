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
#include <stddef.h>
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
/* Several tokens at once: y[t * y_stride] = dot[type](w_row, x_t, n) bit for bit, for
 * t < n_tokens, from activations packed by kernels_multi_pack. */
typedef void (*kernels_dot_multi_fn)(const void *w_row, const void *packed, int n_tokens,
                                     int64_t n, float *y, size_t y_stride);

typedef struct {
    kernels_dot_fn dot[TENSOR_TYPE_LIMIT];
    /* NULL where the instruction set has no multi-token form of dot[type] */
    kernels_dot_multi_fn dot_multi[TENSOR_TYPE_LIMIT];
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
void kernels_ops_avx2_dequantize(kernels_ops_t *ops);
void kernels_ops_avx512(kernels_ops_t *ops, bool vnni);
/* The AVX512-VNNI integer kernels (called by kernels_ops_avx512 when vnni). */
void kernels_ops_vnni(kernels_ops_t *ops);
/* The 4/5-bit block dots with AVX512-VBMI nibble unpacking (after kernels_ops_vnni). */
void kernels_ops_vbmi(kernels_ops_t *ops);
/* The multi-token forms of the VNNI/VBMI 32-element block dots (kernels_multi_avx512.c). */
void kernels_ops_multi(kernels_ops_t *ops);

/* ---- several tokens per weight row (kernels_multi_avx512.c, AVX512-VNNI only) -------------
 * For a few tokens (decoding several sequences together) the rows regime can take each
 * weight row once for up to KERNELS_MULTI_TOKENS tokens: the Q8 activation rows of all
 * tokens are first packed (groups of 16 tokens, their bytes side by side) into
 * kernels_multi_act_bytes bytes (64-aligned). */
enum { KERNELS_MULTI_TOKENS = 16 };
size_t kernels_multi_act_bytes(int64_t cols, int n_tokens);
void kernels_multi_pack(const kernels_q8_block_t *x, int64_t cols, int n_tokens, void *packed);


/* ---- row-wise vector ops: the scalar versions (reference) and the AVX2 ones --------------
 * kernels_softmax & co. (kernels.h) pick the AVX2 ones when the CPU has AVX2+FMA. */
void kernels_vec_softmax_scalar(float *x, int n);
void kernels_vec_silu_mul_scalar(float *gate, const float *up, int n);
void kernels_vec_rmsnorm_scalar(float *out, const float *x, const float *weight, int n, float eps);
void kernels_vec_softmax_avx2(float *x, int n);
void kernels_vec_silu_mul_avx2(float *gate, const float *up, int n);
void kernels_vec_rmsnorm_avx2(float *out, const float *x, const float *weight, int n, float eps);
void kernels_vec_add_avx2(float *y, const float *x, int n);
float kernels_vec_dot_avx2(const float *a, const float *b, int n);
void kernels_vec_axpy_avx2(float *y, float a, const float *x, int n);

/* ---- batched int8 GEMM (kernels_gemm_avx512.c, AVX512-VNNI only) --------------------------
 * y[t * ldy + r] = W[r] . x[t] for a tile of at most KERNELS_GEMM_TILE_ROWS weight rows and
 * every token. The activations are first packed (kernels_gemm_pack, by groups of 16
 * tokens, so threads can share the work) into kernels_gemm_act_bytes bytes (64-aligned);
 * each thread then needs kernels_gemm_tile_bytes of scratch for its unpacked tile. */
enum { KERNELS_GEMM_TILE_ROWS = 64, KERNELS_GEMM_GROUP = 16 };
bool kernels_gemm_supports(uint32_t type);
size_t kernels_gemm_act_bytes(int64_t cols, int n_tokens);
size_t kernels_gemm_tile_bytes(int64_t cols);
/* Packs token groups [group_begin, group_end); row_scratch holds 16 * cols / 32 blocks. */
void kernels_gemm_pack(const kernels_ops_t *ops, const float *x, int64_t cols, int n_tokens,
                       int group_begin, int group_end, void *packed, kernels_q8_block_t *row_scratch);
void kernels_gemm_tile(uint32_t type, const uint8_t *w, size_t row_bytes, int64_t n_rows,
                       int64_t cols, const void *packed, int n_tokens, void *tile_scratch, float *y,
                       int64_t ldy);

#endif
