/* free() of heap pointers, including ones that look like arrays. */
#include <stdlib.h>
#include <string.h>

void work(size_t n)
{
    char *buf = malloc(n);
    if (!buf) return;
    memset(buf, 0, n);
    free(buf); // ok: c.free-nonheap
}

/* An array parameter is a pointer from the caller: it may be heap memory. */
void release(char buf[])
{
    free(buf); // ok: c.free-nonheap
}

struct holder {
    char *data;
};

void holder_free(struct holder *h)
{
    free(h->data); // ok: c.free-nonheap
    free(h);
}

void shadow(void)
{
    char scratch[16];
    (void)scratch;
    {
        char *scratch = strdup("x"); /* shadows the array */
        free(scratch); // ok: c.free-nonheap
    }
}
