/* test_analyzer_clang_paths.c — the path-sensitive libclang checks: each check fires on
 * the path that has the bug (through branches, loops and aliases) and stays quiet when
 * every path is safe (NULL checks in any form, frees on every path, escapes, sanitisers).
 * Each case is a small C file written to a temporary folder and linted by the pass. */
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

static const candidate_t *first(const candidate_list_t *list, const char *rule)
{
    for (size_t i = 0; i < list->count; i++)
        if (!strcmp(list->items[i]->rule_id, rule)) return list->items[i];
    return NULL;
}

/* any certainty */
#define EXPECT(code, rule, line, n) CLANG_EXPECT(fx, code, rule, line, CERTAINTY_UNSET, n)

/* ---- use after free, double free ---------------------------------------------------- */

static void test_use_after_free_on_one_branch(void **state)
{
    clang_fixture_t *fx = *state;
    EXPECT("void f(int c) {\n"
           "  char *p = malloc(8);\n"
           "  if (!p) return;\n"
           "  if (c) free(p);\n"
           "  p[0] = 1;\n"
           "  if (!c) free(p);\n"
           "}\n", "c.clang-use-after-free", 5, 1);
    /* freed and set to NULL, then tested: no use after free */
    EXPECT("void f(int c) {\n"
           "  char *p = malloc(8);\n"
           "  if (!p) return;\n"
           "  if (c) { free(p); p = NULL; }\n"
           "  if (p) p[0] = 1;\n"
           "  free(p);\n"
           "}\n", "c.clang-use-after-free", 0, 0);
}

static void test_use_after_free_records_the_path(void **state)
{
    clang_fixture_t *fx = *state;
    candidate_list_t l;
    clang_fixture_lint(fx, "void f(void) {\n  char *p = malloc(8);\n  if (!p) return;\n  free(p);\n  p[1] = 2;\n}\n", &l);
    const candidate_t *c = first(&l, "c.clang-use-after-free");
    assert_non_null(c);
    assert_true(c->flow_count >= 3);
    assert_int_equal(c->flow[0].range.start_line, 2 + 4);                  /* allocated */
    assert_int_equal(c->flow[c->flow_count - 2].range.start_line, 4 + 4);  /* freed */
    assert_int_equal(c->flow[c->flow_count - 1].range.start_line, 5 + 4);  /* used */
    assert_int_equal(c->cwe, 416);
    candidate_list_destroy(&l);
}

static void test_double_free_through_alias(void **state)
{
    clang_fixture_t *fx = *state;
    EXPECT("void f(int c) {\n"
           "  char *p = malloc(8);\n"
           "  char *q = p;\n"
           "  if (c) free(p);\n"
           "  free(q);\n"
           "}\n", "c.clang-double-free", 5, 1);
    /* if / else each free once */
    EXPECT("void f(int c) {\n"
           "  char *p = malloc(8);\n"
           "  if (c) free(p); else free(p);\n"
           "}\n", "c.clang-double-free", 0, 0);
    /* a loop that runs exactly once frees once */
    EXPECT("void f(void) {\n"
           "  int j; char *p = malloc(8);\n"
           "  for (j = 0; j < 1; j++) free(p);\n"
           "}\n", "c.clang-double-free", 0, 0);
}

/* ---- leaks ---------------------------------------------------------------------------- */

static void test_leak_on_early_return(void **state)
{
    clang_fixture_t *fx = *state;
    EXPECT("int f(int c) {\n"
           "  char *p = malloc(8);\n"
           "  if (p == NULL) return -1;\n"
           "  if (c > 3) return 1;\n"
           "  free(p);\n"
           "  return 0;\n"
           "}\n", "c.clang-memory-leak", 2, 1);
}

static void test_no_leak_when_freed_returned_or_kept(void **state)
{
    clang_fixture_t *fx = *state;
    EXPECT("char *g;\n"
           "struct s { char *buf; };\n"
           "void keep(char *p);\n"
           "char *a(void) { char *p = malloc(8); return p; }\n"
           "void b(void) { char *p = malloc(8); g = p; }\n"
           "void c(struct s *s) { s->buf = malloc(8); }\n"
           "void d(void) { char *p = malloc(8); keep(p); }\n"
           "void e(void) { char *p = malloc(8); if (!p) exit(1); free(p); }\n"
           "void f(int c) { char *p = malloc(8); if (c) { free(p); return; } free(p); }\n"
           "void h(void) { char *p = malloc(8); if (!p) abort(); exit(0); }\n",
           "c.clang-memory-leak", 0, 0);
}

static void test_correlated_conditions_do_not_leak(void **state)
{
    clang_fixture_t *fx = *state;
    /* the same opaque test guards the allocation and the free */
    EXPECT("extern int flag;\n"
           "void f(void) {\n"
           "  char *p = NULL;\n"
           "  if (flag) p = malloc(8);\n"
           "  if (flag) free(p);\n"
           "}\n", "c.clang-memory-leak", 0, 0);
    /* `x == 5` then `x != 5` are one decision */
    EXPECT("extern int five;\n"
           "void f(void) {\n"
           "  char *p = NULL;\n"
           "  if (five == 5) p = malloc(8);\n"
           "  if (five != 5) return;\n"
           "  free(p);\n"
           "}\n", "c.clang-memory-leak", 0, 0);
}

static void test_file_leak(void **state)
{
    clang_fixture_t *fx = *state;
    EXPECT("int f(const char *n) {\n"
           "  FILE *f = fopen(n, \"r\");\n"
           "  if (!f) return -1;\n"
           "  if (fgetc(f) == 'x') return 1;\n"
           "  fclose(f);\n"
           "  return 0;\n"
           "}\n", "c.clang-resource-leak", 2, 1);
    EXPECT("int f(const char *n) {\n"
           "  FILE *f = fopen(n, \"r\");\n"
           "  if (f != NULL) { fgetc(f); fclose(f); }\n"
           "  return 0;\n"
           "}\n", "c.clang-resource-leak", 0, 0);
    EXPECT("void f(const char *n) {\n"
           "  int fd = open(n, 0);\n"
           "  if (fd == -1) return;\n"
           "  close(fd);\n"
           "}\n", "c.clang-resource-leak", 0, 0);
}

/* ---- NULL ----------------------------------------------------------------------------- */

static void test_unchecked_allocation_dereferenced(void **state)
{
    clang_fixture_t *fx = *state;
    candidate_list_t l;
    clang_fixture_lint(fx, "void f(void) {\n  int *p = malloc(4);\n  *p = 1;\n  free(p);\n}\n", &l);
    const candidate_t *c = first(&l, "c.clang-null-dereference");
    assert_non_null(c);
    assert_int_equal(c->cwe, 690);
    candidate_list_destroy(&l);
    EXPECT("void f(const char *n) {\n"
           "  FILE *f = fopen(n, \"r\");\n"
           "  fgetc(f);\n"
           "  fclose(f);\n"
           "}\n", "c.clang-null-dereference", 3, 1);
}

static void test_null_checks_in_any_form_prune(void **state)
{
    clang_fixture_t *fx = *state;
    EXPECT("struct t { int n; };\n"
           "void a(void) { int *p = malloc(4); if (!p) return; *p = 1; free(p); }\n"
           "void b(void) { int *p = malloc(4); if (p == NULL) exit(1); *p = 1; free(p); }\n"
           "void c(void) { int *p = malloc(4); if (p) { *p = 1; free(p); } }\n"
           "void d(void) { int *p = malloc(4); if (NULL != p) { *p = 1; } free(p); }\n"
           "int e(void) { struct t *p = malloc(sizeof *p); int n = p && p->n; free(p); return n; }\n"
           "void g(void) { int *p; if ((p = malloc(4)) == NULL) return; *p = 2; free(p); }\n",
           "c.clang-null-dereference", 0, 0);
    /* dereferencing on the branch where it is known NULL */
    EXPECT("void f(void) {\n"
           "  int *p = NULL;\n"
           "  *p = 3;\n"
           "}\n", "c.clang-null-dereference", 3, 1);
}

/* ---- uninitialised, off by one ---------------------------------------------------------- */

static void test_uninitialised_on_one_path(void **state)
{
    clang_fixture_t *fx = *state;
    EXPECT("int f(int c) {\n"
           "  int x;\n"
           "  if (c) x = 1;\n"
           "  return x;\n"
           "}\n", "c.clang-uninitialized-use", 4, 1);
    EXPECT("int f(int c) {\n"
           "  int x, y;\n"
           "  if (c) x = 1; else x = 2;\n"
           "  if (scanf(\"%d\", &y) != 1) return 0;\n"
           "  return x + y;\n"
           "}\n", "c.clang-uninitialized-use", 0, 0);
}

static void test_off_by_one_loop_bound(void **state)
{
    clang_fixture_t *fx = *state;
    candidate_list_t l;
    clang_fixture_lint(fx, "void f(void) {\n  int a[10];\n  for (int i = 0; i <= 10; i++) a[i] = i;\n}\n", &l);
    const candidate_t *c = first(&l, "c.clang-index-out-of-bounds");
    assert_non_null(c);
    assert_int_equal(c->cwe, 193);
    assert_int_equal(c->range.start_line, 3 + 4);
    candidate_list_destroy(&l);
    EXPECT("void f(void) {\n  int a[10];\n  for (int i = 0; i < 10; i++) a[i] = i;\n}\n",
           "c.clang-index-out-of-bounds", 0, 0);
}

/* ---- taint ---------------------------------------------------------------------------- */

static void test_taint_to_format_and_command(void **state)
{
    clang_fixture_t *fx = *state;
    EXPECT("void f(void) {\n"
           "  char buf[100];\n"
           "  if (!fgets(buf, sizeof buf, stdin)) return;\n"
           "  printf(buf);\n"
           "}\n", "c.clang-format-string", 4, 1);
    EXPECT("void f(void) {\n"
           "  char buf[100];\n"
           "  strcpy(buf, \"fixed\");\n"
           "  printf(buf);\n"
           "}\n", "c.clang-format-string", 0, 0);
    /* the literal initialising a 100-byte array is 3 characters long, not 99 */
    EXPECT("void f(void) {\n"
           "  char buf[100] = \"ls \";\n"
           "  size_t n = strlen(buf);\n"
           "  if (100 - n > 1) { if (!fgets(buf + n, (int)(100 - n), stdin)) return; }\n"
           "  system(buf);\n"
           "}\n", "c.clang-command-injection", 5, 1);
    EXPECT("int main(int argc, char **argv) {\n"
           "  char cmd[256] = \"ls \";\n"
           "  strncat(cmd, argv[1], 200);\n"
           "  return system(cmd);\n"
           "}\n", "c.clang-command-injection", 4, 1);
}

static void test_taint_sizes_and_sanitisers(void **state)
{
    clang_fixture_t *fx = *state;
    EXPECT("void f(void) {\n"
           "  char line[32]; int n;\n"
           "  if (!fgets(line, sizeof line, stdin)) return;\n"
           "  n = atoi(line);\n"
           "  char *p = malloc(n);\n"
           "  free(p);\n"
           "}\n", "c.clang-tainted-size", 5, 1);
    EXPECT("void f(void) {\n"
           "  char line[32]; long n;\n"
           "  if (!fgets(line, sizeof line, stdin)) return;\n"
           "  n = strtol(line, NULL, 10);\n"
           "  if (n <= 0 || n > 4096) return;\n"
           "  char *p = malloc(n);\n"
           "  free(p);\n"
           "}\n", "c.clang-tainted-size", 0, 0);
    EXPECT("void f(void) {\n"
           "  int i; int a[10] = {0};\n"
           "  if (scanf(\"%d\", &i) != 1) return;\n"
           "  if (i >= 0) a[i] = 1;\n"
           "  if (i >= 0 && i < 10) a[i] = 2;\n"
           "}\n", "c.clang-tainted-index", 0, 1);
}

/* ---- facts from types ------------------------------------------------------------------- */

static void test_copy_sizes_from_types(void **state)
{
    clang_fixture_t *fx = *state;
    EXPECT("struct s { char name[8]; };\n"
           "void f(struct s *s, const char *src) {\n"
           "  char buf[16]; char *p = buf;\n"
           "  strcpy(buf, \"abc\");\n"
           "  memcpy(p, src, 32);\n"
           "  strcpy(s->name, \"0123456789\");\n"
           "  memset(buf, 0, sizeof buf);\n"
           "}\n", "c.clang-buffer-overflow", 0, 2);
}

/* ---- tests the walk relates ------------------------------------------------------------- */

static void test_short_circuit_refines_the_right_side(void **state)
{
    clang_fixture_t *fx = *state;
    /* the left side of the outer && is itself a && that proved n non-NULL */
    EXPECT("struct node { int kind, var; struct node *next; };\n"
           "int f(struct node *n) {\n"
           "  while (n && n->kind == 3) n = n->next;\n"
           "  return n && n->kind == 1 && n->var >= 0;\n"
           "}\n", "c.clang-null-dereference", 0, 0);
    EXPECT("struct node { int kind, var; struct node *next; };\n"
           "int f(struct node *n) {\n"
           "  while (n && n->kind == 3) n = n->next;\n"
           "  return !(n == NULL || n->kind != 1) ? n->var : -1;\n"
           "}\n", "c.clang-null-dereference", 0, 0);
    /* `n || ...` true does not make n non-NULL: still reported */
    EXPECT("struct node { int kind, var; struct node *next; };\n"
           "int f(struct node *n, int any) {\n"
           "  while (n && n->kind == 3) n = n->next;\n"
           "  return (n || any) && n->var >= 0;\n"
           "}\n", "c.clang-null-dereference", 4, 1);
}

static void test_integer_tested_twice_takes_one_way(void **state)
{
    clang_fixture_t *fx = *state;
    EXPECT("void f(int verbose) {\n"
           "  char *p = NULL;\n"
           "  if (verbose) p = malloc(8);\n"
           "  if (verbose && !p) return;\n"
           "  if (verbose) free(p);\n"
           "}\n", "c.clang-memory-leak", 0, 0);
    /* written between the tests: the second one may go the other way */
    EXPECT("int next(void);\n"
           "void f(int verbose) {\n"
           "  char *p = NULL;\n"
           "  if (verbose) p = malloc(8);\n"
           "  verbose = next();\n"
           "  if (verbose) free(p);\n"
           "}\n", "c.clang-memory-leak", 4, 1);
    EXPECT("void f(int verbose) {\n"
           "  char *p = NULL;\n"
           "  if (verbose) p = malloc(8);\n"
           "  verbose++;\n"
           "  if (verbose) free(p);\n"
           "}\n", "c.clang-memory-leak", 3, 1);
}

static void test_second_loop_over_the_same_count(void **state)
{
    clang_fixture_t *fx = *state;
    EXPECT("int f(int n) {\n"
           "  int *a = malloc(4 * sizeof(int)), s = 0;\n"
           "  if (!a || n > 4) { free(a); return 0; }\n"
           "  for (int i = 0; i < n; i++) a[i] = i;\n"
           "  for (int i = 0; i < n; i++) s += a[i];\n"
           "  free(a);\n"
           "  return s;\n"
           "}\n", "c.clang-uninitialized-use", 0, 0);
    /* a different bound: the second loop may read what the first did not write */
    EXPECT("int f(int n, int m) {\n"
           "  int *a = malloc(4 * sizeof(int)), s = 0;\n"
           "  if (!a || n > 4 || m > 4) { free(a); return 0; }\n"
           "  for (int i = 0; i < n; i++) a[i] = i;\n"
           "  for (int i = 0; i < m; i++) s += a[i];\n"
           "  free(a);\n"
           "  return s;\n"
           "}\n", "c.clang-uninitialized-use", 5, 1);
}

static void test_member_tested_twice_takes_one_way(void **state)
{
    clang_fixture_t *fx = *state;
    EXPECT("struct cfg { int verbose; const char *log; };\n"
           "int f(struct cfg *c) {\n"
           "  FILE *f = NULL;\n"
           "  if (c->log) f = fopen(c->log, \"a\");\n"
           "  if (c->log && !f) return -1;\n"
           "  if (c->verbose) puts(\"opened\");\n"
           "  if (c->log) fclose(f);\n"
           "  return 0;\n"
           "}\n", "c.clang-resource-leak", 0, 0);
    /* memory written between the tests: the second may go the other way */
    EXPECT("struct cfg { int verbose; const char *log; };\n"
           "void reset(struct cfg *c);\n"
           "int f(struct cfg *c) {\n"
           "  FILE *f = NULL;\n"
           "  if (c->log) f = fopen(c->log, \"a\");\n"
           "  if (c->log && !f) return -1;\n"
           "  reset(c);\n"
           "  if (c->log) fclose(f);\n"
           "  return 0;\n"
           "}\n", "c.clang-resource-leak", 5, 1);
    EXPECT("struct cfg { int verbose; const char *log; };\n"
           "int f(struct cfg *c, struct cfg *d) {\n"
           "  char *p = NULL;\n"
           "  if (c->verbose) p = malloc(8);\n"
           "  c = d;\n"
           "  if (c->verbose) free(p);\n"
           "  return 0;\n"
           "}\n", "c.clang-memory-leak", 4, 1);
}

static void test_null_after_an_unseen_handler_is_not_proved(void **state)
{
    clang_fixture_t *fx = *state;
    candidate_list_t l;
    /* the handler is declared elsewhere and may not return (redis zmalloc_oom_handler) */
    clang_fixture_lint(fx, "void oom(size_t n);\n"
                           "char *copy_of(const char *s, size_t n) {\n"
                           "  char *p = malloc(n);\n"
                           "  if (!p) oom(n);\n"
                           "  memcpy(p, s, n);\n"
                           "  return p;\n"
                           "}\n", &l);
    const candidate_t *c = first(&l, "c.clang-null-dereference");
    assert_non_null(c);
    assert_int_equal(c->certainty, CERTAINTY_LOW);
    candidate_list_destroy(&l);
    /* a library call that returns (perror) leaves the finding proved */
    clang_fixture_lint(fx, "char *copy_of(const char *s, size_t n) {\n"
                           "  char *p = malloc(n);\n"
                           "  if (!p) perror(\"malloc\");\n"
                           "  memcpy(p, s, n);\n"
                           "  return p;\n"
                           "}\n", &l);
    c = first(&l, "c.clang-null-dereference");
    assert_non_null(c);
    assert_int_equal(c->certainty, CERTAINTY_HIGH);
    candidate_list_destroy(&l);
}

static void test_null_a_lost_expression_may_set_is_not_proved(void **state)
{
    clang_fixture_t *fx = *state;
    candidate_list_t l;
    /* MISSING_FLAG is undeclared (its header not found): libclang drops the call that
     * would have set p */
    clang_fixture_lint(fx, "struct x { int a; };\n"
                           "int lookup(int key, struct x **out, int flags);\n"
                           "int f(int key) {\n"
                           "  struct x *p = NULL;\n"
                           "  if (lookup(key, &p, MISSING_FLAG) != 0) return -1;\n"
                           "  return p->a;\n"
                           "}\n", &l);
    const candidate_t *c = first(&l, "c.clang-null-dereference");
    assert_non_null(c);
    assert_int_equal(c->certainty, CERTAINTY_LOW);
    candidate_list_destroy(&l);
    /* compiled whole: p is whatever lookup() stored */
    EXPECT("struct x { int a; };\n"
           "int lookup(int key, struct x **out, int flags);\n"
           "int f(int key) {\n"
           "  struct x *p = NULL;\n"
           "  if (lookup(key, &p, 0) != 0) return -1;\n"
           "  return p->a;\n"
           "}\n", "c.clang-null-dereference", 0, 0);
    clang_fixture_lint(fx, "struct x { int a; };\n"
                           "int f(int key) {\n"
                           "  struct x *p = NULL;\n"
                           "  if (key) return -1;\n"
                           "  return p->a;\n"
                           "}\n", &l);
    c = first(&l, "c.clang-null-dereference");
    assert_non_null(c);
    assert_int_equal(c->certainty, CERTAINTY_HIGH);
    candidate_list_destroy(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_use_after_free_on_one_branch),
        cmocka_unit_test(test_use_after_free_records_the_path),
        cmocka_unit_test(test_double_free_through_alias),
        cmocka_unit_test(test_leak_on_early_return),
        cmocka_unit_test(test_no_leak_when_freed_returned_or_kept),
        cmocka_unit_test(test_correlated_conditions_do_not_leak),
        cmocka_unit_test(test_file_leak),
        cmocka_unit_test(test_unchecked_allocation_dereferenced),
        cmocka_unit_test(test_null_checks_in_any_form_prune),
        cmocka_unit_test(test_uninitialised_on_one_path),
        cmocka_unit_test(test_off_by_one_loop_bound),
        cmocka_unit_test(test_taint_to_format_and_command),
        cmocka_unit_test(test_taint_sizes_and_sanitisers),
        cmocka_unit_test(test_copy_sizes_from_types),
        cmocka_unit_test(test_short_circuit_refines_the_right_side),
        cmocka_unit_test(test_integer_tested_twice_takes_one_way),
        cmocka_unit_test(test_second_loop_over_the_same_count),
        cmocka_unit_test(test_member_tested_twice_takes_one_way),
        cmocka_unit_test(test_null_after_an_unseen_handler_is_not_proved),
        cmocka_unit_test(test_null_a_lost_expression_may_set_is_not_proved),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
