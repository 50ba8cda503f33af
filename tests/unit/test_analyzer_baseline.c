/* test_analyzer_baseline.c — baselines round-trip, match count-aware, and reject malformed
 * files with a message naming the file and the problem. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "analyzer/suppress/baseline.h"
#include "tests/unit/helpers/temp_dir.h"

static candidate_t *finding(const char *fingerprint, const char *rule, const char *path,
                            uint32_t line)
{
    candidate_t *c = candidate_new();
    c->rule_id = strdup(rule);
    c->path = strdup(path);
    c->message = strdup("a message with \"quotes\" and \xc3\xa9");
    c->range.start_line = line;
    snprintf(c->fingerprint, sizeof(c->fingerprint), "%s", fingerprint);
    return c;
}

#define FP_A "0123456789abcdef0123456789abcdef"
#define FP_B "fedcba9876543210fedcba9876543210"
#define FP_C "00000000000000000000000000000001"

static char temp_dir[64];

static int setup(void **state)
{
    (void)state;
    return temp_dir_make(temp_dir, sizeof temp_dir, "baseline");
}

static int teardown(void **state)
{
    (void)state;
    return temp_dir_remove(temp_dir);
}

static void test_write_then_load_round_trips(void **state)
{
    (void)state;
    candidate_list_t list;
    candidate_list_init(&list);
    candidate_list_push(&list, finding(FP_B, "c.b", "src/b.c", 9));
    candidate_list_push(&list, finding(FP_A, "c.a", "src/a.c", 3));
    char path[128], err[256] = "";
    snprintf(path, sizeof(path), "%s/baseline.json", temp_dir);
    assert_int_equal(baseline_write(path, &list, "0.1.0", err, sizeof(err)), 0);

    baseline_t *b = NULL;
    assert_int_equal(baseline_load(&b, path, err, sizeof(err)), 0);
    assert_int_equal(baseline_count(b), 2);

    /* the file is readable JSON with entries sorted by path */
    FILE *f = fopen(path, "r");
    char text[4096] = "";
    size_t n = fread(text, 1, sizeof(text) - 1, f);
    fclose(f);
    text[n] = 0;
    assert_non_null(strstr(text, "\"tool_version\": \"0.1.0\""));
    assert_true(strstr(text, "src/a.c") < strstr(text, "src/b.c"));
    assert_non_null(strstr(text, "\"line\": 3"));

    /* the findings it was written from are all known */
    assert_int_equal(baseline_filter(b, &list), 2);
    assert_int_equal(list.count, 0);
    baseline_free(b);
    candidate_list_destroy(&list);
}

static void test_filter_is_count_aware(void **state)
{
    (void)state;
    char err[256];
    baseline_t *b = NULL;
    static const char one[] =
        "{\"version\": 1, \"entries\": [{\"fingerprint\": \"" FP_A "\", \"rule\": \"c.a\","
        " \"path\": \"a.c\"}]}";
    assert_int_equal(baseline_parse(&b, "b.json", one, strlen(one), err, sizeof(err)), 0);
    candidate_list_t list;
    candidate_list_init(&list);
    candidate_list_push(&list, finding(FP_A, "c.a", "a.c", 1));
    candidate_list_push(&list, finding(FP_A, "c.a", "a.c", 2));
    candidate_list_push(&list, finding(FP_C, "c.a", "a.c", 3));
    assert_int_equal(baseline_filter(b, &list), 1);
    assert_int_equal(list.count, 2); /* one of the two identical ones is new, and FP_C */
    assert_int_equal(list.items[0]->range.start_line, 2);
    assert_string_equal(list.items[1]->fingerprint, FP_C);
    /* the baseline is not consumed: a second list gets the same answer */
    candidate_list_t again;
    candidate_list_init(&again);
    candidate_list_push(&again, finding(FP_A, "c.a", "a.c", 1));
    assert_int_equal(baseline_filter(b, &again), 1);
    candidate_list_destroy(&again);
    candidate_list_destroy(&list);
    baseline_free(b);

    /* the same fingerprint twice in the file absorbs two findings */
    static const char two[] =
        "{\"version\": 1, \"entries\": [{\"fingerprint\": \"" FP_A "\", \"rule\": \"c.a\","
        " \"path\": \"a.c\"}, {\"fingerprint\": \"" FP_A "\", \"rule\": \"c.a\", \"path\": \"a.c\"}]}";
    assert_int_equal(baseline_parse(&b, "b.json", two, strlen(two), err, sizeof(err)), 0);
    candidate_list_init(&list);
    candidate_list_push(&list, finding(FP_A, "c.a", "a.c", 1));
    candidate_list_push(&list, finding(FP_A, "c.a", "a.c", 2));
    assert_int_equal(baseline_filter(b, &list), 2);
    candidate_list_destroy(&list);
    baseline_free(b);
}

static void expect_error(const char *text, const char *needle)
{
    baseline_t *b = (baseline_t *)1;
    char err[256] = "";
    assert_int_equal(baseline_parse(&b, "team/baseline.json", text, strlen(text), err, sizeof(err)), -1);
    assert_null(b);
    if (!strstr(err, "team/baseline.json") || !strstr(err, needle)) {
        print_error("error '%s' lacks the file name or '%s'\n", err, needle);
        fail();
    }
}

static void test_malformed_baselines_are_named_errors(void **state)
{
    (void)state;
    expect_error("", "not a valid baseline");
    expect_error("{\"version\": 1, \"entries\": [", "not a valid baseline");
    expect_error("[1, 2]", "JSON object");
    expect_error("{\"entries\": []}", "\"version\"");
    expect_error("{\"version\": 7, \"entries\": []}", "version 7 is not supported");
    expect_error("{\"version\": 1}", "\"entries\"");
    expect_error("{\"version\": 1, \"entries\": [3]}", "entry 1: not an object");
    expect_error("{\"version\": 1, \"entries\": [{\"fingerprint\": \"xyz\", \"rule\": \"r\", "
                 "\"path\": \"p\"}]}",
                 "entry 1: \"fingerprint\"");
    expect_error("{\"version\": 1, \"entries\": [{\"fingerprint\": \"" FP_A "\", \"path\": \"p\"}]}",
                 "\"rule\"");
    expect_error("{\"version\": 1, \"version\": 1, \"entries\": []}", "not a valid baseline");
}

static void test_missing_file_and_unwritable_target(void **state)
{
    (void)state;
    baseline_t *b = NULL;
    char err[256] = "";
    assert_int_equal(baseline_load(&b, "/nonexistent/dir/baseline.json", err, sizeof(err)), -1);
    assert_non_null(strstr(err, "/nonexistent/dir/baseline.json"));
    assert_non_null(strstr(err, "No such file"));
    candidate_list_t list;
    candidate_list_init(&list);
    assert_int_equal(baseline_write("/nonexistent/dir/out.json", &list, "0.1.0", err, sizeof(err)), -1);
    assert_non_null(strstr(err, "/nonexistent/dir/out.json"));
}

static void test_empty_baseline_keeps_everything(void **state)
{
    (void)state;
    candidate_list_t list;
    candidate_list_init(&list);
    char path[128], err[256];
    snprintf(path, sizeof(path), "%s/empty.json", temp_dir);
    assert_int_equal(baseline_write(path, &list, NULL, err, sizeof(err)), 0);
    baseline_t *b = NULL;
    assert_int_equal(baseline_load(&b, path, err, sizeof(err)), 0);
    assert_int_equal(baseline_count(b), 0);
    candidate_list_push(&list, finding(FP_A, "c.a", "a.c", 1));
    assert_int_equal(baseline_filter(b, &list), 0);
    assert_int_equal(list.count, 1);
    candidate_list_destroy(&list);
    baseline_free(b);
    baseline_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_then_load_round_trips),
        cmocka_unit_test(test_filter_is_count_aware),
        cmocka_unit_test(test_malformed_baselines_are_named_errors),
        cmocka_unit_test(test_missing_file_and_unwritable_target),
        cmocka_unit_test(test_empty_baseline_keeps_everything),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
