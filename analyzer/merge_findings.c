/* merge_findings.c — drops the second report of one flaw (see merge_findings.h). */
#include "analyzer/merge_findings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/rule.h"

#define ALSO_FACT "also_reported_by"

static bool rule_lists(const rule_t *rule, const char *id)
{
    if (!rule || !id) return false;
    for (size_t i = 0; i < rule->overlap_count; i++)
        if (strcmp(rule->overlaps[i], id) == 0) return true;
    return false;
}

static bool same_code(const candidate_t *a, const candidate_t *b)
{
    if (!a->path || !b->path || strcmp(a->path, b->path) != 0) return false;
    bool a_bytes = a->range.end_byte > a->range.start_byte;
    bool b_bytes = b->range.end_byte > b->range.start_byte;
    if (a_bytes && b_bytes)
        return a->range.start_byte < b->range.end_byte && b->range.start_byte < a->range.end_byte;
    return a->range.start_line == b->range.start_line;
}

/* Adds id to keeper's also_reported_by list. 0, or -1 on out of memory. */
static int note_also(candidate_t *keeper, const char *id)
{
    for (size_t i = 0; i < keeper->fact_count; i++) {
        fact_t *f = &keeper->facts[i];
        if (strcmp(f->name, ALSO_FACT) != 0) continue;
        char *joined;
        if (asprintf(&joined, "%s, %s", f->value, id) < 0) return -1;
        free(f->value);
        f->value = joined;
        return 0;
    }
    return candidate_add_fact(keeper, ALSO_FACT, id);
}

/* Moves what loser knows that keeper does not into keeper. 0, or -1 on out of memory. */
static int absorb(candidate_t *keeper, candidate_t *loser)
{
    if (loser->certainty > keeper->certainty) keeper->certainty = loser->certainty; /* two reports */
    for (size_t i = 0; i < loser->fact_count; i++) {
        if (strcmp(loser->facts[i].name, ALSO_FACT) == 0) continue;
        /* why the loser alone was uncertain no longer holds once a surer report joins it */
        if (keeper->certainty > CERTAINTY_LOW && strcmp(loser->facts[i].name, "certainty_reason") == 0) continue;
        if (!candidate_fact(keeper, loser->facts[i].name) &&
            candidate_add_fact(keeper, loser->facts[i].name, loser->facts[i].value) != 0)
            return -1;
    }
    if (keeper->flow_count == 0)
        for (size_t i = 0; i < loser->flow_count; i++)
            if (candidate_add_flow(keeper, loser->flow[i].range, loser->flow[i].message) != 0) return -1;
    if (!keeper->fix) { /* the fix still edits the same code */
        keeper->fix = loser->fix;
        loser->fix = NULL;
    }
    if (loser->severity > keeper->severity) keeper->severity = loser->severity;
    return loser->rule_id ? note_also(keeper, loser->rule_id) : 0;
}

bool merge_findings_names(const candidate_t *candidate, const char *rule_id)
{
    if (candidate->rule_id && strcmp(candidate->rule_id, rule_id) == 0) return true;
    const char *also = candidate_fact(candidate, ALSO_FACT);
    size_t n = strlen(rule_id);
    for (const char *p = also; p && *p;) {
        while (*p == ' ' || *p == ',') p++;
        size_t len = strcspn(p, ",");
        if (len == n && strncmp(p, rule_id, n) == 0) return true;
        p += len;
    }
    return false;
}

int merge_findings(candidate_list_t *list)
{
    size_t n = list->count;
    bool *gone = calloc(n ? n : 1, sizeof(*gone));
    if (!gone) return -1;
    int dropped = 0, status = 0;
    for (size_t k = 0; k < n && status == 0; k++) {
        candidate_t *keeper = list->items[k];
        if (gone[k] || !keeper->rule || keeper->rule->overlap_count == 0) continue;
        for (size_t j = 0; j < n; j++) {
            candidate_t *loser = list->items[j];
            if (j == k || gone[j] || !rule_lists(keeper->rule, loser->rule_id)) continue;
            if (!same_code(keeper, loser)) continue;
            if (absorb(keeper, loser) != 0) {
                status = -1;
                break;
            }
            gone[j] = true;
            dropped++;
        }
    }
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        if (gone[i]) candidate_free(list->items[i]);
        else list->items[kept++] = list->items[i];
    }
    list->count = kept;
    free(gone);
    return status < 0 ? -1 : dropped;
}
