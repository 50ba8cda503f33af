/* test_analyzer_lint_run.c — the threaded static pass: same findings in the same order for
 * any -j, suppressions applied, fingerprints filled, unreadable files turned into notices,
 * source lines kept for reporters. Uses the real rule pack (rules/, c.gets). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "analyzer/lint/discover.h"
#include "analyzer/lint/lint_run.h"
#include "analyzer/rules/rule_pack.h"
#include "tests/unit/helpers/temp_dir.h"

static char temp_dir[64];
static rule_pack_t *pack;

static void write_file(const char *name, const char *text, size_t length)
{
    char path[512];
    assert_int_equal(temp_dir_write_bytes(path, sizeof(path), temp_dir, name, text, length), 0);
}

static const char smelly[] = "#include <stdio.h>\n"
                             "void read_line(void)\n"
                             "{\n"
                             "    char buf[16];\n"
                             "    gets(buf);\n"
                             "}\n";

static int setup(void **state)
{
    (void)state;
    char err[512] = "";
    if (rule_pack_load_dir(&pack, "rules", err, sizeof(err)) != 0) {
        fprintf(stderr, "cannot load rules/ (run from the repo root): %s\n", err);
        return -1;
    }
    /* only c.gets, so the counts below do not move when rules are added */
    if (rule_pack_set_enabled(pack, "*", false) < 0 || rule_pack_set_enabled(pack, "c.gets", true) < 0)
        return -1;
    if (temp_dir_make(temp_dir, sizeof temp_dir, "lint-run") != 0) return -1;
    /* twenty smelly files, a clean one, a suppressed one, a binary one */
    for (int i = 0; i < 20; i++) {
        char name[32];
        snprintf(name, sizeof(name), "f%02d.c", i);
        write_file(name, smelly, strlen(smelly));
    }
    write_file("clean.c", "int x;\n", 7);
    static const char silenced[] = "#include <stdio.h>\n"
                                   "void read_line(void)\n"
                                   "{\n"
                                   "    char buf[16];\n"
                                   "    gets(buf); // assay-ignore[c.gets]: test input only\n"
                                   "}\n";
    write_file("silenced.c", silenced, strlen(silenced));
    write_file("binary.c", "int\0x;", 6);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rule_pack_free(pack);
    return temp_dir_remove(temp_dir);
}

static void run_with(int jobs, lint_result_t *result)
{
    const char *paths[] = {temp_dir};
    discover_options_t options = {.root = temp_dir, .no_git = true};
    discover_result_t found;
    char err[512] = "";
    assert_int_equal(discover_run(&found, paths, 1, &options, err, sizeof(err)), 0);
    lint_result_init(result);
    lint_run_options_t run = {.pack = pack, .jobs = jobs, .clang = NULL};
    assert_int_equal(lint_run(result, found.files, found.file_count, &run, err, sizeof(err)), 0);
    discover_result_destroy(&found);
}

static void test_threads_give_the_same_result(void **state)
{
    (void)state;
    lint_result_t one, two;
    run_with(1, &one);
    run_with(2, &two);
    assert_int_equal(one.stats.threads, 1);
    assert_int_equal(two.stats.threads, 2);
    assert_int_equal(one.candidates.count, 20);
    assert_int_equal(two.candidates.count, one.candidates.count);
    for (size_t i = 0; i < one.candidates.count; i++) {
        const candidate_t *a = one.candidates.items[i], *b = two.candidates.items[i];
        assert_string_equal(a->path, b->path);
        assert_int_equal(a->range.start_line, b->range.start_line);
        assert_string_equal(a->rule_id, b->rule_id);
        assert_string_equal(a->fingerprint, b->fingerprint);
        assert_string_equal(a->line_hash, b->line_hash);
    }
    lint_result_destroy(&one);
    lint_result_destroy(&two);
}

static void test_findings_suppressions_notices_and_stats(void **state)
{
    (void)state;
    lint_result_t r;
    run_with(2, &r);
    /* sorted by path: f00.c first; every candidate fingerprinted */
    assert_string_equal(r.candidates.items[0]->path, "f00.c");
    assert_int_equal(r.candidates.items[0]->range.start_line, 5);
    for (size_t i = 0; i < r.candidates.count; i++) {
        assert_int_equal(strlen(r.candidates.items[i]->fingerprint), 32);
        assert_non_null(strchr(r.candidates.items[i]->line_hash, ':'));
        assert_string_not_equal(r.candidates.items[i]->path, "silenced.c");
    }
    /* identical files, different paths: different fingerprints, same line hash */
    assert_string_not_equal(r.candidates.items[0]->fingerprint, r.candidates.items[1]->fingerprint);
    assert_string_equal(r.candidates.items[0]->line_hash, r.candidates.items[1]->line_hash);
    assert_int_equal(r.stats.files, 23);
    assert_int_equal(r.stats.files_read, 22);
    assert_int_equal(r.stats.findings, 21);
    assert_int_equal(r.stats.suppressed, 1);
    assert_int_equal(r.stats.lines, 20 * 6 + 1 + 6);
    assert_int_equal(r.notice_count, 1);
    assert_string_equal(r.notices[0].path, "binary.c");
    assert_non_null(strstr(r.notices[0].message, "binary file"));
    /* source lines of files with findings, for carets */
    size_t length = 0;
    const char *line = lint_result_source_line(&r, "f07.c", 5, &length);
    assert_non_null(line);
    assert_int_equal(length, strlen("    gets(buf);"));
    assert_memory_equal(line, "    gets(buf);", length);
    assert_null(lint_result_source_line(&r, "clean.c", 1, &length));
    assert_null(lint_result_source_line(&r, "f07.c", 99, &length));
    lint_result_destroy(&r);
}

static void test_disabled_rule_and_empty_file_list(void **state)
{
    (void)state;
    assert_true(rule_pack_set_enabled(pack, "c.gets", false) >= 1);
    lint_result_t r;
    run_with(2, &r);
    assert_int_equal(r.candidates.count, 0);
    lint_result_destroy(&r);
    assert_true(rule_pack_set_enabled(pack, "c.gets", true) >= 1);

    lint_result_init(&r);
    char err[128] = "";
    lint_run_options_t run = {.pack = pack, .jobs = 4};
    assert_int_equal(lint_run(&r, NULL, 0, &run, err, sizeof(err)), 0);
    assert_int_equal(r.candidates.count, 0);
    assert_int_equal(r.stats.files, 0);
    lint_result_destroy(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads_give_the_same_result),
        cmocka_unit_test(test_findings_suppressions_notices_and_stats),
        cmocka_unit_test(test_disabled_rule_and_empty_file_list),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
