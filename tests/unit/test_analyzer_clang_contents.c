/* test_analyzer_clang_contents.c — c.clang-uninitialized-use on memory contents: a
 * local array declared without an initialiser, an alloca or malloc block, read before
 * anything wrote the element read (never written, or past the prefix a loop filled).
 * Look-alikes that must stay quiet: memset or a loop that fills it first, fgets into it,
 * a function the pass does not see that may fill it, calloc, static arrays, `= {0}`,
 * reads of the element just written, and writes the walk cannot follow. Line numbers in
 * EXPECT count from the first line of the code string (1). */
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

#define RULE "c.clang-uninitialized-use"

/* every case file starts with these lines; line numbers in the tests count from the
 * snippet's first line */
#define PRELUDE "#include <stdlib.h>\n#include <string.h>\n#include <stdio.h>\n#include <alloca.h>\n"

static int setup(void **state) { return clang_fixture_setup(state, "contents-test", PRELUDE); }
static int teardown(void **state) { return clang_fixture_teardown(state); }

#define EXPECT(code, line, min, n) CLANG_EXPECT(fx, code, RULE, line, min, n)

#define ANY CERTAINTY_LOW

/* The finding at `line`, or NULL. */
static const candidate_t *finding_at(const clang_fixture_t *fx, const candidate_list_t *list, int line)
{
    for (size_t i = 0; i < list->count; i++)
        if (!strcmp(list->items[i]->rule_id, RULE) && (int)list->items[i]->range.start_line == line + fx->prelude_lines)
            return list->items[i];
    return NULL;
}

/* ---- reported --------------------------------------------------------------------------- */

static void test_declared_array_never_written(void **state)
{
    clang_fixture_t *fx = *state;
    candidate_list_t l;
    clang_fixture_lint(fx, "void show(double d);\n"
             "void f(void) {\n"
             "  double data[10];\n"
             "  show(data[5]);\n"
             "}\n", &l);
    const candidate_t *c = finding_at(fx, &l, 4);
    assert_non_null(c);
    assert_string_equal(c->message, "'data[5]' is read before any value is written to it");
    assert_int_equal(c->cwe, 457);
    assert_int_equal(c->certainty, CERTAINTY_HIGH);
    assert_true(c->flow_count >= 2);
    assert_int_equal((int)c->flow[0].range.start_line, 3 + 4);
    assert_non_null(strstr(c->flow[0].message, "declared without an initialiser"));
    candidate_list_destroy(&l);
}

static void test_heap_and_alloca_blocks(void **state)
{
    clang_fixture_t *fx = *state;
    candidate_list_t l;
    clang_fixture_lint(fx, "void show(int v);\n"
             "void f(void) {\n"
             "  int *data = (int *)malloc(10 * sizeof(int));\n"
             "  if (!data) return;\n"
             "  for (int i = 0; i < 10; i++) show(data[i]);\n"
             "  free(data);\n"
             "}\n", &l);
    const candidate_t *c = finding_at(fx, &l, 5);
    assert_non_null(c);
    assert_int_equal(c->cwe, 908);
    assert_string_equal(c->message, "'data[0]' is read before any value is written to it");
    assert_non_null(strstr(c->flow[0].message, "malloc"));
    candidate_list_destroy(&l);
    EXPECT("void show(int v);\n"
           "void g(void) {\n"
           "  int *data = (int *)alloca(10 * sizeof(int));\n"
           "  show(*data);\n"
           "}\n", 4, CERTAINTY_HIGH, 1);
}

static void test_partial_initialisation(void **state)
{
    clang_fixture_t *fx = *state;
    candidate_list_t l;
    /* a loop writes data[0..4], a later loop reads data[0..9]: data[5] is the first */
    clang_fixture_lint(fx, "void show(long v);\n"
             "void f(void) {\n"
             "  long data[10];\n"
             "  int i;\n"
             "  for (i = 0; i < 5; i++) data[i] = i;\n"
             "  for (i = 0; i < 10; i++) show(data[i]);\n"
             "}\n", &l);
    const candidate_t *c = finding_at(fx, &l, 6);
    assert_non_null(c);
    assert_string_equal(c->message, "'data[5]' is read before any value is written to it");
    candidate_list_destroy(&l);
    /* struct elements: only data[0] written */
    EXPECT("struct pt { int x, y; };\n"
           "int g(void) {\n"
           "  struct pt data[4];\n"
           "  data[0].x = 1;\n"
           "  data[0].y = 2;\n"
           "  return data[0].x + data[1].y;\n"
           "}\n", 6, CERTAINTY_HIGH, 1);
}

static void test_library_readers(void **state)
{
    clang_fixture_t *fx = *state;
    EXPECT("size_t f(void) {\n"
           "  char name[32];\n"
           "  return strlen(name);\n"
           "}\n", 3, CERTAINTY_HIGH, 1);
    EXPECT("void g(char *out) {\n"
           "  char tmp[16];\n"
           "  memcpy(out, tmp, sizeof tmp);\n"
           "}\n", 3, CERTAINTY_HIGH, 1);
    candidate_list_t l;
    clang_fixture_lint(fx, "size_t h(void) {\n"
             "  char *p = malloc(16);\n"
             "  if (!p) return 0;\n"
             "  size_t n = strlen(p);\n"
             "  free(p);\n"
             "  return n;\n"
             "}\n", &l);
    const candidate_t *c = finding_at(fx, &l, 4);
    assert_non_null(c);
    assert_string_equal(c->message, "memory from malloc() is read by strlen() before any value is written to it");
    assert_int_equal(c->cwe, 908);
    candidate_list_destroy(&l);
    /* a counted read of nothing reads nothing */
    EXPECT("void k(char *out) {\n"
           "  char tmp[16];\n"
           "  memcpy(out, tmp, 0);\n"
           "}\n", 0, ANY, 0);
}

static void test_skipped_write_under_undecided_tests(void **state)
{
    clang_fixture_t *fx = *state;
    /* only one arm fills it: the other path reads garbage (high); a later test on the
     * same flag may exclude it (low) */
    const char *one_arm = "int ready(void);\n"
                          "void show(int v);\n"
                          "void f(int fast) {\n"
                          "  int buf[4];\n"
                          "  if (fast) memset(buf, 0, sizeof buf);\n"
                          "  show(buf[1]);\n"
                          "}\n";
    EXPECT(one_arm, 6, CERTAINTY_HIGH, 1);
    const char *correlated = "void show(int v);\n"
                             "void f(int fast, int verbose) {\n"
                             "  int buf[4];\n"
                             "  if (fast) memset(buf, 0, sizeof buf);\n"
                             "  if (verbose) show(1);\n"
                             "  show(buf[1]);\n"
                             "}\n";
    EXPECT(correlated, 6, ANY, 1);
    EXPECT(correlated, 6, CERTAINTY_MEDIUM, 0);
}

static void test_struct_local_members(void **state)
{
    clang_fixture_t *fx = *state;
    /* a struct declared without a value, a member read */
    EXPECT("struct pair { int a, b; };\n"
           "int f(void) {\n"
           "  struct pair p;\n"
           "  return p.a;\n"
           "}\n", 4, CERTAINTY_HIGH, 1);
    /* written by a member, through its address, or as a whole: quiet */
    EXPECT("struct pair { int a, b; };\n"
           "void get(struct pair *out);\n"
           "int g(struct pair src) {\n"
           "  struct pair p, q, r;\n"
           "  p.a = 1;\n"
           "  get(&q);\n"
           "  r = src;\n"
           "  return p.a + q.b + r.a;\n"
           "}\n", 0, ANY, 0);
}

/* ---- quiet ---------------------------------------------------------------------------- */

static void test_filled_before_the_read(void **state)
{
    clang_fixture_t *fx = *state;
    /* memset, memcpy of the whole, a loop over every element */
    EXPECT("void show(int v);\n"
           "void f(const int *src) {\n"
           "  int a[10], b[10], c[10];\n"
           "  memset(a, 0, sizeof a);\n"
           "  memcpy(b, src, sizeof b);\n"
           "  for (int i = 0; i < 10; i++) c[i] = i;\n"
           "  for (int i = 0; i < 10; i++) show(a[i] + b[i] + c[i]);\n"
           "}\n", 0, ANY, 0);
    /* the element just written, a struct element written by members */
    EXPECT("struct pt { int x, y; };\n"
           "int g(void) {\n"
           "  int d[8];\n"
           "  struct pt p[2];\n"
           "  d[0] = 1;\n"
           "  p[0].x = 2;\n"
           "  return d[0] + p[0].x;\n"
           "}\n", 0, ANY, 0);
}

static void test_filled_by_calls(void **state)
{
    clang_fixture_t *fx = *state;
    /* fgets, read, snprintf and a function this pass cannot see */
    EXPECT("int fill(char *buf, size_t n);\n"
           "int f(FILE *in) {\n"
           "  char line[64], name[32], out[16];\n"
           "  if (!fgets(line, sizeof line, in)) return -1;\n"
           "  fill(name, sizeof name);\n"
           "  snprintf(out, sizeof out, \"%d\", 3);\n"
           "  return line[0] + name[0] + out[0] + (int)strlen(out);\n"
           "}\n", 0, ANY, 0);
    /* the buffer's address stored where other code may write it */
    EXPECT("struct req { char *body; };\n"
           "void run(struct req *r);\n"
           "int g(struct req *r) {\n"
           "  char body[32];\n"
           "  r->body = body;\n"
           "  run(r);\n"
           "  return body[0];\n"
           "}\n", 0, ANY, 0);
    /* a loop of unknown length fills it */
    EXPECT("int h(const char *s, int n) {\n"
           "  char copy[64];\n"
           "  int i;\n"
           "  for (i = 0; i < n && i < 63; i++) copy[i] = s[i];\n"
           "  copy[i] = 0;\n"
           "  return copy[0];\n"
           "}\n", 0, ANY, 0);
}

static void test_not_tracked(void **state)
{
    clang_fixture_t *fx = *state;
    /* calloc zeroes, static arrays are zeroed, an initialiser zeroes the rest */
    EXPECT("int f(void) {\n"
           "  static int counts[8];\n"
           "  int zeros[8] = {0};\n"
           "  int *blk = calloc(8, sizeof(int));\n"
           "  if (!blk) return -1;\n"
           "  int r = counts[3] + zeros[5] + blk[7];\n"
           "  free(blk);\n"
           "  return r;\n"
           "}\n", 0, ANY, 0);
    /* realloc keeps the old contents */
    EXPECT("int g(int *p) {\n"
           "  int *q = realloc(p, 64 * sizeof(int));\n"
           "  if (!q) return -1;\n"
           "  int r = q[0];\n"
           "  free(q);\n"
           "  return r;\n"
           "}\n", 0, ANY, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_declared_array_never_written),
        cmocka_unit_test(test_heap_and_alloca_blocks),
        cmocka_unit_test(test_partial_initialisation),
        cmocka_unit_test(test_library_readers),
        cmocka_unit_test(test_skipped_write_under_undecided_tests),
        cmocka_unit_test(test_struct_local_members),
        cmocka_unit_test(test_filled_before_the_read),
        cmocka_unit_test(test_filled_by_calls),
        cmocka_unit_test(test_not_tracked),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
