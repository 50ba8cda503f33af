/* fix_diff.h — a patch (fix_patch.h) as a unified diff, for `assay --fix-dry-run`.
 *
 * The diff is built from the patch's edits, not by comparing the texts: outside the edits
 * the two texts are the same bytes, so each edit's lines (the lines its start and end fall
 * on, in both texts) form one change; changes closer than two contexts share a hunk.
 * Headers are "--- a/NAME" / "+++ b/NAME" with the path relative to the repository root,
 * hunks carry 3 lines of context, and a last line without a newline is marked
 * "\ No newline at end of file", so `git apply` and `patch -p1` accept it. */
#ifndef ASSAY_FIX_DIFF_H
#define ASSAY_FIX_DIFF_H

#include <stddef.h>

#include "analyzer/fix/fix_patch.h"

/* The unified diff from old_text[0..old_length) to patch->text for the file name, into a
 * malloc'd NUL-terminated string *out (*out_length bytes; "" when the patch changes
 * nothing). patch must have been made from old_text. 0, or -1 on out of memory. */
int fix_diff_unified(char **out, size_t *out_length, const char *name, const char *old_text, size_t old_length,
                     const fix_patch_t *patch);

#endif
