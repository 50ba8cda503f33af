/* The count is bounded before the multiplication. */
#include <stdio.h>
#include <stdlib.h>

int total_bytes(void)
{
    char line[32];
    if (!fgets(line, sizeof line, stdin)) return 0;
    int n = atoi(line);
    if (n < 0 || n > 4096) return 0;
    return n * 512;
}
