/* ref_forward.h — an independent float64 transformer forward pass, for tests only.
 *
 * Written for clarity from the architecture definitions (llama, qwen2, qwen3), sharing no
 * code with slm/'s forward pass: it reads the GGUF metadata itself, dequantizes every
 * weight with the scalar reference dequantizer (slm/quant_ref.h) into doubles, and runs
 * one token at a time with plain loops. Tests compare slm/'s logits against it. */
#ifndef ASSAY_TESTS_REF_FORWARD_H
#define ASSAY_TESTS_REF_FORWARD_H

#include <stddef.h>
#include <stdint.h>

typedef struct ref_model ref_model_t;

/* Loads path with a KV cache of max_ctx positions. Returns 0, or -1 with a message. */
int ref_model_load(ref_model_t **out, const char *path, int max_ctx, char *err,
                   size_t err_size);
void ref_model_free(ref_model_t *m);

int ref_model_vocab(const ref_model_t *m);

/* Forgets all positions (the next step is position 0). */
void ref_model_reset(ref_model_t *m);

/* Runs token at the next position and writes the logits (vocab,) to out.
 * Returns 0, or -1 when the context is full or token is out of range. */
int ref_model_step(ref_model_t *m, int32_t token, double *logits);

/* max |a - b| / max |b| over n values: the relative error the tests bound. */
double ref_relative_error(const float *a, const double *b, size_t n);

#endif
