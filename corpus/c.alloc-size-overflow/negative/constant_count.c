/* A count that only ever holds constants before the allocation cannot overflow. */
#include <stdlib.h>
#include <string.h>

struct ring {
    int *slots;
    int size;
};

int ring_init(struct ring *r, int large)
{
    int count = -1;
    if (large)
        count = 4096;
    else
        count = 64;
    r->slots = malloc(count * sizeof(int)); // ok: c.alloc-size-overflow
    if (r->slots == NULL)
        return -1;
    memset(r->slots, 0, count * sizeof(int));
    r->size = count;
    return 0;
}
