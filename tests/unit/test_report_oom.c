/* test_report_oom.c — out of memory inside jansson (SARIF, JSON, Code Quality) and libxml2
 * (JUnit): every allocation of a report is made to fail in turn, and the writer must
 * return -1 with "out of memory" in err, write nothing half-built, and leak nothing (run
 * under ASan to check the last part). Allocation failure is injected through jansson's
 * json_set_alloc_funcs and libxml2's xmlMemSetup; the countdown is test-only state. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/xmlmemory.h>

#include "tests/unit/helpers/report_fixtures.h"

/* libxml2 (2.9.14) itself leaks the element it was pushing when xmlTextWriterStartElement
 * runs out of memory half-way; that leak is not the reporter's, so LeakSanitizer (make
 * SAN=1) is told to ignore it. Any other leak still fails the run. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:xmlTextWriterStartElement\n";
}

static long allocations_left = -1; /* -1: never fail */
static long allocations_made;

static bool allocation_allowed(void)
{
    allocations_made++;
    if (allocations_left < 0) return true;
    if (allocations_left == 0) return false;
    allocations_left--;
    return true;
}

static void *failing_malloc(size_t size)
{
    return allocation_allowed() ? malloc(size) : NULL;
}

static void *failing_realloc(void *p, size_t size)
{
    return allocation_allowed() ? realloc(p, size) : NULL;
}

static char *failing_strdup(const char *s)
{
    return allocation_allowed() ? strdup(s) : NULL;
}

/* Renders format with the n-th allocation failing; returns report_write's result. */
static int render_failing_at(report_format_t format, const candidate_list_t *list, const report_options_t *options,
                             long n, char *err, size_t err_size, size_t *written)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    allocations_left = n;
    allocations_made = 0;
    int rc = report_write(out, format, list, options, err, err_size);
    allocations_left = -1;
    fclose(out);
    *written = size;
    free(text);
    return rc;
}

static void check_every_failure(report_format_t format)
{
    fixture_rules_t rules;
    fixture_rules_init(&rules);
    candidate_list_t list;
    fixture_candidates(&list, &rules);
    report_options_t options = fixture_options(&rules);

    char err[256];
    size_t written;
    assert_int_equal(render_failing_at(format, &list, &options, -1, err, sizeof(err), &written), 0);
    long total = allocations_made;
    assert_true(total > 10);
    for (long n = 0; n < total; n++) {
        err[0] = '\0';
        int rc = render_failing_at(format, &list, &options, n, err, sizeof(err), &written);
        if (rc == 0) continue; /* that allocation had a fallback */
        assert_int_equal(rc, -1);
        if (!strstr(err, "out of memory") && !strstr(err, "cannot build"))
            fail_msg("%s, allocation %ld of %ld: unexpected error '%s'", report_format_name(format), n, total, err);
        assert_int_equal(written, 0); /* nothing half-built reaches the output */
    }
    candidate_list_destroy(&list);
    fixture_rules_destroy(&rules);
}

static void test_sarif_survives_every_failed_allocation(void **state)
{
    (void)state;
    check_every_failure(REPORT_SARIF);
}

static void test_json_survives_every_failed_allocation(void **state)
{
    (void)state;
    check_every_failure(REPORT_JSON);
}

static void test_codequality_survives_every_failed_allocation(void **state)
{
    (void)state;
    check_every_failure(REPORT_CODEQUALITY);
}

static void test_junit_survives_every_failed_allocation(void **state)
{
    (void)state;
    check_every_failure(REPORT_JUNIT);
}

int main(void)
{
    json_set_alloc_funcs(failing_malloc, free);
    xmlMemSetup(free, failing_malloc, failing_realloc, failing_strdup);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sarif_survives_every_failed_allocation),
        cmocka_unit_test(test_json_survives_every_failed_allocation),
        cmocka_unit_test(test_codequality_survives_every_failed_allocation),
        cmocka_unit_test(test_junit_survives_every_failed_allocation),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return failed;
}
