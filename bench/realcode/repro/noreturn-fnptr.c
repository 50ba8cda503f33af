#include <stdlib.h>
extern void (*alloc_failed_handler)(void); /* never returns (longjmp or exit) */
struct chunk { char *limit; struct chunk *prev; };
struct chunk *new_chunk(size_t size)
{
    struct chunk *c = malloc(size);
    if (!c)
        (*alloc_failed_handler)();
    c->prev = NULL;
    c->limit = (char *)c + size;
    return c;
}
// expect-false-alarm: c.clang-null-dereference
