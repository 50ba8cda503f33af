/* review_prompt.h — the review prompt as data: blueprints per rule family, and the texts
 * built from them for one finding.
 *
 * rules/prompts/ holds common.yml (`system`: how to review; `answer`: the answer format,
 * always last), families.yml (family -> rule ids or fnmatch patterns; the first family
 * that names a rule wins, `generic` otherwise) and one <family>.yml per family (`title`,
 * `cwe`, `meaning`, `true_positive`, `false_positive`). A prompt is three parts:
 *   the fixed part   the system message: common.system + the family's blueprint — the
 *                    same for every finding of a family, so the engine's prefix cache
 *                    serves it after the first;
 *   the finding      rule, message, certainty, facts, retrieved context, and the code
 *                    window between delimiters tagged with a hash of the window (a fake
 *                    closing delimiter in the code cannot match it) — everything here
 *                    comes from the file under review and is tokenized as plain text;
 *   the answer       common.answer. */
#ifndef ASSAY_REVIEW_PROMPT_H
#define ASSAY_REVIEW_PROMPT_H

#include <stddef.h>

#include "core/candidate.h"
#include "core/rule.h"
#include "review/review_window.h"

typedef struct {
    char *family;         /* "buffer" */
    char *title;          /* "out-of-bounds memory access" */
    int *cwes;
    size_t cwe_count;
    char *meaning, *true_positive, *false_positive;
} review_blueprint_t;

typedef struct review_prompts review_prompts_t;

/* Loads dir/common.yml, dir/families.yml and every blueprint those name (generic.yml is
 * required). 0, or -1 with a message naming the file and the problem. */
int review_prompts_load(review_prompts_t **out, const char *dir, char *err, size_t err_size);
void review_prompts_free(review_prompts_t *prompts);

/* The blueprint for a rule id (never NULL: generic when no family names it). */
const review_blueprint_t *review_prompts_family(const review_prompts_t *prompts, const char *rule_id);
/* common.yml's answer format (the prompt's last part). */
const char *review_prompts_answer(const review_prompts_t *prompts);

/* The fixed part for a family (malloc'd, caller frees), NULL on out of memory. */
char *review_prompt_system(const review_prompts_t *prompts, const review_blueprint_t *blueprint);

/* The finding part for c (malloc'd), NULL on out of memory. rule may be NULL; context is
 * the retrieved definitions and man-page text (NULL or "" when none). */
char *review_prompt_finding(const candidate_t *c, const rule_t *rule, const review_window_t *window,
                            const char *context);

#endif
