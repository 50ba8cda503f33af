/* test_analyzer_corpus.c — the labelled corpus as a test: every rule's cases in
 * corpus/<rule-id>/{positive,negative}/<case>.c are scanned with the whole rule pack.
 *
 * An expectation is a trailing comment on the offending line, `// expect: c.gets` (more
 * than one: `// expect: c.a, c.b`). A finding must sit on a line expecting its rule;
 * every expectation must get its finding; negative files hold no expectations, so any
 * finding in them fails. Each rule also needs at least 3 expected findings and a
 * negative folder. One cmocka test per rule folder; failures print file:line and rule.
 * Folders and expectations of `engine: clang` rules belong to the libclang pass and are
 * skipped here.
 * Run from the repository root (tests/run-all.sh does). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analyzer/rule_pack.h"
#include "analyzer/scanner.h"

typedef struct {
    rule_pack_t *pack;
    scanner_t *scanner;
} corpus_env_t;

typedef struct {
    char id[128];
    corpus_env_t *env;
} rule_case_t;

typedef struct {
    uint32_t line;
    char rule[128];
    bool matched;
} expect_t;

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}

/* Collects "// expect: id, id" comments. */
static size_t parse_expects(const char *text, size_t len, expect_t **out)
{
    size_t count = 0, cap = 0;
    *out = NULL;
    uint32_t line = 1;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\n') {
            line++;
            continue;
        }
        if (strncmp(text + i, "// expect:", 10) != 0) continue;
        size_t k = i + 10;
        while (k < len && text[k] != '\n') {
            while (k < len && (text[k] == ' ' || text[k] == ',')) k++;
            size_t start = k;
            while (k < len && text[k] != ' ' && text[k] != ',' && text[k] != '\n') k++;
            if (k == start) break;
            if (count == cap) {
                cap = cap ? cap * 2 : 16;
                *out = realloc(*out, cap * sizeof(**out));
            }
            expect_t *e = &(*out)[count++];
            e->line = line;
            e->matched = false;
            snprintf(e->rule, sizeof e->rule, "%.*s", (int)(k - start), text + start);
        }
        i = k - 1;
    }
    return count;
}

/* Scans one file; returns the number of problems (printed). */
static int check_file(corpus_env_t *env, const char *path, bool negative, size_t *expected_out)
{
    size_t len;
    char *text = read_all(path, &len);
    if (!text) {
        print_error("%s: cannot read\n", path);
        return 1;
    }
    expect_t *expects = NULL;
    size_t n = parse_expects(text, len, &expects);
    int problems = 0;
    if (negative && n) {
        print_error("%s: a negative case must not carry expect comments\n", path);
        problems++;
    }
    candidate_list_t list;
    candidate_list_init(&list);
    char err[512];
    if (scanner_scan(env->scanner, path, text, len, &list, err, sizeof err) < 0) {
        print_error("%s: scan failed: %s\n", path, err);
        problems++;
    }
    for (size_t i = 0; i < list.count; i++) {
        const candidate_t *c = list.items[i];
        bool ok = false;
        for (size_t k = 0; k < n; k++) {
            if (expects[k].line == c->range.start_line && strcmp(expects[k].rule, c->rule_id) == 0) {
                expects[k].matched = true;
                ok = true;
            }
        }
        if (!ok) {
            print_error("%s:%u: unexpected %s: %s\n", path, c->range.start_line, c->rule_id, c->message);
            problems++;
        }
    }
    for (size_t k = 0; k < n; k++) {
        const rule_t *expected_rule = rule_pack_find(env->pack, expects[k].rule);
        if (expected_rule && rule_engine(expected_rule) != RULE_ENGINE_TREESITTER) continue; /* another pass */
        if (!expects[k].matched) {
            print_error("%s:%u: missed %s\n", path, expects[k].line, expects[k].rule);
            problems++;
        }
        if (!rule_pack_find(env->pack, expects[k].rule)) {
            print_error("%s:%u: expects unknown rule %s\n", path, expects[k].line, expects[k].rule);
            problems++;
        }
    }
    *expected_out = n;
    candidate_list_destroy(&list);
    free(expects);
    free(text);
    return problems;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted list of entries of dir ending in suffix (NULL suffix: all but dot files). */
static size_t list_dir(const char *dir, const char *suffix, char ***out)
{
    *out = NULL;
    DIR *d = opendir(dir);
    if (!d) return 0;
    size_t count = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        size_t l = strlen(e->d_name);
        if (suffix && (l < strlen(suffix) || strcmp(e->d_name + l - strlen(suffix), suffix) != 0)) continue;
        *out = realloc(*out, (count + 1) * sizeof(**out));
        (*out)[count++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(*out, count, sizeof(**out), compare_strings);
    return count;
}

static void free_list(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++) free(list[i]);
    free(list);
}

static int check_folder(corpus_env_t *env, const char *rule, const char *kind, size_t *files, size_t *expected)
{
    char dir[512];
    snprintf(dir, sizeof dir, "corpus/%s/%s", rule, kind);
    char **names;
    size_t n = list_dir(dir, ".c", &names);
    int problems = 0;
    *files = n;
    *expected = 0;
    for (size_t i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        size_t e = 0;
        problems += check_file(env, path, strcmp(kind, "negative") == 0, &e);
        if (strcmp(kind, "positive") == 0 && e == 0) {
            print_error("%s: a positive case without any expect comment\n", path);
            problems++;
        }
        *expected += e;
    }
    free_list(names, n);
    return problems;
}

static void test_rule_corpus(void **state)
{
    rule_case_t *rc = *state;
    const rule_t *owner = rule_pack_find(rc->env->pack, rc->id);
    if (owner && rule_engine(owner) != RULE_ENGINE_TREESITTER) skip(); /* the libclang pass tests these */
    size_t pos_files, neg_files, pos_expected, neg_expected;
    int problems = check_folder(rc->env, rc->id, "positive", &pos_files, &pos_expected);
    problems += check_folder(rc->env, rc->id, "negative", &neg_files, &neg_expected);
    const rule_t *rule = rule_pack_find(rc->env->pack, rc->id);
    if (!rule) {
        print_error("corpus/%s: no rule with this id in rules/\n", rc->id);
        problems++;
    } else {
        size_t own = 0; /* expectations of this folder's own rule */
        char dir[512];
        snprintf(dir, sizeof dir, "corpus/%s/positive", rc->id);
        char **names;
        size_t n = list_dir(dir, ".c", &names);
        for (size_t i = 0; i < n; i++) {
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", dir, names[i]);
            size_t len;
            char *text = read_all(path, &len);
            expect_t *ex;
            size_t ne = text ? parse_expects(text, len, &ex) : 0;
            for (size_t k = 0; k < ne; k++) own += strcmp(ex[k].rule, rc->id) == 0;
            if (text) free(ex);
            free(text);
        }
        free_list(names, n);
        if (own < 3) {
            print_error("corpus/%s: only %zu expected findings of this rule (want at least 3)\n", rc->id, own);
            problems++;
        }
        if (neg_files == 0) {
            print_error("corpus/%s/negative: no negative cases\n", rc->id);
            problems++;
        }
    }
    assert_int_equal(problems, 0);
}

/* Every query rule of the pack has a corpus folder. */
static void test_every_rule_has_a_corpus(void **state)
{
    corpus_env_t *env = *state;
    int missing = 0;
    for (size_t i = 0; i < env->pack->count; i++) {
        const rule_t *r = env->pack->rules[i];
        if (rule_engine(r) != RULE_ENGINE_TREESITTER) continue;
        char dir[512];
        struct stat st;
        snprintf(dir, sizeof dir, "corpus/%s", r->id);
        if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
            print_error("rule %s (%s) has no corpus folder %s\n", r->id, r->source_path, dir);
            missing++;
        }
    }
    assert_int_equal(missing, 0);
}

int main(void)
{
    corpus_env_t env = {0};
    char err[1024];
    if (rule_pack_load_dir(&env.pack, "rules", err, sizeof err) < 0) {
        fprintf(stderr, "cannot load rules/: %s\n", err);
        return 1;
    }
    if (scanner_new(&env.scanner, env.pack, err, sizeof err) < 0) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    char **dirs;
    size_t ndirs = list_dir("corpus", NULL, &dirs);
    struct CMUnitTest *tests = calloc(ndirs + 1, sizeof(*tests));
    rule_case_t *cases = calloc(ndirs + 1, sizeof(*cases));
    size_t nt = 0;
    tests[nt].name = "every_rule_has_a_corpus";
    tests[nt].test_func = test_every_rule_has_a_corpus;
    tests[nt].initial_state = &env;
    nt++;
    for (size_t i = 0; i < ndirs; i++) {
        if (strcmp(dirs[i], "bad-input") == 0 || strchr(dirs[i], '.') == NULL) continue;
        snprintf(cases[i].id, sizeof cases[i].id, "%s", dirs[i]);
        cases[i].env = &env;
        tests[nt].name = cases[i].id;
        tests[nt].test_func = test_rule_corpus;
        tests[nt].initial_state = &cases[i];
        nt++;
    }
    int failed = _cmocka_run_group_tests("corpus", tests, nt, NULL, NULL);
    free(tests);
    free(cases);
    free_list(dirs, ndirs);
    scanner_free(env.scanner);
    rule_pack_free(env.pack);
    return failed;
}
