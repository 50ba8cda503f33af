/* test_report_json.c — the JSON / JSON Lines reporter read back with jansson: every
 * documented key in its order, fixes, flows, verdicts, notices, invalid UTF-8, empty input
 * and byte stability. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>

#include "tests/unit/helpers/report_fixtures.h"

/* ---- JSON ------------------------------------------------------------------------- */

static void test_json_has_every_documented_key_in_order(void **state)
{
    report_fixture_t *f = *state;
    char *text = fixture_render(REPORT_JSON, &f->list, &f->options);
    /* key order is part of the format: scripts diffing reports rely on it */
    const char *keys[] = {"\"rule\"", "\"cwe\"", "\"severity\"", "\"path\"", "\"line\"", "\"column\"",
                          "\"end_line\"", "\"end_column\"", "\"message\"", "\"snippet\"", "\"facts\"",
                          "\"fix\"", "\"flow\"", "\"fingerprint\"", "\"line_hash\"", "\"verdict\""};
    const char *p = text;
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        const char *next = strstr(p, keys[i]);
        if (!next) fail_msg("key %s missing or out of order", keys[i]);
        p = next;
    }
    free(text);

    json_t *root = fixture_render_json(REPORT_JSON, &f->list, &f->options);
    assert_int_equal(json_array_size(root), 5); /* 4 findings and the notice */
    json_t *copy = json_array_get(root, 1);
    assert_string_equal(fixture_json_str(copy, "rule"), "c.strcpy-unbounded");
    assert_int_equal(fixture_json_num(copy, "cwe"), 120);
    assert_string_equal(fixture_json_str(copy, "severity"), "warning");
    assert_string_equal(fixture_json_str(copy, "path"), "src/copy.c");
    assert_int_equal(fixture_json_num(copy, "line"), 3);
    assert_int_equal(fixture_json_num(copy, "column"), 16);
    assert_int_equal(fixture_json_num(copy, "end_line"), 3);
    assert_int_equal(fixture_json_num(copy, "end_column"), 32);
    assert_string_equal(fixture_json_str(copy, "snippet"), "strcpy(buf, src)");
    assert_string_equal(fixture_json_str(json_object_get(copy, "facts"), "dst_size"), "16");
    json_t *fix = json_object_get(copy, "fix");
    assert_true(json_is_true(json_object_get(fix, "may_change_meaning")));
    assert_true(json_is_true(json_object_get(fix, "verified")));
    json_t *edit = json_array_get(json_object_get(fix, "edits"), 0);
    assert_int_equal(fixture_json_num(edit, "column"), 16);
    assert_string_equal(fixture_json_str(edit, "replacement"), "snprintf(buf, sizeof buf, \"%s\", src)");
    assert_string_equal(fixture_json_str(copy, "fingerprint"), "0123456789abcdef0123456789abcdef");
    assert_string_equal(fixture_json_str(copy, "line_hash"), "5f2ec0a4c3d2b1a0:1");
    assert_true(json_is_null(json_object_get(copy, "verdict")));

    json_t *uaf = json_array_get(root, 0);
    assert_true(json_is_null(json_object_get(uaf, "fix")));
    json_t *step = json_array_get(json_object_get(uaf, "flow"), 0);
    assert_string_equal(fixture_json_str(step, "message"), "memory freed here");
    assert_int_equal(fixture_json_num(step, "line"), 2);

    json_t *review = json_object_get(json_array_get(root, 2), "verdict");
    assert_string_equal(fixture_json_str(review, "verdict"), "true-positive");
    assert_int_equal(fixture_json_num(review, "confidence"), 87);
    assert_string_equal(fixture_json_str(review, "reason"), "buf is 16 bytes and src comes from argv");

    json_t *odd = json_array_get(root, 3);
    assert_true(json_is_null(json_object_get(odd, "cwe")));
    assert_string_equal(fixture_json_str(odd, "snippet"), "a\xEF\xBF\xBD\xEF\xBF\xBD" "b\x01");
    json_t *notice = json_array_get(root, 4);
    assert_string_equal(fixture_json_str(notice, "notice"), "not a text file (NUL byte at offset 12): skipped");
    assert_string_equal(fixture_json_str(notice, "path"), "src/binary.c");
    json_decref(root);
}

static void test_json_lines_one_object_per_line(void **state)
{
    report_fixture_t *f = *state;
    f->options.json_lines = true;
    char *text = fixture_render(REPORT_JSON, &f->list, &f->options);
    size_t lines = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        json_error_t error;
        json_t *object = json_loads(line, 0, &error);
        assert_true(json_is_object(object));
        json_decref(object);
        lines++;
    }
    assert_int_equal(lines, 5);
    free(text);
}

static void test_json_empty_and_stable(void **state)
{
    report_fixture_t *f = *state;
    candidate_list_t empty;
    candidate_list_init(&empty);
    char *text = fixture_render(REPORT_JSON, &empty, NULL);
    assert_string_equal(text, "[]\n");
    free(text);
    report_options_t lines = {.json_lines = true};
    text = fixture_render(REPORT_JSON, &empty, &lines);
    assert_string_equal(text, "");
    free(text);
    char *a = fixture_render(REPORT_JSON, &f->list, &f->options);
    char *b = fixture_render(REPORT_JSON, &f->list, &f->options);
    assert_string_equal(a, b);
    free(a);
    free(b);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, report_fixture_setup, report_fixture_teardown)
    const struct CMUnitTest tests[] = {
        T(test_json_has_every_documented_key_in_order),
        T(test_json_lines_one_object_per_line),
        T(test_json_empty_and_stable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
