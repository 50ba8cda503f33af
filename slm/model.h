/* model.h — a transformer model loaded from a GGUF file: hyperparameters and weight views.
 *
 * model_load() opens the GGUF (read at once into huge pages, gguf_open_resident, because
 * decoding streams every weight once per token; or mapped lazily, zero-copy, with
 * ASSAY_MMAP=1 in the environment; either way weights are views into that memory),
 * reads the hyperparameters of `general.architecture` = llama | qwen2 | qwen3 from the
 * `<arch>.*` keys, and checks that every tensor the architecture needs is present with the
 * right shape and a supported type, naming the tensor when one is not. Nothing is computed
 * here: slm/session.h runs the model.
 *
 * Architectures: llama (Llama 2/3, TinyLlama, SmolLM/SmolLM2, stories: RoPE on interleaved
 * pairs, because GGUF llama files store Q/K permuted for it), qwen2 (Q/K/V biases, NeoX
 * RoPE on the two halves of each head), qwen3 (per-head RMSNorm of Q and K before RoPE,
 * head_dim may differ from dim / heads, NeoX RoPE). Grouped-query attention, tied output
 * (no `output.weight` → the token embedding is used), linear RoPE scaling and Llama-3
 * `rope_freqs.weight` frequency factors are read from the file. */
#ifndef ASSAY_SLM_MODEL_H
#define ASSAY_SLM_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "slm/gguf.h"
#include "slm/kernels.h"

typedef enum {
    MODEL_ARCH_LLAMA = 0,
    MODEL_ARCH_QWEN2,
    MODEL_ARCH_QWEN3,
} model_arch_t;

typedef enum {
    MODEL_ROPE_NORMAL = 0, /* rotate pairs (2i, 2i+1) — llama */
    MODEL_ROPE_NEOX,       /* rotate pairs (i, i + rope_dim/2) — qwen2, qwen3 */
} model_rope_type_t;

typedef struct {
    model_arch_t arch;
    uint32_t n_embd;      /* model width (dim) */
    uint32_t n_layers;
    uint32_t n_heads;     /* query heads */
    uint32_t n_kv_heads;  /* key/value heads (GQA: n_heads is a multiple) */
    uint32_t head_dim;    /* per-head size of Q, K and V (attention.key_length) */
    uint32_t n_ff;        /* feed-forward hidden size */
    uint32_t n_vocab;
    uint32_t n_ctx_train; /* context_length the model was trained with */
    uint32_t rope_dim;    /* rotated dimensions of each head (≤ head_dim, even) */
    model_rope_type_t rope_type;
    float rope_freq_base;  /* theta base, 10000 when absent */
    float rope_freq_scale; /* positions are multiplied by this (1 / linear scaling factor) */
    float rms_eps;
} model_hparams_t;

/* One transformer block. Matrices are (rows = output features, cols = input features).
 * Vectors are F32 pointers into the mapping; optional ones are NULL when absent. */
typedef struct {
    const float *attn_norm;     /* (n_embd,) */
    tensor_view_t wq;           /* (n_heads * head_dim, n_embd) */
    tensor_view_t wk;           /* (n_kv_heads * head_dim, n_embd) */
    tensor_view_t wv;           /* (n_kv_heads * head_dim, n_embd) */
    tensor_view_t wo;           /* (n_embd, n_heads * head_dim) */
    const float *bq, *bk, *bv;  /* qwen2 biases, (rows of wq/wk/wv,) or NULL */
    const float *q_norm;        /* qwen3: (head_dim,) or NULL */
    const float *k_norm;        /* qwen3: (head_dim,) or NULL */
    const float *ffn_norm;      /* (n_embd,) */
    tensor_view_t w_gate;       /* (n_ff, n_embd) */
    tensor_view_t w_up;         /* (n_ff, n_embd) */
    tensor_view_t w_down;       /* (n_embd, n_ff) */
} model_layer_t;

typedef struct {
    gguf_file_t *file;          /* owned: the mapping every view points into */
    model_hparams_t hp;
    tensor_view_t token_embd;   /* (n_vocab, n_embd) */
    const float *output_norm;   /* (n_embd,) */
    tensor_view_t output;       /* (n_vocab, n_embd); = token_embd when tied */
    bool tied_output;
    const float *rope_freqs;    /* (rope_dim / 2,) Llama-3 frequency divisors, or NULL */
    model_layer_t *layers;      /* (n_layers,) */
    uint64_t weight_bytes;      /* bytes of all tensor data in the file */
} model_t;

/* Loads path. Returns 0, or negative with a message naming the file and the problem (bad
 * GGUF, unsupported architecture, missing key, missing/misshapen/unsupported tensor). */
int model_load(model_t **out, const char *path, char *err, size_t err_size);
/* Same on an open file; takes ownership of file on success and on failure. */
int model_from_gguf(model_t **out, gguf_file_t *file, char *err, size_t err_size);
void model_free(model_t *model);

/* "llama", "qwen2", "qwen3". */
const char *model_arch_name(model_arch_t arch);

/* Reads only the hyperparameters (no tensor checks): what `model info` shows first. */
int model_read_hparams(const gguf_file_t *file, model_hparams_t *hp, char *err,
                       size_t err_size);

/* Memory a session of n_ctx positions needs, in bytes: the mapped weights, the KV cache
 * (n_ctx × layers × kv_heads × head_dim × 2 (K and V) × kv_elem_bytes) and the compute
 * buffers for batches of n_batch tokens. */
typedef struct {
    uint64_t weights;
    uint64_t kv_cache;
    uint64_t scratch;
} model_memory_t;
model_memory_t model_memory_estimate(const model_t *model, uint32_t n_ctx, uint32_t n_batch,
                                     uint32_t kv_elem_bytes);

/* Writes token `id`'s embedding row, (n_embd,) floats, into out. id must be < n_vocab. */
int model_embed_token(const model_t *model, int32_t id, float *out);

#endif
