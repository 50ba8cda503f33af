/* test_analyzer_rules_decide.c — a rule's `decide:` key alone gives its candidates the
 * libclang pass's decisions: rule files written into a fresh folder, with ids that name no
 * family (c.zz-*), are loaded, scanned and decided, and a rule with `decide: [format]`
 * (or bounds, command, alloc-wrap) has its harmless candidates dismissed while its twin
 * without the key, matching the same calls, keeps them. No C code knows these rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "analyzer/clang/clang_pass.h"
#include "analyzer/rules/rule_pack.h"
#include "analyzer/syntax/scanner.h"
#include "tests/unit/helpers/temp_dir.h"

typedef struct {
    char dir[64];   /* holds rules/ and the C file */
} fixture_t;

static int setup(void **state)
{
    fixture_t *fx = calloc(1, sizeof(*fx));
    if (!fx) return -1;
    if (temp_dir_make(fx->dir, sizeof fx->dir, "rules-decide") != 0) return -1;
    char rules[128];
    snprintf(rules, sizeof rules, "%s/rules", fx->dir);
    if (mkdir(rules, 0755) != 0) return -1;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *fx = *state;
    int rc = temp_dir_remove(fx->dir);
    free(fx);
    return rc;
}

static void write_file(const fixture_t *fx, const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", fx->dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Writes rules/<id>.yml: a call of `callee` reported at the call, with `decide` (a YAML
 * value) when not NULL. */
static void write_rule(const fixture_t *fx, const char *id, const char *callee, const char *decide)
{
    char name[128], text[2048];
    snprintf(name, sizeof name, "rules/%s.yml", id);
    snprintf(text, sizeof text,
             "# written by the test: a rule no C code knows\n"
             "id: %s\n"
             "name: Test\n"
             "severity: warning\n"
             "%s%s%s"
             "short: a call of %s\n"
             "message: \"'{fn}' called\"\n"
             "help: |\n"
             "  Nothing to do; a test.\n"
             "query: |\n"
             "  ((call_expression\n"
             "     function: (identifier) @fn) @call\n"
             "   (#eq? @fn \"%s\"))\n"
             "report: '@call'\n",
             id, decide ? "decide: " : "", decide ? decide : "", decide ? "\n" : "", callee, callee);
    write_file(fx, name, text);
}

static const char source[] = "#include <stdio.h>\n"
                             "#include <stdlib.h>\n"
                             "#include <string.h>\n"
                             "void f(const char *s, unsigned char rows, unsigned char cols) {\n"
                             "    static const char fmt[] = \"%s\\n\";\n"
                             "    char buf[16];\n"
                             "    printf(fmt, s);\n"            /* line 7: a constant format */
                             "    memcpy(buf, s, 8);\n"         /* line 8: 8 bytes fit 16 */
                             "    system(\"ls -l\");\n"         /* line 9: a constant command */
                             "    char *grid = malloc(rows * cols);\n" /* line 10: at most 255 * 255 */
                             "    free(grid);\n"
                             "}\n";

/* Loads fx's rules, scans and decides test.c; returns the candidates left. */
static candidate_list_t lint(const fixture_t *fx)
{
    char rules[128], path[128], err[512], notice[512];
    snprintf(rules, sizeof rules, "%s/rules", fx->dir);
    snprintf(path, sizeof path, "%s/test.c", fx->dir);
    rule_pack_t *pack = NULL;
    if (rule_pack_load_dir(&pack, rules, err, sizeof err) != 0) print_error("%s\n", err);
    assert_non_null(pack);
    scanner_t *scanner = NULL;
    assert_int_equal(scanner_new(&scanner, pack, err, sizeof err), 0);
    candidate_list_t list;
    candidate_list_init(&list);
    assert_int_equal(scanner_scan(scanner, "test.c", source, strlen(source), &list, err, sizeof err), 0);
    clang_options_t opts = {0};
    clang_pass_t *pass = NULL;
    assert_int_equal(clang_pass_new(&pass, pack, &opts, err, sizeof err), 0);
    assert_int_equal(clang_pass_run(pass, "test.c", path, &list, notice, sizeof notice, err, sizeof err), 0);
    clang_pass_free(pass);
    scanner_free(scanner);
    /* the candidates point into the pack: keep only what the test reads */
    for (size_t i = 0; i < list.count; i++) list.items[i]->rule = NULL;
    rule_pack_free(pack);
    return list;
}

/* The line of the one candidate of rule `id`, 0 when it has none. */
static uint32_t line_of(const candidate_list_t *list, const char *id)
{
    uint32_t line = 0;
    for (size_t i = 0; i < list->count; i++)
        if (strcmp(list->items[i]->rule_id, id) == 0) {
            assert_int_equal(line, 0); /* one each */
            line = list->items[i]->range.start_line;
        }
    return line;
}

static void test_new_rules_get_their_family_from_the_key(void **state)
{
    fixture_t *fx = *state;
    write_file(fx, "test.c", source);
    write_rule(fx, "c.zz-printf", "printf", "[format]");
    write_rule(fx, "c.zz-printf-plain", "printf", NULL);
    write_rule(fx, "c.zz-memcpy", "memcpy", "[bounds]");
    write_rule(fx, "c.zz-memcpy-plain", "memcpy", NULL);
    write_rule(fx, "c.zz-system", "system", "command");
    write_rule(fx, "c.zz-system-plain", "system", NULL);
    write_rule(fx, "c.zz-malloc", "malloc", "[alloc-wrap]");
    write_rule(fx, "c.zz-malloc-plain", "malloc", NULL);
    candidate_list_t list = lint(fx);
    /* the families dismiss what they prove harmless */
    assert_int_equal(line_of(&list, "c.zz-printf"), 0);
    assert_int_equal(line_of(&list, "c.zz-memcpy"), 0);
    assert_int_equal(line_of(&list, "c.zz-system"), 0);
    assert_int_equal(line_of(&list, "c.zz-malloc"), 0);
    /* the same calls stay for rules without the key, with the facts the pass learned */
    assert_int_equal(line_of(&list, "c.zz-printf-plain"), 7);
    assert_int_equal(line_of(&list, "c.zz-memcpy-plain"), 8);
    assert_int_equal(line_of(&list, "c.zz-system-plain"), 9);
    assert_int_equal(line_of(&list, "c.zz-malloc-plain"), 10);
    for (size_t i = 0; i < list.count; i++) {
        const candidate_t *c = list.items[i];
        if (strcmp(c->rule_id, "c.zz-memcpy-plain") == 0) {
            assert_string_equal(candidate_fact(c, "size"), "8");
            assert_string_equal(candidate_fact(c, "dst_size"), "16");
        }
    }
    assert_int_equal(list.count, 4);
    candidate_list_destroy(&list);
}

/* A family proves only what it is about: a bounds rule is not answered by a constant
 * format, nor a format rule by a size that fits. */
static void test_a_family_answers_only_its_question(void **state)
{
    fixture_t *fx = *state;
    write_file(fx, "test.c", source);
    write_rule(fx, "c.zz-printf", "printf", "[bounds, command]");
    write_rule(fx, "c.zz-memcpy", "memcpy", "[format, alloc-size]");
    candidate_list_t list = lint(fx);
    assert_int_equal(line_of(&list, "c.zz-printf"), 7);
    assert_int_equal(line_of(&list, "c.zz-memcpy"), 8);
    assert_int_equal(list.count, 2);
    candidate_list_destroy(&list);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_new_rules_get_their_family_from_the_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_family_answers_only_its_question, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
