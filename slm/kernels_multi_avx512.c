/* kernels_multi_avx512.c — one weight row against up to 16 tokens at once, with exactly the
 * arithmetic of the single-token block dots (AVX512-VNNI; kernels_impl.h).
 *
 * Decoding several sequences together (slm/batch.h) multiplies every weight row by a few
 * activation rows. Taken one token at a time (kernels_vnni_avx512.c), each 32-element
 * block costs one 256-bit dpbusd, a conversion and a multiply-add per token. Here the
 * tokens sit in the 16 lanes of a 512-bit register: the 4 weight bytes of one i32 lane are
 * broadcast and one dpbusd serves all 16 tokens. Exactness keeps a conversion and a
 * multiply-add per lane and block (the int8 GEMM sums a block's lanes in integers first),
 * so the gain is bounded: on Zen 4 a step of 16 tokens costs about 1.8x less CPU time per
 * token than 16 single dots, 8 tokens about 1.3x; kernels.c uses these from 8 tokens on.
 *
 * The one idea: every token must get bit-for-bit the single dot's result (a sequence's
 * output must not depend on its company), so the layout mirrors that dot. Its 8 i32 lanes
 * (lane l sums elements 4l..4l+3 of a block) and its 4 accumulators (block b goes to
 * accumulator b % 4 while four blocks remain, the leftover blocks to the first) become 8 x 4
 * registers of 16 tokens. Integer sums are exact in any order; every float operation — the
 * scale product, the fused multiply-add, the Q4_1/Q5_1 minimum term, the final pairwise
 * sums of x86_hsum_ps — is the same operation on the same values in the same order. The
 * whole file is compiled for VNNI; kernels_ops_vnni installs these only when the CPU has it. */
#pragma GCC target("avx512vnni")
/* No multiply folded into a following add: the single dot rounds the minimum term's
 * product before adding it, and so must this file (gnu11 would contract them into an FMA). */
#pragma GCC optimize("fp-contract=off")

#include <immintrin.h>
#include <stddef.h>
#include <string.h>

#include "slm/kernels_impl.h"

/* Block b of a group of 16 tokens, as the kernels read it: the activation bytes of lane l
 * of every token side by side, each token's scale and sum. */
typedef struct {
    int32_t q[8][16]; /* [lane][token]: bytes 4 lane .. 4 lane + 3 of the token's block */
    float d[16];      /* scale */
    int32_t sum[16];  /* sum of the block's 32 values */
    float sum_f[16];  /* (float)sum */
    int32_t pad[16];  /* keeps the struct a multiple of 64 bytes */
} multi_block_t;

size_t kernels_multi_act_bytes(int64_t cols, int n_tokens)
{
    size_t groups = ((size_t)n_tokens + KERNELS_MULTI_TOKENS - 1) / KERNELS_MULTI_TOKENS;
    return groups * (size_t)(cols / 32) * sizeof(multi_block_t);
}

void kernels_multi_pack(const kernels_q8_block_t *x, int64_t cols, int n_tokens, void *packed)
{
    int64_t nb = cols / 32;
    multi_block_t *out = packed;
    memset(out, 0, kernels_multi_act_bytes(cols, n_tokens));
    for (int t = 0; t < n_tokens; t++) {
        multi_block_t *group = out + (size_t)(t / KERNELS_MULTI_TOKENS) * (size_t)nb;
        int lane = t % KERNELS_MULTI_TOKENS;
        for (int64_t b = 0; b < nb; b++) {
            const kernels_q8_block_t *xb = x + (size_t)t * (size_t)nb + (size_t)b;
            for (int l = 0; l < 8; l++) memcpy(&group[b].q[l][lane], xb->qs + 4 * l, 4);
            group[b].d[lane] = xb->d;
            group[b].sum[lane] = xb->sum;
            group[b].sum_f[lane] = (float)xb->sum;
        }
    }
}

/* ---- the weight side: the 4 unsigned levels of lane l of block b, as one u32 ---------- */

enum { KIND_Q8_0, KIND_Q4_0, KIND_Q4_1, KIND_Q5_0, KIND_Q5_1 };

static inline uint32_t load32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* Nibbles: lanes 0-3 are the low nibbles of qs[0..16), lanes 4-7 the high ones. */
static inline uint32_t nibbles(const uint8_t *qs, int l)
{
    return l < 4 ? load32(qs + 4 * l) & 0x0f0f0f0fu : (load32(qs + 4 * (l - 4)) >> 4) & 0x0f0f0f0fu;
}

/* Bit j of qh adds 16 to element j: lane l takes bits 4l .. 4l+3, one per byte. */
static inline uint32_t high_bits(const uint8_t qh[4], int l)
{
    uint32_t bits = (load32(qh) >> (4 * l)) & 15u;
    return ((bits & 1u) << 4) | ((bits & 2u) << 11) | ((bits & 4u) << 18) | ((bits & 8u) << 25);
}

static inline size_t block_bytes(int kind)
{
    switch (kind) {
    case KIND_Q8_0: return sizeof(quant_block_q8_0_t);
    case KIND_Q4_0: return sizeof(quant_block_q4_0_t);
    case KIND_Q4_1: return sizeof(quant_block_q4_1_t);
    case KIND_Q5_0: return sizeof(quant_block_q5_0_t);
    default: return sizeof(quant_block_q5_1_t);
    }
}

static inline uint32_t weight_lane(int kind, const uint8_t *w, int l)
{
    switch (kind) {
    case KIND_Q8_0:
        return load32((const uint8_t *)((const quant_block_q8_0_t *)w)->qs + 4 * l) ^ 0x80808080u;
    case KIND_Q4_0: return nibbles(((const quant_block_q4_0_t *)w)->qs, l);
    case KIND_Q4_1: return nibbles(((const quant_block_q4_1_t *)w)->qs, l);
    case KIND_Q5_0: {
        const quant_block_q5_0_t *b = (const void *)w;
        return nibbles(b->qs, l) + high_bits(b->qh, l);
    }
    default: {
        const quant_block_q5_1_t *b = (const void *)w;
        return nibbles(b->qs, l) + high_bits(b->qh, l);
    }
    }
}

/* The offset the single dot starts lane 0 with, per unit of the activation sum. */
static inline int offset_per_sum(int kind)
{
    return kind == KIND_Q8_0 ? -128 : kind == KIND_Q4_0 ? -8 : kind == KIND_Q5_0 ? -16 : 0;
}

static inline bool has_min(int kind) { return kind == KIND_Q4_1 || kind == KIND_Q5_1; }

/* The weight block's scale d (and minimum m) as floats: every type starts with d, the
 * _1 types follow it with m. */
static inline float half_at(const uint8_t *w, int index)
{
    uint16_t h;
    memcpy(&h, w + 2 * index, 2);
    return _cvtsh_ss(h);
}

/* ---- the kernel ------------------------------------------------------------------------ */

/* The kernel, written once for two widths: 16 tokens in __m512 registers, and 8 tokens in
 * __m256 ones for a group of at most 8 (the first 8 lanes; cheaper where 512-bit operations
 * are split in two, as on Zen 4). P is the intrinsics' prefix, SI the integer register's
 * suffix (si512, si256).
 *
 * block_step_W adds block b of the row into the 8 lane accumulators of the tokens: what
 * x86_block_acc(acc, dpbusd(lane-0 offset, w, x), d_w, d_x) and, for the _1 types,
 * x86_add_min (lane 0 += m * d_x * sum, left to right in float; the others += 0) do in
 * the single dot. dot_group_W writes y[t * y_stride] = the single dot of the row with token
 * t of one group, summing the accumulators as x86_hsum_ps((a0 + a1) + (a2 + a3)) does:
 * lanes l and l + 4, then 0+2 and 1+3, then the two. */
#define DEFINE_GROUP_KERNEL(WIDTH, VF, VI, P, SI)                                               \
    static inline __attribute__((always_inline)) void block_step_##WIDTH(                       \
        int kind, const uint8_t *w, const multi_block_t *x, VF acc[8])                           \
    {                                                                                            \
        VF dx = P##load_ps(x->d);                                                                \
        VF scale = P##mul_ps(P##set1_ps(half_at(w, 0)), dx);                                     \
        int per_sum = offset_per_sum(kind);                                                      \
        _Pragma("GCC unroll 8") for (int l = 0; l < 8; l++)                                      \
        {                                                                                        \
            VI init = P##setzero_##SI();                                                         \
            if (l == 0 && per_sum != 0)                                                          \
                init = P##mullo_epi32(P##load_##SI((const void *)x->sum), P##set1_epi32(per_sum)); \
            VI s = P##dpbusd_epi32(init, P##set1_epi32((int)weight_lane(kind, w, l)),            \
                                   P##load_##SI((const void *)x->q[l]));                          \
            acc[l] = P##fmadd_ps(P##cvtepi32_ps(s), scale, acc[l]);                              \
        }                                                                                        \
        if (has_min(kind)) {                                                                     \
            VF m = P##mul_ps(P##mul_ps(P##set1_ps(half_at(w, 1)), dx), P##load_ps(x->sum_f));    \
            acc[0] = P##add_ps(acc[0], m);                                                       \
            _Pragma("GCC unroll 8") for (int l = 1; l < 8; l++)                                  \
                acc[l] = P##add_ps(acc[l], P##setzero_ps());                                     \
        }                                                                                        \
    }                                                                                            \
                                                                                                 \
    static inline __attribute__((always_inline)) void dot_group_##WIDTH(                        \
        int kind, const uint8_t *row, const multi_block_t *x, int n_tokens, int64_t n, float *y, \
        size_t y_stride)                                                                         \
    {                                                                                            \
        int64_t nb = n / 32, nb4 = nb / 4 * 4;                                                   \
        size_t bb = block_bytes(kind);                                                           \
        VF sums[4][8]; /* [accumulator][lane] */                                                 \
        for (int a = 0; a < 4; a++) {                                                            \
            VF acc[8];                                                                           \
            _Pragma("GCC unroll 8") for (int l = 0; l < 8; l++) acc[l] = P##setzero_ps();        \
            for (int64_t b = a; b < nb4; b += 4)                                                 \
                block_step_##WIDTH(kind, row + (size_t)b * bb, x + b, acc);                      \
            if (a == 0)                                                                          \
                for (int64_t b = nb4; b < nb; b++)                                               \
                    block_step_##WIDTH(kind, row + (size_t)b * bb, x + b, acc);                  \
            _Pragma("GCC unroll 8") for (int l = 0; l < 8; l++) sums[a][l] = acc[l];             \
        }                                                                                        \
        VF lanes[8];                                                                             \
        for (int l = 0; l < 8; l++)                                                              \
            lanes[l] = P##add_ps(P##add_ps(sums[0][l], sums[1][l]), P##add_ps(sums[2][l], sums[3][l])); \
        VF s0 = P##add_ps(lanes[0], lanes[4]), s1 = P##add_ps(lanes[1], lanes[5]);                             \
        VF s2 = P##add_ps(lanes[2], lanes[6]), s3 = P##add_ps(lanes[3], lanes[7]);                             \
        VF total = P##add_ps(P##add_ps(s0, s2), P##add_ps(s1, s3));                              \
        float out[WIDTH];                                                                        \
        P##storeu_ps(out, total);                                                                \
        for (int t = 0; t < n_tokens; t++) y[(size_t)t * y_stride] = out[t];                     \
    }

DEFINE_GROUP_KERNEL(16, __m512, __m512i, _mm512_, si512)
DEFINE_GROUP_KERNEL(8, __m256, __m256i, _mm256_, si256)

static inline __attribute__((always_inline)) void dot_multi(int kind, const void *w_row,
                                                            const void *packed, int n_tokens,
                                                            int64_t n, float *y, size_t y_stride)
{
    const multi_block_t *x = packed;
    int64_t nb = n / 32;
    for (int g = 0; g * KERNELS_MULTI_TOKENS < n_tokens; g++) {
        int count = n_tokens - g * KERNELS_MULTI_TOKENS;
        float *yg = y + (size_t)g * KERNELS_MULTI_TOKENS * y_stride;
        if (count > 8) {
            if (count > KERNELS_MULTI_TOKENS) count = KERNELS_MULTI_TOKENS;
            dot_group_16(kind, w_row, x + (size_t)g * (size_t)nb, count, n, yg, y_stride);
        } else {
            dot_group_8(kind, w_row, x + (size_t)g * (size_t)nb, count, n, yg, y_stride);
        }
    }
}

#define DEFINE_MULTI(name, kind)                                                             \
    static void name(const void *w_row, const void *packed, int n_tokens, int64_t n, float *y, \
                     size_t y_stride)                                                        \
    {                                                                                        \
        dot_multi(kind, w_row, packed, n_tokens, n, y, y_stride);                            \
    }

DEFINE_MULTI(multi_q8_0, KIND_Q8_0)
DEFINE_MULTI(multi_q4_0, KIND_Q4_0)
DEFINE_MULTI(multi_q4_1, KIND_Q4_1)
DEFINE_MULTI(multi_q5_0, KIND_Q5_0)
DEFINE_MULTI(multi_q5_1, KIND_Q5_1)

void kernels_ops_multi(kernels_ops_t *ops)
{
    ops->dot_multi[TENSOR_Q8_0] = multi_q8_0;
    ops->dot_multi[TENSOR_Q4_0] = multi_q4_0;
    ops->dot_multi[TENSOR_Q4_1] = multi_q4_1;
    ops->dot_multi[TENSOR_Q5_0] = multi_q5_0;
    ops->dot_multi[TENSOR_Q5_1] = multi_q5_1;
}
