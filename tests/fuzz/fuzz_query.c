/* fuzz_query.c — libFuzzer harness: tree-sitter queries as a rule file carries them.
 *
 * The input is the text of a rule's `query:` block; the harness wraps it in a fixed rule
 * (each input line indented under `query: |`, report capture @x, a message naming {x}) and
 * loads it, so the loader's own checks (captures, predicates, nesting) run before the
 * query reaches libtree-sitter. An accepted query is scanned over a short C text. Bad
 * queries must not leak what libtree-sitter allocated. Nothing is printed; everything is
 * freed. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/rules/rule_pack.h"
#include "analyzer/syntax/scanner.h"
#include "core/candidate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char head[] =
    "id: c.fuzz-query\n"
    "name: FuzzQuery\n"
    "cwe: CWE-20\n"
    "severity: warning\n"
    "short: a fuzzed query\n"
    "message: found '{x}'\n"
    "help: Nothing to do.\n"
    "query: |\n";
static const char tail[] = "report: '@x'\n";

static const char c_text[] =
    "#include <string.h>\n"
    "struct s { int a; char b[4]; };\n"
    "static int g(const char *s) { return s ? (int)strlen(s) : -1; }\n"
    "int f(int argc, char **argv) {\n"
    "    char buf[16]; struct s v = {0};\n"
    "    for (int i = 0; i < argc; i++) strcpy(buf, argv[i]);\n"
    "    switch (argc) { case 1: return g(buf); default: break; }\n"
    "    return v.a + (argc > 2 ? buf[0] : 'x');\n"
    "}\n";

/* head, then every input line behind two spaces, then tail. NULL on out of memory. */
static char *wrap(const uint8_t *data, size_t size, size_t *len)
{
    size_t lines = 1;
    for (size_t i = 0; i < size; i++) lines += data[i] == '\n';
    char *text = malloc(sizeof head + size + 2 * lines + 1 + sizeof tail);
    if (!text) return NULL;
    size_t at = 0;
    memcpy(text, head, sizeof head - 1);
    at += sizeof head - 1;
    text[at++] = ' ';
    text[at++] = ' ';
    for (size_t i = 0; i < size; i++) {
        text[at++] = (char)data[i];
        if (data[i] == '\n') {
            text[at++] = ' ';
            text[at++] = ' ';
        }
    }
    text[at++] = '\n';
    memcpy(text + at, tail, sizeof tail - 1);
    at += sizeof tail - 1;
    *len = at;
    return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t len = 0;
    char *text = wrap(data, size, &len);
    if (!text) return 0;
    rule_source_t source = {"rules/c.fuzz-query.yml", text, len};
    rule_pack_t *pack = NULL;
    char err[512];
    if (rule_pack_load_sources(&pack, &source, 1, err, sizeof err) == 0) {
        scanner_t *scanner = NULL;
        if (scanner_new(&scanner, pack, err, sizeof err) == 0) {
            candidate_list_t found;
            candidate_list_init(&found);
            (void)scanner_scan(scanner, "fuzz.c", c_text, sizeof c_text - 1, &found, err, sizeof err);
            candidate_list_destroy(&found);
            scanner_free(scanner);
        }
        rule_pack_free(pack);
    }
    free(text);
    return 0;
}
