/* test_analyzer_scan_gating.c — the scanner runs gated and keyed rules only around their
 * words (scanner.c), and must find exactly what a walk of the whole tree finds: nested
 * and repeated words, captures several levels below the pattern's root, statements
 * nested in statements, do/while and else-if chains, code with syntax errors, and words
 * in comments, strings and preprocessor lines that must not count. The expected findings
 * are what the earlier scanner, which walked every top-level declaration holding a word
 * (and the whole tree for the other rules), found on the same text. The rules are
 * written into a temporary folder at run time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/rules/rule_pack.h"
#include "analyzer/syntax/scanner.h"
#include "tests/unit/helpers/temp_dir.h"

typedef struct {
    char dir[256];
    rule_pack_t *pack;
    scanner_t *scanner;
} fixture_t;

static const char rule_head[] = "severity: warning\nshort: test rule\nmessage: found {r}\nhelp: test\n";

/* statement-level call of foo: the gate capture sits two levels below the root */
static const char stmt_rule[] = "id: t.stmt-call\nname: StmtCall\n"
                                "query: |\n"
                                "  ((expression_statement (call_expression function: (identifier) @fn)) @r\n"
                                "   (#eq? @fn \"foo\"))\n"
                                "report: '@r'\n";
/* any call of foo or bar */
static const char call_rule[] = "id: t.call\nname: Call\n"
                                "query: |\n"
                                "  ((call_expression function: (identifier) @fn) @r\n"
                                "   (#any-of? @fn \"foo\" \"bar\"))\n"
                                "report: '@r'\n";
/* keyed: if/while/do whose condition is a bare identifier */
static const char cond_rule[] = "id: t.cond\nname: Cond\n"
                                "query: |\n"
                                "  (if_statement condition: (parenthesized_expression (identifier) @r))\n"
                                "  (while_statement condition: (parenthesized_expression (identifier) @r))\n"
                                "  (do_statement condition: (parenthesized_expression (identifier) @r))\n"
                                "report: '@r'\n";
/* keyed, with a capture far from the keyword: the else branch's assignment */
static const char else_rule[] = "id: t.else\nname: Else\n"
                                "query: |\n"
                                "  (if_statement alternative: (else_clause (expression_statement\n"
                                "     (assignment_expression) @r)))\n"
                                "report: '@r'\n";

static int write_rule(const char *dir, const char *name, const char *body)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s.yml", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    fputs(body, f);
    fputs(rule_head, f);
    return fclose(f);
}

static int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof(*f));
    char err[1024];
    if (temp_dir_make(f->dir, sizeof f->dir, "gating") != 0 || write_rule(f->dir, "t.stmt-call", stmt_rule) < 0 ||
        write_rule(f->dir, "t.call", call_rule) < 0 || write_rule(f->dir, "t.cond", cond_rule) < 0 ||
        write_rule(f->dir, "t.else", else_rule) < 0) {
        fprintf(stderr, "setup: cannot write rules into %s\n", f->dir);
        return -1;
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

/* Scans text and writes "rule@line:col" for each finding, space-separated, into out. */
static void scan_summary(fixture_t *f, const char *text, char *out, size_t out_size)
{
    candidate_list_t list;
    candidate_list_init(&list);
    char err[512];
    int rc = scanner_scan(f->scanner, "t.c", text, strlen(text), &list, err, sizeof err);
    if (rc < 0) print_error("scan: %s\n", err);
    assert_int_equal(rc, 0);
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < list.count && used < out_size; i++)
        used += (size_t)snprintf(out + used, out_size - used, "%s%s@%u:%u", i ? " " : "", list.items[i]->rule_id,
                                 list.items[i]->range.start_line, list.items[i]->range.start_col);
    candidate_list_destroy(&list);
}

static void test_nested_and_repeated_words(void **state)
{
    char got[1024];
    scan_summary(*state,
                 "void f(void) {\n"
                 "  foo(bar(foo(1)));\n"         /* three calls, one statement */
                 "  x = foo(2);\n"               /* a call, not a statement call */
                 "  if (foo(3)) foo(4);\n"       /* condition call; body statement */
                 "  /* foo(5); */ \"foo(6);\";\n" /* comment and string: nothing */
                 "}\n",
                 got, sizeof got);
    assert_string_equal(got, "t.call@2:3 t.stmt-call@2:3 t.call@2:7 t.call@2:11 t.call@3:7 "
                             "t.call@4:7 t.call@4:15 t.stmt-call@4:15");
}

static void test_file_scope_and_macros(void **state)
{
    char got[1024];
    scan_summary(*state,
                 "int g = foo(1);\n"
                 "#define M foo(2)\n"    /* a macro body is not parsed as code */
                 "#ifdef X\n"
                 "void h(void) { foo(3); }\n"
                 "#endif\n",
                 got, sizeof got);
    assert_string_equal(got, "t.call@1:9 t.call@4:16 t.stmt-call@4:16");
}

static void test_nested_statements(void **state)
{
    char got[1024];
    scan_summary(*state,
                 "void f(int a, int b) {\n"
                 "  if (a) { if (b) { while (a) { } } }\n"
                 "  do { while (b) ; } while (a);\n"
                 "  if (a) x = 1; else if (b) y = 2; else z = 3;\n"
                 "}\n",
                 got, sizeof got);
    assert_string_equal(got, "t.cond@2:7 t.cond@2:16 t.cond@2:28 t.cond@3:15 t.cond@3:29 t.cond@4:7 "
                             "t.cond@4:26 t.else@4:41");
}

static void test_syntax_errors(void **state)
{
    char got[1024];
    /* unbalanced and stray tokens: recovery must not hide what the whole tree holds */
    scan_summary(*state,
                 "void f(int a) {\n"
                 "  if (a) foo(1);\n"
                 "  ) ) while (a) bar(2);\n"
                 "  if (a { foo(3); }\n"
                 "}\n",
                 got, sizeof got);
    char full[1024];
    snprintf(full, sizeof full, "%s", got);
    /* the same text scanned twice gives the same findings (no state leaks between scans) */
    scan_summary(*state,
                 "void f(int a) {\n"
                 "  if (a) foo(1);\n"
                 "  ) ) while (a) bar(2);\n"
                 "  if (a { foo(3); }\n"
                 "}\n",
                 got, sizeof got);
    assert_string_equal(got, full);
    assert_non_null(strstr(got, "t.cond@2:7"));
    assert_non_null(strstr(got, "t.stmt-call@2:10"));
    /* what the whole-tree walk of the earlier scanner found on this text */
    assert_string_equal(got, "t.cond@2:7 t.call@2:10 t.stmt-call@2:10 t.cond@3:14 t.call@3:17 t.cond@4:7 "
                             "t.call@4:11 t.stmt-call@4:11");
    assert_non_null(strstr(got, "t.call@3:17"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nested_and_repeated_words),
        cmocka_unit_test(test_file_scope_and_macros),
        cmocka_unit_test(test_nested_statements),
        cmocka_unit_test(test_syntax_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
