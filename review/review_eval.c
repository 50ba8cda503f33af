/* review_eval.c — corpus labels and the scores of `assay eval` (see review_eval.h). */
#include "review/review_eval.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static int add_label(review_labels_t *l, size_t *cap, uint32_t line, const char *rule, size_t n, bool expect)
{
    if (l->count == *cap) {
        size_t grown_cap = *cap ? *cap * 2 : 8;
        review_label_t *grown = realloc(l->items, grown_cap * sizeof(*grown));
        if (!grown) return -1;
        l->items = grown;
        *cap = grown_cap;
    }
    char *copy = strndup(rule, n);
    if (!copy) return -1;
    l->items[l->count++] = (review_label_t){line, copy, expect};
    return 0;
}

/* The labels after one "//" comment start at text[i..end). */
static int parse_comment(review_labels_t *l, size_t *cap, uint32_t line, const char *s, const char *end)
{
    /* "// expect: a, b" or "// ok: a" — also several in one line (…// ok: x) */
    while (s < end) {
        const char *slash = memmem(s, (size_t)(end - s), "//", 2);
        if (!slash) return 0;
        const char *p = slash + 2;
        while (p < end && *p == ' ') p++;
        bool expect;
        if ((size_t)(end - p) >= 7 && memcmp(p, "expect:", 7) == 0) {
            expect = true;
            p += 7;
        } else if ((size_t)(end - p) >= 3 && memcmp(p, "ok:", 3) == 0) {
            expect = false;
            p += 3;
        } else {
            s = slash + 2;
            continue;
        }
        const char *stop = memmem(p, (size_t)(end - p), "/", 1); /* the labels end at the next '/' */
        if (!stop) stop = end;
        while (p < stop) {
            while (p < stop && (*p == ' ' || *p == ',' || *p == '\t')) p++;
            const char *w = p;
            while (p < stop && *p != ',' && !isspace((unsigned char)*p)) p++;
            if (p > w && add_label(l, cap, line, w, (size_t)(p - w), expect) != 0) return -1;
        }
        s = stop;
    }
    return 0;
}

int review_labels_parse(review_labels_t *out, const char *text, size_t length)
{
    out->items = NULL;
    out->count = 0;
    size_t cap = 0;
    uint32_t line = 1;
    for (size_t i = 0; i < length;) {
        size_t e = i;
        while (e < length && text[e] != '\n') e++;
        if (parse_comment(out, &cap, line, text + i, text + e) != 0) {
            review_labels_destroy(out);
            return -1;
        }
        i = e + 1;
        line++;
    }
    return 0;
}

void review_labels_destroy(review_labels_t *l)
{
    for (size_t i = 0; i < l->count; i++) free(l->items[i].rule);
    free(l->items);
    l->items = NULL;
    l->count = 0;
}

/* Calls hit(rule, line) for each report of c: its own, then the merged ones. */
typedef void (*report_fn)(void *ctx, const char *rule, size_t rule_len, uint32_t line);

static void each_report(const candidate_t *c, report_fn hit, void *ctx)
{
    if (c->rule_id) hit(ctx, c->rule_id, strlen(c->rule_id), c->range.start_line);
    const char *by = candidate_fact(c, "also_reported_by"), *at = candidate_fact(c, "also_reported_at");
    while (by && *by) {
        while (*by == ',' || *by == ' ') by++;
        const char *w = by;
        while (*by && *by != ',') by++;
        size_t n = (size_t)(by - w);
        while (n && w[n - 1] == ' ') n--;
        if (!n) continue;
        uint32_t line = c->range.start_line;
        if (at) { /* the matching "rule:line:col" entry, in the same order */
            while (*at == ',' || *at == ' ') at++;
            const char *a = at;
            while (*at && *at != ',') at++;
            if ((size_t)(at - a) > n + 1 && memcmp(a, w, n) == 0 && a[n] == ':') line = (uint32_t)strtoul(a + n + 1, NULL, 10);
        }
        hit(ctx, w, n, line);
    }
}

typedef struct {
    const review_labels_t *labels;
    bool real;
    bool *met; /* (labels->count,) or NULL */
} match_t;

static void match_report(void *ctx, const char *rule, size_t n, uint32_t line)
{
    match_t *m = ctx;
    for (size_t i = 0; i < m->labels->count; i++) {
        const review_label_t *l = &m->labels->items[i];
        if (l->expect && l->line == line && strlen(l->rule) == n && memcmp(l->rule, rule, n) == 0) {
            m->real = true;
            if (m->met) m->met[i] = true;
        }
    }
}

bool review_label_is_real(const candidate_t *c, const review_labels_t *labels)
{
    match_t m = {labels, false, NULL};
    each_report(c, match_report, &m);
    return m.real;
}

void review_eval_add_file(review_eval_t *e, const candidate_t *const *candidates, size_t count,
                          const review_labels_t *labels, certainty_t min)
{
    bool *met_static = calloc(labels->count + 1, 1), *met_review = calloc(labels->count + 1, 1);
    for (size_t i = 0; i < labels->count; i++) e->expected += labels->items[i].expect;
    for (size_t i = 0; i < count; i++) {
        const candidate_t *c = candidates[i];
        certainty_t have = c->certainty ? c->certainty : CERTAINTY_MEDIUM;
        bool shown_static = have >= min;
        bool shown_review = (shown_static && !c->dismissed) || c->confirmed;
        match_t m = {labels, false, NULL};
        each_report(c, match_report, &m);
        if (shown_static) {
            m.met = met_static;
            each_report(c, match_report, &m);
            e->static_tp += m.real;
            e->static_fp += !m.real;
        }
        if (shown_review) {
            m.met = met_review;
            each_report(c, match_report, &m);
            e->review_tp += m.real;
            e->review_fp += !m.real;
        }
        int column = c->review_state != REVIEW_STATE_REVIEWED ? REVIEW_EVAL_UNREVIEWED
                     : c->verdict == REVIEW_TRUE_POSITIVE    ? REVIEW_EVAL_TRUE_POSITIVE
                     : c->verdict == REVIEW_FALSE_POSITIVE   ? REVIEW_EVAL_FALSE_POSITIVE
                                                             : REVIEW_EVAL_UNCERTAIN;
        e->matrix[m.real ? 0 : 1][column]++;
    }
    for (size_t i = 0; i < labels->count; i++) {
        if (!labels->items[i].expect) continue;
        if (met_static) e->static_found += met_static[i];
        if (met_review) e->review_found += met_review[i];
    }
    free(met_static);
    free(met_review);
}
