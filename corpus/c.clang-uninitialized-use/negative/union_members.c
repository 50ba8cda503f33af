/* The members of a union share their bytes: writing one gives the others a value (the
 * pointer-to-integer pun of hash functions that test alignment). */
#include <stddef.h>

int aligned(const void *key)
{
    union {
        const void *ptr;
        size_t i;
    } u;
    u.ptr = key;
    return (u.i & 3) == 0; // ok: c.clang-uninitialized-use
}
