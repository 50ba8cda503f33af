/* Closed on every path. */
#include <stdio.h>

int first_char(const char *path)
{
    FILE *f = fopen(path, "r"); // ok: c.clang-resource-leak
    if (!f) return -1;
    int c = fgetc(f);
    fclose(f);
    return c == '\n' ? 0 : c;
}
