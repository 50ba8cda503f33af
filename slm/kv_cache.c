/* kv_cache.c — allocation of the per-layer key/value store (kv_cache.h). */
#include "slm/kv_cache.h"

#include <stdlib.h>
#include <string.h>

int kv_cache_init(kv_cache_t *kv, uint32_t n_layers, uint32_t n_kv_heads, uint32_t head_dim,
                  uint32_t n_ctx)
{
    memset(kv, 0, sizeof *kv);
    size_t n = (size_t)n_layers * n_kv_heads * head_dim * n_ctx;
    kv->k = calloc(n, sizeof(float));
    kv->v = calloc(n, sizeof(float));
    if (!kv->k || !kv->v) {
        kv_cache_destroy(kv);
        return -1;
    }
    kv->n_layers = n_layers;
    kv->n_kv_heads = n_kv_heads;
    kv->head_dim = head_dim;
    kv->n_ctx = n_ctx;
    return 0;
}

void kv_cache_destroy(kv_cache_t *kv)
{
    free(kv->k);
    free(kv->v);
    kv->k = kv->v = NULL;
}

uint64_t kv_cache_bytes(const kv_cache_t *kv)
{
    return 2ull * kv->n_layers * kv->n_kv_heads * kv->head_dim * kv->n_ctx * sizeof(float);
}
