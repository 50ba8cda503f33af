/* kv_cache.c — the per-layer key/value store, in F32 or F16 (kv_cache.h). */
#include "slm/kv_cache.h"

#include <cpuid.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "slm/quant.h"

/* CPUID.1:ECX.F16C: clang 14's __builtin_cpu_supports does not know "f16c" (make FUZZ=1
 * builds with clang), so the bit is read directly. */
static bool cpu_has_f16c(void)
{
    unsigned eax, ebx, ecx, edx;
    return __get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx & bit_F16C);
}

uint32_t kv_cache_elem_bytes(kv_cache_type_t type) { return type == KV_CACHE_F16 ? 2 : 4; }

int kv_cache_init(kv_cache_t *kv, kv_cache_type_t type, uint32_t n_layers,
                  uint32_t n_kv_heads, uint32_t head_dim, uint32_t n_ctx)
{
    memset(kv, 0, sizeof *kv);
    size_t n = (size_t)n_layers * n_kv_heads * head_dim * n_ctx;
    kv->k = calloc(n, kv_cache_elem_bytes(type));
    kv->v = calloc(n, kv_cache_elem_bytes(type));
    if (!kv->k || !kv->v) {
        kv_cache_destroy(kv);
        return -1;
    }
    kv->type = type;
    kv->n_layers = n_layers;
    kv->n_kv_heads = n_kv_heads;
    kv->head_dim = head_dim;
    kv->n_ctx = n_ctx;
    __builtin_cpu_init();
    kv->use_f16c = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && cpu_has_f16c() &&
                   getenv("ASSAY_FORCE_SCALAR") == NULL;
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
    return 2ull * kv->n_layers * kv->n_kv_heads * kv->head_dim * kv->n_ctx *
           kv_cache_elem_bytes(kv->type);
}

/* Element offset of (layer, head, pos). */
static size_t offset(const kv_cache_t *kv, uint32_t layer, uint32_t head, uint32_t pos)
{
    return (((size_t)layer * kv->n_kv_heads + head) * kv->n_ctx + pos) * kv->head_dim;
}

static void store_row(const kv_cache_t *kv, void *base, size_t at, const float *src)
{
    if (kv->type == KV_CACHE_F32) {
        memcpy((float *)base + at, src, kv->head_dim * sizeof(float));
        return;
    }
    uint16_t *dst = (uint16_t *)base + at;
    if (kv->use_f16c) kv_cache_f32_to_f16_avx2(src, dst, kv->head_dim);
    else
        for (uint32_t i = 0; i < kv->head_dim; i++) dst[i] = quant_f32_to_f16(src[i]);
}

void kv_cache_store(kv_cache_t *kv, uint32_t layer, uint32_t head, uint32_t pos,
                    const float *key, const float *value)
{
    size_t at = offset(kv, layer, head, pos);
    store_row(kv, kv->k, at, key);
    store_row(kv, kv->v, at, value);
}

void kv_cache_copy(kv_cache_t *dst, const kv_cache_t *src, uint32_t n_pos)
{
    size_t bytes = (size_t)n_pos * src->head_dim * kv_cache_elem_bytes(src->type);
    size_t elem = kv_cache_elem_bytes(src->type);
    for (uint32_t l = 0; l < src->n_layers; l++) {
        for (uint32_t h = 0; h < src->n_kv_heads; h++) {
            size_t at = offset(src, l, h, 0) * elem;
            memcpy((char *)dst->k + at, (const char *)src->k + at, bytes);
            memcpy((char *)dst->v + at, (const char *)src->v + at, bytes);
        }
    }
}

static const float *load_block(const kv_cache_t *kv, const void *base, size_t at,
                               uint32_t n_pos, float *buf)
{
    if (kv->type == KV_CACHE_F32) return (const float *)base + at;
    const uint16_t *src = (const uint16_t *)base + at;
    size_t n = (size_t)n_pos * kv->head_dim;
    if (kv->use_f16c) kv_cache_f16_to_f32_avx2(src, buf, n);
    else
        for (size_t i = 0; i < n; i++) buf[i] = quant_f16_to_f32(src[i]);
    return buf;
}

const uint16_t *kv_cache_keys_f16(const kv_cache_t *kv, uint32_t layer, uint32_t head)
{
    return (const uint16_t *)kv->k + offset(kv, layer, head, 0);
}

const uint16_t *kv_cache_values_f16(const kv_cache_t *kv, uint32_t layer, uint32_t head)
{
    return (const uint16_t *)kv->v + offset(kv, layer, head, 0);
}

const float *kv_cache_keys(const kv_cache_t *kv, uint32_t layer, uint32_t head,
                           uint32_t n_pos, float *buf)
{
    return load_block(kv, kv->k, offset(kv, layer, head, 0), n_pos, buf);
}

const float *kv_cache_values(const kv_cache_t *kv, uint32_t layer, uint32_t head,
                             uint32_t n_pos, float *buf)
{
    return load_block(kv, kv->v, offset(kv, layer, head, 0), n_pos, buf);
}
