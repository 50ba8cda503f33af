/* strncat bounded by the space left, or by a small fixed count. */
#include <string.h>

void build(const char *dir, const char *file)
{
    char path[128] = "";
    strncat(path, dir, sizeof path - strlen(path) - 1); // ok: c.strncat-size
    strncat(path, file, sizeof(path) - strlen(path) - 1); // ok: c.strncat-size
}

void initials(const char *first, const char *last)
{
    char out[4] = "";
    strncat(out, first, 1); // ok: c.strncat-size
    strncat(out, last, 1); // ok: c.strncat-size
}

void append_other(char *dst, const char *src)
{
    char tmp[32];
    /* the bound is another buffer's size: a different smell */
    strncat(dst, src, sizeof tmp); // ok: c.strncat-size
}
