/* test_review_loop.c — the review loop with real engines: a tiny synthetic model written
 * here (no download, so these run everywhere), and the models of ../shared when present.
 *   - every answer over the corpus is a verdict the schema allows (0 failures);
 *   - the same candidates reviewed twice by a fresh reviewer give the same answers;
 *   - injected text (corpus/review/) never yields a special token inside the part of the
 *     prompt that comes from the file, and a high finding is never dismissed, whatever
 *     the threshold;
 *   - budgets leave candidates unreviewed, never dropped. */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "analyzer/lint/discover.h"
#include "analyzer/lint/lint_run.h"
#include "analyzer/rules/rule_pack.h"
#include "review/review.h"
#include "slm/gguf.h"
#include "slm/synth.h"
#include "slm/tokenizer.h"
#include "tests/unit/helpers/shared_files.h"
#include "tests/unit/helpers/temp_dir.h"

static rule_pack_t *pack;
static char dir[256], model_path[512];

/* A small llama with the synthetic SentencePiece vocabulary and a ChatML template. */
static const synth_shape_t tiny = {"tiny-reviewer", MODEL_ARCH_LLAMA, 64, 2, 4, 2, 0, 128,
                                   1200, 512, 10000.0f, 1e-5f, false, 0.0f, false};

static int setup(void **state)
{
    (void)state;
    char err[512] = "";
    if (rule_pack_load_dir(&pack, "rules", err, sizeof(err)) != 0) {
        fprintf(stderr, "cannot load rules/ (run from the repo root): %s\n", err);
        return -1;
    }
    if (temp_dir_make(dir, sizeof(dir), "review-loop") != 0) return -1;
    snprintf(model_path, sizeof(model_path), "%s/tiny.gguf", dir);
    if (synth_write(&tiny, "q8_0", 7, model_path, err, sizeof(err)) != 0) {
        fprintf(stderr, "synth: %s\n", err);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rule_pack_free(pack);
    return temp_dir_remove(dir);
}

/* Lints paths (every pass, every certainty) into result; root NULL: the current folder. */
static void lint_paths_under(lint_result_t *result, const char *const *paths, size_t n, const char *root)
{
    discover_result_t found;
    discover_options_t options = {.no_git = true, .root = root};
    char err[512];
    assert_int_equal(discover_run(&found, paths, n, &options, err, sizeof(err)), 0);
    clang_options_t clang = {.repo_root = found.root};
    lint_run_options_t run = {.pack = pack, .jobs = 2, .clang = &clang};
    lint_result_init(result);
    assert_int_equal(lint_run(result, found.files, found.file_count, &run, err, sizeof(err)), 0);
    discover_result_destroy(&found);
}

static void lint_paths(lint_result_t *result, const char *const *paths, size_t n)
{
    lint_paths_under(result, paths, n, NULL);
}

static reviewer_t *make_reviewer(const char *path, int threshold, uint32_t max_tokens, double budget)
{
    review_options_t o = {.model_path = path, .prompts_dir = "rules/prompts", .threshold = threshold,
                          .threads = 1, .max_tokens = max_tokens, .budget_seconds = budget};
    reviewer_t *r = NULL;
    char err[512];
    if (reviewer_new(&r, &o, err, sizeof(err)) != 0) fail_msg("reviewer_new: %s", err);
    return r;
}

/* Counts UTF-8 characters. */
static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Whether text is exactly what verdict.schema.json allows; why not into why. */
static bool schema_valid(const char *text, char *why, size_t why_size)
{
    json_error_t error;
    json_t *v = json_loads(text, 0, &error);
    bool ok = false;
    if (!json_is_object(v)) {
        snprintf(why, why_size, "not a JSON object: %s", text);
        goto done;
    }
    if (json_object_size(v) != 4) {
        snprintf(why, why_size, "want 4 keys: %s", text);
        goto done;
    }
    const char *verdict = json_string_value(json_object_get(v, "verdict"));
    json_t *confidence = json_object_get(v, "confidence"), *reason = json_object_get(v, "reason");
    json_t *fix = json_object_get(v, "fix");
    if (!verdict || (strcmp(verdict, "true_positive") && strcmp(verdict, "false_positive") &&
                     strcmp(verdict, "uncertain"))) {
        snprintf(why, why_size, "bad verdict: %s", text);
        goto done;
    }
    if (!json_is_integer(confidence) || json_integer_value(confidence) < 0 || json_integer_value(confidence) > 100) {
        snprintf(why, why_size, "bad confidence: %s", text);
        goto done;
    }
    if (!json_is_string(reason) || utf8_chars(json_string_value(reason)) > 240) {
        snprintf(why, why_size, "bad reason: %s", text);
        goto done;
    }
    if (!json_is_null(fix)) {
        json_t *s = json_object_get(fix, "start_line"), *e = json_object_get(fix, "end_line");
        if (!json_is_object(fix) || json_object_size(fix) != 3 || !json_is_integer(s) || !json_is_integer(e) ||
            json_integer_value(s) < 1 || json_integer_value(e) < 1 ||
            !json_is_string(json_object_get(fix, "replacement"))) {
            snprintf(why, why_size, "bad fix: %s", text);
            goto done;
        }
    }
    ok = true;
done:
    json_decref(v);
    return ok;
}

static const source_file_t *source_of(const lint_result_t *r, const char *path)
{
    for (size_t i = 0; i < r->source_count; i++)
        if (strcmp(r->sources[i].path, path) == 0) return r->sources[i].source;
    return NULL;
}

/* Reviews up to limit candidates of result one by one; every answer must be schema-valid.
 * Returns how many were answered. */
static size_t answer_all(reviewer_t *r, const lint_result_t *result, size_t limit, char ***jsons)
{
    size_t answered = 0, n = result->candidates.count < limit ? result->candidates.count : limit;
    if (jsons) *jsons = calloc(n + 1, sizeof(char *));
    for (size_t i = 0; i < n; i++) {
        const candidate_t *c = result->candidates.items[i];
        const source_file_t *s = source_of(result, c->path);
        assert_non_null(s);
        review_answer_t a;
        char err[512], why[1024];
        if (reviewer_answer(r, &a, c, s->text, s->length, err, sizeof(err)) != 0)
            fail_msg("%s:%u: %s", c->path, c->range.start_line, err);
        if (a.outcome == REVIEW_ANSWERED) {
            answered++;
            if (!schema_valid(a.json, why, sizeof(why))) fail_msg("%s:%u: %s", c->path, c->range.start_line, why);
        }
        if (jsons) (*jsons)[i] = a.json ? strdup(a.json) : strdup("(none)");
        review_answer_destroy(&a);
    }
    return answered;
}

static void free_strings(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++) free(list[i]);
    free(list);
}

static void test_every_answer_is_a_verdict(void **state)
{
    (void)state;
    const char *paths[] = {"corpus"};
    lint_result_t result;
    lint_paths(&result, paths, 1);
    assert_true(result.candidates.count > 100);
    reviewer_t *r = make_reviewer(model_path, 80, 0, 0);
    size_t answered = answer_all(r, &result, 160, NULL);
    printf("# %zu of %zu answers are verdicts\n", answered, result.candidates.count < 160 ? result.candidates.count : 160);
    assert_true(answered > 0);
    reviewer_free(r);
    lint_result_destroy(&result);
}

static void test_same_input_same_answers(void **state)
{
    (void)state;
    const char *paths[] = {"corpus/c.strcpy-unbounded", "corpus/c.format-nonliteral"};
    lint_result_t result;
    lint_paths(&result, paths, 2);
    reviewer_t *r = make_reviewer(model_path, 80, 0, 0);
    char **first, **second;
    size_t n = result.candidates.count < 24 ? result.candidates.count : 24;
    answer_all(r, &result, n, &first);
    reviewer_free(r);
    r = make_reviewer(model_path, 80, 0, 0);
    answer_all(r, &result, n, &second);
    for (size_t i = 0; i < n; i++) assert_string_equal(first[i], second[i]);
    free_strings(first, n);
    free_strings(second, n);
    reviewer_free(r);
    lint_result_destroy(&result);
}

static void test_injected_text_stays_in_the_code(void **state)
{
    (void)state;
    const char *paths[] = {"corpus/review"};
    lint_result_t result;
    lint_paths(&result, paths, 1);
    assert_true(result.candidates.count >= 4);
    reviewer_t *r = make_reviewer(model_path, 80, 0, 0);
    /* the same tokenizer the reviewer uses, to tell special tokens */
    gguf_file_t *f;
    tokenizer_t *tok;
    char err[512];
    assert_int_equal(gguf_open(&f, model_path, err, sizeof(err)), 0);
    assert_int_equal(tokenizer_from_gguf(&tok, f, err, sizeof(err)), 0);
    int32_t im_end = tokenizer_token_id(tok, "<|im_end|>", 10);
    assert_true(im_end >= 0);
    for (size_t i = 0; i < result.candidates.count; i++) {
        const candidate_t *c = result.candidates.items[i];
        const source_file_t *s = source_of(&result, c->path);
        review_prompt_tokens_t p;
        assert_int_equal(reviewer_prompt(r, &p, c, s->text, s->length, err, sizeof(err)), 0);
        assert_true(p.user_begin < p.user_end && p.user_end < p.count);
        size_t special_outside = 0;
        for (size_t k = 0; k < p.count; k++) {
            token_kind_t kind = tokenizer_token_kind(tok, p.ids[k]);
            if (k >= p.user_begin && k < p.user_end) {
                if (kind == TOKEN_KIND_CONTROL)
                    fail_msg("%s:%u: special token %d at %zu inside the code section", c->path,
                             c->range.start_line, p.ids[k], k);
            } else {
                special_outside += kind == TOKEN_KIND_CONTROL;
            }
        }
        assert_true(special_outside >= 3); /* the chat template's own turns are special */
        review_prompt_tokens_destroy(&p);
    }
    /* with libclang, the retrieved context (definitions, man pages) joins the file's part */
    char root[4096];
    assert_non_null(getcwd(root, sizeof(root)));
    clang_options_t clang = {.repo_root = root};
    reviewer_use_clang(r, &clang);
    for (size_t i = 0; i < result.candidates.count; i++) {
        const candidate_t *c = result.candidates.items[i];
        const source_file_t *s = source_of(&result, c->path);
        review_prompt_tokens_t p;
        assert_int_equal(reviewer_prompt(r, &p, c, s->text, s->length, err, sizeof(err)), 0);
        size_t context = 0;
        for (int k = 0; k < REVIEW_CONTEXT_PART_COUNT; k++) context += p.context_tokens[k];
        assert_true(context > 0 && context <= 512);
        for (size_t k = p.user_begin; k < p.user_end; k++)
            assert_int_not_equal(tokenizer_token_kind(tok, p.ids[k]), TOKEN_KIND_CONTROL);
        review_prompt_tokens_destroy(&p);
    }
    reviewer_free(r);
    /* threshold 0: every false positive verdict is "confident"; still no high dismissed */
    r = make_reviewer(model_path, 0, 0, 0);
    review_stats_t stats;
    assert_int_equal(review_run(r, &result, NULL, NULL, &stats, err, sizeof(err)), 0);
    assert_int_equal(stats.reviewed + stats.unreviewed, result.candidates.count);
    for (size_t i = 0; i < result.candidates.count; i++) {
        const candidate_t *c = result.candidates.items[i];
        if (c->certainty == CERTAINTY_HIGH) assert_false(c->dismissed);
        if (c->review_state == REVIEW_STATE_REVIEWED && c->verdict == REVIEW_FALSE_POSITIVE &&
            c->certainty != CERTAINTY_HIGH)
            assert_true(c->dismissed);
    }
    reviewer_free(r);
    tokenizer_free(tok);
    gguf_close(f);
    lint_result_destroy(&result);
}

static void test_budgets_leave_candidates_unreviewed(void **state)
{
    (void)state;
    const char *paths[] = {"corpus/c.gets"};
    lint_result_t result;
    lint_paths(&result, paths, 1);
    size_t count = result.candidates.count;
    assert_true(count > 0);
    char err[512];
    review_stats_t stats;
    /* 16 tokens cannot hold a verdict */
    reviewer_t *r = make_reviewer(model_path, 80, 16, 0);
    assert_int_equal(review_run(r, &result, NULL, NULL, &stats, err, sizeof(err)), 0);
    assert_int_equal(result.candidates.count, count);
    assert_int_equal(stats.unreviewed, count);
    for (size_t i = 0; i < count; i++) {
        assert_int_equal(result.candidates.items[i]->review_state, REVIEW_STATE_UNREVIEWED);
        assert_non_null(strstr(result.candidates.items[i]->review_reason, "16 tokens"));
    }
    reviewer_free(r);
    /* a wall budget already spent: nothing is reviewed, nothing dropped */
    r = make_reviewer(model_path, 80, 0, 1e-9);
    assert_int_equal(review_run(r, &result, NULL, NULL, &stats, err, sizeof(err)), 0);
    assert_int_equal(result.candidates.count, count);
    assert_int_equal(stats.reviewed, 0);
    assert_non_null(strstr(result.candidates.items[0]->review_reason, "--review-budget"));
    reviewer_free(r);
    lint_result_destroy(&result);
}

static void test_model_name_and_digest(void **state)
{
    (void)state;
    reviewer_t *r = make_reviewer(model_path, 80, 0, 0);
    assert_string_equal(reviewer_model_name(r), "tiny-reviewer");
    assert_int_equal(strlen(reviewer_model_sha256(r)), 64);
    reviewer_free(r);
    review_options_t o = {.model_path = "/nonexistent/model.gguf", .prompts_dir = "rules/prompts"};
    char err[512] = "";
    assert_int_equal(reviewer_new(&r, &o, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "/nonexistent/model.gguf"));
}

/* A fix of whole line `line` of text with replacement. */
static fix_t *line_fix(const char *text, uint32_t line, const char *replacement)
{
    uint32_t at = 1, start = 0;
    while (at < line) at += text[start++] == '\n';
    uint32_t end = start;
    while (text[end] && text[end] != '\n') end++;
    source_range_t r = {.start_byte = start, .end_byte = end, .start_line = line, .start_col = 1, .end_line = line,
                        .end_col = end - start + 1};
    fix_t *fix = fix_new("drafted", true);
    fix_add_edit(fix, r, replacement);
    return fix;
}

static void test_drafts_go_through_the_verifier(void **state)
{
    (void)state;
    static const char text[] = "#include <stdio.h>\n"
                               "#include <string.h>\n"
                               "void copy_arg(const char *src)\n"
                               "{\n"
                               "    char buf[16];\n"
                               "    strcpy(buf, src);\n"
                               "    puts(buf);\n"
                               "}\n";
    char sub[300], path[600], err[512];
    assert_int_equal(temp_dir_make(sub, sizeof(sub), "review-drafts"), 0);
    assert_int_equal(temp_dir_write(path, sizeof(path), sub, "copy.c", text), 0);
    const char *paths[] = {path};
    lint_result_t result;
    lint_paths_under(&result, paths, 1, sub);
    candidate_t *strcpy_finding = NULL;
    for (size_t i = 0; i < result.candidates.count; i++)
        if (strcmp(result.candidates.items[i]->rule_id, "c.strcpy-unbounded") == 0) strcpy_finding = result.candidates.items[i];
    assert_non_null(strcpy_finding);
    clang_options_t clang = {.repo_root = sub};
    lint_context_t ctx = {.pack = pack, .clang = &clang, .repo_root = sub};
    review_stats_t stats = {0};
    /* a draft that does not compile: rejected with the verifier's reason, the template stays */
    fix_t *template_fix = strcpy_finding->fix;
    strcpy_finding->draft = line_fix(text, 6, "    strcpy(buf, no_such_name);");
    assert_int_equal(review_verify_drafts(&result, &ctx, &stats, err, sizeof(err)), 0);
    assert_null(strcpy_finding->draft);
    assert_non_null(strcpy_finding->draft_rejected);
    assert_non_null(strstr(strcpy_finding->draft_rejected, "check ("));
    assert_ptr_equal(strcpy_finding->fix, template_fix);
    assert_false(strcpy_finding->fix_drafted);
    assert_int_equal(stats.drafts_rejected, 1);
    /* a sound draft: verified, it becomes the finding's fix */
    strcpy_finding->draft = line_fix(text, 6, "    snprintf(buf, sizeof buf, \"%s\", src);");
    assert_int_equal(review_verify_drafts(&result, &ctx, &stats, err, sizeof(err)), 0);
    assert_true(strcpy_finding->fix_drafted);
    assert_non_null(strcpy_finding->fix);
    assert_true(strcpy_finding->fix->verified);
    assert_int_equal(stats.drafts_verified, 1);
    lint_result_destroy(&result);
    temp_dir_remove(sub);
}

/* The trained and random models of ../shared: their answers are verdicts too. */
static void shared_model_answers(const char *rel)
{
    char path[1024];
    SHARED_REQUIRE(path, rel);
    const char *paths[] = {"corpus/review", "corpus/c.sprintf-overflow"};
    lint_result_t result;
    lint_paths(&result, paths, 2);
    reviewer_t *r = make_reviewer(path, 80, 0, 0);
    assert_true(answer_all(r, &result, 12, NULL) > 0);
    reviewer_free(r);
    lint_result_destroy(&result);
}

static void test_stories260k_answers(void **state)
{
    (void)state;
    shared_model_answers("models/stories260K.gguf");
}

static void test_tiny_random_llama_answers(void **state)
{
    (void)state;
    shared_model_answers("models/llama-2-tiny-random.gguf");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_model_name_and_digest),
        cmocka_unit_test(test_every_answer_is_a_verdict),
        cmocka_unit_test(test_same_input_same_answers),
        cmocka_unit_test(test_injected_text_stays_in_the_code),
        cmocka_unit_test(test_budgets_leave_candidates_unreviewed),
        cmocka_unit_test(test_drafts_go_through_the_verifier),
        cmocka_unit_test(test_stories260k_answers),
        cmocka_unit_test(test_tiny_random_llama_answers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
