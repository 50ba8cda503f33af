/* Invariant checks that only compare: messages in the condition, pure helpers,
 * memory compared byte by byte, indexes computed without updating anything. */
#include <assert.h>
#include <stddef.h>
#include <string.h>

struct list {
    struct list *next;
    int value;
};

static size_t list_length(const struct list *l)
{
    size_t n = 0;
    for (; l != NULL; l = l->next) n++;
    return n;
}

struct vec {
    int items[64];
    size_t len;
};

int vec_get(const struct vec *v, size_t i)
{
    assert(i < v->len && "vec_get: index out of range"); // ok: c.assert-side-effect
    return v->items[i];
}

/* The vector is kept sorted: the newest item is the largest. */
int vec_last(const struct vec *v)
{
    assert(v->len > 0);
    assert(v->len < 2 || v->items[v->len - 2] <= v->items[v->len - 1]); // ok: c.assert-side-effect
    return v->items[v->len - 1];
}

void list_check(const struct list *l, size_t expected)
{
    assert(list_length(l) == expected); // ok: c.assert-side-effect
    (void)l;
    (void)expected;
}

void copy_key(unsigned char dst[16], const unsigned char src[16])
{
    memcpy(dst, src, 16);
    assert(memcmp(dst, src, 16) == 0); // ok: c.assert-side-effect
}
