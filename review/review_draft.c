/* review_draft.c — drafted fixes through the analyzer's verifier, and a rule's template
 * fix as whole lines (see review.h).
 *
 * A draft is verified exactly as a template fix is (analyzer/fix/fix_verify.h): one
 * verifier, the candidates taken in their sorted order so each file's original text is
 * analysed once. */
#include "review/review.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyzer/fix/fix_verify.h"

int review_fix_as_lines(const char *text, size_t length, const fix_t *fix, uint32_t *first, uint32_t *last,
                        char **out)
{
    *out = NULL;
    if (!fix || fix->edit_count == 0) return -1;
    uint32_t lo = UINT32_MAX, hi = 0;
    for (size_t i = 0; i < fix->edit_count; i++) {
        const source_range_t *r = &fix->edits[i].range;
        if (r->end_byte < r->start_byte || r->end_byte > length) return -1;
        if (r->start_byte < lo) lo = r->start_byte;
        if (r->end_byte > hi) hi = r->end_byte;
    }
    size_t start = lo, end = hi;
    while (start > 0 && text[start - 1] != '\n') start--;
    while (end < length && text[end] != '\n') end++;
    /* edits in increasing order without overlap, as fix_verify's check (f) wants them */
    size_t cap = end - start + 1, n = 0;
    for (size_t i = 0; i < fix->edit_count; i++) cap += strlen(fix->edits[i].replacement ? fix->edits[i].replacement : "");
    char *buf = malloc(cap);
    if (!buf) return -1;
    size_t at = start;
    bool *used = calloc(fix->edit_count, 1);
    if (!used) {
        free(buf);
        return -1;
    }
    for (size_t taken = 0; taken < fix->edit_count; taken++) { /* edits by start, each once */
        size_t best = SIZE_MAX;
        for (size_t i = 0; i < fix->edit_count; i++)
            if (!used[i] && (best == SIZE_MAX || fix->edits[i].range.start_byte < fix->edits[best].range.start_byte))
                best = i;
        const fix_edit_t *e = &fix->edits[best];
        used[best] = true;
        if (e->range.start_byte < at) { /* overlapping edits: not a template we can show */
            free(used);
            free(buf);
            return -1;
        }
        memcpy(buf + n, text + at, e->range.start_byte - at);
        n += e->range.start_byte - at;
        size_t rl = e->replacement ? strlen(e->replacement) : 0;
        memcpy(buf + n, e->replacement, rl);
        n += rl;
        at = e->range.end_byte;
    }
    free(used);
    memcpy(buf + n, text + at, end - at);
    n += end - at;
    buf[n] = '\0';
    uint32_t line = 1;
    for (size_t i = 0; i < start; i++) line += text[i] == '\n';
    uint32_t line_last = line;
    for (size_t i = start; i < end; i++) line_last += text[i] == '\n';
    *first = line;
    *last = line_last;
    *out = buf;
    return 0;
}

static const source_file_t *source_of(const lint_result_t *result, const char *path)
{
    for (size_t i = 0; i < result->source_count; i++)
        if (strcmp(result->sources[i].path, path) == 0) return result->sources[i].source;
    return NULL;
}

int review_verify_drafts(lint_result_t *result, const lint_context_t *ctx, review_stats_t *stats, char *err,
                         size_t err_size)
{
    fix_verifier_t *verifier = NULL;
    candidate_list_t *list = &result->candidates;
    for (size_t i = 0; i < list->count; i++) {
        candidate_t *c = list->items[i];
        if (!c->draft) continue;
        if (!verifier && fix_verifier_new(&verifier, ctx, err, err_size) != 0) return -1;
        const source_file_t *source = source_of(result, c->path);
        fix_verdict_t verdict = {0};
        if (!source) {
            snprintf(verdict.reason, sizeof(verdict.reason), "not verified: the file's text was not kept");
        } else if (fix_verify(verifier, &verdict, c->path, source->text, source->length, c, c->draft, err,
                              err_size) != 0) {
            fix_verifier_free(verifier);
            return -1;
        }
        if (verdict.accepted) {
            fix_set_verdict(c->draft, true, NULL);
            fix_free(c->fix);
            c->fix = c->draft;
            c->fix_drafted = true;
            if (stats) stats->drafts_verified++;
        } else {
            free(c->draft_rejected);
            if (!(c->draft_rejected = strdup(verdict.reason))) {
                fix_verifier_free(verifier);
                snprintf(err, err_size, "out of memory");
                return -1;
            }
            fix_free(c->draft);
            if (stats) stats->drafts_rejected++;
        }
        c->draft = NULL;
    }
    fix_verifier_free(verifier);
    return 0;
}
