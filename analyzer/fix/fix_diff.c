/* fix_diff.c — unified diff of a patch from its edits (see fix_diff.h). */
#include "analyzer/fix/fix_diff.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CONTEXT = 3 };

/* A text split in lines: starts[i] is the offset of line i, starts[count] the length. */
typedef struct {
    const char *text;
    size_t length;
    size_t *starts;
    size_t count;
} lines_t;

static int lines_index(lines_t *l, const char *text, size_t length)
{
    l->text = text;
    l->length = length;
    size_t n = 0;
    for (size_t i = 0; i < length; i++) n += text[i] == '\n';
    if (length > 0 && text[length - 1] != '\n') n++;
    l->count = n;
    l->starts = malloc((n + 1) * sizeof(size_t));
    if (!l->starts) return -1;
    size_t k = 0;
    if (length > 0) l->starts[k++] = 0;
    for (size_t i = 0; i < length; i++)
        if (text[i] == '\n' && i + 1 < length) l->starts[k++] = i + 1;
    l->starts[n] = length;
    return 0;
}

/* The line (0-based) holding byte pos: the number of newlines before it. */
static size_t lines_of(const lines_t *l, size_t pos)
{
    size_t lo = 0, hi = l->count; /* first line whose start > pos, minus one */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (l->starts[mid] <= pos) lo = mid + 1;
        else hi = mid;
    }
    if (lo == 0) return 0;
    /* pos at the very end after a final newline: one past the last line */
    if (pos >= l->length && l->length > 0 && l->text[l->length - 1] == '\n') return l->count;
    return lo - 1;
}

/* A change: old lines [old_start, old_end) became new lines [new_start, new_end). */
typedef struct {
    size_t old_start, old_end, new_start, new_end;
} change_t;

typedef struct {
    char *data;
    size_t length, capacity;
    bool failed;
} buffer_t;

static void put(buffer_t *b, const char *s, size_t n)
{
    if (b->failed) return;
    if (b->length + n + 1 > b->capacity) {
        size_t cap = b->capacity ? b->capacity : 4096;
        while (b->length + n + 1 > cap) cap *= 2;
        char *grown = realloc(b->data, cap);
        if (!grown) {
            b->failed = true;
            return;
        }
        b->data = grown;
        b->capacity = cap;
    }
    memcpy(b->data + b->length, s, n);
    b->length += n;
    b->data[b->length] = '\0';
}

static void put_string(buffer_t *b, const char *s)
{
    put(b, s, strlen(s));
}

/* One line of l with its prefix (' ', '-', '+'). */
static void put_line(buffer_t *b, char prefix, const lines_t *l, size_t line)
{
    size_t start = l->starts[line], end = l->starts[line + 1];
    put(b, &prefix, 1);
    put(b, l->text + start, end - start);
    if (end == start || l->text[end - 1] != '\n') put_string(b, "\n\\ No newline at end of file\n");
}

static void put_range(char *out, size_t size, size_t start, size_t count)
{
    /* an empty range names the line before it */
    if (count == 1) snprintf(out, size, "%zu", start + 1);
    else snprintf(out, size, "%zu,%zu", count ? start + 1 : start, count);
}

int fix_diff_unified(char **out, size_t *out_length, const char *name, const char *old_text, size_t old_length,
                     const fix_patch_t *patch)
{
    *out = NULL;
    *out_length = 0;
    lines_t a = {0}, b = {0};
    change_t *changes = NULL;
    buffer_t buf = {0};
    if (lines_index(&a, old_text, old_length) != 0 || lines_index(&b, patch->text, patch->length) != 0) goto oom;
    changes = malloc((patch->span_count ? patch->span_count : 1) * sizeof(*changes));
    if (!changes) goto oom;
    size_t n = 0;
    long long delta = 0;
    for (size_t i = 0; i < patch->span_count; i++) {
        const fix_span_t *s = &patch->spans[i];
        size_t replaced = strlen(s->replacement);
        size_t new_start = (size_t)((long long)s->start + delta), new_end = new_start + replaced;
        delta += (long long)replaced - (long long)(s->end - s->start);
        change_t c = {lines_of(&a, s->start), lines_of(&a, s->end) + 1, lines_of(&b, new_start),
                      lines_of(&b, new_end) + 1};
        if (c.old_end > a.count) c.old_end = a.count;
        if (c.new_end > b.count) c.new_end = b.count;
        if (c.old_start > c.old_end) c.old_start = c.old_end;
        if (c.new_start > c.new_end) c.new_start = c.new_end;
        if (n > 0 && c.old_start < changes[n - 1].old_end) { /* edits on one line: one change */
            if (c.old_end > changes[n - 1].old_end) changes[n - 1].old_end = c.old_end;
            if (c.new_end > changes[n - 1].new_end) changes[n - 1].new_end = c.new_end;
            continue;
        }
        changes[n++] = c;
    }
    if (n == 0 || (a.length == b.length && memcmp(a.text, b.text, a.length) == 0)) {
        free(a.starts);
        free(b.starts);
        free(changes);
        *out = calloc(1, 1);
        return *out ? 0 : -1;
    }
    put_string(&buf, "--- a/");
    put_string(&buf, name);
    put_string(&buf, "\n+++ b/");
    put_string(&buf, name);
    put_string(&buf, "\n");
    for (size_t first = 0; first < n;) {
        size_t last = first; /* changes [first, last] share a hunk */
        while (last + 1 < n && changes[last + 1].old_start - changes[last].old_end <= 2 * CONTEXT) last++;
        size_t old_start = changes[first].old_start > CONTEXT ? changes[first].old_start - CONTEXT : 0;
        size_t old_end = changes[last].old_end + CONTEXT < a.count ? changes[last].old_end + CONTEXT : a.count;
        size_t new_start = changes[first].new_start - (changes[first].old_start - old_start);
        size_t new_end = changes[last].new_end + (old_end - changes[last].old_end);
        char from[64], to[64], header[160];
        put_range(from, sizeof(from), old_start, old_end - old_start);
        put_range(to, sizeof(to), new_start, new_end - new_start);
        snprintf(header, sizeof(header), "@@ -%s +%s @@\n", from, to);
        put_string(&buf, header);
        size_t line = old_start;
        for (size_t i = first; i <= last; i++) {
            for (; line < changes[i].old_start; line++) put_line(&buf, ' ', &a, line);
            for (size_t k = changes[i].old_start; k < changes[i].old_end; k++) put_line(&buf, '-', &a, k);
            for (size_t k = changes[i].new_start; k < changes[i].new_end; k++) put_line(&buf, '+', &b, k);
            line = changes[i].old_end;
        }
        for (; line < old_end; line++) put_line(&buf, ' ', &a, line);
        first = last + 1;
    }
    free(a.starts);
    free(b.starts);
    free(changes);
    if (buf.failed) {
        free(buf.data);
        return -1;
    }
    *out = buf.data;
    *out_length = buf.length;
    return 0;
oom:
    free(a.starts);
    free(b.starts);
    free(changes);
    free(buf.data);
    return -1;
}
