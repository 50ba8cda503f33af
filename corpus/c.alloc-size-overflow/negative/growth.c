/* Growing arrays the way real code does: doubling with a cap check, reallocarray,
 * and counts clamped before the allocation. */
#include <stdint.h>
#include <stdlib.h>

struct vec {
    long *items;
    size_t len;
    size_t cap;
};

int vec_push(struct vec *v, long item)
{
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap : 8;
        if (v->len != 0) {
            if (cap > SIZE_MAX / 2 / sizeof *v->items) return -1;
            cap *= 2;
        }
        long *items = realloc(v->items, cap * sizeof *v->items); // ok: c.alloc-size-overflow
        if (items == NULL) return -1;
        v->items = items;
        v->cap = cap;
    }
    v->items[v->len++] = item;
    return 0;
}

/* reallocarray checks the product and fails with ENOMEM on overflow. */
int vec_reserve(struct vec *v, size_t cap)
{
    long *items = reallocarray(v->items, cap, sizeof *v->items); // ok: c.alloc-size-overflow
    if (items == NULL) return -1;
    v->items = items;
    v->cap = cap;
    if (v->len > cap) v->len = cap;
    return 0;
}

#define BATCH_MAX 512

struct event {
    int fd;
    unsigned mask;
};

/* The caller's request is clamped to the batch limit first. */
struct event *event_batch(size_t wanted, size_t *got)
{
    if (wanted > BATCH_MAX) wanted = BATCH_MAX;
    struct event *events = malloc(wanted * sizeof *events); // ok: c.alloc-size-overflow
    if (events == NULL) return NULL;
    *got = wanted;
    return events;
}
