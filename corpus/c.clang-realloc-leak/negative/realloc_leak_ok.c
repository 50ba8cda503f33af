/* The result goes to a temporary first. */
#include <stdlib.h>

int grow(char **buf, size_t n)
{
    char *bigger = realloc(*buf, n);
    if (!bigger) return -1;
    *buf = bigger;
    return 0;
}
