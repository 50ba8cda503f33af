/* The count is parsed with error checks and bounded before the multiplication. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

int total_bytes(void)
{
    char line[32];
    if (!fgets(line, sizeof line, stdin)) return 0;
    char *end;
    errno = 0;
    long n = strtol(line, &end, 10);
    if (errno != 0 || end == line) return 0;
    if (n < 0 || n > 4096) return 0;
    return (int)n * 512; // ok: c.clang-integer-overflow
}
