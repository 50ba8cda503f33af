/* synth.h — writes GGUF models with random weights at the shapes of real models.
 *
 * The compute of a transformer does not depend on what its weights have learnt, so a
 * file with random weights (N(0, 0.02); norm weights N(1, 0.1)) at the exact shapes of
 * SmolLM2 or Qwen measures speed and memory as the real model would, without downloading
 * anything. Each file carries complete metadata, a ChatML chat template and a synthetic
 * SentencePiece vocabulary of the right size (<|im_start|>/<|im_end|>, byte tokens,
 * printable ASCII, then letter strings of growing length) so `assay model run` works on
 * it. Types: every plain type (f32 … q6_k) for all matrices, or llama.cpp's mixes
 * q4_k_m / q5_k_m (Q6_K for the output/tied embedding and for the attn_v and ffn_down of
 * the layers llama.cpp gives more bits). As in llama.cpp, a matrix whose rows are not a
 * multiple of 256 falls back from Q4_K/Q5_K/Q6_K to Q5_0/Q5_1/Q8_0. Tensor data is
 * generated while the file is written, so even the 1.5B shape needs little memory. */
#ifndef ASSAY_SLM_SYNTH_H
#define ASSAY_SLM_SYNTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "slm/model.h"

typedef struct {
    const char *name;    /* "smollm2-135m" */
    model_arch_t arch;
    uint32_t n_embd, n_layers, n_heads, n_kv_heads;
    uint32_t head_dim;   /* 0 = n_embd / n_heads */
    uint32_t n_ff, n_vocab, n_ctx;
    float rope_freq_base, rms_eps;
    bool tied_output;
    float rope_scaling_factor; /* > 1: linear RoPE scaling by this factor; 0 or 1: none */
    bool rope_freq_factors;    /* write a Llama-3 style rope_freqs.weight (factors 1 … 8) */
} synth_shape_t;

/* The built-in real shapes: smollm2-135m, smollm2-360m, qwen2.5-0.5b, qwen2.5-1.5b,
 * qwen3-0.6b. synth_shape_find returns NULL for an unknown name (case-insensitive). */
size_t synth_shape_count(void);
const synth_shape_t *synth_shape_at(size_t i);
const synth_shape_t *synth_shape_find(const char *name);

/* True when type_name is one synth_write accepts: f32 f16 bf16 q8_0 q4_0 q4_1 q5_0 q5_1
 * q4_k q5_k q6_k q4_k_m q5_k_m (case-insensitive). */
bool synth_type_valid(const char *type_name);

/* Writes a model of `shape` in `type_name` to path, weights drawn from seed. Returns 0, or
 * negative with a message naming the path (unknown type, bad shape, write failure). */
int synth_write(const synth_shape_t *shape, const char *type_name, uint64_t seed,
                const char *path, char *err, size_t err_size);

/* Bytes of tensor data the file will hold (what `model info` would report as weights). */
uint64_t synth_weight_bytes(const synth_shape_t *shape, const char *type_name);

#endif
