/* ref_forward.c — plain float64 forward pass of llama / qwen2 / qwen3 (ref_forward.h).
 *
 * One token at a time, every weight dequantized up front into doubles, every step a plain
 * loop. The layer, for input x at position pos:
 *   h = rmsnorm(x) * attn_norm
 *   q = Wq h (+ bq), k = Wk h (+ bk), v = Wv h (+ bv)          qwen2 has the biases
 *   q, k per head: rmsnorm * q_norm / k_norm                    qwen3 only
 *   rotate q, k by pos (pairs (2i,2i+1) for llama, (i, i+rope_dim/2) for qwen)
 *   attention of each query head over the cached keys of its group's key head
 *   x += Wo attention;  x += Wdown (silu(Wgate h2) * Wup h2), h2 = rmsnorm(x) * ffn_norm
 * and at the end logits = Wout (rmsnorm(x) * output_norm). */
#include "tests/unit/helpers/ref_forward.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slm/gguf.h"
#include "slm/quant_ref.h"
#include "slm/tensor_type.h"

typedef struct {
    double *attn_norm, *wq, *wk, *wv, *wo, *bq, *bk, *bv, *q_norm, *k_norm;
    double *ffn_norm, *w_gate, *w_up, *w_down;
} ref_layer_t;

struct ref_model {
    int neox_rope, dim, n_layers, n_heads, n_kv_heads, head_dim, ff, vocab, rope_dim;
    double eps, rope_base, rope_scale;
    double *rope_freqs; /* (rope_dim / 2,) or NULL */
    double *embd, *output_norm, *output;
    ref_layer_t *layers;
    int max_ctx, pos;
    double *k_cache, *v_cache; /* (n_layers, max_ctx, n_kv_heads * head_dim) */
};

/* ---- loading --------------------------------------------------------------------------- */

static double *dequantize(const gguf_file_t *f, const char *name, char *err, size_t n)
{
    const gguf_tensor_t *t = gguf_find_tensor(f, name);
    if (!t) {
        snprintf(err, n, "ref: missing tensor %s", name);
        return NULL;
    }
    double *out = malloc(t->n_elements * sizeof *out);
    uint64_t row_len = t->ne[0], rows = t->n_elements / row_len;
    bool ok;
    uint64_t row_bytes = tensor_type_row_bytes(t->type, row_len, &ok);
    for (uint64_t r = 0; out && r < rows; r++) {
        const uint8_t *src = (const uint8_t *)t->data + r * row_bytes;
        if (quant_ref_dequantize_row(t->type, src, out + r * row_len, (int64_t)row_len) != 0) {
            snprintf(err, n, "ref: cannot dequantize %s", name);
            free(out);
            return NULL;
        }
    }
    return out;
}

static double *optional(const gguf_file_t *f, const char *name, char *err, size_t n)
{
    return gguf_find_tensor(f, name) ? dequantize(f, name, err, n) : NULL;
}

static int key_u32(const gguf_file_t *f, const char *arch, const char *key, int fallback)
{
    char full[128];
    uint32_t v;
    snprintf(full, sizeof full, "%s.%s", arch, key);
    return gguf_get_u32(f, full, &v) == 0 ? (int)v : fallback;
}

static double key_f32(const gguf_file_t *f, const char *arch, const char *key, double fallback)
{
    char full[128];
    float v;
    snprintf(full, sizeof full, "%s.%s", arch, key);
    return gguf_get_f32(f, full, &v) == 0 ? v : fallback;
}

int ref_model_load(ref_model_t **out, const char *path, int max_ctx, char *err,
                   size_t err_size)
{
    *out = NULL;
    gguf_file_t *f = NULL;
    if (gguf_open(&f, path, err, err_size) != 0) return -1;
    const char *arch = "";
    gguf_get_string(f, "general.architecture", &arch, NULL);
    ref_model_t *m = calloc(1, sizeof *m);
    m->neox_rope = strcmp(arch, "llama") != 0;
    m->dim = key_u32(f, arch, "embedding_length", 0);
    m->n_layers = key_u32(f, arch, "block_count", 0);
    m->n_heads = key_u32(f, arch, "attention.head_count", 1);
    m->n_kv_heads = key_u32(f, arch, "attention.head_count_kv", m->n_heads);
    m->head_dim = key_u32(f, arch, "attention.key_length", m->dim / m->n_heads);
    m->ff = key_u32(f, arch, "feed_forward_length", 0);
    m->rope_dim = key_u32(f, arch, "rope.dimension_count", m->head_dim);
    m->eps = key_f32(f, arch, "attention.layer_norm_rms_epsilon", 1e-5);
    m->rope_base = key_f32(f, arch, "rope.freq_base", 10000.0);
    m->rope_scale = 1.0 / key_f32(f, arch, "rope.scaling.factor", 1.0);
    m->vocab = (int)gguf_find_tensor(f, "token_embd.weight")->ne[1];
    m->max_ctx = max_ctx;

    int rc = 0;
    m->embd = dequantize(f, "token_embd.weight", err, err_size);
    m->output_norm = dequantize(f, "output_norm.weight", err, err_size);
    m->output = optional(f, "output.weight", err, err_size);
    m->rope_freqs = optional(f, "rope_freqs.weight", err, err_size);
    if (!m->embd || !m->output_norm) rc = -1;
    m->layers = calloc((size_t)m->n_layers, sizeof *m->layers);
    for (int il = 0; il < m->n_layers && rc == 0; il++) {
        ref_layer_t *l = &m->layers[il];
        char name[96];
#define T(field, suffix, required)                                              \
        snprintf(name, sizeof name, "blk.%d.%s", il, suffix);                   \
        l->field = required ? dequantize(f, name, err, err_size)               \
                            : optional(f, name, err, err_size);                \
        if (required && !l->field) rc = -1;
        T(attn_norm, "attn_norm.weight", 1) T(wq, "attn_q.weight", 1) T(wk, "attn_k.weight", 1)
        T(wv, "attn_v.weight", 1) T(wo, "attn_output.weight", 1) T(bq, "attn_q.bias", 0)
        T(bk, "attn_k.bias", 0) T(bv, "attn_v.bias", 0) T(q_norm, "attn_q_norm.weight", 0)
        T(k_norm, "attn_k_norm.weight", 0) T(ffn_norm, "ffn_norm.weight", 1)
        T(w_gate, "ffn_gate.weight", 1) T(w_up, "ffn_up.weight", 1)
        T(w_down, "ffn_down.weight", 1)
#undef T
    }
    gguf_close(f);
    size_t kv = (size_t)m->n_layers * max_ctx * m->n_kv_heads * m->head_dim;
    m->k_cache = calloc(kv, sizeof(double));
    m->v_cache = calloc(kv, sizeof(double));
    if (rc != 0 || !m->k_cache || !m->v_cache) {
        ref_model_free(m);
        return -1;
    }
    *out = m;
    return 0;
}

void ref_model_free(ref_model_t *m)
{
    if (!m) return;
    for (int il = 0; m->layers && il < m->n_layers; il++) {
        ref_layer_t *l = &m->layers[il];
        double *all[] = {l->attn_norm, l->wq, l->wk, l->wv, l->wo, l->bq, l->bk, l->bv,
                         l->q_norm, l->k_norm, l->ffn_norm, l->w_gate, l->w_up, l->w_down};
        for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) free(all[i]);
    }
    free(m->layers);
    free(m->embd);
    free(m->output_norm);
    free(m->output);
    free(m->rope_freqs);
    free(m->k_cache);
    free(m->v_cache);
    free(m);
}

int ref_model_vocab(const ref_model_t *m) { return m->vocab; }

void ref_model_reset(ref_model_t *m) { m->pos = 0; }

/* ---- the math -------------------------------------------------------------------------- */

static void rmsnorm(double *out, const double *x, const double *w, int n, double eps)
{
    double ss = 0;
    for (int i = 0; i < n; i++) ss += x[i] * x[i];
    double scale = 1.0 / sqrt(ss / n + eps);
    for (int i = 0; i < n; i++) out[i] = x[i] * scale * w[i];
}

/* out (rows,) = W (rows, cols) · x (cols,) */
static void matvec(double *out, const double *w, const double *x, int rows, int cols)
{
    for (int r = 0; r < rows; r++) {
        double s = 0;
        for (int c = 0; c < cols; c++) s += w[(size_t)r * cols + c] * x[c];
        out[r] = s;
    }
}

static void rotate(const ref_model_t *m, double *head, int pos)
{
    for (int i = 0; i < m->rope_dim / 2; i++) {
        double freq = pow(m->rope_base, -2.0 * i / m->rope_dim);
        if (m->rope_freqs) freq /= m->rope_freqs[i];
        double angle = pos * m->rope_scale * freq;
        int a = m->neox_rope ? i : 2 * i, b = m->neox_rope ? i + m->rope_dim / 2 : 2 * i + 1;
        double x0 = head[a], x1 = head[b];
        head[a] = x0 * cos(angle) - x1 * sin(angle);
        head[b] = x0 * sin(angle) + x1 * cos(angle);
    }
}

int ref_model_step(ref_model_t *m, int32_t token, double *logits)
{
    if (m->pos >= m->max_ctx || token < 0 || token >= m->vocab) return -1;
    int dim = m->dim, hd = m->head_dim, q_dim = m->n_heads * hd, kv_dim = m->n_kv_heads * hd;
    int pos = m->pos, group = m->n_heads / m->n_kv_heads;
    double *x = malloc(dim * sizeof *x), *h = malloc(dim * sizeof *h);
    double *q = malloc(q_dim * sizeof *q), *att = malloc(q_dim * sizeof *att);
    double *gate = malloc(m->ff * sizeof *gate), *up = malloc(m->ff * sizeof *up);
    double *scores = malloc((pos + 1) * sizeof *scores), *tmp = malloc(dim * sizeof *tmp);
    memcpy(x, m->embd + (size_t)token * dim, dim * sizeof *x);

    for (int il = 0; il < m->n_layers; il++) {
        const ref_layer_t *l = &m->layers[il];
        double *k = m->k_cache + ((size_t)il * m->max_ctx + pos) * kv_dim;
        double *v = m->v_cache + ((size_t)il * m->max_ctx + pos) * kv_dim;
        rmsnorm(h, x, l->attn_norm, dim, m->eps);
        matvec(q, l->wq, h, q_dim, dim);
        matvec(k, l->wk, h, kv_dim, dim);
        matvec(v, l->wv, h, kv_dim, dim);
        for (int i = 0; l->bq && i < q_dim; i++) q[i] += l->bq[i];
        for (int i = 0; l->bk && i < kv_dim; i++) k[i] += l->bk[i];
        for (int i = 0; l->bv && i < kv_dim; i++) v[i] += l->bv[i];
        for (int hq = 0; hq < m->n_heads; hq++) {
            if (l->q_norm) rmsnorm(q + hq * hd, q + hq * hd, l->q_norm, hd, m->eps);
            rotate(m, q + hq * hd, pos);
        }
        for (int hk = 0; hk < m->n_kv_heads; hk++) {
            if (l->k_norm) rmsnorm(k + hk * hd, k + hk * hd, l->k_norm, hd, m->eps);
            rotate(m, k + hk * hd, pos);
        }
        for (int hq = 0; hq < m->n_heads; hq++) {
            int hk = hq / group;
            double best = -INFINITY, sum = 0;
            for (int t = 0; t <= pos; t++) {
                const double *kt = m->k_cache + ((size_t)il * m->max_ctx + t) * kv_dim + hk * hd;
                double s = 0;
                for (int d = 0; d < hd; d++) s += q[hq * hd + d] * kt[d];
                scores[t] = s / sqrt((double)hd);
                if (scores[t] > best) best = scores[t];
            }
            for (int t = 0; t <= pos; t++) sum += scores[t] = exp(scores[t] - best);
            for (int d = 0; d < hd; d++) att[hq * hd + d] = 0;
            for (int t = 0; t <= pos; t++) {
                const double *vt = m->v_cache + ((size_t)il * m->max_ctx + t) * kv_dim + hk * hd;
                for (int d = 0; d < hd; d++) att[hq * hd + d] += scores[t] / sum * vt[d];
            }
        }
        matvec(tmp, l->wo, att, dim, q_dim);
        for (int i = 0; i < dim; i++) x[i] += tmp[i];

        rmsnorm(h, x, l->ffn_norm, dim, m->eps);
        matvec(gate, l->w_gate, h, m->ff, dim);
        matvec(up, l->w_up, h, m->ff, dim);
        for (int i = 0; i < m->ff; i++) gate[i] = gate[i] / (1.0 + exp(-gate[i])) * up[i];
        matvec(tmp, l->w_down, gate, dim, m->ff);
        for (int i = 0; i < dim; i++) x[i] += tmp[i];
    }
    rmsnorm(h, x, m->output_norm, dim, m->eps);
    matvec(logits, m->output ? m->output : m->embd, h, m->vocab, dim);
    m->pos++;
    free(x); free(h); free(q); free(att); free(gate); free(up); free(scores); free(tmp);
    return 0;
}

double ref_relative_error(const float *a, const double *b, size_t n)
{
    double max_diff = 0, max_ref = 0;
    for (size_t i = 0; i < n; i++) {
        double d = fabs((double)a[i] - b[i]);
        if (d > max_diff || isnan(d)) max_diff = isnan(d) ? INFINITY : d;
        if (fabs(b[i]) > max_ref) max_ref = fabs(b[i]);
    }
    return max_ref > 0 ? max_diff / max_ref : max_diff;
}
