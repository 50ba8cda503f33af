/* After free, only the pointer's value is read: compared or logged as an address. */
#include <stdio.h>
#include <stdlib.h>

int check_freed(void *ptr, void *expected)
{
    free(ptr);
    /* compares addresses, touches no memory */
    return ptr == expected; // ok: c.use-after-free
}

void trace_free(void *ptr)
{
    free(ptr);
    /* a helper that stores the address: not known to dereference */
    record_address(ptr); // ok: c.use-after-free
}
