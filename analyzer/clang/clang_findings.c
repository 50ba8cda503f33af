/* clang_findings.c — the list the libclang checks append to (see the header). */
#include "analyzer/clang/clang_findings.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void clang_findings_init(clang_findings_t *list)
{
    memset(list, 0, sizeof(*list));
}

void clang_findings_destroy(clang_findings_t *list)
{
    free(list->items);
    free(list->notes);
    memset(list, 0, sizeof(*list));
}

clang_finding_t *clang_findings_add(clang_findings_t *list, const char *rule_id, source_range_t range)
{
    if (list->muted) return NULL;
    for (size_t i = 0; i < list->count; i++) {
        const clang_finding_t *f = &list->items[i];
        if (f->range.start_byte == range.start_byte && f->range.start_line == range.start_line &&
            strcmp(f->rule_id, rule_id) == 0)
            return NULL;
    }
    if (list->count == list->capacity) {
        size_t cap = list->capacity ? list->capacity * 2 : 16;
        clang_finding_t *grown = realloc(list->items, cap * sizeof(*grown));
        if (!grown) {
            list->out_of_memory = true;
            return NULL;
        }
        list->items = grown;
        list->capacity = cap;
    }
    clang_finding_t *f = &list->items[list->count++];
    memset(f, 0, sizeof(*f));
    f->rule_id = rule_id;
    f->range = range;
    return f;
}

void clang_finding_step(clang_finding_t *f, source_range_t range, const char *fmt, ...)
{
    if (!f || f->step_count >= CLANG_MAX_STEPS) return;
    clang_step_t *s = &f->steps[f->step_count++];
    s->range = range;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->message, sizeof(s->message), fmt, ap);
    va_end(ap);
}

void clang_finding_fact(clang_finding_t *f, const char *name, const char *fmt, ...)
{
    if (!f || f->fact_count >= CLANG_MAX_FACTS) return;
    snprintf(f->fact_names[f->fact_count], sizeof(f->fact_names[0]), "%s", name);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->fact_values[f->fact_count], sizeof(f->fact_values[0]), fmt, ap);
    va_end(ap);
    f->fact_count++;
}

void clang_findings_note(clang_findings_t *list, clang_note_kind_t kind, source_range_t call, unsigned seen)
{
    for (size_t i = list->note_count; i-- > 0;) {
        clang_call_note_t *n = &list->notes[i];
        if (n->kind == kind && n->line == call.start_line && n->col == call.start_col) {
            n->seen |= (uint8_t)seen;
            return;
        }
    }
    if (list->note_count == list->note_capacity) {
        size_t cap = list->note_capacity ? list->note_capacity * 2 : 16;
        clang_call_note_t *grown = realloc(list->notes, cap * sizeof(*grown));
        if (!grown) {
            list->out_of_memory = true;
            return;
        }
        list->notes = grown;
        list->note_capacity = cap;
    }
    list->notes[list->note_count++] = (clang_call_note_t){call.start_line, call.start_col, (uint8_t)kind,
                                                          (uint8_t)seen, false};
}

const clang_call_note_t *clang_findings_note_at(const clang_findings_t *list, clang_note_kind_t kind,
                                                uint32_t line, uint32_t col)
{
    for (size_t i = 0; i < list->note_count; i++)
        if (list->notes[i].kind == kind && list->notes[i].line == line && list->notes[i].col == col)
            return &list->notes[i];
    return NULL;
}
