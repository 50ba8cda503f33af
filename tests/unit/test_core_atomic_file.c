/* test_core_atomic_file.c — core/atomic_file.h on every kind of target: a new and an
 * existing regular file (contents, mode kept, no temporary file left), a FIFO read by a
 * thread, /dev/null, /dev/full (an error naming the file and the reason), symbolic links
 * to a regular file (the link stays a link) and to /dev/null, a dangling link, a folder,
 * and abort leaving the old file alone. */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
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

#include "core/atomic_file.h"
#include "tests/unit/helpers/temp_dir.h"

static char temp_dir[64];

static int setup(void **state)
{
    (void)state;
    return temp_dir_make(temp_dir, sizeof temp_dir, "atomic");
}

static int teardown(void **state)
{
    (void)state;
    return temp_dir_remove(temp_dir);
}

/* The whole contents of path in buf (NUL-terminated); its length, or -1. */
static long slurp(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t n = fread(buf, 1, size - 1, f);
    fclose(f);
    buf[n] = '\0';
    return (long)n;
}

/* How many entries of temp_dir contain ".tmp." (temporary files left behind). */
static int temp_files_left(void)
{
    DIR *d = opendir(temp_dir);
    assert_non_null(d);
    int count = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strstr(e->d_name, ".tmp.")) count++;
    closedir(d);
    return count;
}

static void test_new_and_existing_regular_file(void **state)
{
    (void)state;
    char path[128], err[256] = "", buf[256];
    snprintf(path, sizeof(path), "%s/report.txt", temp_dir);
    assert_int_equal(atomic_file_write(path, "first", 5, true, err, sizeof(err)), 0);
    assert_int_equal(slurp(path, buf, sizeof(buf)), 6);
    assert_string_equal(buf, "first\n");

    assert_int_equal(chmod(path, 0640), 0);
    atomic_file_t *file = NULL;
    assert_int_equal(atomic_file_open(&file, path, err, sizeof(err)), 0);
    fputs("second", atomic_file_stream(file));
    /* nothing touches the target before the commit */
    assert_int_equal(slurp(path, buf, sizeof(buf)), 6);
    assert_int_equal(atomic_file_commit(file, err, sizeof(err)), 0);
    assert_int_equal(slurp(path, buf, sizeof(buf)), 6);
    assert_string_equal(buf, "second");
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_int_equal(st.st_mode & 07777, 0640);
    assert_int_equal(temp_files_left(), 0);
}

static void test_abort_keeps_the_old_file(void **state)
{
    (void)state;
    char path[128], err[256] = "", buf[64];
    snprintf(path, sizeof(path), "%s/kept.txt", temp_dir);
    assert_int_equal(atomic_file_write(path, "old", 3, false, err, sizeof(err)), 0);
    atomic_file_t *file = NULL;
    assert_int_equal(atomic_file_open(&file, path, err, sizeof(err)), 0);
    fputs("half a rep", atomic_file_stream(file));
    atomic_file_abort(file);
    atomic_file_abort(NULL);
    assert_int_equal(slurp(path, buf, sizeof(buf)), 3);
    assert_string_equal(buf, "old");
    assert_int_equal(temp_files_left(), 0);
}

typedef struct {
    const char *path;
    char text[4096];
    long length;
} fifo_reader_t;

static void *read_fifo(void *arg)
{
    fifo_reader_t *reader = arg;
    reader->length = slurp(reader->path, reader->text, sizeof(reader->text));
    return NULL;
}

static void test_fifo_with_a_reader(void **state)
{
    (void)state;
    char path[128], err[256] = "";
    snprintf(path, sizeof(path), "%s/pipe", temp_dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    fifo_reader_t reader = {.path = path, .length = -1};
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, read_fifo, &reader), 0);
    atomic_file_t *file = NULL;
    assert_int_equal(atomic_file_open(&file, path, err, sizeof(err)), 0); /* waits for the reader */
    for (int i = 0; i < 300; i++) fprintf(atomic_file_stream(file), "line %03d\n", i);
    assert_int_equal(atomic_file_commit(file, err, sizeof(err)), 0);
    assert_int_equal(pthread_join(thread, NULL), 0);
    assert_int_equal(reader.length, 300 * 9);
    assert_memory_equal(reader.text, "line 000\nline 001\n", 18);
    assert_memory_equal(reader.text + 299 * 9, "line 299\n", 9);
    struct stat st;
    assert_int_equal(lstat(path, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
    assert_int_equal(temp_files_left(), 0);
}

static void test_dev_null_stays_a_device(void **state)
{
    (void)state;
    char err[256] = "";
    assert_int_equal(atomic_file_write("/dev/null", "report", 6, true, err, sizeof(err)), 0);
    struct stat st;
    assert_int_equal(lstat("/dev/null", &st), 0);
    assert_true(S_ISCHR(st.st_mode));
}

static void test_dev_full_is_a_named_error(void **state)
{
    (void)state;
    struct stat st;
    if (stat("/dev/full", &st) != 0 || !S_ISCHR(st.st_mode)) {
        skip(); /* a container without /dev/full */
        return;
    }
    char err[256] = "", expected[256];
    atomic_file_t *file = NULL;
    assert_int_equal(atomic_file_open(&file, "/dev/full", err, sizeof(err)), 0);
    fputs("a report", atomic_file_stream(file));
    assert_int_equal(atomic_file_commit(file, err, sizeof(err)), -1);
    snprintf(expected, sizeof(expected), "/dev/full: cannot write: %s", strerror(ENOSPC));
    assert_string_equal(err, expected);
    assert_int_equal(lstat("/dev/full", &st), 0);
    assert_true(S_ISCHR(st.st_mode));
}

static void test_symlink_to_regular_file_stays_a_link(void **state)
{
    (void)state;
    char folder[128], real[160], link[128], err[256] = "", buf[64];
    snprintf(folder, sizeof(folder), "%s/real", temp_dir);
    assert_int_equal(mkdir(folder, 0700), 0);
    snprintf(real, sizeof(real), "%s/target.txt", folder);
    assert_int_equal(atomic_file_write(real, "old", 3, false, err, sizeof(err)), 0);
    assert_int_equal(chmod(real, 0604), 0);
    snprintf(link, sizeof(link), "%s/link.txt", temp_dir);
    assert_int_equal(symlink("real/target.txt", link), 0);

    assert_int_equal(atomic_file_write(link, "new", 3, false, err, sizeof(err)), 0);
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(slurp(real, buf, sizeof(buf)), 3);
    assert_string_equal(buf, "new");
    assert_int_equal(stat(real, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0604);
    assert_int_equal(temp_files_left(), 0);
    /* the temporary file was made beside the target, and is gone too */
    DIR *d = opendir(folder);
    assert_non_null(d);
    struct dirent *e;
    int entries = 0;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.') entries++;
    closedir(d);
    assert_int_equal(entries, 1);
}

static void test_symlink_to_dev_null_writes_the_device(void **state)
{
    (void)state;
    char link[128], err[256] = "";
    snprintf(link, sizeof(link), "%s/null-link", temp_dir);
    assert_int_equal(symlink("/dev/null", link), 0);
    assert_int_equal(atomic_file_write(link, "x", 1, true, err, sizeof(err)), 0);
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(stat(link, &st), 0);
    assert_true(S_ISCHR(st.st_mode));
}

static void test_dangling_link_and_folder_are_errors(void **state)
{
    (void)state;
    char link[128], folder[128], err[256] = "", expected[300];
    snprintf(link, sizeof(link), "%s/dangling", temp_dir);
    assert_int_equal(symlink("no-such-file", link), 0);
    atomic_file_t *file = (atomic_file_t *)&file;
    assert_int_equal(atomic_file_open(&file, link, err, sizeof(err)), -1);
    assert_null(file);
    snprintf(expected, sizeof(expected), "%s: symbolic link to a missing file", link);
    assert_string_equal(err, expected);
    assert_int_equal(access(link, F_OK), -1); /* nothing created through the link */

    snprintf(folder, sizeof(folder), "%s/sub", temp_dir);
    assert_int_equal(mkdir(folder, 0700), 0);
    assert_int_equal(atomic_file_write(folder, "x", 1, false, err, sizeof(err)), -1);
    snprintf(expected, sizeof(expected), "%s: is a folder, not a file", folder);
    assert_string_equal(err, expected);
    struct stat st;
    assert_int_equal(stat(folder, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
}

static void test_missing_folder_fails_at_open(void **state)
{
    (void)state;
    char path[160], err[256] = "", expected[300];
    snprintf(path, sizeof(path), "%s/no-such-folder/report.txt", temp_dir);
    atomic_file_t *file = NULL;
    assert_int_equal(atomic_file_open(&file, path, err, sizeof(err)), -1);
    snprintf(expected, sizeof(expected), "%s: cannot create: %s", path, strerror(ENOENT));
    assert_string_equal(err, expected);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_and_existing_regular_file),
        cmocka_unit_test(test_abort_keeps_the_old_file),
        cmocka_unit_test(test_fifo_with_a_reader),
        cmocka_unit_test(test_dev_null_stays_a_device),
        cmocka_unit_test(test_dev_full_is_a_named_error),
        cmocka_unit_test(test_symlink_to_regular_file_stays_a_link),
        cmocka_unit_test(test_symlink_to_dev_null_writes_the_device),
        cmocka_unit_test(test_dangling_link_and_folder_are_errors),
        cmocka_unit_test(test_missing_folder_fails_at_open),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
