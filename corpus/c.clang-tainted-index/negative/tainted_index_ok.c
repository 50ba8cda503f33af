/* Both bounds are checked. */
#include <stdio.h>

int hist[10];

void count(void)
{
    int i;
    if (scanf("%d", &i) != 1) return;
    if (i >= 0 && i < 10) hist[i]++; // ok: c.clang-tainted-index
}
