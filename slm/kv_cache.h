/* kv_cache.h — the keys and values of every position already evaluated, per layer.
 *
 * Layout: for each layer and key/value head, n_ctx rows of head_dim elements, so the
 * attention of one head reads one contiguous block. Elements are F32, or F16 to halve the
 * memory (Qwen3-0.6B at 4096 positions: 896 MiB in F32, 448 MiB in F16); an F16 block is
 * widened to F32 (F16C instructions when the CPU has them) into the caller's buffer just
 * before the attention reads it. Memory comes from calloc, so pages are only touched (and
 * counted in RSS) as positions fill up. */
#ifndef ASSAY_SLM_KV_CACHE_H
#define ASSAY_SLM_KV_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    KV_CACHE_F16 = 0, /* the default: half the memory, keys/values to 11 significant bits */
    KV_CACHE_F32,     /* exact */
} kv_cache_type_t;

typedef struct {
    kv_cache_type_t type;
    uint32_t n_layers, n_kv_heads, head_dim, n_ctx;
    void *k;       /* (n_layers, n_kv_heads, n_ctx, head_dim) elements of `type` */
    void *v;       /* (n_layers, n_kv_heads, n_ctx, head_dim) */
    bool use_f16c; /* convert with the F16C instructions (and AVX2 + FMA) */
} kv_cache_t;

/* Allocates an empty cache. Returns 0, or -1 when the memory cannot be had. */
int kv_cache_init(kv_cache_t *kv, kv_cache_type_t type, uint32_t n_layers,
                  uint32_t n_kv_heads, uint32_t head_dim, uint32_t n_ctx);
/* Frees the buffers (the struct itself belongs to the caller). */
void kv_cache_destroy(kv_cache_t *kv);
/* Bytes held by K and V together. */
uint64_t kv_cache_bytes(const kv_cache_t *kv);
/* Bytes per element: 4 or 2. */
uint32_t kv_cache_elem_bytes(kv_cache_type_t type);

/* Stores one position's key and value (head_dim floats each) of one layer and head. */
void kv_cache_store(kv_cache_t *kv, uint32_t layer, uint32_t head, uint32_t pos,
                    const float *key, const float *value);

/* Copies positions 0 .. n_pos-1 of every layer and head from src into dst (caches of the
 * same type and shape, n_pos <= n_ctx): a sequence starting with a prompt prefix another
 * cache already holds takes its rows instead of evaluating them again. */
void kv_cache_copy(kv_cache_t *dst, const kv_cache_t *src, uint32_t n_pos);

/* The keys / values of positions 0 .. n_pos-1 of one layer and head as (n_pos, head_dim)
 * floats: a pointer into the cache when it is F32, else widened into buf (which must hold
 * n_pos * head_dim floats). */
const float *kv_cache_keys(const kv_cache_t *kv, uint32_t layer, uint32_t head,
                           uint32_t n_pos, float *buf);
const float *kv_cache_values(const kv_cache_t *kv, uint32_t layer, uint32_t head,
                             uint32_t n_pos, float *buf);

/* The raw (n_ctx, head_dim) half-precision block of one layer and head of an F16 cache. */
const uint16_t *kv_cache_keys_f16(const kv_cache_t *kv, uint32_t layer, uint32_t head);
const uint16_t *kv_cache_values_f16(const kv_cache_t *kv, uint32_t layer, uint32_t head);

/* F16C kernels (kv_cache_avx2.c); only called when kv->use_f16c. F16 <-> F32 rows: */
void kv_cache_f16_to_f32_avx2(const uint16_t *src, float *dst, size_t n);
void kv_cache_f32_to_f16_avx2(const float *src, uint16_t *dst, size_t n);
/* One query against half-precision keys without widening them first (decode):
 * scores[s] = scale * q · keys[s] for s < n_pos; head_dim a multiple of 8. */
void kv_cache_scores_f16_avx2(const float *q, const uint16_t *keys, uint32_t n_pos,
                              uint32_t head_dim, float scale, float *scores);
/* out (head_dim,) = sum over s < n_pos of weights[s] * values[s]; head_dim a multiple of 8. */
void kv_cache_weighted_sum_f16_avx2(const float *weights, const uint16_t *values,
                                    uint32_t n_pos, uint32_t head_dim, float *out);
/* The same for n_q queries at once (query i at q + i * q_stride, its scores at
 * scores + i * scores_stride; its weights and output likewise): each key and value is
 * converted once for all of them, and each query's results are bit for bit the one-query
 * kernels'. For the query heads that share a key/value head. */
void kv_cache_scores_f16_group_avx2(const float *q, size_t q_stride, uint32_t n_q,
                                    const uint16_t *keys, uint32_t n_pos, uint32_t head_dim,
                                    float scale, float *scores, size_t scores_stride);
void kv_cache_weighted_sum_f16_group_avx2(const float *weights, size_t weights_stride,
                                          uint32_t n_q, const uint16_t *values, uint32_t n_pos,
                                          uint32_t head_dim, float *out, size_t out_stride);

#endif
