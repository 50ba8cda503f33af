/* test_analyzer_clang_uninit.c — c.clang-uninitialized-use on the shapes real code has:
 * writes hidden in macros (latencyStartMonitor(var), atomicGet(src, dst)), writes the AST
 * lost to a missing header or an unknown type, panic macros and noreturn declarations
 * that end a path, assert-style ?: and statement expressions, and reads that depend on a
 * condition the analysis cannot decide (reported with low certainty). Real reads of a
 * variable no path wrote must still be reported with high certainty. */
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
#define PRELUDE "#include <stdlib.h>\n"

static int setup(void **state) { return clang_fixture_setup(state, "uninit-test", PRELUDE); }
static int teardown(void **state) { return clang_fixture_teardown(state); }

#define EXPECT(code, line, min, n) CLANG_EXPECT(fx, code, RULE, line, min, n)

#define ANY CERTAINTY_LOW

/* ---- still reported ------------------------------------------------------------------- */

static void test_real_reads_are_reported_high(void **state)
{
    clang_fixture_t *fx = *state;
    /* never written on the path where kind != 1 */
    EXPECT("int f(int kind) {\n"
           "  int v;\n"
           "  if (kind == 1) v = 3;\n"
           "  return v;\n"
           "}\n", 4, CERTAINTY_HIGH, 1);
    /* a macro that reads its argument (the copy goes the other way) */
    EXPECT("#define COPY(dst, src) do { (dst) = (src); } while (0)\n"
           "int g(void) {\n"
           "  int a, b;\n"
           "  COPY(a, b);\n"
           "  return a;\n"
           "}\n", 4, ANY, 1);
    /* a loop that may run zero times */
    EXPECT("int h(int n) {\n"
           "  int last;\n"
           "  for (int i = 0; i < n; i++) last = i;\n"
           "  return last;\n"
           "}\n", 4, ANY, 1);
}

/* ---- macros that write ---------------------------------------------------------------- */

static void test_writes_inside_macros(void **state)
{
    clang_fixture_t *fx = *state;
    /* redis latencyStartMonitor / atomicGet shapes: the assignment is in the macro body */
    EXPECT("long now(void);\n"
           "extern int threshold;\n"
           "extern long counter;\n"
           "#define START_MONITOR(var) if (threshold) { var = now(); } else { var = 0; }\n"
           "#define ATOMIC_GET(src, dst) do { dst = src; } while (0)\n"
           "long f(void) {\n"
           "  long latency, seen;\n"
           "  START_MONITOR(latency);\n"
           "  ATOMIC_GET(counter, seen);\n"
           "  return latency + seen;\n"
           "}\n", 0, ANY, 0);
    /* the address given away inside a macro */
    EXPECT("void fill(int *p);\n"
           "#define FILL(x) fill(&(x))\n"
           "int g(void) {\n"
           "  int w;\n"
           "  FILL(w);\n"
           "  return w;\n"
           "}\n", 0, ANY, 0);
}

/* ---- what a broken parse dropped ------------------------------------------------------ */

static void test_writes_the_ast_lost(void **state)
{
    clang_fixture_t *fx = *state;
    /* unknown types (a header that was not found): clang drops the initialiser and the
     * statement, the text still shows the writes */
    EXPECT("int poll_events(loop_t *loop) {\n"
           "  state_t *state = loop->data;\n"
           "  int ready;\n"
           "  ready = wait_events(state->fd, state->events);\n"
           "  if (ready > 0) return ready;\n"
           "  return state->count;\n"
           "}\n", 0, ANY, 0);
    /* a member of the same name is not a write of the local */
    EXPECT("struct s { int len; };\n"
           "int f(struct s *p) {\n"
           "  int len;\n"
           "  p->len = 4;\n"
           "  return len;\n"
           "}\n", 5, ANY, 1);
}

/* ---- paths that end ------------------------------------------------------------------- */

static void test_panic_and_noreturn_end_the_path(void **state)
{
    clang_fixture_t *fx = *state;
    /* redis serverPanic: a call, then __builtin_unreachable(), joined by a comma */
    EXPECT("void _panic(const char *file, int line, const char *msg);\n"
           "#define panic(m) _panic(__FILE__, __LINE__, m), __builtin_unreachable()\n"
           "int *make(int kind) {\n"
           "  int *p;\n"
           "  if (kind == 1) p = malloc(4);\n"
           "  else if (kind == 2) p = calloc(1, 4);\n"
           "  else panic(\"unknown kind\");\n"
           "  return p;\n"
           "}\n", 0, ANY, 0);
    /* _Noreturn and __attribute__((noreturn)) declarations */
    EXPECT("_Noreturn void die(const char *m);\n"
           "void fatal(const char *m) __attribute__((noreturn));\n"
           "int f(int kind) {\n"
           "  int v, w;\n"
           "  if (kind == 1) v = 3; else die(\"bad\");\n"
           "  if (kind == 1) w = 4; else fatal(\"bad\");\n"
           "  return v + w;\n"
           "}\n", 0, ANY, 0);
    /* a switch whose default panics */
    EXPECT("void fail(const char *m) __attribute__((noreturn));\n"
           "int g(int e) {\n"
           "  int r;\n"
           "  switch (e) {\n"
           "  case 0: r = 10; break;\n"
           "  case 1: r = 20; break;\n"
           "  default: fail(\"bad\");\n"
           "  }\n"
           "  return r;\n"
           "}\n", 0, ANY, 0);
}

static void test_assert_shapes_refine_the_path(void **state)
{
    clang_fixture_t *fx = *state;
    /* `e ? (void)0 : (fail(), abort())`: past it, e holds */
    EXPECT("void report(const char *e);\n"
           "#define check(e) ((e) ? (void)0 : (report(#e), abort()))\n"
           "int f(int ok) {\n"
           "  int v;\n"
           "  if (ok) v = 1;\n"
           "  check(ok);\n"
           "  return v;\n"
           "}\n", 0, ANY, 0);
    /* a GNU statement expression (glibc's assert has this shape) */
    EXPECT("#define ensure(e) __extension__ ({ if (e) ; else abort(); })\n"
           "int g(int ok) {\n"
           "  int v;\n"
           "  if (ok) v = 1;\n"
           "  ensure(ok);\n"
           "  return v;\n"
           "}\n", 0, ANY, 0);
    /* the check does not cover the variable: still reported */
    EXPECT("void report(const char *e);\n"
           "#define check(e) ((e) ? (void)0 : (report(#e), abort()))\n"
           "int h(int ok, int other) {\n"
           "  int v;\n"
           "  if (ok) v = 1;\n"
           "  check(other);\n"
           "  return v;\n"
           "}\n", 7, ANY, 1);
}

/* ---- switches and commas ------------------------------------------------------------- */

static void test_switch_over_every_enumerator(void **state)
{
    clang_fixture_t *fx = *state;
    EXPECT("typedef enum { RED, GREEN, BLUE } color_t;\n"
           "int f(color_t c) {\n"
           "  int v;\n"
           "  switch (c) {\n"
           "  case RED: v = 1; break;\n"
           "  case GREEN: v = 2; break;\n"
           "  case BLUE: v = 3; break;\n"
           "  }\n"
           "  return v;\n"
           "}\n", 0, ANY, 0);
    /* one enumerator missing: the value may be BLUE */
    EXPECT("typedef enum { RED, GREEN, BLUE } color_t;\n"
           "int g(color_t c) {\n"
           "  int v;\n"
           "  switch (c) {\n"
           "  case RED: v = 1; break;\n"
           "  case GREEN: v = 2; break;\n"
           "  }\n"
           "  return v;\n"
           "}\n", 8, CERTAINTY_HIGH, 1);
}

static void test_comma_in_a_loop_condition(void **state)
{
    clang_fixture_t *fx = *state;
    /* redis setcpuaffinity: two pointer assignments joined by commas are not `=` */
    EXPECT("const char *next_token(const char *q, char c);\n"
           "int f(const char *list) {\n"
           "  const char *p, *q = list;\n"
           "  int n = 0;\n"
           "  while (p = q, q = next_token(q, ','), p) n += *p;\n"
           "  return n;\n"
           "}\n", 0, ANY, 0);
}

/* ---- correlated tests: low certainty -------------------------------------------------- */

static void test_correlated_tests_lower_certainty(void **state)
{
    clang_fixture_t *fx = *state;
    /* redis zzlInsertAt: written when !is_long, read when !is_long again */
    const char *correlated = "int to_long(double d, long long *out);\n"
                             "int format(char *buf, double d);\n"
                             "int use(const char *p, int n);\n"
                             "int f(double score) {\n"
                             "  char buf[32]; long long l; int len;\n"
                             "  int is_long = to_long(score, &l);\n"
                             "  if (!is_long) len = format(buf, score);\n"
                             "  if (is_long) return (int)l;\n"
                             "  return use(buf, len);\n"
                             "}\n";
    /* is_long is not written between its tests: the second follows the first, and the
     * path that would read len is infeasible */
    EXPECT(correlated, 9, ANY, 0);
    /* the same after a short-circuit: `a || !parse(&v)` skipped the write */
    const char *short_circuit = "int parse(const char *s, long *v);\n"
                                "void note(const char *s);\n"
                                "int g(const char *s, int n) {\n"
                                "  long v; int big = n > 20;\n"
                                "  if (big || !parse(s, &v)) note(s);\n"
                                "  if (!big && v > 3) return 1;\n"
                                "  return 0;\n"
                                "}\n";
    /* big tested true skipped the write, and !big is false on that path: pruned */
    EXPECT(short_circuit, 6, ANY, 0);
    /* two locals holding one fact: the walk cannot relate them, the read stays low */
    const char *two_locals = "int check(const char *s);\n"
                             "int parse(const char *s, long *v);\n"
                             "int h(const char *s) {\n"
                             "  long v; int ok = check(s); int missing = !ok;\n"
                             "  if (ok) parse(s, &v);\n"
                             "  if (!missing) return (int)v;\n"
                             "  return 0;\n"
                             "}\n";
    EXPECT(two_locals, 6, ANY, 1);
    EXPECT(two_locals, 6, CERTAINTY_MEDIUM, 0);
}

/* ---- setjmp ---------------------------------------------------------------------------- */

static void test_setjmp_second_return(void **state)
{
    clang_fixture_t *fx = *state;
    /* a volatile local read after longjmp brought control back: the idiom */
    EXPECT("#include <setjmp.h>\n"
           "#include <stdio.h>\n"
           "static jmp_buf env;\n"
           "void risky(int *out);\n"
           "int f(void) {\n"
           "  volatile int stage;\n"
           "  int result;\n"
           "  if (setjmp(env) != 0) { printf(\"failed at %d\\n\", stage); return -1; }\n"
           "  stage = 1;\n"
           "  risky(&result);\n"
           "  return result;\n"
           "}\n", 0, ANY, 0);
    /* not volatile: its value after longjmp is indeterminate; reported, low */
    const char *plain = "#include <setjmp.h>\n"
                        "static jmp_buf env;\n"
                        "int g(void) {\n"
                        "  int done;\n"
                        "  if (setjmp(env)) return done;\n"
                        "  done = 1;\n"
                        "  longjmp(env, 1);\n"
                        "}\n";
    EXPECT(plain, 5, ANY, 1);
    EXPECT(plain, 5, CERTAINTY_MEDIUM, 0);
}

/* ---- memory never written ---------------------------------------------------------------- */

static void test_memory_read_before_any_write(void **state)
{
    clang_fixture_t *fx = *state;
    /* an array declared without a value, malloc and alloca contents, read before a store */
    EXPECT("#include <alloca.h>\n"
           "int sum_a(void) { int v[4]; return v[0] + v[1]; }\n"
           "int sum_m(void) { int *p = malloc(4 * sizeof *p); if (!p) return 0; int r = p[2]; free(p); return r; }\n"
           "int sum_s(void) { double *d = alloca(8 * sizeof *d); return (int)*d; }\n", 0, CERTAINTY_HIGH, 3);
    /* filled first: by a loop, by memset, by a call that gets the pointer, through an
     * alias, under an opaque test taken the same way twice, element by element in a loop */
    EXPECT("#include <string.h>\n"
           "extern int flag;\n"
           "void fill(int *p, int n);\n"
           "int a(void) { int v[4]; for (int i = 0; i < 4; i++) v[i] = i; return v[3]; }\n"
           "int b(void) { int v[4]; memset(v, 0, sizeof v); return v[1]; }\n"
           "int c(void) { int v[4]; fill(v, 4); return v[2]; }\n"
           "int d(void) { int v[4]; int *p = v; p[0] = 1; return v[0]; }\n"
           "int e(void) { int v[4]; if (flag) return 0; else v[0] = 2; if (!flag) return v[0]; return 1; }\n"
           "int g(int n) { int r[8]; for (int i = 7; i >= 0; i--) r[i] = i == 7 ? 0 : r[i + 1] + 1; return r[0] + n; }\n"
           "struct cfg { int v[2]; };\n"
           "int h(void) { struct cfg c[2]; c[0].v[0] = 1; return c[0].v[0]; }\n"
           "int k(const int *src) { int v[4]; int *end = &v[4]; (void)end; memcpy(v, src, sizeof v); return v[0]; }\n",
           0, ANY, 0);
}

static void test_partly_written_arrays(void **state)
{
    clang_fixture_t *fx = *state;
    /* half of the array stored element by element, then all of it read */
    EXPECT("int half(void) {\n"
           "  int v[10], s = 0;\n"
           "  for (int i = 0; i < 5; i++) v[i] = i;\n"
           "  for (int i = 0; i < 10; i++) s += v[i];\n"
           "  return s;\n"
           "}\n", 4, CERTAINTY_HIGH, 1);
    /* all of it stored; reads inside the prefix; an unknown index after a prefix */
    EXPECT("int full(int k) {\n"
           "  int v[10], w[4], s = 0;\n"
           "  for (int i = 0; i < 10; i++) v[i] = i;\n"
           "  for (int i = 0; i < 10; i++) s += v[i];\n"
           "  w[0] = 1; w[1] = 2;\n"
           "  return s + w[1] + w[k & 1];\n"
           "}\n", 0, ANY, 0);
    /* a gap in the stores: treated as written (not followed element by element) */
    EXPECT("int gap(void) {\n"
           "  int v[4];\n"
           "  v[0] = 1; v[2] = 3;\n"
           "  return v[1] + v[3];\n"
           "}\n", 0, ANY, 0);
}

static void test_struct_locals(void **state)
{
    clang_fixture_t *fx = *state;
    EXPECT("struct pair { int a, b; };\n"
           "int unset(void) {\n"
           "  struct pair p;\n"
           "  return p.a;\n"
           "}\n", 4, CERTAINTY_HIGH, 1);
    /* a member stored, the address given away, the whole assigned */
    EXPECT("#include <string.h>\n"
           "struct pair { int a, b; };\n"
           "void load(struct pair *p);\n"
           "int one(void) { struct pair p; p.a = 1; p.b = 2; return p.a + p.b; }\n"
           "int two(void) { struct pair p; load(&p); return p.b; }\n"
           "int three(const struct pair *src) { struct pair p; p = *src; return p.a; }\n"
           "int four(void) { struct pair p; memset(&p, 0, sizeof p); return p.a; }\n", 0, ANY, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_reads_are_reported_high),
        cmocka_unit_test(test_writes_inside_macros),
        cmocka_unit_test(test_writes_the_ast_lost),
        cmocka_unit_test(test_panic_and_noreturn_end_the_path),
        cmocka_unit_test(test_assert_shapes_refine_the_path),
        cmocka_unit_test(test_switch_over_every_enumerator),
        cmocka_unit_test(test_comma_in_a_loop_condition),
        cmocka_unit_test(test_correlated_tests_lower_certainty),
        cmocka_unit_test(test_setjmp_second_return),
        cmocka_unit_test(test_memory_read_before_any_write),
        cmocka_unit_test(test_partly_written_arrays),
        cmocka_unit_test(test_struct_locals),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
