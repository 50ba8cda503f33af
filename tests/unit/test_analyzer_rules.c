/* test_analyzer_rules.c — the rule file parser and pack loader: a good rule loads with
 * every field, and every kind of mistake is reported as "path:line: problem" (with the
 * column inside a query), naming what is wrong. Also enabling/disabling by glob, lookup by
 * id, engine: clang metadata-only rules, and loading the real rules/ folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer/rules/rule_pack.h"

static const char good_rule[] =
    "# a comment\n"
    "id: c.test-strcpy\n"
    "name: TestStrcpy\n"
    "cwe: CWE-120\n"
    "extra-cwes: 787, CWE-121\n"
    "severity: error\n"
    "security-severity: 8.5\n"
    "tags: security, buffer-overflow\n"
    "short: strcpy into an array\n"
    "description: |\n"
    "  First line.\n"
    "\n"
    "  Second paragraph.\n"
    "message: strcpy into '{dst}' ({dst_size} bytes)\n"
    "help: |\n"
    "  Use snprintf.\n"
    "help-uri: https://example.org/strcpy\n"
    "query: |\n"
    "  ((call_expression\n"
    "     function: (identifier) @fn\n"
    "     arguments: (argument_list . (_) @dst . (_) @src .)) @call\n"
    "   (#eq? @fn \"strcpy\")\n"
    "   (#fixed-array? @dst))\n"
    "report: @call\n"
    "fix: bounded copy\n"
    "fix-meaning: changed\n"
    "fix-replace: @call => snprintf({dst}, sizeof {dst}, \"%s\", {src})\n";

/* Loads one rule text named "t.rule"; returns the pack or NULL with err filled. */
static rule_pack_t *load_one(const char *text, char *err, size_t err_size)
{
    rule_source_t src = {"rules/t.rule", text, strlen(text)};
    rule_pack_t *pack = NULL;
    err[0] = '\0';
    if (rule_pack_load_sources(&pack, &src, 1, err, err_size) < 0) return NULL;
    return pack;
}

/* Replaces the first occurrence of `from` in good_rule by `to` and expects the load to
 * fail with an error starting with `prefix` and containing `needle`. */
static void expect_error(const char *from, const char *to, const char *prefix, const char *needle)
{
    char text[4096];
    const char *at = strstr(good_rule, from);
    assert_non_null(at);
    snprintf(text, sizeof text, "%.*s%s%s", (int)(at - good_rule), good_rule, to, at + strlen(from));
    char err[512];
    rule_pack_t *pack = load_one(text, err, sizeof err);
    if (pack || strncmp(err, prefix, strlen(prefix)) != 0 || !strstr(err, needle))
        print_error("replacing '%s' by '%s': got \"%s\"; want prefix \"%s\" and \"%s\"\n", from, to, err, prefix,
                    needle);
    assert_null(pack);
    assert_true(strncmp(err, prefix, strlen(prefix)) == 0);
    assert_non_null(strstr(err, needle));
}

static void test_good_rule_has_every_field(void **state)
{
    (void)state;
    char err[512];
    rule_pack_t *pack = load_one(good_rule, err, sizeof err);
    if (!pack) print_error("%s\n", err);
    assert_non_null(pack);
    assert_int_equal(pack->count, 1);
    const rule_t *r = rule_pack_find(pack, "c.test-strcpy");
    assert_non_null(r);
    assert_string_equal(r->name, "TestStrcpy");
    assert_int_equal(r->cwe, 120);
    assert_int_equal(r->extra_cwe_count, 2);
    assert_int_equal(r->extra_cwes[0], 787);
    assert_int_equal(r->extra_cwes[1], 121);
    assert_int_equal(r->severity, SEVERITY_ERROR);
    assert_true(r->security_severity > 8.4 && r->security_severity < 8.6);
    assert_int_equal(r->tag_count, 2);
    assert_string_equal(r->tags[1], "buffer-overflow");
    assert_string_equal(r->short_description, "strcpy into an array");
    assert_string_equal(r->full_description, "First line.\n\nSecond paragraph.");
    assert_string_equal(r->help, "Use snprintf.");
    assert_string_equal(r->help_uri, "https://example.org/strcpy");
    assert_string_equal(r->source_path, "rules/t.rule");
    assert_true(r->enabled);
    assert_int_equal(r->engine, RULE_ENGINE_TREESITTER);
    assert_null(rule_pack_find(pack, "c.nope"));
    rule_pack_free(pack);
    rule_pack_free(NULL);
}

static void test_syntax_errors_name_file_and_line(void **state)
{
    (void)state;
    expect_error("tags: security", "colour: blue\ntags: security", "rules/t.rule:8:", "unknown key 'colour'");
    expect_error("tags: security", "severity: note\ntags: security", "rules/t.rule:8:", "duplicate key 'severity'");
    expect_error("tags: security", "  stray indented line\ntags: security", "rules/t.rule:8:", "indented line");
    expect_error("tags: security", "no colon here\ntags: security", "rules/t.rule:8:", "expected 'key: value'");
    expect_error("id: c.test-strcpy", "id: R017", "rules/t.rule:2:", "bad rule id 'R017'");
    expect_error("name: TestStrcpy", "name: Test Strcpy", "rules/t.rule:3:", "bad name");
    expect_error("cwe: CWE-120", "cwe: buffer", "rules/t.rule:4:", "bad CWE 'buffer'");
    expect_error("severity: error", "severity: fatal", "rules/t.rule:6:", "bad severity 'fatal'");
    expect_error("security-severity: 8.5", "security-severity: 11", "rules/t.rule:7:", "bad security-severity");
    expect_error("help-uri: https://example.org/strcpy", "help-uri: example.org", "rules/t.rule:17:", "http");
    expect_error("fix-meaning: changed", "fix-meaning: maybe", "rules/t.rule:26:", "bad fix-meaning 'maybe'");
    expect_error("fix-replace: @call =>", "fix-replace: call =>", "rules/t.rule:27:", "@capture => replacement");
    expect_error("query: |\n", "query: |\nreport: @x\n", "rules/t.rule:18:", "indented lines");
}

static void test_missing_fields_are_named(void **state)
{
    (void)state;
    expect_error("message: strcpy into '{dst}' ({dst_size} bytes)\n", "", "rules/t.rule:", "missing required key 'message'");
    expect_error("short: strcpy into an array\n", "", "rules/t.rule:", "missing required key 'short'");
    expect_error("report: @call\n", "", "rules/t.rule:", "missing required key 'report'");
    expect_error("fix-meaning: changed\n", "", "rules/t.rule:25:", "fix-meaning");
    expect_error("fix: bounded copy\n", "", "rules/t.rule:", "fix edits need a 'fix:");
}

static void test_query_errors_give_line_and_column(void **state)
{
    (void)state;
    /* line 21 of the file is "     arguments: ..."; the bad node type is on it */
    expect_error("(argument_list .", "(argument_lisp .", "rules/t.rule:21:", "unknown node type");
}

static void test_query_error_column_is_exact(void **state)
{
    (void)state;
    char text[4096];
    const char *from = "(argument_list .";
    const char *at = strstr(good_rule, from);
    snprintf(text, sizeof text, "%.*s%s%s", (int)(at - good_rule), good_rule, "(argument_lisp .", at + strlen(from));
    char err[512];
    rule_pack_t *pack = load_one(text, err, sizeof err);
    assert_null(pack);
    /* file line 21 is "     arguments: (argument_lisp ...": the node name starts at byte
     * 18 (1-based), although the block's indentation was removed before compiling */
    assert_string_equal(strstr(err, "rules/t.rule:21:18: bad query: unknown node type") ? "ok" : err, "ok");
}

static void test_predicate_errors(void **state)
{
    (void)state;
    expect_error("(#eq? @fn \"strcpy\")", "(#match? @fn \"str(cpy\")", "rules/t.rule:22:", "bad regex");
    expect_error("(#eq? @fn \"strcpy\")", "(#match? @fn \"str(cpy\")", "rules/t.rule:22:", "missing closing parenthesis");
    expect_error("(#eq? @fn \"strcpy\")", "(#frobnicate? @fn)", "rules/t.rule:22:", "unknown predicate '#frobnicate?'");
    expect_error("(#eq? @fn \"strcpy\")", "(#eq? @fn)", "rules/t.rule:22:", "'#eq?'");
    expect_error("(#fixed-array? @dst))", "(#fixed-array? @dst \"x\"))", "rules/t.rule:23:", "'#fixed-array?' takes");
    expect_error("(#eq? @fn \"strcpy\")", "(#eq? @nosuch \"strcpy\")", "rules/t.rule:", "bad query");
    expect_error("   (#fixed-array? @dst))", "   )\n  (#fixed-array? @dst)", "rules/t.rule:24:", "predicate outside a pattern");
}

static void test_template_and_capture_errors(void **state)
{
    (void)state;
    expect_error("({dst_size} bytes)", "({dst_length} bytes)", "rules/t.rule:14:",
                 "message uses {dst_length}, which is neither a capture");
    expect_error("sizeof {dst},", "sizeof {dest},", "rules/t.rule:27:", "fix edit uses {dest}");
    expect_error("report: @call", "report: @whole", "rules/t.rule:24:", "report names @whole");
    expect_error("fix-replace: @call", "fix-replace: @whole", "rules/t.rule:27:", "fix edit names @whole");
}

static void test_nul_byte_and_empty_file(void **state)
{
    (void)state;
    char text[64] = "id: c.x\nname: X\0junk";
    rule_source_t src = {"rules/nul.rule", text, 20};
    rule_pack_t *pack = NULL;
    char err[256];
    assert_int_equal(rule_pack_load_sources(&pack, &src, 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "rules/nul.rule:2: the file contains a NUL byte"));
    rule_source_t empty = {"rules/empty.rule", "", 0};
    assert_int_equal(rule_pack_load_sources(&pack, &empty, 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "rules/empty.rule:1: missing required key 'id'"));
}

static void test_duplicate_id_names_both_files(void **state)
{
    (void)state;
    rule_source_t src[2] = {{"rules/a.rule", good_rule, strlen(good_rule)}, {"rules/b.rule", good_rule, strlen(good_rule)}};
    rule_pack_t *pack = NULL;
    char err[512];
    assert_int_equal(rule_pack_load_sources(&pack, src, 2, err, sizeof err), -1);
    assert_non_null(strstr(err, "rules/b.rule:2: duplicate rule id 'c.test-strcpy' (first defined in rules/a.rule)"));
}

static const char clang_rule[] =
    "id: c.clang-test\n"
    "name: ClangTest\n"
    "engine: clang\n"
    "cwe: 476\n"
    "severity: warning\n"
    "short: a check written in C\n"
    "message: null dereference of '{var}'\n"
    "help: Check it.\n";

static void test_overlaps_lists_rule_ids(void **state)
{
    (void)state;
    char text[1024], err[512];
    snprintf(text, sizeof text, "%soverlaps: c.gets,  c.strcpy-unbounded\n", clang_rule);
    rule_source_t src = {"rules/c.rule", text, strlen(text)};
    rule_pack_t *pack = NULL;
    assert_int_equal(rule_pack_load_sources(&pack, &src, 1, err, sizeof err), 0);
    const rule_t *r = rule_pack_find(pack, "c.clang-test");
    assert_non_null(r);
    assert_int_equal(r->overlap_count, 2);
    assert_string_equal(r->overlaps[0], "c.gets");
    assert_string_equal(r->overlaps[1], "c.strcpy-unbounded");
    rule_pack_free(pack);
    snprintf(text, sizeof text, "%soverlaps: gets\n", clang_rule);
    src.length = strlen(text);
    assert_int_equal(rule_pack_load_sources(&pack, &src, 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "rules/c.rule:9: bad rule id 'gets' in overlaps"));
}

static void test_clang_rules_are_metadata_only(void **state)
{
    (void)state;
    rule_source_t src[2] = {{"rules/a.rule", good_rule, strlen(good_rule)}, {"rules/c.rule", clang_rule, strlen(clang_rule)}};
    rule_pack_t *pack = NULL;
    char err[512];
    assert_int_equal(rule_pack_load_sources(&pack, src, 2, err, sizeof err), 0);
    const rule_t *r = rule_pack_find(pack, "c.clang-test");
    assert_non_null(r);
    assert_int_equal(r->engine, RULE_ENGINE_CLANG);
    assert_int_equal(r->cwe, 476);
    rule_pack_free(pack);

    char text[1024];
    snprintf(text, sizeof text, "%squery: (identifier) @x\n", clang_rule);
    rule_source_t bad = {"rules/c.rule", text, strlen(text)};
    assert_int_equal(rule_pack_load_sources(&pack, &bad, 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "rules/c.rule:9: 'query' is not allowed with 'engine: clang'"));
    /* a pack of clang rules only loads too (the scanner then has nothing to run) */
    rule_source_t only = {"rules/c.rule", clang_rule, strlen(clang_rule)};
    assert_int_equal(rule_pack_load_sources(&pack, &only, 1, err, sizeof err), 0);
    rule_pack_free(pack);
}

static void test_enable_disable_by_id_and_glob(void **state)
{
    (void)state;
    char second[4096];
    snprintf(second, sizeof second, "%s", good_rule);
    memcpy(strstr(second, "c.test-strcpy"), "c.test-strcat", 13);
    rule_source_t src[2] = {{"rules/a.rule", good_rule, strlen(good_rule)}, {"rules/b.rule", second, strlen(second)}};
    rule_pack_t *pack = NULL;
    char err[512];
    assert_int_equal(rule_pack_load_sources(&pack, src, 2, err, sizeof err), 0);
    assert_int_equal(rule_pack_set_enabled(pack, "c.test-*", false), 2);
    assert_false(rule_pack_find(pack, "c.test-strcpy")->enabled);
    assert_false(rule_pack_find(pack, "c.test-strcat")->enabled);
    assert_int_equal(rule_pack_set_enabled(pack, "c.test-strcat", true), 1);
    assert_true(rule_pack_find(pack, "c.test-strcat")->enabled);
    assert_int_equal(rule_pack_set_enabled(pack, "c.nothing*", true), -1);
    rule_pack_free(pack);
}

static void test_load_dir_errors(void **state)
{
    (void)state;
    rule_pack_t *pack = NULL;
    char err[512];
    assert_int_equal(rule_pack_load_dir(&pack, "/nonexistent/rules", err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent/rules: cannot open the rules folder"));
    char dir[] = "/tmp/assay-rules-XXXXXX";
    assert_non_null(mkdtemp(dir));
    assert_int_equal(rule_pack_load_dir(&pack, dir, err, sizeof err), -1);
    assert_non_null(strstr(err, "no .rule files"));
    char path[512];
    snprintf(path, sizeof path, "%s/bad.rule", dir);
    FILE *f = fopen(path, "w");
    fputs("id: c.bad\nname: Bad\nseverity: warning\nshort: s\nmessage: m\nhelp: h\nquery: (call_expression @c\nreport: @c\n", f);
    fclose(f);
    assert_int_equal(rule_pack_load_dir(&pack, dir, err, sizeof err), -1);
    /* the folder's path is part of the message */
    assert_non_null(strstr(err, "/bad.rule:7:"));
    unlink(path);
    rmdir(dir);
}

/* The shipped pack loads and holds at least 30 query rules. */
static void test_shipped_rules_load(void **state)
{
    (void)state;
    rule_pack_t *pack = NULL;
    char err[1024];
    int rc = rule_pack_load_dir(&pack, "rules", err, sizeof err);
    if (rc < 0) print_error("%s\n", err);
    assert_int_equal(rc, 0);
    size_t query_rules = 0;
    for (size_t i = 0; i < pack->count; i++) query_rules += pack->rules[i]->engine == RULE_ENGINE_TREESITTER;
    assert_true(query_rules >= 30);
    assert_non_null(rule_pack_find(pack, "c.gets"));
    assert_non_null(rule_pack_find(pack, "c.strcpy-unbounded"));
    rule_pack_free(pack);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_rule_has_every_field),
        cmocka_unit_test(test_overlaps_lists_rule_ids),
        cmocka_unit_test(test_syntax_errors_name_file_and_line),
        cmocka_unit_test(test_missing_fields_are_named),
        cmocka_unit_test(test_query_errors_give_line_and_column),
        cmocka_unit_test(test_query_error_column_is_exact),
        cmocka_unit_test(test_predicate_errors),
        cmocka_unit_test(test_template_and_capture_errors),
        cmocka_unit_test(test_nul_byte_and_empty_file),
        cmocka_unit_test(test_duplicate_id_names_both_files),
        cmocka_unit_test(test_clang_rules_are_metadata_only),
        cmocka_unit_test(test_enable_disable_by_id_and_glob),
        cmocka_unit_test(test_load_dir_errors),
        cmocka_unit_test(test_shipped_rules_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
