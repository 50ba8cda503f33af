/* test_analyzer_clang_pass.c — the libclang pass as the driver sees it: compile commands
 * (own flags, relative include paths, files missing from the database, no database),
 * one summarised notice for what did not resolve, parse failures that do not abort, and
 * tree-sitter candidates confirmed with facts or dismissed by types and constants. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "analyzer/clang/clang_pass.h"
#include "analyzer/rules/rule_pack.h"
#include "tests/unit/helpers/temp_dir.h"

typedef struct {
    rule_pack_t *pack;
    char dir[64];
} fixture_t;

static int setup(void **state)
{
    fixture_t *fx = calloc(1, sizeof(*fx));
    char err[512];
    const char *rules = getenv("ASSAY_RULES") ? getenv("ASSAY_RULES") : "rules";
    if (rule_pack_load_dir(&fx->pack, rules, err, sizeof(err)) != 0) {
        fprintf(stderr, "cannot load rules: %s\n", err);
        return -1;
    }
    if (temp_dir_make(fx->dir, sizeof(fx->dir), "clang-pass") != 0) return -1;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *fx = *state;
    rule_pack_free(fx->pack);
    int rc = temp_dir_remove(fx->dir);
    free(fx);
    return rc;
}

static void write_file(const fixture_t *fx, const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof(path), "%s/%s", fx->dir, name);
    char *slash = strrchr(path, '/');
    *slash = 0;
    mkdir(path, 0755);
    *slash = '/';
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int count(const candidate_list_t *list, const char *rule)
{
    int n = 0;
    for (size_t i = 0; i < list->count; i++) n += !strcmp(list->items[i]->rule_id, rule);
    return n;
}

/* Runs a fresh pass (database db, may be NULL) over dir/name. */
static void run(fixture_t *fx, const char *db, const char *name, candidate_list_t *list, char *notice,
                size_t notice_size)
{
    clang_options_t opts = {.compile_commands = db};
    clang_pass_t *pass;
    char err[512];
    assert_int_equal(clang_pass_new(&pass, fx->pack, &opts, err, sizeof(err)), 0);
    char path[256];
    snprintf(path, sizeof(path), "%s/%s", fx->dir, name);
    assert_int_equal(clang_pass_run(pass, name, path, list, notice, notice_size, err, sizeof(err)), 0);
    clang_pass_free(pass);
}

static const char header[] = "#define NAME_SIZE 8\n";
static const char source[] = "#include <string.h>\n"
                             "#include \"names.h\"\n"
                             "void f(void) { char name[NAME_SIZE]; strcpy(name, \"0123456789\"); }\n";

static void write_project(fixture_t *fx)
{
    write_file(fx, "include/names.h", header);
    write_file(fx, "src/a.c", source);
    write_file(fx, "src/b.c", source);
    char db[1024];
    /* relative -I resolved against the entry's directory; -c and -o dropped */
    snprintf(db, sizeof(db),
             "[{\"directory\": \"%s/src\", \"file\": \"a.c\",\n"
             "  \"command\": \"cc -c -I ../include -DUNUSED=1 -std=c99 -o a.o a.c\"}]\n", fx->dir);
    write_file(fx, "build/compile_commands.json", db);
}

static void test_database_flags_resolve_includes(void **state)
{
    fixture_t *fx = *state;
    write_project(fx);
    char db[128], notice[1024];
    snprintf(db, sizeof(db), "%s/build", fx->dir);
    candidate_list_t list;
    candidate_list_init(&list);
    run(fx, db, "src/a.c", &list, notice, sizeof(notice));
    assert_string_equal(notice, ""); /* everything resolved */
    assert_int_equal(count(&list, "c.clang-buffer-overflow"), 1); /* NAME_SIZE came from the header */
    candidate_list_destroy(&list);
}

static void test_file_missing_from_database_borrows_sibling_flags(void **state)
{
    fixture_t *fx = *state;
    write_project(fx);
    char db[128], notice[1024];
    snprintf(db, sizeof(db), "%s/build/compile_commands.json", fx->dir); /* the file form */
    candidate_list_t list;
    candidate_list_init(&list);
    run(fx, db, "src/b.c", &list, notice, sizeof(notice));
    assert_non_null(strstr(notice, "not in the compilation database"));
    assert_null(strstr(notice, "not found"));
    assert_int_equal(count(&list, "c.clang-buffer-overflow"), 1);
    candidate_list_destroy(&list);
}

static void test_no_database_says_once_what_is_missing(void **state)
{
    fixture_t *fx = *state;
    write_file(fx, "lone.c",
               "#include \"missing1.h\"\n#include \"missing2.h\"\n#include <stdlib.h>\n"
               "void f(void) { char *p = malloc(4); p[0] = 1; }\n");
    char notice[1024];
    candidate_list_t list;
    candidate_list_init(&list);
    run(fx, NULL, "lone.c", &list, notice, sizeof(notice));
    /* one line, counting both, naming the first */
    assert_non_null(strstr(notice, "2 includes not found"));
    assert_non_null(strstr(notice, "missing1.h"));
    assert_null(strchr(notice, '\n'));
    /* the file was still checked */
    assert_int_equal(count(&list, "c.clang-null-dereference"), 1);
    candidate_list_destroy(&list);
}

static void test_bad_database_is_an_error_naming_it(void **state)
{
    fixture_t *fx = *state;
    write_file(fx, "broken/compile_commands.json", "{ this is not json");
    char db[128], err[512];
    clang_pass_t *pass = NULL;
    snprintf(db, sizeof(db), "%s/broken", fx->dir);
    clang_options_t opts = {.compile_commands = db};
    assert_int_equal(clang_pass_new(&pass, fx->pack, &opts, err, sizeof(err)), -1);
    assert_null(pass);
    assert_non_null(strstr(err, "compile_commands.json"));
    snprintf(db, sizeof(db), "%s/nowhere", fx->dir);
    opts.compile_commands = db;
    assert_int_equal(clang_pass_new(&pass, fx->pack, &opts, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "nowhere"));
}

static void test_unparseable_file_falls_back(void **state)
{
    fixture_t *fx = *state;
    char notice[1024], err[512];
    clang_options_t opts = {0};
    clang_pass_t *pass;
    assert_int_equal(clang_pass_new(&pass, fx->pack, &opts, err, sizeof(err)), 0);
    candidate_list_t list;
    candidate_list_init(&list);
    char path[256];
    snprintf(path, sizeof(path), "%s/does-not-exist.c", fx->dir);
    assert_int_equal(clang_pass_run(pass, "does-not-exist.c", path, &list, notice, sizeof(notice), err, sizeof(err)), 0);
    assert_non_null(strstr(notice, "could not parse"));
    /* syntax errors: the file is still analysed as far as clang understood it */
    write_file(fx, "broken.c", "#include <stdlib.h>\nvoid f(void) { int x = ; char *p = malloc(2); p[0] = 1; }\n"
                               "void g( { \x01\x02\xff\n");
    snprintf(path, sizeof(path), "%s/broken.c", fx->dir);
    assert_int_equal(clang_pass_run(pass, "broken.c", path, &list, notice, sizeof(notice), err, sizeof(err)), 0);
    assert_non_null(strstr(notice, "error"));
    candidate_list_destroy(&list);
    clang_pass_free(pass);
}

/* A candidate as the tree-sitter scanner would produce it for a call at line:col. */
static candidate_t *scanner_candidate(const char *path, const char *rule, uint32_t line, uint32_t col)
{
    candidate_t *c = candidate_new();
    c->rule_id = strdup(rule);
    c->path = strdup(path);
    c->range.start_line = c->range.end_line = line;
    c->range.start_col = col;
    c->range.end_col = col + 6;
    c->message = strdup("strcpy without a bound");
    return c;
}

static void test_candidates_confirmed_or_dismissed(void **state)
{
    fixture_t *fx = *state;
    write_file(fx, "cands.c",
               "#include <string.h>\n"
               "#include <stdio.h>\n"
               "int main(int argc, char **argv) {\n"
               "    char buf[16];\n"
               "    strcpy(buf, \"abc\");\n"
               "    strcpy(buf, argv[1]);\n"
               "    static const char fmt[] = \"%s\\n\";\n"
               "    printf(fmt, buf);\n"
               "    return 0;\n"
               "}\n");
    candidate_list_t list;
    candidate_list_init(&list);
    candidate_list_push(&list, scanner_candidate("cands.c", "c.strcpy-unbounded", 5, 5));
    candidate_list_push(&list, scanner_candidate("cands.c", "c.strcpy-unbounded", 6, 5));
    candidate_list_push(&list, scanner_candidate("cands.c", "c.format-nonliteral", 8, 5));
    candidate_list_push(&list, scanner_candidate("other.c", "c.strcpy-unbounded", 5, 5)); /* another file */
    char notice[1024];
    run(fx, NULL, "cands.c", &list, notice, sizeof(notice));
    const candidate_t *kept = NULL;
    int strcpy_left = 0, format_left = 0, other_left = 0;
    for (size_t i = 0; i < list.count; i++) {
        const candidate_t *c = list.items[i];
        if (!strcmp(c->path, "other.c")) other_left++;
        else if (!strcmp(c->rule_id, "c.strcpy-unbounded")) {
            strcpy_left++;
            kept = c;
        } else if (!strcmp(c->rule_id, "c.format-nonliteral")) format_left++;
    }
    assert_int_equal(strcpy_left, 1);   /* the literal that fits was dismissed */
    assert_int_equal(format_left, 0);   /* a constant format array */
    assert_int_equal(other_left, 1);    /* other files are not touched */
    assert_int_equal(kept->range.start_line, 6);
    assert_string_equal(candidate_fact(kept, "dst_size"), "16");
    assert_string_equal(candidate_fact(kept, "src"), "argv[1] (unbounded)");
    /* and the pass found the same bug itself, with the path */
    assert_int_equal(count(&list, "c.clang-buffer-overflow"), 1);
    candidate_list_destroy(&list);
}

static void test_statement_candidates_dismissed_by_the_path(void **state)
{
    fixture_t *fx = *state;
    write_file(fx, "grow.c",
               "#include <stdlib.h>\n"
               "#include <string.h>\n"
               "char *make(size_t n) {\n"
               "    char *p = NULL;\n"
               "    p = realloc(p, n);\n"
               "    char dst[8], src[32];\n"
               "    strcpy(src, \"abc\");\n"
               "    strcpy(dst, src);\n"
               "    return p;\n"
               "}\n");
    candidate_list_t list;
    candidate_list_init(&list);
    candidate_t *c = scanner_candidate("grow.c", "c.realloc-leak", 5, 5); /* the whole statement */
    c->range.end_col = 23;
    candidate_list_push(&list, c);
    candidate_list_push(&list, scanner_candidate("grow.c", "c.strcpy-unbounded", 8, 5));
    char notice[1024];
    run(fx, NULL, "grow.c", &list, notice, sizeof(notice));
    assert_int_equal(count(&list, "c.realloc-leak"), 0);     /* realloc(NULL, n) owns nothing */
    assert_int_equal(count(&list, "c.strcpy-unbounded"), 0); /* "abc" fits in 8 bytes */
    assert_int_equal(count(&list, "c.clang-realloc-leak"), 0);
    assert_int_equal(count(&list, "c.clang-buffer-overflow"), 0);
    candidate_list_destroy(&list);
}

/* ---- headers with -p, include folders without a database ------------------------------- */

static const char header_code[] = "#include <string.h>\n"
                                  "#include \"names.h\"\n"
                                  "static inline void g(void) { char n[NAME_SIZE]; strcpy(n, \"0123456789\"); }\n";

static void test_header_borrows_its_sibling_source_command(void **state)
{
    fixture_t *fx = *state;
    write_project(fx);
    write_file(fx, "src/a.h", header_code);
    char db[128], notice[1024];
    snprintf(db, sizeof(db), "%s/build", fx->dir);
    candidate_list_t list;
    candidate_list_init(&list);
    run(fx, db, "src/a.h", &list, notice, sizeof(notice));
    assert_non_null(strstr(notice, "parsed with the flags of a.c"));
    assert_null(strstr(notice, "could not parse"));
    assert_int_equal(count(&list, "c.clang-buffer-overflow"), 1); /* -I ../include came with a.c's command */
    candidate_list_destroy(&list);
}

static void test_header_without_sibling_still_parses(void **state)
{
    fixture_t *fx = *state;
    write_project(fx);
    write_file(fx, "include/solo.h", header_code); /* libclang infers a command ending in `-- solo.h` */
    char db[128], notice[1024];
    snprintf(db, sizeof(db), "%s/build", fx->dir);
    candidate_list_t list;
    candidate_list_init(&list);
    run(fx, db, "include/solo.h", &list, notice, sizeof(notice));
    assert_null(strstr(notice, "could not parse"));
    assert_int_equal(count(&list, "c.clang-buffer-overflow"), 1);
    candidate_list_destroy(&list);
}

static void test_no_database_guesses_header_folders(void **state)
{
    fixture_t *fx = *state;
    write_file(fx, "Makefile", "all:\n"); /* the project's top folder */
    write_file(fx, "lib/names.h", header);
    write_file(fx, "src/c.c", source);
    write_file(fx, "src/partial.c", "#include <stdlib.h>\nint f(void) { char *p = malloc(2); if (!p) return "
                                    "NO_MEMORY; p[0] = 1; free(p); return 0; }\n");
    clang_options_t opts = {0};
    clang_pass_t *pass;
    char err[512], notice[1024], path[256];
    assert_int_equal(clang_pass_new(&pass, fx->pack, &opts, err, sizeof(err)), 0);
    candidate_list_t list;
    candidate_list_init(&list);
    snprintf(path, sizeof(path), "%s/src/c.c", fx->dir);
    assert_int_equal(clang_pass_run(pass, "src/c.c", path, &list, notice, sizeof(notice), err, sizeof(err)), 0);
    assert_string_equal(notice, ""); /* names.h found in lib/ */
    assert_int_equal(count(&list, "c.clang-buffer-overflow"), 1);
    snprintf(path, sizeof(path), "%s/src/partial.c", fx->dir);
    assert_int_equal(clang_pass_run(pass, "src/partial.c", path, &list, notice, sizeof(notice), err, sizeof(err)), 0);
    clang_pass_stats_t stats;
    clang_pass_stats(pass, &stats);
    assert_int_equal(stats.files, 2);
    assert_int_equal(stats.partly_parsed, 1);
    /* the NULL path past the dropped return is low, naming the function */
    int low = 0;
    for (size_t i = 0; i < list.count; i++)
        if (!strcmp(list.items[i]->rule_id, "c.clang-null-dereference")) {
            low += list.items[i]->certainty == CERTAINTY_LOW;
            const char *why = candidate_fact(list.items[i], "certainty_reason");
            assert_non_null(why);
            assert_non_null(strstr(why, "libclang could not fully parse f(): line 2: "));
        }
    assert_int_equal(low, 1);
    candidate_list_destroy(&list);
    clang_pass_free(pass);
}

/* A header whose type libclang does not know: the prototypes using it are invalid, the
 * file is counted as partly parsed, and a function calling one (the call is dropped with
 * its initialiser) has low findings naming the declaration; a function that does not
 * use it keeps its certainty. */
static void test_invalid_header_declaration_makes_its_users_low(void **state)
{
    fixture_t *fx = *state;
    write_file(fx, "w/cfg.h", "#define ev_ssize_t SSIZE_T\n"
                              "long copy_out(void *buf, ev_ssize_t len);\n");
    write_file(fx, "w/use.c", "#include <stdlib.h>\n#include \"cfg.h\"\n"
                              "#define TAKE(v, e) long v = (long)(e)\n"
                              "long f(void *buf) { TAKE(got, copy_out(buf, 4)); return got; }\n"
                              "void g(void) { char *p = malloc(4); free(p); free(p); }\n");
    char notice[1024];
    candidate_list_t list;
    candidate_list_init(&list);
    run(fx, NULL, "w/use.c", &list, notice, sizeof(notice));
    assert_non_null(strstr(notice, "libclang reported 1 error (cfg.h:2: unknown type name 'SSIZE_T')"));
    int uninit = 0, twice = 0;
    for (size_t i = 0; i < list.count; i++) {
        const candidate_t *c = list.items[i];
        if (!strcmp(c->rule_id, "c.clang-uninitialized-use")) {
            uninit++;
            assert_int_equal(c->certainty, CERTAINTY_LOW);
            const char *why = candidate_fact(c, "certainty_reason");
            assert_non_null(why);
            assert_non_null(strstr(why, "libclang could not fully parse f(): it uses copy_out, whose declaration "
                                        "libclang could not compile (cfg.h:2: unknown type name 'SSIZE_T')"));
        } else if (!strcmp(c->rule_id, "c.clang-double-free")) {
            twice++;
            assert_int_not_equal(c->certainty, CERTAINTY_LOW);
            assert_null(candidate_fact(c, "certainty_reason"));
        }
    }
    assert_int_equal(uninit, 1);
    assert_int_equal(twice, 1);
    candidate_list_destroy(&list);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_database_flags_resolve_includes),
        cmocka_unit_test(test_file_missing_from_database_borrows_sibling_flags),
        cmocka_unit_test(test_no_database_says_once_what_is_missing),
        cmocka_unit_test(test_bad_database_is_an_error_naming_it),
        cmocka_unit_test(test_unparseable_file_falls_back),
        cmocka_unit_test(test_candidates_confirmed_or_dismissed),
        cmocka_unit_test(test_statement_candidates_dismissed_by_the_path),
        cmocka_unit_test(test_header_borrows_its_sibling_source_command),
        cmocka_unit_test(test_header_without_sibling_still_parses),
        cmocka_unit_test(test_no_database_guesses_header_folders),
        cmocka_unit_test(test_invalid_header_declaration_makes_its_users_low),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
