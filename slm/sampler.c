/* sampler.c — token choice from logits: greedy, temperature, top-k, top-p, min-p (sampler.h).
 *
 * The one idea: never sort the whole vocabulary when a cheaper bound exists. Top-k keeps k
 * candidates by quickselect on the raw logits (before any exponential); top-p first drops every token whose probability is below
 * (1 - top_p) / n — together those hold less than 1 - top_p of the mass, so the nucleus
 * cannot reach them — and sorts only the rest. The PRNG is xoshiro256** seeded through
 * splitmix64, held in the sampler (no global state). */
#include "slm/sampler.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
    float p;    /* unnormalised probability exp((logit - max) / T) */
    int32_t id; /* token id */
} candidate_t;

struct sampler {
    sampler_params_t params;
    int vocab_size;
    candidate_t *candidates; /* (vocab_size,) scratch */
    uint64_t rng[4];         /* xoshiro256** state */
};

sampler_params_t sampler_params_default(void)
{
    sampler_params_t p = {.temperature = 0.8f, .top_k = 40, .top_p = 0.95f, .min_p = 0.05f,
                          .seed = 0};
    return p;
}

/* ---- PRNG ------------------------------------------------------------------------------ */

static uint64_t splitmix64_next(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t rotl64(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t rng_next(uint64_t s[4])
{
    uint64_t result = rotl64(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl64(s[3], 45);
    return result;
}

void sampler_reseed(sampler_t *sampler, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++) sampler->rng[i] = splitmix64_next(&x);
}

double sampler_random_unit(sampler_t *sampler)
{
    return (double)(rng_next(sampler->rng) >> 11) * (1.0 / 9007199254740992.0); /* 2^-53 */
}

/* ---- life cycle ------------------------------------------------------------------------ */

int sampler_new(sampler_t **out, const sampler_params_t *params, int vocab_size, char *err,
                size_t err_size)
{
    *out = NULL;
    const char *bad = NULL;
    if (vocab_size < 1) bad = "vocabulary size must be at least 1";
    else if (params->top_k < 0) bad = "top-k must be 0 (off) or positive";
    else if (!(params->top_p > 0.0f && params->top_p <= 1.0f)) bad = "top-p must be in (0, 1]";
    else if (!(params->min_p >= 0.0f && params->min_p < 1.0f)) bad = "min-p must be in [0, 1)";
    else if (isnan(params->temperature)) bad = "temperature is not a number";
    if (bad) {
        snprintf(err, err_size, "sampler: %s", bad);
        return -1;
    }
    sampler_t *s = calloc(1, sizeof *s);
    if (s) s->candidates = malloc((size_t)vocab_size * sizeof *s->candidates);
    if (!s || !s->candidates) {
        free(s);
        snprintf(err, err_size, "sampler: out of memory for %d candidates", vocab_size);
        return -1;
    }
    s->params = *params;
    s->vocab_size = vocab_size;
    sampler_reseed(s, params->seed);
    *out = s;
    return 0;
}

void sampler_free(sampler_t *sampler)
{
    if (!sampler) return;
    free(sampler->candidates);
    free(sampler);
}

/* ---- selection helpers ----------------------------------------------------------------- */

/* Orders by probability, highest first; ties by the lower id, so results are deterministic. */
static int candidate_before(const candidate_t *a, const candidate_t *b)
{
    return a->p > b->p || (a->p == b->p && a->id < b->id);
}

static int candidate_compare(const void *pa, const void *pb)
{
    const candidate_t *a = pa, *b = pb;
    if (candidate_before(a, b)) return -1;
    if (candidate_before(b, a)) return 1;
    return 0;
}

/* Rearranges c[0..n) so that its k best candidates come first (in no order). */
static void select_best(candidate_t *c, size_t n, size_t k)
{
    size_t lo = 0, hi = n; /* the k-th position lies in [lo, hi) */
    while (hi - lo > 1) {
        candidate_t pivot = c[lo + (hi - 1 - lo) / 2]; /* never the last: j < hi-1 */
        size_t i = lo, j = hi - 1;
        for (;;) { /* Hoare partition around the pivot */
            while (candidate_before(&c[i], &pivot)) i++;
            while (candidate_before(&pivot, &c[j])) j--;
            if (i >= j) break;
            candidate_t t = c[i];
            c[i] = c[j];
            c[j] = t;
            i++;
            j--;
        }
        if (k <= j) hi = j + 1; /* c[lo..j] are all ≥ c[j+1..hi) */
        else lo = j + 1;
        if (lo >= k || hi <= k) break;
    }
}

static int allowed_bit(const uint32_t *allowed, int32_t id)
{
    return !allowed || ((allowed[id >> 5] >> (id & 31)) & 1u);
}

/* ---- sampling -------------------------------------------------------------------------- */

int sampler_sample(sampler_t *sampler, const float *logits, const uint32_t *allowed,
                   int32_t *token)
{
    const sampler_params_t *prm = &sampler->params;
    /* Most likely allowed token (lowest id on ties); -inf and NaN never qualify. */
    int32_t best = -1;
    float best_logit = -INFINITY;
    for (int32_t i = 0; i < sampler->vocab_size; i++) {
        if (!allowed_bit(allowed, i) || !(logits[i] > -INFINITY)) continue;
        if (best < 0 || logits[i] > best_logit) {
            best = i;
            best_logit = logits[i];
        }
    }
    if (best < 0) return -1;
    if (prm->temperature <= 0.0f || isinf(best_logit)) {
        *token = best;
        return 0;
    }

    /* Allowed candidates; with top-k, the k best are picked on the raw logits (the order
     * is the same), so only k exponentials are computed. */
    candidate_t *c = sampler->candidates;
    size_t n = 0;
    for (int32_t i = 0; i < sampler->vocab_size; i++) {
        if (!allowed_bit(allowed, i) || !(logits[i] > -INFINITY)) continue;
        c[n].p = logits[i];
        c[n].id = i;
        n++;
    }
    if (prm->top_k > 0 && (size_t)prm->top_k < n) {
        select_best(c, n, (size_t)prm->top_k);
        n = (size_t)prm->top_k;
    }
    /* Tempered, unnormalised probabilities exp((logit - max) / T). */
    double total = 0.0;
    float inv_t = 1.0f / prm->temperature;
    for (size_t i = 0; i < n; i++) {
        c[i].p = expf((c[i].p - best_logit) * inv_t);
        total += c[i].p;
    }
    /* Top-p prefilter when no top-k bounded the set; then sort what is left, best first. */
    if (!(prm->top_k > 0) && prm->top_p < 1.0f) {
        double floor_p = total * (1.0 - prm->top_p) / (double)n;
        size_t kept = 0;
        for (size_t i = 0; i < n; i++)
            if (c[i].p >= floor_p) c[kept++] = c[i];
        n = kept; /* total stays that of the whole distribution: top-p needs it */
    }
    qsort(c, n, sizeof *c, candidate_compare);

    if (prm->top_p < 1.0f) {
        double need = prm->top_p * total, sum = 0.0;
        size_t keep = 0;
        while (keep < n) {
            sum += c[keep++].p;
            if (sum >= need) break;
        }
        n = keep;
    }
    if (prm->min_p > 0.0f) {
        float limit = prm->min_p * c[0].p;
        size_t keep = 1;
        while (keep < n && c[keep].p >= limit) keep++;
        n = keep;
    }

    double sum = 0.0;
    for (size_t i = 0; i < n; i++) sum += c[i].p;
    double r = sampler_random_unit(sampler) * sum;
    for (size_t i = 0; i < n; i++) {
        r -= c[i].p;
        if (r < 0.0) {
            *token = c[i].id;
            return 0;
        }
    }
    *token = c[n - 1].id; /* rounding left r a hair above zero */
    return 0;
}
