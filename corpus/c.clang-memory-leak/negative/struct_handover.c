/* A struct that owns a block hands it over: returned by value, or given by address to
 * code that keeps it. */
#include <stdlib.h>
#include <string.h>

struct buffer {
    unsigned char *data;
    size_t len, cap;
};

void pool_keep(struct buffer *b);

struct buffer buffer_make(size_t cap)
{
    struct buffer b;
    b.len = 0;
    b.cap = cap;
    b.data = malloc(cap); // ok: c.clang-memory-leak
    if (b.data == NULL) b.cap = 0;
    return b;
}

int buffer_pool_add(size_t cap)
{
    struct buffer b;
    b.len = 0;
    b.cap = cap;
    b.data = calloc(1, cap); // ok: c.clang-memory-leak
    if (!b.data) return -1;
    pool_keep(&b);
    return 0;
}
