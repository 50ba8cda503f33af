/* test_grammar_gbnf.c — the GBNF dialect: every feature parses and means what llama.cpp
 * users expect (checked by feeding text to a matcher and to the independent recogniser),
 * and every malformed grammar is refused with a message naming line and column. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "grammar/grammar.h"
#include "tests/unit/helpers/grammar_testlib.h"

/* text in the language according to the matcher (fed byte by byte) */
static bool matcher_accepts(const grammar_t *g, const char *text, size_t len)
{
    grammar_matcher_t *m = NULL;
    char err[256];
    assert_int_equal(grammar_matcher_new(&m, g, NULL, err, sizeof err), 0);
    size_t used;
    int rc = grammar_matcher_accept_bytes(m, text, len, &used, err, sizeof err);
    bool ok = rc == 0 && grammar_matcher_can_end(m);
    grammar_matcher_free(m);
    return ok;
}

/* both the matcher and the recogniser agree on the expected answer */
static void expect(const grammar_t *g, const char *text, bool in)
{
    size_t len = strlen(text);
    bool a = matcher_accepts(g, text, len), b = gtest_recognize(g, text, len);
    if (a != in) fail_msg("matcher says %s for \"%s\"", a ? "in" : "out", text);
    if (b != in) fail_msg("recogniser says %s for \"%s\"", b ? "in" : "out", text);
}

static void expect_error(const char *text, const char *needle)
{
    grammar_t *g = NULL;
    char err[512] = "";
    int rc = grammar_parse(&g, text, strlen(text), "t.gbnf", err, sizeof err);
    if (rc == 0) { grammar_free(g); fail_msg("grammar parsed but should not: %s", text); }
    assert_null(g);
    if (!strstr(err, needle)) fail_msg("error \"%s\" does not contain \"%s\"", err, needle);
}

/* Found by tests/fuzz/fuzz_gbnf: a group's generated rule took the name of a rule the text
 * defines further down (`root_1`), which then failed as "defined twice (first on line 0)";
 * so did re-parsing grammar_to_gbnf's own printout of such grammars. */
static void test_generated_names_avoid_later_rules(void **state)
{
    (void)state;
    grammar_t *g = gtest_parse_text("root ::= (\"a\")* root_1 (\"c\" | \"d\")\nroot_1 ::= \"b\"\nroot_2 ::= \"x\"\n");
    expect(g, "aabd", true);
    expect(g, "bc", true);
    expect(g, "ab", false);
    char *printed = NULL;
    assert_int_equal(grammar_to_gbnf(g, &printed), 0);
    grammar_t *again = gtest_parse_text(printed);
    expect(again, "aabd", true);
    expect(again, "ab", false);
    free(printed);
    grammar_free(again);
    grammar_free(g);
}

static void test_literals_and_escapes(void **state)
{
    (void)state;
    grammar_t *g = gtest_parse_text("root ::= \"a\\n\\t\\r\\\"\\\\\" \"\\x41\\u00e9\\U0001F600\" \"\\[\\]\\-\"\n");
    expect(g, "a\n\t\r\"\\A\xc3\xa9\xf0\x9f\x98\x80[]-", true);
    expect(g, "a\n\t\r\"\\A\xc3\xa9", false);
    grammar_free(g);
}

static void test_classes_ranges_negation_any(void **state)
{
    (void)state;
    grammar_t *g = gtest_parse_text("root ::= [a-cx] [^0-9\\n] . [\\u3041-\\u309F]\n");
    expect(g, "b!\xe3\x81\x82\xe3\x81\x82", true);   /* あ is in the range, '.' takes any */
    expect(g, "xZ\n\xe3\x81\x82", true);            /* '.' matches a newline too */
    expect(g, "d!a\xe3\x81\x82", false);
    expect(g, "a5a\xe3\x81\x82", false);
    expect(g, "a\nq\xe3\x81\x82", false);
    expect(g, "a!a\xe3\x82\xa2", false);            /* ア is katakana */
    grammar_free(g);
}

static void test_repetitions(void **state)
{
    (void)state;
    grammar_t *g = gtest_parse_text("root ::= \"a\"* \"b\"+ \"c\"? \"d\"{2} \"e\"{1,} \"f\"{0,3} \"g\"{2,12}\n");
    expect(g, "bddeegg", true);
    expect(g, "aaabbbcddeeefffgggggggggggg", true);  /* 12 g */
    expect(g, "aaabbbcddeeefffggggggggggggg", false); /* 13 g */
    expect(g, "ddeegg", false);                      /* b+ needs one */
    expect(g, "bdeegg", false);                      /* d{2} */
    expect(g, "bddgg", false);                       /* e{1,} */
    expect(g, "bddeeffffgg", false);                 /* f{0,3} */
    expect(g, "bddeeg", false);                      /* g{2,12} */
    grammar_free(g);
}

static void test_grouping_alternation_multiline_comments(void **state)
{
    (void)state;
    /* comments anywhere; a rule continues inside parentheses, after '|' at the end of a
     * line (llama.cpp) and on lines starting with '|' (an extension) */
    grammar_t *g = gtest_parse_text("# a comment\n"
                                    "root ::= ( \"x\" | \"y\" \"z\" )+ tail   # trailing comment\n"
                                    "tail ::=\n"
                                    "    \"!\" |\n"
                                    "    \"?\" ( \"1\"\n"
                                    "          | \"2\" )\n");
    expect(g, "x?1", true);
    grammar_free(g);
    g = gtest_parse_text("root ::= ( \"x\" | \"y\" \"z\" )+ tail\n"
                         "tail ::=\n"
                         "    \"!\"\n"
                         "  | \"?\" ( \"1\"\n"
                         "          | \"2\" )\n");
    expect(g, "xyzx!", true);
    expect(g, "x?2", true);
    expect(g, "x?", false);
    expect(g, "y!", false);
    grammar_free(g);
}

static void test_nested_recursion(void **state)
{
    (void)state;
    grammar_t *g = gtest_parse_text("root ::= expr\n"
                                    "expr ::= term ( [+-] term )*\n"
                                    "term ::= [0-9]+ | \"(\" expr \")\"\n");
    expect(g, "1+(2-(3+4))-5", true);
    expect(g, "1+(2-(3+4)-5", false);
    expect(g, "", false);
    grammar_free(g);
}

static void test_empty_alternatives(void **state)
{
    (void)state;
    grammar_t *g = gtest_parse_text("root ::= \"a\" opt \"b\"\nopt ::= \"x\" | \"\"\n");
    expect(g, "ab", true);
    expect(g, "axb", true);
    grammar_free(g);
}

static void test_errors_name_line_and_column(void **state)
{
    (void)state;
    expect_error("root ::= foo\n", "t.gbnf:1:10: undefined rule 'foo'");
    expect_error("start ::= \"a\"\n", "no `root` rule");
    expect_error("root ::= \"a\\q\"\n", "t.gbnf:1:12: bad escape '\\q'");
    expect_error("root ::= \"a\\x4\"\n", "bad escape: expected 2 hex digits");
    expect_error("root ::= \"abc\n", "t.gbnf:1:10: unterminated literal");
    expect_error("root ::= [a-z\n", "t.gbnf:1:10: unterminated character class");
    expect_error("root ::= ( \"a\"\n", "unclosed '('");
    expect_error("root ::= \"a\" )\n", "unbalanced ')'");
    expect_error("root ::= * \"a\"\n", "t.gbnf:1:10: repetition operator without a preceding item");
    expect_error("root ::= \"a\"{3,1}\n", "maximum below minimum");
    expect_error("root ::= \"a\"{x}\n", "expected a number");
    expect_error("root = \"a\"\n", "t.gbnf:1:6: expected '::=' after rule name 'root'");
    expect_error("root ::= \"a\"\nroot ::= \"b\"\n", "t.gbnf:2:1: rule 'root' is defined twice");
    expect_error("root ::= [z-a]\n", "character range is reversed");
    expect_error("root ::= []\n", "empty character class");
    expect_error("", "empty grammar");
    expect_error("root ::= <foo>\n", "t.gbnf:1:10: only token references of the form <[ID]>");
    expect_error("root ::= !<[3]>\n", "only token references");
    expect_error("root ::= <[3\n", "unterminated token reference");
    expect_error("root ::= \"a\"\n\xff ::= \"b\"\n", "t.gbnf:2:1: expected a rule name");
}

static void test_left_recursion_rejected(void **state)
{
    (void)state;
    expect_error("root ::= root \"a\" | \"b\"\n", "t.gbnf:1:1: left recursion is not supported: root -> root");
    expect_error("root ::= a\na ::= b \"x\"\nb ::= \"\" | a \"y\"\n", "left recursion is not supported: a -> b -> a");
    /* through a nullable prefix */
    expect_error("root ::= opt root \"z\" | \"q\"\nopt ::= \"o\"?\n", "left recursion");
    /* right recursion is fine */
    grammar_t *g = gtest_parse_text("root ::= \"a\" root | \"b\"\n");
    expect(g, "aaab", true);
    grammar_free(g);
}

static void test_describe_expected_and_error_offsets(void **state)
{
    (void)state;
    grammar_t *g = gtest_parse_text("root ::= \"ab\" [0-9] | \"ac\"\n");
    grammar_matcher_t *m = NULL;
    char err[256], buf[256];
    assert_int_equal(grammar_matcher_new(&m, g, NULL, err, sizeof err), 0);
    size_t used;
    assert_int_equal(grammar_matcher_accept_bytes(m, "abx", 3, &used, err, sizeof err), GRAMMAR_ERR_REJECTED);
    assert_int_equal(used, 2);
    grammar_matcher_describe_expected(m, buf, sizeof buf);
    assert_string_equal(buf, "[0-9]");
    grammar_matcher_reset(m);
    assert_int_equal(grammar_matcher_accept_bytes(m, "a", 1, &used, err, sizeof err), 0);
    grammar_matcher_describe_expected(m, buf, sizeof buf);
    assert_non_null(strstr(buf, "\"b\""));
    assert_non_null(strstr(buf, "\"c\""));
    grammar_matcher_free(m);
    grammar_free(g);
}

static void test_to_gbnf_round_trip(void **state)
{
    (void)state;
    size_t len;
    char *text = gtest_read_file("grammar/grammars/json.gbnf", &len);
    assert_non_null(text);
    grammar_t *g = NULL;
    char err[256];
    assert_int_equal(grammar_parse(&g, text, len, "json.gbnf", err, sizeof err), 0);
    char *printed = NULL;
    assert_int_equal(grammar_to_gbnf(g, &printed), 0);
    grammar_t *g2 = gtest_parse_text(printed);
    const char *samples[] = {"{\"a\": [1, -2.5e3, \"x\\u00e9\\n\", true, null], \"b\": {}}", "[]", "{\"a\" 1}", "\"\\ud800\""};
    bool in[] = {true, true, false, false};
    for (size_t i = 0; i < 4; i++) {
        expect(g, samples[i], in[i]);
        expect(g2, samples[i], in[i]);
    }
    free(printed);
    free(text);
    grammar_free(g);
    grammar_free(g2);
}

static void test_invalid_utf8_input_rejected(void **state)
{
    (void)state;
    grammar_t *g = gtest_parse_text("root ::= .*\n");
    expect(g, "caf\xc3\xa9", true);
    expect(g, "\xed\xa0\x80", false); /* a UTF-16 surrogate in UTF-8 */
    expect(g, "\xc0\xaf", false);     /* overlong */
    expect(g, "\xc3", false);         /* truncated */
    grammar_free(g);
}

/* Mutated grammar files: each either parses (and then matches text without trouble) or
 * is refused with a message; never a crash, hang or sanitizer report. */
static void test_mutated_grammars_never_crash(void **state)
{
    (void)state;
    static const char *const files[] = {"grammar/grammars/json.gbnf", "grammar/grammars/c_expr.gbnf",
                                        "grammar/grammars/list.gbnf", "grammar/grammars/arithmetic.gbnf"};
    static const char meta[] = "\"[]()|*+?{}.,:=#\\^-\n 0a";
    uint64_t s = 12345;
    size_t parsed = 0, refused = 0;
    for (size_t f = 0; f < 4; f++) {
        size_t len;
        char *orig = gtest_read_file(files[f], &len);
        assert_non_null(orig);
        char *buf = malloc(len + 64);
        for (int round = 0; round < 150; round++) {
            memcpy(buf, orig, len);
            size_t n = len;
            for (int k = 0; k < 1 + round % 4; k++) {
                s = s * 6364136223846793005ULL + 1442695040888963407ULL;
                size_t at = (size_t)(s >> 33) % (n ? n : 1);
                int op = (int)((s >> 20) % 3);
                char c = meta[(s >> 40) % (sizeof meta - 1)];
                if (op == 0 && n) buf[at] = c;
                else if (op == 1 && n) { memmove(buf + at, buf + at + 1, n - at - 1); n--; }
                else { memmove(buf + at + 1, buf + at, n - at); buf[at] = c; n++; }
            }
            grammar_t *g = NULL;
            char err[512] = "";
            if (grammar_parse(&g, buf, n, "mutant", err, sizeof err) == 0) {
                parsed++;
                grammar_matcher_t *m = NULL;
                if (grammar_matcher_new(&m, g, NULL, err, sizeof err) == 0) {
                    size_t used;
                    grammar_matcher_accept_bytes(m, "{\"a\": [1, 2]}\n- x = 1\n", 22, &used, err, sizeof err);
                    grammar_matcher_free(m);
                }
                grammar_free(g);
            } else {
                refused++;
                assert_non_null(strstr(err, "mutant"));
            }
        }
        free(buf);
        free(orig);
    }
    assert_true(parsed > 0 && refused > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generated_names_avoid_later_rules),
        cmocka_unit_test(test_literals_and_escapes),
        cmocka_unit_test(test_classes_ranges_negation_any),
        cmocka_unit_test(test_repetitions),
        cmocka_unit_test(test_grouping_alternation_multiline_comments),
        cmocka_unit_test(test_nested_recursion),
        cmocka_unit_test(test_empty_alternatives),
        cmocka_unit_test(test_errors_name_line_and_column),
        cmocka_unit_test(test_left_recursion_rejected),
        cmocka_unit_test(test_describe_expected_and_error_offsets),
        cmocka_unit_test(test_to_gbnf_round_trip),
        cmocka_unit_test(test_invalid_utf8_input_rejected),
        cmocka_unit_test(test_mutated_grammars_never_crash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
