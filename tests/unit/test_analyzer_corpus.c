/* test_analyzer_corpus.c — the labelled corpus as a test: every rule's cases in
 * corpus/<rule-id>/{positive,negative}/<case>.c are scanned with the whole rule pack.
 *
 * Labels are trailing comments naming rules: `// expect: c.gets` (more than one:
 * `// expect: c.a, c.b`) marks a line that must draw that finding; `// ok: c.gets` marks a
 * safe look-alike that must not. A finding must sit on a line expecting its rule; every
 * expectation must get its finding; a finding on a line labelled ok for its rule, and a
 * label naming no rule, fail with file:line and the rule. Negative files carry only ok
 * labels, so any finding in them fails. Each rule needs at least MIN_LABELS expect lines of
 * its own id in its positive/ files and MIN_LABELS ok lines of its own id in its negative/
 * files (rules/README.md, "Corpus"). One cmocka test per rule folder.
 * Folders and expectations of `engine: clang` rules belong to the libclang pass
 * (tests/e2e/clang_corpus.sh); in those folders only the ok labels of tree-sitter rules
 * are checked here.
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

#include "analyzer/rules/rule_pack.h"
#include "analyzer/syntax/scanner.h"

/* Each rule's corpus: at least this many expect lines and this many ok lines. */
#define MIN_LABELS 3
/* Rules exempt from MIN_LABELS until their corpus is labelled (a list of string literals,
 * each followed by a comma). */
#define SHORT_ALLOWED

typedef struct {
    rule_pack_t *pack;
    scanner_t *scanner;
} corpus_env_t;

typedef struct {
    char id[128];
    corpus_env_t *env;
} rule_case_t;

/* One rule named by a label comment: `// expect: <rule>[, <rule>]` (the line draws the
 * finding) or `// ok: <rule>[, <rule>]` (a safe look-alike: the line must not draw it). */
typedef struct {
    uint32_t line;
    bool ok; /* an ok label; otherwise an expect label */
    char rule[128];
    bool matched;
} label_t;

/* Rules whose corpus is still short of MIN_LABELS expect or ok lines; empty when every
 * rule meets the count. */
static const char *const short_allowed[] = {SHORT_ALLOWED NULL};

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) buf[n] = '\0';
    *len = buf ? (size_t)n : 0;
    return buf;
}

/* Collects the rules named by "// expect: id, id" and "// ok: id, id" comments. */
static size_t parse_labels(const char *text, size_t len, label_t **out)
{
    size_t count = 0, cap = 0;
    *out = NULL;
    uint32_t line = 1;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\n') {
            line++;
            continue;
        }
        size_t k;
        bool ok;
        if (strncmp(text + i, "// expect:", 10) == 0) {
            k = i + 10;
            ok = false;
        } else if (strncmp(text + i, "// ok:", 6) == 0) {
            k = i + 6;
            ok = true;
        } else {
            continue;
        }
        while (k < len && text[k] != '\n' && !(text[k] == '/' && k + 1 < len && text[k + 1] == '/')) {
            while (k < len && (text[k] == ' ' || text[k] == ',' || text[k] == '\t')) k++;
            size_t start = k;
            while (k < len && text[k] != ' ' && text[k] != ',' && text[k] != '\t' && text[k] != '\n') k++;
            if (k == start) break;
            if (count == cap) {
                cap = cap ? cap * 2 : 16;
                label_t *grown = realloc(*out, cap * sizeof(**out));
                assert_non_null(grown);
                *out = grown;
            }
            label_t *e = &(*out)[count++];
            e->line = line;
            e->ok = ok;
            e->matched = false;
            snprintf(e->rule, sizeof e->rule, "%.*s", (int)(k - start), text + start);
        }
        i = k - 1;
    }
    return count;
}

/* Distinct lines of `path` with a label of `rule` of the given kind. */
static size_t count_labels(const char *path, const char *rule, bool ok)
{
    size_t len, lines = 0;
    char *text = read_all(path, &len);
    if (!text) return 0;
    label_t *labels;
    size_t n = parse_labels(text, len, &labels);
    uint32_t last = 0;
    for (size_t k = 0; k < n; k++) {
        if (labels[k].ok != ok || strcmp(labels[k].rule, rule) != 0 || labels[k].line == last) continue;
        last = labels[k].line;
        lines++;
    }
    free(labels);
    free(text);
    return lines;
}

/* Scans one file; returns the number of problems (printed). Sets *expects_out to the
 * number of expect labels in the file. */
static int check_file(corpus_env_t *env, const char *path, bool negative, size_t *expects_out)
{
    size_t len;
    char *text = read_all(path, &len);
    if (!text) {
        print_error("%s: cannot read\n", path);
        return 1;
    }
    label_t *labels = NULL;
    size_t n = parse_labels(text, len, &labels);
    int problems = 0;
    size_t expects = 0;
    for (size_t k = 0; k < n; k++) {
        if (!rule_pack_find(env->pack, labels[k].rule)) {
            print_error("%s:%u: %s label names unknown rule %s\n", path, labels[k].line,
                        labels[k].ok ? "ok" : "expect", labels[k].rule);
            problems++;
        }
        if (labels[k].ok) continue;
        expects++;
        if (negative) {
            print_error("%s:%u: a negative case must not carry expect labels (%s)\n", path, labels[k].line,
                        labels[k].rule);
            problems++;
        }
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
        bool expected = false, labelled_ok = false;
        for (size_t k = 0; k < n; k++) {
            if (labels[k].line != c->range.start_line || strcmp(labels[k].rule, c->rule_id) != 0) continue;
            if (labels[k].ok) {
                labelled_ok = true;
            } else {
                labels[k].matched = true;
                expected = true;
            }
        }
        if (labelled_ok) {
            print_error("%s:%u: %s reported on a line labelled ok: %s (%s)\n", path, c->range.start_line,
                        c->rule_id, c->rule_id, c->message);
            problems++;
        } else if (!expected) {
            print_error("%s:%u: unexpected %s: %s\n", path, c->range.start_line, c->rule_id, c->message);
            problems++;
        }
    }
    for (size_t k = 0; k < n; k++) {
        const rule_t *expected_rule = rule_pack_find(env->pack, labels[k].rule);
        if (labels[k].ok || !expected_rule || negative) continue;
        if (expected_rule->engine != RULE_ENGINE_TREESITTER) continue; /* another pass */
        if (!labels[k].matched) {
            print_error("%s:%u: missed %s\n", path, labels[k].line, labels[k].rule);
            problems++;
        }
    }
    *expects_out = expects;
    candidate_list_destroy(&list);
    free(labels);
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

/* Checks every case of corpus/<rule>/<kind>; *own_labels counts the lines labelled with
 * the folder's own rule: expect lines in positive/, ok lines in negative/. */
static int check_folder(corpus_env_t *env, const char *rule, const char *kind, size_t *files, size_t *own_labels)
{
    char dir[512];
    snprintf(dir, sizeof dir, "corpus/%s/%s", rule, kind);
    bool negative = strcmp(kind, "negative") == 0;
    char **names;
    size_t n = list_dir(dir, ".c", &names);
    int problems = 0;
    *files = n;
    *own_labels = 0;
    for (size_t i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        size_t expects = 0;
        problems += check_file(env, path, negative, &expects);
        if (!negative && expects == 0) {
            print_error("%s: a positive case without any expect label\n", path);
            problems++;
        }
        *own_labels += count_labels(path, rule, negative);
    }
    free_list(names, n);
    return problems;
}

static bool allowed_short(const char *rule)
{
    for (size_t i = 0; short_allowed[i]; i++)
        if (strcmp(short_allowed[i], rule) == 0) return true;
    return false;
}

/* The cases of a libclang rule's folder, seen by the scanner: only the ok labels of
 * tree-sitter rules are checked there (a finding of such a rule on a line labelled ok for
 * it fails); expectations and the rest belong to tests/e2e/clang_corpus.sh. */
static int check_clang_folder(corpus_env_t *env, const char *rule)
{
    int problems = 0;
    const char *kinds[] = {"positive", "negative"};
    for (size_t k = 0; k < 2; k++) {
        char dir[512];
        snprintf(dir, sizeof dir, "corpus/%s/%s", rule, kinds[k]);
        char **names;
        size_t n = list_dir(dir, ".c", &names);
        for (size_t i = 0; i < n; i++) {
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", dir, names[i]);
            size_t len;
            char *text = read_all(path, &len);
            if (!text) continue;
            label_t *labels;
            size_t nl = parse_labels(text, len, &labels);
            candidate_list_t list;
            candidate_list_init(&list);
            char err[512];
            if (scanner_scan(env->scanner, path, text, len, &list, err, sizeof err) < 0) {
                print_error("%s: scan failed: %s\n", path, err);
                problems++;
            }
            for (size_t c = 0; c < list.count; c++)
                for (size_t l = 0; l < nl; l++)
                    if (labels[l].ok && labels[l].line == list.items[c]->range.start_line &&
                        strcmp(labels[l].rule, list.items[c]->rule_id) == 0) {
                        print_error("%s:%u: %s reported on a line labelled ok: %s (%s)\n", path, labels[l].line,
                                    labels[l].rule, labels[l].rule, list.items[c]->message);
                        problems++;
                    }
            candidate_list_destroy(&list);
            free(labels);
            free(text);
        }
        free_list(names, n);
    }
    return problems;
}

static void test_rule_corpus(void **state)
{
    rule_case_t *rc = *state;
    const rule_t *rule = rule_pack_find(rc->env->pack, rc->id);
    if (rule && rule->engine != RULE_ENGINE_TREESITTER) { /* the rest: tests/e2e/clang_corpus.sh */
        assert_int_equal(check_clang_folder(rc->env, rc->id), 0);
        return;
    }
    size_t pos_files, neg_files, expect_lines, ok_lines;
    int problems = check_folder(rc->env, rc->id, "positive", &pos_files, &expect_lines);
    problems += check_folder(rc->env, rc->id, "negative", &neg_files, &ok_lines);
    if (!rule) {
        print_error("corpus/%s: no rule with this id in rules/\n", rc->id);
        problems++;
    } else {
        print_message("corpus/%s: %zu expect lines, %zu ok lines\n", rc->id, expect_lines, ok_lines);
        if ((expect_lines < MIN_LABELS || ok_lines < MIN_LABELS) && !allowed_short(rc->id)) {
            print_error("corpus/%s is short: %zu expect lines in positive/, %zu ok lines in negative/ "
                        "(want at least %d each)\n",
                        rc->id, expect_lines, ok_lines, MIN_LABELS);
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
        if (r->engine != RULE_ENGINE_TREESITTER) continue;
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
