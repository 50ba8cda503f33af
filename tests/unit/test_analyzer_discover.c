/* test_analyzer_discover.c — which files a run lints, under which paths, and how odd
 * entries (symlink loops, dangling links, FIFOs, binaries) are reported. */
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

#include "analyzer/lint/discover.h"
#include "analyzer/lint/source_file.h"
#include "tests/unit/helpers/temp_dir.h"

static char temp_dir[64];

static void sh(const char *format, ...)
{
    char cmd[2048];
    va_list args;
    va_start(args, format);
    vsnprintf(cmd, sizeof(cmd), format, args);
    va_end(args);
    if (system(cmd) != 0) {
        print_error("command failed: %s\n", cmd);
        fail();
    }
}

static int setup(void **state)
{
    (void)state;
    if (temp_dir_make(temp_dir, sizeof temp_dir, "discover") != 0) return -1;
    char *real = realpath(temp_dir, NULL); /* /tmp may be a symlink */
    snprintf(temp_dir, sizeof(temp_dir), "%s", real);
    free(real);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return temp_dir_remove(temp_dir);
}

/* "a.c b/c.h" — every display path, space separated. */
static void listing(const discover_result_t *r, char *out, size_t size)
{
    out[0] = 0;
    for (size_t i = 0; i < r->file_count; i++) {
        strncat(out, r->files[i].display_path, size - strlen(out) - 2);
        if (i + 1 < r->file_count) strncat(out, " ", size - strlen(out) - 1);
    }
}

static const char *notice_for(const discover_result_t *r, const char *path)
{
    for (size_t i = 0; i < r->notice_count; i++)
        if (strcmp(r->notices[i].display_path, path) == 0) return r->notices[i].message;
    return NULL;
}

static void test_relative_paths(void **state)
{
    (void)state;
    struct { const char *abs, *root, *want; } cases[] = {
        {"/a/b/c.c", "/a", "b/c.c"},       {"/a/b", "/a/b", "."},
        {"/a/bc/x.c", "/a/b", "../bc/x.c"}, {"/x/y.c", "/a/b/c", "../../../x/y.c"},
        {"/a", "/a/b", ".."},             {"/a/y.c", "/", "a/y.c"},
        {"/a/b/x.c", "/a/bc", "../b/x.c"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *got = discover_relative_path(cases[i].abs, cases[i].root);
        assert_string_equal(got, cases[i].want);
        free(got);
    }
}

static void test_walk_outside_git(void **state)
{
    (void)state;
    sh("cd '%s' && mkdir -p plain/src/deep plain/.hidden plain/sub && cd plain && "
       "echo 'int a;' > src/a.c && echo 'int b;' > src/deep/b.h && echo x > src/notes.txt && "
       "echo 'int h;' > .hidden/h.c && echo 'int z;' > src/z.cpp && "
       "ln -s loop.c src/loop.c && ln -s missing.c src/dangling.c && ln -s missing src/dangling && "
       "ln -s .. sub/up && ln -s ../src sub/src-link && mkfifo src/pipe.c",
       temp_dir);
    char dir[128], text[1024];
    snprintf(dir, sizeof(dir), "%s/plain", temp_dir);
    const char *paths[] = {dir};
    discover_options_t options = {.root = dir, .no_git = true};
    discover_result_t r;
    char err[256] = "";
    assert_int_equal(discover_run(&r, paths, 1, &options, err, sizeof(err)), 0);
    listing(&r, text, sizeof(text));
    /* sorted; hidden folder, other extensions and broken links left out; the FIFO is listed
     * (reading it reports what it is); the symlinked folder is followed once */
    assert_string_equal(text, "src/a.c src/deep/b.h src/pipe.c sub/src-link/a.c "
                              "sub/src-link/deep/b.h sub/src-link/pipe.c");
    assert_non_null(notice_for(&r, "src/loop.c"));
    assert_non_null(strstr(notice_for(&r, "src/loop.c"), "symlink loop"));
    assert_non_null(strstr(notice_for(&r, "src/dangling.c"), "dangling"));
    assert_null(notice_for(&r, "src/dangling")); /* not a source name: not worth a notice */
    assert_non_null(strstr(notice_for(&r, "sub/up"), "symlink loop"));
    discover_result_destroy(&r);

    /* --ext changes what folders contribute */
    const char *exts[] = {"cpp", "txt"};
    options.extensions = exts;
    options.extension_count = 2;
    assert_int_equal(discover_run(&r, paths, 1, &options, err, sizeof(err)), 0);
    listing(&r, text, sizeof(text));
    assert_string_equal(text, "src/notes.txt src/z.cpp sub/src-link/notes.txt sub/src-link/z.cpp");
    discover_result_destroy(&r);
}

static void test_git_tracked_or_trackable_only(void **state)
{
    (void)state;
    sh("cd '%s' && mkdir -p repo/src repo/build repo/vendor && cd repo && git init -q && "
       "printf 'build/\\n*.gen.c\\n' > .gitignore && echo 'int a;' > src/a.c && "
       "echo 'int t;' > src/tracked.gen.c && echo 'int o;' > build/out.c && "
       "echo 'int u;' > src/untracked.c && echo 'int v;' > vendor/v.h && echo 'int d;' > src/gone.c && "
       "git add -f src/a.c src/tracked.gen.c src/gone.c && rm src/gone.c",
       temp_dir);
    char dir[128], text[1024], err[256] = "";
    snprintf(dir, sizeof(dir), "%s/repo", temp_dir);
    const char *paths[] = {dir};
    discover_result_t r;
    assert_int_equal(discover_run(&r, paths, 1, NULL, err, sizeof(err)), 0);
    assert_string_equal(r.root, dir);
    listing(&r, text, sizeof(text));
    /* ignored build/ left out; a tracked file matching .gitignore kept; untracked kept;
     * a tracked file deleted in the work tree silently absent */
    assert_string_equal(text, "src/a.c src/tracked.gen.c src/untracked.c vendor/v.h");
    assert_int_equal(r.notice_count, 0);
    discover_result_destroy(&r);

    /* a sub-folder argument: paths stay relative to the top level, from any cwd */
    char sub[160], cwd[4096];
    snprintf(sub, sizeof(sub), "%s/repo/src", temp_dir);
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    assert_int_equal(chdir("/"), 0);
    paths[0] = sub;
    assert_int_equal(discover_run(&r, paths, 1, NULL, err, sizeof(err)), 0);
    listing(&r, text, sizeof(text));
    assert_string_equal(text, "src/a.c src/tracked.gen.c src/untracked.c");
    discover_result_destroy(&r);
    assert_int_equal(chdir(sub), 0);
    const char *relative[] = {".", "../vendor/v.h", "../build/out.c"};
    assert_int_equal(discover_run(&r, relative, 3, NULL, err, sizeof(err)), 0);
    listing(&r, text, sizeof(text));
    /* explicit files are linted even when ignored */
    assert_string_equal(text, "build/out.c src/a.c src/tracked.gen.c src/untracked.c vendor/v.h");
    discover_result_destroy(&r);
    /* so is an ignored folder named on the command line */
    const char *ignored[] = {"../build"};
    assert_int_equal(discover_run(&r, ignored, 1, NULL, err, sizeof(err)), 0);
    listing(&r, text, sizeof(text));
    assert_string_equal(text, "build/out.c");
    discover_result_destroy(&r);
    assert_int_equal(chdir(cwd), 0);
}

static void test_explicit_files_and_missing_paths(void **state)
{
    (void)state;
    sh("cd '%s' && mkdir -p ex && echo 'x' > ex/script.inc", temp_dir);
    char file[160], missing[160], err[256] = "";
    snprintf(file, sizeof(file), "%s/ex/script.inc", temp_dir);
    snprintf(missing, sizeof(missing), "%s/ex/nope.c", temp_dir);
    discover_options_t options = {.no_git = true};
    const char *paths[] = {file, file};
    discover_result_t r;
    assert_int_equal(discover_run(&r, paths, 2, &options, err, sizeof(err)), 0);
    assert_int_equal(r.file_count, 1); /* named twice, linted once */
    assert_string_equal(r.files[0].fs_path, file);
    discover_result_destroy(&r);

    const char *bad[] = {file, missing};
    assert_int_equal(discover_run(&r, bad, 2, &options, err, sizeof(err)), -1);
    assert_non_null(strstr(err, missing));
    assert_non_null(strstr(err, "No such file or directory"));
    discover_result_destroy(&r);
}

static void test_ten_thousand_files(void **state)
{
    (void)state;
    sh("mkdir -p '%s/many' && cd '%s/many' && for d in 0 1 2 3 4 5 6 7 8 9; do mkdir $d; done && "
       "for i in $(seq 0 9999); do : > $((i %% 10))/f$i.c; done",
       temp_dir, temp_dir);
    char dir[128], err[256];
    snprintf(dir, sizeof(dir), "%s/many", temp_dir);
    const char *paths[] = {dir};
    discover_options_t options = {.no_git = true};
    discover_result_t r;
    assert_int_equal(discover_run(&r, paths, 1, &options, err, sizeof(err)), 0);
    assert_int_equal(r.file_count, 10000);
    for (size_t i = 1; i < r.file_count; i++)
        assert_true(strcmp(r.files[i - 1].display_path, r.files[i].display_path) < 0);
    discover_result_destroy(&r);
}

static void test_source_file_reading(void **state)
{
    (void)state;
    sh("cd '%s' && mkdir -p rd && cd rd && : > empty.c && printf 'int x;\\r\\nint y;' > crlf.c && "
       "printf 'int a;\\0\\1\\2' > bin.c && printf 'int \\377\\376 z;\\n' > latin.c && "
       "mkfifo fifo.c && ln -s self.c self.c && mkdir dir.c",
       temp_dir);
    char path[160], reason[256];
    source_file_t *f = NULL;
#define AT(name) (snprintf(path, sizeof(path), "%s/rd/%s", temp_dir, name), path)
    assert_int_equal(source_file_read(&f, AT("empty.c"), reason, sizeof(reason)), SOURCE_OK);
    assert_int_equal(f->length, 0);
    assert_int_equal(source_file_index_lines(f), 0);
    assert_int_equal(f->line_count, 0);
    source_file_free(f);

    assert_int_equal(source_file_read(&f, AT("crlf.c"), reason, sizeof(reason)), SOURCE_OK);
    assert_int_equal(source_file_index_lines(f), 0);
    size_t length;
    const char *line = source_file_line(f, 1, &length);
    assert_int_equal(length, 6);
    assert_memory_equal(line, "int x;", 6);
    line = source_file_line(f, 2, &length);
    assert_int_equal(length, 6);
    assert_null(source_file_line(f, 3, &length));
    assert_null(source_file_line(f, 0, &length));
    source_file_free(f);

    assert_int_equal(source_file_read(&f, AT("latin.c"), reason, sizeof(reason)), SOURCE_OK);
    source_file_free(f); /* not UTF-8, but text: linted */

    struct { const char *name, *reason; } skipped[] = {
        {"bin.c", "binary file"}, {"fifo.c", "FIFO"}, {"self.c", "symlink loop"},
        {"dir.c", "directory"},   {"missing.c", "no such file"},
    };
    for (size_t i = 0; i < sizeof(skipped) / sizeof(skipped[0]); i++) {
        f = (source_file_t *)1;
        reason[0] = 0;
        assert_int_equal(source_file_read(&f, AT(skipped[i].name), reason, sizeof(reason)),
                         SOURCE_SKIPPED);
        assert_null(f);
        if (!strstr(reason, skipped[i].reason)) {
            print_error("%s: reason '%s' lacks '%s'\n", skipped[i].name, reason, skipped[i].reason);
            fail();
        }
    }
#undef AT
    source_file_free(NULL);
}

static void test_binary_probe_only_looks_at_the_head(void **state)
{
    (void)state;
    /* a NUL after the first 8 KiB does not make a file binary */
    sh("cd '%s' && mkdir -p probe && cd probe && head -c 9000 /dev/zero | tr '\\0' 'a' > late.c && "
       "printf '\\0' >> late.c",
       temp_dir);
    char path[160], reason[256];
    snprintf(path, sizeof(path), "%s/probe/late.c", temp_dir);
    source_file_t *f = NULL;
    assert_int_equal(source_file_read(&f, path, reason, sizeof(reason)), SOURCE_OK);
    assert_int_equal(f->length, 9001);
    source_file_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_relative_paths),
        cmocka_unit_test(test_walk_outside_git),
        cmocka_unit_test(test_git_tracked_or_trackable_only),
        cmocka_unit_test(test_explicit_files_and_missing_paths),
        cmocka_unit_test(test_ten_thousand_files),
        cmocka_unit_test(test_source_file_reading),
        cmocka_unit_test(test_binary_probe_only_looks_at_the_head),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
