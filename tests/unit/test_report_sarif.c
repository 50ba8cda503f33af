/* test_report_sarif.c — the SARIF 2.1.0 reporter read back with jansson: rule metadata
 * GitHub needs, results pointing at real rules, UTF-16 columns, fingerprints, fixes, code
 * flows, review properties, notices, URIs, byte stability and odd input. Saves the
 * fixture's log to $BUILD/report-samples/ for tests/e2e/reporters.sh (sarif-multitool). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>

#include "tests/unit/helpers/report_fixtures.h"

typedef struct {
    fixture_rules_t rules;
    candidate_list_t list;
    report_options_t options;
    char *text;
    json_t *root;
} fixture_t;

static int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof(*f));
    fixture_rules_init(&f->rules);
    fixture_candidates(&f->list, &f->rules);
    f->options = fixture_options(&f->rules);
    f->text = fixture_render(REPORT_SARIF, &f->list, &f->options);
    json_error_t error;
    f->root = f->text ? json_loads(f->text, 0, &error) : NULL;
    *state = f;
    return f->root ? 0 : -1;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    json_decref(f->root);
    free(f->text);
    candidate_list_destroy(&f->list);
    fixture_rules_destroy(&f->rules);
    free(f);
    return 0;
}

/* Follows a path like "runs.0.tool.driver.rules.1.id" (numbers index arrays). */
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

static long long num(json_t *root, const char *path)
{
    json_t *value = at(root, path);
    return json_is_integer(value) ? json_integer_value(value) : -1;
}

static void test_log_header_and_driver(void **state)
{
    fixture_t *f = *state;
    assert_string_equal(str(f->root, "version"), "2.1.0");
    assert_string_equal(str(f->root, "$schema"), "https://json.schemastore.org/sarif-2.1.0.json");
    assert_string_equal(str(f->root, "runs.0.tool.driver.name"), "assay");
    assert_string_equal(str(f->root, "runs.0.tool.driver.version"), "0.1.0");
    assert_string_equal(str(f->root, "runs.0.tool.driver.semanticVersion"), "0.1.0");
    assert_true(strncmp(str(f->root, "runs.0.tool.driver.informationUri"), "https://", 8) == 0);
    assert_string_equal(str(f->root, "runs.0.columnKind"), "utf16CodeUnits");
    assert_string_equal(str(f->root, "runs.0.originalUriBaseIds.%SRCROOT%.uri"), "file:///work/my%20project/");
    fixture_save_sample("fixture.sarif", f->text);
}

static void test_rules_carry_what_github_needs(void **state)
{
    fixture_t *f = *state;
    json_t *rule = at(f->root, "runs.0.tool.driver.rules.0");
    assert_string_equal(str(rule, "id"), "c.strcpy-unbounded");
    assert_string_equal(str(rule, "name"), "StrcpyUnbounded");
    assert_string_equal(str(rule, "shortDescription.text"), "Unbounded copy into a fixed-size buffer");
    assert_true(strlen(str(rule, "fullDescription.text")) > 40);
    assert_non_null(strstr(str(rule, "help.text"), "snprintf"));
    assert_non_null(strstr(str(rule, "help.markdown"), "[CWE-120](https://cwe.mitre.org/data/definitions/120.html)"));
    assert_string_equal(str(rule, "helpUri"), "https://cwe.mitre.org/data/definitions/120.html");
    assert_string_equal(str(rule, "defaultConfiguration.level"), "warning");
    assert_string_equal(str(rule, "properties.security-severity"), "7.5");
    assert_string_equal(str(rule, "properties.precision"), "high");
    assert_string_equal(json_string_value(json_object_get(at(rule, "properties"), "problem.severity")), "warning");
    json_t *tags = at(rule, "properties.tags");
    assert_int_equal(json_array_size(tags), 3);
    assert_string_equal(str(tags, "0"), "security");
    assert_string_equal(str(tags, "1"), "correctness"); /* "precision:high" is not a tag */
    assert_string_equal(str(tags, "2"), "external/cwe/cwe-120");

    json_t *uaf = at(f->root, "runs.0.tool.driver.rules.1");
    assert_string_equal(str(uaf, "defaultConfiguration.level"), "error");
    assert_string_equal(str(uaf, "helpUri"), "https://example.org/rules/use-after-free");
    assert_string_equal(str(uaf, "properties.security-severity"), "9.8");
    assert_string_equal(str(uaf, "properties.tags.3"), "external/cwe/cwe-825");
    assert_string_equal(str(uaf, "relationships.1.target.id"), "825");
    assert_string_equal(str(uaf, "relationships.1.target.toolComponent.name"), "CWE");

    json_t *taxa = at(f->root, "runs.0.taxonomies.0.taxa");
    assert_int_equal(json_array_size(taxa), 3);
    assert_string_equal(str(f->root, "runs.0.taxonomies.0.name"), "CWE");
}

static void test_every_result_points_at_its_rule(void **state)
{
    fixture_t *f = *state;
    json_t *results = at(f->root, "runs.0.results");
    json_t *rules = at(f->root, "runs.0.tool.driver.rules");
    assert_int_equal(json_array_size(results), 4);
    size_t i;
    json_t *result;
    json_array_foreach(results, i, result) {
        long long index = num(result, "ruleIndex");
        assert_true(index >= 0 && (size_t)index < json_array_size(rules));
        assert_string_equal(str(json_array_get(rules, (size_t)index), "id"), str(result, "ruleId"));
    }
    /* the rule the pack lacks gets a descriptor GitHub accepts */
    json_t *missing = json_array_get(rules, (size_t)num(results, "3.ruleIndex"));
    assert_string_equal(str(missing, "id"), "c.not-in-pack");
    assert_string_equal(str(missing, "name"), "NotInPack");
    assert_string_not_equal(str(missing, "fullDescription.text"), "<missing>");
    assert_string_not_equal(str(missing, "help.text"), "<missing>");
}

static void test_result_location_fingerprints_and_levels(void **state)
{
    fixture_t *f = *state;
    json_t *uaf = at(f->root, "runs.0.results.0");
    assert_string_equal(str(uaf, "level"), "error");
    assert_string_equal(str(uaf, "message.text"), "'p' is used after it was freed");
    json_t *location = at(uaf, "locations.0.physicalLocation");
    assert_string_equal(str(location, "artifactLocation.uri"), "dir%20with%20space/odd%3Aname.c");
    assert_string_equal(str(location, "artifactLocation.uriBaseId"), "%SRCROOT%");
    assert_int_equal(num(location, "region.startLine"), 3);
    assert_int_equal(num(location, "region.startColumn"), 12);
    assert_int_equal(num(location, "region.endColumn"), 14);
    assert_string_equal(str(location, "region.snippet.text"), "*p");
    assert_string_equal(str(location, "contextRegion.snippet.text"), "    return *p;");
    assert_string_equal(str(uaf, "partialFingerprints.primaryLocationLineHash"), "0011223344556677:1");
    assert_string_equal(str(uaf, "partialFingerprints.assayFingerprint/v1"), "fedcba9876543210fedcba9876543210");
    assert_string_equal(str(f->root, "runs.0.results.3.level"), "note");
    assert_null(at(f->root, "runs.0.results.3.partialFingerprints")); /* none filled: none written */
}

/* "\t/\* h\xC3\xA9llo \xF0\x9F\x98\x80 *\/ gets(buf);": gets is byte 20, UTF-16 unit 17
 * (é is 2 bytes / 1 unit, U+1F600 is 4 bytes / 2 units). */
static void test_columns_are_utf16_code_units(void **state)
{
    fixture_t *f = *state;
    json_t *gets = at(f->root, "runs.0.results.2");
    assert_int_equal(num(gets, "locations.0.physicalLocation.region.startColumn"), 17);
    assert_int_equal(num(gets, "locations.0.physicalLocation.region.endColumn"), 26);
    json_t *replacements = at(gets, "fixes.0.artifactChanges.0.replacements");
    assert_int_equal(num(replacements, "0.deletedRegion.startColumn"), 17);
    assert_int_equal(num(replacements, "0.deletedRegion.endColumn"), 21);
    assert_int_equal(num(replacements, "1.deletedRegion.startColumn"), 25);
    assert_int_equal(num(replacements, "1.deletedRegion.endColumn"), 25);
    assert_string_equal(str(replacements, "0.insertedContent.text"), "fgets");
    assert_string_equal(str(replacements, "1.insertedContent.text"), ", \"q\\\" \xC3\xA9\t\n\x01");
    assert_string_equal(str(gets, "fixes.0.description.text"), "use fgets");
    assert_string_equal(str(gets, "fixes.0.artifactChanges.0.artifactLocation.uri"), "src/copy.c");
}

static void test_code_flows_review_and_facts(void **state)
{
    fixture_t *f = *state;
    json_t *steps = at(f->root, "runs.0.results.0.codeFlows.0.threadFlows.0.locations");
    assert_int_equal(json_array_size(steps), 2);
    assert_string_equal(str(steps, "0.location.message.text"), "memory freed here");
    assert_int_equal(num(steps, "0.location.physicalLocation.region.startLine"), 2);
    assert_int_equal(num(steps, "1.location.physicalLocation.region.startColumn"), 12);
    json_t *gets = at(f->root, "runs.0.results.2");
    assert_string_equal(str(gets, "properties.assay/verdict"), "true-positive");
    assert_int_equal(num(gets, "properties.assay/confidence"), 87);
    assert_string_equal(str(gets, "properties.assay/reviewReason"), "buf is 16 bytes and src comes from argv");
    assert_null(at(f->root, "runs.0.results.0.properties"));
    assert_string_equal(str(f->root, "runs.0.results.1.properties.assay/facts.dst_size"), "16");
}

static void test_notices_and_invalid_utf8(void **state)
{
    fixture_t *f = *state;
    json_t *invocation = at(f->root, "runs.0.invocations.0");
    assert_true(json_is_true(at(invocation, "executionSuccessful")));
    assert_string_equal(str(invocation, "toolExecutionNotifications.0.message.text"),
                        "not a text file (NUL byte at offset 12): skipped");
    assert_string_equal(str(invocation, "toolExecutionNotifications.0.locations.0.physicalLocation.artifactLocation.uri"),
                        "src/binary.c");
    /* "a\xFF\xFE" "b\x01": two U+FFFD, the control character kept (JSON escapes it) */
    assert_string_equal(str(f->root, "runs.0.results.3.locations.0.physicalLocation.region.snippet.text"),
                        "a\xEF\xBF\xBD\xEF\xBF\xBD" "b\x01");
    assert_non_null(strstr(f->text, "\"a\xEF\xBF\xBD\xEF\xBF\xBD" "b\\u0001\""));
}

static void test_output_is_byte_stable(void **state)
{
    fixture_t *f = *state;
    char *again = fixture_render(REPORT_SARIF, &f->list, &f->options);
    assert_string_equal(f->text, again);
    free(again);
}

static void test_empty_run_without_rules_or_root(void **state)
{
    (void)state;
    candidate_list_t list;
    candidate_list_init(&list);
    char *text = fixture_render(REPORT_SARIF, &list, NULL);
    json_error_t error;
    json_t *root = json_loads(text, 0, &error);
    assert_non_null(root);
    assert_int_equal(json_array_size(at(root, "runs.0.results")), 0);
    assert_int_equal(json_array_size(at(root, "runs.0.tool.driver.rules")), 0);
    assert_string_equal(str(root, "runs.0.tool.driver.version"), "0.0.0");
    assert_null(at(root, "runs.0.originalUriBaseIds")); /* no root given: none invented */
    assert_null(at(root, "runs.0.taxonomies"));
    fixture_save_sample("empty.sarif", text);
    json_decref(root);
    free(text);

    /* a bare candidate: no rule, path, message or range */
    candidate_list_push(&list, candidate_new());
    text = fixture_render(REPORT_SARIF, &list, NULL);
    root = json_loads(text, 0, &error);
    assert_non_null(root);
    assert_string_equal(str(root, "runs.0.results.0.ruleId"), "unknown");
    assert_int_equal(num(root, "runs.0.results.0.locations.0.physicalLocation.region.startLine"), 1);
    json_decref(root);
    free(text);

    /* a rule id and path that are not UTF-8 */
    candidate_list_push(&list, fixture_candidate(NULL, "c.\xFFx", "d\xE9j\xE0.c", fixture_range(2, 1, 2, 2), "m\xFF",
                                                 NULL, SEVERITY_WARNING, 0));
    text = fixture_render(REPORT_SARIF, &list, NULL);
    root = json_loads(text, 0, &error);
    assert_non_null(root);
    assert_string_equal(str(root, "runs.0.results.1.ruleId"), "c.\xEF\xBF\xBDx");
    assert_int_equal(num(root, "runs.0.results.1.ruleIndex"), 1);
    assert_string_equal(str(root, "runs.0.results.1.locations.0.physicalLocation.artifactLocation.uri"), "d%E9j%E0.c");
    fixture_save_sample("bare.sarif", text);
    json_decref(root);
    free(text);
    candidate_list_destroy(&list);
}

/* GitHub rejects a run with more than 25,000 results: the rest are left out, and said so. */
static void test_results_capped_at_github_limit_with_notification(void **state)
{
    (void)state;
    candidate_list_t list;
    candidate_list_init(&list);
    for (uint32_t i = 0; i < 25003; i++)
        candidate_list_push(&list, fixture_candidate(NULL, "c.x", "/abs/outside.c", fixture_range(i + 1, 1, i + 1, 2),
                                                     "m", NULL, SEVERITY_WARNING, 0));
    char *text = fixture_render(REPORT_SARIF, &list, NULL);
    json_error_t error;
    json_t *root = json_loads(text, 0, &error);
    assert_non_null(root);
    assert_int_equal(json_array_size(at(root, "runs.0.results")), 25000);
    assert_non_null(strstr(str(root, "runs.0.invocations.0.toolExecutionNotifications.0.message.text"),
                           "3 results were left out"));
    /* an absolute path is an absolute file URI, not relative to %SRCROOT% */
    assert_string_equal(str(root, "runs.0.results.0.locations.0.physicalLocation.artifactLocation.uri"),
                        "file:///abs/outside.c");
    assert_null(at(root, "runs.0.results.0.locations.0.physicalLocation.artifactLocation.uriBaseId"));
    json_decref(root);
    free(text);
    candidate_list_destroy(&list);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_log_header_and_driver),
        T(test_rules_carry_what_github_needs),
        T(test_every_result_points_at_its_rule),
        T(test_result_location_fingerprints_and_levels),
        T(test_columns_are_utf16_code_units),
        T(test_code_flows_review_and_facts),
        T(test_notices_and_invalid_utf8),
        T(test_output_is_byte_stable),
        cmocka_unit_test(test_empty_run_without_rules_or_root),
        cmocka_unit_test(test_results_capped_at_github_limit_with_notification),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
