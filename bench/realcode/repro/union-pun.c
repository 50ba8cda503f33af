#include <stddef.h>
#include <stdint.h>
/* written through u.ptr, read through u.i: the union is initialised */
int aligned(const void *key)
{
    union { const void *ptr; size_t i; } u;
    u.ptr = key;
    return (u.i & 3) == 0;
}
// expect-false-alarm: c.clang-uninitialized-use
