/* temp_dir.c — see temp_dir.h. */
#include "tests/unit/helpers/temp_dir.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int temp_dir_make(char *dir, size_t size, const char *tag)
{
    const char *base = getenv("TMPDIR");
    if (!base || !*base) base = "/tmp";
    int n = snprintf(dir, size, "%s/assay-%s-XXXXXX", base, tag);
    if (n < 0 || (size_t)n >= size) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return mkdtemp(dir) ? 0 : -1;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    return (type == FTW_DP ? rmdir(path) : unlink(path)) == 0 ? 0 : -1;
}

int temp_dir_remove(const char *path)
{
    /* FTW_DEPTH: a folder after its contents; FTW_PHYS: a link is removed, not followed */
    return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) == 0 ? 0 : -1;
}

int temp_dir_write_bytes(char *path, size_t size, const char *dir, const char *name,
                         const void *bytes, size_t length)
{
    int n = snprintf(path, size, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= size) return -1;
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    int rc = fwrite(bytes, 1, length, f) == length ? 0 : -1;
    if (fclose(f) != 0) rc = -1;
    return rc;
}

int temp_dir_write(char *path, size_t size, const char *dir, const char *name, const char *text)
{
    return temp_dir_write_bytes(path, size, dir, name, text, strlen(text));
}
