/* test_grammar_property.c — the proof that constrained decoding holds: with random
 * logits over real vocabularies (SmolLM 49k byte-level BPE, Llama-2 32k SentencePiece, from
 * the shared folder) and over a synthetic one made here (so the proof also runs in a fresh
 * clone), every finished output is accepted by an independent checker: jansson + a schema
 * validator for JSON grammars, the independent recogniser for the others. Also: the mask
 * equals a brute-force per-token check (so precomputation and caching change nothing),
 * and a token outside the mask is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "grammar/grammar.h"
#include "tests/unit/helpers/grammar_testlib.h"
#include "tests/unit/helpers/shared_files.h"

/* the two vocabularies, in the shared folder (a test without its vocabulary is skipped) */
#define SMOLLM_JSON "vocab/smollm-hf/tokenizer.json"
#define LLAMA_GGUF "models/llama-2-tiny-random.gguf"

typedef struct {
    grammar_vocab_t *smollm;
    grammar_vocab_t *llama;
    grammar_vocab_t *synthetic; /* made here: the property holds in a fresh clone too */
} vocabs_t;

/* Loads the vocabularies the shared folder has; a missing one stays NULL. */
static int setup(void **state)
{
    char err[512], path[512];
    vocabs_t *v = calloc(1, sizeof *v);
    v->synthetic = gtest_synthetic_vocab(6000, 11, err, sizeof err);
    if (!v->synthetic) { fprintf(stderr, "synthetic vocab: %s\n", err); return -1; }
    if (access(shared_path(path, sizeof path, SMOLLM_JSON), R_OK) == 0) {
        v->smollm = gtest_smollm_vocab(path, 0, err, sizeof err);
        if (!v->smollm) { fprintf(stderr, "smollm vocab: %s\n", err); return -1; }
    }
    if (access(shared_path(path, sizeof path, LLAMA_GGUF), R_OK) == 0) {
        v->llama = gtest_gguf_vocab(path, err, sizeof err);
        if (!v->llama) { fprintf(stderr, "llama vocab: %s\n", err); return -1; }
    }
    *state = v;
    return 0;
}

/* The vocabulary, or the test is skipped with the missing file named. */
#define NEED(vocab, rel)                                             \
    do {                                                             \
        char need_path_[512];                                        \
        if (!(vocab) && shared_file(need_path_, sizeof need_path_, rel)) fail_msg("not loaded"); \
        if (!(vocab)) skip();                                        \
    } while (0)

static int teardown(void **state)
{
    vocabs_t *v = *state;
    grammar_vocab_free(v->smollm);
    grammar_vocab_free(v->llama);
    grammar_vocab_free(v->synthetic);
    free(v);
    return 0;
}

typedef enum { CHECK_RECOGNIZER, CHECK_JSON, CHECK_SCHEMA } check_kind_t;

typedef struct {
    const char *name;
    grammar_t *g;
    check_kind_t kind;
    json_t *schema;               /* CHECK_SCHEMA */
    const char *const *idents;    /* replacement identifiers allowed (NULL: any) */
} subject_t;

static bool is_ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* every identifier-looking word of C code outside literals is allowed */
static void check_replacement_words(const char *code, const char *const *allowed)
{
    static const char *const kw[] = {"auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
                                      "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
                                      "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch",
                                      "typedef", "union", "unsigned", "void", "volatile", "while", "_Bool", "_Alignas",
                                      "_Alignof", "_Atomic", "_Generic", "_Noreturn", "_Static_assert", "_Thread_local",
                                      "NULL", NULL};
    const char *p = code;
    while (*p) {
        if (*p == '"' || *p == '\'') {
            char q = *p++;
            while (*p && *p != q) p += (*p == '\\' && p[1]) ? 2 : 1;
            if (*p) p++;
            continue;
        }
        if (*p >= '0' && *p <= '9') { while (is_ident_char(*p) || *p == '.') p++; continue; }
        if (!is_ident_char(*p)) { p++; continue; }
        const char *s = p;
        while (is_ident_char(*p)) p++;
        size_t n = (size_t)(p - s);
        bool ok = false;
        for (const char *const *k = kw; *k && !ok; k++) ok = strlen(*k) == n && !memcmp(*k, s, n);
        for (const char *const *k = allowed; *k && !ok; k++) ok = strlen(*k) == n && !memcmp(*k, s, n);
        if (!ok) fail_msg("replacement uses identifier '%.*s' outside the allowed list: %s", (int)n, s, code);
    }
}

static void check_output(const subject_t *s, const char *text, size_t len)
{
    if (s->kind == CHECK_RECOGNIZER) {
        if (!gtest_recognize(s->g, text, len))
            fail_msg("%s: the independent recogniser rejects generated text: \"%s\"", s->name, text);
        return;
    }
    json_error_t je;
    json_t *doc = json_loadb(text, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
    if (!doc) fail_msg("%s: jansson rejects generated text (%s): \"%s\"", s->name, je.text, text);
    if (s->kind == CHECK_SCHEMA) {
        char why[256];
        if (!gtest_schema_validate(s->schema, s->schema, doc, why, sizeof why))
            fail_msg("%s: output violates the schema (%s): %s", s->name, why, text);
        if (json_is_object(doc) && json_object_get(s->schema, "properties")) {
            /* properties in the schema's fixed order: required first */
            const char *first = json_object_iter_key(json_object_iter(doc));
            json_t *req = json_object_get(s->schema, "required");
            if (json_array_size(req) && strcmp(first, json_string_value(json_array_get(req, 0))) != 0)
                fail_msg("%s: first property is '%s'", s->name, first);
        }
        if (s->idents) {
            json_t *fix = json_object_get(doc, "fix");
            if (json_is_object(fix)) check_replacement_words(json_string_value(json_object_get(fix, "replacement")), s->idents);
        }
    }
    if (!gtest_recognize(s->g, text, len))
        fail_msg("%s: the independent recogniser rejects generated text: \"%s\"", s->name, text);
    json_decref(doc);
}

/* Runs n sequences per seed and checks each finished one. Returns finished count. */
static size_t run_subject(const subject_t *s, const grammar_vocab_t *v, const uint64_t *seeds, size_t n_seeds,
                          size_t per_seed, size_t max_tokens)
{
    grammar_matcher_t *m = NULL;
    char err[512];
    assert_int_equal(grammar_matcher_new(&m, s->g, v, err, sizeof err), 0);
    const uint32_t *lens;
    const char **bytes = gtest_vocab_tokens(v, &lens);
    size_t finished_count = 0, total = 0, tokens = 0;
    clock_t start = clock();
    for (size_t k = 0; k < n_seeds; k++) {
        gtest_sampler_t smp;
        gtest_sampler_init(&smp, v, seeds[k]);
        for (size_t i = 0; i < per_seed; i++) {
            bool finished;
            size_t nt, len;
            char *text = gtest_generate(m, v, &smp, bytes, lens, max_tokens, &finished, &nt, &len);
            total++;
            tokens += nt;
            if (finished) {
                finished_count++;
                check_output(s, text, len);
            }
            free(text);
        }
        gtest_sampler_destroy(&smp);
    }
    grammar_matcher_stats_t st;
    grammar_matcher_stats(m, &st);
    fprintf(stderr, "  %-34s %zu/%zu finished, %zu tokens, %.2f s, cache hits %llu misses %llu, positions %llu\n",
            s->name, finished_count, total, tokens, (double)(clock() - start) / CLOCKS_PER_SEC, (unsigned long long)st.cache_hits, (unsigned long long)st.cache_misses,
            (unsigned long long)st.positions_built);
    /* most sequences must finish, or the test proves little */
    assert_true(finished_count * 2 >= total);
    free(bytes);
    grammar_matcher_free(m);
    return finished_count;
}

static grammar_t *parse_gbnf_string(char *gbnf)
{
    grammar_t *g = gtest_parse_text(gbnf);
    free(gbnf);
    return g;
}

static const uint64_t seeds[] = {1, 2, 3};

/* GRAMMAR_PROPERTY_SCALE=N multiplies the sequence counts (bench/grammar.sh runs 20x:
 * thousands of sequences; the unit test stays within a few seconds) */
static size_t scaled(size_t n)
{
    const char *s = getenv("GRAMMAR_PROPERTY_SCALE");
    long k = s ? strtol(s, NULL, 10) : 1;
    return n * (size_t)(k > 0 ? k : 1);
}

static void verdict_on(const grammar_vocab_t *v, size_t per_seed)
{
    char err[512];
    char *gbnf = NULL;
    assert_int_equal(grammar_verdict_gbnf(&gbnf, NULL, err, sizeof err), 0);
    json_t *schema = json_loads(grammar_verdict_schema(), 0, NULL);
    subject_t s = {"verdict", parse_gbnf_string(gbnf), CHECK_SCHEMA, schema, NULL};
    run_subject(&s, v, seeds, 3, scaled(per_seed), 400);
    grammar_free(s.g);
    json_decref(schema);
}

static void verdict_fix_on(const grammar_vocab_t *v, size_t per_seed)
{
    static const char *const idents[] = {"buf", "len", "src", "dst", "strlcpy", "n", NULL};
    static const char *const templates[] = {"strlcpy(dst, src, sizeof dst);", "if (n >= sizeof buf) return -1;"};
    grammar_fix_options_t fix = {idents, 6, true, templates, 2};
    char err[512];
    char *gbnf = NULL;
    assert_int_equal(grammar_verdict_gbnf(&gbnf, &fix, err, sizeof err), 0);
    json_t *schema = json_loads(grammar_verdict_schema(), 0, NULL);
    subject_t s = {"verdict+fix identifiers", parse_gbnf_string(gbnf), CHECK_SCHEMA, schema, idents};
    run_subject(&s, v, seeds, 3, scaled(per_seed), 400);
    grammar_free(s.g);
    json_decref(schema);
}

static void file_on(const grammar_vocab_t *v, const char *path, check_kind_t kind, size_t per_seed)
{
    subject_t s = {path, gtest_parse_file(path), kind, NULL, NULL};
    run_subject(&s, v, seeds, 3, scaled(per_seed), 300);
    grammar_free(s.g);
}

static void test_verdict_smollm(void **state)
{
    vocabs_t *v = *state;
    NEED(v->smollm, SMOLLM_JSON);
    verdict_on(v->smollm, 80);
    verdict_fix_on(v->smollm, 30);
}

static void test_verdict_llama(void **state)
{
    vocabs_t *v = *state;
    NEED(v->llama, LLAMA_GGUF);
    verdict_on(v->llama, 50);
    verdict_fix_on(v->llama, 20);
}

static void test_grammars_smollm(void **state)
{
    vocabs_t *v = *state;
    NEED(v->smollm, SMOLLM_JSON);
    file_on(v->smollm, "grammar/grammars/json.gbnf", CHECK_JSON, 60);
    file_on(v->smollm, "grammar/grammars/c_expr.gbnf", CHECK_RECOGNIZER, 1);
    file_on(v->smollm, "grammar/grammars/arithmetic.gbnf", CHECK_RECOGNIZER, 8);
    file_on(v->smollm, "grammar/grammars/list.gbnf", CHECK_RECOGNIZER, 15);
}

static void test_grammars_llama(void **state)
{
    vocabs_t *v = *state;
    NEED(v->llama, LLAMA_GGUF);
    file_on(v->llama, "grammar/grammars/json.gbnf", CHECK_JSON, 40);
    file_on(v->llama, "grammar/grammars/arithmetic.gbnf", CHECK_RECOGNIZER, 10);
    file_on(v->llama, "grammar/grammars/list.gbnf", CHECK_RECOGNIZER, 10);
}

static void test_verdict_synthetic(void **state)
{
    vocabs_t *v = *state;
    verdict_on(v->synthetic, 50);
    verdict_fix_on(v->synthetic, 20);
}

static void test_grammars_synthetic(void **state)
{
    vocabs_t *v = *state;
    file_on(v->synthetic, "grammar/grammars/json.gbnf", CHECK_JSON, 40);
    file_on(v->synthetic, "grammar/grammars/c_expr.gbnf", CHECK_RECOGNIZER, 1);
    file_on(v->synthetic, "grammar/grammars/arithmetic.gbnf", CHECK_RECOGNIZER, 10);
    file_on(v->synthetic, "grammar/grammars/list.gbnf", CHECK_RECOGNIZER, 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verdict_smollm),
        cmocka_unit_test(test_verdict_llama),
        cmocka_unit_test(test_grammars_smollm),
        cmocka_unit_test(test_grammars_llama),
        cmocka_unit_test(test_verdict_synthetic),
        cmocka_unit_test(test_grammars_synthetic),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
