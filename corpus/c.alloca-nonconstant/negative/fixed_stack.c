/* alloca with constant sizes, and heap allocations for variable sizes. */
#include <alloca.h>
#include <stdlib.h>
#include <string.h>

#define SCRATCH 256

void scratch(void)
{
    char *buf = alloca(SCRATCH); // ok: c.alloca-nonconstant
    buf[0] = 0;
}

void table(void)
{
    int *t = alloca(16 * sizeof(int)); // ok: c.alloca-nonconstant
    t[0] = 0;
}

int copy_name(const char *name)
{
    size_t n = strlen(name) + 1;
    char *buf = malloc(n); /* variable size: heap */
    if (!buf) return -1;
    memcpy(buf, name, n);
    free(buf);
    return 0;
}

void constant_local(void)
{
    const size_t size = 64;
    char *b = alloca(size); // ok: c.alloca-nonconstant
    b[0] = 0;
}
