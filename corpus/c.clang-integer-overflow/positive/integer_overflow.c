/* An untrusted count is multiplied without a range check. */
#include <stdio.h>
#include <stdlib.h>

int total_bytes(void)
{
    char line[32];
    if (!fgets(line, sizeof line, stdin)) return 0;
    int n = atoi(line); // expect: c.atoi-external-input
    return n * 512; // expect: c.clang-integer-overflow
}
