/* test_analyzer_clang_calls.c — the library call models of the libclang pass, graded by
 * certainty: an overflow proved from a known length (a literal, even one spelled by a
 * macro; memset plus a terminator; input read into the source) is certain, one whose
 * length rests only on the source buffer's capacity (its contents never seen written) is
 * low, and a path that proves it makes the finding certain whatever the walk order.
 * Also what the models know of strcat, formatted numbers, integers read whole from input,
 * counted reads (memcmp, write, send, fwrite), fread, untrusted read sizes, the err.h
 * formats, free() of array members and of element addresses, and getline().
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

static int setup(void **state) { return clang_fixture_setup(state, "clang-calls", PRELUDE); }
static int teardown(void **state) { return clang_fixture_teardown(state); }

/* The certainty of the only finding of rule on line (of code), -1 when there is none; two
 * findings there fail the test. */
static int certainty_at(clang_fixture_t *fx, const char *code, const char *rule, int line, const char **reason)
{
    candidate_list_t l;
    clang_fixture_lint(fx, code, &l);
    int found = -1, n = 0;
    for (size_t i = 0; i < l.count; i++) {
        const candidate_t *c = l.items[i];
        if (strcmp(c->rule_id, rule) != 0 || (int)c->range.start_line != line + fx->prelude_lines) continue;
        n++;
        found = (int)c->certainty;
        if (reason) *reason = candidate_fact(c, "certainty_reason") ? "set" : NULL;
    }
    if (n > 1) fail_msg("%d findings of %s on line %d", n, rule, line);
    candidate_list_destroy(&l);
    return found;
}

#define OVERFLOW "c.clang-buffer-overflow"

/* A global flag decides whether the source is filled: on the path that skips the fill its
 * length is only bounded by its 100 bytes. */
static void test_unseen_source_length_is_low(void **state)
{
    clang_fixture_t *fx = *state;
    const char *reason = NULL;
    assert_int_equal(certainty_at(fx,
                                  "int verbose;\n"
                                  "void f(void) {\n"
                                  "  char *data = malloc(100);\n"
                                  "  if (!data) return;\n"
                                  "  if (verbose) { memset(data, 'A', 49); data[49] = 0; }\n"
                                  "  char dest[50] = \"\";\n"
                                  "  strncat(dest, data, strlen(data));\n"
                                  "  free(data);\n"
                                  "}\n",
                                  OVERFLOW, 7, &reason),
                     CERTAINTY_LOW);
    assert_non_null(reason);
    /* strcpy from an array nobody wrote, and strlen() + 1 as a memcpy size */
    assert_int_equal(certainty_at(fx,
                                  "int flag;\n"
                                  "void f(void) {\n"
                                  "  char src[100], dest[50];\n"
                                  "  if (flag) strcpy(src, \"short\");\n"
                                  "  strcpy(dest, src);\n"
                                  "  puts(dest);\n"
                                  "}\n",
                                  OVERFLOW, 5, NULL),
                     CERTAINTY_LOW);
    assert_int_equal(certainty_at(fx,
                                  "int flag;\n"
                                  "void f(void) {\n"
                                  "  char src[100], dest[50];\n"
                                  "  if (flag) strcpy(src, \"short\");\n"
                                  "  memcpy(dest, src, strlen(src) + 1);\n"
                                  "  puts(dest);\n"
                                  "}\n",
                                  OVERFLOW, 5, NULL),
                     CERTAINTY_LOW);
}

/* Known lengths and untrusted input prove the overflow. */
static void test_known_or_untrusted_length_is_certain(void **state)
{
    clang_fixture_t *fx = *state;
    const char *reason = "unset";
    assert_int_equal(certainty_at(fx,
                                  "void f(void) {\n"
                                  "  char *data = malloc(100);\n"
                                  "  if (!data) return;\n"
                                  "  memset(data, 'A', 99); data[99] = 0;\n"
                                  "  char dest[50] = \"\";\n"
                                  "  strncat(dest, data, strlen(data));\n"
                                  "  free(data);\n"
                                  "}\n",
                                  OVERFLOW, 6, &reason),
                     CERTAINTY_HIGH);
    assert_null(reason);
    assert_int_equal(certainty_at(fx,
                                  "void f(void) {\n"
                                  "  char line[256], name[32];\n"
                                  "  if (!fgets(line, sizeof line, stdin)) return;\n"
                                  "  strcpy(name, line);\n"
                                  "  puts(name);\n"
                                  "}\n",
                                  OVERFLOW, 4, NULL),
                     CERTAINTY_HIGH);
    /* a literal spelled by a macro initialises the source: its length is known */
    assert_int_equal(certainty_at(fx,
                                  "#define GREETING \"0123456789\"\n"
                                  "void f(void) {\n"
                                  "  char src[11] = GREETING, dest[10];\n"
                                  "  strcpy(dest, src);\n"
                                  "  puts(dest);\n"
                                  "}\n",
                                  OVERFLOW, 4, NULL),
                     CERTAINTY_HIGH);
    /* and a macro literal that fits draws nothing */
    assert_int_equal(certainty_at(fx,
                                  "#define GREETING \"012345678\"\n"
                                  "void f(void) {\n"
                                  "  char src[32] = GREETING, dest[10];\n"
                                  "  strcpy(dest, src);\n"
                                  "  puts(dest);\n"
                                  "}\n",
                                  OVERFLOW, 4, NULL),
                     -1);
}

/* One path leaves the source unwritten (low), the other fills it with 99 characters
 * (certain): one finding, certain, in either order of the branches. */
static void test_a_proving_path_makes_it_certain(void **state)
{
    clang_fixture_t *fx = *state;
    const char *reason = "unset";
    assert_int_equal(certainty_at(fx,
                                  "int verbose;\n"
                                  "void f(void) {\n"
                                  "  char *data = malloc(100);\n"
                                  "  if (!data) return;\n"
                                  "  if (verbose) { memset(data, 'A', 99); data[99] = 0; }\n"
                                  "  char dest[50] = \"\";\n"
                                  "  strncpy(dest, data, strlen(data));\n"
                                  "  free(data);\n"
                                  "}\n",
                                  OVERFLOW, 7, &reason),
                     CERTAINTY_HIGH);
    assert_null(reason);
    reason = "unset";
    assert_int_equal(certainty_at(fx,
                                  "int quiet;\n"
                                  "void f(void) {\n"
                                  "  char *data = malloc(100);\n"
                                  "  if (!data) return;\n"
                                  "  if (quiet) { } else { memset(data, 'A', 99); data[99] = 0; }\n"
                                  "  char dest[50] = \"\";\n"
                                  "  strncpy(dest, data, strlen(data));\n"
                                  "  free(data);\n"
                                  "}\n",
                                  OVERFLOW, 7, &reason),
                     CERTAINTY_HIGH);
    assert_null(reason);
}

/* strcat() appends after what the buffer already holds. */
static void test_strcat_counts_the_held_string(void **state)
{
    clang_fixture_t *fx = *state;
    assert_int_equal(certainty_at(fx,
                                  "char *f(void) {\n"
                                  "  char *path = malloc(16);\n"
                                  "  if (!path) return NULL;\n"
                                  "  strcpy(path, \"/var/lib/\");\n"
                                  "  strcat(path, \"assay/cache\");\n"
                                  "  return path;\n"
                                  "}\n",
                                  OVERFLOW, 5, NULL),
                     CERTAINTY_HIGH);
    assert_int_equal(certainty_at(fx,
                                  "char *f(void) {\n"
                                  "  char *path = malloc(32);\n"
                                  "  if (!path) return NULL;\n"
                                  "  strcpy(path, \"/var/lib/\");\n"
                                  "  strcat(path, \"assay/cache\");\n"
                                  "  strcat(path, \"/x\");\n"
                                  "  return path;\n"
                                  "}\n",
                                  OVERFLOW, 6, NULL),
                     -1);
}

/* The address of a whole variable is a buffer of the variable's size. */
static void test_address_of_a_variable_has_its_size(void **state)
{
    clang_fixture_t *fx = *state;
    const char *code = "struct hdr { unsigned magic; unsigned short len; };\n"
                       "int f(int fd, const unsigned char *p) {\n"
                       "  struct hdr h; unsigned v;\n"
                       "  if (read(fd, &h, 64) != 64) return -1;\n"
                       "  memcpy(&v, p, 8);\n"
                       "  if (read(fd, &h, sizeof h) != sizeof h) return -1;\n"
                       "  memcpy(&v, p, sizeof v);\n"
                       "  return (int)v + h.len;\n"
                       "}\n";
    assert_int_equal(certainty_at(fx, code, OVERFLOW, 4, NULL), CERTAINTY_HIGH);
    assert_int_equal(certainty_at(fx, code, OVERFLOW, 5, NULL), CERTAINTY_HIGH);
    assert_int_equal(certainty_at(fx, code, OVERFLOW, 6, NULL), -1);
    assert_int_equal(certainty_at(fx, code, OVERFLOW, 7, NULL), -1);
}

/* Counted reads (memcmp, write, send) past the end of their buffer are over-reads; a call
 * through a pointer member named like a library function is not that function. */
static void test_counted_reads(void **state)
{
    clang_fixture_t *fx = *state;
    const char *code = "struct io { long (*write)(int, const void *, unsigned long); };\n"
                       "int f(int fd, const char *given, struct io *io) {\n"
                       "  char status[8] = \"READY\";\n"
                       "  write(fd, status, 64);\n"
                       "  io->write(fd, status, 64);\n"
                       "  write(fd, status, sizeof status);\n"
                       "  return memcmp(status, given, 16);\n"
                       "}\n";
    assert_int_equal(certainty_at(fx, code, "c.clang-buffer-overread", 4, NULL), CERTAINTY_HIGH);
    assert_int_equal(certainty_at(fx, code, "c.clang-buffer-overread", 5, NULL), -1);
    assert_int_equal(certainty_at(fx, code, "c.clang-buffer-overread", 6, NULL), -1);
    assert_int_equal(certainty_at(fx, code, "c.clang-buffer-overread", 7, NULL), CERTAINTY_HIGH);
}

/* An untrusted length read into a fixed buffer; and the err.h family takes formats. */
static void test_untrusted_read_sizes_and_err_formats(void **state)
{
    clang_fixture_t *fx = *state;
    const char *code = "#include <err.h>\n"
                       "#include <sys/socket.h>\n"
                       "int f(int sock) {\n"
                       "  unsigned short len; char body[256];\n"
                       "  if (recv(sock, &len, sizeof len, 0) != (long)sizeof len) return -1;\n"
                       "  if (recv(sock, body, len, 0) < 0) return -1;\n"
                       "  warnx(body);\n"
                       "  return 0;\n"
                       "}\n";
    assert_int_equal(certainty_at(fx, code, "c.clang-tainted-size", 6, NULL), CERTAINTY_HIGH);
    assert_int_equal(certainty_at(fx, code, "c.clang-format-string", 7, NULL), CERTAINTY_HIGH);
    /* the buffer allocated with that size: the allocation is what gets reported */
    const char *sized = "#include <sys/socket.h>\n"
                        "char *f(int sock) {\n"
                        "  unsigned short len;\n"
                        "  if (recv(sock, &len, sizeof len, 0) != (long)sizeof len) return NULL;\n"
                        "  char *body = malloc(len);\n"
                        "  if (body && recv(sock, body, len, 0) < 0) { free(body); return NULL; }\n"
                        "  return body;\n"
                        "}\n";
    assert_int_equal(certainty_at(fx, sized, "c.clang-tainted-size", 5, NULL), CERTAINTY_HIGH);
    assert_int_equal(certainty_at(fx, sized, "c.clang-tainted-size", 6, NULL), -1);
}

/* fread()/fwrite() move item size times count bytes. */
static void test_fread_fwrite_count_items(void **state)
{
    clang_fixture_t *fx = *state;
    const char *code = "struct rec { unsigned id; char key[28]; };\n"
                       "unsigned f(FILE *fp) {\n"
                       "  struct rec t[4]; unsigned char magic[4] = {1, 2, 3, 4};\n"
                       "  if (fread(t, sizeof t[0], 8, fp) != 8) return 0;\n"
                       "  if (fread(t, sizeof t[0], 4, fp) != 4) return 0;\n"
                       "  fwrite(magic, 2, 4, fp);\n"
                       "  fwrite(magic, sizeof magic, 1, fp);\n"
                       "  return t[0].id;\n"
                       "}\n";
    assert_int_equal(certainty_at(fx, code, OVERFLOW, 4, NULL), CERTAINTY_HIGH);
    assert_int_equal(certainty_at(fx, code, OVERFLOW, 5, NULL), -1);
    assert_int_equal(certainty_at(fx, code, "c.clang-buffer-overread", 6, NULL), CERTAINTY_HIGH);
    assert_int_equal(certainty_at(fx, code, "c.clang-buffer-overread", 7, NULL), -1);
}

/* free() of an array member is never a heap pointer. */
static void test_free_of_an_array_member(void **state)
{
    clang_fixture_t *fx = *state;
    const char *code = "struct entry { char name[32]; char *value; };\n"
                       "void f(struct entry *e) {\n"
                       "  free(e->value);\n"
                       "  free(e->name);\n"
                       "  free(e);\n"
                       "}\n";
    assert_int_equal(certainty_at(fx, code, "c.clang-free-non-heap", 3, NULL), -1);
    assert_int_equal(certainty_at(fx, code, "c.clang-free-non-heap", 4, NULL), CERTAINTY_HIGH);
    assert_int_equal(certainty_at(fx, code, "c.clang-free-non-heap", 5, NULL), -1);
}

/* free(&p[k]) frees the start of p's block only when k is 0. */
static void test_free_of_an_element_address(void **state)
{
    clang_fixture_t *fx = *state;
    const char *code = "void f(int c) {\n"
                       "  char *p = malloc(16);\n"
                       "  if (!p) return;\n"
                       "  if (c) free(&p[4]);\n"
                       "  else free(&p[0]);\n"
                       "}\n";
    assert_int_equal(certainty_at(fx, code, "c.clang-free-offset-pointer", 4, NULL), CERTAINTY_HIGH);
    assert_int_equal(certainty_at(fx, code, "c.clang-free-offset-pointer", 5, NULL), -1);
    assert_int_equal(certainty_at(fx, code, "c.clang-memory-leak", 2, NULL), -1);
}

/* getline() fills its line with input: a format or a command made of it is untrusted,
 * printing it as data is not; its length is no untrusted index (line[n - 1]). */
static void test_getline_reads_untrusted_lines(void **state)
{
    clang_fixture_t *fx = *state;
    const char *code = "void f(FILE *in) {\n"
                       "  char *line = NULL; size_t cap = 0; ssize_t n;\n"
                       "  while ((n = getline(&line, &cap, in)) > 0) {\n"
                       "    if (line[n - 1] == '\\n') line[n - 1] = '\\0';\n"
                       "    printf(line);\n"
                       "    printf(\"%s\", line);\n"
                       "    if (system(line) != 0) break;\n"
                       "  }\n"
                       "  free(line);\n"
                       "}\n";
    assert_int_equal(certainty_at(fx, code, "c.clang-format-string", 5, NULL), CERTAINTY_HIGH);
    assert_int_equal(certainty_at(fx, code, "c.clang-format-string", 6, NULL), -1);
    assert_int_equal(certainty_at(fx, code, "c.clang-command-injection", 7, NULL), CERTAINTY_HIGH);
    assert_int_equal(certainty_at(fx, code, "c.clang-tainted-index", 4, NULL), -1);
}

/* Only text can inject: numbers formatted with %d are digits; a string argument next to
 * a number still taints the command. */
static void test_formatted_numbers_do_not_inject(void **state)
{
    clang_fixture_t *fx = *state;
    const char *jobs = "int f(void) {\n"
                       "  const char *env = getenv(\"JOBS\");\n"
                       "  int jobs = env ? atoi(env) : 1;\n"
                       "  char cmd[64];\n"
                       "  snprintf(cmd, sizeof cmd, \"make -j%d\", jobs);\n"
                       "  return system(cmd);\n"
                       "}\n";
    assert_int_equal(certainty_at(fx, jobs, "c.clang-command-injection", 6, NULL), -1);
    const char *both = "int main(int argc, char **argv) {\n"
                       "  char cmd[64];\n"
                       "  if (argc < 3) return 2;\n"
                       "  snprintf(cmd, sizeof cmd, \"tar -C %s -j%d\", argv[1], atoi(argv[2]));\n"
                       "  return system(cmd);\n"
                       "}\n";
    assert_int_equal(certainty_at(fx, both, "c.clang-command-injection", 5, NULL), CERTAINTY_HIGH);
}

/* An integer read whole from a descriptor is untrusted; checked, it is fine. */
static void test_integer_read_from_input_is_tainted(void **state)
{
    clang_fixture_t *fx = *state;
    const char *code = "int f(int fd, char *dst, const char *src) {\n"
                       "  unsigned len;\n"
                       "  if (read(fd, &len, sizeof len) != sizeof len) return -1;\n"
                       "  memcpy(dst, src, len);\n"
                       "  return 0;\n"
                       "}\n";
    assert_int_equal(certainty_at(fx, code, "c.clang-tainted-size", 4, NULL), CERTAINTY_HIGH);
    const char *checked = "int f(int fd, char *dst, const char *src) {\n"
                          "  unsigned len;\n"
                          "  if (read(fd, &len, sizeof len) != sizeof len) return -1;\n"
                          "  if (len > 512) return -1;\n"
                          "  memcpy(dst, src, len);\n"
                          "  return 0;\n"
                          "}\n";
    assert_int_equal(certainty_at(fx, checked, "c.clang-tainted-size", 5, NULL), -1);
}

/* An untrusted string whose length was tested before the copy: the test's bound is not
 * compared with the buffer, so the finding is low; without the test it stays certain. */
static void test_length_tested_string_copy_is_low(void **state)
{
    clang_fixture_t *fx = *state;
    const char *reason = NULL;
    assert_int_equal(certainty_at(fx,
                                  "int set_key(char keyval[40]) {\n"
                                  "  const char *s = getenv(\"KEY\");\n"
                                  "  if (!s || strlen(s) >= 40) return -1;\n"
                                  "  strcpy(keyval, s);\n"
                                  "  return 0;\n"
                                  "}\n",
                                  OVERFLOW, 4, &reason),
                     CERTAINTY_LOW);
    assert_non_null(reason);
    assert_int_equal(certainty_at(fx,
                                  "int set_key(char keyval[40]) {\n"
                                  "  const char *s = getenv(\"KEY\");\n"
                                  "  if (!s) return -1;\n"
                                  "  strcpy(keyval, s);\n"
                                  "  return 0;\n"
                                  "}\n",
                                  OVERFLOW, 4, NULL),
                     CERTAINTY_HIGH);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_length_tested_string_copy_is_low),
        cmocka_unit_test(test_unseen_source_length_is_low),
        cmocka_unit_test(test_known_or_untrusted_length_is_certain),
        cmocka_unit_test(test_a_proving_path_makes_it_certain),
        cmocka_unit_test(test_strcat_counts_the_held_string),
        cmocka_unit_test(test_address_of_a_variable_has_its_size),
        cmocka_unit_test(test_counted_reads),
        cmocka_unit_test(test_untrusted_read_sizes_and_err_formats),
        cmocka_unit_test(test_fread_fwrite_count_items),
        cmocka_unit_test(test_free_of_an_array_member),
        cmocka_unit_test(test_free_of_an_element_address),
        cmocka_unit_test(test_getline_reads_untrusted_lines),
        cmocka_unit_test(test_formatted_numbers_do_not_inject),
        cmocka_unit_test(test_integer_read_from_input_is_tainted),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
