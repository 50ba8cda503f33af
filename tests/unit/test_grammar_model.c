/* test_grammar_model.c — constrained decoding with a real trained model: stories260K
 * (TinyStories, SentencePiece 512 with byte tokens) run by the slm engine, its logits
 * masked by the grammar and sampled by the slm sampler. Whatever the model would rather
 * say, every finished output is in the language: the verdict JSON validates against its
 * schema, the other grammars pass the independent recogniser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "grammar/grammar.h"
#include "slm/gguf.h"
#include "slm/model.h"
#include "slm/sampler.h"
#include "slm/session.h"
#include "slm/tokenizer.h"
#include "tests/unit/helpers/grammar_testlib.h"
#include "tests/unit/helpers/shared_files.h"

#define STORIES "models/stories260K.gguf" /* in the shared folder */

/* The fixture, or the test is skipped with the missing model named. */
#define NEED_MODEL(f)                                                          \
    do {                                                                       \
        char need_path_[512];                                                  \
        if (!(f) && shared_file(need_path_, sizeof need_path_, STORIES)) fail_msg("not loaded"); \
        if (!(f)) skip();                                                      \
    } while (0)

typedef struct {
    model_t *model;
    session_t *session;
    gguf_file_t *file;
    tokenizer_t *tok;
    grammar_vocab_t *vocab;
} fixture_t;

static int setup(void **state)
{
    char path[512], err[512];
    *state = NULL; /* no model in the shared folder: every test skips */
    if (access(shared_path(path, sizeof path, STORIES), R_OK) != 0) return 0;
    fixture_t *f = calloc(1, sizeof *f);
    session_options_t opts = {0};
    opts.n_threads = 1;
    if (model_load(&f->model, path, err, sizeof err) || session_new(&f->session, f->model, &opts, err, sizeof err) ||
        gguf_open(&f->file, path, err, sizeof err) || tokenizer_from_gguf(&f->tok, f->file, err, sizeof err) ||
        !(f->vocab = gtest_gguf_vocab(path, err, sizeof err))) {
        fprintf(stderr, "stories260K: %s\n", err);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    if (!f) return 0;
    grammar_vocab_free(f->vocab);
    tokenizer_free(f->tok);
    gguf_close(f->file);
    session_free(f->session);
    model_free(f->model);
    free(f);
    return 0;
}

/* Generates under g from "Once upon a time"; returns the text or NULL if it did not end
 * within max_new tokens. */
static char *generate(fixture_t *f, const grammar_t *g, uint64_t seed, size_t max_new, size_t *len_out)
{
    char err[512];
    int32_t tokens[512];
    int32_t *prompt = NULL;
    size_t n = 0;
    int rc = tokenizer_encode(f->tok, "Once upon a time", 16, true, false, &prompt, &n, err, sizeof err);
    if (rc) fail_msg("encode: %s", err);
    assert_true(n < 16);
    memcpy(tokens, prompt, n * sizeof *tokens);
    free(prompt);
    grammar_matcher_t *m = NULL;
    assert_int_equal(grammar_matcher_new(&m, g, f->vocab, err, sizeof err), 0);
    sampler_params_t sp = sampler_params_default();
    sp.seed = seed;
    sampler_t *smp = NULL;
    assert_int_equal(sampler_new(&smp, &sp, (int)grammar_vocab_size(f->vocab), err, sizeof err), 0);
    size_t words = grammar_vocab_mask_words(f->vocab);
    uint32_t *mask = malloc(words * sizeof *mask);
    char *text = malloc(4096);
    size_t len = 0;
    bool done = false;
    for (size_t step = 0; step < max_new && n < 500; step++) {
        if (session_eval(f->session, tokens, n, err, sizeof err)) fail_msg("eval: %s", err);
        assert_int_equal(grammar_matcher_fill_mask(m, mask, words, err, sizeof err), 0);
        int32_t t;
        if (sampler_sample(smp, session_logits(f->session), mask, &t)) fail_msg("no token allowed at step %zu", step);
        if (grammar_matcher_accept_token(m, (uint32_t)t, err, sizeof err)) fail_msg("sampled token refused: %s", err);
        if (grammar_matcher_is_finished(m)) { done = true; break; }
        const char *b;
        size_t bl;
        assert_int_equal(tokenizer_token_bytes(f->tok, t, &b, &bl), 0);
        if (len + bl < 4095) { memcpy(text + len, b, bl); len += bl; }
        tokens[n++] = t;
    }
    text[len] = 0;
    *len_out = len;
    free(mask);
    sampler_free(smp);
    grammar_matcher_free(m);
    if (!done && getenv("GTEST_DEBUG")) fprintf(stderr, "unfinished (%zu tokens): %s\n", n, text);
    if (!done) { free(text); return NULL; }
    return text;
}

static void test_story_sentence_grammar(void **state)
{
    fixture_t *f = *state;
    NEED_MODEL(f);
    /* a short story sentence: the model's own words, forced into a shape */
    grammar_t *g = gtest_parse_text("root ::= \" \"? [A-Z] [a-z]+ ( \",\"? \" \" [a-z]+ ){2,14} [.!]\n");
    size_t finished = 0;
    for (uint64_t seed = 1; seed <= 6; seed++) {
        size_t len;
        char *text = generate(f, g, seed, 60, &len);
        if (!text) continue;
        finished++;
        if (!gtest_recognize(g, text, len)) fail_msg("model output outside the grammar: \"%s\"", text);
        free(text);
    }
    assert_true(finished >= 3);
    grammar_free(g);
}

static void test_verdict_with_real_logits(void **state)
{
    fixture_t *f = *state;
    NEED_MODEL(f);
    char err[512];
    char *gbnf = NULL;
    assert_int_equal(grammar_verdict_gbnf(&gbnf, NULL, err, sizeof err), 0);
    grammar_t *g = gtest_parse_text(gbnf);
    free(gbnf);
    json_t *schema = json_loads(grammar_verdict_schema(), 0, NULL);
    size_t finished = 0;
    for (uint64_t seed = 1; seed <= 4; seed++) {
        size_t len;
        char *text = generate(f, g, seed, 420, &len);
        if (!text) continue;
        finished++;
        json_error_t je;
        json_t *doc = json_loadb(text, len, 0, &je);
        if (!doc) fail_msg("model output is not JSON (%s): %s", je.text, text);
        char why[256];
        if (!gtest_schema_validate(schema, schema, doc, why, sizeof why)) fail_msg("verdict invalid (%s): %s", why, text);
        json_decref(doc);
        if (finished == 1) fprintf(stderr, "  stories260K under the verdict grammar: %s\n", text);
        free(text);
    }
    assert_true(finished >= 1);
    json_decref(schema);
    grammar_free(g);
}

static void test_arithmetic_with_real_logits(void **state)
{
    fixture_t *f = *state;
    NEED_MODEL(f);
    grammar_t *g = gtest_parse_file("grammar/grammars/arithmetic.gbnf");
    size_t finished = 0;
    for (uint64_t seed = 1; seed <= 4; seed++) {
        size_t len;
        char *text = generate(f, g, seed, 470, &len);
        if (!text) continue;
        finished++;
        if (!gtest_recognize(g, text, len)) fail_msg("model output outside the grammar: \"%s\"", text);
        free(text);
    }
    assert_true(finished >= 1);
    grammar_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_story_sentence_grammar),
        cmocka_unit_test(test_verdict_with_real_logits),
        cmocka_unit_test(test_arithmetic_with_real_logits),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
