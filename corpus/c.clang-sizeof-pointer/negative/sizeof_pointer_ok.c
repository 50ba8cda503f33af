/* sizeof what the pointer points to; a pointer array wants pointer sizes. */
#include <stdlib.h>
#include <string.h>

struct point { double x, y, z; };

struct point *clone(const struct point *src)
{
    struct point *p = malloc(sizeof(*p));
    if (p) memcpy(p, src, sizeof *p);
    return p;
}

char **table(size_t n)
{
    char **t = malloc(n * sizeof(char *));
    return t;
}
