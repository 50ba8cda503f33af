/* synth.c — random-weight GGUF models at real shapes, in any weight type (synth.h).
 *
 * The file is planned first (one entry per tensor: name, shape, type, what to fill it
 * with), then handed to the GGUF writer with a fill callback per tensor, so data is made
 * row by row — Gaussian floats from a seeded PRNG, quantized by quant_quantize_row — only
 * when the writer asks for it. */
#include "slm/synth.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "slm/gguf.h"
#include "slm/quant.h"

/* Real shapes, from the models' published configurations (config.json). */
static const synth_shape_t shapes[] = {
    {.name = "smollm2-135m", .arch = MODEL_ARCH_LLAMA, .n_embd = 576, .n_layers = 30,
     .n_heads = 9, .n_kv_heads = 3, .n_ff = 1536, .n_vocab = 49152, .n_ctx = 8192,
     .rope_freq_base = 1e5f, .rms_eps = 1e-5f, .tied_output = true},
    {.name = "smollm2-360m", .arch = MODEL_ARCH_LLAMA, .n_embd = 960, .n_layers = 32,
     .n_heads = 15, .n_kv_heads = 5, .n_ff = 2560, .n_vocab = 49152, .n_ctx = 8192,
     .rope_freq_base = 1e5f, .rms_eps = 1e-5f, .tied_output = true},
    {.name = "qwen2.5-0.5b", .arch = MODEL_ARCH_QWEN2, .n_embd = 896, .n_layers = 24,
     .n_heads = 14, .n_kv_heads = 2, .n_ff = 4864, .n_vocab = 151936, .n_ctx = 32768,
     .rope_freq_base = 1e6f, .rms_eps = 1e-6f, .tied_output = true},
    {.name = "qwen2.5-1.5b", .arch = MODEL_ARCH_QWEN2, .n_embd = 1536, .n_layers = 28,
     .n_heads = 12, .n_kv_heads = 2, .n_ff = 8960, .n_vocab = 151936, .n_ctx = 32768,
     .rope_freq_base = 1e6f, .rms_eps = 1e-6f, .tied_output = true},
    {.name = "qwen3-0.6b", .arch = MODEL_ARCH_QWEN3, .n_embd = 1024, .n_layers = 28,
     .n_heads = 16, .n_kv_heads = 8, .head_dim = 128, .n_ff = 3072, .n_vocab = 151936,
     .n_ctx = 40960, .rope_freq_base = 1e6f, .rms_eps = 1e-6f, .tied_output = true},
};

size_t synth_shape_count(void) { return sizeof shapes / sizeof shapes[0]; }

const synth_shape_t *synth_shape_at(size_t i)
{
    return i < synth_shape_count() ? &shapes[i] : NULL;
}

const synth_shape_t *synth_shape_find(const char *name)
{
    for (size_t i = 0; i < synth_shape_count(); i++)
        if (strcasecmp(shapes[i].name, name) == 0) return &shapes[i];
    return NULL;
}

/* ---- weight types ---------------------------------------------------------------------- */

typedef enum {
    ROLE_NORM, ROLE_BIAS, ROLE_EMBD, ROLE_OUTPUT, ROLE_ATTN_V, ROLE_FFN_DOWN, ROLE_OTHER,
    ROLE_ROPE_FREQS
} role_t;

typedef struct {
    uint32_t base; /* tensor_type_t of most matrices */
    bool k_mix;    /* q4_k_m / q5_k_m: some tensors in Q6_K */
} synth_type_t;

static int parse_type(const char *name, synth_type_t *out)
{
    out->k_mix = false;
    if (strcasecmp(name, "q4_k_m") == 0 || strcasecmp(name, "q5_k_m") == 0) {
        out->base = tolower((unsigned char)name[1]) == '4' ? TENSOR_Q4_K : TENSOR_Q5_K;
        out->k_mix = true;
        return 0;
    }
    tensor_type_t t;
    if (tensor_type_parse(name, &t) != 0 || !quant_type_supported(t)) return -1;
    out->base = t;
    return 0;
}

bool synth_type_valid(const char *type_name)
{
    synth_type_t t;
    return parse_type(type_name, &t) == 0;
}

/* llama.cpp's use_more_bits: the first and last eighth of the layers, and every third
 * layer in between, get more bits in the _M mixes. */
static bool use_more_bits(uint32_t layer, uint32_t n_layers)
{
    return layer < n_layers / 8 || layer >= 7 * n_layers / 8 ||
           (layer - n_layers / 8) % 3 == 2;
}

static uint32_t choose_type(const synth_type_t *st, role_t role, uint32_t layer,
                            const synth_shape_t *shape, uint64_t cols)
{
    if (role == ROLE_NORM || role == ROLE_BIAS || role == ROLE_ROPE_FREQS) return TENSOR_F32;
    uint32_t t = st->base;
    if (st->k_mix) {
        if (role == ROLE_OUTPUT || (role == ROLE_EMBD && shape->tied_output)) t = TENSOR_Q6_K;
        else if ((role == ROLE_ATTN_V || role == ROLE_FFN_DOWN) &&
                 use_more_bits(layer, shape->n_layers))
            t = TENSOR_Q6_K;
    }
    if (cols % 256 != 0) { /* llama.cpp's fallbacks for rows K-quants cannot hold */
        if (t == TENSOR_Q4_K) t = TENSOR_Q5_0;
        else if (t == TENSOR_Q5_K) t = TENSOR_Q5_1;
        else if (t == TENSOR_Q6_K) t = TENSOR_Q8_0;
    }
    return t;
}

/* ---- the plan -------------------------------------------------------------------------- */

typedef struct {
    char name[64];
    uint32_t type;
    uint32_t n_dims;
    uint64_t ne[2];   /* ne[0] = row length */
    role_t role;
    uint64_t seed;
} planned_tensor_t;

typedef struct {
    planned_tensor_t *t;
    size_t n, cap;
} plan_t;

static int plan_add(plan_t *p, const char *name, role_t role, uint32_t layer, uint64_t cols,
                    uint64_t rows, const synth_shape_t *shape, const synth_type_t *st,
                    uint64_t seed)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        planned_tensor_t *t = realloc(p->t, cap * sizeof *t);
        if (!t) return -1;
        p->t = t;
        p->cap = cap;
    }
    planned_tensor_t *e = &p->t[p->n];
    snprintf(e->name, sizeof e->name, "%s", name);
    e->role = role;
    e->n_dims = rows ? 2 : 1;
    e->ne[0] = cols;
    e->ne[1] = rows ? rows : 1;
    e->type = choose_type(st, role, layer, shape, cols);
    e->seed = seed ^ (0x9e3779b97f4a7c15ULL * (p->n + 1));
    p->n++;
    return 0;
}

static int make_plan(plan_t *p, const synth_shape_t *s, const synth_type_t *st, uint64_t seed)
{
    uint64_t hd = s->head_dim ? s->head_dim : s->n_embd / s->n_heads;
    uint64_t q = s->n_heads * hd, kv = s->n_kv_heads * hd, d = s->n_embd;
    bool biases = s->arch == MODEL_ARCH_QWEN2, qk_norm = s->arch == MODEL_ARCH_QWEN3;
    int rc = plan_add(p, "token_embd.weight", ROLE_EMBD, 0, d, s->n_vocab, s, st, seed);
    rc |= plan_add(p, "output_norm.weight", ROLE_NORM, 0, d, 0, s, st, seed);
    if (!s->tied_output)
        rc |= plan_add(p, "output.weight", ROLE_OUTPUT, 0, d, s->n_vocab, s, st, seed);
    if (s->rope_freq_factors)
        rc |= plan_add(p, "rope_freqs.weight", ROLE_ROPE_FREQS, 0, hd / 2, 0, s, st, seed);
    char n[64];
    for (uint32_t l = 0; l < s->n_layers && rc == 0; l++) {
#define ADD(suffix, role, cols, rows)                 \
        (snprintf(n, sizeof n, "blk.%u." suffix, l), \
         plan_add(p, n, role, l, cols, rows, s, st, seed))
        rc |= ADD("attn_norm.weight", ROLE_NORM, d, 0);
        rc |= ADD("attn_q.weight", ROLE_OTHER, d, q);
        rc |= ADD("attn_k.weight", ROLE_OTHER, d, kv);
        rc |= ADD("attn_v.weight", ROLE_ATTN_V, d, kv);
        rc |= ADD("attn_output.weight", ROLE_OTHER, q, d);
        if (biases) {
            rc |= ADD("attn_q.bias", ROLE_BIAS, q, 0);
            rc |= ADD("attn_k.bias", ROLE_BIAS, kv, 0);
            rc |= ADD("attn_v.bias", ROLE_BIAS, kv, 0);
        }
        if (qk_norm) {
            rc |= ADD("attn_q_norm.weight", ROLE_NORM, hd, 0);
            rc |= ADD("attn_k_norm.weight", ROLE_NORM, hd, 0);
        }
        rc |= ADD("ffn_norm.weight", ROLE_NORM, d, 0);
        rc |= ADD("ffn_gate.weight", ROLE_OTHER, d, s->n_ff);
        rc |= ADD("ffn_up.weight", ROLE_OTHER, d, s->n_ff);
        rc |= ADD("ffn_down.weight", ROLE_FFN_DOWN, s->n_ff, d);
#undef ADD
    }
    return rc ? -1 : 0;
}

static uint64_t planned_bytes(const planned_tensor_t *t)
{
    bool ok;
    return tensor_type_row_bytes(t->type, t->ne[0], &ok) * t->ne[1];
}

uint64_t synth_weight_bytes(const synth_shape_t *shape, const char *type_name)
{
    synth_type_t st;
    plan_t p = {0};
    uint64_t total = 0;
    if (parse_type(type_name, &st) == 0 && make_plan(&p, shape, &st, 0) == 0)
        for (size_t i = 0; i < p.n; i++) total += planned_bytes(&p.t[i]);
    free(p.t);
    return total;
}

/* ---- random data ----------------------------------------------------------------------- */

static uint64_t next_u64(uint64_t *state) /* splitmix64 */
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Two independent N(0, 1) values by the Box-Muller transform. */
static void gaussian_pair(uint64_t *state, float *a, float *b)
{
    double u1 = ((next_u64(state) >> 11) + 1.0) * (1.0 / 9007199254740993.0); /* (0, 1] */
    double u2 = (next_u64(state) >> 11) * (1.0 / 9007199254740992.0);
    double r = sqrt(-2.0 * log(u1));
    *a = (float)(r * cos(2 * M_PI * u2));
    *b = (float)(r * sin(2 * M_PI * u2));
}

typedef struct {
    const planned_tensor_t *t;
    float *row; /* (ne[0],) scratch shared by all tensors: the writer fills one at a time */
} fill_ctx_t;

/* Fills the rows of one chunk. Each row draws from its own seed (tensor seed, row index),
 * so the data does not depend on how the writer splits the tensor into chunks. */
static int fill_tensor(void *ctx, void *dst, uint64_t offset, uint64_t size)
{
    const fill_ctx_t *fc = ctx;
    const planned_tensor_t *t = fc->t;
    uint64_t cols = t->ne[0];
    bool ok;
    uint64_t row_bytes = tensor_type_row_bytes(t->type, cols, &ok);
    if (!ok || row_bytes == 0 || offset % row_bytes != 0 || size % row_bytes != 0) return -1;
    if (t->role == ROLE_ROPE_FREQS) { /* one row: divisors rising from 1 to 8 */
        for (uint64_t c = 0; c < cols; c++)
            fc->row[c] = 1.0f + 7.0f * (float)c / (float)(cols > 1 ? cols - 1 : 1);
        return quant_quantize_row(t->type, fc->row, dst, (int64_t)cols) == 0 ? 0 : -1;
    }
    float mean = t->role == ROLE_NORM ? 1.0f : 0.0f;
    float std = t->role == ROLE_NORM ? 0.1f : 0.02f;
    uint64_t first = offset / row_bytes, n_rows = size / row_bytes;
    for (uint64_t r = 0; r < n_rows; r++) {
        uint64_t state = t->seed ^ ((first + r + 1) * 0xd1b54a32d192ed03ULL);
        for (uint64_t c = 0; c < cols; c += 2) {
            float a, b;
            gaussian_pair(&state, &a, &b);
            fc->row[c] = mean + std * a;
            if (c + 1 < cols) fc->row[c + 1] = mean + std * b;
        }
        if (quant_quantize_row(t->type, fc->row, (uint8_t *)dst + r * row_bytes,
                               (int64_t)cols) != 0)
            return -1;
    }
    return 0;
}

/* ---- vocabulary ------------------------------------------------------------------------ */

/* The ChatML layout SmolLM2 and Qwen use, as a Jinja program (`model run --chat`). */
static const char chatml_template[] =
    "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + "
    "message['content'] + '<|im_end|>\\n' }}{% endfor %}{% if add_generation_prompt %}"
    "{{ '<|im_start|>assistant\\n' }}{% endif %}";

/* Appends letter strings of length len (a..z), with the '▁' word-start prefix or without,
 * to tokens[*i..n); returns when n is reached or every string of that length is in. */
static void add_letter_pieces(char **tokens, int32_t *types, uint32_t *i, uint32_t n, int len,
                              bool word_start)
{
    int digits[8] = {0};
    char buf[32];
    while (*i < n) {
        int at = snprintf(buf, sizeof buf, "%s", word_start ? "\xe2\x96\x81" : "");
        for (int d = 0; d < len; d++) buf[at++] = (char)('a' + digits[d]);
        buf[at] = '\0';
        tokens[*i] = strdup(buf);
        types[(*i)++] = 1; /* normal */
        int d = len - 1; /* next combination, like an odometer */
        while (d >= 0 && ++digits[d] == 26) digits[d--] = 0;
        if (d < 0) return;
    }
}

/* A SentencePiece vocabulary of exactly n tokens: <unk> <s> </s> <|im_start|> <|im_end|>,
 * the 256 byte tokens, printable ASCII, '▁', then letter strings of growing length with
 * and without '▁' ("▁ab", "ab", "▁abc", ...) — every token decodes to visible text. */
static int add_vocab(gguf_writer_t *w, uint32_t n)
{
    char **tokens = calloc(n, sizeof *tokens);
    float *scores = malloc(n * sizeof *scores);
    int32_t *types = malloc(n * sizeof *types);
    int rc = -1;
    if (!tokens || !scores || !types) goto done;
    static const char *const specials[] = {"<unk>", "<s>", "</s>", "<|im_start|>",
                                           "<|im_end|>"};
    char buf[32];
    uint32_t i = 0;
    for (; i < 5; i++) {
        tokens[i] = strdup(specials[i]);
        types[i] = i == 0 ? 2 : 3; /* unknown, control */
    }
    for (int b = 0; b < 256 && i < n; b++, i++) {
        snprintf(buf, sizeof buf, "<0x%02X>", b);
        tokens[i] = strdup(buf);
        types[i] = 6; /* byte */
    }
    for (int c = 33; c < 127 && i < n; c++, i++) {
        snprintf(buf, sizeof buf, "%c", c);
        tokens[i] = strdup(buf);
        types[i] = 1;
    }
    if (i < n) {
        tokens[i] = strdup("\xe2\x96\x81");
        types[i++] = 1;
    }
    add_letter_pieces(tokens, types, &i, n, 1, true);
    for (int len = 2; len <= 6 && i < n; len++) {
        add_letter_pieces(tokens, types, &i, n, len, true);
        add_letter_pieces(tokens, types, &i, n, len, false);
    }
    for (uint32_t u = 0; i < n; u++, i++) { /* only past 600 million tokens */
        snprintf(buf, sizeof buf, "<unused_%u>", u);
        tokens[i] = strdup(buf);
        types[i] = 5;
    }
    for (i = 0; i < n; i++) {
        if (!tokens[i]) goto done;
        scores[i] = -(float)i;
    }
    if (gguf_writer_set_string(w, "tokenizer.ggml.model", "llama") ||
        gguf_writer_set_string_array(w, "tokenizer.ggml.tokens", (const char *const *)tokens,
                                     NULL, n) ||
        gguf_writer_set_array(w, "tokenizer.ggml.scores", GGUF_TYPE_FLOAT32, scores, n) ||
        gguf_writer_set_array(w, "tokenizer.ggml.token_type", GGUF_TYPE_INT32, types, n) ||
        gguf_writer_set_u32(w, "tokenizer.ggml.unknown_token_id", 0) ||
        gguf_writer_set_u32(w, "tokenizer.ggml.bos_token_id", 1) ||
        gguf_writer_set_u32(w, "tokenizer.ggml.eos_token_id", 2) ||
        gguf_writer_set_string(w, "tokenizer.chat_template", chatml_template))
        goto done;
    rc = 0;
done:
    for (i = 0; tokens && i < n; i++) free(tokens[i]);
    free(tokens);
    free(scores);
    free(types);
    return rc;
}

/* ---- writing --------------------------------------------------------------------------- */

static int add_hparams(gguf_writer_t *w, const synth_shape_t *s)
{
    const char *arch = model_arch_name(s->arch);
    uint32_t hd = s->head_dim ? s->head_dim : s->n_embd / s->n_heads;
    char key[96];
    int rc = gguf_writer_set_string(w, "general.architecture", arch);
    rc |= gguf_writer_set_string(w, "general.name", s->name);
#define U32(suffix, v) \
    (snprintf(key, sizeof key, "%s." suffix, arch), gguf_writer_set_u32(w, key, v))
#define F32(suffix, v) \
    (snprintf(key, sizeof key, "%s." suffix, arch), gguf_writer_set_f32(w, key, v))
    rc |= U32("context_length", s->n_ctx);
    rc |= U32("embedding_length", s->n_embd);
    rc |= U32("block_count", s->n_layers);
    rc |= U32("feed_forward_length", s->n_ff);
    rc |= U32("attention.head_count", s->n_heads);
    rc |= U32("attention.head_count_kv", s->n_kv_heads);
    rc |= U32("attention.key_length", hd);
    rc |= U32("attention.value_length", hd);
    rc |= U32("rope.dimension_count", hd);
    rc |= F32("attention.layer_norm_rms_epsilon", s->rms_eps);
    rc |= F32("rope.freq_base", s->rope_freq_base);
    if (s->rope_scaling_factor > 1.0f) {
        snprintf(key, sizeof key, "%s.rope.scaling.type", arch);
        rc |= gguf_writer_set_string(w, key, "linear");
        rc |= F32("rope.scaling.factor", s->rope_scaling_factor);
    }
#undef U32
#undef F32
    return rc ? -1 : 0;
}

int synth_write(const synth_shape_t *shape, const char *type_name, uint64_t seed,
                const char *path, char *err, size_t err_size)
{
    synth_type_t st;
    if (parse_type(type_name, &st) != 0) {
        snprintf(err, err_size, "%s: unknown or unsupported weight type '%s' (f32 f16 bf16 "
                 "q8_0 q4_0 q4_1 q5_0 q5_1 q4_k q5_k q6_k q4_k_m q5_k_m)", path, type_name);
        return -1;
    }
    uint32_t hd = shape->head_dim ? shape->head_dim : shape->n_embd / shape->n_heads;
    if (shape->n_embd == 0 || shape->n_layers == 0 || shape->n_heads == 0 ||
        shape->n_kv_heads == 0 || shape->n_heads % shape->n_kv_heads != 0 || hd == 0 ||
        hd % 2 != 0 || shape->n_ff == 0 || shape->n_vocab < 261) {
        snprintf(err, err_size, "%s: invalid shape '%s' (vocabulary needs at least 261 "
                 "tokens; heads a multiple of kv heads; even head size)", path, shape->name);
        return -1;
    }
    plan_t plan = {0};
    gguf_writer_t *w = NULL;
    fill_ctx_t *ctx = NULL;
    float *row = NULL;
    int rc = -1;
    if (make_plan(&plan, shape, &st, seed) != 0 || gguf_writer_new(&w) != 0) {
        snprintf(err, err_size, "%s: out of memory", path);
        goto done;
    }
    uint64_t widest = 0;
    for (size_t i = 0; i < plan.n; i++) {
        const tensor_type_info_t *info = tensor_type_info(plan.t[i].type);
        if (plan.t[i].ne[0] % info->block_size != 0) {
            snprintf(err, err_size, "%s: tensor '%s' rows of %llu cannot be stored as %s "
                     "(blocks of %u)", path, plan.t[i].name,
                     (unsigned long long)plan.t[i].ne[0], info->name, info->block_size);
            goto done;
        }
        if (plan.t[i].ne[0] > widest) widest = plan.t[i].ne[0];
    }
    ctx = calloc(plan.n, sizeof *ctx);
    row = malloc((widest + 1) * sizeof *row);
    if (!ctx || !row || add_hparams(w, shape) != 0 || add_vocab(w, shape->n_vocab) != 0) {
        snprintf(err, err_size, "%s: cannot build the metadata (out of memory)", path);
        goto done;
    }
    for (size_t i = 0; i < plan.n; i++) {
        ctx[i].t = &plan.t[i];
        ctx[i].row = row;
        if (gguf_writer_add_tensor_fill(w, plan.t[i].name, plan.t[i].type, plan.t[i].n_dims,
                                        plan.t[i].ne, planned_bytes(&plan.t[i]), fill_tensor,
                                        &ctx[i]) != 0) {
            snprintf(err, err_size, "%s: cannot add tensor '%s'", path, plan.t[i].name);
            goto done;
        }
    }
    rc = gguf_writer_write_file(w, path, err, err_size) == 0 ? 0 : -1;
done:
    gguf_writer_free(w);
    free(ctx);
    free(row);
    free(plan.t);
    return rc;
}
