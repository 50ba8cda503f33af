/* review.h — the review loop: a local model judges each candidate under the verdict
 * grammar and drafts a fix that the analyzer then re-verifies.
 *
 * One reviewer per run: reviewer_new loads the model, its tokenizer and chat template,
 * compiles the verdict grammar once and hashes the model file (reports name the weights).
 * review_run then reviews the candidates of a lint result, one at a time on one session
 * whose KV cache keeps the prompt prefix the previous candidate left: candidates are
 * taken family by family, so every candidate of a family after the first pays only for
 * its own part of the prompt (review_prompt.h). Decoding is greedy: the same input gives
 * the same verdicts.
 *
 * What a verdict does (issue 12 §1), recorded on the candidate (core/candidate.h):
 *   - every candidate is reviewed; a high one only to draft a fix: never dismissed;
 *   - a false_positive at or above the threshold on a low or medium finding dismisses it
 *     (out of gcc output and the exit status; a suppressed result in SARIF); decoding stops
 *     before the fix, which the grammar lets be null (so it does for every verdict but
 *     true_positive: only a confirmed flaw gets a drafted fix, of at most 256 tokens);
 *   - a true_positive at or above the threshold on a low finding confirms it: reported
 *     although below --min-certainty;
 *   - a drafted fix waits in candidate->draft until review_verify_drafts: the verifier
 *     (analyzer/fix/fix_verify.h) accepts it (it becomes the fix) or rejects it (the reason
 *     is kept and the rule's template fix stays).
 * Budgets: a token budget per candidate (an answer that does not fit leaves the candidate
 * unreviewed; a fix that does not fit is dropped, the verdict kept) and a wall budget for
 * the run (what is left when it runs out stays unreviewed). Nothing is ever dropped. */
#ifndef ASSAY_REVIEW_H
#define ASSAY_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyzer/clang/clang_pass.h"
#include "analyzer/lint/lint_buffer.h"
#include "analyzer/lint/lint_run.h"
#include "core/candidate.h"
#include "core/rule.h"
#include "review/review_context.h"

typedef struct {
    const char *model_path;   /* GGUF file */
    const char *prompts_dir;  /* rules/prompts (review_prompt.h) */
    int threshold;            /* confidence (0..100) from which a verdict acts (lint: 80) */
    int threads;              /* engine threads; 0 = every core */
    uint32_t max_tokens;      /* generated tokens per candidate; 0 = 640 */
    uint32_t window_tokens;   /* code window budget; 0 = 768 */
    uint32_t n_ctx;           /* session context; 0 = 4096 */
    double budget_seconds;    /* wall budget of review_run; <= 0: none */
    uint32_t context_tokens;  /* retrieved context budget (review_context.h); 0 = 512 */
    const char *man_dir;      /* man pages for the context; NULL: the system's, "": none */
} review_options_t;

typedef struct reviewer reviewer_t;

/* Loads everything a run needs. 0, or -1 with a message naming the file and problem. */
int reviewer_new(reviewer_t **out, const review_options_t *options, char *err, size_t err_size);
/* NULL is a no-op. */
void reviewer_free(reviewer_t *reviewer);

/* general.name of the model (else the file's name), and the file's SHA-256 (hex). */
const char *reviewer_model_name(const reviewer_t *reviewer);
const char *reviewer_model_sha256(const reviewer_t *reviewer);
int reviewer_threshold(const reviewer_t *reviewer);

/* The libclang options (compile commands, repo_root) the retrieved context parses files
 * with: definitions of what the flagged code uses. NULL (the default, and --no-clang):
 * no definitions, only the man pages of the calls in the snippet. Borrowed: must outlive
 * the reviewer's use of it. Takes effect for the next candidate. */
void reviewer_use_clang(reviewer_t *reviewer, const clang_options_t *clang);

/* ---- one candidate ---------------------------------------------------------------------- */

/* The prompt of one candidate as tokens. Everything taken from the file under review
 * (facts, message, code) lies in [user_begin, user_end) and was tokenized without
 * special tokens: no chat-template token can appear there. */
typedef struct {
    int32_t *ids;
    size_t count;
    size_t user_begin, user_end;
    size_t fixed_end;       /* end of the family's fixed part (the shared prefix) */
    uint32_t window_first, window_last;
    char **identifiers;     /* of the window (owned), for the fix grammar */
    size_t identifier_count;
    size_t window_tokens;   /* tokens of the code window (counted alone) */
    size_t context_tokens[REVIEW_CONTEXT_PART_COUNT]; /* the context's parts, as counted */
} review_prompt_tokens_t;

/* Builds c's prompt against the text of its file. 0, or -1 with err. */
int reviewer_prompt(reviewer_t *reviewer, review_prompt_tokens_t *out, const candidate_t *c, const char *text,
                    size_t length, char *err, size_t err_size);
void review_prompt_tokens_destroy(review_prompt_tokens_t *prompt);

typedef enum {
    REVIEW_ANSWERED = 0,   /* a complete answer */
    REVIEW_NO_ROOM,        /* the prompt does not fit the context */
    REVIEW_OUT_OF_TOKENS,  /* the verdict did not fit the token budget */
} review_outcome_t;

/* The model's answer to one candidate. */
typedef struct {
    review_outcome_t outcome;
    char *json;              /* the generated text (valid verdict JSON when ANSWERED) */
    review_verdict_t verdict;
    int confidence;
    char *reason;
    bool has_fix;
    uint32_t fix_first, fix_last; /* lines the replacement replaces */
    char *replacement;
    bool fix_cut;            /* a fix was begun but did not fit the budget: fix is null */
    bool stopped_early;      /* not a true positive: decoding stopped before the fix */
    size_t prompt_tokens, reused_tokens, generated_tokens;
    size_t window_tokens;                             /* the code window's share */
    size_t context_tokens[REVIEW_CONTEXT_PART_COUNT]; /* the retrieved context's parts */
} review_answer_t;

/* Reviews c (its file's text given) and fills out (review_answer_destroy frees it).
 * 0 whatever the answer; -1 with err only when the engine or grammar fails. */
int reviewer_answer(reviewer_t *reviewer, review_answer_t *out, const candidate_t *c, const char *text,
                    size_t length, char *err, size_t err_size);
void review_answer_destroy(review_answer_t *answer);

/* ---- a run ------------------------------------------------------------------------------ */

typedef struct {
    size_t candidates;      /* candidates the run had */
    size_t reviewed, unreviewed, dismissed, confirmed;
    size_t drafted, drafts_verified, drafts_rejected;
    uint64_t prompt_tokens, reused_tokens, generated_tokens;
    uint64_t window_tokens;                             /* of the prompts: code windows */
    uint64_t context_tokens[REVIEW_CONTEXT_PART_COUNT]; /* and retrieved context parts */
    double seconds;         /* wall time of review_run */
} review_stats_t;

/* Called after each candidate (done of total, seconds so far). */
typedef void (*review_progress_fn)(void *ctx, size_t done, size_t total, double seconds);

/* Reviews every candidate of result against the texts result keeps, recording verdicts
 * on the candidates (see the top of this file). 0, or -1 with err (engine failure, out
 * of memory). */
int review_run(reviewer_t *reviewer, lint_result_t *result, review_progress_fn progress, void *progress_ctx,
               review_stats_t *stats, char *err, size_t err_size);

/* Verifies every candidate->draft with the analyzer's verifier under ctx: accepted drafts
 * replace the candidate's fix, rejected ones leave their reason in draft_rejected.
 * 0, or -1 with err (out of memory, a verifier that cannot run). */
int review_verify_drafts(lint_result_t *result, const lint_context_t *ctx, review_stats_t *stats, char *err,
                         size_t err_size);

/* The text of lines first..last of text (without the last newline) with fix's edits
 * applied, when fix's edits all lie inside those lines (the rule template as a whole-line
 * replacement the fix grammar may offer). *out malloc'd; 0, or -1 when out of range or
 * out of memory. */
int review_fix_as_lines(const char *text, size_t length, const fix_t *fix, uint32_t *first, uint32_t *last,
                        char **out);

#endif
