/* report_fixtures.h — hand-built rules, candidates and source lines for the reporter tests
 * (tests/unit/test_report_*.c). Header-only so each test binary gets its own copy.
 *
 * The fixture is a small project: src/copy.c (a tab-indented strcpy with a fix that may
 * change the meaning, a UTF-8 line with a safe fix), "dir with space/odd:name.c" (a path
 * with a space and a colon, with a flow), and a candidate whose snippet is invalid UTF-8
 * and whose rule is not in the pack. Fingerprints are filled by hand, as the driver would.
 * report_fixture_setup/_teardown make the whole fixture a cmocka test state, and the
 * fixture_json_* helpers read a JSON report back. Include <cmocka.h> first. */
#ifndef ASSAY_TEST_REPORT_FIXTURES_H
#define ASSAY_TEST_REPORT_FIXTURES_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "core/candidate.h"
#include "core/rule.h"
#include "reporters/report.h"

typedef struct {
    const char *path;
    const char *lines[12]; /* lines[0] is line 1; NULL ends the file */
} fixture_file_t;

static const fixture_file_t fixture_files[] = {
    {"src/copy.c",
     {
         "#include <string.h>",
         "void copy(char *src) {",
         "\tchar buf[16]; strcpy(buf, src);",               /* line 3: strcpy at byte 16 */
         "\t/* h\xC3\xA9llo \xF0\x9F\x98\x80 */ gets(buf);", /* line 4: é (2 bytes), U+1F600 (4) */
         "}",
         NULL,
     }},
    {"dir with space/odd:name.c",
     {
         "int f(char *p) {",
         "    free(p);",
         "    return *p;",
         "}",
         NULL,
     }},
};

__attribute__((unused)) static const char *fixture_source_line(void *ctx, const char *path, uint32_t line, size_t *length)
{
    (void)ctx;
    for (size_t f = 0; f < sizeof(fixture_files) / sizeof(fixture_files[0]); f++) {
        if (strcmp(fixture_files[f].path, path) != 0) continue;
        for (uint32_t i = 0; i < 12 && fixture_files[f].lines[i]; i++) {
            if (i + 1 == line) {
                *length = strlen(fixture_files[f].lines[i]);
                return fixture_files[f].lines[i];
            }
        }
    }
    return NULL;
}

/* ---- rules ------------------------------------------------------------------------ */

typedef struct {
    rule_pack_t pack;
    rule_t *storage[2];
} fixture_rules_t;

__attribute__((unused)) static rule_t *fixture_rule_new(const char *id, const char *name, severity_t severity, int cwe,
                                double security_severity)
{
    rule_t *rule = calloc(1, sizeof(*rule));
    rule->id = strdup(id);
    rule->name = strdup(name);
    rule->short_description = strdup("Unbounded copy into a fixed-size buffer");
    rule->full_description = strdup("The copy does not limit how many bytes it writes, so a "
                                    "longer source overflows the destination.");
    rule->message = strdup("{call} may overflow");
    rule->help = strdup("Use a bounded copy such as `snprintf(dst, sizeof dst, \"%s\", src)`.");
    rule->severity = severity;
    rule->cwe = cwe;
    rule->security_severity = security_severity;
    rule->enabled = true;
    rule->tags = calloc(2, sizeof(char *));
    rule->tags[0] = strdup("correctness");
    rule->tags[1] = strdup("precision:high");
    rule->tag_count = 2;
    return rule;
}

__attribute__((unused)) static void fixture_rule_free(rule_t *rule)
{
    if (!rule) return;
    free(rule->id), free(rule->name), free(rule->short_description);
    free(rule->full_description), free(rule->message), free(rule->help), free(rule->help_uri);
    for (size_t i = 0; i < rule->tag_count; i++) free(rule->tags[i]);
    free(rule->tags);
    free(rule->extra_cwes);
    free(rule);
}

__attribute__((unused)) static void fixture_rules_init(fixture_rules_t *rules)
{
    memset(rules, 0, sizeof(*rules));
    rules->storage[0] = fixture_rule_new("c.strcpy-unbounded", "StrcpyUnbounded", SEVERITY_WARNING,
                                         120, 7.5);
    rules->storage[1] = fixture_rule_new("c.use-after-free", "UseAfterFree", SEVERITY_ERROR, 416, 9.8);
    rules->storage[1]->extra_cwes = malloc(sizeof(int));
    rules->storage[1]->extra_cwes[0] = 825;
    rules->storage[1]->extra_cwe_count = 1;
    rules->storage[1]->help_uri = strdup("https://example.org/rules/use-after-free");
    rules->pack.rules = rules->storage;
    rules->pack.count = 2;
}

__attribute__((unused)) static void fixture_rules_destroy(fixture_rules_t *rules)
{
    fixture_rule_free(rules->storage[0]);
    fixture_rule_free(rules->storage[1]);
}

/* ---- candidates ------------------------------------------------------------------- */

__attribute__((unused)) static source_range_t fixture_range(uint32_t line, uint32_t col, uint32_t end_line, uint32_t end_col)
{
    source_range_t r = {0};
    r.start_line = line, r.start_col = col, r.end_line = end_line, r.end_col = end_col;
    return r;
}

__attribute__((unused)) static candidate_t *fixture_candidate(const rule_t *rule, const char *rule_id, const char *path,
                                      source_range_t range, const char *message, const char *snippet,
                                      severity_t severity, int cwe)
{
    candidate_t *c = candidate_new();
    c->rule = rule;
    c->rule_id = strdup(rule_id);
    c->path = strdup(path);
    c->range = range;
    c->message = message ? strdup(message) : NULL;
    c->snippet = snippet ? strdup(snippet) : NULL;
    c->severity = severity;
    c->cwe = cwe;
    return c;
}

/* The four candidates of the fixture, sorted as the driver sorts them:
 *  0  "dir with space/odd:name.c":3:12 use after free (error), two flow steps
 *  1  src/copy.c:3:16 strcpy (warning), fix that may change the meaning, facts
 *  2  src/copy.c:4:20 gets (warning), safe fix with awkward text, model verdict
 *  3  src/zz.c:1:1 a rule missing from the pack, invalid UTF-8 snippet, NULL message */
__attribute__((unused)) static void fixture_candidates(candidate_list_t *list, const fixture_rules_t *rules)
{
    candidate_list_init(list);
    candidate_t *c = fixture_candidate(rules->storage[0], "c.strcpy-unbounded", "src/copy.c",
                                       fixture_range(3, 16, 3, 32), "'strcpy' into 'buf' (16 bytes) may overflow",
                                       "strcpy(buf, src)", SEVERITY_WARNING, 120);
    candidate_add_fact(c, "dst_size", "16");
    candidate_add_fact(c, "callee", "strcpy");
    c->fix = fix_new("replace with 'snprintf'", true);
    fix_add_edit(c->fix, fixture_range(3, 16, 3, 32), "snprintf(buf, sizeof buf, \"%s\", src)");
    c->fix->verified = true; /* reporters show only fixes the verifier accepted */
    snprintf(c->fingerprint, sizeof(c->fingerprint), "0123456789abcdef0123456789abcdef");
    snprintf(c->line_hash, sizeof(c->line_hash), "5f2ec0a4c3d2b1a0:1");
    candidate_list_push(list, c);

    c = fixture_candidate(rules->storage[0], "c.strcpy-unbounded", "src/copy.c", fixture_range(4, 20, 4, 29),
                          "'gets' cannot be bounded", "gets(buf)", SEVERITY_WARNING, 120);
    c->fix = fix_new("use fgets", false);
    fix_add_edit(c->fix, fixture_range(4, 20, 4, 24), "fgets");
    fix_add_edit(c->fix, fixture_range(4, 28, 4, 28), ", \"q\\\" \xC3\xA9\t\n\x01");
    c->fix->verified = true;
    c->verdict = REVIEW_TRUE_POSITIVE;
    c->confidence = 87;
    c->review_reason = strdup("buf is 16 bytes and src comes from argv");
    snprintf(c->fingerprint, sizeof(c->fingerprint), "0123456789abcdef0123456789abcdef");
    snprintf(c->line_hash, sizeof(c->line_hash), "77aa00bb11cc22dd:1");
    candidate_list_push(list, c);

    c = fixture_candidate(rules->storage[1], "c.use-after-free", "dir with space/odd:name.c",
                          fixture_range(3, 12, 3, 14), "'p' is used after it was freed", "*p",
                          SEVERITY_ERROR, 416);
    candidate_add_flow(c, fixture_range(2, 5, 2, 12), "memory freed here");
    candidate_add_flow(c, fixture_range(3, 12, 3, 14), "freed memory read here");
    snprintf(c->fingerprint, sizeof(c->fingerprint), "fedcba9876543210fedcba9876543210");
    snprintf(c->line_hash, sizeof(c->line_hash), "0011223344556677:1");
    candidate_list_push(list, c);

    c = fixture_candidate(NULL, "c.not-in-pack", "src/zz.c", fixture_range(1, 1, 1, 4), NULL,
                          "a\xFF\xFE" "b\x01", SEVERITY_NOTE, 0);
    candidate_list_push(list, c);
    candidate_list_sort(list); /* as the driver hands them over */
}

static const notice_t fixture_notices[] = {
    {(char *)"src/binary.c", (char *)"not a text file (NUL byte at offset 12): skipped"},
};

__attribute__((unused)) static report_options_t fixture_options(const fixture_rules_t *rules)
{
    report_options_t options;
    memset(&options, 0, sizeof(options));
    options.rules = &rules->pack;
    options.tool_version = "0.1.0";
    options.repo_root = "/work/my project";
    options.source_line = fixture_source_line;
    options.notices = fixture_notices;
    options.notice_count = 1;
    options.timestamp = "2026-01-02T03:04:05";
    options.hostname = "ci-runner";
    return options;
}

/* Runs report_write into a memory buffer; returns the NUL-terminated text (caller frees)
 * or NULL when report_write failed. */
__attribute__((unused)) static char *fixture_render(report_format_t format, const candidate_list_t *list,
                            const report_options_t *options)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    char err[256] = "";
    int rc = report_write(out, format, list, options, err, sizeof(err));
    fclose(out);
    if (rc != 0) {
        fprintf(stderr, "report_write failed: %s\n", err);
        free(text);
        return NULL;
    }
    return text;
}

/* Writes text to $BUILD/report-samples/name (for tests/e2e/reporters.sh to validate with
 * the official tools); silently does nothing when the folder cannot be made. */
__attribute__((unused)) static void fixture_save_sample(const char *name, const char *text)
{
    const char *build = getenv("BUILD");
    char dir[512], path[600];
    snprintf(dir, sizeof(dir), "%s/report-samples", build && *build ? build : "build");
    mkdir(build && *build ? build : "build", 0755);
    mkdir(dir, 0755);
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) return;
    fputs(text, f);
    fclose(f);
}

/* The whole fixture as a cmocka test state: rules, candidates, default options. */
typedef struct {
    fixture_rules_t rules;
    candidate_list_t list;
    report_options_t options;
} report_fixture_t;

__attribute__((unused)) static int report_fixture_setup(void **state)
{
    report_fixture_t *f = calloc(1, sizeof(*f));
    if (!f) return -1;
    fixture_rules_init(&f->rules);
    fixture_candidates(&f->list, &f->rules);
    f->options = fixture_options(&f->rules);
    *state = f;
    return 0;
}

__attribute__((unused)) static int report_fixture_teardown(void **state)
{
    report_fixture_t *f = *state;
    candidate_list_destroy(&f->list);
    fixture_rules_destroy(&f->rules);
    free(f);
    return 0;
}

/* Renders the report and parses it as JSON, or fails the test (caller decrefs). */
__attribute__((unused)) static json_t *fixture_render_json(report_format_t format, const candidate_list_t *list,
                                                         const report_options_t *options)
{
    char *text = fixture_render(format, list, options);
    assert_non_null(text);
    json_error_t error;
    json_t *root = json_loads(text, 0, &error);
    if (!root) fail_msg("not JSON (%s): %s", error.text, text);
    free(text);
    return root;
}

/* The string or integer member key of object; "<missing>" or -1 when absent. */
__attribute__((unused)) static const char *fixture_json_str(json_t *object, const char *key)
{
    json_t *value = json_object_get(object, key);
    return json_is_string(value) ? json_string_value(value) : "<missing>";
}

__attribute__((unused)) static long long fixture_json_num(json_t *object, const char *key)
{
    json_t *value = json_object_get(object, key);
    return json_is_integer(value) ? json_integer_value(value) : -1;
}

#endif
