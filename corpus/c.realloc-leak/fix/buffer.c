/* fix-case: verified — the old block is kept in a temporary and freed if realloc fails. */
#include <stdlib.h>

struct buffer {
    char *data;
    size_t size;
};

int buffer_reserve(struct buffer *b, size_t size)
{
    b->data = realloc(b->data, size); // expect: c.realloc-leak
    if (!b->data)
        return -1;
    b->size = size;
    return 0;
}
