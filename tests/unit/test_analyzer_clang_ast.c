/* test_analyzer_clang_ast.c — the AST mirror reads operators that macros wrote.
 *
 * libclang 14 has no operator API and reports code written by a macro at the macro's use,
 * so the file's tokens there are the macro's name and arguments. The mirror must still
 * know `*`, `&`, `!` and pointer assignment inside free-and-clear and set-string macros
 * (curl's Curl_safefree and GetStr), fold `*&x` to `x`, and leave unknown what it cannot
 * tell. Getting these wrong produced false use-after-free and leak reports on curl. Also:
 * a jump statement clang dropped (it could not compile it) makes the path findings low. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "analyzer/clang/clang_ast.h"
#include "analyzer/clang/clang_pass.h"
#include "analyzer/rules/rule_pack.h"
#include "tests/unit/helpers/temp_dir.h"

typedef struct {
    rule_pack_t *pack;
    clang_pass_t *pass;
    CXIndex index;
    char dir[64];
    char path[128];
} fixture_t;

static int setup(void **state)
{
    fixture_t *fx = calloc(1, sizeof(*fx));
    char err[512];
    const char *rules = getenv("ASSAY_RULES") ? getenv("ASSAY_RULES") : "rules";
    if (!fx || rule_pack_load_dir(&fx->pack, rules, err, sizeof(err)) != 0) return -1;
    clang_options_t opts = {0};
    if (clang_pass_new(&fx->pass, fx->pack, &opts, err, sizeof(err)) != 0) return -1;
    fx->index = clang_createIndex(0, 0);
    if (temp_dir_make(fx->dir, sizeof(fx->dir), "ast-test") != 0) return -1;
    snprintf(fx->path, sizeof(fx->path), "%s/case.c", fx->dir);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *fx = *state;
    clang_disposeIndex(fx->index);
    clang_pass_free(fx->pass);
    rule_pack_free(fx->pack);
    int rc = temp_dir_remove(fx->dir);
    free(fx);
    return rc;
}

static void write_case(fixture_t *fx, const char *code)
{
    FILE *f = fopen(fx->path, "w");
    assert_non_null(f);
    fputs("#include <stdlib.h>\n#include <string.h>\n", f);
    fputs(code, f);
    fclose(f);
}

/* The rule ids the whole libclang pass reports, joined by spaces ("" when none). */
static void findings(fixture_t *fx, const char *code, char *out, size_t size)
{
    write_case(fx, code);
    candidate_list_t list;
    candidate_list_init(&list);
    char notice[512], err[512];
    assert_int_equal(clang_pass_run(fx->pass, "case.c", fx->path, &list, notice, sizeof(notice), err, sizeof(err)), 0);
    out[0] = 0;
    for (size_t i = 0; i < list.count; i++) {
        if (out[0]) strncat(out, " ", size - strlen(out) - 1);
        strncat(out, list.items[i]->rule_id, size - strlen(out) - 1);
    }
    candidate_list_destroy(&list);
}

/* Collects the operators of one function's nodes of a kind, in tree order. */
static void ops_of(const cnode_t *n, enum CXCursorKind kind, char *out, size_t size)
{
    if (n->kind == kind) {
        strncat(out, n->op[0] ? n->op : "?", size - strlen(out) - 1);
        strncat(out, " ", size - strlen(out) - 1);
    }
    for (uint32_t i = 0; i < n->kid_count; i++) ops_of(n->kids[i], kind, out, size);
}

static void operators(fixture_t *fx, const char *code, const char *function, enum CXCursorKind kind, char *out,
                      size_t size)
{
    write_case(fx, code);
    CXTranslationUnit tu = clang_parseTranslationUnit(fx->index, fx->path, NULL, 0, NULL, 0, 0);
    assert_non_null(tu);
    clang_unit_t *unit = NULL;
    assert_int_equal(clang_unit_build(&unit, tu), 0);
    const cfunc_t *f = clang_unit_function(unit, function);
    assert_non_null(f);
    out[0] = 0;
    ops_of(f->body, kind, out, size);
    clang_unit_free(unit);
    clang_disposeTranslationUnit(tu);
}

static const char safefree[] =
    "#define SAFEFREE(ptr) do { free((ptr)); (ptr) = NULL; } while (0)\n"
    "#define SETSTR(str, val) do { if (*(str)) { free(*(str)); *(str) = NULL; } \\\n"
    "    if ((val)) { *(str) = strdup((val)); if (!(*(str))) return 1; } } while (0)\n";

static void test_operators_written_by_macros(void **state)
{
    fixture_t *fx = *state;
    char code[1024], got[256];
    snprintf(code, sizeof code, "%s%s", safefree,
             "void take(char **file, char *name)\n{\n    SAFEFREE(*file);\n    *file = name;\n}\n");
    operators(fx, code, "take", CXCursor_UnaryOperator, got, sizeof got);
    assert_string_equal(got, "* * * ");
    operators(fx, code, "take", CXCursor_BinaryOperator, got, sizeof got);
    assert_string_equal(got, "= = ");
    snprintf(code, sizeof code, "%s%s", safefree,
             "int set(const char *p)\n{\n    char *s = NULL;\n    SETSTR(&s, p);\n    free(s);\n    return 0;\n}\n");
    operators(fx, code, "set", CXCursor_UnaryOperator, got, sizeof got);
    /* *(&s) in the if, the free, the clearing, the strdup store and !(*(&s)) */
    assert_string_equal(got, "* & * & * & * & ! * & ");
}

static void test_unknown_macro_operators_stay_unknown(void **state)
{
    fixture_t *fx = *state;
    char got[256];
    /* integer arithmetic inside a macro: the types cannot tell + from - or * */
    operators(fx, "#define SCALE(a, b) ((a) * (b) + 1)\nint f(int x, int y)\n{\n    return SCALE(x, y);\n}\n", "f",
              CXCursor_BinaryOperator, got, sizeof got);
    assert_string_equal(got, "? ? ");
    /* written in the file: read from the tokens */
    operators(fx, "int g(int x, int y)\n{\n    return x * y + 1;\n}\n", "g", CXCursor_BinaryOperator, got, sizeof got);
    assert_string_equal(got, "+ * ");
}

static void test_no_false_use_after_free_or_leak(void **state)
{
    fixture_t *fx = *state;
    char code[1024], got[256];
    snprintf(code, sizeof code, "%s%s", safefree,
             "void take(char **file, char **pass, char *name, char *word)\n{\n    SAFEFREE(*file);\n"
             "    *file = name;\n    if (word) {\n        SAFEFREE(*pass);\n        *pass = word;\n    }\n}\n");
    findings(fx, code, got, sizeof got);
    assert_string_equal(got, "");
    snprintf(code, sizeof code, "%s%s", safefree,
             "void use(char *);\nint set(const char *p)\n{\n    char *s = NULL;\n    SETSTR(&s, p);\n"
             "    if (!s) {\n        s = strdup(\"\");\n        if (!s)\n            return 2;\n    }\n"
             "    use(s);\n    free(s);\n    return 0;\n}\n");
    findings(fx, code, got, sizeof got);
    assert_string_equal(got, "");
}

static void test_real_flaws_through_macros_still_found(void **state)
{
    fixture_t *fx = *state;
    char got[256];
    findings(fx,
             "#define RELEASE(p) free(p)\nvoid f(void)\n{\n    char *b = malloc(8);\n    if (!b)\n        return;\n"
             "    RELEASE(b);\n    b[0] = 1;\n}\n",
             got, sizeof got);
    assert_string_equal(got, "c.clang-use-after-free");
    /* a store through *&p is a store to p */
    findings(fx, "char *keep;\nvoid g(void)\n{\n    char buf[4];\n    char *p = malloc(4);\n    keep = p;\n"
                 "    *&p = buf;\n    free(p);\n}\n", got, sizeof got);
    assert_string_equal(got, "c.clang-free-non-heap");
}

/* The certainties of the findings, joined by spaces. */
static void certainties(fixture_t *fx, const char *code, char *out, size_t size)
{
    write_case(fx, code);
    candidate_list_t list;
    candidate_list_init(&list);
    char notice[512], err[512];
    assert_int_equal(clang_pass_run(fx->pass, "case.c", fx->path, &list, notice, sizeof(notice), err, sizeof(err)), 0);
    out[0] = 0;
    for (size_t i = 0; i < list.count; i++) {
        if (out[0]) strncat(out, " ", size - strlen(out) - 1);
        strncat(out, list.items[i]->rule_id, size - strlen(out) - 1);
        strncat(out, "/", size - strlen(out) - 1);
        strncat(out, certainty_name(list.items[i]->certainty), size - strlen(out) - 1);
    }
    candidate_list_destroy(&list);
}

static void test_statements_libclang_dropped_lower_certainty(void **state)
{
    fixture_t *fx = *state;
    char got[256];
    /* the enum is in a header that is missing: clang drops the whole return statement, so
     * the walk runs on past the NULL check */
    certainties(fx,
                "#include \"no_such_header.h\"\nint add(char **out, const char *host)\n{\n"
                "    char *dup = strdup(host);\n    if (!dup)\n        return ERR_OUT_OF_MEMORY;\n"
                "    dup[0] = 'x';\n    *out = dup;\n    return 0;\n}\n",
                got, sizeof got);
    assert_string_equal(got, "c.clang-null-dereference/low");
    /* the same code compiled whole: the return ends the path, nothing is reported */
    certainties(fx,
                "enum { ERR_OUT_OF_MEMORY = 27 };\nint add(char **out, const char *host)\n{\n"
                "    char *dup = strdup(host);\n    if (!dup)\n        return ERR_OUT_OF_MEMORY;\n"
                "    dup[0] = 'x';\n    *out = dup;\n    return 0;\n}\n",
                got, sizeof got);
    assert_string_equal(got, "");
    /* an error elsewhere in the file does not lower a finding of a function clang compiled whole */
    certainties(fx,
                "#include \"no_such_header.h\"\nvoid f(void)\n{\n    char *p = malloc(4);\n    free(p);\n"
                "    free(p);\n}\n",
                got, sizeof got);
    assert_string_equal(got, "c.clang-double-free/high");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_operators_written_by_macros),
        cmocka_unit_test(test_unknown_macro_operators_stay_unknown),
        cmocka_unit_test(test_no_false_use_after_free_or_leak),
        cmocka_unit_test(test_real_flaws_through_macros_still_found),
        cmocka_unit_test(test_statements_libclang_dropped_lower_certainty),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
