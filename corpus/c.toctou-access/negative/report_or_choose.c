/* access() used to report or to choose, with nothing later opened by the checked name
 * in the same function. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void print_permissions(const char *path)
{
    printf("%s: %s\n", path, access(path, W_OK) == 0 ? "writable" : "read-only"); // ok: c.toctou-access
}

/* The first directory in $PATH holding an executable 'name'; the caller runs it. */
int find_in_path(const char *name, char *out, size_t out_size)
{
    const char *path = getenv("PATH");
    if (!path) return -1;
    while (*path) {
        size_t len = strcspn(path, ":");
        int n = snprintf(out, out_size, "%.*s/%s", (int)len, path, name);
        if (n > 0 && (size_t)n < out_size && access(out, X_OK) == 0) return 0; // ok: c.toctou-access
        path += len;
        if (*path == ':') path++;
    }
    return -1;
}

/* A temporary file in dir: mkstemp creates it exclusively under a fresh name. */
int make_temp_in(const char *dir)
{
    if (access(dir, W_OK | X_OK) != 0) return -1; // ok: c.toctou-access
    char name[256];
    int n = snprintf(name, sizeof name, "%s/assay-XXXXXX", dir);
    if (n < 0 || (size_t)n >= sizeof name) return -1;
    int fd = mkstemp(name);
    if (fd >= 0) unlink(name);
    return fd;
}
