/* The result goes to a temporary first; realloc(NULL, n) allocates, nothing to lose. */
#include <stdlib.h>

int grow(char **buf, size_t n)
{
    char *bigger = realloc(*buf, n); // ok: c.clang-realloc-leak
    if (!bigger) return -1;
    *buf = bigger;
    return 0;
}

char *fresh(size_t n)
{
    char *p = NULL;
    p = realloc(p, n); // ok: c.clang-realloc-leak
    return p;
}
