/* The FILE* leaks when the first line is empty. */
#include <stdio.h>

int first_char(const char *path)
{
    FILE *f = fopen(path, "r"); // expect: c.clang-resource-leak
    if (!f) return -1;
    int c = fgetc(f);
    if (c == '\n') return 0;
    fclose(f);
    return c;
}
