/* sampler.h — picks the next token from a row of logits.
 *
 * Greedy (temperature 0) or random sampling with temperature, top-k, top-p (nucleus) and
 * min-p, applied in that order (top-k, top-p and min-p look at the tempered
 * distribution). An optional allowed-token bitmask, filled by the grammar engine, is
 * applied before anything else: bit (id % 32) of word (id / 32) set means token `id` may
 * be chosen. Randomness comes from the sampler's own seeded PRNG, so a seed reproduces a
 * run exactly and two samplers never share state. */
#ifndef ASSAY_SLM_SAMPLER_H
#define ASSAY_SLM_SAMPLER_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    float temperature; /* 0 (or below) = greedy: always the most likely allowed token */
    int top_k;         /* keep the k most likely tokens; 0 = off */
    float top_p;       /* keep the smallest set whose probability reaches p; 1 = off */
    float min_p;       /* drop tokens below min_p × the best token's probability; 0 = off */
    uint64_t seed;     /* PRNG seed */
} sampler_params_t;

/* llama.cpp's defaults: temperature 0.8, top-k 40, top-p 0.95, min-p 0.05, seed 0. */
sampler_params_t sampler_params_default(void);

typedef struct sampler sampler_t;

/* Creates a sampler for a vocabulary of vocab_size tokens. Parameters out of range
 * (negative top_k, top_p outside (0,1], min_p outside [0,1), vocab_size < 1) → -1 and a
 * message in err. The caller frees the sampler with sampler_free. */
int sampler_new(sampler_t **out, const sampler_params_t *params, int vocab_size, char *err,
                size_t err_size);
void sampler_free(sampler_t *sampler);

/* Chooses a token from logits (vocab_size,). allowed is NULL (everything allowed) or a
 * bitmask of (vocab_size + 31) / 32 words. Writes the id to *token; returns 0, or -1 when
 * no token is allowed (or every allowed logit is -inf / NaN). logits are not modified. */
int sampler_sample(sampler_t *sampler, const float *logits, const uint32_t *allowed,
                   int32_t *token);

/* Reseeds the PRNG (the same seed gives the same sequence of choices). */
void sampler_reseed(sampler_t *sampler, uint64_t seed);

/* The next PRNG value in [0, 1): exposed so tests can check the generator's range. */
double sampler_random_unit(sampler_t *sampler);

#endif
