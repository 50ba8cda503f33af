/* test_analyzer_rules.c — the rule file parser and pack loader: a good rule loads with
 * every field, and every kind of mistake is reported as "path:line: problem" (with the
 * column inside a query), naming what is wrong: YAML syntax (libyaml's marks), the shapes
 * of values (text, lists), duplicate keys, the `decide:` families. Also enabling/disabling
 * by glob, lookup by id, engine: clang metadata-only rules, and loading the real rules/
 * folder. */
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
#include "tests/unit/helpers/temp_dir.h"

static const char good_rule[] =
    "# a comment\n"
    "id: c.test-strcpy\n"
    "name: TestStrcpy\n"
    "cwe: CWE-120\n"
    "extra-cwes: [787, CWE-121]\n"
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
    "report: '@call'\n"
    "fix: bounded copy\n"
    "fix-meaning: changed\n"
    "fix-replace: '@call => snprintf({dst}, sizeof {dst}, \"%s\", {src})'\n";

/* Loads one rule text named "t.yml"; returns the pack or NULL with err filled. */
static rule_pack_t *load_one(const char *text, char *err, size_t err_size)
{
    rule_source_t src = {"rules/t.yml", text, strlen(text)};
    rule_pack_t *pack = NULL;
    err[0] = '\0';
    if (rule_pack_load_sources(&pack, &src, 1, err, err_size) < 0) return NULL;
    return pack;
}

/* Writes base with its first `from` replaced by `to` into out. */
static void replaced(char *out, size_t size, const char *base, const char *from, const char *to)
{
    const char *at = strstr(base, from);
    assert_non_null(at);
    snprintf(out, size, "%.*s%s%s", (int)(at - base), base, to, at + strlen(from));
}

/* Replaces the first occurrence of `from` in good_rule by `to` and expects the load to
 * fail with an error starting with `prefix` and containing `needle`. */
static void expect_error(const char *from, const char *to, const char *prefix, const char *needle)
{
    char text[4096];
    replaced(text, sizeof text, good_rule, from, to);
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
    assert_string_equal(r->source_path, "rules/t.yml");
    assert_true(r->enabled);
    assert_int_equal(r->engine, RULE_ENGINE_TREESITTER);
    assert_null(rule_pack_find(pack, "c.nope"));
    rule_pack_free(pack);
    rule_pack_free(NULL);
}

static void test_syntax_errors_name_file_and_line(void **state)
{
    (void)state;
    expect_error("tags: security", "colour: blue\ntags: security", "rules/t.yml:8:", "unknown key 'colour'");
    expect_error("tags: security", "severity: note\ntags: security", "rules/t.yml:8:", "duplicate key 'severity'");
    expect_error("tags: security", "  stray: indented\ntags: security", "rules/t.yml:8:", "not valid YAML");
    expect_error("tags: security", "no colon here\ntags: security", "rules/t.yml:9:", "not valid YAML");
    expect_error("id: c.test-strcpy", "id: R017", "rules/t.yml:2:", "bad rule id 'R017'");
    expect_error("name: TestStrcpy", "name: Test Strcpy", "rules/t.yml:3:", "bad name");
    expect_error("cwe: CWE-120", "cwe: buffer", "rules/t.yml:4:", "bad CWE 'buffer'");
    expect_error("severity: error", "severity: fatal", "rules/t.yml:6:", "bad severity 'fatal'");
    expect_error("security-severity: 8.5", "security-severity: 11", "rules/t.yml:7:", "bad security-severity");
    expect_error("help-uri: https://example.org/strcpy", "help-uri: example.org", "rules/t.yml:17:", "http");
    expect_error("fix-meaning: changed", "fix-meaning: maybe", "rules/t.yml:26:", "bad fix-meaning 'maybe'");
    expect_error("fix-replace: '@call =>", "fix-replace: 'call =>", "rules/t.yml:27:", "@capture => replacement");
    expect_error("message: strcpy", "message: ''\nx: strcpy", "rules/t.yml:14:", "empty value for 'message'");
    expect_error("tags: security, buffer-overflow", "tags:", "rules/t.yml:8:", "empty value for 'tags'");
}

static void test_missing_fields_are_named(void **state)
{
    (void)state;
    expect_error("message: strcpy into '{dst}' ({dst_size} bytes)\n", "", "rules/t.yml:", "missing required key 'message'");
    expect_error("short: strcpy into an array\n", "", "rules/t.yml:", "missing required key 'short'");
    expect_error("report: '@call'\n", "", "rules/t.yml:", "missing required key 'report'");
    expect_error("fix-meaning: changed\n", "", "rules/t.yml:25:", "fix-meaning");
    expect_error("fix: bounded copy\n", "", "rules/t.yml:", "fix edits need a 'fix:");
}

static void test_query_errors_give_line_and_column(void **state)
{
    (void)state;
    /* line 21 of the file is "     arguments: ..."; the bad node type is on it */
    expect_error("(argument_list .", "(argument_lisp .", "rules/t.yml:21:", "unknown node type");
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
    assert_string_equal(strstr(err, "rules/t.yml:21:18: bad query: unknown node type") ? "ok" : err, "ok");
}

/* Found by tests/fuzz/fuzz_rule_yaml: libtree-sitter 0.20 leaks the capture list of a
 * field pattern whose field name it does not know, so unknown fields are refused before
 * the query reaches it (the SAN build's leak checker fails this test otherwise). */
static void test_unknown_field_is_refused_by_name(void **state)
{
    (void)state;
    expect_error("     function: (identifier) @fn", "     functio: (identifier) @fn", "rules/t.yml:20:6:",
                 "bad query: unknown field name 'functio'");
    expect_error("arguments: (argument_list", "argumentz : (argument_list", "rules/t.yml:21:6:",
                 "bad query: unknown field name 'argumentz'");
    expect_error("arguments: (argument_list", "arg?ments: (argument_list", "rules/t.yml:21:6:",
                 "bad query: unknown field name 'arg?ments'");
}

/* Found by tests/fuzz/fuzz_query: libtree-sitter 0.20 reads freed memory on a quantifier
 * right after another (`_??`, also with a capture between them) and never returns from
 * `?*`; such queries are refused first. A `?` inside a capture or predicate name is not a
 * quantifier. */
static void test_stacked_quantifiers_are_refused(void **state)
{
    (void)state;
    expect_error("(identifier) @fn", "(identifier)?? @fn", "rules/t.yml:20:29:",
                 "bad query: '?' right after another quantifier");
    expect_error("(identifier) @fn", "(identifier)? @fn *", "rules/t.yml:20:34:",
                 "bad query: '*' right after another quantifier");
    expect_error("(identifier) @fn", "(_)?* @fn", "rules/t.yml:20:",
                 "bad query: '*' right after another quantifier");
    expect_error("(identifier) @fn", "_ ?? @fn", "rules/t.yml:20:",
                 "bad query: '?' right after another quantifier");
    char text[4096], err[512];
    replaced(text, sizeof text, good_rule, "(identifier) @fn", "(identifier)? @fn");
    rule_pack_t *pack = load_one(text, err, sizeof err);
    if (!pack) fail_msg("%s", err);
    rule_pack_free(pack);
}

/* A query nested deeper than the limit is refused with the limit named, before
 * tree-sitter's recursive query parser overflows the stack (100k levels did). */
static void test_deep_query_is_refused(void **state)
{
    (void)state;
    for (int levels = RULE_QUERY_MAX_DEPTH + 1; levels <= 100000; levels *= 1000) {
        size_t size = strlen(good_rule) + 4 * (size_t)levels + 64;
        char *deep = malloc(size), *text = malloc(size + 64);
        assert_non_null(deep);
        assert_non_null(text);
        size_t at = 0;
        for (int i = 0; i < levels; i++) deep[at++] = '(';
        at += (size_t)sprintf(deep + at, "identifier");
        for (int i = 0; i < levels; i++) deep[at++] = ')';
        sprintf(deep + at, " @call");
        const char *from = strstr(good_rule, "  ((call_expression"), *to = strstr(good_rule, "report:");
        snprintf(text, size + 64, "%.*s  %s\n%s", (int)(from - good_rule), good_rule, deep, to);
        char err[512], want[128];
        assert_null(load_one(text, err, sizeof err));
        snprintf(want, sizeof want, "rules/t.yml:19:%d: bad query: nested deeper than %d levels (the limit)",
                 RULE_QUERY_MAX_DEPTH + 3, RULE_QUERY_MAX_DEPTH);
        assert_string_equal(err, want);
        free(deep);
        free(text);
    }
}

static void test_predicate_errors(void **state)
{
    (void)state;
    expect_error("(#eq? @fn \"strcpy\")", "(#match? @fn \"str(cpy\")", "rules/t.yml:22:", "bad regex");
    expect_error("(#eq? @fn \"strcpy\")", "(#match? @fn \"str(cpy\")", "rules/t.yml:22:", "missing closing parenthesis");
    expect_error("(#eq? @fn \"strcpy\")", "(#frobnicate? @fn)", "rules/t.yml:22:", "unknown predicate '#frobnicate?'");
    expect_error("(#eq? @fn \"strcpy\")", "(#eq? @fn)", "rules/t.yml:22:", "'#eq?'");
    expect_error("(#fixed-array? @dst))", "(#fixed-array? @dst \"x\"))", "rules/t.yml:23:", "'#fixed-array?' takes");
    expect_error("(#eq? @fn \"strcpy\")", "(#eq? @nosuch \"strcpy\")", "rules/t.yml:", "bad query");
    expect_error("   (#fixed-array? @dst))", "   )\n  (#fixed-array? @dst)", "rules/t.yml:24:", "predicate outside a pattern");
}

static void test_template_and_capture_errors(void **state)
{
    (void)state;
    expect_error("({dst_size} bytes)", "({dst_length} bytes)", "rules/t.yml:14:",
                 "message uses {dst_length}, which is neither a capture");
    expect_error("sizeof {dst},", "sizeof {dest},", "rules/t.yml:27:", "fix edit uses {dest}");
    expect_error("report: '@call", "report: '@whole", "rules/t.yml:24:", "report names @whole");
    expect_error("fix-replace: '@call", "fix-replace: '@whole", "rules/t.yml:27:", "fix edit names @whole");
    /* statement(@capture) edits and the fix-requires forms name, name=text, name!~regex */
    expect_error("fix-replace: '@call", "fix-replace: 'statement(@call", "rules/t.yml:27:", "missing ')'");
    expect_error("fix-replace: '@call", "fix-replace: 'statement(@whole)", "rules/t.yml:27:", "fix edit names @whole");
    expect_error("fix-replace:", "fix-requires: [dest=x]\nfix-replace:", "rules/t.yml:", "fix-requires names 'dest'");
    expect_error("fix-replace:", "fix-requires: ['dst!~(']\nfix-replace:", "rules/t.yml:", "valid regex");
    expect_error("fix-replace:", "fix-requires: ['dst!x']\nfix-replace:", "rules/t.yml:", "'name!~regex'");
}

static void test_fix_edit_forms_load(void **state)
{
    (void)state;
    char text[4096], err[512];
    replaced(text, sizeof text, good_rule, "fix-replace: '@call",
             "fix-requires: [fn=strcpy, 'src!~^\"', dst_size]\nfix-insert-after: 'statement(@call) =>  x;'\n"
             "fix-replace: '@call");
    rule_pack_t *pack = load_one(text, err, sizeof err);
    if (!pack) print_error("%s\n", err);
    assert_non_null(pack);
    rule_pack_free(pack);
}

static void test_nul_byte_and_empty_file(void **state)
{
    (void)state;
    char text[64] = "id: c.x\nname: X\0junk";
    rule_source_t src = {"rules/nul.yml", text, 20};
    rule_pack_t *pack = NULL;
    char err[256];
    assert_int_equal(rule_pack_load_sources(&pack, &src, 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "rules/nul.yml:2: the file contains a NUL byte"));
    rule_source_t empty = {"rules/empty.yml", "", 0};
    assert_int_equal(rule_pack_load_sources(&pack, &empty, 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "rules/empty.yml:1: missing required key 'id'"));
}

static void test_duplicate_id_names_both_files(void **state)
{
    (void)state;
    rule_source_t src[2] = {{"rules/a.yml", good_rule, strlen(good_rule)}, {"rules/b.yml", good_rule, strlen(good_rule)}};
    rule_pack_t *pack = NULL;
    char err[512];
    assert_int_equal(rule_pack_load_sources(&pack, src, 2, err, sizeof err), -1);
    assert_non_null(strstr(err, "rules/b.yml:2: duplicate rule id 'c.test-strcpy' (first defined in rules/a.yml)"));
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
    rule_source_t src = {"rules/c.yml", text, strlen(text)};
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
    assert_non_null(strstr(err, "rules/c.yml:9: bad rule id 'gets' in overlaps"));
}

static void test_clang_rules_are_metadata_only(void **state)
{
    (void)state;
    rule_source_t src[2] = {{"rules/a.yml", good_rule, strlen(good_rule)}, {"rules/c.yml", clang_rule, strlen(clang_rule)}};
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
    rule_source_t bad = {"rules/c.yml", text, strlen(text)};
    assert_int_equal(rule_pack_load_sources(&pack, &bad, 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "rules/c.yml:9: 'query' is not allowed with 'engine: clang'"));
    /* a pack of clang rules only loads too (the scanner then has nothing to run) */
    rule_source_t only = {"rules/c.yml", clang_rule, strlen(clang_rule)};
    assert_int_equal(rule_pack_load_sources(&pack, &only, 1, err, sizeof err), 0);
    rule_pack_free(pack);
}

/* ---- YAML: the shapes of values, and what libyaml reports ----------------------------- */

static void test_yaml_lists_and_texts(void **state)
{
    (void)state;
    char step[4096], text[4096], err[512];
    /* tags as a YAML list, extra-cwes as comma-separated text: the same words */
    replaced(step, sizeof step, good_rule, "extra-cwes: [787, CWE-121]", "extra-cwes: 787,   CWE-121 ");
    replaced(text, sizeof text, step, "tags: security, buffer-overflow", "tags: [security,buffer-overflow]");
    rule_pack_t *pack = load_one(text, err, sizeof err);
    if (!pack) print_error("%s\n", err);
    assert_non_null(pack);
    const rule_t *r = rule_pack_find(pack, "c.test-strcpy");
    assert_int_equal(r->extra_cwe_count, 2);
    assert_int_equal(r->extra_cwes[1], 121);
    assert_int_equal(r->tag_count, 2);
    assert_string_equal(r->tags[0], "security");
    assert_string_equal(r->tags[1], "buffer-overflow");
    /* a block's final line break is layout; quoted text keeps its spaces */
    assert_string_equal(r->help, "Use snprintf.");
    rule_pack_free(pack);
}

static void test_yaml_syntax_errors_name_the_line(void **state)
{
    (void)state;
    /* the line-format habit: an unquoted @capture; libyaml's message and a hint */
    expect_error("report: '@call'", "report: @call", "rules/t.yml:24:", "must be quoted");
    expect_error("report: '@call'", "report: @call", "rules/t.yml:24:", "not valid YAML");
    expect_error("tags: security, buffer-overflow", "tags: [security", "rules/t.yml:", "not valid YAML");
    expect_error("name: TestStrcpy", "name: \"Test", "rules/t.yml:", "not valid YAML");
    expect_error("short: strcpy into an array", "short: \xff\xfe", "rules/t.yml:", "not valid YAML");
}

static void test_yaml_wrong_shapes_are_errors(void **state)
{
    (void)state;
    expect_error("id: c.test-strcpy", "id: [c.a, c.b]", "rules/t.yml:2:", "'id' takes one value, not a list");
    expect_error("tags: security, buffer-overflow", "tags: {a: b}", "rules/t.yml:8:",
                 "the value of 'tags' must be text or a list of texts, not a mapping");
    expect_error("tags: security, buffer-overflow", "tags:\n  - [a]", "rules/t.yml:9:",
                 "the list of 'tags' must hold texts, not a list");
    expect_error("tags: security, buffer-overflow", "[a]: b", "rules/t.yml:8:", "a key must be a word");
    expect_error("short: strcpy into an array", "short: strcpy into an array\nshort: again", "rules/t.yml:10:",
                 "duplicate key 'short' (first on line 9)");
    expect_error("fix-replace:", "fix-replace: []\nx-fix-replace:", "rules/t.yml:27:", "empty list for 'fix-replace'");
    expect_error("message: strcpy into", "message: |\n  two\n  lines\nx: strcpy into", "rules/t.yml:14:",
                 "message must be one line");
    char text[4096], err[512];
    snprintf(text, sizeof text, "- id: c.a\n- id: c.b\n");
    assert_null(load_one(text, err, sizeof err));
    assert_non_null(strstr(err, "rules/t.yml:1: a rule file is a YAML mapping of keys"));
    snprintf(text, sizeof text, "%s---\nid: c.other\n", good_rule);
    assert_null(load_one(text, err, sizeof err));
    assert_non_null(strstr(err, "rules/t.yml:29: a rule file holds one YAML document"));
}

/* Several edits of one kind are a YAML list; each error names its item's line. */
static void test_yaml_fix_edit_lists(void **state)
{
    (void)state;
    char text[4096], err[512];
    const char *from = "fix-replace: '@call";
    const char *at = strstr(good_rule, from);
    snprintf(text, sizeof text, "%.*sfix-replace:\n  - '@fn => snprintf'\n  - '@dst =>  {dst} '\n", (int)(at - good_rule),
             good_rule);
    rule_pack_t *pack = load_one(text, err, sizeof err);
    if (!pack) print_error("%s\n", err);
    assert_non_null(pack);
    rule_pack_free(pack);
    snprintf(text, sizeof text, "%.*sfix-replace:\n  - '@fn => snprintf'\n  - 'dst => x'\n", (int)(at - good_rule),
             good_rule);
    assert_null(load_one(text, err, sizeof err));
    assert_non_null(strstr(err, "rules/t.yml:29: fix edit must look like '@capture => replacement'"));
}

/* A query block indented by 4 (not 2) still maps errors to the file's line and column. */
static void test_yaml_query_column_with_deeper_indentation(void **state)
{
    (void)state;
    const char *text = "id: c.t\nname: T\nseverity: note\nshort: s\nhelp: h\nmessage: m\n"
                       "query: |\n"
                       "    ((call_expression\n"
                       "       function: (identifer) @fn) @call)\n"
                       "report: '@call'\n";
    char err[512];
    assert_null(load_one(text, err, sizeof err));
    /* "       function: (identifer)": the node name starts at byte 19 */
    assert_string_equal(strstr(err, "rules/t.yml:9:19: bad query") ? "ok" : err, "ok");
}

/* ---- decide: the libclang pass's decision families ------------------------------------ */

static void test_decide_key(void **state)
{
    (void)state;
    char text[4096], err[512];
    snprintf(text, sizeof text, "%sdecide: [bounds, alloc-wrap]\n", good_rule);
    rule_pack_t *pack = load_one(text, err, sizeof err);
    if (!pack) print_error("%s\n", err);
    assert_non_null(pack);
    assert_int_equal(rule_pack_find(pack, "c.test-strcpy")->decide, RULE_DECIDE_BOUNDS | RULE_DECIDE_ALLOC_WRAP);
    rule_pack_free(pack);
    snprintf(text, sizeof text, "%sdecide: format, command, realloc, alloc-size, assert\n", good_rule);
    pack = load_one(text, err, sizeof err);
    assert_non_null(pack);
    assert_int_equal(rule_pack_find(pack, "c.test-strcpy")->decide,
                     RULE_DECIDE_FORMAT | RULE_DECIDE_COMMAND | RULE_DECIDE_REALLOC | RULE_DECIDE_ALLOC_SIZE |
                         RULE_DECIDE_ASSERT);
    rule_pack_free(pack);
    pack = load_one(good_rule, err, sizeof err); /* none: the pass only adds facts */
    assert_int_equal(rule_pack_find(pack, "c.test-strcpy")->decide, 0);
    rule_pack_free(pack);
    snprintf(text, sizeof text, "%sdecide: [bounds, sizes]\n", good_rule);
    assert_null(load_one(text, err, sizeof err));
    assert_non_null(strstr(err, "rules/t.yml:28: unknown decision family 'sizes' in decide"));
    snprintf(text, sizeof text, "%sdecide: {format: yes}\n", good_rule);
    assert_null(load_one(text, err, sizeof err));
    assert_non_null(strstr(err, "rules/t.yml:28: the value of 'decide' must be text or a list"));
    /* the families decide tree-sitter candidates: a clang rule cannot have them */
    snprintf(text, sizeof text, "%sdecide: [format]\n", clang_rule);
    rule_source_t src = {"rules/c.yml", text, strlen(text)};
    assert_int_equal(rule_pack_load_sources(&pack, &src, 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "rules/c.yml:9: 'decide' is not allowed with 'engine: clang'"));
}

/* A folder still holding a rule file of the line format says so instead of skipping it. */
static void test_old_rule_files_are_named(void **state)
{
    (void)state;
    char dir[256];
    assert_int_equal(temp_dir_make(dir, sizeof dir, "rules"), 0);
    char path[512], err[512];
    snprintf(path, sizeof path, "%s/c.old.rule", dir);
    FILE *f = fopen(path, "w");
    fputs("id: c.old\n", f);
    fclose(f);
    rule_pack_t *pack = NULL;
    assert_int_equal(rule_pack_load_dir(&pack, dir, err, sizeof err), -1);
    assert_non_null(strstr(err, "/c.old.rule: rule files are YAML now, named <id>.yml"));
    assert_int_equal(temp_dir_remove(dir), 0);
}

static void test_enable_disable_by_id_and_glob(void **state)
{
    (void)state;
    char second[4096];
    snprintf(second, sizeof second, "%s", good_rule);
    memcpy(strstr(second, "c.test-strcpy"), "c.test-strcat", 13);
    rule_source_t src[2] = {{"rules/a.yml", good_rule, strlen(good_rule)}, {"rules/b.yml", second, strlen(second)}};
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
    char dir[256];
    assert_int_equal(temp_dir_make(dir, sizeof dir, "rules"), 0);
    assert_int_equal(rule_pack_load_dir(&pack, dir, err, sizeof err), -1);
    assert_non_null(strstr(err, "no .yml rule files"));
    char path[512];
    snprintf(path, sizeof path, "%s/bad.yml", dir);
    FILE *f = fopen(path, "w");
    fputs("id: c.bad\nname: Bad\nseverity: warning\nshort: s\nmessage: m\nhelp: h\nquery: (call_expression @c\nreport: '@c'\n", f);
    fclose(f);
    assert_int_equal(rule_pack_load_dir(&pack, dir, err, sizeof err), -1);
    /* the folder's path is part of the message */
    assert_non_null(strstr(err, "/bad.yml:7:"));
    assert_int_equal(temp_dir_remove(dir), 0);
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
        cmocka_unit_test(test_unknown_field_is_refused_by_name),
        cmocka_unit_test(test_deep_query_is_refused),
        cmocka_unit_test(test_stacked_quantifiers_are_refused),
        cmocka_unit_test(test_predicate_errors),
        cmocka_unit_test(test_template_and_capture_errors),
        cmocka_unit_test(test_nul_byte_and_empty_file),
        cmocka_unit_test(test_duplicate_id_names_both_files),
        cmocka_unit_test(test_clang_rules_are_metadata_only),
        cmocka_unit_test(test_enable_disable_by_id_and_glob),
        cmocka_unit_test(test_load_dir_errors),
        cmocka_unit_test(test_shipped_rules_load),
        cmocka_unit_test(test_yaml_lists_and_texts),
        cmocka_unit_test(test_yaml_syntax_errors_name_the_line),
        cmocka_unit_test(test_yaml_wrong_shapes_are_errors),
        cmocka_unit_test(test_yaml_fix_edit_lists),
        cmocka_unit_test(test_fix_edit_forms_load),
        cmocka_unit_test(test_yaml_query_column_with_deeper_indentation),
        cmocka_unit_test(test_decide_key),
        cmocka_unit_test(test_old_rule_files_are_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
