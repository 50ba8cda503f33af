/* free() of memory malloc never returned. */
#include <stdlib.h>

static char shared[64];

void reset(void)
{
    char scratch[32];
    scratch[0] = 0;
    free(scratch); // expect: c.free-nonheap
}

void drop_shared(void)
{
    free(shared); // expect: c.free-nonheap
}

struct config {
    int port;
};

void release(void)
{
    struct config cfg = {80};
    free(&cfg); // expect: c.free-nonheap
}

void clear_name(void)
{
    free((void *)"anonymous"); // expect: c.free-nonheap
}
