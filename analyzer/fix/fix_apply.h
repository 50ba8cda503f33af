/* fix_apply.h — apply the verified fixes of one file and write the result in place.
 *
 * Two steps, so that what is written is exactly what was checked:
 *   fix_apply_text  combines several fixes of one file into one patch (fix_patch.h). Fixes
 *                   are taken in the order given; a fix whose edits overlap an edit of a fix
 *                   already taken is left out whole (never half applied): the next run
 *                   offers it again against the new text.
 *   fix_apply_write writes the patched text over the file, atomically (core/atomic_file.h:
 *                   temporary file in the same folder, fsync, rename; the mode is kept),
 *                   but only when the file on disk still holds the bytes that were linted
 *                   (a content hash, core/hash.h, plus the length) and is writable.
 * A symlink is written through: the target file gets the new text and the link stays a
 * link. A read-only file (no write bit, or not writable by us) is refused, also for root:
 * renaming over it would succeed in a writable folder and defeat the owner's intent. Between the comparison and the rename there is
 * still a short window in which another writer can race; editors that rewrite a file
 * within it lose to us, as they would to any atomic save. */
#ifndef ASSAY_FIX_APPLY_H
#define ASSAY_FIX_APPLY_H

#include <stdbool.h>
#include <stddef.h>

#include "analyzer/fix/fix_patch.h"
#include "core/candidate.h"

/* The fixes of one file combined and applied. */
typedef struct {
    fix_patch_t patch; /* the patched text; its spans borrow replacements from fix */
    fix_t *fix;        /* the edits of every fix taken, as one fix; owned */
} fix_apply_t;

/* Applies fixes[0..count) to text[0..length) into out (fix_apply_destroy it, in every
 * case). applied[i] (count entries, may be NULL) tells whether fixes[i] went in: false for
 * one that overlaps an earlier fix or cannot be resolved against the text. Returns 0, or
 * -1 on out of memory (err set). */
int fix_apply_text(fix_apply_t *out, const char *text, size_t length, const fix_t *const *fixes, size_t count,
                   bool *applied, char *err, size_t err_size);

/* Frees what out owns; it is then empty. */
void fix_apply_destroy(fix_apply_t *out);

/* Writes patched[0..patched_length) over fs_path when the file still holds
 * original[0..original_length). name is the path for messages ("src/a.c").
 * Returns 0 when written; 1 when refused (err: "name: changed on disk since it was read;
 * not fixed", "name: file is read-only; not fixed"); -1 on a failure to read or write
 * (err: "name: ..."). The file is unchanged unless 0 is returned. */
int fix_apply_write(const char *fs_path, const char *name, const char *original, size_t original_length,
                    const char *patched, size_t patched_length, char *err, size_t err_size);

#endif
