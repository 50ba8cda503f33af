/* review_eval.h — scoring a model's judgement against the labelled corpus (`assay eval`).
 *
 * Corpus cases label their lines: `// expect: RULE[, RULE]` (a finding of RULE must be
 * reported there) and `// ok: RULE` (must not). A candidate is real when one of its
 * reports — its own rule and line, or a report merged into it (facts also_reported_by /
 * also_reported_at) — is labelled expect; every other candidate is a false alarm, as
 * tests/e2e/corpus_full.sh judges them. The scorer counts, for the static run (certainty
 * at or above the minimum) and for the reviewed run (the same, minus dismissed findings,
 * plus confirmed ones): true and false positives, and how many expect labels some reported
 * finding met (recall); and the verdict confusion matrix of real vs false alarm. */
#ifndef ASSAY_REVIEW_EVAL_H
#define ASSAY_REVIEW_EVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/candidate.h"

typedef struct {
    uint32_t line;
    char *rule;
    bool expect; /* true: expect; false: ok */
} review_label_t;

typedef struct {
    review_label_t *items;
    size_t count;
} review_labels_t;

/* The labels of text[0..length) into out (review_labels_destroy frees). 0, or -1 on out
 * of memory. */
int review_labels_parse(review_labels_t *out, const char *text, size_t length);
void review_labels_destroy(review_labels_t *labels);

/* Whether some report of c is labelled expect. */
bool review_label_is_real(const candidate_t *c, const review_labels_t *labels);

enum { REVIEW_EVAL_TRUE_POSITIVE, REVIEW_EVAL_FALSE_POSITIVE, REVIEW_EVAL_UNCERTAIN, REVIEW_EVAL_UNREVIEWED,
       REVIEW_EVAL_COLUMNS };

typedef struct {
    size_t expected;                     /* expect labels */
    size_t static_tp, static_fp, static_found;
    size_t review_tp, review_fp, review_found;
    size_t matrix[2][REVIEW_EVAL_COLUMNS]; /* [0 real, 1 false alarm][the verdict] */
    size_t injected, injection_changed;  /* verdicts compared with injected text, and how
                                          * many differed */
} review_eval_t;

/* Adds one file's candidates (reviewed) and labels to e; min is --min-certainty. */
void review_eval_add_file(review_eval_t *e, const candidate_t *const *candidates, size_t count,
                          const review_labels_t *labels, certainty_t min);

#endif
