/* test_analyzer_scan_alias.c — calls through object-like alias macros (`#define MKTEMP
 * mktemp`, macro_alias.h): the scanner must find them as the function they stand for,
 * in gated rules and in text predicates (#eq?, #any-of?, #match? and their negations)
 * and in callee regexes of semantic predicates, record the fact "alias", follow chains,
 * see both targets of a name defined in two #if branches, and ignore function-like
 * macros, other bodies, cycles, uses before the #define and after an #undef. A file
 * without aliases must give what it gave before. The rules are written into a temporary
 * folder at run time; macro_aliases_resolve() is also tested on its own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/query/macro_alias.h"
#include "analyzer/rules/rule_impl.h"
#include "analyzer/rules/rule_pack.h"
#include "analyzer/syntax/scanner.h"
#include "analyzer/query/ts_syntax.h"
#include "tests/unit/helpers/temp_dir.h"

typedef struct {
    char dir[256];
    rule_pack_t *pack;
    scanner_t *scanner;
} fixture_t;

static const char rule_head[] = "severity: warning\nshort: test rule\nmessage: found {fn}\nhelp: test\n";

static const struct {
    const char *name, *body;
} rules[] = {
    /* gated by #any-of? */
    {"t.temp", "id: t.temp\nname: Temp\nquery: |\n"
               "  ((call_expression function: (identifier) @fn) @r\n"
               "   (#any-of? @fn \"mktemp\" \"tmpnam\"))\nreport: '@r'\n"},
    /* gated by #eq?, a semantic predicate with a callee regex after it */
    {"t.check", "id: t.check\nname: Check\nquery: |\n"
                "  ((call_expression function: (identifier) @fn arguments: (argument_list . (_) @path)) @r\n"
                "   (#eq? @fn \"access\")\n"
                "   (#followed-by-call-on? @path \"^(open|fopen)$\"))\nreport: '@r'\n"},
    /* not gated: #match? and a negation */
    {"t.copy", "id: t.copy\nname: Copy\nquery: |\n"
               "  ((call_expression function: (identifier) @fn) @r\n"
               "   (#match? @fn \"cpy$\")\n"
               "   (#not-eq? @fn \"strncpy\"))\nreport: '@r'\n"},
};
#define RULE_COUNT (sizeof rules / sizeof rules[0])

static int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof(*f));
    char err[1024];
    if (temp_dir_make(f->dir, sizeof f->dir, "alias") != 0) return -1;
    for (size_t i = 0; i < RULE_COUNT; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s.yml", f->dir, rules[i].name);
        FILE *out = fopen(path, "w");
        if (!out) return -1;
        fputs(rules[i].body, out);
        fputs(rule_head, out);
        if (fclose(out) != 0) return -1;
    }
    if (rule_pack_load_dir(&f->pack, f->dir, err, sizeof err) < 0 ||
        scanner_new(&f->scanner, f->pack, err, sizeof err) < 0) {
        fprintf(stderr, "setup: %s\n", err);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    scanner_free(f->scanner);
    rule_pack_free(f->pack);
    int rc = temp_dir_remove(f->dir);
    free(f);
    return rc;
}

/* Scans text; writes "rule@line" for each finding, space-separated, into out, and the
 * "alias" facts, in order, into aliases ("" when none; may be NULL). */
static void scan(fixture_t *f, const char *text, char *out, size_t out_size, char *aliases, size_t aliases_size)
{
    candidate_list_t list;
    candidate_list_init(&list);
    char err[512];
    int rc = scanner_scan(f->scanner, "t.c", text, strlen(text), &list, err, sizeof err);
    if (rc < 0) print_error("scan: %s\n", err);
    assert_int_equal(rc, 0);
    size_t used = 0, aused = 0;
    out[0] = '\0';
    if (aliases) aliases[0] = '\0';
    for (size_t i = 0; i < list.count && used < out_size; i++) {
        const candidate_t *c = list.items[i];
        used += (size_t)snprintf(out + used, out_size - used, "%s%s@%u", i ? " " : "", c->rule_id,
                                 c->range.start_line);
        const char *alias = candidate_fact(c, "alias");
        if (aliases && alias && aused < aliases_size)
            aused += (size_t)snprintf(aliases + aused, aliases_size - aused, "%s%s", aused ? "; " : "", alias);
    }
    candidate_list_destroy(&list);
}

static void simple_alias_is_found_with_its_fact(void **state)
{
    char got[512], aliases[512];
    scan(*state,
         "#define MKTEMP mktemp\n"
         "#define STRCPY strcpy /* portable name */\n"
         "void f(char *t, char *d) {\n"
         "    MKTEMP(t);\n"        /* 4 */
         "    STRCPY(d, t);\n"     /* 5 */
         "    mktemp(t);\n"        /* 6: written plainly, no alias fact */
         "}\n",
         got, sizeof got, aliases, sizeof aliases);
    assert_string_equal(got, "t.temp@4 t.copy@5 t.temp@6");
    assert_string_equal(aliases, "MKTEMP -> mktemp; STRCPY -> strcpy");
}

static void chains_resolve_at_the_use(void **state)
{
    char got[512], aliases[512];
    scan(*state,
         "#define TEMPNAME TMP_IMPL\n" /* TMP_IMPL is defined after this line: fine, */
         "#define TMP_IMPL tmpnam\n"   /* the chain is expanded where it is used */
         "void f(char *b) { TEMPNAME(b); }\n",
         got, sizeof got, aliases, sizeof aliases);
    assert_string_equal(got, "t.temp@3");
    assert_string_equal(aliases, "TEMPNAME -> tmpnam");
}

static void both_branches_of_an_if_count(void **state)
{
    char got[512];
    const char *text = "#include <unistd.h>\n"
                       "#ifdef _WIN32\n"
                       "#define ACCESS _access\n"
                       "#define OPEN _open\n"
                       "#else\n"
                       "#define ACCESS access\n"
                       "#define OPEN open\n"
                       "#endif\n"
                       "int f(const char *p) {\n"
                       "    if (ACCESS(p, 2) != 0) return -1;\n" /* 10 */
                       "    return OPEN(p, 0);\n"
                       "}\n"
                       "int g(const char *p) {\n"
                       "    if (ACCESS(p, 2) != 0) return -1;\n" /* checked, never opened */
                       "    return 0;\n"
                       "}\n";
    scan(*state, text, got, sizeof got, NULL, 0);
    assert_string_equal(got, "t.check@10");
}

static void negations_hold_only_when_no_name_matches(void **state)
{
    char got[512];
    scan(*state,
         "#define COPY_BOUNDED strncpy\n"
         "#define COPY strcpy\n"
         "void f(char *d, const char *s) {\n"
         "    COPY_BOUNDED(d, s, 8);\n" /* matches cpy$ only as strncpy, which #not-eq? excludes */
         "    COPY(d, s);\n"            /* 5 */
         "    strncpy(d, s, 8);\n"
         "}\n",
         got, sizeof got, NULL, 0);
    assert_string_equal(got, "t.copy@5");
}

static void other_macros_are_not_aliases(void **state)
{
    char got[512];
    scan(*state,
         "#define MK(t) mktemp(t)\n"    /* function-like: MK is no alias (the body is not parsed) */
         "#define MK2 (mktemp)\n"       /* body is not one identifier */
         "#define MK3 mktemp + 0\n"
         "#define MK4\n"
         "#define MK5 \"mktemp\"\n"
         "void f(char *t) {\n"
         "    MK(t);\n"
         "    MK2(t);\n"
         "    MK3(t);\n"
         "    MK4(t);\n"
         "    MK5(t);\n"
         "}\n",
         got, sizeof got, NULL, 0);
    assert_string_equal(got, "");
}

static void cycles_end_without_a_finding(void **state)
{
    char got[512];
    scan(*state,
         "#define SELF SELF\n"
         "#define PING PONG\n"
         "#define PONG PING\n"
         "#define LOOP1 LOOP2\n"
         "#define LOOP2 LOOP3\n"
         "#define LOOP3 LOOP1\n"
         "void f(char *t) { SELF(t); PING(t); LOOP1(t); LOOP3(t); }\n",
         got, sizeof got, NULL, 0);
    assert_string_equal(got, "");
}

static void only_aliases_defined_above_count(void **state)
{
    char got[512];
    scan(*state,
         "void early(char *t) { MKTEMP(t); }\n" /* before the #define: not an alias yet */
         "#define MKTEMP mktemp\n"
         "void late(char *t) { MKTEMP(t); }\n" /* 3 */
         "#undef MKTEMP\n"
         "void after_undef(char *t) { MKTEMP(t); }\n"
         "#define MKTEMP tmpnam\n"
         "void redefined(char *t) { MKTEMP(t); }\n", /* 7 */
         got, sizeof got, NULL, 0);
    assert_string_equal(got, "t.temp@3 t.temp@7");
}

static void files_without_aliases_are_unchanged(void **state)
{
    char plain[512], with_other_macros[512];
    const char *body = "void f(char *t, char *d, const char *p) {\n"
                       "    mktemp(t);\n"
                       "    strcpy(d, t);\n"
                       "    strncpy(d, t, 4);\n"
                       "    if (access(p, 4) == 0) fopen(p, \"r\");\n"
                       "    MKTEMP(t);\n"
                       "}\n";
    scan(*state, body, plain, sizeof plain, NULL, 0);
    assert_string_equal(plain, "t.temp@2 t.copy@3 t.check@5");
    /* macros that rename nothing the rules look at leave the findings alone */
    char text[1024];
    snprintf(text, sizeof text, "#define FLAGS O_RDWR\n#define SIZE 16\n#define MKTEMP(t) t\n#undef X\n%s", body);
    scan(*state, text, with_other_macros, sizeof with_other_macros, NULL, 0);
    assert_string_equal(with_other_macros, "t.temp@6 t.copy@7 t.check@9");
}

/* ---- macro_aliases_resolve on its own ---------------------------------------------------- */

typedef struct {
    TSParser *parser;
    TSTree *tree;
    TSNode *tops;
    size_t count, cap;
    macro_aliases_t *aliases;
} parsed_t;

static void parse(parsed_t *p, const char *text)
{
    memset(p, 0, sizeof(*p));
    p->parser = ts_parser_new();
    assert_true(ts_parser_set_language(p->parser, tree_sitter_c()));
    p->tree = ts_parser_parse_string(p->parser, NULL, text, (uint32_t)strlen(text));
    assert_non_null(p->tree);
    assert_int_equal(syn_tops_collect(ts_tree_root_node(p->tree), &p->tops, &p->count, &p->cap), 0);
    assert_int_equal(macro_aliases_new(&p->aliases), 0);
    assert_int_equal(macro_aliases_collect(p->aliases, text, p->tops, p->count), 0);
}

static void parsed_destroy(parsed_t *p)
{
    macro_aliases_free(p->aliases);
    free(p->tops);
    ts_tree_delete(p->tree);
    ts_parser_delete(p->parser);
}

/* The names the last `word` of text stands for, joined by spaces. */
static void resolve_last(const parsed_t *p, const char *text, const char *word, char *out, size_t out_size)
{
    const char *at = NULL;
    for (const char *s = strstr(text, word); s; s = strstr(s + 1, word)) at = s;
    assert_non_null(at);
    macro_alias_spelling_t as[MACRO_ALIAS_SPELLINGS];
    uint32_t start = (uint32_t)(at - text);
    size_t n = macro_aliases_resolve(p->aliases, start, start + (uint32_t)strlen(word), as, MACRO_ALIAS_SPELLINGS);
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(out + used, out_size - used, "%s%.*s", i ? " " : "", (int)as[i].len, as[i].text);
}

static void resolve_lists_every_name_nearest_first(void **state)
{
    (void)state;
    const char *text = "#if defined(_WIN32)\n"
                       "# define snprintf _snprintf\n"
                       "#elif defined(OLD)\n"
                       "# define snprintf my_snprintf\n"
                       "#endif\n"
                       "#define my_snprintf \\\n"
                       "    portable_snprintf // a comment\n"
                       "int x = snprintf;\n";
    parsed_t p;
    parse(&p, text);
    assert_false(macro_aliases_empty(p.aliases));
    char got[256];
    resolve_last(&p, text, "snprintf", got, sizeof got);
    assert_string_equal(got, "my_snprintf _snprintf portable_snprintf");
    /* the defined name inside its own #define is no use of it */
    macro_alias_spelling_t as[4];
    uint32_t in_define = (uint32_t)(strstr(text, "snprintf _snprintf") - text);
    assert_int_equal(macro_aliases_resolve(p.aliases, in_define, in_define + 8, as, 4), 0);
    /* max bounds the answer */
    uint32_t use = (uint32_t)(strrchr(text, '=') + 2 - text);
    assert_int_equal(macro_aliases_resolve(p.aliases, use, use + 8, as, 1), 1);
    parsed_destroy(&p);
}

static void resolve_stops_at_the_depth_limit(void **state)
{
    (void)state;
    char text[2048];
    size_t used = 0;
    for (int i = 0; i < MACRO_ALIAS_DEPTH + 2; i++)
        used += (size_t)snprintf(text + used, sizeof text - used, "#define A%d A%d\n", i, i + 1);
    snprintf(text + used, sizeof text - used, "int x = A0;\n");
    parsed_t p;
    parse(&p, text);
    macro_alias_spelling_t as[MACRO_ALIAS_SPELLINGS];
    uint32_t use = (uint32_t)(strstr(text, "= A0") + 2 - text);
    size_t n = macro_aliases_resolve(p.aliases, use, use + 2, as, MACRO_ALIAS_SPELLINGS);
    assert_int_equal(n, MACRO_ALIAS_SPELLINGS < MACRO_ALIAS_DEPTH ? MACRO_ALIAS_SPELLINGS : MACRO_ALIAS_DEPTH);
    assert_int_equal(as[0].len, 2);
    assert_memory_equal(as[0].text, "A1", 2);
    parsed_destroy(&p);
}

static void a_file_with_no_alias_gives_an_empty_table(void **state)
{
    (void)state;
    const char *text = "#define N 16\n#define F(x) x\n#undef N\nint f(void) { return 0; }\n";
    parsed_t p;
    parse(&p, text);
    assert_true(macro_aliases_empty(p.aliases));
    macro_alias_spelling_t as[2];
    assert_int_equal(macro_aliases_resolve(p.aliases, 0, 7, as, 2), 0);
    /* collecting again replaces the table */
    const char *text2 = "#define CP strcpy\nint x = CP;\n";
    TSTree *tree = ts_parser_parse_string(p.parser, NULL, text2, (uint32_t)strlen(text2));
    size_t count = 0;
    assert_int_equal(syn_tops_collect(ts_tree_root_node(tree), &p.tops, &count, &p.cap), 0);
    assert_int_equal(macro_aliases_collect(p.aliases, text2, p.tops, count), 0);
    assert_false(macro_aliases_empty(p.aliases));
    uint32_t use = (uint32_t)(strstr(text2, "= CP") + 2 - text2);
    assert_int_equal(macro_aliases_resolve(p.aliases, use, use + 2, as, 2), 1);
    assert_memory_equal(as[0].text, "strcpy", 6);
    ts_tree_delete(tree);
    assert_true(macro_aliases_empty(NULL));
    macro_aliases_free(NULL);
    parsed_destroy(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(simple_alias_is_found_with_its_fact, setup, teardown),
        cmocka_unit_test_setup_teardown(chains_resolve_at_the_use, setup, teardown),
        cmocka_unit_test_setup_teardown(both_branches_of_an_if_count, setup, teardown),
        cmocka_unit_test_setup_teardown(negations_hold_only_when_no_name_matches, setup, teardown),
        cmocka_unit_test_setup_teardown(other_macros_are_not_aliases, setup, teardown),
        cmocka_unit_test_setup_teardown(cycles_end_without_a_finding, setup, teardown),
        cmocka_unit_test_setup_teardown(only_aliases_defined_above_count, setup, teardown),
        cmocka_unit_test_setup_teardown(files_without_aliases_are_unchanged, setup, teardown),
        cmocka_unit_test(resolve_lists_every_name_nearest_first),
        cmocka_unit_test(resolve_stops_at_the_depth_limit),
        cmocka_unit_test(a_file_with_no_alias_gives_an_empty_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
