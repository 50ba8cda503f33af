/* test_report_junit.c — the JUnit XML reporter read back with libxml2: suites per file,
 * counts, failure attributes and text, notices as errors, bad bytes still well-formed XML,
 * and validation against ../shared/schemas/junit-10.xsd (skipped when the schema is not
 * there). Saves the fixture's report to $BUILD/report-samples/ for tests/e2e/reporters.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <unistd.h>

#include "tests/unit/helpers/report_fixtures.h"
#include "tests/unit/helpers/shared_files.h"

#define JUNIT_SCHEMA "schemas/junit-10.xsd" /* in the shared folder */

typedef struct {
    fixture_rules_t rules;
    candidate_list_t list;
    report_options_t options;
    char *text;
    xmlDocPtr doc;
} fixture_t;

static int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof(*f));
    fixture_rules_init(&f->rules);
    fixture_candidates(&f->list, &f->rules);
    f->options = fixture_options(&f->rules);
    f->text = fixture_render(REPORT_JUNIT, &f->list, &f->options);
    f->doc = f->text ? xmlReadMemory(f->text, (int)strlen(f->text), "report.xml", NULL, XML_PARSE_NONET) : NULL;
    *state = f;
    return f->doc ? 0 : -1;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    xmlFreeDoc(f->doc);
    free(f->text);
    candidate_list_destroy(&f->list);
    fixture_rules_destroy(&f->rules);
    free(f);
    return 0;
}

/* The string value of an XPath expression (static buffer). */
static const char *xpath(xmlDocPtr doc, const char *expression)
{
    static char value[4096];
    value[0] = '\0';
    xmlXPathContextPtr context = xmlXPathNewContext(doc);
    xmlXPathObjectPtr result = xmlXPathEvalExpression(BAD_CAST expression, context);
    xmlChar *text = result ? xmlXPathCastToString(result) : NULL;
    if (text) snprintf(value, sizeof(value), "%s", (const char *)text);
    xmlFree(text);
    xmlXPathFreeObject(result);
    xmlXPathFreeContext(context);
    return value;
}

static void test_suites_per_file_with_right_counts(void **state)
{
    fixture_t *f = *state;
    fixture_save_sample("fixture.xml", f->text);
    assert_string_equal(xpath(f->doc, "string(/testsuites/@tests)"), "5");
    assert_string_equal(xpath(f->doc, "string(/testsuites/@failures)"), "4");
    assert_string_equal(xpath(f->doc, "string(/testsuites/@errors)"), "1");
    assert_string_equal(xpath(f->doc, "count(/testsuites/testsuite)"), "4");
    const char *copy = "/testsuites/testsuite[@name='src/copy.c']";
    char query[256];
    snprintf(query, sizeof(query), "string(%s/@tests)", copy);
    assert_string_equal(xpath(f->doc, query), "2");
    snprintf(query, sizeof(query), "string(%s/@failures)", copy);
    assert_string_equal(xpath(f->doc, query), "2");
    snprintf(query, sizeof(query), "string(%s/@timestamp)", copy);
    assert_string_equal(xpath(f->doc, query), "2026-01-02T03:04:05");
    snprintf(query, sizeof(query), "string(%s/@hostname)", copy);
    assert_string_equal(xpath(f->doc, query), "ci-runner");
    snprintf(query, sizeof(query), "count(%s/testcase/failure)", copy);
    assert_string_equal(xpath(f->doc, query), "2");
    /* the counts add up over the whole document */
    assert_string_equal(xpath(f->doc, "count(//testcase)"), "5");
    assert_string_equal(xpath(f->doc, "count(//failure)"), "4");
    assert_string_equal(xpath(f->doc, "count(//error)"), "1");
}

static void test_failure_carries_message_rule_and_gcc_text(void **state)
{
    fixture_t *f = *state;
    const char *testcase = "/testsuites/testsuite[@name='src/copy.c']/testcase[1]";
    char query[256];
    snprintf(query, sizeof(query), "string(%s/@name)", testcase);
    assert_string_equal(xpath(f->doc, query), "c.strcpy-unbounded at 3:16");
    snprintf(query, sizeof(query), "string(%s/@classname)", testcase);
    assert_string_equal(xpath(f->doc, query), "src/copy.c");
    snprintf(query, sizeof(query), "string(%s/failure/@message)", testcase);
    assert_string_equal(xpath(f->doc, query), "'strcpy' into 'buf' (16 bytes) may overflow");
    snprintf(query, sizeof(query), "string(%s/failure/@type)", testcase);
    assert_string_equal(xpath(f->doc, query), "c.strcpy-unbounded");
    snprintf(query, sizeof(query), "string(%s/failure)", testcase);
    const char *text = xpath(f->doc, query);
    assert_true(strncmp(text,
                        "src/copy.c:3:16: warning: 'strcpy' into 'buf' (16 bytes) may overflow [c.strcpy-unbounded]\n"
                        "        char buf[16]; strcpy(buf, src);\n"
                        "                      ^~~~~~~~~~~~~~~~\n",
                        150) == 0);
    assert_non_null(strstr(text, "snippet:\nstrcpy(buf, src)\n"));
}

static void test_notice_is_an_error_testcase(void **state)
{
    fixture_t *f = *state;
    const char *suite = "/testsuites/testsuite[@name='src/binary.c']";
    char query[256];
    snprintf(query, sizeof(query), "string(%s/@errors)", suite);
    assert_string_equal(xpath(f->doc, query), "1");
    snprintf(query, sizeof(query), "string(%s/@failures)", suite);
    assert_string_equal(xpath(f->doc, query), "0");
    snprintf(query, sizeof(query), "string(%s/testcase/error/@message)", suite);
    assert_string_equal(xpath(f->doc, query), "not a text file (NUL byte at offset 12): skipped");
}

static void test_bad_bytes_still_give_well_formed_xml(void **state)
{
    fixture_t *f = *state;
    /* the zz.c snippet "a\xFF\xFE" "b\x01": U+FFFD for each bad byte and for the control */
    const char *text = xpath(f->doc, "string(/testsuites/testsuite[@name='src/zz.c']/testcase/failure)");
    assert_non_null(strstr(text, "snippet:\na\xEF\xBF\xBD\xEF\xBF\xBD" "b\xEF\xBF\xBD\n"));
    assert_string_equal(xpath(f->doc, "string(/testsuites/testsuite[@name='src/zz.c']/testcase/failure/@message)"),
                        "(no message)");

    candidate_list_t list;
    candidate_list_init(&list);
    candidate_list_push(&list, fixture_candidate(NULL, "c.<&\">", "x]]>y\x1b.c", fixture_range(1, 1, 1, 2),
                                                 "<script>&amp;\"]]>\x0c\xC0\xAF", "\x00", SEVERITY_ERROR, 0));
    candidate_list_push(&list, candidate_new());
    char *xml = fixture_render(REPORT_JUNIT, &list, NULL);
    xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "odd.xml", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    assert_string_equal(xpath(doc, "string(//testsuite[1]/testcase/failure/@message)"),
                        "<script>&amp;\"]]>\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    assert_string_equal(xpath(doc, "string(//testsuite[1]/@name)"), "x]]>y\xEF\xBF\xBD.c");
    fixture_save_sample("odd.xml", xml);
    xmlFreeDoc(doc);
    free(xml);
    candidate_list_destroy(&list);
}

static void test_validates_against_the_junit_schema(void **state)
{
    fixture_t *f = *state;
    char schema_path[512];
    SHARED_REQUIRE(schema_path, JUNIT_SCHEMA);
    xmlSchemaParserCtxtPtr parser = xmlSchemaNewParserCtxt(schema_path);
    xmlSchemaPtr schema = xmlSchemaParse(parser);
    assert_non_null(schema);
    xmlSchemaValidCtxtPtr validator = xmlSchemaNewValidCtxt(schema);
    assert_int_equal(xmlSchemaValidateDoc(validator, f->doc), 0);

    candidate_list_t empty;
    candidate_list_init(&empty);
    char *xml = fixture_render(REPORT_JUNIT, &empty, NULL); /* default timestamp, host name */
    xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "empty.xml", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    assert_int_equal(xmlSchemaValidateDoc(validator, doc), 0);
    assert_string_equal(xpath(doc, "string(/testsuites/@tests)"), "0");
    fixture_save_sample("empty.xml", xml);
    xmlFreeDoc(doc);
    free(xml);
    xmlSchemaFreeValidCtxt(validator);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(parser);
}

static void test_clean_checked_files_are_passing_testcases(void **state)
{
    fixture_t *f = *state;
    const char *files[] = {"src/copy.c", "src/clean.c", "dir with space/odd:name.c", "src/binary.c", "z/also clean.c"};
    f->options.checked_files = files;
    f->options.checked_file_count = 5;
    char *xml = fixture_render(REPORT_JUNIT, &f->list, &f->options);
    xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "clean.xml", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    assert_string_equal(xpath(doc, "string(/testsuites/@tests)"), "7"); /* 4 findings, 1 notice, 2 clean */
    assert_string_equal(xpath(doc, "string(/testsuites/@failures)"), "4");
    assert_string_equal(xpath(doc, "count(/testsuites/testsuite)"), "6");
    assert_string_equal(xpath(doc, "count(/testsuites/testsuite[@name='src/copy.c'])"), "1");
    assert_string_equal(xpath(doc, "string(/testsuites/testsuite[@name='src/clean.c']/@tests)"), "1");
    assert_string_equal(xpath(doc, "string(/testsuites/testsuite[@name='src/clean.c']/@failures)"), "0");
    assert_string_equal(xpath(doc, "count(/testsuites/testsuite[@name='z/also clean.c']/testcase[not(*)])"), "1");
    char schema_path[512];
    if (access(shared_path(schema_path, sizeof schema_path, JUNIT_SCHEMA), R_OK) == 0) { /* else the test above skips */
        xmlSchemaParserCtxtPtr parser = xmlSchemaNewParserCtxt(schema_path);
        xmlSchemaPtr schema = xmlSchemaParse(parser);
        xmlSchemaValidCtxtPtr validator = xmlSchemaNewValidCtxt(schema);
        assert_int_equal(xmlSchemaValidateDoc(validator, doc), 0);
        xmlSchemaFreeValidCtxt(validator);
        xmlSchemaFree(schema);
        xmlSchemaFreeParserCtxt(parser);
    }
    fixture_save_sample("clean.xml", xml);
    xmlFreeDoc(doc);
    free(xml);
}

static void test_byte_stable_with_pinned_time_and_host(void **state)
{
    fixture_t *f = *state;
    char *again = fixture_render(REPORT_JUNIT, &f->list, &f->options);
    assert_string_equal(f->text, again);
    free(again);
    assert_true(strncmp(f->text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites ", 51) == 0);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_suites_per_file_with_right_counts),
        T(test_failure_carries_message_rule_and_gcc_text),
        T(test_notice_is_an_error_testcase),
        T(test_bad_bytes_still_give_well_formed_xml),
        T(test_validates_against_the_junit_schema),
        T(test_clean_checked_files_are_passing_testcases),
        T(test_byte_stable_with_pinned_time_and_host),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return failed;
}
