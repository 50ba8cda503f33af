/* fuzz_matcher.c — libFuzzer harness: the grammar matcher on input text, over fixed
 * grammars (the review verdict grammar, plain and with a fix restricted to identifiers
 * and templates).
 *
 * The first input byte picks the grammar and the mode; the rest is
 *   text mode:  bytes fed to grammar_matcher_accept_bytes (what a model's output is
 *               checked with), then the expectation is described;
 *   token mode: one token per byte over a small vocabulary (every single byte below 0xf0,
 *               a few multi-byte pieces of verdict JSON, an end-of-sequence token): before
 *               each step the mask is filled, and accept_token must agree with it — a
 *               token in the mask is accepted, a token outside it is rejected (abort
 *               otherwise, since the sampler trusts the mask).
 * The grammars, the vocabulary and a matcher per grammar (reset for each input, keeping
 * its precomputed tables, as a decoder does between answers) are built once per process.
 * Nothing is printed. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/grammar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define SINGLE_BYTES 0xf0 /* tokens 0..0xef are those bytes */
static const char *const pieces[] = {
    "{\"verdict\": \"", "true_positive", "false_positive", "uncertain", "\", \"confidence\": ",
    ", \"reason\": \"", "\", \"fix\": ", "null", "}", "{\"start_line\": ", ", \"end_line\": ",
    ", \"replacement\": \"", "caf\xc3\xa9", "\\\"", "\xe2\x96", "\x81",
};
#define N_PIECES (sizeof pieces / sizeof pieces[0])
#define N_TOKENS (SINGLE_BYTES + N_PIECES + 1) /* the last one is end of sequence */

typedef struct {
    grammar_t *grammar[2];
    grammar_vocab_t *vocab;
    grammar_matcher_t *matcher[2]; /* one per grammar, reset for every input */
} fixture_t;

static grammar_t *parse_verdict(const grammar_fix_options_t *fix)
{
    char *gbnf = NULL;
    char err[512];
    grammar_t *g = NULL;
    if (grammar_verdict_gbnf(&gbnf, fix, err, sizeof err) != 0) abort();
    if (grammar_parse(&g, gbnf, strlen(gbnf), "verdict.gbnf", err, sizeof err) != 0) abort();
    free(gbnf);
    return g;
}

/* Built on first use and kept for the life of the process. */
static fixture_t *fixture(void)
{
    static fixture_t fx;
    if (fx.vocab) return &fx;
    fx.grammar[0] = parse_verdict(NULL);
    static const char *const idents[] = {"buf", "len", "n"};
    static const char *const templates[] = {"snprintf(buf, sizeof buf, \"%s\", s);"};
    grammar_fix_options_t fix = {idents, 3, true, templates, 1};
    fx.grammar[1] = parse_verdict(&fix);

    static char bytes[SINGLE_BYTES];
    const char *tokens[N_TOKENS];
    uint32_t lens[N_TOKENS];
    for (size_t i = 0; i < SINGLE_BYTES; i++) {
        bytes[i] = (char)i;
        tokens[i] = &bytes[i];
        lens[i] = 1;
    }
    for (size_t i = 0; i < N_PIECES; i++) {
        tokens[SINGLE_BYTES + i] = pieces[i];
        lens[SINGLE_BYTES + i] = (uint32_t)strlen(pieces[i]);
    }
    tokens[N_TOKENS - 1] = "";
    lens[N_TOKENS - 1] = 0;
    uint8_t special[N_TOKENS] = {0};
    special[N_TOKENS - 1] = 1;
    uint32_t eos = N_TOKENS - 1;
    char err[512];
    if (grammar_vocab_new(&fx.vocab, N_TOKENS, tokens, lens, special, &eos, 1, err, sizeof err) != 0)
        abort();
    for (int i = 0; i < 2; i++)
        if (grammar_matcher_new(&fx.matcher[i], fx.grammar[i], fx.vocab, err, sizeof err) != 0) abort();
    return &fx;
}

static void feed_text(grammar_matcher_t *m, const uint8_t *text, size_t len)
{
    char err[256], expected[256];
    size_t consumed = 0;
    int rc = grammar_matcher_accept_bytes(m, (const char *)text, len, &consumed, err, sizeof err);
    if (rc == 0 && consumed != len) abort();
    if (consumed > len) abort();
    (void)grammar_matcher_can_end(m);
    grammar_matcher_describe_expected(m, expected, sizeof expected);
}

static uint32_t token_of(uint8_t b)
{
    return b < SINGLE_BYTES ? b : SINGLE_BYTES + (uint32_t)(b - SINGLE_BYTES) % (N_PIECES + 1);
}

static void feed_tokens(grammar_matcher_t *m, const uint8_t *in, size_t len)
{
    uint32_t mask[(N_TOKENS + 31) / 32];
    char err[256];
    for (size_t i = 0; i < len && i < 512 && !grammar_matcher_is_finished(m); i++) {
        if (grammar_matcher_fill_mask(m, mask, sizeof mask / sizeof mask[0], err, sizeof err) != 0)
            return; /* a limit: the grammar refuses to go on */
        uint32_t t = token_of(in[i]);
        bool allowed = mask[t / 32] >> (t % 32) & 1u;
        int rc = grammar_matcher_accept_token(m, t, err, sizeof err);
        if (allowed && rc != 0) abort();  /* the mask offered a token the matcher refuses */
        if (!allowed && rc == 0) abort(); /* the matcher took a token the mask forbade */
    }
}

/* Builds the fixture before the first input, so its cost (loading and compiling the
 * rule pack, the grammars) does not count against an input's -timeout. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    (void)fixture();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    grammar_matcher_t *m = fixture()->matcher[data[0] & 1];
    grammar_matcher_reset(m);
    if (data[0] & 2) feed_tokens(m, data + 1, size - 1);
    else feed_text(m, data + 1, size - 1);
    return 0;
}
