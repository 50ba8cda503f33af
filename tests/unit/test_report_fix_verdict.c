/* test_report_fix_verdict.c — reporters show only fixes the verifier accepted
 * (analyzer/fix/fix_verify.h) and say why a drafted fix was rejected: gcc-style prints no
 * fix-it and a `note: fix not offered: <reason>`, SARIF carries no `fixes` and the reason
 * in properties["assay/fixRejected"], JSON has "fix": null and "fix_rejected". A fix never
 * verified (no verdict yet) is not shown either, and has no reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>

#include "tests/unit/helpers/report_fixtures.h"

static const char reason[] = "check (c) finding: the finding still fires at line 3";

/* Three strcpy findings of src/copy.c: line 1 verified, line 2 rejected, line 3 never
 * verified; each fix replaces the call. */
static void build(candidate_list_t *list)
{
    candidate_list_init(list);
    for (uint32_t line = 1; line <= 3; line++) {
        candidate_t *c = fixture_candidate(NULL, "c.strcpy-unbounded", "src/copy.c", fixture_range(line, 5, line, 21),
                                           "'strcpy' into 'buf' may overflow", "strcpy(buf, src)", SEVERITY_WARNING,
                                           120);
        c->fix = fix_new("copy with snprintf", false);
        fix_add_edit(c->fix, fixture_range(line, 5, line, 21), "snprintf(buf, sizeof buf, \"%s\", src)");
        if (line == 1) assert_int_equal(fix_set_verdict(c->fix, true, NULL), 0);
        if (line == 2) assert_int_equal(fix_set_verdict(c->fix, false, reason), 0);
        candidate_list_push(list, c);
    }
}

static void test_gcc_offers_only_the_verified_fix_and_notes_the_rejection(void **state)
{
    (void)state;
    candidate_list_t list;
    build(&list);
    char *text = fixture_render(REPORT_GCC, &list, NULL);
    assert_non_null(text);
    assert_non_null(strstr(text, "fix-it:\"src/copy.c\":{1:5-1:21}:"));
    assert_null(strstr(text, "fix-it:\"src/copy.c\":{2:"));
    assert_null(strstr(text, "fix-it:\"src/copy.c\":{3:"));
    assert_non_null(strstr(text, "src/copy.c:2:5: note: fix not offered: check (c) finding: the finding still fires "
                                 "at line 3 [c.strcpy-unbounded]\n"));
    /* one note only: the never-verified fix has no reason to give */
    const char *first = strstr(text, "fix not offered");
    assert_null(strstr(first + 1, "fix not offered"));
    free(text);
    candidate_list_destroy(&list);
}

static void test_sarif_fixes_only_verified_with_the_reason_in_properties(void **state)
{
    (void)state;
    candidate_list_t list;
    build(&list);
    json_t *root = fixture_render_json(REPORT_SARIF, &list, NULL);
    json_t *results = json_object_get(json_array_get(json_object_get(root, "runs"), 0), "results");
    assert_int_equal(json_array_size(results), 3);
    json_t *verified = json_array_get(results, 0), *rejected = json_array_get(results, 1),
           *unverified = json_array_get(results, 2);
    assert_int_equal(json_array_size(json_object_get(verified, "fixes")), 1);
    assert_null(json_object_get(rejected, "fixes"));
    assert_null(json_object_get(unverified, "fixes"));
    assert_string_equal(fixture_json_str(json_object_get(rejected, "properties"), "assay/fixRejected"), reason);
    assert_null(json_object_get(json_object_get(verified, "properties"), "assay/fixRejected"));
    assert_null(json_object_get(json_object_get(unverified, "properties"), "assay/fixRejected"));
    json_decref(root);
    candidate_list_destroy(&list);
}

static void test_json_fix_null_unless_verified_and_the_reason_when_rejected(void **state)
{
    (void)state;
    candidate_list_t list;
    build(&list);
    json_t *root = fixture_render_json(REPORT_JSON, &list, NULL);
    assert_int_equal(json_array_size(root), 3);
    json_t *verified = json_array_get(root, 0), *rejected = json_array_get(root, 1),
           *unverified = json_array_get(root, 2);
    assert_true(json_is_true(json_object_get(json_object_get(verified, "fix"), "verified")));
    assert_null(json_object_get(verified, "fix_rejected"));
    assert_true(json_is_null(json_object_get(rejected, "fix")));
    assert_string_equal(fixture_json_str(rejected, "fix_rejected"), reason);
    assert_true(json_is_null(json_object_get(unverified, "fix")));
    assert_null(json_object_get(unverified, "fix_rejected"));
    json_decref(root);
    candidate_list_destroy(&list);
}

static void test_a_new_verdict_replaces_the_old_one(void **state)
{
    (void)state;
    fix_t *fix = fix_new("f", false);
    assert_non_null(fix);
    assert_int_equal(fix_set_verdict(fix, false, reason), 0);
    assert_false(fix->verified);
    assert_string_equal(fix->rejected_reason, reason);
    assert_int_equal(fix_set_verdict(fix, true, NULL), 0);
    assert_true(fix->verified);
    assert_null(fix->rejected_reason);
    assert_int_equal(fix_set_verdict(fix, false, ""), 0); /* a rejection always has words */
    assert_string_equal(fix->rejected_reason, "rejected");
    fix_free(fix);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gcc_offers_only_the_verified_fix_and_notes_the_rejection),
        cmocka_unit_test(test_sarif_fixes_only_verified_with_the_reason_in_properties),
        cmocka_unit_test(test_json_fix_null_unless_verified_and_the_reason_when_rejected),
        cmocka_unit_test(test_a_new_verdict_replaces_the_old_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
