/* sizeof the pointer, not the struct. */
#include <stdlib.h>
#include <string.h>

struct point { double x, y, z; };

struct point *clone(const struct point *src)
{
    struct point *p = malloc(sizeof(p)); // expect: c.clang-sizeof-pointer
    if (p) memcpy(p, src, sizeof *p); // expect: c.clang-buffer-overflow
    return p;
}
