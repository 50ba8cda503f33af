/* fuzz_gbnf.c — libFuzzer harness: the GBNF parser (grammar_parse) on any text.
 *
 * An accepted grammar is printed back (grammar_to_gbnf) and the printout parsed again:
 * it must parse (its rules may differ: a counted repetition gets a wrapper rule again). A matcher is made
 * over it and fed the grammar text itself as input, which walks the rules the parser
 * built (repetitions, groups, character classes) without a vocabulary. Nothing is
 * printed; everything is freed. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/grammar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Matches up to 256 bytes of text; a rejection or a limit is a normal answer. */
static void match_text(const grammar_t *g, const char *text, size_t len)
{
    grammar_matcher_t *m = NULL;
    char err[256];
    if (grammar_matcher_new(&m, g, NULL, err, sizeof err) != 0) return;
    size_t consumed = 0;
    (void)grammar_matcher_accept_bytes(m, text, len < 256 ? len : 256, &consumed, err, sizeof err);
    (void)grammar_matcher_can_end(m);
    char expected[256];
    grammar_matcher_describe_expected(m, expected, sizeof expected);
    grammar_matcher_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    grammar_t *g = NULL;
    char err[512];
    if (grammar_parse(&g, (const char *)data, size, "fuzz.gbnf", err, sizeof err) != 0) return 0;
    char *printed = NULL;
    if (grammar_to_gbnf(g, &printed) == 0) {
        grammar_t *again = NULL;
        if (grammar_parse(&again, printed, strlen(printed), "printed.gbnf", err, sizeof err) != 0)
            abort(); /* the printout of a grammar is a grammar */
        grammar_free(again);
    }
    free(printed);
    match_text(g, (const char *)data, size);
    grammar_free(g);
    return 0;
}
