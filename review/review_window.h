/* review_window.h — the code a reviewer is shown for one finding.
 *
 * The window is the function holding the finding (or the top-level declaration holding it
 * outside any function), found with tree-sitter; when it does not fit the token budget it
 * is clipped to the lines around the finding, growing one line at a time on each side
 * while the budget lasts. Every line is numbered as in the file ("  12 | code"), so the
 * model can name lines in a fix. The window also yields the identifiers its code uses
 * (outside comments and literals): the names a drafted fix may use. */
#ifndef ASSAY_REVIEW_WINDOW_H
#define ASSAY_REVIEW_WINDOW_H

#include <stddef.h>
#include <stdint.h>

#include "core/candidate.h"

typedef struct review_window_parser review_window_parser_t;

typedef struct {
    uint32_t first_line, last_line;         /* 1-based, inclusive: the lines shown */
    uint32_t function_first, function_last; /* the enclosing function (before clipping) */
    char *text;                             /* the numbered lines, each ending in '\n' */
    size_t text_length;
    char **identifiers;                     /* distinct, sorted; not C keywords */
    size_t identifier_count;
} review_window_t;

/* Counts the tokens a text takes (the reviewer's tokenizer), for the budget. */
typedef size_t (*review_token_count_fn)(void *ctx, const char *text, size_t length);

/* A tree-sitter parser that keeps the tree of the last text it parsed (a file's findings
 * come one after another). One thread at a time. 0, or -1 on out of memory. */
int review_window_parser_new(review_window_parser_t **out);
void review_window_parser_free(review_window_parser_t *parser);

/* Builds the window of range in text[0..length) into out (review_window_destroy frees
 * it), its numbered text within max_tokens as counted by count (NULL: no limit; the line
 * of the finding is always shown). 0, or -1 with err (out of memory, parse failure). */
int review_window_build(review_window_t *out, review_window_parser_t *parser, const char *text, size_t length,
                        const source_range_t *range, size_t max_tokens, review_token_count_fn count,
                        void *count_ctx, char *err, size_t err_size);
void review_window_destroy(review_window_t *window);

/* Collects the identifiers of code[0..length) (skipping comments, string and character
 * literals, C keywords and preprocessor directive names) into *out, distinct and sorted.
 * 0, or -1 on out of memory. For review_window_build and its tests. */
int review_identifiers_collect(const char *code, size_t length, char ***out, size_t *count);

#endif
