/* test_report_codequality.c — the GitLab Code Quality reporter read back with jansson: the
 * fields GitLab documents, severity mapping, categories and unique fingerprints. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>

#include "tests/unit/helpers/report_fixtures.h"

/* ---- Code Quality ----------------------------------------------------------------- */

static void test_codequality_issues_as_gitlab_documents_them(void **state)
{
    report_fixture_t *f = *state;
    json_t *root = fixture_render_json(REPORT_CODEQUALITY, &f->list, &f->options);
    assert_int_equal(json_array_size(root), 4); /* notices are not issues */
    size_t i;
    json_t *issue;
    json_array_foreach(root, i, issue) {
        assert_string_equal(fixture_json_str(issue, "type"), "issue");
        assert_string_not_equal(fixture_json_str(issue, "description"), "<missing>");
        assert_true(strlen(fixture_json_str(issue, "description")) > 0);
        assert_string_not_equal(fixture_json_str(issue, "check_name"), "<missing>");
        assert_true(strlen(fixture_json_str(issue, "fingerprint")) > 0);
        json_t *location = json_object_get(issue, "location");
        assert_string_not_equal(fixture_json_str(location, "path"), "<missing>");
        assert_true(fixture_json_num(json_object_get(location, "lines"), "begin") >= 1);
        assert_true(json_array_size(json_object_get(issue, "categories")) == 1);
    }
    json_t *uaf = json_array_get(root, 0);
    assert_string_equal(fixture_json_str(uaf, "check_name"), "c.use-after-free");
    assert_string_equal(fixture_json_str(uaf, "severity"), "blocker"); /* security-severity 9.8 */
    assert_string_equal(json_string_value(json_array_get(json_object_get(uaf, "categories"), 0)), "Security");
    assert_string_equal(fixture_json_str(json_object_get(uaf, "location"), "path"), "dir with space/odd:name.c");
    assert_string_equal(fixture_json_str(json_array_get(root, 1), "severity"), "critical"); /* 7.5 */
    json_t *odd = json_array_get(root, 3);
    assert_string_equal(fixture_json_str(odd, "severity"), "info"); /* a note with no security rule */
    assert_string_equal(json_string_value(json_array_get(json_object_get(odd, "categories"), 0)), "Bug Risk");
    assert_string_equal(fixture_json_str(odd, "description"), "(no message)");
    json_decref(root);
}

static void test_codequality_fingerprints_are_unique(void **state)
{
    report_fixture_t *f = *state;
    json_t *root = fixture_render_json(REPORT_CODEQUALITY, &f->list, &f->options);
    /* candidates 1 and 2 share the driver's fingerprint: GitLab would drop one */
    assert_string_equal(fixture_json_str(json_array_get(root, 1), "fingerprint"), "0123456789abcdef0123456789abcdef");
    assert_string_equal(fixture_json_str(json_array_get(root, 2), "fingerprint"), "0123456789abcdef0123456789abcdef:2");
    for (size_t i = 0; i < json_array_size(root); i++)
        for (size_t k = i + 1; k < json_array_size(root); k++)
            assert_string_not_equal(fixture_json_str(json_array_get(root, i), "fingerprint"),
                                    fixture_json_str(json_array_get(root, k), "fingerprint"));
    json_decref(root);
}

static void test_codequality_severity_without_security_follows_the_finding(void **state)
{
    (void)state;
    candidate_list_t list;
    candidate_list_init(&list);
    candidate_list_push(&list, fixture_candidate(NULL, "c.a", "a.c", fixture_range(1, 1, 3, 1), "m", NULL,
                                                 SEVERITY_ERROR, 0));
    candidate_list_push(&list, fixture_candidate(NULL, "c.b", "a.c", fixture_range(2, 1, 0, 0), "m", NULL,
                                                 SEVERITY_WARNING, 0));
    json_t *root = fixture_render_json(REPORT_CODEQUALITY, &list, NULL);
    assert_string_equal(fixture_json_str(json_array_get(root, 0), "severity"), "major");
    assert_int_equal(fixture_json_num(json_object_get(json_object_get(json_array_get(root, 0), "location"), "lines"), "end"), 3);
    assert_string_equal(fixture_json_str(json_array_get(root, 1), "severity"), "minor");
    /* an unset end line reads as the start line */
    assert_int_equal(fixture_json_num(json_object_get(json_object_get(json_array_get(root, 1), "location"), "lines"), "end"), 2);
    json_decref(root);
    candidate_list_destroy(&list);

    candidate_list_init(&list);
    char *text = fixture_render(REPORT_CODEQUALITY, &list, NULL);
    assert_string_equal(text, "[]\n");
    free(text);

    /* no fingerprint from the driver and a path that is not UTF-8: still one issue each */
    candidate_list_push(&list, fixture_candidate(NULL, "c.\xFF", "bad\xC3.c", fixture_range(1, 1, 1, 2), "m", NULL,
                                                 SEVERITY_WARNING, 0));
    candidate_list_push(&list, fixture_candidate(NULL, "c.\xFF", "bad\xC3.c", fixture_range(1, 1, 1, 2), "m", NULL,
                                                 SEVERITY_WARNING, 0));
    root = fixture_render_json(REPORT_CODEQUALITY, &list, NULL);
    assert_int_equal(json_array_size(root), 2);
    assert_string_equal(fixture_json_str(json_array_get(root, 0), "fingerprint"), "c.\xEF\xBF\xBD:bad\xEF\xBF\xBD.c:1:1");
    assert_string_equal(fixture_json_str(json_array_get(root, 1), "fingerprint"), "c.\xEF\xBF\xBD:bad\xEF\xBF\xBD.c:1:1:2");
    json_decref(root);
    candidate_list_destroy(&list);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, report_fixture_setup, report_fixture_teardown)
    const struct CMUnitTest tests[] = {
        T(test_codequality_issues_as_gitlab_documents_them),
        T(test_codequality_fingerprints_are_unique),
        cmocka_unit_test(test_codequality_severity_without_security_follows_the_finding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
