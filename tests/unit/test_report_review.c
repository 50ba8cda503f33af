/* test_report_review.c — what every report format says about the model review: the
 * fixture's candidates with review fields set (a dismissed medium finding, a confirmed low
 * one, an unreviewed one, a high one the model called a false positive but may not
 * dismiss), in gcc, SARIF, JSON, JUnit and Code Quality. Saves review.sarif and review.xml
 * to $BUILD/report-samples/ for tests/e2e/reporters.sh (sarif-multitool, xmllint). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>

#include "tests/unit/helpers/report_fixtures.h"

static const char sha[] = "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d";

/* The fixture with review fields: 0 reviewed true positive (high stays), 1 dismissed,
 * 2 confirmed low, 3 unreviewed. */
static int setup(void **state)
{
    if (report_fixture_setup(state) != 0) return -1;
    report_fixture_t *f = *state;
    candidate_t **c = f->list.items;
    c[0]->review_state = REVIEW_STATE_REVIEWED;
    c[0]->certainty = CERTAINTY_HIGH;
    c[0]->verdict = REVIEW_FALSE_POSITIVE;
    c[0]->confidence = 99;
    c[0]->review_reason = strdup("the pointer is reassigned first");
    c[1]->review_state = REVIEW_STATE_REVIEWED;
    c[1]->certainty = CERTAINTY_MEDIUM;
    c[1]->verdict = REVIEW_FALSE_POSITIVE;
    c[1]->confidence = 95;
    c[1]->review_reason = strdup("src is checked to fit in line 2");
    c[1]->dismissed = true;
    c[2]->review_state = REVIEW_STATE_REVIEWED;
    c[2]->certainty = CERTAINTY_LOW;
    c[2]->confirmed = true;
    c[2]->draft_rejected = strdup("check (b) compile: new error");
    c[3]->review_state = REVIEW_STATE_UNREVIEWED;
    c[3]->review_reason = strdup("not reviewed: the run's review budget (--review-budget) ran out");
    f->options.model_name = "stories260K";
    f->options.model_sha256 = sha;
    return 0;
}

static json_t *at(json_t *value, const char *path)
{
    char copy[256];
    snprintf(copy, sizeof(copy), "%s", path);
    for (char *part = strtok(copy, "."); part && value; part = strtok(NULL, ".")) {
        if (json_is_array(value)) value = json_array_get(value, (size_t)atoi(part));
        else value = json_object_get(value, part);
    }
    return value;
}

static const char *str(json_t *root, const char *path)
{
    json_t *value = at(root, path);
    return json_is_string(value) ? json_string_value(value) : "<missing>";
}

static void test_gcc_hides_dismissed_and_notes_verdicts(void **state)
{
    report_fixture_t *f = *state;
    char *text = fixture_render(REPORT_GCC, &f->list, &f->options);
    assert_non_null(text);
    assert_null(strstr(text, "src/copy.c:3:16: warning")); /* dismissed */
    assert_non_null(strstr(text, "note: model review: likely a false positive (confidence 99%): the pointer"));
    assert_non_null(strstr(text, "likely a real problem (confidence 87%, confirmed)"));
    assert_non_null(strstr(text, "note: model review: not reviewed: the run's review budget"));
    assert_non_null(strstr(text, "the model's drafted fix was rejected: check (b) compile"));
    free(text);
    f->options.show_dismissed = true;
    text = fixture_render(REPORT_GCC, &f->list, &f->options);
    assert_non_null(strstr(text, "src/copy.c:3:16: warning"));
    assert_non_null(strstr(text, "(confidence 95%, dismissed)"));
    free(text);
    f->options.show_dismissed = false;
}

static void test_sarif_keeps_dismissed_as_suppressed(void **state)
{
    report_fixture_t *f = *state;
    char *text = fixture_render(REPORT_SARIF, &f->list, &f->options);
    assert_non_null(text);
    fixture_save_sample("review.sarif", text);
    json_error_t error;
    json_t *root = json_loads(text, 0, &error);
    assert_non_null(root);
    json_t *results = at(root, "runs.0.results");
    assert_int_equal(json_array_size(results), 4);
    assert_string_equal(str(results, "1.suppressions.0.kind"), "external");
    assert_string_equal(str(results, "1.suppressions.0.justification"), "src is checked to fit in line 2");
    assert_null(at(results, "0.suppressions")); /* high: never suppressed */
    assert_true(json_is_true(at(results, "0.properties.assay/reviewed")));
    assert_string_equal(str(results, "0.properties.assay/model"), "stories260K");
    assert_string_equal(str(results, "0.properties.assay/modelSha256"), sha);
    assert_true(json_is_true(at(results, "2.properties.assay/confirmedByReview")));
    assert_string_equal(str(results, "2.properties.assay/draftFixRejected"), "check (b) compile: new error");
    assert_true(json_is_false(at(results, "3.properties.assay/reviewed")));
    assert_non_null(strstr(str(results, "3.properties.assay/reviewReason"), "--review-budget"));
    json_decref(root);
    free(text);
}

static void test_json_has_everything(void **state)
{
    report_fixture_t *f = *state;
    json_t *root = fixture_render_json(REPORT_JSON, &f->list, &f->options);
    assert_true(json_is_true(at(root, "1.review.dismissed")));
    assert_true(json_is_true(at(root, "2.review.confirmed")));
    assert_true(json_is_false(at(root, "3.review.reviewed")));
    assert_non_null(strstr(str(root, "3.review.why_not"), "budget"));
    assert_string_equal(str(root, "0.review.model_sha256"), sha);
    assert_string_equal(str(root, "0.verdict.verdict"), "false-positive");
    json_decref(root);
}

static void test_junit_skips_dismissed(void **state)
{
    report_fixture_t *f = *state;
    char *text = fixture_render(REPORT_JUNIT, &f->list, &f->options);
    assert_non_null(text);
    fixture_save_sample("review.xml", text);
    assert_non_null(strstr(text, "<skipped message=\"dismissed by the model review (confidence 95%): src is checked"));
    assert_non_null(strstr(text, "skipped=\"1\""));
    free(text);
}

static void test_codequality_says_reviewed(void **state)
{
    report_fixture_t *f = *state;
    json_t *root = fixture_render_json(REPORT_CODEQUALITY, &f->list, &f->options);
    assert_int_equal(json_array_size(root), 3); /* the dismissed one is left out */
    assert_non_null(strstr(str(root, "0.content.body"), "Reviewed by stories260K: false_positive (confidence 99%)"));
    assert_non_null(strstr(str(root, "2.content.body"), "Not reviewed by the model"));
    json_decref(root);
    f->options.show_dismissed = true;
    root = fixture_render_json(REPORT_CODEQUALITY, &f->list, &f->options);
    assert_int_equal(json_array_size(root), 4);
    assert_non_null(strstr(str(root, "1.content.body"), "dismissed"));
    json_decref(root);
    f->options.show_dismissed = false;
}

static void test_static_run_says_nothing_about_review(void **state)
{
    (void)state;
    report_fixture_t *plain;
    void *s;
    assert_int_equal(report_fixture_setup(&s), 0);
    plain = s;
    json_t *root = fixture_render_json(REPORT_JSON, &plain->list, &plain->options);
    for (size_t i = 0; i < json_array_size(root); i++) assert_null(json_object_get(json_array_get(root, i), "review"));
    json_decref(root);
    char *text = fixture_render(REPORT_SARIF, &plain->list, &plain->options);
    assert_null(strstr(text, "assay/reviewed"));
    assert_null(strstr(text, "suppressions"));
    free(text);
    report_fixture_teardown(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gcc_hides_dismissed_and_notes_verdicts),
        cmocka_unit_test(test_sarif_keeps_dismissed_as_suppressed),
        cmocka_unit_test(test_json_has_everything),
        cmocka_unit_test(test_junit_skips_dismissed),
        cmocka_unit_test(test_codequality_says_reviewed),
        cmocka_unit_test(test_static_run_says_nothing_about_review),
    };
    return cmocka_run_group_tests(tests, setup, report_fixture_teardown);
}
