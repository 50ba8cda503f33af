/* fuzz_scanner.c — libFuzzer harness: the syntax scanner (analyzer/syntax/scanner.h) on C
 * source text, with the real rule pack (rules/, read once from the current folder: run
 * from the repository root, as `make fuzz` does, or set ASSAY_FUZZ_RULES to the folder).
 *
 * Every rule is enabled and the input is scanned as the file "fuzz.c"; the candidates are
 * dropped. Nothing is printed; each input's candidates are freed (the pack and the scanner
 * live as long as the process). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "analyzer/rules/rule_pack.h"
#include "analyzer/syntax/scanner.h"
#include "core/candidate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static scanner_t *the_scanner(void)
{
    static rule_pack_t *pack;
    static scanner_t *scanner;
    if (scanner) return scanner;
    const char *dir = getenv("ASSAY_FUZZ_RULES");
    char err[512];
    if (rule_pack_load_dir(&pack, dir ? dir : "rules", err, sizeof err) != 0) abort();
    (void)rule_pack_set_enabled(pack, "*", true);
    if (scanner_new(&scanner, pack, err, sizeof err) != 0) abort();
    return scanner;
}

/* Builds the fixture before the first input, so its cost (loading and compiling the
 * rule pack, the grammars) does not count against an input's -timeout. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    (void)the_scanner();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    scanner_t *scanner = the_scanner();
    candidate_list_t found;
    candidate_list_init(&found);
    char err[512];
    (void)scanner_scan(scanner, "fuzz.c", (const char *)data, size, &found, err, sizeof err);
    candidate_list_destroy(&found);
    return 0;
}
