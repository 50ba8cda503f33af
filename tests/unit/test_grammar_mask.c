/* test_grammar_mask.c — token masks: what a sampler sees.
 * Tokens spanning several terminals, tokens ending inside a UTF-8 character, control
 * tokens never allowed, end-of-sequence exactly where the grammar may end, refusal of a
 * token outside the mask, and — on the real SmolLM vocabulary — the mask equals a
 * brute-force check of every token at states along real outputs (so the precomputed
 * token classes and the mask cache change nothing). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "grammar/grammar.h"
#include "grammar/grammar_impl.h"
#include "tests/unit/helpers/grammar_testlib.h"
#include "tests/unit/helpers/shared_files.h"

static bool bit(const uint32_t *mask, uint32_t t) { return (mask[t >> 5] >> (t & 31)) & 1; }

/* a tiny vocabulary: ids are the positions in this list */
static const char *const tiny_tokens[] = {
    "<eos>", "<ctl>", "{", "}", "\"", "\"a", "a", "ab", "\":", "\":1}", "1", "12", "\xc3", "\xa9", "\xc3\xa9",
    "\xe2\x82", "\xac", " ", "}}", "x", "\xed\xa0", "\x80",
};
enum { T_EOS, T_CTL, T_LB, T_RB, T_Q, T_QA, T_A, T_AB, T_QC, T_QC1RB, T_1, T_12, T_C3, T_A9, T_EACUTE,
       T_E282, T_AC, T_SP, T_RBRB, T_X, T_SURR, T_80, T_COUNT };

static grammar_vocab_t *tiny_vocab(void)
{
    uint32_t lens[T_COUNT];
    uint8_t special[T_COUNT] = {0};
    for (size_t i = 0; i < T_COUNT; i++) lens[i] = (uint32_t)strlen(tiny_tokens[i]);
    special[T_EOS] = special[T_CTL] = 1;
    uint32_t eos = T_EOS;
    grammar_vocab_t *v = NULL;
    char err[256];
    assert_int_equal(grammar_vocab_new(&v, T_COUNT, tiny_tokens, lens, special, &eos, 1, err, sizeof err), 0);
    return v;
}

static void test_tokens_span_terminals_and_eos(void **state)
{
    (void)state;
    grammar_vocab_t *v = tiny_vocab();
    grammar_t *g = gtest_parse_text("root ::= \"{\" \"\\\"\" [a-z]+ \"\\\":\" [0-9]+ \"}\"\n");
    grammar_matcher_t *m = NULL;
    char err[256];
    assert_int_equal(grammar_matcher_new(&m, g, v, err, sizeof err), 0);
    uint32_t mask[1];
    assert_int_equal(grammar_matcher_fill_mask(m, mask, 1, err, sizeof err), 0);
    assert_true(bit(mask, T_LB));
    assert_false(bit(mask, T_EOS));
    assert_false(bit(mask, T_CTL));
    assert_false(bit(mask, T_RB));
    assert_int_equal(grammar_matcher_accept_token(m, T_RB, err, sizeof err), GRAMMAR_ERR_REJECTED);
    assert_int_equal(grammar_matcher_accept_token(m, T_LB, err, sizeof err), 0);
    assert_int_equal(grammar_matcher_fill_mask(m, mask, 1, err, sizeof err), 0);
    assert_true(bit(mask, T_Q));
    assert_true(bit(mask, T_QA));   /* spans the quote and the first letter */
    assert_false(bit(mask, T_A));
    assert_int_equal(grammar_matcher_accept_token(m, T_QA, err, sizeof err), 0);
    assert_int_equal(grammar_matcher_fill_mask(m, mask, 1, err, sizeof err), 0);
    assert_true(bit(mask, T_AB));
    assert_true(bit(mask, T_QC));
    assert_true(bit(mask, T_QC1RB)); /* closes the string, the number and the object */
    assert_false(bit(mask, T_EOS));
    assert_int_equal(grammar_matcher_accept_token(m, T_QC1RB, err, sizeof err), 0);
    assert_int_equal(grammar_matcher_fill_mask(m, mask, 1, err, sizeof err), 0);
    assert_int_equal(mask[0], 1u << T_EOS); /* only the end */
    assert_true(grammar_matcher_can_end(m));
    assert_int_equal(grammar_matcher_accept_token(m, T_CTL, err, sizeof err), GRAMMAR_ERR_REJECTED);
    assert_int_equal(grammar_matcher_accept_token(m, T_EOS, err, sizeof err), 0);
    assert_true(grammar_matcher_is_finished(m));
    assert_int_equal(grammar_matcher_fill_mask(m, mask, 1, err, sizeof err), 0);
    assert_int_equal(mask[0], 0);
    assert_int_equal(grammar_matcher_accept_token(m, 999, err, sizeof err), GRAMMAR_ERR_ARG);
    /* short mask buffer */
    grammar_matcher_reset(m);
    assert_int_equal(grammar_matcher_fill_mask(m, mask, 0, err, sizeof err), GRAMMAR_ERR_ARG);
    grammar_matcher_free(m);
    grammar_free(g);
    grammar_vocab_free(v);
}

/* Found by tests/fuzz/fuzz_matcher: a stack set holding only empty stacks (where the
 * grammar is complete) had no frame array, so frames + start[i] computed NULL + 0 (UBSan
 * in a clang build). A set with stacks always has one now. */
static void test_empty_stacks_have_a_frame_array(void **state)
{
    (void)state;
    grammar_stack_set_t s;
    grammar_stack_set_init(&s);
    assert_int_equal(grammar_stack_set_add(&s, NULL, 0), 0);
    assert_int_equal(s.n_stacks, 1);
    assert_non_null(s.frames);
    assert_true(grammar_stack_set_has_empty(&s));
    grammar_stack_set_t copy;
    grammar_stack_set_init(&copy);
    assert_int_equal(grammar_stack_set_copy(&copy, &s), 0);
    assert_non_null(copy.frames);
    grammar_stack_set_destroy(&copy);
    grammar_stack_set_destroy(&s);
}

static void test_named_special_token(void **state)
{
    (void)state;
    grammar_vocab_t *v = tiny_vocab();
    /* "a" then the control token <ctl> (id 1) then "}"; or "x" alone */
    grammar_t *g = gtest_parse_text("root ::= \"a\" <[1]> \"}\" | \"x\"\n");
    grammar_matcher_t *m = NULL;
    char err[256], buf[64];
    assert_int_equal(grammar_matcher_new(&m, g, v, err, sizeof err), 0);
    uint32_t mask[1];
    assert_int_equal(grammar_matcher_fill_mask(m, mask, 1, err, sizeof err), 0);
    assert_int_equal(mask[0], (1u << T_A) | (1u << T_X));
    assert_int_equal(grammar_matcher_accept_token(m, T_CTL, err, sizeof err), GRAMMAR_ERR_REJECTED);
    assert_int_equal(grammar_matcher_accept_token(m, T_A, err, sizeof err), 0);
    assert_int_equal(grammar_matcher_fill_mask(m, mask, 1, err, sizeof err), 0);
    assert_int_equal(mask[0], 1u << T_CTL); /* named: the control token is allowed here only */
    grammar_matcher_describe_expected(m, buf, sizeof buf);
    assert_string_equal(buf, "<[1]>");
    assert_int_equal(grammar_matcher_accept_token(m, T_RB, err, sizeof err), GRAMMAR_ERR_REJECTED);
    assert_int_equal(grammar_matcher_accept_token(m, T_CTL, err, sizeof err), 0);
    assert_int_equal(grammar_matcher_fill_mask(m, mask, 1, err, sizeof err), 0);
    assert_int_equal(mask[0], 1u << T_RB); /* "}}" would overrun the grammar */
    assert_int_equal(grammar_matcher_accept_token(m, T_RB, err, sizeof err), 0);
    assert_true(grammar_matcher_can_end(m));
    /* text never matches a named token */
    grammar_matcher_reset(m);
    size_t used;
    assert_int_equal(grammar_matcher_accept_bytes(m, "a<ctl>}", 7, &used, err, sizeof err), GRAMMAR_ERR_REJECTED);
    assert_int_equal(used, 1);
    grammar_matcher_free(m);
    /* printed back as <[1]> */
    char *text = NULL;
    assert_int_equal(grammar_to_gbnf(g, &text), 0);
    assert_non_null(strstr(text, "<[1]>"));
    free(text);
    grammar_free(g);
    grammar_vocab_free(v);
}

static void test_partial_utf8_across_tokens(void **state)
{
    (void)state;
    grammar_vocab_t *v = tiny_vocab();
    grammar_t *g = gtest_parse_text("root ::= [a-z\\u00e9]+ \"\\u20ac\"?\n"); /* letters, é, then maybe € */
    grammar_matcher_t *m = NULL;
    char err[256];
    assert_int_equal(grammar_matcher_new(&m, g, v, err, sizeof err), 0);
    uint32_t mask[1];
    assert_int_equal(grammar_matcher_fill_mask(m, mask, 1, err, sizeof err), 0);
    assert_true(bit(mask, T_C3));      /* first byte of é: some completion matches */
    assert_true(bit(mask, T_EACUTE));
    assert_true(bit(mask, T_A));
    assert_false(bit(mask, T_A9));     /* a continuation byte cannot start */
    assert_false(bit(mask, T_E282));   /* € cannot come first */
    assert_false(bit(mask, T_SURR));   /* never a surrogate */
    assert_int_equal(grammar_matcher_accept_token(m, T_C3, err, sizeof err), 0);
    assert_int_equal(grammar_matcher_fill_mask(m, mask, 1, err, sizeof err), 0);
    assert_true(bit(mask, T_A9));      /* completes é */
    assert_false(bit(mask, T_AC));     /* \xc3\xac is ì: not in the class */
    assert_false(bit(mask, T_A));
    assert_false(bit(mask, T_EOS));    /* not inside a character */
    assert_int_equal(grammar_matcher_accept_token(m, T_A9, err, sizeof err), 0);
    assert_int_equal(grammar_matcher_fill_mask(m, mask, 1, err, sizeof err), 0);
    assert_true(bit(mask, T_EOS));
    assert_true(bit(mask, T_E282));
    assert_int_equal(grammar_matcher_accept_token(m, T_E282, err, sizeof err), 0);
    assert_int_equal(grammar_matcher_fill_mask(m, mask, 1, err, sizeof err), 0);
    assert_int_equal(mask[0], 1u << T_AC);
    grammar_matcher_free(m);
    grammar_free(g);
    grammar_vocab_free(v);
}

/* brute force: token t is allowed iff feeding its bytes to a copy of the state succeeds
 * and leaves a state that can still be completed */
static void brute_force_mask(grammar_matcher_t *state, grammar_matcher_t *scratch, const grammar_vocab_t *v,
                             const char *const *bytes, const uint32_t *lens, uint32_t *mask, size_t words)
{
    memset(mask, 0, words * sizeof *mask);
    char err[128];
    for (size_t t = 0; t < grammar_vocab_size(v); t++) {
        if (lens[t] == 0) continue;
        assert_int_equal(grammar_matcher_copy_state(scratch, state), 0);
        size_t used;
        if (grammar_matcher_accept_bytes(scratch, bytes[t], lens[t], &used, err, sizeof err) == 0)
            mask[t >> 5] |= 1u << (t & 31);
    }
}

static void compare_along(const grammar_t *g, const grammar_vocab_t *v, const char *text, size_t from, size_t stride)
{
    grammar_matcher_t *m = NULL, *text_m = NULL, *scratch = NULL;
    char err[256];
    assert_int_equal(grammar_matcher_new(&m, g, v, err, sizeof err), 0);
    assert_int_equal(grammar_matcher_new(&text_m, g, NULL, err, sizeof err), 0);
    assert_int_equal(grammar_matcher_new(&scratch, g, NULL, err, sizeof err), 0);
    size_t words = grammar_vocab_mask_words(v);
    uint32_t *got = malloc(words * 4), *want = malloc(words * 4);
    const uint32_t *lens;
    const char **bytes = gtest_vocab_tokens(v, &lens);
    size_t len = strlen(text);
    for (size_t pos = from; pos <= len; pos += stride) {
        /* the masked matcher and the plain one at the same text position */
        grammar_matcher_reset(m);
        grammar_matcher_reset(text_m);
        size_t used;
        assert_int_equal(grammar_matcher_accept_bytes(m, text, pos, &used, err, sizeof err), 0);
        assert_int_equal(grammar_matcher_accept_bytes(text_m, text, pos, &used, err, sizeof err), 0);
        {
            assert_int_equal(grammar_matcher_fill_mask(m, got, words, err, sizeof err), 0);
            /* the same state again: now served from the cache, identical */
            assert_int_equal(grammar_matcher_fill_mask(m, want, words, err, sizeof err), 0);
            assert_memory_equal(got, want, words * sizeof *got);
            brute_force_mask(text_m, scratch, v, bytes, lens, want, words);
            for (size_t w = 0; w < words; w++) {
                uint32_t diff = got[w] ^ want[w];
                while (diff) {
                    uint32_t t = (uint32_t)(w * 32 + (size_t)__builtin_ctz(diff));
                    diff &= diff - 1;
                    char probe[256];
                    snprintf(probe, sizeof probe, "%.*s", (int)lens[t], bytes[t]);
                    grammar_matcher_t *c = NULL;
                    assert_int_equal(grammar_matcher_new(&c, g, v, err, sizeof err), 0);
                    assert_int_equal(grammar_matcher_copy_state(c, m), 0);
                    int rc = grammar_matcher_accept_token(c, t, err, sizeof err);
                    bool finished = grammar_matcher_is_finished(c);
                    grammar_matcher_free(c);
                    if (bit(want, t)) {
                        /* its text fits, yet it is not in the mask: only control tokens and
                         * end-of-sequence tokens (whose text is not what they mean) */
                        if (rc == 0 || (!strstr(err, "control token") && !strstr(err, "end of sequence")))
                            fail_msg("at byte %zu: token %u \"%s\" missing from the mask", pos, t, probe);
                    } else if (rc != 0 || !finished) {
                        /* in the mask though its text does not fit: only end of sequence */
                        fail_msg("at byte %zu: token %u \"%s\" in the mask but not acceptable", pos, t, probe);
                    }
                }
            }
        }
    }
    free(bytes);
    free(got);
    free(want);
    grammar_matcher_free(m);
    grammar_matcher_free(text_m);
    grammar_matcher_free(scratch);
}

/* on vocabulary v (freed here) */
static void mask_equals_brute_force(grammar_vocab_t *v)
{
    char err[512];
    char *gbnf = NULL;
    assert_int_equal(grammar_verdict_gbnf(&gbnf, NULL, err, sizeof err), 0);
    grammar_t *g = gtest_parse_text(gbnf);
    free(gbnf);
    compare_along(g, v,
                  "{\"verdict\": \"true_positive\", \"confidence\": 97, \"reason\": \"caf\xc3\xa9 \\\"x\\\" is 16 bytes\", "
                  "\"fix\": {\"start_line\": 12, \"end_line\": 13, \"replacement\": \"n = 0;\"}}",
                  0, 9);
    /* the end of a 240-character reason: every count is its own state there (masks
     * derived from a looser budget must still be exact) */
    char doc[600];
    int at = snprintf(doc, sizeof doc, "{\"verdict\":\"uncertain\",\"confidence\":5,\"reason\":\"");
    for (int i = 0; i < 236; i++) doc[at++] = " abcdefgh"[i % 9];
    snprintf(doc + at, sizeof doc - (size_t)at, "\",\"fix\":null}");
    compare_along(g, v, doc, (size_t)at - 90, 11);
    grammar_free(g);
    g = gtest_parse_file("grammar/grammars/c_expr.gbnf");
    compare_along(g, v, "a[i] = f(x, 0x1F) + (long)b->c\n", 0, 5);
    grammar_free(g);
    grammar_vocab_free(v);
}

/* a grammar per finding with a shared position cache: same masks as without sharing (on
 * vocabulary v, freed here) */
static void shared_positions_change_nothing(grammar_vocab_t *v)
{
    char err[512];
    grammar_position_cache_t *cache = NULL;
    assert_int_equal(grammar_position_cache_new(&cache, v, err, sizeof err), 0);
    const char *text = "{\"verdict\": \"true_positive\", \"confidence\": 97, \"reason\": \"buf is small\", "
                       "\"fix\": {\"start_line\": 12, \"end_line\": 13, \"replacement\": \"len = sizeof buf;\"}}";
    size_t words = grammar_vocab_mask_words(v);
    uint32_t *a = malloc(words * 4), *b = malloc(words * 4);
    uint64_t shared_total = 0;
    const char *lists[3][3] = {{"buf", "len", "x"}, {"buf", "len", "y"}, {"len", "buf", "zz"}};
    for (int k = 0; k < 3; k++) {
        grammar_fix_options_t fix = {lists[k], 3, true, NULL, 0};
        char *gbnf = NULL;
        assert_int_equal(grammar_verdict_gbnf(&gbnf, &fix, err, sizeof err), 0);
        grammar_t *g = gtest_parse_text(gbnf);
        free(gbnf);
        grammar_matcher_t *shared = NULL, *plain = NULL;
        assert_int_equal(grammar_matcher_new_shared(&shared, g, v, cache, err, sizeof err), 0);
        assert_int_equal(grammar_matcher_new(&plain, g, v, err, sizeof err), 0);
        for (size_t pos = 0; pos <= strlen(text); pos += 3) {
            size_t used;
            grammar_matcher_reset(shared);
            grammar_matcher_reset(plain);
            assert_int_equal(grammar_matcher_accept_bytes(shared, text, pos, &used, err, sizeof err), 0);
            assert_int_equal(grammar_matcher_accept_bytes(plain, text, pos, &used, err, sizeof err), 0);
            assert_int_equal(grammar_matcher_fill_mask(shared, a, words, err, sizeof err), 0);
            assert_int_equal(grammar_matcher_fill_mask(plain, b, words, err, sizeof err), 0);
            if (memcmp(a, b, words * 4) != 0) fail_msg("grammar %d: masks differ at byte %zu", k, pos);
        }
        grammar_matcher_stats_t st;
        grammar_matcher_stats(shared, &st);
        shared_total += st.positions_shared;
        grammar_matcher_free(shared);
        grammar_matcher_free(plain);
        grammar_free(g);
    }
    assert_true(shared_total > 0); /* later grammars reused earlier positions */
    free(a);
    free(b);
    grammar_position_cache_free(cache);
    grammar_vocab_free(v);
}

/* SmolLM's vocabulary (from the shared folder), or the test is skipped */
static grammar_vocab_t *smollm_vocab(void)
{
    char err[512], path[512];
    if (!shared_file(path, sizeof path, "vocab/smollm-hf/tokenizer.json")) return NULL;
    grammar_vocab_t *v = gtest_smollm_vocab(path, 0, err, sizeof err);
    if (!v) fail_msg("%s", err);
    return v;
}

/* a vocabulary made here: the same checks in a fresh clone */
static grammar_vocab_t *synthetic_vocab(void)
{
    char err[512];
    grammar_vocab_t *v = gtest_synthetic_vocab(6000, 5, err, sizeof err);
    if (!v) fail_msg("%s", err);
    return v;
}

static void test_mask_equals_brute_force_smollm(void **state)
{
    (void)state;
    grammar_vocab_t *v = smollm_vocab();
    if (!v) skip();
    mask_equals_brute_force(v);
}

static void test_mask_equals_brute_force_synthetic(void **state)
{
    (void)state;
    mask_equals_brute_force(synthetic_vocab());
}

static void test_shared_positions_change_nothing(void **state)
{
    (void)state;
    grammar_vocab_t *v = smollm_vocab();
    if (!v) skip();
    shared_positions_change_nothing(v);
}

static void test_shared_positions_change_nothing_synthetic(void **state)
{
    (void)state;
    shared_positions_change_nothing(synthetic_vocab());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokens_span_terminals_and_eos),
        cmocka_unit_test(test_partial_utf8_across_tokens),
        cmocka_unit_test(test_empty_stacks_have_a_frame_array),
        cmocka_unit_test(test_named_special_token),
        cmocka_unit_test(test_mask_equals_brute_force_smollm),
        cmocka_unit_test(test_shared_positions_change_nothing),
        cmocka_unit_test(test_mask_equals_brute_force_synthetic),
        cmocka_unit_test(test_shared_positions_change_nothing_synthetic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
