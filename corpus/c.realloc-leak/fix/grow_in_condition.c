/* fix-case: not offered — the assignment sits in an if condition, not a simple statement. */
#include <stdlib.h>

char *grow(char *buf, size_t n)
{
    if ((buf = realloc(buf, n)) == NULL) // expect: c.realloc-leak
        return NULL;
    return buf;
}
