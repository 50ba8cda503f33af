/* test_analyzer_clang_checks.c — the AST-and-type checks of analyzer/clang_checks.c as a
 * user sees them: which lines draw c.clang-unchecked-return, c.clang-incorrect-return-check
 * and c.clang-sizeof-pointer, and which look-alikes stay quiet (snprintf that cannot
 * truncate, fflush(...) == 0, pointer-to-pointer sizes, a pointer copied by address). Each
 * test writes a small C file, runs the libclang pass on it and compares the finding lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tests/unit/helpers/clang_fixture.h"
#include "tests/unit/helpers/temp_dir.h"

static int setup(void **state) { return clang_fixture_setup(state, "clang-checks", ""); }
static int teardown(void **state) { return clang_fixture_teardown(state); }

/* Lints `source` as case.c; writes the lines of `rule`'s findings, ascending and
 * comma-separated ("6,9"), into lines, and the certainty of the first into *certainty. */
static void lint(clang_fixture_t *fx, const char *source, const char *rule, char *lines, size_t size,
                 certainty_t *certainty)
{
    candidate_list_t list;
    clang_fixture_lint(fx, source, &list);
    uint32_t found[64];
    size_t n = 0;
    if (certainty) *certainty = CERTAINTY_UNSET;
    for (size_t i = 0; i < list.count && n < 64; i++) {
        if (strcmp(list.items[i]->rule_id, rule) != 0) continue;
        if (certainty && n == 0) *certainty = list.items[i]->certainty;
        found[n++] = list.items[i]->range.start_line;
    }
    for (size_t i = 1; i < n; i++) /* insertion sort: a handful of lines */
        for (size_t k = i; k > 0 && found[k - 1] > found[k]; k--) {
            uint32_t t = found[k];
            found[k] = found[k - 1];
            found[k - 1] = t;
        }
    lines[0] = '\0';
    for (size_t i = 0; i < n; i++)
        snprintf(lines + strlen(lines), size - strlen(lines), "%s%u", i ? "," : "", found[i]);
    candidate_list_destroy(&list);
}

/* snprintf into a path: reported when the output may not fit (a string of unknown length:
 * low certainty; a string from getenv: default certainty), not when every conversion
 * is bounded and the worst case fits (redis's "temp-%d.rdb" into char[256]). */
static void test_truncation_only_when_output_may_not_fit(void **state)
{
    static const char src[] = "#include <stdio.h>\n"
                              "#include <stdlib.h>\n"
                              "#include <unistd.h>\n"
                              "FILE *temp(void) {\n"
                              "    char name[256];\n"
                              "    snprintf(name, sizeof(name), \"temp-%d.%ld.rdb\", (int)getpid(), (long)getppid());\n"
                              "    return fopen(name, \"w\");\n"
                              "}\n"
                              "FILE *proc(long pid) {\n"
                              "    char name[16];\n"
                              "    snprintf(name, sizeof name, \"/proc/%ld/smaps\", pid);\n" /* 6+20+6 > 15 */
                              "    return fopen(name, \"r\");\n"
                              "}\n"
                              "FILE *under(const char *dir) {\n"
                              "    char name[64];\n"
                              "    snprintf(name, sizeof name, \"%s/x.log\", dir);\n"
                              "    return fopen(name, \"a\");\n"
                              "}\n";
    char lines[128];
    certainty_t c;
    lint(*state, src, "c.clang-unchecked-return", lines, sizeof(lines), &c);
    assert_string_equal(lines, "11,16");
    static const char from_env[] = "#include <stdio.h>\n"
                                   "#include <stdlib.h>\n"
                                   "FILE *home(void) {\n"
                                   "    char name[64];\n"
                                   "    snprintf(name, sizeof name, \"%s/.rc\", getenv(\"HOME\"));\n"
                                   "    return fopen(name, \"r\");\n"
                                   "}\n";
    lint(*state, from_env, "c.clang-unchecked-return", lines, sizeof(lines), &c);
    assert_string_equal(lines, "5");
    assert_int_not_equal(c, CERTAINTY_LOW);
    static const char from_param[] = "#include <stdio.h>\n"
                                     "FILE *open_in(const char *dir) {\n"
                                     "    char name[64];\n"
                                     "    snprintf(name, sizeof name, \"%s/x.log\", dir);\n"
                                     "    return fopen(name, \"a\");\n"
                                     "}\n";
    lint(*state, from_param, "c.clang-unchecked-return", lines, sizeof(lines), &c);
    assert_string_equal(lines, "4");
    assert_int_equal(c, CERTAINTY_LOW);
    /* a struct member as the buffer: the same member path must reach the path user */
    static const char member[] = "#include <stdio.h>\n"
                                 "#include <unistd.h>\n"
                                 "struct ctl { char path[108]; char pid[32]; };\n"
                                 "void bind_to(struct ctl *c, struct ctl *other, const char *dir) {\n"
                                 "    snprintf(c->path, sizeof c->path, \"%s/ctl.sock\", dir);\n"
                                 "    unlink(c->path);\n"
                                 "    snprintf(other->path, sizeof other->path, \"%s/x\", dir);\n"
                                 "    unlink(c->path);\n"
                                 "    snprintf(c->pid, sizeof c->pid, \"/run/%d.pid\", (int)getpid());\n"
                                 "    unlink(c->pid);\n"
                                 "}\n";
    lint(*state, member, "c.clang-unchecked-return", lines, sizeof(lines), NULL);
    assert_string_equal(lines, "5");
}

/* Ignored privilege drops and reads are reported; an ignored pthread_mutex_lock, a test
 * of the result and a (void) cast are not. */
static void test_ignored_results(void **state)
{
    static const char src[] = "#include <pthread.h>\n"
                              "#include <stdio.h>\n"
                              "#include <unistd.h>\n"
                              "void drop(uid_t uid, pthread_mutex_t *m, FILE *f, char *b) {\n"
                              "    pthread_mutex_lock(m);\n"
                              "    setuid(uid);\n"
                              "    fread(b, 1, 16, f);\n"
                              "    if (setgid(0) != 0) return;\n"
                              "    (void)fgets(b, 16, f);\n"
                              "    pthread_mutex_unlock(m);\n"
                              "}\n";
    char lines[128];
    lint(*state, src, "c.clang-unchecked-return", lines, sizeof(lines), NULL);
    assert_string_equal(lines, "6,7");
}

/* Tests that cannot see the failure: direct, reversed, under `!`, through a local; not
 * the documented failure values, fflush/fclose == 0, a length test of snprintf, or
 * fread(..., 1, fp) == 0 (one item: 0 is exactly "incomplete"). */
static void test_incorrect_return_checks(void **state)
{
    static const char src[] = "#include <stdio.h>\n"
                              "#include <sys/mman.h>\n"
                              "int f(FILE *fp, const char *s, char *buf, int fd, size_t n) {\n"
                              "    if (0 == fputs(s, fp)) return 1;\n"
                              "    if (!fputc('x', fp)) return 1;\n"
                              "    void *map = mmap(NULL, n, PROT_READ, MAP_PRIVATE, fd, 0);\n"
                              "    if (map == NULL) return 1;\n"
                              "    size_t got = fread(buf, 1, n, fp);\n"
                              "    if (got < 0) return 1;\n"
                              "    if (0 > fwrite(buf, 1, n, fp)) return 1;\n"
                              "    int items = fscanf(fp, \"%d\", &fd);\n"
                              "    if (items == 0) return 1;\n"
                              "    void *m2 = mmap(NULL, n, PROT_READ, MAP_PRIVATE, fd, 0);\n"
                              "    if (m2 == MAP_FAILED) return 1;\n"
                              "    if (fputs(s, fp) == EOF) return 1;\n"
                              "    int len = snprintf(buf, n, \"%s\", s);\n"
                              "    if (len == 0) return 2;\n"
                              "    if (fflush(fp) == 0) return 0;\n"
                              "    if (fclose(fp) != 0) return 1;\n"
                              "    items = 5;\n"
                              "    if (items == 0) return 3;\n"
                              "    while ((items = fscanf(fp, \"%d\", &fd)) != 0) n--;\n"
                              "    if (fread(buf, 1, 64, fp) == 0) return 1;\n"
                              "    if (fread(buf, 64, 1, fp) == 0) return 1;\n"
                              "    return fgets(buf, 8, stdin) == NULL;\n"
                              "}\n";
    char lines[128];
    certainty_t c;
    lint(*state, src, "c.clang-incorrect-return-check", lines, sizeof(lines), NULL);
    assert_string_equal(lines, "4,5,7,9,10,12,22,23");
    /* a count that is not a constant may be 1: low certainty */
    static const char count[] = "#include <stdio.h>\n"
                                "int f(FILE *fp, char *buf, size_t n) {\n"
                                "    return fwrite(buf, 1, n, fp) == 0;\n"
                                "}\n";
    lint(*state, count, "c.clang-incorrect-return-check", lines, sizeof(lines), &c);
    assert_string_equal(lines, "3");
    assert_int_equal(c, CERTAINTY_LOW);
    /* -1 kept in an unsigned local is never negative; in a signed one it is */
    static const char sign[] = "#include <unistd.h>\n"
                               "long f(int fd, char *buf, size_t size) {\n"
                               "    size_t n = read(fd, buf, size);\n"
                               "    if (n < 0) return -1;\n"
                               "    ssize_t m = read(fd, buf, size);\n"
                               "    if (m < 0) return -1;\n"
                               "    unsigned got;\n"
                               "    if ((got = write(fd, buf, size)) < 0) return -1;\n"
                               "    return (long)(n + m + got);\n"
                               "}\n";
    lint(*state, sign, "c.clang-incorrect-return-check", lines, sizeof(lines), NULL);
    assert_string_equal(lines, "4,8");
}

/* sizeof of the pointer the call fills: variables, members, calloc's element size,
 * fread's item size, sizeof(p) - 1, array parameters; not a pointer to pointers, an
 * inline array member or a pointer copied by its address. */
static void test_sizeof_pointer(void **state)
{
    static const char src[] = "#include <stdio.h>\n"
                              "#include <stdlib.h>\n"
                              "#include <string.h>\n"
                              "struct conn { char *name; char **argv; char inl[16]; };\n"
                              "struct item { int k[4]; };\n"
                              "void f(struct conn *c, struct item *it, const char *src, int n, FILE *fp) {\n"
                              "    snprintf(c->name, sizeof(c->name), \"%s\", src);\n"
                              "    memset(it, 0, sizeof(it));\n"
                              "    struct item *arr = calloc(n, sizeof(arr));\n"
                              "    if (fread(it, sizeof it, 1, fp) != 1) return;\n"
                              "    c->argv = calloc(n, sizeof(c->argv));\n"
                              "    memcpy(&it, &arr, sizeof(arr));\n"
                              "    snprintf(c->inl, sizeof(c->inl), \"%s\", src);\n"
                              "    memcpy(it, arr, sizeof(*it));\n"
                              "    strncpy(c->name, src, sizeof(c->name) - 1);\n"
                              "    strncpy(c->inl, src, sizeof(c->inl) - 1);\n"
                              "    free(arr);\n"
                              "}\n";
    char lines[128];
    lint(*state, src, "c.clang-sizeof-pointer", lines, sizeof(lines), NULL);
    assert_string_equal(lines, "7,8,9,10,15");
    /* an array parameter is a pointer; an array local is not */
    static const char params[] = "#include <string.h>\n"
                                 "void set(char name[64], const char *login) {\n"
                                 "    char copy[64];\n"
                                 "    strncpy(copy, login, sizeof(copy) - 1);\n"
                                 "    strncpy(name, login, sizeof(name) - 1);\n"
                                 "    name[63] = copy[63] = 0;\n"
                                 "}\n";
    lint(*state, params, "c.clang-sizeof-pointer", lines, sizeof(lines), NULL);
    assert_string_equal(lines, "5");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_truncation_only_when_output_may_not_fit),
        cmocka_unit_test(test_ignored_results),
        cmocka_unit_test(test_incorrect_return_checks),
        cmocka_unit_test(test_sizeof_pointer),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
