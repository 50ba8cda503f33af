/* Indexes that look risky but stay inside: an end pointer one past the array, the
 * pre-C99 flexible array member, a loop bounded by the element count, a bucket picked by
 * a mask, a table count from a ?: and a loop that stops at the last slot. */
#include <stddef.h>

#define BUCKETS 16

struct message {
    int count;
    int items[1]; /* allocated with room for count items */
};

struct dict {
    void *table[2];
    long rehash_index;
};

int sum_all(void)
{
    int values[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    int *end = &values[8]; // ok: c.clang-index-out-of-bounds
    int total = 0;
    for (int *p = values; p < end; p++) total += *p;
    return total;
}

int last_item(const struct message *m)
{
    return m->items[m->count > 1 ? 1 : 0]; // ok: c.clang-index-out-of-bounds
}

void zero(void)
{
    long slots[12];
    for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++)
        slots[i] = 0; // ok: c.clang-index-out-of-bounds
    (void)slots;
}

int bucket_of(unsigned hash)
{
    int load[BUCKETS] = {0};
    return load[hash & (BUCKETS - 1)]; // ok: c.clang-index-out-of-bounds
}

int tables_in_use(const struct dict *d)
{
    int used = 0, tables = d->rehash_index >= 0 ? 2 : 1;
    for (int j = 0; j < tables; j++)
        if (d->table[j] != NULL) used++; // ok: c.clang-index-out-of-bounds
    return used;
}

int shift_left(int *v)
{
    int window[5] = {0};
    for (int i = 0; i + 1 < 5; i++)
        window[i] = window[i + 1]; // ok: c.clang-index-out-of-bounds
    return window[0] + v[0];
}
