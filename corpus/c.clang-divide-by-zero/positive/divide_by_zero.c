/* The divisor comes from the input and may be zero. */
#include <stdio.h>

int average(int sum)
{
    int n;
    if (scanf("%d", &n) != 1) return 0;
    return sum / n; // expect: c.clang-divide-by-zero
}
