/* fix_apply.c — combine a file's fixes and write them in place (see fix_apply.h). */
#include "analyzer/fix/fix_apply.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/atomic_file.h"
#include "core/hash.h"

typedef struct {
    uint32_t start, end;
} range_t;

/* Two edits conflict as fix_patch sees it: they overlap, or both insert at one place. */
static bool ranges_conflict(range_t a, range_t b)
{
    if (a.start == a.end && b.start == b.end) return a.start == b.start;
    return a.start < b.end && b.start < a.end;
}

int fix_apply_text(fix_apply_t *out, const char *text, size_t length, const fix_t *const *fixes, size_t count,
                   bool *applied, char *err, size_t err_size)
{
    memset(out, 0, sizeof(*out));
    size_t total = 0;
    for (size_t i = 0; i < count; i++) total += fixes[i]->edit_count;
    range_t *taken = malloc((total ? total : 1) * sizeof(*taken));
    range_t *mine = malloc((total ? total : 1) * sizeof(*mine));
    fix_t *combined = out->fix = fix_new("combined", false);
    if (!taken || !mine || !combined) goto oom;
    size_t taken_count = 0;
    for (size_t i = 0; i < count; i++) {
        const fix_t *fix = fixes[i];
        bool ok = fix->edit_count > 0;
        size_t n = 0;
        for (size_t e = 0; ok && e < fix->edit_count; e++) {
            const source_range_t *r = &fix->edits[e].range;
            range_t span;
            if (fix_patch_offset(text, length, r->start_line, r->start_col, &span.start) != 0 ||
                fix_patch_offset(text, length, r->end_line, r->end_col, &span.end) != 0 || span.end < span.start) {
                ok = false;
                break;
            }
            for (size_t t = 0; ok && t < taken_count; t++) ok = !ranges_conflict(span, taken[t]);
            for (size_t t = 0; ok && t < n; t++) ok = !ranges_conflict(span, mine[t]);
            mine[n++] = span;
        }
        if (applied) applied[i] = ok;
        if (!ok) continue;
        for (size_t e = 0; e < fix->edit_count; e++) {
            taken[taken_count++] = mine[e];
            if (fix_add_edit(combined, fix->edits[e].range, fix->edits[e].replacement) != 0) goto oom;
        }
    }
    free(taken);
    free(mine);
    int rc = fix_patch_apply(&out->patch, text, length, combined, err, err_size);
    if (rc > 0) { /* cannot happen: every edit was resolved and checked above; err says why */
        if (applied)
            for (size_t i = 0; i < count; i++) applied[i] = false;
        return -1;
    }
    if (rc < 0) snprintf(err, err_size, "out of memory");
    return rc;
oom:
    free(taken);
    free(mine);
    snprintf(err, err_size, "out of memory");
    return -1;
}

void fix_apply_destroy(fix_apply_t *out)
{
    fix_patch_destroy(&out->patch);
    fix_free(out->fix);
    memset(out, 0, sizeof(*out));
}

/* Reads the whole file at path into a malloc'd buffer. 0, or -1 with errno set. */
static int read_all(const char *path, char **out, size_t *out_length)
{
    *out = NULL;
    *out_length = 0;
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        errno = ENOMEM;
        return -1;
    }
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *grown = realloc(buf, cap * 2);
            if (!grown) {
                free(buf);
                fclose(f);
                errno = ENOMEM;
                return -1;
            }
            buf = grown;
            cap *= 2;
        }
    }
    int failed = ferror(f);
    int saved = errno;
    fclose(f);
    if (failed) {
        free(buf);
        errno = saved ? saved : EIO;
        return -1;
    }
    *out = buf;
    *out_length = n;
    return 0;
}

int fix_apply_write(const char *fs_path, const char *name, const char *original, size_t original_length,
                    const char *patched, size_t patched_length, char *err, size_t err_size)
{
    /* a symlink is written through: the rename must replace the target, not the link */
    char *target = realpath(fs_path, NULL);
    if (!target) {
        snprintf(err, err_size, "%s: cannot resolve: %s; not fixed", name, strerror(errno));
        return -1;
    }
    int rc = 1;
    char *now = NULL;
    size_t now_length;
    /* no write bit at all counts as read-only even for root, who may write anything: the
     * owner said so, and a rename into the folder would bypass it */
    struct stat st;
    if (stat(target, &st) != 0) {
        snprintf(err, err_size, "%s: cannot read: %s; not fixed", name, strerror(errno));
        rc = -1;
        goto done;
    }
    if ((st.st_mode & 0222) == 0 || access(target, W_OK) != 0) {
        if ((st.st_mode & 0222) == 0 || errno == EACCES || errno == EROFS)
            snprintf(err, err_size, "%s: file is read-only; not fixed", name);
        else {
            snprintf(err, err_size, "%s: cannot write: %s; not fixed", name, strerror(errno));
            rc = -1;
        }
        goto done;
    }
    if (read_all(target, &now, &now_length) != 0) {
        snprintf(err, err_size, "%s: cannot read: %s; not fixed", name, strerror(errno));
        rc = -1;
        goto done;
    }
    if (now_length != original_length || hash_bytes(now, now_length) != hash_bytes(original, original_length)) {
        snprintf(err, err_size, "%s: changed on disk since it was read; not fixed", name);
        goto done;
    }
    char why[1024];
    if (atomic_file_write(target, patched, patched_length, false, why, sizeof(why)) != 0) {
        snprintf(err, err_size, "%s: %s; not fixed", name, why);
        rc = -1;
        goto done;
    }
    rc = 0;
done:
    free(now);
    free(target);
    return rc;
}
