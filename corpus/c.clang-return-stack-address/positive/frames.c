/* Pointers into the returning function's own frame: a local struct, a pointer into a
 * local copy, an alias of a local array. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

struct point {
    double x, y;
};

struct point *midpoint(const struct point *a, const struct point *b)
{
    struct point m;
    m.x = (a->x + b->x) / 2;
    m.y = (a->y + b->y) / 2;
    return &m; // expect: c.clang-return-stack-address
}

const char *trim_left(const char *s)
{
    char copy[128];
    snprintf(copy, sizeof copy, "%s", s);
    size_t skip = 0;
    while (copy[skip] == ' ' || copy[skip] == '\t') skip++;
    return copy + skip; // expect: c.clang-return-stack-address
}

char *upper_name(const char *name)
{
    char buf[64];
    char *out = buf;
    size_t i = 0;
    for (; name[i] && i + 1 < sizeof buf; i++) buf[i] = (char)toupper((unsigned char)name[i]);
    buf[i] = '\0';
    return out; // expect: c.clang-return-stack-address
}
