/* test_analyzer_clang_memory.c — the memory and pointer checks of the libclang path walk
 * (NULL dereference, leaks, use after free, stack addresses) on the C idioms that decide
 * them: pointers whose address is handed out, measuring calls, aborting asserts, cleanup
 * paths. Each case is a small C file written to a temporary folder and linted by the pass. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "tests/unit/helpers/clang_fixture.h"
#include "tests/unit/helpers/temp_dir.h"

/* every case file starts with these lines; line numbers in the tests count from the
 * snippet's first line */
#define PRELUDE "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n#include <unistd.h>\n"

static int setup(void **state) { return clang_fixture_setup(state, "clang-test", PRELUDE); }
static int teardown(void **state) { return clang_fixture_teardown(state); }

/* any certainty */
#define EXPECT(code, rule, line, n) CLANG_EXPECT(fx, code, rule, line, CERTAINTY_UNSET, n)

/* ---- NULL dereference ---------------------------------------------------------- */

/* Passing &p lets the callee set p: getline(&line, &cap, f) allocates the line. */
static void test_address_taken_pointer_is_unknown(void **state)
{
    clang_fixture_t *fx = *state;
    EXPECT("int f(FILE *in) {\n"
           "  char *line = NULL;\n"
           "  size_t cap = 0;\n"
           "  if (getline(&line, &cap, in) > 0) fputs(line, stdout);\n"
           "  free(line);\n"
           "  return 0;\n"
           "}\n", "c.clang-null-dereference", 0, 0);
    EXPECT("long f(const char *s) {\n"
           "  char *end = NULL;\n"
           "  long v = strtol(s, &end, 10);\n"
           "  return *end == '\\0' ? v : -1;\n"
           "}\n", "c.clang-null-dereference", 0, 0);
    /* without the address handed out, NULL is still NULL */
    EXPECT("int f(void) {\n"
           "  char *line = NULL;\n"
           "  fputs(line, stdout);\n"
           "  return 0;\n"
           "}\n", "c.clang-null-dereference", 3, 1);
    /* &p given away after the flaw does not hide it */
    EXPECT("void keep(char **p);\n"
           "void f(void) {\n"
           "  char *p = malloc(4);\n"
           "  p[0] = 0;\n"
           "  keep(&p);\n"
           "}\n", "c.clang-null-dereference", 4, 1);
}

/* snprintf(NULL, 0, ...) measures the output: nothing is written through the buffer. */
static void test_snprintf_measuring_with_null(void **state)
{
    clang_fixture_t *fx = *state;
    EXPECT("int f(const char *s) {\n"
           "  int n = snprintf(NULL, 0, \"%s\", s);\n"
           "  return n;\n"
           "}\n", "c.clang-null-dereference", 0, 0);
    EXPECT("int f(const char *s) {\n"
           "  return snprintf(NULL, 16, \"%s\", s);\n"
           "}\n", "c.clang-null-dereference", 2, 1);
}

/* assert() that assigns inside its condition: __assert_fail does not return, so p is set
 * and checked on every path that goes on. */
static void test_assert_with_assignment(void **state)
{
    clang_fixture_t *fx = *state;
    const char *code = "#include <assert.h>\n"
                       "void *must_alloc(size_t n) {\n"
                       "  void *p;\n"
                       "  assert((p = malloc(n)) != NULL);\n"
                       "  return p;\n"
                       "}\n";
    EXPECT(code, "c.clang-memory-leak", 0, 0);
    EXPECT(code, "c.clang-uninitialized-use", 0, 0);
    EXPECT(code, "c.clang-null-dereference", 0, 0);
}

/* ---- realloc, descriptors ---------------------------------------------------------- */

/* The old block is still held by another local that frees it on failure: nothing is lost. */
static void test_realloc_with_the_old_block_kept(void **state)
{
    clang_fixture_t *fx = *state;
    EXPECT("char *f(size_t n) {\n"
           "  char *s = malloc(n);\n"
           "  if (!s) return NULL;\n"
           "  char *old = s;\n"
           "  s = realloc(s, n * 2);\n"
           "  if (!s) { free(old); return NULL; }\n"
           "  return s;\n"
           "}\n", "c.clang-realloc-leak", 0, 0);
    /* the same without the second pointer loses the block */
    EXPECT("char *f(size_t n) {\n"
           "  char *s = malloc(n);\n"
           "  if (!s) return NULL;\n"
           "  s = realloc(s, n * 2);\n"
           "  return s;\n"
           "}\n", "c.clang-realloc-leak", 4, 1);
}

/* A value chosen by ?: may be either arm: both escape when it is returned or stored. */
static void test_conditional_return_hands_over_both_arms(void **state)
{
    clang_fixture_t *fx = *state;
    EXPECT("char **grow(char **table, size_t n) {\n"
           "  char **bigger = realloc(table, n);\n"
           "  return bigger ? bigger : table;\n"
           "}\n", "c.clang-memory-leak", 0, 0);
    EXPECT("void pick(char **out, int c) {\n"
           "  char *a = malloc(4), *b = malloc(4);\n"
           "  *out = c ? a : b;\n"
           "  free(c ? b : a);\n"
           "}\n", "c.clang-memory-leak", 0, 0);
    /* the arm not returned still leaks when it is a block of its own */
    EXPECT("char *f(int c) {\n"
           "  char *a = malloc(4);\n"
           "  char *b = malloc(4);\n"
           "  if (!a || !b) { free(a); free(b); return NULL; }\n"
           "  return a;\n"
           "}\n", "c.clang-memory-leak", 3, 1);
}

/* A descriptor chosen by ?: against a standard stream, or one that is a standard stream
 * when it is not above STDERR_FILENO, is no leak. */
static void test_standard_stream_look_alikes(void **state)
{
    clang_fixture_t *fx = *state;
    EXPECT("#include <fcntl.h>\n"
           "int f(const char *path, int to_stdout) {\n"
           "  int fd = to_stdout ? STDOUT_FILENO : open(path, O_WRONLY);\n"
           "  return fd;\n"
           "}\n", "c.clang-resource-leak", 0, 0);
    EXPECT("#include <fcntl.h>\n"
           "void f(void) {\n"
           "  int fd = open(\"/dev/null\", O_RDWR);\n"
           "  if (fd == -1) return;\n"
           "  dup2(fd, STDIN_FILENO);\n"
           "  if (fd > STDERR_FILENO) close(fd);\n"
           "}\n", "c.clang-resource-leak", 0, 0);
    /* a bound above the standard streams says nothing */
    EXPECT("#include <fcntl.h>\n"
           "void f(void) {\n"
           "  int fd = open(\"/dev/null\", O_RDWR);\n"
           "  if (fd == -1) return;\n"
           "  if (fd > 10) close(fd);\n"
           "}\n", "c.clang-resource-leak", 3, 1);
}

/* fdopen() hands the descriptor to the stream; closing the stream closes it. */
static void test_fdopen_takes_the_descriptor(void **state)
{
    clang_fixture_t *fx = *state;
    EXPECT("#include <fcntl.h>\n"
           "FILE *f(const char *path) {\n"
           "  int fd = open(path, O_RDONLY);\n"
           "  if (fd < 0) return NULL;\n"
           "  FILE *in = fdopen(fd, \"r\");\n"
           "  if (!in) { close(fd); return NULL; }\n"
           "  return in;\n"
           "}\n", "c.clang-resource-leak", 0, 0);
    /* a descriptor never given to the stream still leaks */
    EXPECT("#include <fcntl.h>\n"
           "int f(const char *path) {\n"
           "  int fd = open(path, O_RDONLY);\n"
           "  if (fd < 0) return -1;\n"
           "  char c;\n"
           "  if (read(fd, &c, 1) != 1) return -1;\n"
           "  close(fd);\n"
           "  return c;\n"
           "}\n", "c.clang-resource-leak", 3, 1);
}

/* The certainty of the NULL dereference found at line (0 when none was found). */
static int null_certainty(clang_fixture_t *fx, const char *code, int line)
{
    candidate_list_t list;
    clang_fixture_lint(fx, code, &list);
    int certainty = 0;
    for (size_t i = 0; i < list.count; i++)
        if (!strcmp(list.items[i]->rule_id, "c.clang-null-dereference") &&
            (int)list.items[i]->range.start_line == line + fx->prelude_lines)
            certainty = list.items[i]->certainty;
    candidate_list_destroy(&list);
    return certainty;
}

/* A NULL dereference that only runs under a later test the walk cannot decide (argc is
 * 0 whenever args is NULL, in the callee's contract) is reported with low certainty; one
 * that runs on every path after the pointer became NULL stays certain. */
static void test_null_under_an_undecided_test_is_low(void **state)
{
    clang_fixture_t *fx = *state;
    assert_int_equal(null_certainty(fx,
                                    "char **merge(char **a, int n, int *out);\n"
                                    "void f(char **argv, int argc) {\n"
                                    "  int merged;\n"
                                    "  char **args = merge(argv, argc, &merged);\n"
                                    "  if (!args) fputs(\"bad\", stderr);\n"
                                    "  for (int j = 0; j < merged; j++) args[j][0] = 0;\n"
                                    "}\n", 6),
                     CERTAINTY_LOW);
    /* the dereference after the check runs whatever the loop did */
    assert_int_equal(null_certainty(fx,
                                    "char **merge(char **a, int n, int *out);\n"
                                    "void f(char **argv, int argc) {\n"
                                    "  int merged;\n"
                                    "  char **args = merge(argv, argc, &merged);\n"
                                    "  if (!args) fputs(\"bad\", stderr);\n"
                                    "  for (int j = 0; j < merged; j++) argv[j][0] = 0;\n"
                                    "  args[0][0] = 0;\n"
                                    "}\n", 7),
                     CERTAINTY_HIGH);
    /* NULL and then a test that did not decide whether it was set: the deref is certain */
    assert_int_equal(null_certainty(fx,
                                    "void f(const char *s) {\n"
                                    "  char *p = NULL;\n"
                                    "  if (s[0] == 'x') p = strchr(s, 'y');\n"
                                    "  p[0] = 1;\n"
                                    "}\n", 4),
                     CERTAINTY_HIGH);
    /* dereferenced inside the very check that found it NULL */
    assert_int_equal(null_certainty(fx,
                                    "struct item { int n; };\n"
                                    "struct item *find(int k);\n"
                                    "int f(int k) {\n"
                                    "  struct item *it = find(k);\n"
                                    "  if (it == NULL) return it->n;\n"
                                    "  return 0;\n"
                                    "}\n", 5),
                     CERTAINTY_HIGH);
    /* the caller's NULL reaches the callee only under an undecided test of the caller */
    const char *through_call = "static int first(const char *v) { return v[0]; }\n"
                               "int f(const char *s, int flags) {\n"
                               "  const char *name = NULL;\n"
                               "  if (s[0] == 'n') name = s + 1;\n"
                               "  if (flags & 4) return first(name);\n"
                               "  return 0;\n"
                               "}\n";
    assert_int_equal(null_certainty(fx, through_call, 1), CERTAINTY_LOW);
    /* ... and on every path: certain */
    assert_int_equal(null_certainty(fx,
                                    "static int first(const char *v) { return v[0]; }\n"
                                    "int f(const char *s) {\n"
                                    "  const char *name = NULL;\n"
                                    "  if (s[0] == 'n') name = s + 1;\n"
                                    "  return first(name);\n"
                                    "}\n", 1),
                     CERTAINTY_HIGH);
}

/* ---- pointers to locals --------------------------------------------------------------- */

/* `T **pp = &p`: what is stored through pp is p's value, what is read through pp is p;
 * handing pp to a call lets the callee set p. */
static void test_pointer_to_a_local_is_followed(void **state)
{
    clang_fixture_t *fx = *state;
    const char *alias = "void f(void) {\n"
                        "  char *data = NULL;\n"
                        "  char **slot = &data;\n"
                        "  *slot = malloc(16);\n"
                        "  if (!data) return;\n"
                        "  data[0] = 0;\n"
                        "}\n";
    EXPECT(alias, "c.clang-memory-leak", 4, 1);
    EXPECT(alias, "c.clang-null-dereference", 0, 0); /* checked through the alias */
    EXPECT("void f(void) {\n"
           "  char *data = malloc(16);\n"
           "  char **slot = &data;\n"
           "  if (!data) return;\n"
           "  free(data);\n"
           "  char *again = *slot;\n"
           "  free(again);\n"
           "}\n", "c.clang-double-free", 7, 1);
    EXPECT("void f(FILE *in) {\n"
           "  char *line = NULL;\n"
           "  char **lp = &line;\n"
           "  size_t cap = 0;\n"
           "  if (getline(lp, &cap, in) > 0) fputs(line, stdout);\n"
           "  free(line);\n"
           "}\n", "c.clang-null-dereference", 0, 0);
}

/* ---- fields of local aggregates -------------------------------------------------------- */

/* A pointer stored in a field of a local struct or union is followed: tested, leaked when
 * the struct dies with it, handed over when the struct is returned or its address given;
 * union members share it. */
static void test_fields_of_local_aggregates(void **state)
{
    clang_fixture_t *fx = *state;
    EXPECT("struct buf { char *data; size_t len; };\n"
           "int f(size_t n) {\n"
           "  struct buf b;\n"
           "  b.len = n;\n"
           "  b.data = malloc(n);\n"
           "  if (!b.data) return -1;\n"
           "  b.data[0] = 0;\n"
           "  if (b.len > 4) return 1;\n"
           "  free(b.data);\n"
           "  return 0;\n"
           "}\n", "c.clang-memory-leak", 5, 1);
    EXPECT("struct buf { char *data; size_t len; };\n"
           "void keep(struct buf *b);\n"
           "struct buf f(size_t n, int give) {\n"
           "  struct buf b;\n"
           "  b.len = n;\n"
           "  b.data = malloc(n);\n"
           "  if (b.data == NULL) return b;\n"
           "  b.data[0] = 0;\n"
           "  if (give) keep(&b);\n"
           "  return b;\n"
           "}\n", "c.clang-memory-leak", 0, 0);
    EXPECT("typedef union { char *text; unsigned char *bytes; } view_t;\n"
           "void f(void) {\n"
           "  view_t v;\n"
           "  v.text = malloc(8);\n"
           "  v.bytes[0] = 1;\n"
           "  free(v.text);\n"
           "}\n", "c.clang-null-dereference", 5, 1);
    /* a block filled through the field (read(fd, r.body, n)) is written memory */
    EXPECT("struct reply { char *body; int status; };\n"
           "int f(int fd) {\n"
           "  struct reply r;\n"
           "  r.body = malloc(64);\n"
           "  if (!r.body) return -1;\n"
           "  if (read(fd, r.body, 64) <= 0) { free(r.body); return -1; }\n"
           "  int c = r.body[0];\n"
           "  free(r.body);\n"
           "  return c;\n"
           "}\n", "c.clang-uninitialized-use", 0, 0);
}

/* ---- calls through function pointers ---------------------------------------------------- */

/* A call through a local holding a function of this file is walked like a direct call. */
static void test_call_through_a_local_function_pointer(void **state)
{
    clang_fixture_t *fx = *state;
    const char *code = "static void keep(char *p) { p[0] = 'x'; }\n"
                       "static void release(char *p) { free(p); }\n"
                       "void leaks(void) {\n"
                       "  char *p = malloc(8);\n"
                       "  if (!p) return;\n"
                       "  void (*sink)(char *) = keep;\n"
                       "  sink(p);\n"
                       "}\n"
                       "void fine(void) {\n"
                       "  char *p = malloc(8);\n"
                       "  if (!p) return;\n"
                       "  void (*sink)(char *) = release;\n"
                       "  (*sink)(p);\n"
                       "}\n"
                       "void twice(void) {\n"
                       "  char *p = malloc(8);\n"
                       "  if (!p) return;\n"
                       "  void (*sink)(char *) = release;\n"
                       "  free(p);\n"
                       "  sink(p);\n"
                       "}\n";
    EXPECT(code, "c.clang-memory-leak", 4, 1);
    EXPECT(code, "c.clang-memory-leak", 10, 0);
    EXPECT(code, "c.clang-double-free", 2, 1);
}

/* ---- file-static variables ----------------------------------------------------------- */

/* What a path stores in a file-static variable is what a function of the file, walked
 * inline, reads back; a block kept there is not leaked; a test of it refines it. */
static void test_file_static_values_reach_inlined_calls(void **state)
{
    clang_fixture_t *fx = *state;
    const char *handoff = "static char *g_data;\n"
                          "static int g_verbose;\n"
                          "static void sink(void) {\n"
                          "  char *data = g_data;\n"
                          "  strcpy(data, \"init\");\n"
                          "  free(data);\n"
                          "}\n"
                          "void bad(void) {\n"
                          "  g_data = malloc(20);\n"
                          "  sink();\n"
                          "}\n"
                          "static void show(int *p) {\n"
                          "  if (g_verbose) printf(\"%d\\n\", *p);\n"
                          "}\n"
                          "void bad2(void) {\n"
                          "  g_verbose = 1;\n"
                          "  show(NULL);\n"
                          "}\n"
                          "void quiet(void) {\n"
                          "  g_verbose = 0;\n"
                          "  show(NULL);\n"
                          "}\n";
    EXPECT(handoff, "c.clang-null-dereference", 5, 1);
    EXPECT(handoff, "c.clang-null-dereference", 13, 1); /* from bad2 only: quiet() skips it */
    assert_int_equal(null_certainty(fx, handoff, 13), CERTAINTY_HIGH);
    EXPECT("static char *cache;\n"
           "void fill(void) {\n"
           "  cache = malloc(10);\n"
           "  if (!cache) return;\n"
           "  cache[0] = 0;\n"
           "}\n"
           "void fill2(void) {\n"
           "  cache = malloc(10);\n"
           "  if (cache == NULL) return;\n"
           "  cache[0] = 0;\n"
           "}\n", "c.clang-null-dereference", 0, 0);
    EXPECT("static char *cache;\n"
           "void fill(void) {\n"
           "  cache = malloc(10);\n"
           "}\n", "c.clang-memory-leak", 0, 0);
    /* a call to code that may change it forgets the value */
    EXPECT("static int *g_p;\n"
           "void reset(void);\n"
           "void f(void) {\n"
           "  g_p = NULL;\n"
           "  reset();\n"
           "  *g_p = 1;\n"
           "}\n", "c.clang-null-dereference", 0, 0);
}

/* main() returning ends the process: what it still holds is released by the system, so a
 * leak there is low; the same shape in another function stays certain. */
static void test_leak_at_the_end_of_main_is_low(void **state)
{
    clang_fixture_t *fx = *state;
    const char *code = "int main(int argc, char **argv) {\n"
                       "  FILE *f = fopen(argc > 1 ? argv[1] : \"data\", \"rb\");\n"
                       "  if (!f) return 1;\n"
                       "  if (fgetc(f) == EOF) return 1;\n"
                       "  fclose(f);\n"
                       "  return 0;\n"
                       "}\n";
    CLANG_EXPECT(fx, code, "c.clang-resource-leak", 2, CERTAINTY_LOW, 1);
    CLANG_EXPECT(fx, code, "c.clang-resource-leak", 2, CERTAINTY_MEDIUM, 0);
    CLANG_EXPECT(fx, "int load(const char *name) {\n"
                     "  FILE *f = fopen(name, \"rb\");\n"
                     "  if (!f) return 1;\n"
                     "  if (fgetc(f) == EOF) return 1;\n"
                     "  fclose(f);\n"
                     "  return 0;\n"
                     "}\n", "c.clang-resource-leak", 2, CERTAINTY_HIGH, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_address_taken_pointer_is_unknown),
        cmocka_unit_test(test_snprintf_measuring_with_null),
        cmocka_unit_test(test_assert_with_assignment),
        cmocka_unit_test(test_realloc_with_the_old_block_kept),
        cmocka_unit_test(test_fdopen_takes_the_descriptor),
        cmocka_unit_test(test_standard_stream_look_alikes),
        cmocka_unit_test(test_conditional_return_hands_over_both_arms),
        cmocka_unit_test(test_null_under_an_undecided_test_is_low),
        cmocka_unit_test(test_file_static_values_reach_inlined_calls),
        cmocka_unit_test(test_leak_at_the_end_of_main_is_low),
        cmocka_unit_test(test_pointer_to_a_local_is_followed),
        cmocka_unit_test(test_fields_of_local_aggregates),
        cmocka_unit_test(test_call_through_a_local_function_pointer),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
