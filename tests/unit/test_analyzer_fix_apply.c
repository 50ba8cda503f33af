/* test_analyzer_fix_apply.c — applying a file's fixes and writing them in place
 * (analyzer/fix/fix_apply.h), and the unified diff of a dry run (analyzer/fix/fix_diff.h):
 * fixes combined in one pass, an overlapping fix left out whole; the write step refuses a
 * file changed on disk after it was read (the test changes it between reading and writing)
 * and a read-only file, writes through a symlink, keeps the file's mode; the diff has
 * exact hunk headers, context and the no-newline marker. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "analyzer/fix/fix_apply.h"
#include "analyzer/fix/fix_diff.h"
#include "tests/unit/helpers/temp_dir.h"

/* A fix with one edit replacing line:col..line:end_col (same line). */
static fix_t *one_edit(uint32_t line, uint32_t col, uint32_t end_col, const char *replacement)
{
    fix_t *fix = fix_new("test", false);
    assert_non_null(fix);
    source_range_t r = {.start_line = line, .start_col = col, .end_line = line, .end_col = end_col};
    assert_int_equal(fix_add_edit(fix, r, replacement), 0);
    fix->verified = true;
    return fix;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[4096];
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static const char original[] = "int a;\nint b;\nint c;\n";

static void test_fixes_are_combined_and_an_overlapping_one_waits(void **state)
{
    (void)state;
    fix_t *first = one_edit(1, 5, 6, "x");            /* a -> x */
    fix_t *third = one_edit(3, 5, 6, "z");            /* c -> z */
    fix_t *overlap = one_edit(1, 1, 6, "long y");     /* "int a" overlaps the first */
    /* a fix whose first edit is free but whose second overlaps: left out whole */
    fix_t *half = one_edit(2, 5, 6, "q");
    source_range_t r = {.start_line = 3, .start_col = 1, .end_line = 3, .end_col = 6};
    assert_int_equal(fix_add_edit(half, r, "long c"), 0);
    const fix_t *fixes[] = {first, overlap, third, half};
    bool applied[4];
    fix_apply_t out;
    char err[256];
    assert_int_equal(fix_apply_text(&out, original, strlen(original), fixes, 4, applied, err, sizeof(err)), 0);
    assert_true(applied[0]);
    assert_false(applied[1]);
    assert_true(applied[2]);
    assert_false(applied[3]);
    assert_string_equal(out.patch.text, "int x;\nint b;\nint z;\n");
    fix_apply_destroy(&out);
    fix_free(first);
    fix_free(third);
    fix_free(overlap);
    fix_free(half);
}

static void test_write_replaces_the_file_and_keeps_its_mode(void **state)
{
    (void)state;
    char dir[256], path[512], err[512];
    assert_int_equal(temp_dir_make(dir, sizeof(dir), "fix-apply"), 0);
    assert_int_equal(temp_dir_write(path, sizeof(path), dir, "a.c", original), 0);
    assert_int_equal(chmod(path, 0640), 0);
    const char patched[] = "int x;\nint b;\nint c;\n";
    assert_int_equal(fix_apply_write(path, "a.c", original, strlen(original), patched, strlen(patched), err,
                                     sizeof(err)),
                     0);
    assert_string_equal(slurp(path), patched);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0640);
    assert_int_equal(temp_dir_remove(dir), 0);
}

static void test_a_file_changed_on_disk_is_not_touched(void **state)
{
    (void)state;
    char dir[256], path[512], err[512];
    assert_int_equal(temp_dir_make(dir, sizeof(dir), "fix-apply"), 0);
    assert_int_equal(temp_dir_write(path, sizeof(path), dir, "a.c", original), 0);
    /* the text was linted (original); then someone saves the file before the write */
    const char edited[] = "int a;\nint b; /* edited */\nint c;\n";
    assert_int_equal(temp_dir_write(path, sizeof(path), dir, "a.c", edited), 0);
    const char patched[] = "int x;\nint b;\nint c;\n";
    assert_int_equal(fix_apply_write(path, "src/a.c", original, strlen(original), patched, strlen(patched), err,
                                     sizeof(err)),
                     1);
    assert_string_equal(err, "src/a.c: changed on disk since it was read; not fixed");
    assert_string_equal(slurp(path), edited);
    /* same length, different bytes: still refused */
    const char same_length[] = "int A;\nint b;\nint c;\n";
    assert_int_equal(temp_dir_write(path, sizeof(path), dir, "a.c", same_length), 0);
    assert_int_equal(fix_apply_write(path, "src/a.c", original, strlen(original), patched, strlen(patched), err,
                                     sizeof(err)),
                     1);
    assert_string_equal(slurp(path), same_length);
    assert_int_equal(temp_dir_remove(dir), 0);
}

static void test_a_read_only_file_is_refused(void **state)
{
    (void)state;
    char dir[256], path[512], err[512];
    assert_int_equal(temp_dir_make(dir, sizeof(dir), "fix-apply"), 0);
    assert_int_equal(temp_dir_write(path, sizeof(path), dir, "a.c", original), 0);
    assert_int_equal(chmod(path, 0444), 0);
    const char patched[] = "int x;\n";
    assert_int_equal(fix_apply_write(path, "a.c", original, strlen(original), patched, strlen(patched), err,
                                     sizeof(err)),
                     1);
    assert_string_equal(err, "a.c: file is read-only; not fixed");
    assert_string_equal(slurp(path), original);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0444);
    chmod(path, 0644);
    assert_int_equal(temp_dir_remove(dir), 0);
}

static void test_a_symlink_is_written_through(void **state)
{
    (void)state;
    char dir[256], target[512], link[600], err[512];
    assert_int_equal(temp_dir_make(dir, sizeof(dir), "fix-apply"), 0);
    assert_int_equal(temp_dir_write(target, sizeof(target), dir, "real.c", original), 0);
    snprintf(link, sizeof(link), "%s/link.c", dir);
    assert_int_equal(symlink("real.c", link), 0);
    const char patched[] = "int x;\nint b;\nint c;\n";
    assert_int_equal(fix_apply_write(link, "link.c", original, strlen(original), patched, strlen(patched), err,
                                     sizeof(err)),
                     0);
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_string_equal(slurp(target), patched);
    assert_int_equal(temp_dir_remove(dir), 0);
}

static void test_diff_has_exact_hunks(void **state)
{
    (void)state;
    /* 12 lines; edits on lines 2 and 11 are 8 lines apart: two hunks */
    const char text[] = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12";
    fix_t *a = one_edit(2, 1, 2, "two\nand a half");
    fix_t *b = one_edit(12, 1, 3, "twelve");
    const fix_t *fixes[] = {a, b};
    fix_apply_t out;
    char err[256], *diff;
    size_t length;
    assert_int_equal(fix_apply_text(&out, text, strlen(text), fixes, 2, NULL, err, sizeof(err)), 0);
    assert_int_equal(fix_diff_unified(&diff, &length, "src/n.c", text, strlen(text), &out.patch), 0);
    assert_string_equal(diff, "--- a/src/n.c\n+++ b/src/n.c\n"
                              "@@ -1,5 +1,6 @@\n 1\n-2\n+two\n+and a half\n 3\n 4\n 5\n"
                              "@@ -9,4 +10,4 @@\n 9\n 10\n 11\n-12\n\\ No newline at end of file\n"
                              "+twelve\n\\ No newline at end of file\n");
    assert_int_equal(length, strlen(diff));
    free(diff);
    fix_apply_destroy(&out);
    /* edits 6 lines apart or closer share one hunk */
    fix_t *c = one_edit(8, 1, 2, "eight");
    const fix_t *close[] = {a, c};
    assert_int_equal(fix_apply_text(&out, text, strlen(text), close, 2, NULL, err, sizeof(err)), 0);
    assert_int_equal(fix_diff_unified(&diff, &length, "n.c", text, strlen(text), &out.patch), 0);
    assert_string_equal(diff, "--- a/n.c\n+++ b/n.c\n"
                              "@@ -1,11 +1,12 @@\n 1\n-2\n+two\n+and a half\n 3\n 4\n 5\n 6\n 7\n-8\n+eight\n"
                              " 9\n 10\n 11\n");
    free(diff);
    fix_apply_destroy(&out);
    fix_free(a);
    fix_free(b);
    fix_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixes_are_combined_and_an_overlapping_one_waits),
        cmocka_unit_test(test_write_replaces_the_file_and_keeps_its_mode),
        cmocka_unit_test(test_a_file_changed_on_disk_is_not_touched),
        cmocka_unit_test(test_a_read_only_file_is_refused),
        cmocka_unit_test(test_a_symlink_is_written_through),
        cmocka_unit_test(test_diff_has_exact_hunks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
