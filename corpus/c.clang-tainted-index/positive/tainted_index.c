/* Only the lower bound of the index is checked. */
#include <stdio.h>

int hist[10];

void count(void)
{
    int i;
    if (scanf("%d", &i) != 1) return;
    if (i >= 0) hist[i]++; // expect: c.clang-tainted-index
}
