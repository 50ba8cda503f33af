/* When realloc fails the old block is lost. */
#include <stdlib.h>

int grow(char **buf, size_t n)
{
    char *b = *buf;
    b = realloc(b, n); // expect: c.clang-realloc-leak
    if (!b) return -1;
    *buf = b;
    return 0;
}
