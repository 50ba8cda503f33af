/* The bound copies the terminator, or the destination is zeroed one byte past it. */
#include <stdlib.h>
#include <string.h>

char *duplicate(const char *name)
{
    size_t len = strlen(name);
    char *copy = malloc(len + 1);
    if (!copy)
        return NULL;
    strncpy(copy, name, len + 1); // ok: c.strncpy-unterminated
    return copy;
}

char *component(const char *path, size_t dirlen)
{
    char *dir = calloc(1, dirlen + 1);
    if (!dir)
        return NULL;
    strncpy(dir, path, dirlen); // ok: c.strncpy-unterminated
    return dir;
}
