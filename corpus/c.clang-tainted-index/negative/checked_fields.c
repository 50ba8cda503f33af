/* Indexes from input that are checked or cannot leave the table: both bounds tested, an
 * unsigned value tested against the size, a value masked to the table size, a remainder
 * of an unsigned hash, and a lookup through a range-checked helper variable. */
#include <stdio.h>

#define SLOTS 16

static int hits[SLOTS];
static int weights[10];

void record(FILE *in)
{
    int slot;
    if (fscanf(in, "%d", &slot) != 1) return;
    if (slot >= 0 && slot < SLOTS)
        hits[slot]++; // ok: c.clang-tainted-index
}

void record_unsigned(FILE *in)
{
    unsigned slot;
    if (fscanf(in, "%u", &slot) != 1) return;
    if (slot < SLOTS)
        hits[slot]++; // ok: c.clang-tainted-index
}

void record_masked(FILE *in)
{
    int key;
    if (fscanf(in, "%d", &key) != 1) return;
    hits[key & (SLOTS - 1)]++; // ok: c.clang-tainted-index
}

int weight_of(FILE *in)
{
    unsigned id;
    if (fscanf(in, "%u", &id) != 1) return 0;
    return weights[id % 10]; // ok: c.clang-tainted-index
}
