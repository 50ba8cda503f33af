/* test_analyzer_fingerprint.c — assay fingerprints survive unrelated edits and change with
 * the offending code; GitHub line hashes match codeql-action's algorithm. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analyzer/suppress/fingerprint.h"

/* A candidate for the first occurrence (at or after *from) of needle in source. */
static candidate_t *finding_at(const char *source, const char *needle, const char *rule,
                               const char *path, size_t from)
{
    const char *hit = strstr(source + from, needle);
    assert_non_null(hit);
    candidate_t *c = candidate_new();
    c->rule_id = strdup(rule);
    c->path = strdup(path);
    c->snippet = strdup(needle);
    c->range.start_byte = (uint32_t)(hit - source);
    c->range.end_byte = (uint32_t)(hit - source + strlen(needle));
    uint32_t line = 1;
    for (const char *p = source; p < hit; p++) line += *p == '\n';
    c->range.start_line = c->range.end_line = line;
    return c;
}

/* The fingerprint of the finding `needle` in source. */
static void fingerprint_of(const char *source, const char *needle, char out[33])
{
    candidate_t *c = finding_at(source, needle, "c.strcpy-unbounded", "src/a.c", 0);
    assert_int_equal(fingerprint_fill(&c, 1, source, strlen(source)), 0);
    assert_int_equal(strlen(c->fingerprint), 32);
    memcpy(out, c->fingerprint, 33);
    candidate_free(c);
}

static const char original[] =
    "#include <string.h>\n"
    "void other(void) { int x = 1; (void)x; }\n"
    "void copy(char *d, const char *s)\n"
    "{\n"
    "    strcpy(d, s);\n"
    "}\n";

static void test_fingerprint_survives_lines_inserted_above(void **state)
{
    (void)state;
    char a[33], b[33];
    fingerprint_of(original, "strcpy(d, s)", a);
    static const char shifted[] =
        "#include <string.h>\n"
        "/* a new comment */\n\n\n"
        "void other(void) { int x = 1; (void)x; }\n"
        "void copy(char *d, const char *s)\n"
        "{\n"
        "    strcpy(d, s);\n"
        "}\n";
    fingerprint_of(shifted, "strcpy(d, s)", b);
    assert_string_equal(a, b);
}

static void test_fingerprint_survives_edit_of_another_function(void **state)
{
    (void)state;
    char a[33], b[33];
    fingerprint_of(original, "strcpy(d, s)", a);
    static const char edited[] =
        "#include <string.h>\n"
        "void other(void) { int y = 2; y += 3; (void)y; }\n"
        "void copy(char *d, const char *s)\n"
        "{\n"
        "    strcpy(d, s);\n"
        "}\n";
    fingerprint_of(edited, "strcpy(d, s)", b);
    assert_string_equal(a, b);
}

static void test_fingerprint_survives_reindent(void **state)
{
    (void)state;
    char a[33], b[33];
    fingerprint_of(original, "strcpy(d, s)", a);
    static const char reindented[] =
        "#include <string.h>\n"
        "void other(void) { int x = 1; (void)x; }\n"
        "void copy(char *d, const char *s)\n"
        "{\n"
        "\t\tstrcpy(d, s);   \n"
        "}\n";
    fingerprint_of(reindented, "strcpy(d, s)", b);
    assert_string_equal(a, b);
}

static void test_fingerprint_changes_with_the_offending_code(void **state)
{
    (void)state;
    char a[33], b[33], c[33];
    fingerprint_of(original, "strcpy(d, s)", a);
    static const char changed[] =
        "#include <string.h>\n"
        "void other(void) { int x = 1; (void)x; }\n"
        "void copy(char *d, const char *s)\n"
        "{\n"
        "    strcpy(d, s + 1);\n"
        "}\n";
    fingerprint_of(changed, "strcpy(d, s + 1)", b);
    assert_string_not_equal(a, b);
    /* same code, same line text, but a different line around it */
    static const char context[] =
        "#include <string.h>\n"
        "void copy(char *d, const char *s)\n"
        "{\n"
        "    if (s) strcpy(d, s);\n"
        "}\n";
    fingerprint_of(context, "strcpy(d, s)", c);
    assert_string_not_equal(a, c);
}

static void test_fingerprint_depends_on_rule_and_path(void **state)
{
    (void)state;
    size_t n = strlen(original);
    candidate_t *c[3] = {
        finding_at(original, "strcpy(d, s)", "c.strcpy-unbounded", "src/a.c", 0),
        finding_at(original, "strcpy(d, s)", "c.other-rule", "src/a.c", 0),
        finding_at(original, "strcpy(d, s)", "c.strcpy-unbounded", "src/b.c", 0),
    };
    for (int i = 0; i < 3; i++) assert_int_equal(fingerprint_fill(&c[i], 1, original, n), 0);
    assert_string_not_equal(c[0]->fingerprint, c[1]->fingerprint);
    assert_string_not_equal(c[0]->fingerprint, c[2]->fingerprint);
    for (int i = 0; i < 3; i++) candidate_free(c[i]);
}

static void test_identical_findings_get_occurrence_indexes(void **state)
{
    (void)state;
    static const char twice[] = "void f(char *d, char *s)\n{\n    strcpy(d, s);\n    strcpy(d, s);\n}\n";
    size_t n = strlen(twice);
    candidate_t *first = finding_at(twice, "strcpy(d, s)", "c.strcpy-unbounded", "a.c", 0);
    candidate_t *second =
        finding_at(twice, "strcpy(d, s)", "c.strcpy-unbounded", "a.c", first->range.end_byte);
    /* given in reverse order: occurrence follows the source, not the list */
    candidate_t *items[2] = {second, first};
    assert_int_equal(fingerprint_fill(items, 2, twice, n), 0);
    assert_string_not_equal(first->fingerprint, second->fingerprint);

    char lone[33];
    static const char once[] = "void f(char *d, char *s)\n{\n    strcpy(d, s);\n}\n";
    candidate_t *only = finding_at(once, "strcpy(d, s)", "c.strcpy-unbounded", "a.c", 0);
    assert_int_equal(fingerprint_fill(&only, 1, once, strlen(once)), 0);
    memcpy(lone, only->fingerprint, 33);
    assert_string_equal(lone, first->fingerprint); /* the first keeps its identity */
    candidate_free(first);
    candidate_free(second);
    candidate_free(only);
}

/* Expected values computed by hand-porting codeql-action's src/fingerprints.ts hash()
 * twice (JavaScript with BigInt reading the file through Node's UTF-8 decoder, and Python),
 * both giving these strings for these bytes. */
static void test_line_hash_matches_codeql_action(void **state)
{
    (void)state;
    static const char text[] = "int main(void)\n{\n  return 0;\n}\n";
    uint64_t *hashes;
    uint32_t *occurrences, lines;
    assert_int_equal(fingerprint_line_hashes(text, strlen(text), &hashes, &occurrences, &lines), 0);
    assert_int_equal(lines, 5); /* four lines plus the empty one after the last "\n" */
    static const char *const expected[] = {"f810fa58e925b821:1", "2e8fb80a607cceec:1",
                                           "1faea435564ce3cb:1", "32dce9ccfdbc9d3e:1",
                                           "c129715d7a2bc9a3:1"};
    for (uint32_t i = 0; i < lines; i++) {
        char got[40];
        fingerprint_format_line_hash(hashes[i], occurrences[i], got);
        assert_string_equal(got, expected[i]);
    }
    free(hashes);
    free(occurrences);
}

static void test_line_hash_handles_crlf_invalid_utf8_and_astral(void **state)
{
    (void)state;
    /* "x", a stray 0xFF, a truncated 3-byte sequence, CRLF, a tab, an emoji, a lone CR */
    static const char text[] = "x\xff\xe2\x82 y\r\n\tz \xf0\x9f\x98\x80\rq";
    uint64_t *hashes;
    uint32_t *occurrences, lines;
    assert_int_equal(fingerprint_line_hashes(text, strlen(text), &hashes, &occurrences, &lines), 0);
    assert_int_equal(lines, 3);
    static const char *const expected[] = {"c322bb7e744549ca:1", "54762a77945a1885:1",
                                           "9fe00a866ef87334:1"};
    for (uint32_t i = 0; i < lines; i++) {
        char got[40];
        fingerprint_format_line_hash(hashes[i], occurrences[i], got);
        assert_string_equal(got, expected[i]);
    }
    free(hashes);
    free(occurrences);
}

static void test_line_hash_counts_repeated_lines(void **state)
{
    (void)state;
    /* 250 identical lines: the hash only sees 100 units ahead, so lines far from the end
     * repeat and get occurrence 1, 2, 3 ... */
    size_t n = 250 * 4;
    char *text = malloc(n + 1);
    for (size_t i = 0; i < 250; i++) memcpy(text + 4 * i, "ab;\n", 4);
    text[n] = 0;
    uint64_t *hashes;
    uint32_t *occurrences, lines;
    assert_int_equal(fingerprint_line_hashes(text, n, &hashes, &occurrences, &lines), 0);
    assert_int_equal(lines, 251);
    assert_true(hashes[0] == hashes[1]);
    assert_int_equal(occurrences[0], 1);
    assert_int_equal(occurrences[1], 2);
    assert_int_equal(occurrences[9], 10);
    assert_true(hashes[249] != hashes[0]); /* near the end the window sees the EOF mark */
    candidate_t *c = candidate_new();
    c->rule_id = strdup("r");
    c->path = strdup("p.c");
    c->range.start_line = 3;
    c->range.start_byte = 8;
    c->range.end_byte = 10;
    assert_int_equal(fingerprint_fill(&c, 1, text, n), 0);
    char expected[40];
    fingerprint_format_line_hash(hashes[2], 3, expected);
    assert_string_equal(c->line_hash, expected);
    candidate_free(c);
    free(hashes);
    free(occurrences);
    free(text);
}

static void test_empty_file_and_out_of_range_positions(void **state)
{
    (void)state;
    uint64_t *hashes;
    uint32_t *occurrences, lines;
    assert_int_equal(fingerprint_line_hashes("", 0, &hashes, &occurrences, &lines), 0);
    assert_int_equal(lines, 1);
    free(hashes);
    free(occurrences);
    candidate_t *c = candidate_new();
    c->rule_id = strdup("r");
    c->path = strdup("p.c");
    c->range.start_byte = 500; /* beyond the text: clamped, never read */
    c->range.end_byte = 900;
    c->range.start_line = 40;
    assert_int_equal(fingerprint_fill(&c, 1, "int x;\n", 7), 0);
    assert_int_equal(strlen(c->fingerprint), 32);
    assert_string_equal(c->line_hash, "");
    candidate_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fingerprint_survives_lines_inserted_above),
        cmocka_unit_test(test_fingerprint_survives_edit_of_another_function),
        cmocka_unit_test(test_fingerprint_survives_reindent),
        cmocka_unit_test(test_fingerprint_changes_with_the_offending_code),
        cmocka_unit_test(test_fingerprint_depends_on_rule_and_path),
        cmocka_unit_test(test_identical_findings_get_occurrence_indexes),
        cmocka_unit_test(test_line_hash_matches_codeql_action),
        cmocka_unit_test(test_line_hash_handles_crlf_invalid_utf8_and_astral),
        cmocka_unit_test(test_line_hash_counts_repeated_lines),
        cmocka_unit_test(test_empty_file_and_out_of_range_positions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
