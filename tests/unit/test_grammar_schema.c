/* test_grammar_schema.c — JSON Schema → GBNF: exact integer ranges, strings, numbers,
 * objects in a fixed order, arrays, enum/const/anyOf, $ref; unsupported keywords are
 * errors naming keyword and pointer; the verdict grammar and its fix restrictions. */
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

static grammar_t *from_schema_opts(const char *schema, const grammar_schema_override_t *o, size_t n)
{
    char *gbnf = NULL;
    char err[512] = "";
    int rc = grammar_schema_to_gbnf(&gbnf, schema, strlen(schema), "s.json", o, n, err, sizeof err);
    if (rc) fail_msg("schema does not convert: %s", err);
    grammar_t *g = gtest_parse_text(gbnf);
    free(gbnf);
    return g;
}

static grammar_t *from_schema(const char *schema) { return from_schema_opts(schema, NULL, 0); }

static bool accepts(const grammar_t *g, const char *text)
{
    grammar_matcher_t *m = NULL;
    char err[256];
    assert_int_equal(grammar_matcher_new(&m, g, NULL, err, sizeof err), 0);
    size_t used;
    bool ok = grammar_matcher_accept_bytes(m, text, strlen(text), &used, err, sizeof err) == 0 &&
              grammar_matcher_can_end(m);
    grammar_matcher_free(m);
    /* the independent recogniser must agree */
    if (ok != gtest_recognize(g, text, strlen(text))) fail_msg("matcher and recogniser disagree on %s", text);
    return ok;
}

/* the grammar accepts text exactly when the validator does (text is valid JSON) */
static void agree(const grammar_t *g, const char *schema_text, const char *text, bool expected)
{
    json_t *schema = json_loads(schema_text, 0, NULL);
    json_t *inst = json_loads(text, JSON_DECODE_ANY, NULL);
    assert_non_null(inst);
    bool valid = gtest_schema_validate(schema, schema, inst, NULL, 0);
    bool in = accepts(g, text);
    if (in != expected) fail_msg("grammar says %s for %s", in ? "in" : "out", text);
    if (in && !valid) fail_msg("grammar accepts %s but the validator rejects it", text);
    json_decref(schema);
    json_decref(inst);
}

static void expect_error(const char *schema, const char *needle)
{
    char *gbnf = NULL;
    char err[512] = "";
    int rc = grammar_schema_to_gbnf(&gbnf, schema, strlen(schema), "s.json", NULL, 0, err, sizeof err);
    if (rc == 0) { free(gbnf); fail_msg("schema converted but should not: %s", schema); }
    assert_null(gbnf);
    if (!strstr(err, needle)) fail_msg("error \"%s\" does not contain \"%s\"", err, needle);
}

static void check_int_range(const char *schema, long lo, long hi, long from, long to)
{
    grammar_t *g = from_schema(schema);
    char buf[64];
    for (long i = from; i <= to; i++) {
        snprintf(buf, sizeof buf, "%ld", i);
        bool in = i >= lo && i <= hi;
        if (accepts(g, buf) != in) fail_msg("%s: %ld should be %s", schema, i, in ? "accepted" : "rejected");
    }
    assert_false(accepts(g, "-0"));
    assert_false(accepts(g, "007"));
    assert_false(accepts(g, "1.0"));
    assert_false(accepts(g, ""));
    grammar_free(g);
}

static void test_integer_ranges_exact(void **state)
{
    (void)state;
    check_int_range("{\"type\":\"integer\",\"minimum\":0,\"maximum\":100}", 0, 100, -120, 1200);
    check_int_range("{\"type\":\"integer\",\"minimum\":-15,\"maximum\":7}", -15, 7, -300, 300);
    check_int_range("{\"type\":\"integer\",\"minimum\":3,\"maximum\":1234}", 3, 1234, -20, 2500);
    check_int_range("{\"type\":\"integer\",\"minimum\":-1000,\"maximum\":-10}", -1000, -10, -1300, 50);
    check_int_range("{\"type\":\"integer\",\"minimum\":7,\"maximum\":7}", 7, 7, -10, 100);
    check_int_range("{\"type\":\"integer\",\"exclusiveMinimum\":9,\"exclusiveMaximum\":20}", 10, 19, -5, 250);
    check_int_range("{\"type\":\"integer\",\"minimum\":95}", 95, 1L << 40, 0, 1500);
    check_int_range("{\"type\":\"integer\",\"maximum\":-3}", -(1L << 40), -3, -1500, 100);
    check_int_range("{\"type\":\"integer\",\"minimum\":1.5,\"maximum\":9.5}", 2, 9, -5, 50);
}

static void test_number_bounds(void **state)
{
    (void)state;
    const char *s = "{\"type\":\"number\",\"minimum\":-2,\"maximum\":3}";
    grammar_t *g = from_schema(s);
    const char *in[] = {"0", "-2", "-1.999", "-0.5", "2.75", "3", "3.000", "1", "-2.0"};
    const char *out[] = {"3.01", "-2.01", "4", "-3", "1e2", "03", "3.5"};
    for (size_t i = 0; i < sizeof in / sizeof *in; i++) agree(g, s, in[i], true);
    for (size_t i = 0; i < sizeof out / sizeof *out; i++)
        if (accepts(g, out[i])) fail_msg("%s accepted", out[i]);
    grammar_free(g);
    g = from_schema("{\"type\":\"number\"}");
    assert_true(accepts(g, "-12.5e-3"));
    assert_true(accepts(g, "0"));
    assert_false(accepts(g, "01"));
    assert_false(accepts(g, "1."));
    grammar_free(g);
    expect_error("{\"type\":\"number\",\"minimum\":0.5}", "non-integral 'minimum' at /minimum");
}

static void test_strings(void **state)
{
    (void)state;
    const char *s = "{\"type\":\"string\",\"minLength\":2,\"maxLength\":4}";
    grammar_t *g = from_schema(s);
    agree(g, s, "\"ab\"", true);
    agree(g, s, "\"\\u00e9\\u00e9\"", false); /* \u escapes are not generated */
    agree(g, s, "\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\"", true); /* 4 characters, 8 bytes */
    agree(g, s, "\"a\\\"\\nb\"", true);        /* escapes count as one character */
    agree(g, s, "\"a\"", false);
    agree(g, s, "\"abcde\"", false);
    assert_false(accepts(g, "\"a\nb\""));      /* raw control characters never */
    grammar_free(g);
}

static void test_objects_order_and_optional(void **state)
{
    (void)state;
    const char *s = "{\"type\":\"object\",\"properties\":{"
                    "\"opt1\":{\"type\":\"boolean\"},\"id\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":9},"
                    "\"name\":{\"const\":\"x\"},\"opt2\":{\"type\":\"null\"}},"
                    "\"required\":[\"id\",\"name\"],\"additionalProperties\":false}";
    grammar_t *g = from_schema(s);
    agree(g, s, "{\"id\":3,\"name\":\"x\"}", true);
    agree(g, s, "{\"id\": 3, \"name\": \"x\", \"opt1\": true, \"opt2\": null}", true);
    agree(g, s, "{\"id\":3,\"name\":\"x\",\"opt2\":null}", true);
    agree(g, s, "{\"name\":\"x\",\"id\":3}", false);            /* fixed order: required first */
    agree(g, s, "{\"id\":3,\"name\":\"x\",\"opt2\":null,\"opt1\":true}", false);
    agree(g, s, "{\"id\":3}", false);
    agree(g, s, "{\"id\":3,\"name\":\"x\",\"extra\":1}", false);
    agree(g, s, "{\"id\":3,  \"name\":\"x\"}", false);         /* at most one space */
    grammar_free(g);
    /* all optional */
    s = "{\"properties\":{\"a\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":5},\"b\":{\"type\":\"boolean\"}}}";
    g = from_schema(s);
    agree(g, s, "{}", true);
    agree(g, s, "{\"b\":false}", true);
    agree(g, s, "{\"a\":1,\"b\":true}", true);
    agree(g, s, "{\"b\":true,\"a\":1}", false);
    assert_false(accepts(g, "{,\"b\":true}"));
    grammar_free(g);
}

static void test_arrays_enum_anyof_ref(void **state)
{
    (void)state;
    const char *s = "{\"type\":\"array\",\"items\":{\"enum\":[\"red\",1,null,{\"k\":[true]}]},\"minItems\":1,\"maxItems\":3}";
    grammar_t *g = from_schema(s);
    agree(g, s, "[\"red\"]", true);
    agree(g, s, "[1, null,{\"k\":[true]}]", true);
    agree(g, s, "[]", false);
    agree(g, s, "[1,1,1,1]", false);
    agree(g, s, "[\"blue\"]", false);
    grammar_free(g);

    s = "{\"$defs\":{\"node\":{\"type\":\"object\",\"properties\":{\"v\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":99},"
        "\"next\":{\"anyOf\":[{\"type\":\"null\"},{\"$ref\":\"#/$defs/node\"}]}},\"required\":[\"v\",\"next\"]}},"
        "\"$ref\":\"#/$defs/node\"}";
    g = from_schema(s);
    agree(g, s, "{\"v\":1,\"next\":{\"v\":2,\"next\":null}}", true);
    agree(g, s, "{\"v\":1,\"next\":{\"v\":200,\"next\":null}}", false);
    grammar_free(g);

    s = "{\"oneOf\":[{\"type\":\"string\",\"maxLength\":1},{\"type\":[\"integer\",\"boolean\"]}]}";
    g = from_schema(s);
    agree(g, s, "\"a\"", true);
    agree(g, s, "false", true);
    agree(g, s, "-5", true);
    agree(g, s, "\"ab\"", false);
    grammar_free(g);

    g = from_schema("{}");
    assert_true(accepts(g, "{\"any\":[1,\"x\",{}]}"));
    grammar_free(g);
}

static void test_unsupported_is_an_error_with_pointer(void **state)
{
    (void)state;
    expect_error("{\"type\":\"string\",\"pattern\":\"^a\"}", "unsupported keyword 'pattern' at /pattern");
    expect_error("{\"properties\":{\"a\":{\"type\":\"string\",\"format\":\"date\"}}}",
                 "unsupported keyword 'format' at /properties/a/format");
    expect_error("{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}}", "'additionalProperties' at /additionalProperties");
    expect_error("{\"allOf\":[{}]}", "unsupported keyword 'allOf' at /allOf");
    expect_error("{\"$ref\":\"#/definitions/missing\"}", "$ref '#/definitions/missing'");
    expect_error("{\"type\":\"array\",\"prefixItems\":[]}", "unsupported keyword 'prefixItems' at /prefixItems");
    expect_error("{\"type\":\"object\",\"properties\":{\"a/b\":{\"uniqueItems\":true}}}",
                 "unsupported keyword 'uniqueItems' at /properties/a~1b/uniqueItems");
    expect_error("{\"type\":\"object\",\"required\":[\"a\"]}", "required property 'a'");
    expect_error("{\"type\": \"strin\"}", "unknown type 'strin' at /type");
    expect_error("{\"type\":\"integer\",\"minimum\":5,\"maximum\":1}", "integer range at / is empty");
    expect_error("{\"type\":\n \"string\",}", "s.json:2:");
}

static void test_verdict_schema_file_is_compiled_in(void **state)
{
    (void)state;
    size_t len;
    char *text = gtest_read_file("grammar/schemas/verdict.schema.json", &len);
    assert_non_null(text);
    assert_string_equal(text, grammar_verdict_schema());
    free(text);
}

static void test_verdict_grammar(void **state)
{
    (void)state;
    char *gbnf = NULL;
    char err[512];
    assert_int_equal(grammar_verdict_gbnf(&gbnf, NULL, err, sizeof err), 0);
    grammar_t *g = gtest_parse_text(gbnf);
    free(gbnf);
    const char *schema = grammar_verdict_schema();
    agree(g, schema, "{\"verdict\":\"true_positive\",\"confidence\":100,\"reason\":\"r\",\"fix\":null}", true);
    agree(g, schema,
          "{\"verdict\": \"false_positive\", \"confidence\": 0, \"reason\": \"the size is checked above\", "
          "\"fix\": {\"start_line\": 3, \"end_line\": 4, \"replacement\": \"if (n > 8) return;\\n\"}}",
          true);
    agree(g, schema, "{\"confidence\":1,\"verdict\":\"uncertain\",\"reason\":\"\",\"fix\":null}", false);
    agree(g, schema, "{\"verdict\":\"maybe\",\"confidence\":1,\"reason\":\"\",\"fix\":null}", false);
    agree(g, schema, "{\"verdict\":\"uncertain\",\"confidence\":101,\"reason\":\"\",\"fix\":null}", false);
    agree(g, schema, "{\"verdict\":\"uncertain\",\"confidence\":1,\"reason\":\"\"}", false);
    /* reason: at most 240 characters */
    char big[400];
    for (int n = 240; n <= 241; n++) {
        char reason[300];
        memset(reason, 'x', (size_t)n);
        reason[n] = 0;
        snprintf(big, sizeof big, "{\"verdict\":\"uncertain\",\"confidence\":5,\"reason\":\"%s\",\"fix\":null}", reason);
        agree(g, schema, big, n == 240);
    }
    grammar_free(g);
}

static void test_verdict_fix_restrictions(void **state)
{
    (void)state;
    const char *idents[] = {"buf", "len", "memcpy"};
    const char *templates[] = {"free(p);\np = NULL;"};
    grammar_fix_options_t fix = {idents, 3, true, templates, 1};
    char *gbnf = NULL;
    char err[512];
    assert_int_equal(grammar_verdict_gbnf(&gbnf, &fix, err, sizeof err), 0);
    grammar_t *g = gtest_parse_text(gbnf);
    free(gbnf);
    const char *head = "{\"verdict\":\"true_positive\",\"confidence\":90,\"reason\":\"r\",\"fix\":{\"start_line\":1,\"end_line\":1,\"replacement\":";
    char doc[512];
    struct { const char *repl; bool ok; } cases[] = {
        {"\"if (len > sizeof buf) return -1;\\nmemcpy(buf, \\\"x\\\", 1);\"", true},
        {"\"free(p);\\np = NULL;\"", true},                /* the template, verbatim */
        {"\"free(p);\"", false},                           /* free, p: not in scope */
        {"\"bufx = 0;\"", false},                          /* not an identifier in scope */
        {"\"buflen = 0;\"", false},                        /* two words glued */
        {"\"len = 0x1Fu + 'a' + '\\\\n';\"", true},        /* literals */
        {"\"strcpy(buf, len);\"", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        snprintf(doc, sizeof doc, "%s%s}}", head, cases[i].repl);
        if (accepts(g, doc) != cases[i].ok) fail_msg("replacement %s should be %s", cases[i].repl, cases[i].ok ? "allowed" : "refused");
    }
    grammar_free(g);

    /* templates only */
    fix.allow_code = false;
    assert_int_equal(grammar_verdict_gbnf(&gbnf, &fix, err, sizeof err), 0);
    g = gtest_parse_text(gbnf);
    free(gbnf);
    snprintf(doc, sizeof doc, "%s%s}}", head, "\"len = 0;\"");
    assert_false(accepts(g, doc));
    snprintf(doc, sizeof doc, "%s%s}}", head, "\"free(p);\\np = NULL;\"");
    assert_true(accepts(g, doc));
    grammar_free(g);

    const char *bad[] = {"ok", "not-an-identifier"};
    grammar_fix_options_t badfix = {bad, 2, true, NULL, 0};
    assert_int_equal(grammar_verdict_gbnf(&gbnf, &badfix, err, sizeof err), GRAMMAR_ERR_ARG);
    assert_non_null(strstr(err, "'not-an-identifier' is not a C identifier"));
    grammar_fix_options_t none = {NULL, 0, false, NULL, 0};
    assert_int_equal(grammar_verdict_gbnf(&gbnf, &none, err, sizeof err), GRAMMAR_ERR_ARG);
}

static void test_override_must_match(void **state)
{
    (void)state;
    grammar_schema_override_t o = {"/properties/nope", "\"x\"", NULL};
    char *gbnf = NULL;
    char err[256];
    const char *s = "{\"properties\":{\"a\":{\"type\":\"string\"}}}";
    assert_int_equal(grammar_schema_to_gbnf(&gbnf, s, strlen(s), "s.json", &o, 1, err, sizeof err), GRAMMAR_ERR_ARG);
    assert_non_null(strstr(err, "/properties/nope"));
    grammar_schema_override_t ok = {"/properties/a", "\"\\\"\" [a-c]+ \"\\\"\"", NULL};
    grammar_t *g = from_schema_opts(s, &ok, 1);
    assert_true(accepts(g, "{\"a\":\"abc\"}"));
    assert_false(accepts(g, "{\"a\":\"abd\"}"));
    grammar_free(g);
}

/* Mutated schemas: each converts to GBNF that parses, or is refused with a message
 * naming the source; never unparseable output, never a crash. */
static void test_mutated_schemas(void **state)
{
    (void)state;
    const char *base = grammar_verdict_schema();
    size_t len = strlen(base);
    char *buf = malloc(len + 64);
    static const char *const swaps[][2] = {
        {"\"integer\"", "\"number\""}, {"\"string\"", "\"boolean\""}, {"240", "0"}, {"\"maximum\"", "\"minimum\""},
        {"\"anyOf\"", "\"oneOf\""}, {"\"null\"", "\"array\""}, {"\"required\"", "\"requires\""},
        {"false", "true"}, {"\"enum\"", "\"const\""}, {"100", "-100"}, {"\"object\"", "\"string\""},
    };
    uint64_t s = 99;
    size_t converted = 0, refused = 0;
    for (int round = 0; round < 300; round++) {
        memcpy(buf, base, len + 1);
        for (int k = 0; k < 1 + round % 3; k++) {
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            const char *const *sw = swaps[(s >> 33) % (sizeof swaps / sizeof *swaps)];
            char *hit = strstr(buf, sw[0]);
            for (uint64_t skip = (s >> 45) % 3; hit && skip; skip--) {
                char *next = strstr(hit + 1, sw[0]);
                if (next) hit = next;
            }
            if (!hit || strlen(buf) - strlen(sw[0]) + strlen(sw[1]) >= len + 60) continue;
            memmove(hit + strlen(sw[1]), hit + strlen(sw[0]), strlen(hit + strlen(sw[0])) + 1);
            memcpy(hit, sw[1], strlen(sw[1]));
        }
        char *gbnf = NULL;
        char err[512] = "";
        if (grammar_schema_to_gbnf(&gbnf, buf, strlen(buf), "mutant.json", NULL, 0, err, sizeof err) == 0) {
            converted++;
            grammar_t *g = NULL;
            if (grammar_parse(&g, gbnf, strlen(gbnf), "generated", err, sizeof err) != 0)
                fail_msg("converted schema gives unparseable GBNF: %s\n%s", err, gbnf);
            grammar_free(g);
            free(gbnf);
        } else {
            refused++;
            assert_non_null(strstr(err, "mutant.json"));
        }
    }
    free(buf);
    assert_true(converted > 0 && refused > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_integer_ranges_exact),
        cmocka_unit_test(test_number_bounds),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_objects_order_and_optional),
        cmocka_unit_test(test_arrays_enum_anyof_ref),
        cmocka_unit_test(test_unsupported_is_an_error_with_pointer),
        cmocka_unit_test(test_verdict_schema_file_is_compiled_in),
        cmocka_unit_test(test_verdict_grammar),
        cmocka_unit_test(test_verdict_fix_restrictions),
        cmocka_unit_test(test_override_must_match),
        cmocka_unit_test(test_mutated_schemas),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
