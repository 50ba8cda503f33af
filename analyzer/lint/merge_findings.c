/* merge_findings.c — drops the second report of one flaw (see merge_findings.h). */
#include "analyzer/lint/merge_findings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rule.h"

#define ALSO_FACT "also_reported_by"
#define ALSO_AT_FACT "also_reported_at"

static bool rule_lists(const rule_t *rule, const char *id)
{
    if (!rule || !id) return false;
    for (size_t i = 0; i < rule->overlap_count; i++)
        if (strcmp(rule->overlaps[i], id) == 0) return true;
    return false;
}

static bool ranges_meet(source_range_t a, source_range_t b)
{
    bool a_bytes = a.end_byte > a.start_byte;
    bool b_bytes = b.end_byte > b.start_byte;
    if (a_bytes && b_bytes) return a.start_byte < b.end_byte && b.start_byte < a.end_byte;
    return a.start_line == b.start_line;
}

static bool same_file(const candidate_t *a, const candidate_t *b)
{
    return a->path && b->path && strcmp(a->path, b->path) == 0;
}

static bool same_code(const candidate_t *a, const candidate_t *b)
{
    return same_file(a, b) && ranges_meet(a->range, b->range);
}

/* True when a step of keeper's flow covers loser's location. */
static bool on_flow(const candidate_t *keeper, const candidate_t *loser)
{
    if (!same_file(keeper, loser)) return false;
    for (size_t i = 0; i < keeper->flow_count; i++)
        if (ranges_meet(keeper->flow[i].range, loser->range)) return true;
    return false;
}

/* Appends text to the comma-separated list in keeper's fact `name`. 0, or -1 on out of
 * memory. */
static int fact_append(candidate_t *keeper, const char *name, const char *text)
{
    for (size_t i = 0; i < keeper->fact_count; i++) {
        fact_t *f = &keeper->facts[i];
        if (strcmp(f->name, name) != 0) continue;
        char *joined;
        if (asprintf(&joined, "%s, %s", f->value, text) < 0) return -1;
        free(f->value);
        f->value = joined;
        return 0;
    }
    return candidate_add_fact(keeper, name, text);
}

/* Records loser's id and place in keeper. 0, or -1 on out of memory. */
static int note_also(candidate_t *keeper, const candidate_t *loser)
{
    char at[256];
    snprintf(at, sizeof(at), "%s:%u:%u", loser->rule_id, loser->range.start_line, loser->range.start_col);
    if (fact_append(keeper, ALSO_FACT, loser->rule_id) != 0) return -1;
    return fact_append(keeper, ALSO_AT_FACT, at);
}

/* Moves what loser knows that keeper does not into keeper. 0, or -1 on out of memory. */
static int absorb(candidate_t *keeper, candidate_t *loser)
{
    if (loser->certainty > keeper->certainty) keeper->certainty = loser->certainty; /* two reports */
    for (size_t i = 0; i < loser->fact_count; i++) {
        if (strcmp(loser->facts[i].name, ALSO_FACT) == 0 || strcmp(loser->facts[i].name, ALSO_AT_FACT) == 0)
            continue;
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
    return loser->rule_id ? note_also(keeper, loser) : 0;
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

/* One round of merging: pairs that `joined` accepts. Returns the number dropped, or -1. */
static int merge_round(candidate_list_t *list, bool *gone,
                       bool (*joined)(const candidate_t *keeper, const candidate_t *loser))
{
    int dropped = 0;
    for (size_t k = 0; k < list->count; k++) {
        candidate_t *keeper = list->items[k];
        if (gone[k] || !keeper->rule || keeper->rule->overlap_count == 0) continue;
        for (size_t j = 0; j < list->count; j++) {
            candidate_t *loser = list->items[j];
            if (j == k || gone[j] || !rule_lists(keeper->rule, loser->rule_id)) continue;
            if (!joined(keeper, loser)) continue;
            if (absorb(keeper, loser) != 0) return -1;
            gone[j] = true;
            dropped++;
        }
    }
    return dropped;
}

int merge_findings(candidate_list_t *list)
{
    size_t n = list->count;
    bool *gone = calloc(n ? n : 1, sizeof(*gone));
    if (!gone) return -1;
    int same = merge_round(list, gone, same_code);
    int along = same < 0 ? 0 : merge_round(list, gone, on_flow);
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        if (gone[i]) candidate_free(list->items[i]);
        else list->items[kept++] = list->items[i];
    }
    list->count = kept;
    free(gone);
    return same < 0 || along < 0 ? -1 : same + along;
}

/* The next entry of a comma-separated list at *p (trimmed) into buf; false at the end. */
static bool next_entry(const char **p, char *buf, size_t size)
{
    const char *q = *p;
    if (!q) return false;
    while (*q == ' ' || *q == ',') q++;
    size_t len = strcspn(q, ",");
    *p = q + len;
    while (len > 0 && q[len - 1] == ' ') len--;
    if (len == 0) return false;
    snprintf(buf, size, "%.*s", (int)len, q);
    return true;
}

bool merge_findings_each(const candidate_t *candidate,
                         bool (*visit)(void *ctx, const char *rule_id, uint32_t line), void *ctx)
{
    /* the two facts list the merged findings in the same order */
    const char *also = candidate_fact(candidate, ALSO_FACT);
    const char *at = candidate_fact(candidate, ALSO_AT_FACT);
    char id[256], place[300];
    while (next_entry(&also, id, sizeof(id))) {
        uint32_t line = candidate->range.start_line;
        if (next_entry(&at, place, sizeof(place))) {
            size_t len = strlen(id);
            if (strncmp(place, id, len) == 0 && place[len] == ':') line = (uint32_t)strtoul(place + len + 1, NULL, 10);
        }
        if (visit(ctx, id, line)) return true;
    }
    return false;
}
