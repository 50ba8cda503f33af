/* test_analyzer_clang_arith.c — c.clang-index-out-of-bounds and c.clang-divide-by-zero on
 * the shapes real code has: sentinel-terminated tables and counts kept in memory (low
 * certainty: how far the loop runs rests on contents the walk never saw), the pre-C99
 * flexible array member, &a[n] one past the end, a ?: that bounds a loop, assert(n > 0)
 * with the test written as the macro's argument, and size_t n != 0. Constant-bounded
 * overruns must still be reported with high certainty. */
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
#define PRELUDE "#include <stdlib.h>\n"

static int setup(void **state) { return clang_fixture_setup(state, "arith-test", PRELUDE); }
static int teardown(void **state) { return clang_fixture_teardown(state); }

#define EXPECT(code, rule, line, min, n) CLANG_EXPECT(fx, code, rule, line, min, n)

#define ANY CERTAINTY_LOW

#define INDEX "c.clang-index-out-of-bounds"
#define DIVIDE "c.clang-divide-by-zero"

static void test_constant_overruns_stay_high(void **state)
{
    clang_fixture_t *fx = *state;
    EXPECT("int f(void) {\n"
           "  int a[10], s = 0;\n"
           "  for (int i = 0; i <= 10; i++) a[i] = i;\n"
           "  for (int i = 0; i < 10; i++) s += a[i];\n"
           "  return s;\n"
           "}\n", INDEX, 3, CERTAINTY_HIGH, 1);
    EXPECT("int g(int c) {\n"
           "  int d = 0;\n"
           "  if (c > 3) d = c;\n"
           "  return 100 / d;\n"
           "}\n", DIVIDE, 4, CERTAINTY_HIGH, 1);
}

static void test_sentinel_tables_are_low(void **state)
{
    clang_fixture_t *fx = *state;
    /* redis acl.c: { name, flag } pairs ending in {NULL, 0}; the walk never saw the table */
    const char *table = "struct flag { const char *name; int bit; };\n"
                        "static struct flag flags[] = {{\"on\", 1}, {\"off\", 2}, {0, 0}};\n"
                        "int describe(int set) {\n"
                        "  int n = 0;\n"
                        "  for (int j = 0; flags[j].bit; j++)\n"
                        "    if (set & flags[j].bit) n++;\n"
                        "  return n;\n"
                        "}\n";
    EXPECT(table, INDEX, 0, CERTAINTY_MEDIUM, 0);
    /* a count kept in a struct: j < s->count */
    EXPECT("struct fds { int fd[16]; int count; };\n"
           "int sum(struct fds *s) {\n"
           "  int t = 0;\n"
           "  for (int j = 0; j < s->count; j++) t += s->fd[j];\n"
           "  return t;\n"
           "}\n", INDEX, 0, CERTAINTY_MEDIUM, 0);
}

static void test_flexible_member_and_one_past_end(void **state)
{
    clang_fixture_t *fx = *state;
    EXPECT("struct msg { int count; int items[1]; };\n"
           "int last(struct msg *m) { return m->items[m->count > 3 ? 3 : 2]; }\n"
           "int *end(void) { static int a[8]; return &a[8]; }\n", INDEX, 0, CERTAINTY_LOW, 0);
    /* a non-last member of one element is not the idiom */
    EXPECT("struct pair { int one[1]; int other; };\n"
           "int f(struct pair *p) { return p->one[1]; }\n", INDEX, 2, CERTAINTY_HIGH, 1);
}

static void test_conditional_bounds_a_loop(void **state)
{
    clang_fixture_t *fx = *state;
    /* redis dict.c: tables = rehashing ? 2 : 1; for (j = 0; j < tables; j++) t[j] */
    EXPECT("struct d { void *table[2]; int rehashing; };\n"
           "int count(struct d *d) {\n"
           "  int n = 0, tables = d->rehashing ? 2 : 1;\n"
           "  for (int j = 0; j < tables; j++) n += d->table[j] != 0;\n"
           "  return n;\n"
           "}\n", INDEX, 0, CERTAINTY_LOW, 0);
}

static void test_divisor_checks(void **state)
{
    clang_fixture_t *fx = *state;
    /* assert(n > 0): the test is the macro's argument */
    EXPECT("#include <assert.h>\n"
           "int pick(int c, int r) {\n"
           "  int n = 0;\n"
           "  if (c) n++;\n"
           "  assert(n > 0);\n"
           "  return r % n;\n"
           "}\n", DIVIDE, 0, CERTAINTY_LOW, 0);
    /* size_t bytes != 0, then halved down to bytes: never 0 */
    EXPECT("unsigned long align(unsigned long used, unsigned long bytes) {\n"
           "  if (bytes == 0) return 0;\n"
           "  unsigned long a = 8;\n"
           "  while (bytes < a && a / 2 >= bytes) a /= 2;\n"
           "  return used % a;\n"
           "}\n", DIVIDE, 0, CERTAINTY_LOW, 0);
}

#define TAINTED_INDEX "c.clang-tainted-index"
#define OVERFLOW "c.clang-integer-overflow"

static void test_untrusted_values_bounded_by_shape(void **state)
{
    clang_fixture_t *fx = *state;
    /* an unsigned index needs only the upper check; masks and unsigned remainders bound */
    EXPECT("#include <stdio.h>\n"
           "int hist[16];\n"
           "void f(FILE *in) {\n"
           "  unsigned u; int i;\n"
           "  if (fscanf(in, \"%u %d\", &u, &i) != 2) return;\n"
           "  if (u < 16) hist[u]++;\n"
           "  hist[i & 15]++;\n"
           "  hist[(unsigned)i % 16]++;\n"
           "}\n", TAINTED_INDEX, 0, CERTAINTY_LOW, 0);
    /* a signed remainder can be negative: still reported */
    EXPECT("#include <stdio.h>\n"
           "int hist[16];\n"
           "void g(FILE *in) {\n"
           "  int i;\n"
           "  if (fscanf(in, \"%d\", &i) != 1) return;\n"
           "  hist[i % 16]++;\n"
           "}\n", TAINTED_INDEX, 6, CERTAINTY_HIGH, 1);
    /* a byte-wise unsigned hash wraps by definition */
    EXPECT("#include <stdio.h>\n"
           "unsigned long h(FILE *in) {\n"
           "  char line[64]; unsigned long x = 5381;\n"
           "  if (!fgets(line, sizeof line, in)) return 0;\n"
           "  for (int i = 0; line[i]; i++) x = x * 33 + (unsigned char)line[i];\n"
           "  return x;\n"
           "}\n", OVERFLOW, 0, CERTAINTY_LOW, 0);
    /* an untrusted unsigned int of full width still overflows */
    EXPECT("#include <stdio.h>\n"
           "unsigned k(FILE *in) {\n"
           "  unsigned n;\n"
           "  if (fscanf(in, \"%u\", &n) != 1) return 0;\n"
           "  return n * 2;\n"
           "}\n", OVERFLOW, 5, CERTAINTY_HIGH, 1);
}

static void test_offset_conditions_bound_the_variable(void **state)
{
    clang_fixture_t *fx = *state;
    /* x - 1 >= 0 && x + 1 < 10 keeps x in 1..8 */
    EXPECT("int g(int x) {\n"
           "  int a[10] = {0};\n"
           "  if (x - 1 >= 0 && x + 1 < 10) return a[x];\n"
           "  return 0;\n"
           "}\n", INDEX, 0, CERTAINTY_LOW, 0);
    /* an offset that does not exclude the end: x + 1 <= 10 lets x be 9, then a[x + 1] */
    EXPECT("int h(int x) {\n"
           "  int a[10] = {0};\n"
           "  if (x >= 0 && x + 1 <= 10) return a[x + 1];\n"
           "  return 0;\n"
           "}\n", INDEX, 3, CERTAINTY_LOW, 1);
}

static void test_definition_starting_with_a_header_macro(void **state)
{
    clang_fixture_t *fx = *state;
    /* redis REDIS_NO_SANITIZE("alignment") from config.h: the body's operators still count */
    char path[512];
    assert_int_equal(temp_dir_write(path, sizeof path, fx->dir, "attrs.h",
                                    "#define NO_SANITIZE(s) __attribute__((no_sanitize(s)))\n"), 0);
    EXPECT("#include \"attrs.h\"\n"
           "NO_SANITIZE(\"alignment\")\n"
           "int f(void) {\n"
           "  int a[4] = {0}, i = 4;\n"
           "  if (i < 4) return a[i];\n"
           "  return a[i - 1];\n"
           "}\n", INDEX, 0, CERTAINTY_LOW, 0);
}

static void test_floating_division_by_choice_is_low(void **state)
{
    clang_fixture_t *fx = *state;
    /* an average over a count that may be 0 gives NaN; 1.0 / value after value == 0 tells
     * -0.0 from +0.0: both are low; an untrusted float divisor stays high */
    const char *code = "#include <stdio.h>\n"
                       "double avg(const int *v, int n) {\n"
                       "  int total = 0, used = 0;\n"
                       "  for (int i = 0; i < n; i++) if (v[i] > 0) { total += v[i]; used++; }\n"
                       "  return (double)total / used;\n"
                       "}\n"
                       "int negative_zero(double value) {\n"
                       "  if (value == 0) return 1.0 / value < 0;\n"
                       "  return value < 0;\n"
                       "}\n"
                       "int scaled(int x) {\n"
                       "  float data; if (scanf(\"%f\", &data) != 1) return 0;\n"
                       "  return (int)(x / data);\n"
                       "}\n";
    EXPECT(code, DIVIDE, 5, CERTAINTY_LOW, 1);
    EXPECT(code, DIVIDE, 5, CERTAINTY_MEDIUM, 0);
    EXPECT(code, DIVIDE, 8, CERTAINTY_LOW, 1);
    EXPECT(code, DIVIDE, 8, CERTAINTY_MEDIUM, 0);
    EXPECT(code, DIVIDE, 13, CERTAINTY_HIGH, 1);
}

static void test_overflow_in_a_loop_of_known_length_stays_high(void **state)
{
    clang_fixture_t *fx = *state;
    /* the loop runs once: INT_MAX + 1 is certain */
    EXPECT("#include <limits.h>\n"
           "int f(void) {\n"
           "  int data = INT_MAX;\n"
           "  for (int j = 0; j < 1; j++) data++;\n"
           "  return data;\n"
           "}\n", OVERFLOW, 4, CERTAINTY_HIGH, 1);
    /* doubling for as long as an unknown length lasts: low */
    EXPECT("int g(int len) {\n"
           "  int slots = 5;\n"
           "  for (int j = 0; j < len; j++) slots *= 2;\n"
           "  return slots;\n"
           "}\n", OVERFLOW, 3, CERTAINTY_MEDIUM, 0);
}

static void test_value_kept_by_every_loop_pass_is_low(void **state)
{
    clang_fixture_t *fx = *state;
    /* bt stays -1 only if no pass finds a cost below bc: that rests on the data */
    const char *sentinel = "int pick(const int cost[6], int fave[6]) {\n"
                           "  int t, bt = -1, bc = 1000;\n"
                           "  for (t = 0; t < 6; t++)\n"
                           "    if (cost[t] < bc) { bc = cost[t]; bt = t; }\n"
                           "  fave[bt]++;\n"
                           "  return fave[bt] + fave[bt];\n"
                           "}\n";
    EXPECT(sentinel, INDEX, 5, ANY, 1);
    EXPECT(sentinel, INDEX, 5, CERTAINTY_MEDIUM, 0);
    /* one wrong index is one finding: the path goes on with the index inside the buffer */
    EXPECT(sentinel, INDEX, 6, ANY, 0);
    /* a branch outside any loop on a parameter: the path is feasible, the finding stays */
    EXPECT("int g(int c) {\n"
           "  int i = -1, a[4] = {0};\n"
           "  if (c > 3) i = 2;\n"
           "  return a[i];\n"
           "}\n", INDEX, 4, CERTAINTY_HIGH, 1);
}

/* A counter bounded by the loop test (lg <= 26) but no longer followed exactly after some
 * passes: an overflow that needs more passes than the test allows is low. */
static void test_overflow_after_a_widened_counter_is_low(void **state)
{
    clang_fixture_t *fx = *state;
    const char *code = "int slices(const int *nums) {\n"
                       "  int lg, ttlg, total = 0;\n"
                       "  for (lg = 0, ttlg = 1; lg <= 26; lg++, ttlg *= 2)\n"
                       "    total += nums[lg] * (ttlg > 1);\n"
                       "  return total;\n"
                       "}\n";
    EXPECT(code, OVERFLOW, 3, CERTAINTY_MEDIUM, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_constant_overruns_stay_high),
        cmocka_unit_test(test_value_kept_by_every_loop_pass_is_low),
        cmocka_unit_test(test_overflow_after_a_widened_counter_is_low),
        cmocka_unit_test(test_sentinel_tables_are_low),
        cmocka_unit_test(test_flexible_member_and_one_past_end),
        cmocka_unit_test(test_conditional_bounds_a_loop),
        cmocka_unit_test(test_divisor_checks),
        cmocka_unit_test(test_untrusted_values_bounded_by_shape),
        cmocka_unit_test(test_offset_conditions_bound_the_variable),
        cmocka_unit_test(test_definition_starting_with_a_header_macro),
        cmocka_unit_test(test_floating_division_by_choice_is_low),
        cmocka_unit_test(test_overflow_in_a_loop_of_known_length_stays_high),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
