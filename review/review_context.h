/* review_context.h — what the model is shown besides the flagged code, within a budget.
 *
 * For one candidate, the context is assembled from local sources only, in priority order:
 *   1. the definitions that the flagged lines refer to (struct, typedef, macro, variable,
 *      callee bodies or prototypes: analyzer/clang/clang_context.h); the flagged lines are
 *      the candidate's range and the lines of its flow steps ("the result of sscanf() is
 *      stored here");
 *   2. the other definitions the enclosing function refers to;
 *   3. the manual (review_manpage.h: RETURN VALUE, ERRORS, NOTES, ...) of the library
 *      functions called on the flagged lines; all RETURN VALUE sections before all ERRORS
 *      sections, and so on.
 * Each piece (one definition, one man-page section) is counted with the caller's token
 * counter (the model's tokenizer) and goes in whole when it fits what is left of the
 * budget; otherwise it is cut at a line boundary to fit (marked "...") when at least one
 * line fits, or left out. Every part reports the tokens it took and what it left out, for
 * `--stats`.
 *
 * Each piece of a part reads as C: "// buf.h:8" then the definition; "// man 3 realloc:
 * RETURN VALUE" then the section's text. */
#ifndef ASSAY_REVIEW_CONTEXT_H
#define ASSAY_REVIEW_CONTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "analyzer/clang/clang_context.h"
#include "core/candidate.h"
#include "review/review_window.h" /* review_token_count_fn: the reviewer's token counter */

typedef enum {
    REVIEW_CONTEXT_LINE_DEFINITIONS,  /* referred to on the flagged lines */
    REVIEW_CONTEXT_OTHER_DEFINITIONS, /* referred to elsewhere in the function */
    REVIEW_CONTEXT_MAN_PAGES,         /* sections of the called functions' man pages */
    REVIEW_CONTEXT_PART_COUNT
} review_context_part_kind_t;

/* "line definitions", "other definitions", "man pages". */
const char *review_context_part_name(review_context_part_kind_t kind);

typedef struct {
    char *text;           /* the pieces that fit, "" when none */
    size_t tokens;        /* tokens taken (the sum of its pieces' counts) */
    size_t pieces;        /* pieces included (a cut one counts) */
    size_t pieces_cut;    /* of those, cut to fit */
    size_t pieces_left;   /* pieces left out for want of budget */
} review_context_part_t;

typedef struct {
    review_context_part_t parts[REVIEW_CONTEXT_PART_COUNT];
    size_t budget;   /* as asked */
    size_t used;     /* the parts' tokens together, <= budget */
    char *function;  /* the declaration enclosing the candidate, or NULL */
    char *note;      /* why a man page was not used (unreadable, a .so loop), or NULL */
} review_context_t;

typedef struct {
    size_t budget;                 /* tokens for all parts together */
    review_token_count_fn count;   /* required: the model's tokenizer, as for the window */
    void *count_ctx;
    const char *man_dir;           /* NULL: REVIEW_MANPAGE_DEFAULT_DIR; "": no man pages */
    size_t max_man_pages;          /* functions looked up; 0: 3 */
    clang_context_limits_t limits; /* for the definitions (zeros: the defaults) */
} review_context_options_t;

/* Builds the context of candidate c in a file parsed with clang_context_parse (the same
 * file the candidate is in; parse once, build for each candidate). file may be NULL when
 * libclang could not parse it: there are then no definitions, and the man pages are those
 * of the names called in the candidate's snippet. A man page that cannot be read is not an
 * error (note says why). 0, or -1 with a message on out of memory. *out is freed with
 * review_context_free. */
int review_context_build(review_context_t **out, clang_context_file_t *file, const candidate_t *c,
                         const review_context_options_t *opts, char *err, size_t err_size);

/* The same for a file given as text (NULL: read from abs_path) with its compile command
 * from ctx: the parse is clang_context_parse_last's, so the candidates of one file, taken
 * one after another, parse it once. A file libclang cannot parse gives a context without
 * definitions, as above, and note says why. */
int review_context_build_text(review_context_t **out, clang_context_t *ctx, const char *abs_path, const char *text,
                              size_t length, const candidate_t *c, const review_context_options_t *opts, char *err,
                              size_t err_size);

void review_context_free(review_context_t *context);

/* The parts' texts one after another, in priority order: the text a prompt shows as the
 * retrieved context (review_prompt_finding's `context`); "" when every part is empty.
 * A new string (the caller frees it), NULL on out of memory. */
char *review_context_join(const review_context_t *context);

/* One line for --stats: "budget: code 812, definitions 340, man pages 210 of 2048"
 * (definitions: both definition parts; code_tokens and total_budget are the caller's: the
 * code window and the whole prompt budget). Returns what snprintf returns. */
int review_context_format_stats(const review_context_t *context, size_t code_tokens, size_t total_budget, char *buf,
                                size_t size);

#endif
