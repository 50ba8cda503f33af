/* kernels.h — the model's hot arithmetic: matrix multiplication by quantized weights, and
 * the small vector ops of a transformer layer.
 *
 * kernels_matmul is where the forward pass spends its time. Two regimes:
 *  - few tokens (decode): each activation row is quantized once to 8-bit (Q8_0-like blocks
 *    of 32 for Q4_0/Q4_1/Q5_0/Q5_1/Q8_0 weights, Q8_K super-blocks of 256 for the K-quants,
 *    as llama.cpp does) and dotted with the weight rows by integer SIMD; F32/F16/BF16 rows
 *    use float FMA. The weight rows are split over the thread pool in chunks. Each token's
 *    result is what the same call with that token alone gives (kernels_matmul_multi_rows
 *    stays in this regime for any number of tokens: decoding several sequences together).
 *  - many tokens (prompt), on CPUs with AVX512-VNNI and weights in Q8_0, Q4_0, Q4_1, Q5_0,
 *    Q5_1, Q4_K, Q5_K or Q6_K: from 4 tokens on, an int8 GEMM (16 tokens per register, weights
 *    unpacked a tile at a time; same 8-bit activations as decode, so the same accuracy).
 *  - many tokens otherwise: at or above opts.batch_min_tokens, tiles of weight rows are
 *    dequantized to f32 and multiplied with OpenBLAS cblas_sgemm, each thread of our pool
 *    taking its own tiles. OpenBLAS's own threading is switched off (openblas_set_num_threads
 *    (1) in kernels_new) so the pool and BLAS never both spin on the same cores.
 *
 * The 8-bit activations are the only approximation: a matmul's result is within about
 * 0.5% of sum |w x| of the exact product of the stored weights (the tests check 0.6%).
 * The K-quants use one activation scale per 256 elements in the rows regime and one per 32
 * in the int8 GEMM, so the same token can differ in the last digits between the two.
 *
 * Instruction sets are chosen at run time: AVX-512 (with VNNI and VBMI when the CPU has
 * them), else AVX2+FMA+F16C, else portable scalar C. ASSAY_CPU=avx2 (or scalar, avx512,
 * auto) in the environment caps the path for a whole run, so the AVX2 path can be timed
 * and tested on an AVX-512 machine; ASSAY_FORCE_SCALAR=1 or opts.isa = KERNELS_ISA_SCALAR
 * forces the scalar path for matmul (tests always run it). The row-wise ops below have no
 * context and pick AVX2 when the CPU has it. */
#ifndef ASSAY_SLM_KERNELS_H
#define ASSAY_SLM_KERNELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "slm/tensor_type.h"
#include "core/threadpool.h"

/* A 2-D weight matrix as stored in GGUF: `rows` rows (ne[1]) of `cols` elements (ne[0]),
 * each row quant_row_bytes(type, cols) bytes, rows back to back from `data`. */
typedef struct {
    uint32_t type;    /* tensor_type_t id */
    const void *data; /* rows * row_bytes bytes, not owned */
    int64_t rows;     /* ne[1]: output features */
    int64_t cols;     /* ne[0]: input features (row length) */
} tensor_view_t;

typedef enum {
    KERNELS_ISA_AUTO = 0, /* best the CPU has */
    KERNELS_ISA_SCALAR,
    KERNELS_ISA_AVX2,     /* AVX2 + FMA + F16C */
    KERNELS_ISA_AVX512,   /* AVX-512 F/BW/VL/DQ (+VNNI when present) */
} kernels_isa_t;

typedef struct {
    kernels_isa_t isa;    /* highest path to use; AUTO = best available */
    int batch_min_tokens; /* n_tokens at which matmul switches to the sgemm path; 0 = default */
    bool no_int8_gemm;    /* never use the int8 GEMM (compare against sgemm) */
} kernels_options_t;

typedef struct kernels kernels_t;

/* The highest path ASSAY_CPU allows (KERNELS_ISA_AVX512 when it is unset or "auto").
 * Returns 0, or -1 with a message when its value is not a path name. */
int kernels_env_isa_cap(kernels_isa_t *out, char *err, size_t err_size);

/* Makes a kernel context running on `pool` (not owned; NULL = single-threaded). opts may be
 * NULL for defaults; the path is opts.isa (AUTO: the best the CPU has) capped by ASSAY_CPU.
 * Fails (negative, message in err) when opts asks for an instruction set the CPU lacks or
 * ASSAY_CPU is not a path name. */
int kernels_new(kernels_t **out, threadpool_t *pool, const kernels_options_t *opts,
                char *err, size_t err_size);
void kernels_free(kernels_t *k);

/* Profiling: with timing on, the context adds up the time the row regime spends quantizing
 * activations (read with kernels_quantize_seconds; turning timing on clears it). */
void kernels_set_timing(kernels_t *k, bool on);
double kernels_quantize_seconds(const kernels_t *k);

/* The path in use, and its name ("scalar", "avx2", "avx512", "avx512-vnni"). */
kernels_isa_t kernels_isa(const kernels_t *k);
const char *kernels_isa_name(const kernels_t *k);

/* y = x . W^T: for each token t < n_tokens and row r < w->rows,
 *   y[t * w->rows + r] = sum_c W[r][c] * x[t * w->cols + c].
 * x is (n_tokens, cols), y is (n_tokens, rows), both row-major f32, not aliased. Uses the
 * context's scratch buffers, so one kernels_t serves one matmul at a time. Returns 0, or
 * negative with a message in err (unsupported type, cols not a multiple of the block size,
 * out of memory). */
int kernels_matmul(kernels_t *k, const tensor_view_t *w, const float *x, int n_tokens,
                   float *y, char *err, size_t err_size);

/* The largest n_w of kernels_matmul_multi. */
#define KERNELS_MULTI_MAX 8

/* Several products of one input: ys[i] = x . ws[i]^T for i < n_w, every weight with the
 * same cols (types and rows may differ). The same results as n_w kernels_matmul calls,
 * but x is quantized (or packed) once and all weights share one dispatch to the pool:
 * use it for the Q/K/V projections and the gate/up pair. Errors as kernels_matmul, plus
 * n_w outside [1, KERNELS_MULTI_MAX] and differing row lengths. */
int kernels_matmul_multi(kernels_t *k, const tensor_view_t *ws, int n_w, const float *x,
                         int n_tokens, float *const *ys, char *err, size_t err_size);

/* kernels_matmul_multi in the decode regime (per-row dot products) whatever n_tokens: each
 * weight row is still read once for all the tokens, and every token's results are
 * bit-for-bit those of a call with that token alone. For decoding several sequences
 * together (forward.c), so that a sequence's output does not depend on its company. */
int kernels_matmul_multi_rows(kernels_t *k, const tensor_view_t *ws, int n_w, const float *x,
                              int n_tokens, float *const *ys, char *err, size_t err_size);

/* ---- small vector ops (vectorized, single-threaded) ---------------------------------- */

/* out[i] = x[i] / sqrt(mean(x^2) + eps) * weight[i]; out may equal x. */
void kernels_rmsnorm(float *out, const float *x, const float *weight, int n, float eps);
/* x = softmax(x), computed stably (max subtracted). */
void kernels_softmax(float *x, int n);
/* gate[i] = silu(gate[i]) * up[i]  (SwiGLU). */
void kernels_silu_mul(float *gate, const float *up, int n);
/* y[i] += x[i]. */
void kernels_add(float *y, const float *x, int n);
/* sum a[i] * b[i]. */
float kernels_dot(const float *a, const float *b, int n);
/* y[i] += a * x[i]. */
void kernels_axpy(float *y, float a, const float *x, int n);

#endif
