/* fuzz_schema.c — libFuzzer harness: JSON Schema → GBNF (grammar_schema_to_gbnf) on any
 * text.
 *
 * A schema the converter accepts must give GBNF that grammar_parse accepts (the converter
 * promises a grammar, so a refusal here is a bug and aborts), except where the parser
 * reports a limit. Nothing is printed; everything is freed. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/grammar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *gbnf = NULL;
    char err[512];
    if (grammar_schema_to_gbnf(&gbnf, (const char *)data, size, "fuzz.schema.json", NULL, 0, err,
                               sizeof err) != 0)
        return 0;
    grammar_t *g = NULL;
    int rc = grammar_parse(&g, gbnf, strlen(gbnf), "schema.gbnf", err, sizeof err);
    if (rc != 0 && rc != GRAMMAR_ERR_LIMIT && rc != GRAMMAR_ERR_NOMEM) abort();
    grammar_free(g);
    free(gbnf);
    return 0;
}
