/* Arrays and blocks whose contents were written before the read: by memset, by a loop
 * over every element, by fgets, by a function that fills its argument, by calloc; a
 * static table (zeroed), an initialiser that zeroes the rest, and the one element just
 * written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int fill_ids(int *ids, int n);

struct slot {
    int used;
    int key;
};

int sum_cleared(void)
{
    int hist[16];
    memset(hist, 0, sizeof hist);
    return hist[3] + hist[15]; // ok: c.clang-uninitialized-use
}

double average_filled(void)
{
    double window[8];
    double sum = 0;
    for (int i = 0; i < 8; i++) window[i] = i * 0.5;
    for (int i = 0; i < 8; i++)
        sum += window[i]; // ok: c.clang-uninitialized-use
    return sum / 8;
}

int first_char(FILE *in)
{
    char line[128];
    if (!fgets(line, sizeof line, in)) return -1;
    return line[0]; // ok: c.clang-uninitialized-use
}

int first_id(void)
{
    int ids[32];
    if (fill_ids(ids, 32) <= 0) return -1;
    return ids[0]; // ok: c.clang-uninitialized-use
}

int zeroed_slot(void)
{
    struct slot *slots = calloc(8, sizeof(*slots));
    if (!slots) return -1;
    int used = slots[5].used; // ok: c.clang-uninitialized-use
    free(slots);
    return used;
}

int counted(int k)
{
    static int seen[64];
    int totals[4] = {0};
    return seen[k & 63] + totals[2]; // ok: c.clang-uninitialized-use
}

int last_written(int v)
{
    struct slot table[4];
    table[0].used = 1;
    table[0].key = v;
    return table[0].key; // ok: c.clang-uninitialized-use
}

void load_slot(struct slot *out);

int slot_key(void)
{
    struct slot s;
    load_slot(&s);
    return s.key; // ok: c.clang-uninitialized-use
}
