/* kv_cache.h — the keys and values of every position already evaluated, per layer.
 *
 * Layout: for each layer and key/value head, n_ctx rows of head_dim floats, so the
 * attention of one head reads one contiguous block. Memory comes from calloc, so pages
 * are only touched (and counted in RSS) as positions fill up. Elements are F32 (an F16
 * cache, halving the memory, is not implemented). */
#ifndef ASSAY_SLM_KV_CACHE_H
#define ASSAY_SLM_KV_CACHE_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t n_layers, n_kv_heads, head_dim, n_ctx;
    float *k; /* (n_layers, n_kv_heads, n_ctx, head_dim) */
    float *v; /* (n_layers, n_kv_heads, n_ctx, head_dim) */
} kv_cache_t;

/* Allocates an empty cache. Returns 0, or -1 when the memory cannot be had. */
int kv_cache_init(kv_cache_t *kv, uint32_t n_layers, uint32_t n_kv_heads, uint32_t head_dim,
                  uint32_t n_ctx);
/* Frees the buffers (the struct itself belongs to the caller). */
void kv_cache_destroy(kv_cache_t *kv);
/* Bytes held by K and V together. */
uint64_t kv_cache_bytes(const kv_cache_t *kv);

/* The (n_ctx, head_dim) block of keys / values of one layer and head. */
static inline float *kv_cache_keys(const kv_cache_t *kv, uint32_t layer, uint32_t head)
{
    return kv->k + ((size_t)layer * kv->n_kv_heads + head) * kv->n_ctx * kv->head_dim;
}
static inline float *kv_cache_values(const kv_cache_t *kv, uint32_t layer, uint32_t head)
{
    return kv->v + ((size_t)layer * kv->n_kv_heads + head) * kv->n_ctx * kv->head_dim;
}

#endif
