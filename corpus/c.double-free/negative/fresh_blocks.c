/* Each free() gets a block of its own: calls, not the same pointer. */
#include <stdlib.h>

void churn(void)
{
    free(malloc(1));
    free(malloc(1)); /* a new block each time */ // ok: c.double-free
}

void release_pair(char **pair)
{
    free(pair[0]);
    free(pair[1]); /* different elements */ // ok: c.double-free
}
