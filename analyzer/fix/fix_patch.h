/* fix_patch.h — a fix applied to a file's text in memory, and where lines went.
 *
 * A fix (core/candidate.h) is a set of edits of one file, each a replacement of a range
 * given as 1-based line/column positions with an exclusive end, columns counting bytes (as
 * clang's fix-its). Applying it resolves every position against the text (the byte offsets
 * a fix may carry are not trusted: a model-drafted fix has none), sorts the edits, refuses
 * overlapping ones and builds the patched text. The patch remembers each edit's place in
 * both texts, so a line of the original can be followed into the patched text. */
#ifndef ASSAY_FIX_PATCH_H
#define ASSAY_FIX_PATCH_H

#include <stddef.h>
#include <stdint.h>

#include "core/candidate.h"

/* One edit, resolved. */
typedef struct {
    uint32_t start, end;           /* bytes of the original text, end exclusive */
    uint32_t start_line, end_line; /* lines of the original the edit covers */
    uint32_t new_start_line;       /* the line the replacement starts on in the patched text */
    uint32_t new_end_line;         /* the line it ends on there */
    const char *replacement;       /* borrowed from the fix */
} fix_span_t;

typedef struct {
    char *text;         /* the patched text, NUL-terminated; owned */
    size_t length;
    fix_span_t *spans;  /* sorted by start; owned */
    size_t span_count;
} fix_patch_t;

/* The byte offset of (line, col) in text (1-based, col counts bytes; col may be one past
 * the end of the line). 0 with *offset set, or -1 when the position is not in the text. */
int fix_patch_offset(const char *text, size_t length, uint32_t line, uint32_t col, uint32_t *offset);

/* Applies fix to text[0..length) into out. Returns 0; 1 when the fix cannot be applied
 * (a position outside the text, an end before its start, overlapping edits), with err
 * saying why; -1 on out of memory. out is valid to destroy in every case. */
int fix_patch_apply(fix_patch_t *out, const char *text, size_t length, const fix_t *fix, char *err,
                    size_t err_size);
/* Frees what the patch owns; NULL-safe on an empty one. */
void fix_patch_destroy(fix_patch_t *patch);

/* The line of the patched text that holds what was line `line` of the original; a line an
 * edit replaced maps to where the replacement starts (its last line, for the part after
 * an edit that ends on that line). */
uint32_t fix_patch_map_line(const fix_patch_t *patch, uint32_t line);

#endif
