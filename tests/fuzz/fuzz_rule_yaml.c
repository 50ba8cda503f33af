/* fuzz_rule_yaml.c — libFuzzer harness: the YAML rule reader (analyzer/rules) on any text.
 *
 * The input is one rule file, loaded as a pack of one (rule_pack_load_sources). A rule the
 * loader accepts is run: a scanner is made over the pack and scans a short C text that
 * holds the usual suspects (copies, formats, allocations), so the rule's query, predicates,
 * message and fix templates are all used. Nothing is printed; everything is freed. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "analyzer/rules/rule_pack.h"
#include "analyzer/syntax/scanner.h"
#include "core/candidate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char c_text[] =
    "#include <string.h>\n"
    "#include <stdio.h>\n"
    "#include <stdlib.h>\n"
    "int f(int argc, char **argv) {\n"
    "    char buf[16];\n"
    "    strcpy(buf, argv[1]);\n"
    "    sprintf(buf, \"%s\", argv[0]);\n"
    "    printf(argv[1]);\n"
    "    char *p = malloc(argc * 4);\n"
    "    if (p = NULL) return 1;\n"
    "    gets(buf);\n"
    "    free(p); free(p);\n"
    "    return buf[16];\n"
    "}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rule_source_t source = {"rules/fuzz.yml", (const char *)data, size};
    rule_pack_t *pack = NULL;
    char err[512];
    if (rule_pack_load_sources(&pack, &source, 1, err, sizeof err) != 0) return 0;
    scanner_t *scanner = NULL;
    if (scanner_new(&scanner, pack, err, sizeof err) == 0) {
        candidate_list_t found;
        candidate_list_init(&found);
        (void)scanner_scan(scanner, "fuzz.c", c_text, sizeof c_text - 1, &found, err, sizeof err);
        candidate_list_destroy(&found);
        scanner_free(scanner);
    }
    rule_pack_free(pack);
    return 0;
}
