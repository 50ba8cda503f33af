/* realloc results kept in a temporary until they are known good. */
#include <stdlib.h>

struct vec {
    int *items;
    size_t count, cap;
};

int vec_push(struct vec *v, int x)
{
    if (v->count == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 8;
        int *grown = reallocarray(v->items, cap, sizeof *grown); // ok: c.realloc-leak
        if (!grown) return -1;
        v->items = grown;
        v->cap = cap;
    }
    v->items[v->count++] = x;
    return 0;
}

char *resized(char *old, size_t n)
{
    /* a new name: old stays valid on failure */
    char *fresh = realloc(old, n); // ok: c.realloc-leak
    return fresh;
}

void *shrink(void *p, size_t n)
{
    void *q = p;
    /* p is not the argument: q still holds the block */
    p = realloc(q, n); // ok: c.realloc-leak
    if (!p) return q;
    return p;
}
