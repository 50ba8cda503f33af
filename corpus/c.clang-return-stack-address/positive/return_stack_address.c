/* Returns a pointer into its own stack frame. */
#include <stdio.h>

const char *label(int n)
{
    char buf[32];
    snprintf(buf, sizeof buf, "item %d", n);
    return buf; // expect: c.clang-return-stack-address
}
