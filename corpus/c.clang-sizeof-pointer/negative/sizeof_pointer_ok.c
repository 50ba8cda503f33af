/* sizeof what the pointer points to; a pointer array wants pointer sizes. */
#include <stdlib.h>
#include <string.h>

struct point { double x, y, z; };

struct point *clone(const struct point *src)
{
    struct point *p = malloc(sizeof(*p)); // ok: c.clang-sizeof-pointer
    if (p) memcpy(p, src, sizeof *p); // ok: c.clang-sizeof-pointer
    return p;
}

#define TABLE_MAX 1024

char **table(size_t n)
{
    if (n > TABLE_MAX) return NULL;
    char **t = malloc(n * sizeof(char *)); // ok: c.clang-sizeof-pointer
    return t;
}
