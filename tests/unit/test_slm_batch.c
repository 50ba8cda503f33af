/* test_slm_batch.c — sequences decoded together (slm/batch.h) give what each gives alone.
 *
 * The reference for a sequence is a session (slm/session.h) with the same options that
 * evaluates the prefix, then prefix + suffix, then appends its greedy tokens one by one.
 * The batch runs several such sequences on tiny random-weight models written at test
 * time: fewer slots than sequences (5 or 10 of 11, or 1), so sequences join as others end, each ending after
 * its own number of tokens (as the grammar would end them), so the batch grows and shrinks.
 * Every greedy token must be the reference's, and every row of logits must equal it bit
 * for bit (the batch promises the same arithmetic per token), on the scalar and the
 * native kernel paths, with F16 and F32 caches, in float and quantized weights (the
 * quantized ones on the native path would take the int8 GEMM for 4 or more tokens if the
 * batch did not keep its decode steps per row).
 *
 * Tolerance comparisons: against a session that evaluates the whole prompt in one go (no
 * prefix reuse: different batches, so the prompt's matrix products and attention tiles
 * round differently), and for forward_eval_segments running several multi-token
 * segments in one pass against one pass each. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "slm/batch.h"
#include "slm/forward.h"
#include "slm/model.h"
#include "slm/session.h"
#include "slm/synth.h"
#include "tests/unit/helpers/temp_dir.h"

static char dir[256];

static int setup(void **state)
{
    (void)state;
    return temp_dir_make(dir, sizeof dir, "batch");
}

static int teardown(void **state)
{
    (void)state;
    return temp_dir_remove(dir);
}

/* GQA (4 query heads on 2 key/value heads), separate output */
static const synth_shape_t llama_shape = {"batch-llama", MODEL_ARCH_LLAMA, 64, 2, 4, 2, 0, 96,
                                          320, 512, 10000.0f, 1e-5f, false, 0.0f, false};
/* biases, NeoX RoPE, tied output */
static const synth_shape_t qwen2_shape = {"batch-qwen2", MODEL_ARCH_QWEN2, 64, 2, 4, 1, 0, 128,
                                          320, 512, 1000000.0f, 1e-6f, true, 0.0f, false};
/* Q/K norms, head size 32 with 4 heads on a 64-wide model */
static const synth_shape_t qwen3_shape = {"batch-qwen3", MODEL_ARCH_QWEN3, 64, 2, 4, 2, 32, 96,
                                          320, 512, 1000000.0f, 1e-6f, true, 0.0f, false};
/* rows of 256, so every K-quant applies (and the int8 GEMM exists for them) */
static const synth_shape_t quant_shape = {"batch-quant", MODEL_ARCH_LLAMA, 256, 2, 4, 2, 0, 512,
                                          320, 512, 10000.0f, 1e-5f, false, 0.0f, false};

static model_t *load_model(const synth_shape_t *shape, const char *type)
{
    char path[512], err[256];
    snprintf(path, sizeof path, "%s/%s-%s.gguf", dir, shape->name, type);
    if (synth_write(shape, type, 4321, path, err, sizeof err) != 0) fail_msg("synth: %s", err);
    model_t *m = NULL;
    if (model_load(&m, path, err, sizeof err) != 0) fail_msg("load: %s", err);
    return m;
}

static int32_t argmax(const float *x, uint32_t n)
{
    uint32_t best = 0;
    for (uint32_t i = 1; i < n; i++)
        if (x[i] > x[best]) best = i;
    return (int32_t)best;
}

/* max |a - b| / max |b| */
static double relative_error(const float *a, const float *b, uint32_t n)
{
    double diff = 0, ref = 0;
    for (uint32_t i = 0; i < n; i++) {
        diff = fmax(diff, fabs((double)a[i] - b[i]));
        ref = fmax(ref, fabs((double)b[i]));
    }
    return ref > 0 ? diff / ref : diff;
}

enum { N_SEQUENCES = 11, MAX_STEPS = 14, PREFIX = 37, N_CTX = 96, N_BATCH = 16 };

/* One sequence of a scenario: its suffix and how many tokens it generates. */
typedef struct {
    int32_t suffix[40];
    size_t n_suffix;
    int n_generate;
    /* the reference's results */
    int32_t want[MAX_STEPS];
    float *want_logits; /* (n_generate, n_vocab) logits each token was chosen from */
} scenario_seq_t;

typedef struct {
    int32_t prefix[PREFIX];
    scenario_seq_t seqs[N_SEQUENCES];
} scenario_t;

static void scenario_init(scenario_t *sc, uint32_t vocab)
{
    for (int i = 0; i < PREFIX; i++) sc->prefix[i] = (int32_t)((i * 7919 + 13) % vocab);
    for (int s = 0; s < N_SEQUENCES; s++) {
        scenario_seq_t *q = &sc->seqs[s];
        /* suffix lengths 1 .. 33 cross the batch size of 16 (several batches) */
        q->n_suffix = (size_t)(1 + (s * 11) % 34);
        for (size_t i = 0; i < q->n_suffix; i++)
            q->suffix[i] = (int32_t)((s * 131 + (int)i * 53 + 7) % vocab);
        q->n_generate = 2 + (s * 5) % (MAX_STEPS - 1);
        q->want_logits = NULL;
    }
}

static void scenario_free(scenario_t *sc)
{
    for (int s = 0; s < N_SEQUENCES; s++) free(sc->seqs[s].want_logits);
}

static session_options_t session_opts(bool scalar, kv_cache_type_t kv)
{
    return (session_options_t){.n_ctx = N_CTX, .n_batch = N_BATCH, .n_threads = 2,
                               .force_scalar = scalar, .kv_type = kv};
}

/* Each sequence alone, in a fresh session: prefix, then prefix + suffix, then greedy. */
static void run_alone(const model_t *m, scenario_t *sc, bool scalar, kv_cache_type_t kv)
{
    char err[256];
    uint32_t vocab = m->hp.n_vocab;
    session_options_t so = session_opts(scalar, kv);
    for (int s = 0; s < N_SEQUENCES; s++) {
        scenario_seq_t *q = &sc->seqs[s];
        session_t *ss = NULL;
        if (session_new(&ss, m, &so, err, sizeof err) != 0) fail_msg("session: %s", err);
        int32_t prompt[PREFIX + 40];
        memcpy(prompt, sc->prefix, sizeof sc->prefix);
        memcpy(prompt + PREFIX, q->suffix, q->n_suffix * sizeof *prompt);
        if (session_eval(ss, prompt, PREFIX, err, sizeof err) != 0) fail_msg("%s", err);
        if (session_eval(ss, prompt, PREFIX + q->n_suffix, err, sizeof err) != 0)
            fail_msg("%s", err);
        assert_int_equal(session_last_reused(ss), PREFIX);
        q->want_logits = malloc((size_t)q->n_generate * vocab * sizeof(float));
        assert_non_null(q->want_logits);
        for (int t = 0; t < q->n_generate; t++) {
            const float *l = session_logits(ss);
            memcpy(q->want_logits + (size_t)t * vocab, l, vocab * sizeof(float));
            q->want[t] = argmax(l, vocab);
            if (t + 1 < q->n_generate && session_append(ss, q->want[t], err, sizeof err) != 0)
                fail_msg("%s", err);
        }
        session_free(ss);
    }
}

/* All sequences through one batch of n_slots slots; returns how many steps ran with
 * at least `wide` sequences at once. */
static int run_batched(const model_t *m, const scenario_t *sc, bool scalar, kv_cache_type_t kv,
                       uint32_t n_slots, size_t wide, const char *what)
{
    char err[256];
    uint32_t vocab = m->hp.n_vocab;
    batch_options_t bo = {.n_ctx = N_CTX, .n_seq = n_slots, .n_batch = N_BATCH, .n_threads = 2,
                          .force_scalar = scalar, .kv_type = kv};
    batch_t *b = NULL;
    if (batch_new(&b, m, &bo, err, sizeof err) != 0) fail_msg("batch: %s", err);
    if (batch_set_prefix(b, sc->prefix, PREFIX, err, sizeof err) != 0) fail_msg("%s", err);
    assert_int_equal(batch_prefix_evaluated(b), PREFIX);
    int done[N_SEQUENCES] = {0}, seq_in_slot[64];
    int next = 0, finished = 0, wide_steps = 0;
    while (finished < N_SEQUENCES) {
        while (next < N_SEQUENCES && batch_n_live(b) < n_slots) { /* join */
            int slot;
            const scenario_seq_t *q = &sc->seqs[next];
            if (batch_seq_start(b, &slot, q->suffix, q->n_suffix, err, sizeof err) != 0)
                fail_msg("start: %s", err);
            assert_int_equal(batch_seq_n_past(b, slot), PREFIX + q->n_suffix);
            seq_in_slot[slot] = next++;
        }
        int seqs[64];
        int32_t tokens[64];
        size_t n = 0;
        for (uint32_t slot = 0; slot < n_slots; slot++) {
            if (!batch_seq_live(b, (int)slot)) continue;
            int s = seq_in_slot[slot];
            const scenario_seq_t *q = &sc->seqs[s];
            const float *l = batch_logits(b, (int)slot);
            int32_t tok = argmax(l, vocab);
            if (tok != q->want[done[s]])
                fail_msg("%s: sequence %d token %d: batched %d, alone %d", what, s, done[s], tok,
                         q->want[done[s]]);
            if (memcmp(l, q->want_logits + (size_t)done[s] * vocab, vocab * sizeof *l) != 0)
                fail_msg("%s: sequence %d token %d: logits differ from alone (relative %.3g)",
                         what, s, done[s],
                         relative_error(l, q->want_logits + (size_t)done[s] * vocab, vocab));
            if (++done[s] == q->n_generate) { /* the grammar ended it */
                batch_seq_end(b, (int)slot);
                finished++;
                continue;
            }
            seqs[n] = (int)slot;
            tokens[n++] = tok;
        }
        if (n == 0) continue;
        if (n >= wide) wide_steps++;
        if (batch_step(b, seqs, tokens, n, err, sizeof err) != 0) fail_msg("step: %s", err);
    }
    assert_int_equal(batch_n_live(b), 0);
    batch_free(b);
    return wide_steps;
}

static void check_model(const synth_shape_t *shape, const char *type)
{
    model_t *m = load_model(shape, type);
    for (int path = 0; path < 2; path++) {
        for (int k = 0; k < 2; k++) {
            kv_cache_type_t kv = k ? KV_CACHE_F32 : KV_CACHE_F16;
            char what[128];
            snprintf(what, sizeof what, "%s %s %s KV %s", shape->name, type,
                     path ? "native" : "scalar", k ? "F32" : "F16");
            scenario_t sc;
            scenario_init(&sc, m->hp.n_vocab);
            run_alone(m, &sc, path == 0, kv);
            /* 4+ sequences together (where the int8 GEMM would take over), 8+ (where the
             * multi-token dots do), and one slot: strictly in turn */
            assert_true(run_batched(m, &sc, path == 0, kv, 5, 4, what) > 0);
            assert_true(run_batched(m, &sc, path == 0, kv, 10, 8, what) > 0);
            run_batched(m, &sc, path == 0, kv, 1, 1, what);
            scenario_free(&sc);
        }
    }
    model_free(m);
}

static void test_float_llama_batched_tokens_and_logits_equal_alone(void **state)
{
    (void)state;
    check_model(&llama_shape, "f32");
}

static void test_qwen2_biases_batched_equal_alone(void **state)
{
    (void)state;
    check_model(&qwen2_shape, "f16");
}

static void test_qwen3_qk_norm_batched_equal_alone(void **state)
{
    (void)state;
    check_model(&qwen3_shape, "q8_0");
}

static void test_q8_0_batched_equal_alone(void **state)
{
    (void)state;
    check_model(&quant_shape, "q8_0");
}

static void test_q4_k_m_batched_equal_alone(void **state)
{
    (void)state;
    check_model(&quant_shape, "q4_k_m");
}

/* Against a session that evaluates each whole prompt at once (no prefix reuse): the
 * prompt's batches differ, so the numbers round differently — the first logits stay
 * within 1e-4 relative with float weights and an F32 cache, and the greedy tokens
 * agree there. */
static void test_batched_close_to_whole_prompt_evaluation(void **state)
{
    (void)state;
    char err[256];
    model_t *m = load_model(&llama_shape, "f32");
    uint32_t vocab = m->hp.n_vocab;
    scenario_t sc;
    scenario_init(&sc, vocab);
    batch_options_t bo = {.n_ctx = N_CTX, .n_seq = N_SEQUENCES, .n_batch = N_BATCH,
                          .n_threads = 2, .kv_type = KV_CACHE_F32};
    batch_t *b = NULL;
    assert_int_equal(batch_new(&b, m, &bo, err, sizeof err), 0);
    assert_int_equal(batch_set_prefix(b, sc.prefix, PREFIX, err, sizeof err), 0);
    int slots[N_SEQUENCES];
    for (int s = 0; s < N_SEQUENCES; s++)
        if (batch_seq_start(b, &slots[s], sc.seqs[s].suffix, sc.seqs[s].n_suffix, err,
                            sizeof err) != 0)
            fail_msg("%s", err);
    session_options_t so = {.n_ctx = N_CTX, .n_batch = 64, .n_threads = 2,
                            .kv_type = KV_CACHE_F32};
    session_t *ss = NULL;
    assert_int_equal(session_new(&ss, m, &so, err, sizeof err), 0);
    double worst = 0;
    for (int step = 0; step < 6; step++) {
        int32_t tokens[N_SEQUENCES];
        for (int s = 0; s < N_SEQUENCES; s++) {
            const scenario_seq_t *q = &sc.seqs[s];
            int32_t prompt[PREFIX + 40 + 8];
            size_t n = 0;
            memcpy(prompt, sc.prefix, sizeof sc.prefix);
            n = PREFIX;
            memcpy(prompt + n, q->suffix, q->n_suffix * sizeof *prompt);
            n += q->n_suffix;
            const int32_t *generated = batch_seq_tokens(b, slots[s]) + n;
            for (int i = 0; i < step; i++) prompt[n++] = generated[i];
            session_clear(ss);
            assert_int_equal(session_eval(ss, prompt, n, err, sizeof err), 0);
            assert_int_equal(session_last_reused(ss), 0);
            const float *got = batch_logits(b, slots[s]), *want = session_logits(ss);
            double e = relative_error(got, want, vocab);
            worst = fmax(worst, e);
            if (e > 1e-4) fail_msg("sequence %d step %d: relative error %.3g", s, step, e);
            tokens[s] = argmax(got, vocab);
            assert_int_equal(tokens[s], argmax(want, vocab));
        }
        assert_int_equal(batch_step(b, slots, tokens, N_SEQUENCES, err, sizeof err), 0);
    }
    print_message("    batched vs whole-prompt sessions: max relative error %.2e\n", worst);
    session_free(ss);
    batch_free(b);
    scenario_free(&sc);
    model_free(m);
}

/* forward_eval_segments with several multi-token segments in one pass (the suffixes of
 * three sequences together) against one pass per sequence: each segment's last logits
 * within 1e-4 relative, and the sequences' caches then serve single-token steps alike. */
static void test_forward_segments_of_several_tokens_match_separate_passes(void **state)
{
    (void)state;
    char err[256];
    model_t *m = load_model(&qwen3_shape, "f32");
    uint32_t vocab = m->hp.n_vocab;
    forward_options_t fo = {.n_ctx = 64, .n_batch = 48, .n_threads = 2, .n_seq = 3,
                            .kv_type = KV_CACHE_F32};
    forward_t *together = NULL, *apart = NULL;
    assert_int_equal(forward_new(&together, m, &fo, err, sizeof err), 0);
    assert_int_equal(forward_new(&apart, m, &fo, err, sizeof err), 0);
    int32_t tokens[40];
    for (int i = 0; i < 40; i++) tokens[i] = (int32_t)((i * 37 + 11) % vocab);
    forward_segment_t segs[3] = {{2, 10, 0}, {0, 17, 0}, {1, 13, 0}};
    assert_int_equal(forward_eval_segments(together, tokens, segs, 3, err, sizeof err), 0);
    float *got = malloc(3 * (size_t)vocab * sizeof *got);
    for (int j = 0; j < 3; j++)
        memcpy(got + (size_t)j * vocab, forward_logits_segment(together, (uint32_t)j),
               vocab * sizeof *got);
    assert_null(forward_logits_segment(together, 3));
    assert_non_null(forward_logits(together, 9));   /* segment 0's last token */
    assert_null(forward_logits(together, 8));       /* not a segment's last token */
    uint32_t first = 0;
    for (int j = 0; j < 3; j++) {
        assert_int_equal(forward_eval_segments(apart, tokens + first, &segs[j], 1, err,
                                               sizeof err), 0);
        double e = relative_error(got + (size_t)j * vocab, forward_logits_segment(apart, 0), vocab);
        if (e > 1e-4) fail_msg("segment %d: relative error %.3g", j, e);
        first += segs[j].n;
    }
    /* one more token for every sequence, together (per row) and apart */
    int32_t step[3] = {5, 6, 7};
    forward_segment_t next[3] = {{0, 1, 17}, {1, 1, 13}, {2, 1, 10}};
    assert_int_equal(forward_eval_segments(together, step, next, 3, err, sizeof err), 0);
    for (int j = 0; j < 3; j++) {
        assert_int_equal(forward_eval_segments(apart, &step[j], &next[j], 1, err, sizeof err), 0);
        double e = relative_error(forward_logits_segment(together, (uint32_t)j),
                                  forward_logits_segment(apart, 0), vocab);
        if (e > 1e-4) fail_msg("step, sequence %d: relative error %.3g", j, e);
    }
    /* bad batches */
    forward_segment_t twice[2] = {{1, 1, 14}, {1, 1, 15}};
    assert_true(forward_eval_segments(together, step, twice, 2, err, sizeof err) < 0);
    assert_non_null(strstr(err, "twice"));
    forward_segment_t nowhere = {3, 1, 0};
    assert_true(forward_eval_segments(together, step, &nowhere, 1, err, sizeof err) < 0);
    assert_non_null(strstr(err, "sequence 3"));
    forward_segment_t past_end = {0, 2, 63};
    assert_true(forward_eval_segments(together, step, &past_end, 1, err, sizeof err) < 0);
    assert_non_null(strstr(err, "does not fit"));
    assert_true(forward_kv_copy(together, 0, 3, 4, err, sizeof err) < 0);
    free(got);
    forward_free(together);
    forward_free(apart);
    model_free(m);
}

/* A sequence started under one prefix keeps it when the prefix changes; the next prefix
 * reuses what it shares with the last one; slots run out and come back; bad arguments
 * are refused with a message and change nothing. */
static void test_prefix_changes_slots_and_errors(void **state)
{
    (void)state;
    char err[256];
    model_t *m = load_model(&llama_shape, "q8_0");
    uint32_t vocab = m->hp.n_vocab;
    batch_options_t bo = {.n_ctx = 64, .n_seq = 2, .n_batch = 16, .n_threads = 2};
    batch_t *b = NULL;
    assert_int_equal(batch_new(&b, m, &bo, err, sizeof err), 0);
    assert_int_equal(batch_n_seq(b), 2);
    assert_int_equal(batch_n_ctx(b), 64);
    assert_true(batch_kv_bytes(b) > 0);
    int32_t a[30], c[30], suffix[8];
    for (int i = 0; i < 30; i++) {
        a[i] = (int32_t)((i * 31 + 5) % vocab);
        c[i] = i < 20 ? a[i] : (int32_t)((i * 17 + 3) % vocab);
    }
    for (int i = 0; i < 8; i++) suffix[i] = (int32_t)(i * 29 % vocab);
    assert_int_equal(batch_set_prefix(b, a, 30, err, sizeof err), 0);
    int s0, s1, s2;
    assert_int_equal(batch_seq_start(b, &s0, suffix, 8, err, sizeof err), 0);
    float *before = malloc(vocab * sizeof *before);
    memcpy(before, batch_logits(b, s0), vocab * sizeof *before);

    /* the new prefix shares 20 tokens with the old one */
    assert_int_equal(batch_set_prefix(b, c, 30, err, sizeof err), 0);
    assert_int_equal(batch_prefix_reused(b), 20);
    assert_int_equal(batch_prefix_evaluated(b), 10);
    assert_int_equal(batch_set_prefix(b, c, 30, err, sizeof err), 0);
    assert_int_equal(batch_prefix_evaluated(b), 0);
    assert_memory_equal(batch_logits(b, s0), before, vocab * sizeof *before);
    assert_memory_equal(batch_seq_tokens(b, s0), a, sizeof a); /* s0 still has prefix a */

    /* s0 continues on prefix a exactly as a session on a + suffix would */
    session_options_t so = {.n_ctx = 64, .n_batch = 16, .n_threads = 2};
    session_t *ss = NULL;
    assert_int_equal(session_new(&ss, m, &so, err, sizeof err), 0);
    int32_t whole[40];
    memcpy(whole, a, sizeof a);
    memcpy(whole + 30, suffix, sizeof suffix);
    assert_int_equal(session_eval(ss, whole, 30, err, sizeof err), 0);
    assert_int_equal(session_eval(ss, whole, 38, err, sizeof err), 0);
    int32_t tok = argmax(before, vocab);
    assert_int_equal(batch_seq_start(b, &s1, suffix, 8, err, sizeof err), 0); /* on prefix c */
    int both[2] = {s0, s1};
    int32_t toks[2] = {tok, tok};
    assert_int_equal(batch_step(b, both, toks, 2, err, sizeof err), 0);
    assert_int_equal(session_append(ss, tok, err, sizeof err), 0);
    assert_memory_equal(batch_logits(b, s0), session_logits(ss), vocab * sizeof(float));
    assert_int_equal(batch_seq_n_past(b, s0), 39);

    /* every slot busy */
    assert_true(batch_seq_start(b, &s2, suffix, 8, err, sizeof err) < 0);
    assert_int_equal(s2, -1);
    assert_non_null(strstr(err, "slots"));
    batch_seq_end(b, s0);
    assert_false(batch_seq_live(b, s0));
    assert_null(batch_logits(b, s0));
    assert_int_equal(batch_n_live(b), 1);
    assert_int_equal(batch_seq_start(b, &s2, suffix, 8, err, sizeof err), 0);
    assert_int_equal(s2, s0); /* the freed slot */

    /* refusals */
    int dead = 5, dup[2] = {s1, s1};
    assert_true(batch_step(b, &dead, toks, 1, err, sizeof err) < 0);
    assert_non_null(strstr(err, "not live"));
    assert_true(batch_step(b, dup, toks, 2, err, sizeof err) < 0);
    assert_non_null(strstr(err, "twice"));
    int32_t bad = (int32_t)vocab;
    assert_true(batch_step(b, &s1, &bad, 1, err, sizeof err) < 0);
    assert_non_null(strstr(err, "vocabulary"));
    assert_int_equal(batch_seq_n_past(b, s1), 39); /* unchanged */
    assert_true(batch_seq_start(b, &s0, suffix, 0, err, sizeof err) < 0);
    int32_t long_suffix[40] = {0};
    batch_seq_end(b, s2);
    assert_true(batch_seq_start(b, &s2, long_suffix, 35, err, sizeof err) < 0);
    assert_non_null(strstr(err, "does not fit the context of 64"));
    assert_true(batch_set_prefix(b, long_suffix, 64, err, sizeof err) < 0);
    assert_non_null(strstr(err, "no room"));
    assert_int_equal(batch_n_live(b), 1);

    /* a sequence that fills the context cannot step further */
    assert_int_equal(batch_set_prefix(b, NULL, 0, err, sizeof err), 0);
    assert_int_equal(batch_seq_start(b, &s2, long_suffix, 40, err, sizeof err), 0);
    for (int i = 40; i < 64; i++)
        assert_int_equal(batch_step(b, &s2, &tok, 1, err, sizeof err), 0);
    assert_true(batch_step(b, &s2, &tok, 1, err, sizeof err) < 0);
    assert_non_null(strstr(err, "fills the context"));

    batch_options_t huge = {.n_seq = 100000};
    batch_t *h = NULL;
    assert_true(batch_new(&h, m, &huge, err, sizeof err) < 0);
    assert_null(h);
    session_free(ss);
    free(before);
    batch_free(b);
    batch_free(NULL);
    model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_float_llama_batched_tokens_and_logits_equal_alone),
        cmocka_unit_test(test_qwen2_biases_batched_equal_alone),
        cmocka_unit_test(test_qwen3_qk_norm_batched_equal_alone),
        cmocka_unit_test(test_q8_0_batched_equal_alone),
        cmocka_unit_test(test_q4_k_m_batched_equal_alone),
        cmocka_unit_test(test_batched_close_to_whole_prompt_evaluation),
        cmocka_unit_test(test_forward_segments_of_several_tokens_match_separate_passes),
        cmocka_unit_test(test_prefix_changes_slots_and_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
