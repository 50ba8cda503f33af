/* bigram_queue.c — a binary min-heap of merge candidates (see bigram_queue.h). */
#include "slm/bigram_queue.h"

#include <stdlib.h>

/* true when a is merged before b: smaller key, then leftmost */
static int merges_before(const bigram_t *a, const bigram_t *b)
{
    return a->key < b->key || (a->key == b->key && a->left < b->left);
}

void bigram_queue_destroy(bigram_queue_t *queue)
{
    free(queue->items);
    *queue = (bigram_queue_t){0};
}

void bigram_queue_clear(bigram_queue_t *queue)
{
    queue->count = 0;
}

int bigram_queue_push(bigram_queue_t *queue, bigram_t entry)
{
    if (queue->count == queue->cap) {
        size_t cap = queue->cap ? queue->cap * 2 : 64;
        bigram_t *items = realloc(queue->items, cap * sizeof *items);
        if (!items) return -1;
        queue->items = items;
        queue->cap = cap;
    }
    size_t i = queue->count++;
    while (i > 0 && merges_before(&entry, &queue->items[(i - 1) / 2])) {
        queue->items[i] = queue->items[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    queue->items[i] = entry;
    return 0;
}

bigram_t bigram_queue_pop(bigram_queue_t *queue)
{
    bigram_t top = queue->items[0];
    bigram_t last = queue->items[--queue->count];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= queue->count) break;
        if (c + 1 < queue->count && merges_before(&queue->items[c + 1], &queue->items[c])) c++;
        if (!merges_before(&queue->items[c], &last)) break;
        queue->items[i] = queue->items[c];
        i = c;
    }
    if (queue->count > 0) queue->items[i] = last;
    return top;
}
