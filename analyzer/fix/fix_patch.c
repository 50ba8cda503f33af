/* fix_patch.c — applying a fix's edits to text in memory (see fix_patch.h).
 *
 * The one idea: every edit is resolved to byte offsets of the original first, then the
 * edits are sorted and copied around in one pass; line bookkeeping (where each edit lands
 * in the patched text) comes from counting newlines of what was removed and inserted. */
#include "analyzer/fix/fix_patch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t count_newlines(const char *text, size_t length)
{
    uint32_t n = 0;
    for (size_t i = 0; i < length; i++) n += text[i] == '\n';
    return n;
}

int fix_patch_offset(const char *text, size_t length, uint32_t line, uint32_t col, uint32_t *offset)
{
    if (line == 0 || col == 0) return -1;
    size_t at = 0;
    for (uint32_t l = 1; l < line; l++) {
        const char *nl = memchr(text + at, '\n', length - at);
        if (!nl) return -1;
        at = (size_t)(nl - text) + 1;
    }
    const char *nl = memchr(text + at, '\n', length - at);
    size_t line_end = nl ? (size_t)(nl - text) : length; /* col may point at the newline */
    if (at + (col - 1) > line_end) return -1;
    *offset = (uint32_t)(at + col - 1);
    return 0;
}

static int compare_spans(const void *a, const void *b)
{
    const fix_span_t *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    return x->end < y->end ? -1 : x->end > y->end;
}

void fix_patch_destroy(fix_patch_t *patch)
{
    free(patch->text);
    free(patch->spans);
    memset(patch, 0, sizeof(*patch));
}

int fix_patch_apply(fix_patch_t *out, const char *text, size_t length, const fix_t *fix, char *err,
                    size_t err_size)
{
    memset(out, 0, sizeof(*out));
    if (fix->edit_count == 0) {
        snprintf(err, err_size, "the fix has no edit");
        return 1;
    }
    out->spans = calloc(fix->edit_count, sizeof(*out->spans));
    if (!out->spans) return -1;
    size_t grown = length;
    for (size_t i = 0; i < fix->edit_count; i++) {
        const fix_edit_t *e = &fix->edits[i];
        fix_span_t *s = &out->spans[i];
        if (fix_patch_offset(text, length, e->range.start_line, e->range.start_col, &s->start) != 0 ||
            fix_patch_offset(text, length, e->range.end_line, e->range.end_col, &s->end) != 0) {
            snprintf(err, err_size, "edit %zu: position %u:%u-%u:%u is not in the file", i + 1,
                     (unsigned)e->range.start_line, (unsigned)e->range.start_col, (unsigned)e->range.end_line,
                     (unsigned)e->range.end_col);
            return 1;
        }
        if (s->end < s->start) {
            snprintf(err, err_size, "edit %zu: its end %u:%u is before its start", i + 1,
                     (unsigned)e->range.end_line, (unsigned)e->range.end_col);
            return 1;
        }
        s->start_line = e->range.start_line;
        s->end_line = e->range.end_line;
        s->replacement = e->replacement ? e->replacement : "";
        grown += strlen(s->replacement);
    }
    out->span_count = fix->edit_count;
    qsort(out->spans, out->span_count, sizeof(*out->spans), compare_spans);
    for (size_t i = 1; i < out->span_count; i++) {
        const fix_span_t *a = &out->spans[i - 1], *b = &out->spans[i];
        /* a replacement overlapping another edit has no defined result, nor do two
         * insertions at one place an order (an insertion before a replacement is fine) */
        if (b->start < a->end || (a->start == a->end && b->start == b->end && a->start == b->start)) {
            snprintf(err, err_size, "edits overlap at line %u", (unsigned)b->start_line);
            return 1;
        }
    }
    out->text = malloc(grown + 1);
    if (!out->text) return -1;
    size_t from = 0, to = 0;
    int32_t delta = 0; /* lines gained so far */
    for (size_t i = 0; i < out->span_count; i++) {
        fix_span_t *s = &out->spans[i];
        memcpy(out->text + to, text + from, s->start - from);
        to += s->start - from;
        size_t r = strlen(s->replacement);
        memcpy(out->text + to, s->replacement, r);
        to += r;
        from = s->end;
        uint32_t inserted = count_newlines(s->replacement, r);
        s->new_start_line = (uint32_t)((int32_t)s->start_line + delta);
        s->new_end_line = s->new_start_line + inserted;
        delta += (int32_t)inserted - (int32_t)(s->end_line - s->start_line);
    }
    memcpy(out->text + to, text + from, length - from);
    to += length - from;
    out->text[to] = '\0';
    out->length = to;
    return 0;
}

uint32_t fix_patch_map_line(const fix_patch_t *patch, uint32_t line)
{
    int32_t delta = 0;
    for (size_t i = 0; i < patch->span_count; i++) {
        const fix_span_t *s = &patch->spans[i];
        if (line < s->start_line) break;
        if (line <= s->end_line) return line == s->end_line && line > s->start_line ? s->new_end_line
                                                                                        : s->new_start_line;
        delta = (int32_t)s->new_end_line - (int32_t)s->end_line;
    }
    return (uint32_t)((int32_t)line + delta);
}
