/* clang_findings.h — what the libclang checks report, before it becomes a candidate.
 *
 * A check fills one finding: the rule id it reports under, a CWE when it is more precise
 * than the rule's own (a stack vs a heap overflow), the primary range and message, the
 * path that leads to it (flow steps) and the facts a reviewer needs. clang_pass turns
 * findings into candidates with the rule's metadata. */
#ifndef ASSAY_CLANG_FINDINGS_H
#define ASSAY_CLANG_FINDINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/candidate.h"

#define CLANG_MAX_STEPS 10
#define CLANG_MAX_FACTS 6

typedef struct {
    source_range_t range;
    char message[128];
} clang_step_t;

typedef struct {
    const char *rule_id; /* constant string: "c.clang-use-after-free" */
    int cwe;             /* 0: the rule's CWE */
    certainty_t certainty; /* UNSET: the rule's default (high); LOW when the finding rests on
                            * a value the walk could not see (say why in a fact
                            * "certainty_reason") */
    source_range_t range;
    char message[256];
    clang_step_t steps[CLANG_MAX_STEPS];
    int step_count;
    char fact_names[CLANG_MAX_FACTS][24];
    char fact_values[CLANG_MAX_FACTS][96];
    int fact_count;
} clang_finding_t;

/* What the path walk saw at a call, over all its paths: used to confirm or dismiss the
 * tree-sitter candidates on that call (a non-literal format that is this function's own
 * constant data on every path is not a format-string bug). */
typedef enum { NOTE_FORMAT = 1, NOTE_ALLOC_SIZE, NOTE_REALLOC, NOTE_STRING_COPY, NOTE_COMMAND } clang_note_kind_t;
/* SEEN_ENTRY (with SEEN_UNKNOWN): the value is a parameter the function never writes,
 * the caller's on every path, so even a partial walk knows where it comes from. */
enum { SEEN_CLEAN = 1, SEEN_TAINTED = 2, SEEN_UNKNOWN = 4, SEEN_ENTRY = 8 };
typedef struct {
    uint32_t line, col; /* the call */
    uint8_t kind;       /* clang_note_kind_t */
    uint8_t seen;       /* SEEN_* bits, or-ed over every path */
    bool partial;       /* the function was not walked completely */
} clang_call_note_t;

typedef struct {
    clang_finding_t *items;
    size_t count, capacity;
    clang_call_note_t *notes;
    size_t note_count, note_capacity;
    bool out_of_memory;
    int muted;              /* > 0: clang_findings_add adds nothing (re-evaluations) */
} clang_findings_t;

void clang_findings_init(clang_findings_t *list);
void clang_findings_destroy(clang_findings_t *list);
/* Appends a zeroed finding for rule_id at range and returns it (NULL on out of memory,
 * also recorded in list->out_of_memory). A finding with the same rule and start position
 * as an earlier one is not added twice: NULL is returned too, as it is while muted. */
clang_finding_t *clang_findings_add(clang_findings_t *list, const char *rule_id, source_range_t range);
/* Appends a step / a fact; silently ignored beyond the fixed limits. */
void clang_finding_step(clang_finding_t *f, source_range_t range, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void clang_finding_fact(clang_finding_t *f, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Records what was seen at a call (or-ed into an existing note for the same call). */
void clang_findings_note(clang_findings_t *list, clang_note_kind_t kind, source_range_t call, unsigned seen);
/* The note for a call starting at line:col, or NULL. */
const clang_call_note_t *clang_findings_note_at(const clang_findings_t *list, clang_note_kind_t kind,
                                                uint32_t line, uint32_t col);

#endif
