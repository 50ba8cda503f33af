/* The documented failure values. */
#include <stdio.h>

int save(FILE *f, const char *line, char *buf)
{
    if (fputs(line, f) == EOF) return -1; // ok: c.clang-incorrect-return-check
    if (fgets(buf, 64, stdin) == NULL) return -1; // ok: c.clang-incorrect-return-check
    return 0;
}
