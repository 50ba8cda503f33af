/* model.c — reads a llama / qwen2 / qwen3 model out of a GGUF file (model.h).
 *
 * Two steps: hyperparameters from the `<arch>.*` metadata (each sanity-checked, since the
 * file is untrusted and these numbers size every buffer later), then one lookup per
 * tensor the architecture needs, checking type, rank and each dimension against the
 * hyperparameters. Any mismatch names the file and the tensor or key. */
#include "slm/model.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slm/quant.h"

/* Limits far above any real model, low enough that products of them cannot overflow the
 * sizes we compute from them. */
enum {
    MAX_EMBD = 1 << 16,
    MAX_LAYERS = 1 << 10,
    MAX_HEADS = 1 << 10,
    MAX_HEAD_DIM = 1 << 12,
    MAX_FF = 1 << 18,
    MAX_VOCAB = 1 << 22,
};

static const char *const arch_names[] = {"llama", "qwen2", "qwen3"};

const char *model_arch_name(model_arch_t arch)
{
    return (unsigned)arch < sizeof arch_names / sizeof arch_names[0] ? arch_names[arch] : "?";
}

static int fail(char *err, size_t err_size, const char *path, const char *fmt, ...)
{
    char msg[384];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(err, err_size, "%s: %s", path, msg);
    return -1;
}

/* ---- hyperparameters ------------------------------------------------------------------- */

/* Reads <arch>.<suffix> as u32; a missing key gives *out = fallback when fallback >= 0,
 * else an error. Values outside [1, max] are refused. */
static int read_u32(const gguf_file_t *f, const char *arch, const char *suffix, long fallback,
                    uint32_t max, uint32_t *out, char *err, size_t err_size)
{
    char key[128];
    snprintf(key, sizeof key, "%s.%s", arch, suffix);
    int rc = gguf_get_u32(f, key, out);
    if (rc == GGUF_ERR_NOT_FOUND && fallback >= 0) {
        *out = (uint32_t)fallback;
        return 0;
    }
    if (rc == GGUF_ERR_NOT_FOUND)
        return fail(err, err_size, gguf_path(f), "missing key '%s'", key);
    if (rc != 0)
        return fail(err, err_size, gguf_path(f), "key '%s' is not an unsigned 32-bit integer",
                    key);
    if (*out == 0 || *out > max)
        return fail(err, err_size, gguf_path(f), "key '%s' = %u is out of range (1..%u)", key,
                    *out, max);
    return 0;
}

static int read_f32(const gguf_file_t *f, const char *arch, const char *suffix, float fallback,
                    bool required, float *out, char *err, size_t err_size)
{
    char key[128];
    snprintf(key, sizeof key, "%s.%s", arch, suffix);
    int rc = gguf_get_f32(f, key, out);
    if (rc == GGUF_ERR_NOT_FOUND && !required) {
        *out = fallback;
        return 0;
    }
    if (rc == GGUF_ERR_NOT_FOUND)
        return fail(err, err_size, gguf_path(f), "missing key '%s'", key);
    if (rc != 0) return fail(err, err_size, gguf_path(f), "key '%s' is not a float", key);
    if (!(*out > 0.0f) || *out > 1e30f)
        return fail(err, err_size, gguf_path(f), "key '%s' = %g is out of range", key,
                    (double)*out);
    return 0;
}

int model_read_hparams(const gguf_file_t *f, model_hparams_t *hp, char *err, size_t err_size)
{
    memset(hp, 0, sizeof *hp);
    const char *path = gguf_path(f);
    const char *arch = NULL;
    if (gguf_get_string(f, "general.architecture", &arch, NULL) != 0)
        return fail(err, err_size, path, "missing string key 'general.architecture'");
    size_t n_arch = sizeof arch_names / sizeof arch_names[0], a = 0;
    while (a < n_arch && strcmp(arch, arch_names[a]) != 0) a++;
    if (a == n_arch)
        return fail(err, err_size, path,
                    "unsupported architecture '%s' (assay runs llama, qwen2, qwen3)", arch);
    hp->arch = (model_arch_t)a;
    hp->rope_type = hp->arch == MODEL_ARCH_LLAMA ? MODEL_ROPE_NORMAL : MODEL_ROPE_NEOX;

    if (read_u32(f, arch, "embedding_length", -1, MAX_EMBD, &hp->n_embd, err, err_size) ||
        read_u32(f, arch, "block_count", -1, MAX_LAYERS, &hp->n_layers, err, err_size) ||
        read_u32(f, arch, "feed_forward_length", -1, MAX_FF, &hp->n_ff, err, err_size) ||
        read_u32(f, arch, "attention.head_count", -1, MAX_HEADS, &hp->n_heads, err,
                 err_size) ||
        read_u32(f, arch, "attention.head_count_kv", hp->n_heads, MAX_HEADS, &hp->n_kv_heads,
                 err, err_size) ||
        read_u32(f, arch, "context_length", 2048, 1u << 24, &hp->n_ctx_train, err, err_size))
        return -1;
    if (hp->n_heads % hp->n_kv_heads != 0)
        return fail(err, err_size, path,
                    "attention.head_count %u is not a multiple of head_count_kv %u",
                    hp->n_heads, hp->n_kv_heads);
    long default_head = hp->n_embd % hp->n_heads == 0 ? (long)(hp->n_embd / hp->n_heads) : -1;
    if (read_u32(f, arch, "attention.key_length", default_head, MAX_HEAD_DIM, &hp->head_dim,
                 err, err_size))
        return -1;
    uint32_t value_length = 0;
    if (read_u32(f, arch, "attention.value_length", hp->head_dim, MAX_HEAD_DIM, &value_length,
                 err, err_size))
        return -1;
    if (value_length != hp->head_dim)
        return fail(err, err_size, path,
                    "attention.value_length %u differs from key_length %u (not supported)",
                    value_length, hp->head_dim);
    if (read_u32(f, arch, "rope.dimension_count", hp->head_dim, MAX_HEAD_DIM, &hp->rope_dim,
                 err, err_size))
        return -1;
    if (hp->rope_dim > hp->head_dim || hp->rope_dim % 2 != 0)
        return fail(err, err_size, path,
                    "rope.dimension_count %u must be even and at most the head size %u",
                    hp->rope_dim, hp->head_dim);
    if (read_f32(f, arch, "attention.layer_norm_rms_epsilon", 1e-5f, true, &hp->rms_eps, err,
                 err_size) ||
        read_f32(f, arch, "rope.freq_base", 10000.0f, false, &hp->rope_freq_base, err,
                 err_size))
        return -1;

    /* RoPE scaling: none or linear (positions divided by the factor); YaRN is refused. */
    char key[128];
    const char *scaling = "none";
    snprintf(key, sizeof key, "%s.rope.scaling.type", arch);
    gguf_get_string(f, key, &scaling, NULL);
    float factor = 1.0f;
    if (strcmp(scaling, "linear") == 0) {
        if (read_f32(f, arch, "rope.scaling.factor", 1.0f, false, &factor, err, err_size))
            return -1;
    } else if (strcmp(scaling, "none") != 0) {
        return fail(err, err_size, path, "rope scaling '%s' is not supported (none, linear)",
                    scaling);
    } else if (read_f32(f, arch, "rope.scale_linear", 1.0f, false, &factor, err, err_size)) {
        return -1;
    }
    hp->rope_freq_scale = 1.0f / factor;
    return 0;
}

/* ---- tensors --------------------------------------------------------------------------- */

/* Finds name; checks rank and dimensions (rows = 0 for a vector) and type support. */
static const gguf_tensor_t *find_tensor(const gguf_file_t *f, const char *name, bool required,
                                        uint64_t cols, uint64_t rows, bool need_f32, char *err,
                                        size_t err_size, int *rc)
{
    *rc = 0;
    const gguf_tensor_t *t = gguf_find_tensor(f, name);
    if (!t) {
        if (required) *rc = fail(err, err_size, gguf_path(f), "missing tensor '%s'", name);
        return NULL;
    }
    const tensor_type_info_t *info = tensor_type_info(t->type);
    const char *type_name = info ? info->name : "?";
    bool shape_ok = t->ne[0] == cols && t->ne[2] == 1 && t->ne[3] == 1 &&
                    (rows == 0 ? t->ne[1] == 1 : t->ne[1] == rows);
    if (!shape_ok) {
        *rc = rows == 0 ? fail(err, err_size, gguf_path(f),
                               "tensor '%s' has shape [%llu, %llu, %llu, %llu], expected [%llu]",
                               name, (unsigned long long)t->ne[0],
                               (unsigned long long)t->ne[1], (unsigned long long)t->ne[2],
                               (unsigned long long)t->ne[3], (unsigned long long)cols)
                        : fail(err, err_size, gguf_path(f),
                               "tensor '%s' has shape [%llu, %llu, %llu, %llu], expected "
                               "[%llu, %llu]",
                               name, (unsigned long long)t->ne[0],
                               (unsigned long long)t->ne[1], (unsigned long long)t->ne[2],
                               (unsigned long long)t->ne[3], (unsigned long long)cols,
                               (unsigned long long)rows);
        return NULL;
    }
    if (need_f32 && t->type != TENSOR_F32) {
        *rc = fail(err, err_size, gguf_path(f), "tensor '%s' has type %s, expected F32", name,
                   type_name);
        return NULL;
    }
    if (!quant_type_supported(t->type)) {
        *rc = fail(err, err_size, gguf_path(f), "tensor '%s' has type %s, which assay cannot "
                   "compute with (supported: F32 F16 BF16 Q8_0 Q4_0 Q4_1 Q5_0 Q5_1 Q4_K Q5_K "
                   "Q6_K)", name, type_name);
        return NULL;
    }
    return t;
}

static int get_matrix(const gguf_file_t *f, const char *name, bool required, uint64_t cols,
                      uint64_t rows, tensor_view_t *out, char *err, size_t err_size)
{
    int rc;
    const gguf_tensor_t *t = find_tensor(f, name, required, cols, rows, false, err, err_size,
                                         &rc);
    memset(out, 0, sizeof *out);
    if (t) {
        out->type = t->type;
        out->data = t->data;
        out->rows = (int64_t)rows;
        out->cols = (int64_t)cols;
    }
    return rc;
}

static int get_vector(const gguf_file_t *f, const char *name, bool required, uint64_t n,
                      const float **out, char *err, size_t err_size)
{
    int rc;
    const gguf_tensor_t *t = find_tensor(f, name, required, n, 0, true, err, err_size, &rc);
    *out = t ? (const float *)t->data : NULL;
    return rc;
}

static int load_layer(const gguf_file_t *f, const model_hparams_t *hp, uint32_t il,
                      model_layer_t *l, char *err, size_t err_size)
{
    uint64_t dim = hp->n_embd, q_rows = (uint64_t)hp->n_heads * hp->head_dim,
             kv_rows = (uint64_t)hp->n_kv_heads * hp->head_dim;
    bool biases = hp->arch == MODEL_ARCH_QWEN2, qk_norm = hp->arch == MODEL_ARCH_QWEN3;
    char n[96];
#define NAME(suffix) (snprintf(n, sizeof n, "blk.%u." suffix, il), n)
    if (get_vector(f, NAME("attn_norm.weight"), true, dim, &l->attn_norm, err, err_size) ||
        get_matrix(f, NAME("attn_q.weight"), true, dim, q_rows, &l->wq, err, err_size) ||
        get_matrix(f, NAME("attn_k.weight"), true, dim, kv_rows, &l->wk, err, err_size) ||
        get_matrix(f, NAME("attn_v.weight"), true, dim, kv_rows, &l->wv, err, err_size) ||
        get_matrix(f, NAME("attn_output.weight"), true, q_rows, dim, &l->wo, err, err_size) ||
        get_vector(f, NAME("attn_q.bias"), biases, q_rows, &l->bq, err, err_size) ||
        get_vector(f, NAME("attn_k.bias"), biases, kv_rows, &l->bk, err, err_size) ||
        get_vector(f, NAME("attn_v.bias"), biases, kv_rows, &l->bv, err, err_size) ||
        get_vector(f, NAME("attn_q_norm.weight"), qk_norm, hp->head_dim, &l->q_norm, err,
                   err_size) ||
        get_vector(f, NAME("attn_k_norm.weight"), qk_norm, hp->head_dim, &l->k_norm, err,
                   err_size) ||
        get_vector(f, NAME("ffn_norm.weight"), true, dim, &l->ffn_norm, err, err_size) ||
        get_matrix(f, NAME("ffn_gate.weight"), true, dim, hp->n_ff, &l->w_gate, err,
                   err_size) ||
        get_matrix(f, NAME("ffn_up.weight"), true, dim, hp->n_ff, &l->w_up, err, err_size) ||
        get_matrix(f, NAME("ffn_down.weight"), true, hp->n_ff, dim, &l->w_down, err,
                   err_size))
        return -1;
#undef NAME
    return 0;
}

int model_from_gguf(model_t **out, gguf_file_t *file, char *err, size_t err_size)
{
    *out = NULL;
    model_t *m = calloc(1, sizeof *m);
    if (!m) {
        gguf_close(file);
        snprintf(err, err_size, "out of memory");
        return -1;
    }
    m->file = file;
    model_hparams_t *hp = &m->hp;
    const char *path = gguf_path(file);
    if (model_read_hparams(file, hp, err, err_size)) goto fail;

    const gguf_tensor_t *embd = gguf_find_tensor(file, "token_embd.weight");
    if (!embd) {
        fail(err, err_size, path, "missing tensor 'token_embd.weight'");
        goto fail;
    }
    if (embd->ne[1] == 0 || embd->ne[1] > MAX_VOCAB) {
        fail(err, err_size, path, "tensor 'token_embd.weight' has %llu rows (vocabulary size "
             "out of range)", (unsigned long long)embd->ne[1]);
        goto fail;
    }
    hp->n_vocab = (uint32_t)embd->ne[1];
    uint32_t vocab_key = 0;
    char key[96];
    snprintf(key, sizeof key, "%s.vocab_size", model_arch_name(hp->arch));
    if (gguf_get_u32(file, key, &vocab_key) == 0 && vocab_key != hp->n_vocab) {
        fail(err, err_size, path, "key '%s' = %u but token_embd.weight has %u rows", key,
             vocab_key, hp->n_vocab);
        goto fail;
    }
    if (get_matrix(file, "token_embd.weight", true, hp->n_embd, hp->n_vocab, &m->token_embd,
                   err, err_size) ||
        get_vector(file, "output_norm.weight", true, hp->n_embd, &m->output_norm, err,
                   err_size) ||
        get_matrix(file, "output.weight", false, hp->n_embd, hp->n_vocab, &m->output, err,
                   err_size) ||
        get_vector(file, "rope_freqs.weight", false, hp->rope_dim / 2, &m->rope_freqs, err,
                   err_size))
        goto fail;
    if (!m->output.data) {
        m->output = m->token_embd;
        m->tied_output = true;
    }
    m->layers = calloc(hp->n_layers, sizeof *m->layers);
    if (!m->layers) {
        fail(err, err_size, path, "out of memory for %u layers", hp->n_layers);
        goto fail;
    }
    for (uint32_t il = 0; il < hp->n_layers; il++)
        if (load_layer(file, hp, il, &m->layers[il], err, err_size)) goto fail;
    for (size_t i = 0; i < gguf_tensor_count(file); i++)
        m->weight_bytes += gguf_tensor_at(file, i)->size;
    *out = m;
    return 0;
fail:
    model_free(m);
    return -1;
}

int model_load(model_t **out, const char *path, char *err, size_t err_size)
{
    *out = NULL;
    gguf_file_t *file = NULL;
    /* Weights are streamed once per generated token: copied into huge pages by default,
     * mapped lazily (the file's 4 KiB pages, no copy) with ASSAY_MMAP=1. */
    const char *mmap_only = getenv("ASSAY_MMAP");
    int rc = mmap_only && *mmap_only && strcmp(mmap_only, "0") != 0
                 ? gguf_open(&file, path, err, err_size)
                 : gguf_open_resident(&file, path, err, err_size);
    if (rc != 0) return -1;
    return model_from_gguf(out, file, err, err_size);
}

void model_free(model_t *model)
{
    if (!model) return;
    gguf_close(model->file);
    free(model->layers);
    free(model);
}

/* ---- helpers --------------------------------------------------------------------------- */

model_memory_t model_memory_estimate(const model_t *model, uint32_t n_ctx, uint32_t n_batch,
                                     uint32_t kv_elem_bytes)
{
    const model_hparams_t *hp = &model->hp;
    model_memory_t mem;
    mem.weights = model->weight_bytes;
    mem.kv_cache = (uint64_t)n_ctx * hp->n_layers * hp->n_kv_heads * hp->head_dim * 2 *
                   kv_elem_bytes;
    uint64_t q = (uint64_t)hp->n_heads * hp->head_dim, kv = (uint64_t)hp->n_kv_heads * hp->head_dim;
    uint64_t per_token = 2ull * hp->n_embd + 2 * q + 2 * kv + 2ull * hp->n_ff;
    uint64_t widest = hp->n_ff > hp->n_embd ? hp->n_ff : hp->n_embd;
    if (q > widest) widest = q;
    /* activations, logits, attention scores, and the kernels' quantized/dequantized
     * copies of one batch of activations and weight tiles */
    mem.scratch = 4ull * ((uint64_t)n_batch * per_token + hp->n_vocab + 2ull * n_ctx * hp->n_heads +
                          (uint64_t)n_batch * widest + 64ull * widest);
    return mem;
}

int model_embed_token(const model_t *model, int32_t id, float *out)
{
    if (id < 0 || (uint32_t)id >= model->hp.n_vocab) return -1;
    uint64_t row_bytes = quant_row_bytes(model->token_embd.type, model->token_embd.cols);
    const uint8_t *row = (const uint8_t *)model->token_embd.data + (uint64_t)id * row_bytes;
    return quant_dequantize_row(model->token_embd.type, row, out, model->token_embd.cols) == 0
               ? 0
               : -1;
}
