/* Zero is rejected first. */
#include <stdio.h>

int average(int sum)
{
    int n;
    if (scanf("%d", &n) != 1) return 0;
    if (n == 0) return 0;
    return sum / n; // ok: c.clang-divide-by-zero
}
