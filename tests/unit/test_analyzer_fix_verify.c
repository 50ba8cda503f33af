/* test_analyzer_fix_verify.c — the fix verifier (analyzer/fix/fix_verify.h) on real code
 * with the real rule pack and libclang: for each of its six checks a fix that fails exactly
 * that check (and the reason names it); for every rule with a fix template today, the
 * template's own fix is accepted on a plain case and a plausible hand-written wrong fix is
 * rejected by the check that should catch it; fix_patch (applying edits, following lines)
 * on its own; fixes of one file verified in a row reuse what was learnt of the original
 * without mixing files up. */
#include <dirent.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analyzer/fix/fix_patch.h"
#include "analyzer/fix/fix_verify.h"
#include "analyzer/lint/lint_buffer.h"
#include "analyzer/lint/merge_findings.h"
#include "analyzer/rules/rule_pack.h"
#include "tests/unit/helpers/temp_dir.h"

typedef struct {
    char root[256];
    rule_pack_t *pack;
    clang_options_t clang;
    lint_context_t ctx;
    fix_verifier_t *verifier;
} fixture_t;

static int setup(void **state)
{
    fixture_t *fx = calloc(1, sizeof(*fx));
    char err[512] = "";
    const char *rules = getenv("ASSAY_RULES") ? getenv("ASSAY_RULES") : "rules";
    if (!fx || rule_pack_load_dir(&fx->pack, rules, err, sizeof(err)) != 0) {
        fprintf(stderr, "cannot load rules from %s: %s\n", rules, err);
        free(fx);
        return -1;
    }
    if (temp_dir_make(fx->root, sizeof(fx->root), "fix-verify") != 0) return -1;
    fx->clang = (clang_options_t){.repo_root = fx->root};
    fx->ctx = (lint_context_t){.pack = fx->pack, .clang = &fx->clang, .repo_root = fx->root};
    if (fix_verifier_new(&fx->verifier, &fx->ctx, err, sizeof(err)) != 0) {
        fprintf(stderr, "cannot create a verifier: %s\n", err);
        return -1;
    }
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *fx = *state;
    fix_verifier_free(fx->verifier);
    rule_pack_free(fx->pack);
    int rc = temp_dir_remove(fx->root);
    free(fx);
    return rc;
}

/* ---- building fixes by text ----------------------------------------------------------- */

/* An edit written as text: on `line`, the first `old` is replaced by `new_text`; with
 * after set, new_text is inserted right after `old` instead. */
typedef struct {
    uint32_t line;
    const char *old;
    const char *new_text;
    int after;
} text_edit_t;

/* Adds edit to fix, finding its columns in code; fails the test when old is not there. */
static void add_text_edit(fix_t *fix, const char *code, const text_edit_t *edit)
{
    const char *line = code;
    for (uint32_t l = 1; l < edit->line; l++) {
        line = strchr(line, '\n');
        assert_non_null(line);
        line++;
    }
    const char *end = strchr(line, '\n');
    size_t line_len = end ? (size_t)(end - line) : strlen(line);
    const char *at = NULL;
    size_t old_len = strlen(edit->old);
    for (size_t i = 0; i + old_len <= line_len && !at; i++)
        if (memcmp(line + i, edit->old, old_len) == 0) at = line + i;
    if (!at) fail_msg("'%s' is not on line %u", edit->old, (unsigned)edit->line);
    uint32_t col = (uint32_t)(at - line) + 1;
    source_range_t r = {0};
    r.start_line = r.end_line = edit->line;
    r.start_col = edit->after ? col + (uint32_t)old_len : col;
    r.end_col = col + (uint32_t)old_len;
    assert_int_equal(fix_add_edit(fix, r, edit->new_text), 0);
}

static void print_candidates(const candidate_list_t *list)
{
    for (size_t i = 0; i < list->count; i++) {
        const candidate_t *c = list->items[i];
        fprintf(stderr, "  %u:%u %s%s %s\n", (unsigned)c->range.start_line, (unsigned)c->range.start_col, c->rule_id,
                c->fix ? " (fix)" : "", c->message);
    }
}

/* Lints code as case.c, takes the finding of rule (reported under it, or merged into
 * another engine's finding) on line and verifies a fix for it: the
 * hand-written edits, or (edits NULL) the fix the rule's template drafted. */
static fix_verdict_t verify_case(fixture_t *fx, const char *code, const char *rule, uint32_t line,
                                 const text_edit_t *edits, size_t edit_count)
{
    lint_file_result_t result;
    lint_file_result_init(&result);
    char err[512] = "";
    assert_int_equal(lint_buffer(&result, &fx->ctx, "case.c", code, strlen(code), err, sizeof(err)), 0);
    const candidate_t *finding = NULL;
    for (size_t i = 0; i < result.candidates.count && !finding; i++) {
        const candidate_t *c = result.candidates.items[i];
        if (c->range.start_line == line && merge_findings_names(c, rule)) finding = c; /* maybe merged */
    }
    if (!finding) {
        print_candidates(&result.candidates);
        fail_msg("no %s finding on line %u", rule, (unsigned)line);
    }
    fix_t *own = NULL;
    const fix_t *fix = finding->fix;
    if (edits) {
        own = fix_new("hand-written", false);
        assert_non_null(own);
        for (size_t i = 0; i < edit_count; i++) add_text_edit(own, code, &edits[i]);
        fix = own;
    } else if (!fix) {
        print_candidates(&result.candidates);
        fail_msg("the %s finding on line %u has no template fix", rule, (unsigned)line);
    }
    fix_verdict_t verdict;
    assert_int_equal(fix_verify(fx->verifier, &verdict, "case.c", code, strlen(code), finding, fix, err, sizeof(err)),
                     0);
    fix_free(own);
    lint_file_result_destroy(&result);
    return verdict;
}

#define EXPECT_ACCEPTED(v)                                                      \
    do {                                                                        \
        fix_verdict_t v_ = (v);                                                 \
        if (!v_.accepted) fail_msg("rejected: %s", v_.reason);                  \
        assert_int_equal(v_.failed, FIX_CHECK_NONE);                            \
        assert_string_equal(v_.reason, "");                                     \
    } while (0)

#define EXPECT_REJECTED(v, check, words)                                        \
    do {                                                                        \
        fix_verdict_t v_ = (v);                                                 \
        if (v_.accepted) fail_msg("accepted, expected check (%c)", (char)(check)); \
        if (v_.failed != (check) || !strstr(v_.reason, (words)))                \
            fail_msg("expected check (%c) '%s', got: %s", (char)(check), (words), v_.reason); \
    } while (0)

#define N(edits) (sizeof(edits) / sizeof((edits)[0]))

/* ---- one case per check ---------------------------------------------------------------- */

static const char strcpy_code[] = "#include <stdio.h>\n"
                                  "#include <string.h>\n"
                                  "int other(void) { return 0; }\n"
                                  "int main(int argc, char **argv)\n"
                                  "{\n"
                                  "    char target[16];\n"
                                  "    if (argc < 2) return 1;\n"
                                  "    strcpy(target, argv[1]);\n"
                                  "    puts(target);\n"
                                  "    return other();\n"
                                  "}\n";
#define STRCPY_RULE "c.clang-buffer-overflow"

static void test_template_fix_of_strcpy_is_accepted(void **state)
{
    EXPECT_ACCEPTED(verify_case(*state, strcpy_code, STRCPY_RULE, 8, NULL, 0));
}

static void test_check_e_edit_outside_the_function(void **state)
{
    const text_edit_t edits[] = {{8, "strcpy(target, argv[1])", "snprintf(target, sizeof target, \"%s\", argv[1])", 0},
                                 {3, "return 0", "return 1", 0}};
    EXPECT_REJECTED(verify_case(*state, strcpy_code, STRCPY_RULE, 8, edits, N(edits)), FIX_CHECK_SCOPE,
                    "check (e) scope: the edit at line 3 is outside the function 'main' (lines 4-11)");
}

static void test_check_f_empty_edit(void **state)
{
    const text_edit_t edits[] = {{8, "strcpy", "", 1}};
    EXPECT_REJECTED(verify_case(*state, strcpy_code, STRCPY_RULE, 8, edits, N(edits)), FIX_CHECK_EDIT,
                    "check (f) edit: edit 1 at line 8 is empty");
}

static void test_check_f_no_edit_at_all(void **state)
{
    EXPECT_REJECTED(verify_case(*state, strcpy_code, STRCPY_RULE, 8, (const text_edit_t[]){{0}}, 0),
                    FIX_CHECK_EDIT, "the fix has no edit");
}

static void test_check_f_deleting_the_flagged_code(void **state)
{
    const text_edit_t edits[] = {{8, "strcpy(target, argv[1]);", "", 0}};
    EXPECT_REJECTED(verify_case(*state, strcpy_code, STRCPY_RULE, 8, edits, N(edits)), FIX_CHECK_EDIT,
                    "deletes the flagged code without replacing it");
}

static void test_check_f_overlapping_edits(void **state)
{
    const text_edit_t edits[] = {{8, "strcpy(target", "snprintf(target", 0}, {8, "target, argv", "t, argv", 0}};
    EXPECT_REJECTED(verify_case(*state, strcpy_code, STRCPY_RULE, 8, edits, N(edits)), FIX_CHECK_EDIT,
                    "edits overlap at line 8");
}

static void test_check_a_syntax_error(void **state)
{
    const text_edit_t edits[] = {{8, "strcpy(target, argv[1]);", "snprintf(target, sizeof target, \"%s\", argv[1]", 0}};
    EXPECT_REJECTED(verify_case(*state, strcpy_code, STRCPY_RULE, 8, edits, N(edits)), FIX_CHECK_SYNTAX,
                    "check (a) syntax: ");
}

static void test_check_b_new_compile_error(void **state)
{
    const text_edit_t edits[] = {{8, "strcpy(target, argv[1])", "snprintf(target, sizeof target, \"%s\", argv[n])", 0}};
    EXPECT_REJECTED(verify_case(*state, strcpy_code, STRCPY_RULE, 8, edits, N(edits)), FIX_CHECK_COMPILE,
                    "check (b) compile: new error \"use of undeclared identifier 'n'\" at line 8");
}

static void test_check_b_new_compile_warning(void **state)
{
    const text_edit_t edits[] = {{8, "strcpy(target, argv[1])", "snprintf(target, argv[1], \"%s\", argv[1])", 0}};
    EXPECT_REJECTED(verify_case(*state, strcpy_code, STRCPY_RULE, 8, edits, N(edits)), FIX_CHECK_COMPILE,
                    "check (b) compile: new warning ");
}

static void test_check_c_finding_still_fires(void **state)
{
    const text_edit_t edits[] = {{8, "argv[1]", "argv[argc - 1]", 0}};
    EXPECT_REJECTED(verify_case(*state, strcpy_code, STRCPY_RULE, 8, edits, N(edits)), FIX_CHECK_FINDING,
                    "check (c) finding: the finding still fires at line 8");
}

static void test_check_d_new_finding(void **state)
{
    /* strncpy bounds the copy but leaves target unterminated: another rule flags it */
    const text_edit_t edits[] = {{8, "strcpy(target, argv[1])", "strncpy(target, argv[1], sizeof target)", 0}};
    EXPECT_REJECTED(verify_case(*state, strcpy_code, STRCPY_RULE, 8, edits, N(edits)), FIX_CHECK_NEW_FINDING,
                    "check (d) new finding: c.strncpy-unterminated at line 8");
}

/* A file that already has a syntax error and a finding elsewhere: the fix is judged only
 * by what it changes, and lines that moved are followed. */
static void test_old_problems_are_not_blamed_on_the_fix(void **state)
{
    static const char code[] = "#include <stdio.h>\n"
                               "#include <string.h>\n"
                               "void first(const char *s)\n"
                               "{\n"
                               "    char a[8];\n"
                               "    strcpy(a, s);\n"
                               "    puts(a);\n"
                               "}\n"
                               "void second(const char *s)\n"
                               "{\n"
                               "    char b[8];\n"
                               "    strcpy(b, s);\n"
                               "    puts(b);\n"
                               "}\n"
                               "int broken(void) { return 1 + ; }\n";
    /* the fix adds a line above the other finding and the syntax error */
    const text_edit_t edits[] = {{6, "strcpy(a, s);", "if (strlen(s) >= sizeof a) return;\n    strcpy(a, s);", 0}};
    EXPECT_ACCEPTED(verify_case(*state, code, "c.strcpy-unbounded", 6, edits, N(edits)));
}

/* ---- every rule with a fix template: its fix passes, a wrong one fails ------------------- */

typedef struct {
    const char *rule;
    uint32_t line;
    const char *code;
    text_edit_t wrong;
    fix_check_t wrong_fails;
} template_case_t;

static const template_case_t templates[] = {
    {"c.alloc-size-overflow", 6,
     "#include <stdlib.h>\n"
     "struct item { long key; double value; };\n"
     "struct item *items_new(size_t n)\n"
     "{\n"
     "    struct item *it;\n"
     "    it = malloc(n * sizeof(struct item));\n"
     "    return it;\n"
     "}\n",
     {6, "(n * ", "((n) * ", 0}, FIX_CHECK_FINDING},
    {"c.chmod-world-writable", 4,
     "#include <sys/stat.h>\n"
     "int share(const char *path)\n"
     "{\n"
     "    return chmod(path, 0666);\n"
     "}\n",
     {4, "0666", "0667", 0}, FIX_CHECK_FINDING},
    {"c.chroot-without-chdir", 4,
     "#include <unistd.h>\n"
     "int jail(const char *dir)\n"
     "{\n"
     "    if (chroot(dir) != 0) return -1;\n"
     "    return 0;\n"
     "}\n",
     {4, "chroot(dir)", "(chroot(dir))", 0}, FIX_CHECK_FINDING},
    {"c.double-free", 6,
     "#include <stdlib.h>\n"
     "struct conn { char *buf; };\n"
     "void conn_close(struct conn *c)\n"
     "{\n"
     "    free(c->buf);\n"
     "    free(c->buf);\n"
     "}\n",
     {6, "free(c->buf);", "", 0}, FIX_CHECK_EDIT},
    {"c.assignment-in-condition", 3,
     "int check(int a, int b)\n"
     "{\n"
     "    if (a = b) return 1;\n"
     "    return 0;\n"
     "}\n",
     {3, "b)", "b + 0)", 0}, FIX_CHECK_FINDING},
    {"c.bound-exceeds-buffer", 5,
     "#include <string.h>\n"
     "int copy(const char *src)\n"
     "{\n"
     "    char block[16];\n"
     "    memcpy(block, src, 17);\n"
     "    return block[0];\n"
     "}\n",
     {5, "17", "sizeof block + 1", 0}, FIX_CHECK_FINDING},
    {"c.format-nonliteral", 4,
     "#include <stdio.h>\n"
     "void say(const char *msg)\n"
     "{\n"
     "    printf(msg);\n"
     "}\n",
     {4, "msg)", "msg, 0)", 0}, FIX_CHECK_FINDING},
    {"c.gets", 5,
     "#include <stdio.h>\n"
     "int read_name(void)\n"
     "{\n"
     "    char name[32];\n"
     "    if (gets(name) == NULL) return -1;\n"
     "    return name[0];\n"
     "}\n",
     {5, "gets(name)", "fgets(name, sizeof name)", 0}, FIX_CHECK_COMPILE},
    {"c.malloc-strlen", 5,
     "#include <stdlib.h>\n"
     "#include <string.h>\n"
     "char *copy_string(const char *s)\n"
     "{\n"
     "    char *p = malloc(strlen(s));\n"
     "    if (!p) return NULL;\n"
     "    memcpy(p, s, strlen(s));\n"
     "    return p;\n"
     "}\n",
     {5, "strlen(s)", "strlen(t) + 1", 0}, FIX_CHECK_COMPILE},
    {"c.memset-swapped-args", 4,
     "#include <string.h>\n"
     "void clear(char *buf, size_t n)\n"
     "{\n"
     "    memset(buf, n, 0);\n"
     "}\n",
     {4, "n, ", "", 0}, FIX_CHECK_EDIT},
    {"c.realloc-leak", 5,
     "#include <stdlib.h>\n"
     "int grow(int **items, size_t n)\n"
     "{\n"
     "    int *p = *items;\n"
     "    p = realloc(p, n * sizeof *p);\n"
     "    if (!p) return -1;\n"
     "    *items = p;\n"
     "    return 0;\n"
     "}\n",
     {5, "n * sizeof *p", "n * sizeof *p + 0", 0}, FIX_CHECK_FINDING},
    {"c.scanf-unbounded-string", 5,
     "#include <stdio.h>\n"
     "int ask(void)\n"
     "{\n"
     "    char word[16];\n"
     "    if (scanf(\"%s\", word) != 1) return -1;\n"
     "    return word[0];\n"
     "}\n",
     {5, "\"%s\"", "\"%s \"", 0}, FIX_CHECK_FINDING},
    {"c.sprintf-overflow", 5,
     "#include <stdio.h>\n"
     "void label(const char *name)\n"
     "{\n"
     "    char buf[8];\n"
     "    sprintf(buf, \"user %s\", name);\n"
     "    puts(buf);\n"
     "}\n",
     {5, "sprintf", "snprintf", 0}, FIX_CHECK_COMPILE},
    {"c.strcat-unbounded", 6,
     "#include <stdio.h>\n"
     "#include <string.h>\n"
     "void join(const char *tail)\n"
     "{\n"
     "    char path[64] = \"/tmp/\";\n"
     "    strcat(path, tail);\n"
     "    puts(path);\n"
     "}\n",
     {6, "tail)", "tail + 1)", 0}, FIX_CHECK_FINDING},
    {"c.strcpy-unbounded", 6,
     "#include <stdio.h>\n"
     "#include <string.h>\n"
     "void greet(const char *who)\n"
     "{\n"
     "    char line[8];\n"
     "    strcpy(line, who);\n"
     "    puts(line);\n"
     "}\n",
     {6, "strcpy(line, who)", "strncpy(line, who, sizeof line)", 0}, FIX_CHECK_NEW_FINDING},
    {"c.strncat-size", 6,
     "#include <stdio.h>\n"
     "#include <string.h>\n"
     "void add(const char *more)\n"
     "{\n"
     "    char buf[32] = \"x\";\n"
     "    strncat(buf, more, sizeof buf);\n"
     "    puts(buf);\n"
     "}\n",
     {6, "sizeof buf", "sizeof(buf)", 0}, FIX_CHECK_FINDING},
    {"c.strncpy-unterminated", 6,
     "#include <stdio.h>\n"
     "#include <string.h>\n"
     "void set_name(const char *src)\n"
     "{\n"
     "    char name[8];\n"
     "    strncpy(name, src, sizeof name);\n"
     "    puts(name);\n"
     "}\n",
     {6, "strncpy(name, src, sizeof name)", "; name[sizeof name] = '\\0'", 1}, FIX_CHECK_COMPILE},
    {"c.syslog-format-nonliteral", 4,
     "#include <syslog.h>\n"
     "void log_it(const char *msg)\n"
     "{\n"
     "    syslog(LOG_ERR, msg);\n"
     "}\n",
     {4, "LOG_ERR, ", "\"%s\", , ", 1}, FIX_CHECK_SYNTAX},
    {"c.umask-permissive", 4,
     "#include <sys/stat.h>\n"
     "void setup(void)\n"
     "{\n"
     "    umask(0);\n"
     "}\n",
     {4, "0", "000", 0}, FIX_CHECK_FINDING},
    {"c.unchecked-alloc", 7,
     "#include <stdlib.h>\n"
     "#include <string.h>\n"
     "char *copy(const char *s, size_t n)\n"
     "{\n"
     "    char *p;\n"
     "    p = malloc(n + 1);\n"
     "    memcpy(p, s, n);\n"
     "    p[n] = '\\0';\n"
     "    return p;\n"
     "}\n",
     {6, "malloc(n + 1);", " if (!p) return;", 1}, FIX_CHECK_COMPILE},
    {"c.unchecked-fopen", 6,
     "#include <stdio.h>\n"
     "#include <stdlib.h>\n"
     "void note(const char *path, const char *msg)\n"
     "{\n"
     "    FILE *f = fopen(path, \"a\");\n"
     "    fputs(msg, f);\n"
     "    fclose(f);\n"
     "}\n",
     {6, "fputs(msg, f);", " if (!f) abort();", 1}, FIX_CHECK_FINDING},
    {"c.unchecked-privilege-call", 5,
     "#include <stdlib.h>\n"
     "#include <unistd.h>\n"
     "void drop(uid_t uid)\n"
     "{\n"
     "    setuid(uid);\n"
     "}\n",
     {5, "setuid(uid);", "if (setuid(uid)) ;", 0}, FIX_CHECK_COMPILE},
};

static void test_every_template_fix_is_accepted(void **state)
{
    for (size_t i = 0; i < sizeof(templates) / sizeof(templates[0]); i++) {
        const template_case_t *t = &templates[i];
        fix_verdict_t v = verify_case(*state, t->code, t->rule, t->line, NULL, 0);
        if (!v.accepted) fail_msg("%s: its template fix was rejected: %s", t->rule, v.reason);
    }
}

static void test_every_wrong_fix_is_rejected_by_its_check(void **state)
{
    for (size_t i = 0; i < sizeof(templates) / sizeof(templates[0]); i++) {
        const template_case_t *t = &templates[i];
        fix_verdict_t v = verify_case(*state, t->code, t->rule, t->line, &t->wrong, 1);
        if (v.accepted) fail_msg("%s: the wrong fix was accepted", t->rule);
        if (v.failed != t->wrong_fails)
            fail_msg("%s: expected check (%c), got: %s", t->rule, (char)t->wrong_fails, v.reason);
    }
}

/* The table above covers every rule file with a fix template (a `fix-...:` key), so a new
 * template cannot ship untested. */
static void test_the_table_covers_every_template(void **state)
{
    (void)state;
    const char *rules = getenv("ASSAY_RULES") ? getenv("ASSAY_RULES") : "rules";
    DIR *dir = opendir(rules);
    assert_non_null(dir);
    size_t with_template = 0;
    struct dirent *entry;
    while ((entry = readdir(dir))) {
        size_t len = strlen(entry->d_name);
        if (len < 5 || strcmp(entry->d_name + len - 4, ".yml") != 0) continue;
        char path[1024], text[16384];
        snprintf(path, sizeof(path), "%s/%s", rules, entry->d_name);
        FILE *f = fopen(path, "r");
        assert_non_null(f);
        size_t n = fread(text, 1, sizeof(text) - 1, f);
        fclose(f);
        text[n] = '\0';
        if (strncmp(text, "fix-", 4) != 0 && !strstr(text, "\nfix-")) continue;
        with_template++;
        bool covered = false;
        for (size_t i = 0; i < sizeof(templates) / sizeof(templates[0]) && !covered; i++)
            covered = strlen(templates[i].rule) == len - 4 && strncmp(templates[i].rule, entry->d_name, len - 4) == 0;
        if (!covered) fail_msg("%s has a fix template but no case in this test", entry->d_name);
    }
    closedir(dir);
    assert_int_equal(with_template, sizeof(templates) / sizeof(templates[0]));
}

/* ---- fix_patch ----------------------------------------------------------------------------- */

static void test_patch_applies_sorted_edits_and_follows_lines(void **state)
{
    (void)state;
    static const char text[] = "a\nbb\nccc\ndddd\n";
    fix_t *fix = fix_new("f", false);
    source_range_t late = {.start_line = 4, .start_col = 1, .end_line = 4, .end_col = 5};
    source_range_t early = {.start_line = 2, .start_col = 1, .end_line = 2, .end_col = 1};
    assert_int_equal(fix_add_edit(fix, late, "D"), 0);
    assert_int_equal(fix_add_edit(fix, early, "x\ny\n"), 0); /* two lines inserted before line 2 */
    fix_patch_t patch;
    char err[128];
    assert_int_equal(fix_patch_apply(&patch, text, strlen(text), fix, err, sizeof(err)), 0);
    assert_string_equal(patch.text, "a\nx\ny\nbb\nccc\nD\n");
    assert_int_equal(fix_patch_map_line(&patch, 1), 1);
    assert_int_equal(fix_patch_map_line(&patch, 3), 5);
    assert_int_equal(fix_patch_map_line(&patch, 4), 6);
    fix_patch_destroy(&patch);

    source_range_t outside = {.start_line = 9, .start_col = 1, .end_line = 9, .end_col = 2};
    assert_int_equal(fix_add_edit(fix, outside, "z"), 0);
    assert_int_equal(fix_patch_apply(&patch, text, strlen(text), fix, err, sizeof(err)), 1);
    assert_non_null(strstr(err, "is not in the file"));
    fix_patch_destroy(&patch);
    fix_free(fix);
}

static void test_patch_refuses_a_column_past_the_line(void **state)
{
    (void)state;
    uint32_t offset;
    assert_int_equal(fix_patch_offset("ab\ncd", 5, 2, 3, &offset), 0); /* one past the end: fine */
    assert_int_equal(offset, 5);
    assert_int_equal(fix_patch_offset("ab\ncd", 5, 1, 5, &offset), -1); /* would run into line 2 */
    assert_int_equal(fix_patch_offset("ab\ncd", 5, 3, 1, &offset), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_template_fix_of_strcpy_is_accepted),
        cmocka_unit_test(test_check_e_edit_outside_the_function),
        cmocka_unit_test(test_check_f_empty_edit),
        cmocka_unit_test(test_check_f_no_edit_at_all),
        cmocka_unit_test(test_check_f_deleting_the_flagged_code),
        cmocka_unit_test(test_check_f_overlapping_edits),
        cmocka_unit_test(test_check_a_syntax_error),
        cmocka_unit_test(test_check_b_new_compile_error),
        cmocka_unit_test(test_check_b_new_compile_warning),
        cmocka_unit_test(test_check_c_finding_still_fires),
        cmocka_unit_test(test_check_d_new_finding),
        cmocka_unit_test(test_old_problems_are_not_blamed_on_the_fix),
        cmocka_unit_test(test_every_template_fix_is_accepted),
        cmocka_unit_test(test_every_wrong_fix_is_rejected_by_its_check),
        cmocka_unit_test(test_the_table_covers_every_template),
        cmocka_unit_test(test_patch_applies_sorted_edits_and_follows_lines),
        cmocka_unit_test(test_patch_refuses_a_column_past_the_line),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
