/* test_analyzer_rules_predicates.c — each predicate on its own: a one-rule pack with a
 * small query is run over short C snippets, and the test checks which snippets match
 * and which facts were recorded. Text predicates, scope lookups (shadowing, globals,
 * struct fields, parameters that are pointers), constants and literals, file modes,
 * directives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/rules/rule_pack.h"
#include "analyzer/syntax/scanner.h"

/* Builds a rule around `query` (reporting @x) and scans code. Returns the number of
 * findings; when fact is non-NULL, copies the first finding's value of that fact (or "")
 * into out. */
static int run(const char *query, const char *code, const char *fact, char *out, size_t out_size)
{
    char rule[4096];
    snprintf(rule, sizeof rule,
             "id: c.t\nname: T\nseverity: note\nshort: s\nhelp: h\nmessage: m\nquery: |\n  %s\nreport: '@x'\n", query);
    rule_source_t src = {"t.yml", rule, strlen(rule)};
    rule_pack_t *pack;
    scanner_t *scanner;
    char err[512];
    if (rule_pack_load_sources(&pack, &src, 1, err, sizeof err) < 0) {
        print_error("%s\n", err);
        fail();
    }
    assert_int_equal(scanner_new(&scanner, pack, err, sizeof err), 0);
    candidate_list_t list;
    candidate_list_init(&list);
    assert_int_equal(scanner_scan(scanner, "t.c", code, strlen(code), &list, err, sizeof err), 0);
    int n = (int)list.count;
    if (fact) {
        const char *v = n ? candidate_fact(list.items[0], fact) : NULL;
        snprintf(out, out_size, "%s", v ? v : "");
    }
    candidate_list_destroy(&list);
    scanner_free(scanner);
    rule_pack_free(pack);
    return n;
}

#define CALL_ARG0(pred) "((call_expression function: (identifier) @fn arguments: (argument_list . (_) @x)) (#eq? @fn \"use\") " pred ")"

static void test_text_predicates(void **state)
{
    (void)state;
    const char *code = "void f(void) { strcpy(a, b); strncpy(a, b, 1); memcpy(a, b, 2); }";
    const char *q = "((call_expression function: (identifier) @x) %s)";
    char query[512];
    snprintf(query, sizeof query, q, "(#match? @x \"^str\")");
    assert_int_equal(run(query, code, NULL, NULL, 0), 2);
    snprintf(query, sizeof query, q, "(#not-match? @x \"^str\")");
    assert_int_equal(run(query, code, NULL, NULL, 0), 1);
    snprintf(query, sizeof query, q, "(#any-of? @x \"memcpy\" \"strcpy\")");
    assert_int_equal(run(query, code, NULL, NULL, 0), 2);
    snprintf(query, sizeof query, q, "(#not-any-of? @x \"memcpy\" \"strcpy\")");
    assert_int_equal(run(query, code, NULL, NULL, 0), 1);
    snprintf(query, sizeof query, q, "(#eq? @x \"strncpy\")");
    assert_int_equal(run(query, code, NULL, NULL, 0), 1);
    snprintf(query, sizeof query, q, "(#not-eq? @x \"strncpy\")");
    assert_int_equal(run(query, code, NULL, NULL, 0), 2);
    /* #eq? of two captures, #same-text? ignoring spaces */
    const char *same = "void f(void) { p = realloc(p, 1); q = realloc(r, 1); s->a = realloc(s -> a, 2); }";
    assert_int_equal(run("((assignment_expression left: (_) @x right: (call_expression arguments: (argument_list . (_) @y))) (#eq? @x @y))",
                         same, NULL, NULL, 0), 1);
    assert_int_equal(run("((assignment_expression left: (_) @x right: (call_expression arguments: (argument_list . (_) @y))) (#same-text? @x @y))",
                         same, NULL, NULL, 0), 2);
}

static void test_fixed_array_scopes(void **state)
{
    (void)state;
    char size[64];
    const char *q = CALL_ARG0("(#fixed-array? @x)");
    assert_int_equal(run(q, "void f(void) { char b[16]; use(b); }", "x_size", size, sizeof size), 1);
    assert_string_equal(size, "16");
    /* size from a string initializer, a macro, a global, a static */
    assert_int_equal(run(q, "void f(void) { char b[] = \"hello\"; use(b); }", "x_size", size, sizeof size), 1);
    assert_string_equal(size, "6");
    assert_int_equal(run(q, "#define N 32\nvoid f(void) { char b[N]; use(b); }", "x_size", size, sizeof size), 1);
    assert_string_equal(size, "N");
    assert_int_equal(run(q, "char g[4 * 8];\nvoid f(void) { use(g); }", "x_size", size, sizeof size), 1);
    assert_string_equal(size, "32");
    /* a parameter is a pointer whatever its spelling; a pointer is not an array */
    assert_int_equal(run(q, "void f(char b[16]) { use(b); }", NULL, NULL, 0), 0);
    assert_int_equal(run(q, "void f(void) { char *b = 0; use(b); }", NULL, NULL, 0), 0);
    /* shadowing: the inner pointer hides the outer array, and the other way round */
    assert_int_equal(run(q, "void f(void) { char b[8]; { char *b = 0; use(b); } }", NULL, NULL, 0), 0);
    assert_int_equal(run(q, "void f(char *b) { { char b[8]; use(b); } }", NULL, NULL, 0), 1);
    /* a declaration after the use does not count */
    assert_int_equal(run(q, "void f(void) { use(b); char b[8]; }", NULL, NULL, 0), 0);
    /* struct fields and subscripts of 2-D arrays */
    assert_int_equal(run(q, "struct s { char name[24]; };\nvoid f(struct s *p) { use(p->name); }", "x_size", size, sizeof size), 1);
    assert_string_equal(size, "24");
    assert_int_equal(run(q, "void f(int i) { char names[10][32]; use(names[i]); }", "x_size", size, sizeof size), 1);
    assert_string_equal(size, "32");
    /* inside #ifdef at file scope */
    assert_int_equal(run(q, "#ifdef X\nstatic char g[12];\n#endif\nvoid f(void) { use(g); }", "x_size", size, sizeof size), 1);
    assert_string_equal(size, "12");
}

static void test_pointer_and_locals(void **state)
{
    (void)state;
    assert_int_equal(run(CALL_ARG0("(#pointer? @x)"), "void f(char *p) { use(p); }", NULL, NULL, 0), 1);
    assert_int_equal(run(CALL_ARG0("(#pointer? @x)"), "void f(char p[64]) { use(p); }", NULL, NULL, 0), 1);
    assert_int_equal(run(CALL_ARG0("(#pointer? @x)"), "void f(void) { char p[64]; use(p); }", NULL, NULL, 0), 0);
    assert_int_equal(run(CALL_ARG0("(#local-array? @x)"), "void f(void) { char p[64]; use(p); }", NULL, NULL, 0), 1);
    assert_int_equal(run(CALL_ARG0("(#local-array? @x)"), "void f(void) { static char p[64]; use(p); }", NULL, NULL, 0), 0);
    assert_int_equal(run(CALL_ARG0("(#local-object? @x)"), "void f(int n) { use(n); }", NULL, NULL, 0), 1);
    assert_int_equal(run(CALL_ARG0("(#local-object? @x)"), "int g;\nvoid f(void) { use(g); }", NULL, NULL, 0), 0);
    char kind[128];
    assert_int_equal(run(CALL_ARG0("(#not-heap? @x)"), "void f(void) { int v; use(&v); }", "x_kind", kind, sizeof kind), 1);
    assert_string_equal(kind, "the address of variable 'v'");
    assert_int_equal(run(CALL_ARG0("(#not-heap? @x)"), "void f(char *p) { use(p); }", NULL, NULL, 0), 0);
}

static void test_literals_and_constants(void **state)
{
    (void)state;
    const char *nl = CALL_ARG0("(#not-literal? @x)");
    assert_int_equal(run(nl, "void f(void) { use(\"a\" \"b\"); }", NULL, NULL, 0), 0);
    assert_int_equal(run(nl, "void f(void) { use(FMT); }", NULL, NULL, 0), 0);
    assert_int_equal(run(nl, "void f(int c) { use(c ? \"x\" : \"y\"); }", NULL, NULL, 0), 0);
    assert_int_equal(run(nl, "void f(void) { use(_(\"x\")); }", NULL, NULL, 0), 0);
    assert_int_equal(run(nl, "void f(void) { static const char m[] = \"x\"; use(m); }", NULL, NULL, 0), 0);
    assert_int_equal(run(nl, "void f(char *m) { use(m); }", NULL, NULL, 0), 1);
    assert_int_equal(run(nl, "void f(int c, char *m) { use(c ? \"x\" : m); }", NULL, NULL, 0), 1);
    const char *uf = CALL_ARG0("(#untrusted-format? @x)");
    assert_int_equal(run(uf, "void f(const char *fmt, ...) { use(fmt); }", NULL, NULL, 0), 0);
    assert_int_equal(run(uf, "void f(const char *fmt, va_list ap) { use(fmt); }", NULL, NULL, 0), 0);
    assert_int_equal(run(uf, "void f(const char *fmt) { use(fmt); }", NULL, NULL, 0), 1);
    const char *nc = CALL_ARG0("(#non-constant? @x)");
    assert_int_equal(run(nc, "void f(void) { use(16 * sizeof(int) + MAX); }", NULL, NULL, 0), 0);
    assert_int_equal(run(nc, "void f(void) { const int n = 4; use(n); }", NULL, NULL, 0), 0);
    assert_int_equal(run(nc, "void f(int n) { use(n + 1); }", NULL, NULL, 0), 1);
}

static void test_modes(void **state)
{
    (void)state;
    char octal[32];
    const char *g = CALL_ARG0("(#mode-grants? @x \"0002\")");
    assert_int_equal(run(g, "void f(void) { use(0666); }", "x_octal", octal, sizeof octal), 1);
    assert_string_equal(octal, "0666");
    assert_int_equal(run(g, "void f(void) { use(S_IRUSR | S_IWOTH); }", "x_octal", octal, sizeof octal), 1);
    assert_string_equal(octal, "0402");
    assert_int_equal(run(g, "void f(void) { use(0644); }", NULL, NULL, 0), 0);
    assert_int_equal(run(g, "void f(int m) { use(m); }", NULL, NULL, 0), 0);
    const char *l = CALL_ARG0("(#mode-lacks? @x \"0002\")");
    assert_int_equal(run(l, "void f(void) { use(0); }", NULL, NULL, 0), 1);
    assert_int_equal(run(l, "void f(void) { use(022); }", NULL, NULL, 0), 0);
}

static void test_effects_sizes_and_directives(void **state)
{
    (void)state;
    char v[96];
    const char *se = CALL_ARG0("(#has-side-effect? @x \"^close$\")");
    assert_int_equal(run(se, "void f(int i) { use(i++ > 0); }", "x_effect", v, sizeof v), 1);
    assert_string_equal(v, "i++");
    assert_int_equal(run(se, "void f(int fd) { use(close(fd) == 0); }", NULL, NULL, 0), 1);
    assert_int_equal(run(se, "void f(int i) { use(i > 0 && strlen(\"x\")); }", NULL, NULL, 0), 0);
    /* #exceeds-array? with a constant and with sizeof of a bigger array */
    const char *ex = "((call_expression function: (identifier) @fn arguments: (argument_list . (_) @x . (_) @n)) (#eq? @fn \"use\") (#exceeds-array? @x @n))";
    assert_int_equal(run(ex, "void f(void) { char b[8]; use(b, 9); }", "x_bound", v, sizeof v), 1);
    assert_string_equal(v, "9");
    assert_int_equal(run(ex, "void f(void) { char b[8]; use(b, 8); }", NULL, NULL, 0), 0);
    assert_int_equal(run(ex, "void f(void) { char b[8], c[9]; use(b, sizeof c); }", NULL, NULL, 0), 1);
    /* a directive records facts without filtering */
    const char *dir = CALL_ARG0("(#fixed-array! @x)");
    assert_int_equal(run(dir, "void f(char *p) { use(p); }", "x_size", v, sizeof v), 1);
    assert_string_equal(v, "");
    assert_int_equal(run(dir, "void f(void) { char b[3]; use(b); }", "x_size", v, sizeof v), 1);
    assert_string_equal(v, "3");
    const char *last = CALL_ARG0("(#is-last-argument! @x)");
    assert_int_equal(run(last, "void f(int a) { use(a /* only */); }", "x_last", v, sizeof v), 1);
    assert_string_equal(v, "yes");
    assert_int_equal(run(last, "void f(int a) { use(a, 2); }", "x_last", v, sizeof v), 1);
    assert_string_equal(v, "");
}

static void test_function_flow(void **state)
{
    (void)state;
    char v[96];
    const char *uu = "((init_declarator declarator: (pointer_declarator declarator: (identifier) @x) value: (call_expression)) (#unchecked-use? @x \"^memset$\"))";
    assert_int_equal(run(uu, "void f(void) { char *p = malloc(4); p[0] = 1; }", "x_use_line", v, sizeof v), 1);
    assert_string_equal(v, "1");
    assert_int_equal(run(uu, "void f(void) { char *p = malloc(4); if (!p) return; p[0] = 1; }", NULL, NULL, 0), 0);
    assert_int_equal(run(uu, "void f(void) { char *p = malloc(4); memset(p, 0, 4); }", NULL, NULL, 0), 1);
    assert_int_equal(run(uu, "void f(void) { char *p = malloc(4); g(p); p[0] = 1; }", NULL, NULL, 0), 0);
    const char *ext = CALL_ARG0("(#external-input? @x)");
    assert_int_equal(run(ext, "int main(int c, char **argv) { use(argv[1]); }", "x_source", v, sizeof v), 1);
    assert_string_equal(v, "argv");
    assert_int_equal(run(ext, "void f(int fd) { char b[8]; read(fd, b, 8); use(b); }", "x_source", v, sizeof v), 1);
    assert_string_equal(v, "read");
    assert_int_equal(run(ext, "void f(void) { char b[8] = \"1\"; use(b); }", NULL, NULL, 0), 0);
    const char *later = CALL_ARG0("(#followed-by-call-on? @x \"^open$\")");
    assert_int_equal(run(later, "void f(char *p) { use(p); open(p, 0); }", "x_call_line", v, sizeof v), 1);
    assert_int_equal(run(later, "void f(char *p, char *q) { use(p); open(q, 0); }", NULL, NULL, 0), 0);
    assert_int_equal(run(later, "void f(char *p) { open(p, 0); use(p); }", NULL, NULL, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_predicates),
        cmocka_unit_test(test_fixed_array_scopes),
        cmocka_unit_test(test_pointer_and_locals),
        cmocka_unit_test(test_literals_and_constants),
        cmocka_unit_test(test_modes),
        cmocka_unit_test(test_effects_sizes_and_directives),
        cmocka_unit_test(test_function_flow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
