/* candidate.c — construction, ownership and ordering of candidates (see candidate.h). */
#include "core/candidate.h"

#include <stdlib.h>
#include <string.h>

static const char *const severity_names[] = {"none", "note", "warning", "error"};

const char *severity_name(severity_t severity)
{
    if (severity < SEVERITY_NONE || severity > SEVERITY_ERROR) return "warning";
    return severity_names[severity];
}

int severity_parse(const char *word, severity_t *out)
{
    for (int i = 0; i <= SEVERITY_ERROR; i++) {
        if (strcmp(word, severity_names[i]) == 0) {
            *out = (severity_t)i;
            return 0;
        }
    }
    return -1;
}

static const char *const certainty_names[] = {"unset", "low", "medium", "high"};

const char *certainty_name(certainty_t certainty)
{
    if (certainty < CERTAINTY_LOW || certainty > CERTAINTY_HIGH) return "medium";
    return certainty_names[certainty];
}

int certainty_parse(const char *word, certainty_t *out)
{
    for (int i = CERTAINTY_LOW; i <= CERTAINTY_HIGH; i++) {
        if (strcmp(word, certainty_names[i]) == 0) {
            *out = (certainty_t)i;
            return 0;
        }
    }
    return -1;
}

const char *review_verdict_name(review_verdict_t verdict)
{
    switch (verdict) {
    case REVIEW_TRUE_POSITIVE: return "true_positive";
    case REVIEW_FALSE_POSITIVE: return "false_positive";
    case REVIEW_UNCERTAIN: return "uncertain";
    default: return "none";
    }
}

candidate_t *candidate_new(void)
{
    return calloc(1, sizeof(candidate_t));
}

void fix_free(fix_t *fix)
{
    if (!fix) return;
    for (size_t i = 0; i < fix->edit_count; i++) free(fix->edits[i].replacement);
    free(fix->edits);
    free(fix->description);
    free(fix->rejected_reason);
    free(fix);
}

void candidate_free(candidate_t *c)
{
    if (!c) return;
    free(c->rule_id);
    free(c->path);
    free(c->message);
    free(c->snippet);
    for (size_t i = 0; i < c->fact_count; i++) {
        free(c->facts[i].name);
        free(c->facts[i].value);
    }
    free(c->facts);
    fix_free(c->fix);
    for (size_t i = 0; i < c->flow_count; i++) free(c->flow[i].message);
    free(c->flow);
    free(c->review_reason);
    fix_free(c->draft);
    free(c->draft_rejected);
    free(c);
}

int candidate_add_fact(candidate_t *c, const char *name, const char *value)
{
    fact_t *grown = realloc(c->facts, (c->fact_count + 1) * sizeof(*grown));
    if (!grown) return -1;
    c->facts = grown;
    char *n = strdup(name), *v = strdup(value ? value : "");
    if (!n || !v) {
        free(n);
        free(v);
        return -1;
    }
    c->facts[c->fact_count].name = n;
    c->facts[c->fact_count].value = v;
    c->fact_count++;
    return 0;
}

const char *candidate_fact(const candidate_t *c, const char *name)
{
    for (size_t i = 0; i < c->fact_count; i++)
        if (strcmp(c->facts[i].name, name) == 0) return c->facts[i].value;
    return NULL;
}

int candidate_add_flow(candidate_t *c, source_range_t range, const char *message)
{
    flow_step_t *grown = realloc(c->flow, (c->flow_count + 1) * sizeof(*grown));
    if (!grown) return -1;
    c->flow = grown;
    char *m = strdup(message ? message : "");
    if (!m) return -1;
    c->flow[c->flow_count].range = range;
    c->flow[c->flow_count].message = m;
    c->flow_count++;
    return 0;
}

fix_t *fix_new(const char *description, bool may_change_meaning)
{
    fix_t *fix = calloc(1, sizeof(*fix));
    if (!fix) return NULL;
    fix->description = strdup(description ? description : "");
    if (!fix->description) {
        free(fix);
        return NULL;
    }
    fix->may_change_meaning = may_change_meaning;
    return fix;
}

int fix_add_edit(fix_t *fix, source_range_t range, const char *replacement)
{
    fix_edit_t *grown = realloc(fix->edits, (fix->edit_count + 1) * sizeof(*grown));
    if (!grown) return -1;
    fix->edits = grown;
    char *r = strdup(replacement ? replacement : "");
    if (!r) return -1;
    fix->edits[fix->edit_count].range = range;
    fix->edits[fix->edit_count].replacement = r;
    fix->edit_count++;
    return 0;
}

void candidate_list_init(candidate_list_t *list)
{
    memset(list, 0, sizeof(*list));
}

void candidate_list_destroy(candidate_list_t *list)
{
    for (size_t i = 0; i < list->count; i++) candidate_free(list->items[i]);
    free(list->items);
    memset(list, 0, sizeof(*list));
}

int candidate_list_push(candidate_list_t *list, candidate_t *c)
{
    if (list->count == list->capacity) {
        size_t cap = list->capacity ? list->capacity * 2 : 16;
        candidate_t **grown = realloc(list->items, cap * sizeof(*grown));
        if (!grown) {
            candidate_free(c);
            return -1;
        }
        list->items = grown;
        list->capacity = cap;
    }
    list->items[list->count++] = c;
    return 0;
}

static int compare_candidates(const void *a, const void *b)
{
    const candidate_t *x = *(candidate_t *const *)a, *y = *(candidate_t *const *)b;
    int c = strcmp(x->path ? x->path : "", y->path ? y->path : "");
    if (c) return c;
    if (x->range.start_line != y->range.start_line)
        return x->range.start_line < y->range.start_line ? -1 : 1;
    if (x->range.start_col != y->range.start_col)
        return x->range.start_col < y->range.start_col ? -1 : 1;
    return strcmp(x->rule_id ? x->rule_id : "", y->rule_id ? y->rule_id : "");
}

void candidate_list_sort(candidate_list_t *list)
{
    if (list->count > 1) qsort(list->items, list->count, sizeof(*list->items), compare_candidates);
}

size_t candidate_list_drop_below(candidate_list_t *list, certainty_t min)
{
    size_t kept = 0, dropped = 0;
    for (size_t i = 0; i < list->count; i++) {
        candidate_t *c = list->items[i];
        certainty_t have = c->certainty != CERTAINTY_UNSET ? c->certainty : CERTAINTY_MEDIUM;
        if (have < min && !c->confirmed) {
            candidate_free(c);
            dropped++;
        } else {
            list->items[kept++] = c;
        }
    }
    list->count = kept;
    return dropped;
}

int fix_set_verdict(fix_t *fix, bool verified, const char *reason)
{
    free(fix->rejected_reason);
    fix->rejected_reason = NULL;
    fix->verified = verified;
    if (verified) return 0;
    fix->rejected_reason = strdup(reason && *reason ? reason : "rejected");
    return fix->rejected_reason ? 0 : -1;
}
