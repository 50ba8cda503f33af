/* test_review_context.c — a candidate's context within a token budget: the definitions of
 * the flagged line, then the function's other definitions, then the man pages of the library
 * calls on the line, each piece whole, cut or left out to fit, with the tokens every part
 * took; missing and broken man pages are no error; without a parse the snippet's calls
 * still get their man pages. Uses the fixture tests/unit/fixtures/context/append.c and a
 * word counter for tokens (one token per run of non-space characters). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "analyzer/clang/clang_context.h"
#include "core/candidate.h"
#include "review/review_context.h"
#include "tests/unit/helpers/temp_dir.h"

#define FIXTURE "tests/unit/fixtures/context/append.c"

static const char REALLOC_PAGE[] = ".TH realloc 3\n"
                                   ".SH NAME\n"
                                   "realloc \\- resize\n"
                                   ".SH RETURN VALUE\n"
                                   "On error, returns NULL;\n"
                                   "the block is untouched.\n"
                                   ".SH ERRORS\n"
                                   ".TP\n"
                                   ".B ENOMEM\n"
                                   "Out of memory.\n";

typedef struct {
    char *text;
    size_t length;
    unsigned flagged;
    char man[256];  /* a man folder with man3/realloc.3 */
    char loop[256]; /* a man folder whose realloc.3 redirects to itself */
    clang_context_t *clang;
    clang_context_file_t *file;
    candidate_t *cand;
    int calls; /* counter calls, to see that cutting asks a few times only */
} fixture_t;

/* The test tokenizer: one token per run of non-space characters. */
static size_t count_words(void *user, const char *text, size_t length)
{
    fixture_t *fx = user;
    if (fx) fx->calls++;
    size_t words = 0;
    for (size_t i = 0; i < length; i++)
        if (text[i] != ' ' && text[i] != '\n' && text[i] != '\t' && (i == 0 || text[i - 1] == ' ' ||
                                                                      text[i - 1] == '\n' || text[i - 1] == '\t'))
            words++;
    return words;
}

static size_t words(const char *text)
{
    return count_words(NULL, text, strlen(text));
}

static int setup(void **state)
{
    fixture_t *fx = calloc(1, sizeof(*fx));
    if (!fx) return -1;
    FILE *f = fopen(FIXTURE, "rb");
    if (!f) return -1;
    fx->text = calloc(1, 1 << 16);
    fx->length = fread(fx->text, 1, (1 << 16) - 1, f);
    fclose(f);
    fx->flagged = 1;
    for (const char *p = fx->text; p < strstr(fx->text, "/* flagged */"); p++) fx->flagged += *p == '\n';
    char path[512];
    if (temp_dir_make(fx->man, sizeof(fx->man), "review-context") != 0) return -1;
    snprintf(path, sizeof(path), "%s/man3", fx->man);
    mkdir(path, 0755);
    if (temp_dir_write(path, sizeof(path), fx->man, "man3/realloc.3", REALLOC_PAGE) != 0) return -1;
    if (temp_dir_write(path, sizeof(path), fx->man, "man3/strlen.3",
                       ".TH strlen 3\n.SH RETURN VALUE\nThe number of bytes in\n.IR s .\n") != 0)
        return -1;
    if (temp_dir_make(fx->loop, sizeof(fx->loop), "review-context-loop") != 0) return -1;
    snprintf(path, sizeof(path), "%s/man3", fx->loop);
    mkdir(path, 0755);
    if (temp_dir_write(path, sizeof(path), fx->loop, "man3/realloc.3", ".so man3/realloc.3\n") != 0) return -1;
    char err[512];
    if (clang_context_new(&fx->clang, NULL, err, sizeof(err)) != 0 ||
        clang_context_parse(fx->clang, &fx->file, FIXTURE, fx->text, fx->length, err, sizeof(err)) != 0) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    fx->cand = candidate_new();
    fx->cand->path = strdup(FIXTURE);
    fx->cand->range = (source_range_t){.start_line = fx->flagged, .start_col = 15, .end_line = fx->flagged, .end_col = 61};
    fx->cand->snippet = strdup("realloc(b->data, next_size(b->len + len + PAD))");
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *fx = *state;
    clang_context_file_free(fx->file);
    clang_context_free(fx->clang);
    candidate_free(fx->cand);
    int rc = temp_dir_remove(fx->man) | temp_dir_remove(fx->loop);
    free(fx->text);
    free(fx);
    return rc;
}

static review_context_options_t options(fixture_t *fx, size_t budget, const char *man_dir)
{
    return (review_context_options_t){.budget = budget, .count = count_words, .count_ctx = fx, .man_dir = man_dir};
}

static review_context_t *build(fixture_t *fx, clang_context_file_t *file, size_t budget, const char *man_dir)
{
    review_context_options_t opts = options(fx, budget, man_dir);
    review_context_t *ctx;
    char err[512];
    if (review_context_build(&ctx, file, fx->cand, &opts, err, sizeof(err)) != 0) fail_msg("%s", err);
    /* whatever the budget: the parts' counts are their texts' counts and add up */
    size_t sum = 0;
    for (int k = 0; k < REVIEW_CONTEXT_PART_COUNT; k++) {
        assert_int_equal(ctx->parts[k].tokens, words(ctx->parts[k].text));
        sum += ctx->parts[k].tokens;
    }
    assert_int_equal(ctx->used, sum);
    assert_true(ctx->used <= budget);
    return ctx;
}

static const char LINE_DEFINITIONS[] = "// tests/unit/fixtures/context/buf.h:8\n"
                                       "struct buf {\n"
                                       "    char *data;\n"
                                       "    size_t len;\n"
                                       "};\n"
                                       "// <stdlib.h>\n"
                                       "void *realloc(void *ptr, size_t size);\n"
                                       "// tests/unit/fixtures/context/append.c:24\n"
                                       "static size_t next_size(size_t n)\n"
                                       "{\n"
                                       "    return n + 16;\n"
                                       "}\n"
                                       "// tests/unit/fixtures/context/append.c:11\n"
                                       "#define PAD 1\n";

static const char MAN_PAGES[] = "// man 3 realloc: RETURN VALUE\n"
                                "On error, returns NULL; the block is untouched.\n"
                                "// man 3 realloc: ERRORS\n"
                                "ENOMEM\n"
                                "    Out of memory.\n";

static void test_everything_fits(void **state)
{
    fixture_t *fx = *state;
    review_context_t *ctx = build(fx, fx->file, 10000, fx->man);
    assert_string_equal(ctx->function, "buf_append");
    assert_string_equal(ctx->parts[REVIEW_CONTEXT_LINE_DEFINITIONS].text, LINE_DEFINITIONS);
    assert_int_equal(ctx->parts[REVIEW_CONTEXT_LINE_DEFINITIONS].pieces, 4);
    const review_context_part_t *other = &ctx->parts[REVIEW_CONTEXT_OTHER_DEFINITIONS];
    assert_int_equal(other->pieces, 9);
    assert_int_equal(other->pieces_left, 0);
    assert_true(!strncmp(other->text, "// tests/unit/fixtures/context/buf.h:12\ntypedef struct buf buf_t;\n", 66));
    assert_non_null(strstr(other->text, "// <string.h>\nvoid *memcpy("));
    assert_string_equal(ctx->parts[REVIEW_CONTEXT_MAN_PAGES].text, MAN_PAGES);
    assert_int_equal(ctx->parts[REVIEW_CONTEXT_MAN_PAGES].pieces, 2);
    assert_null(ctx->note);

    char line[200];
    review_context_format_stats(ctx, 812, 2048, line, sizeof(line));
    char want[200];
    snprintf(want, sizeof(want), "budget: code 812, definitions %zu, man pages %zu of 2048",
             words(LINE_DEFINITIONS) + other->tokens, words(MAN_PAGES));
    assert_string_equal(line, want);

    /* joined for the prompt: the parts in their order */
    char *joined = review_context_join(ctx);
    assert_non_null(joined);
    assert_true(!strncmp(joined, LINE_DEFINITIONS, strlen(LINE_DEFINITIONS)));
    assert_non_null(strstr(joined, other->text));
    assert_string_equal(joined + strlen(joined) - strlen(MAN_PAGES), MAN_PAGES);
    assert_int_equal(strlen(joined), strlen(LINE_DEFINITIONS) + strlen(other->text) + strlen(MAN_PAGES));
    free(joined);
    review_context_free(ctx);
}

static void test_budget_cuts_and_drops(void **state)
{
    fixture_t *fx = *state;
    /* exactly the flagged line's definitions: the rest is left out */
    review_context_t *ctx = build(fx, fx->file, words(LINE_DEFINITIONS), fx->man);
    assert_string_equal(ctx->parts[REVIEW_CONTEXT_LINE_DEFINITIONS].text, LINE_DEFINITIONS);
    assert_string_equal(ctx->parts[REVIEW_CONTEXT_OTHER_DEFINITIONS].text, "");
    assert_int_equal(ctx->parts[REVIEW_CONTEXT_OTHER_DEFINITIONS].pieces_left, 9);
    assert_string_equal(ctx->parts[REVIEW_CONTEXT_MAN_PAGES].text, "");
    assert_int_equal(ctx->parts[REVIEW_CONTEXT_MAN_PAGES].pieces_left, 2);
    review_context_free(ctx);

    /* 7 tokens: the struct (10 words) is cut after its first line (2 + 3 + the mark); the
     * prototype (7) is one line and cannot be cut; nothing else fits in the 1 left */
    fx->calls = 0;
    ctx = build(fx, fx->file, 7, fx->man);
    assert_string_equal(ctx->parts[REVIEW_CONTEXT_LINE_DEFINITIONS].text,
                        "// tests/unit/fixtures/context/buf.h:8\nstruct buf {\n...\n");
    assert_int_equal(ctx->parts[REVIEW_CONTEXT_LINE_DEFINITIONS].tokens, 6);
    assert_int_equal(ctx->parts[REVIEW_CONTEXT_LINE_DEFINITIONS].pieces, 1);
    assert_int_equal(ctx->parts[REVIEW_CONTEXT_LINE_DEFINITIONS].pieces_cut, 1);
    assert_int_equal(ctx->parts[REVIEW_CONTEXT_LINE_DEFINITIONS].pieces_left, 3);
    assert_int_equal(ctx->used, 6);
    assert_true(fx->calls < 60); /* bisection, not one count per line per piece */
    review_context_free(ctx);

    /* the definitions and 7 tokens more: RETURN VALUE (14 words, one line) is left out,
     * ERRORS (9 words) is cut after its tag line (5 + 1 + the mark) */
    size_t all_definitions = words(LINE_DEFINITIONS);
    review_context_t *full = build(fx, fx->file, 10000, fx->man);
    all_definitions += full->parts[REVIEW_CONTEXT_OTHER_DEFINITIONS].tokens;
    review_context_free(full);
    ctx = build(fx, fx->file, all_definitions + 7, fx->man);
    assert_string_equal(ctx->parts[REVIEW_CONTEXT_MAN_PAGES].text, "// man 3 realloc: ERRORS\nENOMEM\n...\n");
    assert_int_equal(ctx->parts[REVIEW_CONTEXT_MAN_PAGES].pieces_left, 1);
    assert_int_equal(ctx->parts[REVIEW_CONTEXT_MAN_PAGES].pieces_cut, 1);
    review_context_free(ctx);

    ctx = build(fx, fx->file, 0, fx->man);
    for (int k = 0; k < REVIEW_CONTEXT_PART_COUNT; k++) assert_string_equal(ctx->parts[k].text, "");
    char *joined = review_context_join(ctx);
    assert_string_equal(joined, "");
    free(joined);
    assert_int_equal(ctx->parts[REVIEW_CONTEXT_LINE_DEFINITIONS].pieces_left, 4);
    review_context_free(ctx);
}

static void test_man_pages_missing_or_broken(void **state)
{
    fixture_t *fx = *state;
    review_context_t *ctx = build(fx, fx->file, 10000, "/nonexistent/assay/man");
    assert_string_equal(ctx->parts[REVIEW_CONTEXT_MAN_PAGES].text, "");
    assert_int_equal(ctx->parts[REVIEW_CONTEXT_MAN_PAGES].pieces + ctx->parts[REVIEW_CONTEXT_MAN_PAGES].pieces_left, 0);
    assert_null(ctx->note);
    assert_string_equal(ctx->parts[REVIEW_CONTEXT_LINE_DEFINITIONS].text, LINE_DEFINITIONS);
    review_context_free(ctx);

    ctx = build(fx, fx->file, 10000, ""); /* man pages off */
    assert_string_equal(ctx->parts[REVIEW_CONTEXT_MAN_PAGES].text, "");
    review_context_free(ctx);

    ctx = build(fx, fx->file, 10000, fx->loop); /* realloc.3 redirects to itself */
    assert_string_equal(ctx->parts[REVIEW_CONTEXT_MAN_PAGES].text, "");
    assert_non_null(ctx->note);
    assert_non_null(strstr(ctx->note, "realloc.3"));
    review_context_free(ctx);
}

static void test_without_a_parse(void **state)
{
    fixture_t *fx = *state;
    /* no libclang parse: no definitions, man pages of the snippet's calls (next_size has none) */
    review_context_t *ctx = build(fx, NULL, 10000, fx->man);
    assert_null(ctx->function);
    assert_string_equal(ctx->parts[REVIEW_CONTEXT_LINE_DEFINITIONS].text, "");
    assert_string_equal(ctx->parts[REVIEW_CONTEXT_OTHER_DEFINITIONS].text, "");
    assert_string_equal(ctx->parts[REVIEW_CONTEXT_MAN_PAGES].text, MAN_PAGES);
    review_context_free(ctx);
}

static void test_flow_steps_are_flagged_too(void **state)
{
    fixture_t *fx = *state;
    /* a finding at "calls++" whose path goes through the strlen line */
    candidate_t *c = candidate_new();
    assert_non_null(c);
    c->path = strdup(FIXTURE);
    unsigned at = 1, step = 1;
    for (const char *p = fx->text; p < strstr(fx->text, "calls++"); p++) at += *p == '\n';
    for (const char *p = fx->text; p < strstr(fx->text, "count_t len ="); p++) step += *p == '\n';
    c->range = (source_range_t){.start_line = at, .start_col = 5, .end_line = at, .end_col = 12};
    assert_int_equal(candidate_add_flow(c, (source_range_t){.start_line = step, .start_col = 5, .end_line = step,
                                                            .end_col = 40},
                                        "the length is computed here"), 0);
    review_context_options_t opts = options(fx, 10000, fx->man);
    review_context_t *ctx;
    char err[512];
    assert_int_equal(review_context_build(&ctx, fx->file, c, &opts, err, sizeof(err)), 0);
    const char *line = ctx->parts[REVIEW_CONTEXT_LINE_DEFINITIONS].text;
    assert_non_null(strstr(line, "typedef unsigned int count_t;"));
    assert_non_null(strstr(line, "static int calls;"));
    assert_non_null(strstr(line, "strlen(const char *s);"));
    assert_string_equal(ctx->parts[REVIEW_CONTEXT_MAN_PAGES].text,
                        "// man 3 strlen: RETURN VALUE\nThe number of bytes in s.\n");
    review_context_free(ctx);
    candidate_free(c);
}

static void test_from_text(void **state)
{
    fixture_t *fx = *state;
    review_context_options_t opts = options(fx, 10000, fx->man);
    review_context_t *ctx;
    char err[512];
    assert_int_equal(review_context_build_text(&ctx, fx->clang, FIXTURE, fx->text, fx->length, fx->cand, &opts, err,
                                               sizeof(err)), 0);
    assert_string_equal(ctx->parts[REVIEW_CONTEXT_LINE_DEFINITIONS].text, LINE_DEFINITIONS);
    assert_string_equal(ctx->parts[REVIEW_CONTEXT_MAN_PAGES].text, MAN_PAGES);
    review_context_free(ctx);
    /* the next candidate of the same text: the same context, from the kept parse */
    assert_int_equal(review_context_build_text(&ctx, fx->clang, FIXTURE, fx->text, fx->length, fx->cand, &opts, err,
                                               sizeof(err)), 0);
    assert_string_equal(ctx->parts[REVIEW_CONTEXT_LINE_DEFINITIONS].text, LINE_DEFINITIONS);
    review_context_free(ctx);
    /* a text libclang cannot parse at all (a folder as the file): man pages only, a note */
    assert_int_equal(review_context_build_text(&ctx, fx->clang, "/", NULL, 0, fx->cand, &opts, err, sizeof(err)), 0);
    assert_string_equal(ctx->parts[REVIEW_CONTEXT_LINE_DEFINITIONS].text, "");
    assert_string_equal(ctx->parts[REVIEW_CONTEXT_MAN_PAGES].text, MAN_PAGES);
    assert_non_null(ctx->note);
    review_context_free(ctx);
    review_context_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_everything_fits),
        cmocka_unit_test(test_budget_cuts_and_drops),
        cmocka_unit_test(test_man_pages_missing_or_broken),
        cmocka_unit_test(test_without_a_parse),
        cmocka_unit_test(test_flow_steps_are_flagged_too),
        cmocka_unit_test(test_from_text),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
