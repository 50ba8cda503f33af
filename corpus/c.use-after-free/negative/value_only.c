/* After free, only the pointer's value is read: compared or logged as an address. */
#include <stdio.h>
#include <stdlib.h>

int check_freed(void *ptr, void *expected)
{
    free(ptr);
    return ptr == expected; /* compares addresses, touches no memory */
}

void trace_free(void *ptr)
{
    free(ptr);
    record_address(ptr); /* a helper that stores the address: not known to dereference */
}
