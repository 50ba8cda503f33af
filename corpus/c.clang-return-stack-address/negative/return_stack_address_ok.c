/* The caller provides the buffer. */
#include <stdio.h>

const char *label(int n, char *buf, size_t size)
{
    snprintf(buf, size, "item %d", n);
    return buf; // ok: c.clang-return-stack-address
}
