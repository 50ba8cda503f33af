/* test_clang_context.c — the definitions a function refers to, from libclang: the fixture
 * tests/unit/fixtures/context/append.c (a struct through a typedef in a project header, an
 * enum, a typedef, macros, a file-scope variable, a small and a long callee, library calls)
 * asked at its flagged line gives exactly the expected definitions in the expected order;
 * the limits, lines outside functions, the unsaved text, the compile command and code that
 * does not fully compile. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analyzer/clang/clang_context.h"
#include "tests/unit/helpers/temp_dir.h"

#define FIXTURE "tests/unit/fixtures/context/append.c"

typedef struct {
    char *text;
    size_t length;
    unsigned flagged; /* the line marked "flagged" */
} fixture_t;

static char *read_all(const char *path, size_t *length)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = malloc(1 << 16);
    assert_non_null(buf);
    *length = fread(buf, 1, (1 << 16) - 1, f);
    buf[*length] = 0;
    fclose(f);
    return buf;
}

/* The 1-based line of the first line holding marker. */
static unsigned line_of(const char *text, const char *marker)
{
    const char *at = strstr(text, marker);
    assert_non_null(at);
    unsigned line = 1;
    for (const char *p = text; p < at; p++) line += *p == '\n';
    return line;
}

static int setup(void **state)
{
    fixture_t *fx = calloc(1, sizeof(*fx));
    if (!fx) return -1;
    fx->text = read_all(FIXTURE, &fx->length);
    fx->flagged = line_of(fx->text, "/* flagged */");
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *fx = *state;
    free(fx->text);
    free(fx);
    return 0;
}

/* Parses text as the fixture file (options may be NULL) and collects for lines. */
static void collect(const clang_options_t *opts, const char *path, const char *text, unsigned first, unsigned last,
                    const clang_context_limits_t *limits, clang_context_list_t *list)
{
    clang_context_t *ctx;
    char err[512];
    assert_int_equal(clang_context_new(&ctx, opts, err, sizeof(err)), 0);
    clang_context_file_t *file;
    if (clang_context_parse(ctx, &file, path, text, strlen(text), err, sizeof(err)) != 0) fail_msg("%s", err);
    clang_context_list_init(list);
    assert_int_equal(clang_context_collect(file, first, last, limits, list, err, sizeof(err)), 0);
    clang_context_file_free(file);
    clang_context_free(ctx);
}

static const char *base(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static void print_list(const clang_context_list_t *list)
{
    for (size_t i = 0; i < list->count; i++) {
        const clang_context_item_t *it = &list->items[i];
        fprintf(stderr, "  %zu: %s %s %s:%u%s%s\n", i, clang_context_kind_name(it->kind), it->name, base(it->file),
                it->line, it->on_line ? " (on line)" : "", it->library ? " (library)" : "");
    }
}

typedef struct {
    clang_context_kind_t kind;
    const char *name, *file;
    bool on_line, library;
} expect_t;

static void expect_list(const clang_context_list_t *list, const expect_t *want, size_t n)
{
    bool same = list->count == n;
    for (size_t i = 0; same && i < n; i++) {
        const clang_context_item_t *it = &list->items[i];
        same = it->kind == want[i].kind && !strcmp(it->name, want[i].name) && !strcmp(base(it->file), want[i].file) &&
               it->on_line == want[i].on_line && it->library == want[i].library;
    }
    if (!same) print_list(list);
    assert_true(same);
}

static const clang_context_item_t *find(const clang_context_list_t *list, const char *name)
{
    for (size_t i = 0; i < list->count; i++)
        if (!strcmp(list->items[i].name, name)) return &list->items[i];
    return NULL;
}

static void test_flagged_line_definitions_in_order(void **state)
{
    fixture_t *fx = *state;
    clang_context_list_t list;
    collect(NULL, FIXTURE, fx->text, fx->flagged, fx->flagged, NULL, &list);
    static const expect_t want[] = {
        /* on the flagged line, in the order they are referenced there */
        {CLANG_CONTEXT_STRUCT, "buf", "buf.h", true, false},
        {CLANG_CONTEXT_PROTOTYPE, "realloc", "stdlib.h", true, true},
        {CLANG_CONTEXT_FUNCTION, "next_size", "append.c", true, false},
        {CLANG_CONTEXT_MACRO, "PAD", "append.c", true, false},
        /* then the rest of the function, in order of first reference */
        {CLANG_CONTEXT_TYPEDEF, "buf_t", "buf.h", false, false},
        {CLANG_CONTEXT_ENUM, "mode", "append.c", false, false},
        {CLANG_CONTEXT_TYPEDEF, "count_t", "append.c", false, false},
        {CLANG_CONTEXT_PROTOTYPE, "strlen", "string.h", false, true},
        {CLANG_CONTEXT_VARIABLE, "calls", "append.c", false, false},
        {CLANG_CONTEXT_MACRO, "MAX_LEN", "append.c", false, false},
        {CLANG_CONTEXT_MACRO, "IS_EMPTY", "append.c", false, false},
        {CLANG_CONTEXT_PROTOTYPE, "check_length", "append.c", false, false},
        {CLANG_CONTEXT_PROTOTYPE, "memcpy", "string.h", false, true},
    };
    expect_list(&list, want, sizeof(want) / sizeof(*want));
    assert_string_equal(list.function, "buf_append");
    assert_int_equal(list.function_first_line, line_of(fx->text, "int buf_append("));
    assert_true(list.function_last_line > fx->flagged);

    /* the texts: exact source text, a declaration with its ';', rebuilt library prototypes */
    assert_string_equal(list.items[0].text, "struct buf {\n    char *data;\n    size_t len;\n};");
    assert_int_equal(list.items[0].line, 8);
    assert_string_equal(list.items[1].text, "void *realloc(void *ptr, size_t size);");
    assert_string_equal(list.items[2].text, "static size_t next_size(size_t n)\n{\n    return n + 16;\n}");
    assert_int_equal(list.items[2].line, line_of(fx->text, "static size_t next_size"));
    assert_string_equal(list.items[3].text, "#define PAD 1");
    assert_string_equal(list.items[4].text, "typedef struct buf buf_t;");
    assert_string_equal(list.items[5].text, "enum mode { MODE_FAST, MODE_SAFE };");
    assert_string_equal(list.items[8].text, "static int calls;");
    assert_string_equal(list.items[10].text, "#define IS_EMPTY(s) ((s)[0] == 0)");
    assert_string_equal(list.items[11].text, "static int check_length(count_t n);"); /* 17 lines: too long */
    assert_string_equal(list.items[12].text, "void *memcpy(void *restrict dest, const void *restrict src, size_t n);");
    /* what the function does not use is not there */
    assert_null(find(&list, "NEVER_USED"));
    assert_null(find(&list, "unused"));
    clang_context_list_destroy(&list);
}

static void test_limits(void **state)
{
    fixture_t *fx = *state;
    clang_context_list_t list;
    clang_context_limits_t tight = {.small_callee_lines = 2};
    collect(NULL, FIXTURE, fx->text, fx->flagged, fx->flagged, &tight, &list);
    const clang_context_item_t *it = find(&list, "next_size");
    assert_non_null(it);
    assert_int_equal(it->kind, CLANG_CONTEXT_PROTOTYPE);
    assert_string_equal(it->text, "static size_t next_size(size_t n);");
    clang_context_list_destroy(&list);

    clang_context_limits_t loose = {.small_callee_lines = 40};
    collect(NULL, FIXTURE, fx->text, fx->flagged, fx->flagged, &loose, &list);
    it = find(&list, "check_length");
    assert_non_null(it);
    assert_int_equal(it->kind, CLANG_CONTEXT_FUNCTION);
    assert_non_null(strstr(it->text, "return 0;\n}"));
    clang_context_list_destroy(&list);

    clang_context_limits_t few = {.max_items = 3};
    collect(NULL, FIXTURE, fx->text, fx->flagged, fx->flagged, &few, &list);
    assert_int_equal(list.count, 3);
    assert_string_equal(list.items[2].name, "next_size");
    clang_context_list_destroy(&list);
}

static void test_large_records_show_the_members_used(void **state)
{
    (void)state;
    static const char code[] = "struct big {\n"         /* 1 */
                               "    int a;\n"
                               "    int b;\n"
                               "    char *name;\n"
                               "    long c, d;\n"       /* 5 */
                               "};\n"
                               "typedef enum {\n"
                               "    RED,\n"
                               "    GREEN,\n"
                               "    BLUE\n"             /* 10 */
                               "} colour_t;\n"
                               "int f(struct big *p, colour_t c)\n"
                               "{\n"
                               "    return p->b + (p->name != 0) + (c == GREEN);\n"
                               "}\n";
    clang_context_list_t list;
    clang_context_limits_t limits = {.large_record_lines = 3};
    collect(NULL, "tests/unit/fixtures/context/big.c", code, 14, 14, &limits, &list);
    const clang_context_item_t *big = find(&list, "big");
    assert_non_null(big);
    assert_string_equal(big->text, "struct big {\n    /* ... */\n    int b;\n    char *name;\n    /* ... */\n};");
    const clang_context_item_t *colour = find(&list, "colour_t");
    assert_non_null(colour);
    assert_string_equal(colour->text, "typedef enum {\n    /* ... */\n    GREEN,\n    /* ... */\n} colour_t;");
    assert_int_equal(list.count, 2); /* the enum inside the typedef is not listed again */
    clang_context_list_destroy(&list);

    /* a designated initializer's field counts as used */
    static const char init[] = "struct big {\n"
                               "    int a;\n"
                               "    int b;\n"
                               "    char *name;\n"
                               "    long c, d;\n"
                               "};\n"
                               "int g(void)\n"
                               "{\n"
                               "    struct big v = {.name = 0, .a = 1};\n"
                               "    return v.b;\n"
                               "}\n";
    collect(NULL, "tests/unit/fixtures/context/init.c", init, 10, 10, &limits, &list);
    assert_int_equal(list.count, 1);
    assert_string_equal(list.items[0].text, "struct big {\n    int a;\n    int b;\n    char *name;\n    /* ... */\n};");
    assert_true(list.items[0].on_line);
    clang_context_list_destroy(&list);

    /* at the default limit both are small enough to show whole */
    collect(NULL, "tests/unit/fixtures/context/big.c", code, 14, 14, NULL, &list);
    assert_string_equal(find(&list, "big")->text,
                        "struct big {\n    int a;\n    int b;\n    char *name;\n    long c, d;\n};");
    clang_context_list_destroy(&list);
}

static void test_lines_elsewhere(void **state)
{
    fixture_t *fx = *state;
    clang_context_list_t list;
    /* a #define line lies outside every declaration */
    collect(NULL, FIXTURE, fx->text, line_of(fx->text, "#define PAD"), 0, NULL, &list);
    assert_int_equal(list.count, 0);
    assert_null(list.function);
    clang_context_list_destroy(&list);
    /* inside the small callee: its own function, which refers to nothing of the project */
    unsigned inside = line_of(fx->text, "return n + 16;");
    collect(NULL, FIXTURE, fx->text, inside, inside, NULL, &list);
    assert_string_equal(list.function, "next_size");
    assert_int_equal(list.count, 0);
    clang_context_list_destroy(&list);
    /* a range of lines: both lines' references count as flagged */
    unsigned first = line_of(fx->text, "count_t len =");
    collect(NULL, FIXTURE, fx->text, first, first + 1, NULL, &list);
    const clang_context_item_t *calls = find(&list, "calls");
    assert_non_null(calls);
    assert_true(calls->on_line);
    assert_true(find(&list, "count_t")->on_line);
    assert_false(find(&list, "buf")->on_line);
    clang_context_list_destroy(&list);
}

static void test_more_flagged_lines(void **state)
{
    fixture_t *fx = *state;
    clang_context_t *ctx;
    clang_context_file_t *file;
    char err[512];
    assert_int_equal(clang_context_new(&ctx, NULL, err, sizeof(err)), 0);
    assert_int_equal(clang_context_parse(ctx, &file, FIXTURE, fx->text, fx->length, err, sizeof(err)), 0);
    clang_context_list_t list;
    clang_context_list_init(&list);
    /* the finding at "calls++", a step of its path at the memcpy line */
    unsigned at = line_of(fx->text, "calls++"), step = line_of(fx->text, "memcpy(");
    assert_int_equal(clang_context_collect_lines(file, at, at, &step, 1, NULL, &list, err, sizeof(err)), 0);
    assert_string_equal(list.function, "buf_append");
    static const expect_t want_first[] = {
        {CLANG_CONTEXT_VARIABLE, "calls", "append.c", true, false},
        {CLANG_CONTEXT_PROTOTYPE, "memcpy", "string.h", true, true},
        {CLANG_CONTEXT_STRUCT, "buf", "buf.h", true, false},
        {CLANG_CONTEXT_TYPEDEF, "buf_t", "buf.h", false, false},
    };
    /* the first four: the flagged lines' definitions, then the function's others */
    assert_true(list.count > 4);
    bool same = true;
    for (size_t i = 0; i < 4; i++) {
        const clang_context_item_t *it = &list.items[i];
        same &= it->kind == want_first[i].kind && !strcmp(it->name, want_first[i].name) &&
                !strcmp(base(it->file), want_first[i].file) && it->on_line == want_first[i].on_line &&
                it->library == want_first[i].library;
    }
    if (!same) print_list(&list);
    assert_true(same);
    clang_context_list_destroy(&list);
    clang_context_file_free(file);
    clang_context_free(ctx);
}

static void test_unsaved_text_is_used(void **state)
{
    fixture_t *fx = *state;
    /* the same file with the flagged line edited in memory: MAX_LEN instead of PAD */
    char *edited = strdup(fx->text);
    assert_non_null(edited);
    char *pad = strstr(edited, "len + PAD)");
    assert_non_null(pad);
    memcpy(pad, "len + 1  ", 9);
    clang_context_list_t list;
    collect(NULL, FIXTURE, edited, fx->flagged, fx->flagged, NULL, &list);
    assert_null(find(&list, "PAD"));
    assert_false(find(&list, "MAX_LEN")->on_line);
    assert_int_equal(list.items[3].kind, CLANG_CONTEXT_TYPEDEF); /* buf_t follows next_size */
    clang_context_list_destroy(&list);
    free(edited);
}

static void test_compile_command_is_used(void **state)
{
    (void)state;
    static const char code[] = "#ifdef WIDE\n"
                               "typedef long width_t;\n"
                               "#else\n"
                               "typedef short width_t;\n"
                               "#endif\n"
                               "int f(void)\n"
                               "{\n"
                               "    width_t w = 0;\n"
                               "    return (int)w;\n"
                               "}\n";
    clang_context_list_t list;
    collect(NULL, "tests/unit/fixtures/context/width.c", code, 8, 8, NULL, &list);
    assert_int_equal(list.count, 1);
    assert_string_equal(list.items[0].text, "typedef short width_t;");
    clang_context_list_destroy(&list);

    const char *extra[] = {"-DWIDE"};
    clang_options_t opts = {.extra_args = extra, .extra_arg_count = 1};
    collect(&opts, "tests/unit/fixtures/context/width.c", code, 8, 8, NULL, &list);
    assert_int_equal(list.count, 1);
    assert_string_equal(list.items[0].text, "typedef long width_t;");
    clang_context_list_destroy(&list);

    /* from a compilation database */
    char dir[256], path[512], db[1024];
    assert_int_equal(temp_dir_make(dir, sizeof(dir), "clang-context"), 0);
    assert_int_equal(temp_dir_write(path, sizeof(path), dir, "w.c", code), 0);
    snprintf(db, sizeof(db), "[{\"directory\": \"%s\", \"file\": \"w.c\", \"command\": \"cc -DWIDE -c w.c\"}]", dir);
    assert_int_equal(temp_dir_write(path, sizeof(path), dir, "compile_commands.json", db), 0);
    clang_options_t with_db = {.compile_commands = dir};
    snprintf(path, sizeof(path), "%s/w.c", dir);
    collect(&with_db, path, code, 8, 8, NULL, &list);
    assert_int_equal(list.count, 1);
    assert_string_equal(list.items[0].text, "typedef long width_t;");
    clang_context_list_destroy(&list);
    assert_int_equal(temp_dir_remove(dir), 0);
}

static void test_code_that_does_not_compile(void **state)
{
    (void)state;
    /* a missing header and an unknown name: what libclang did see is still followed (an
     * expression holding the unknown name itself is lost to libclang 14's recovery) */
    static const char code[] = "#include \"no_such_header.h\"\n"
                               "struct point { int x, y; };\n"
                               "#define ORIGIN 0\n"
                               "int g(struct point *p)\n"
                               "{\n"
                               "    int base = unknown_thing;\n"
                               "    return p->x + ORIGIN + base;\n"
                               "}\n";
    clang_context_list_t list;
    collect(NULL, "tests/unit/fixtures/context/broken.c", code, 7, 7, NULL, &list);
    assert_string_equal(list.function, "g");
    static const expect_t want[] = {
        {CLANG_CONTEXT_STRUCT, "point", "broken.c", true, false},
        {CLANG_CONTEXT_MACRO, "ORIGIN", "broken.c", true, false},
    };
    expect_list(&list, want, 2);
    clang_context_list_destroy(&list);
}

static void test_parse_last_reuses_the_same_text(void **state)
{
    fixture_t *fx = *state;
    clang_context_t *ctx;
    char err[512];
    assert_int_equal(clang_context_new(&ctx, NULL, err, sizeof(err)), 0);
    clang_context_file_t *first, *again, *edited;
    assert_int_equal(clang_context_parse_last(ctx, &first, FIXTURE, fx->text, fx->length, err, sizeof(err)), 0);
    assert_int_equal(clang_context_parse_last(ctx, &again, FIXTURE, fx->text, fx->length, err, sizeof(err)), 0);
    assert_ptr_equal(first, again);
    /* one byte different: parsed anew, and the new text is what is seen */
    char *copy = strdup(fx->text);
    assert_non_null(copy);
    char *pad = strstr(copy, "+ PAD)");
    pad[2] = 'Q'; /* QAD: an unknown name */
    assert_int_equal(clang_context_parse_last(ctx, &edited, FIXTURE, copy, fx->length, err, sizeof(err)), 0);
    clang_context_list_t list;
    clang_context_list_init(&list);
    assert_int_equal(clang_context_collect(edited, fx->flagged, fx->flagged, NULL, &list, err, sizeof(err)), 0);
    assert_null(find(&list, "PAD"));
    assert_non_null(find(&list, "buf"));
    clang_context_list_destroy(&list);
    free(copy);
    clang_context_free(ctx); /* frees the kept file too */
}

static void test_errors(void **state)
{
    (void)state;
    clang_context_t *ctx;
    char err[512];
    clang_options_t bad = {.compile_commands = "/nonexistent/assay/compile_commands.json"};
    assert_int_equal(clang_context_new(&ctx, &bad, err, sizeof(err)), -1);
    assert_null(ctx);
    assert_non_null(strstr(err, "/nonexistent/assay"));
    clang_context_free(NULL);
    clang_context_file_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flagged_line_definitions_in_order),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_large_records_show_the_members_used),
        cmocka_unit_test(test_lines_elsewhere),
        cmocka_unit_test(test_more_flagged_lines),
        cmocka_unit_test(test_unsaved_text_is_used),
        cmocka_unit_test(test_compile_command_is_used),
        cmocka_unit_test(test_code_that_does_not_compile),
        cmocka_unit_test(test_parse_last_reuses_the_same_text),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
