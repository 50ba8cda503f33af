/* Tests that never see the failure. */
#include <stdio.h>

int save(FILE *f, const char *line, char *buf)
{
    if (fputs(line, f) == 0) return -1; // expect: c.clang-incorrect-return-check
    if (fgets(buf, 64, stdin) < 0) return -1; // expect: c.clang-incorrect-return-check
    return 0;
}
