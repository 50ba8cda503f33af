/* test_analyzer_suppress.c — which comments silence which findings, and that only real
 * comments do. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analyzer/suppress/suppress.h"

static suppress_index_t *build(const char *source)
{
    suppress_index_t *index = NULL;
    assert_int_equal(suppress_index_build(&index, source, strlen(source)), 0);
    assert_non_null(index);
    return index;
}

static void test_assay_ignore_on_the_finding_line(void **state)
{
    (void)state;
    suppress_index_t *s = build("int a;\n"
                                "strcpy(d, s); // assay-ignore[c.strcpy-unbounded]: d is 4 KiB\n"
                                "strcpy(d, s);\n");
    assert_true(suppress_index_covers(s, "c.strcpy-unbounded", 2));
    assert_false(suppress_index_covers(s, "c.strcpy-unbounded", 3)); /* code before it: not alone */
    assert_false(suppress_index_covers(s, "c.other", 2));            /* other rules still report */
    assert_false(suppress_index_covers(s, "c.strcpy-unbounded", 1));
    suppress_index_free(s);
}

static void test_assay_ignore_alone_covers_the_next_line(void **state)
{
    (void)state;
    suppress_index_t *s = build("void f(void)\n"
                                "{\n"
                                "    // assay-ignore[c.a, c.b]: both checked\n"
                                "    call();\n"
                                "    call();\n"
                                "}\n");
    assert_true(suppress_index_covers(s, "c.a", 4));
    assert_true(suppress_index_covers(s, "c.b", 4));
    assert_false(suppress_index_covers(s, "c.c", 4));
    assert_false(suppress_index_covers(s, "c.a", 5));
    suppress_index_free(s);
}

static void test_block_comment_and_bare_ignore(void **state)
{
    (void)state;
    suppress_index_t *s = build("/* assay-ignore */\n"
                                "gets(buf);\n"
                                "x = 1; /* assay-ignore[c.x] */ y = 2;\n"
                                "/*\n * assay-ignore[c.multi]: spans\n * lines\n */\n"
                                "z();\n");
    assert_true(suppress_index_covers(s, "c.anything", 2));
    assert_true(suppress_index_covers(s, "c.x", 3));
    assert_false(suppress_index_covers(s, "c.x", 4));
    assert_true(suppress_index_covers(s, "c.multi", 8)); /* the line after the comment ends */
    assert_false(suppress_index_covers(s, "c.multi", 9));
    suppress_index_free(s);
}

static void test_globs_in_ids(void **state)
{
    (void)state;
    suppress_index_t *s = build("a(); // assay-ignore[c.str*]\n"
                                "b(); // NOLINT(*)\n");
    assert_true(suppress_index_covers(s, "c.strcpy-unbounded", 1));
    assert_true(suppress_index_covers(s, "c.strcat-unbounded", 1));
    assert_false(suppress_index_covers(s, "c.gets", 1));
    assert_true(suppress_index_covers(s, "c.gets", 2));
    suppress_index_free(s);
}

static void test_nolint_forms(void **state)
{
    (void)state;
    suppress_index_t *s = build("a(); // NOLINT\n"                         /* 1 */
                                "b(); // NOLINT(c.b)\n"                    /* 2 */
                                "// NOLINTNEXTLINE(c.c)\n"                 /* 3 */
                                "c();\n"                                   /* 4 */
                                "d(); // NOLINT(bugprone-foo, readability-bar)\n" /* 5 */
                                "// NOLINTBEGIN(c.e)\n"                    /* 6 */
                                "e();\n"                                   /* 7 */
                                "e();\n"                                   /* 8 */
                                "// NOLINTEND(c.e)\n"                      /* 9 */
                                "e();\n"                                   /* 10 */
                                "f(); // NOLINTNEXTLINE\n"                 /* 11 */
                                "f();\n");                                 /* 12 */
    assert_true(suppress_index_covers(s, "c.a", 1));
    assert_true(suppress_index_covers(s, "c.zzz", 1));
    assert_true(suppress_index_covers(s, "c.b", 2));
    assert_false(suppress_index_covers(s, "c.x", 2));
    assert_false(suppress_index_covers(s, "c.c", 3));
    assert_true(suppress_index_covers(s, "c.c", 4));
    assert_false(suppress_index_covers(s, "c.d", 5)); /* other tools' ids match no assay rule */
    assert_true(suppress_index_covers(s, "c.e", 7));
    assert_true(suppress_index_covers(s, "c.e", 8));
    assert_false(suppress_index_covers(s, "c.e", 10));
    assert_false(suppress_index_covers(s, "c.f", 11)); /* NEXTLINE is not this line */
    assert_true(suppress_index_covers(s, "c.f", 12));
    suppress_index_free(s);
}

static void test_unclosed_nolintbegin_runs_to_the_end(void **state)
{
    (void)state;
    suppress_index_t *s = build("// NOLINTBEGIN\nx();\n\n\ny();\n");
    assert_true(suppress_index_covers(s, "c.any", 5));
    assert_true(suppress_index_covers(s, "c.any", 500));
    suppress_index_free(s);
}

static void test_strings_and_chars_are_not_comments(void **state)
{
    (void)state;
    suppress_index_t *s = build("puts(\"// NOLINT\"); strcpy(d, s);\n"          /* 1 */
                                "puts(\"/* assay-ignore */\"); gets(b);\n"      /* 2 */
                                "char q = '\"'; gets(b); // real: assay-ignore[c.gets]\n" /* 3 */
                                "puts(\"escaped \\\" // NOLINT\"); gets(b);\n"  /* 4 */
                                "int big = 1'000'000; gets(b);\n"               /* 5 */
                                "char c = '/'; char e = '*'; gets(b);\n");      /* 6 */
    assert_false(suppress_index_covers(s, "c.strcpy-unbounded", 1));
    assert_false(suppress_index_covers(s, "c.gets", 2));
    assert_true(suppress_index_covers(s, "c.gets", 3));
    assert_false(suppress_index_covers(s, "c.gets", 4));
    assert_false(suppress_index_covers(s, "c.gets", 5));
    assert_false(suppress_index_covers(s, "c.gets", 6));
    assert_int_equal(suppress_index_count(s), 1);
    suppress_index_free(s);
}

static void test_near_misses_are_not_directives(void **state)
{
    (void)state;
    suppress_index_t *s = build("a(); // assay-ignored is not the word\n"
                                "b(); // NOLINTED neither\n"
                                "c(); // my-assay-ignore[c.c] neither\n"
                                "d(); // assay-ignore[c.d unterminated\n");
    assert_false(suppress_index_covers(s, "c.a", 1));
    assert_false(suppress_index_covers(s, "c.b", 2));
    assert_false(suppress_index_covers(s, "c.c", 3));
    assert_false(suppress_index_covers(s, "c.d", 4));
    assert_int_equal(suppress_index_count(s), 0);
    suppress_index_free(s);
}

static void test_line_continuation_and_crlf(void **state)
{
    (void)state;
    suppress_index_t *s = build("// a comment that goes on \\\n"
                                "   assay-ignore[c.a]\n"          /* still the comment: line 2 */
                                "a();\r\n"                        /* line 3: the next line */
                                "b(); // NOLINT(c.b)\r\n");
    assert_true(suppress_index_covers(s, "c.a", 3));
    assert_true(suppress_index_covers(s, "c.b", 4));
    suppress_index_free(s);
}

static void test_odd_inputs(void **state)
{
    (void)state;
    suppress_index_t *s = build("");
    assert_false(suppress_index_covers(s, "c.a", 1));
    suppress_index_free(s);
    s = build("/* unterminated assay-ignore");
    assert_true(suppress_index_covers(s, "c.a", 1));
    suppress_index_free(s);
    s = build("\"unterminated string // NOLINT\nx(); // NOLINT(c.x)\n");
    assert_false(suppress_index_covers(s, "c.a", 1));
    assert_true(suppress_index_covers(s, "c.x", 2));
    suppress_index_free(s);
    static const char binaryish[] = "a\0b // NOLINT\n\xff\xfe /* assay-ignore[c.z] */ z();";
    suppress_index_t *b = NULL;
    assert_int_equal(suppress_index_build(&b, binaryish, sizeof(binaryish) - 1), 0);
    assert_true(suppress_index_covers(b, "c.q", 1));
    assert_true(suppress_index_covers(b, "c.z", 2));
    suppress_index_free(b);
    suppress_index_free(NULL);
    assert_false(suppress_index_covers(NULL, "c.a", 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_assay_ignore_on_the_finding_line),
        cmocka_unit_test(test_assay_ignore_alone_covers_the_next_line),
        cmocka_unit_test(test_block_comment_and_bare_ignore),
        cmocka_unit_test(test_globs_in_ids),
        cmocka_unit_test(test_nolint_forms),
        cmocka_unit_test(test_unclosed_nolintbegin_runs_to_the_end),
        cmocka_unit_test(test_strings_and_chars_are_not_comments),
        cmocka_unit_test(test_near_misses_are_not_directives),
        cmocka_unit_test(test_line_continuation_and_crlf),
        cmocka_unit_test(test_odd_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
