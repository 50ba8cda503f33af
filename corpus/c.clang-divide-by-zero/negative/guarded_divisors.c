/* Divisions whose divisor cannot be zero: an early return on an empty set, an assert on
 * the count, an alignment halved from 8 but never below a nonzero request, a count of
 * tables from a ?:, a configured value checked to be positive, and a divisor masked to
 * be odd. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

int average(const int *v, int n)
{
    int total = 0;
    if (n == 0) return 0;
    for (int i = 0; i < n; i++) total += v[i];
    return total / n; // ok: c.clang-divide-by-zero
}

int pick_random(const int *flags, int n)
{
    int candidates = 0;
    for (int i = 0; i < n; i++)
        if (flags[i]) candidates++;
    assert(candidates > 0);
    return rand() % candidates; // ok: c.clang-divide-by-zero
}

size_t aligned_offset(size_t used, size_t bytes)
{
    if (bytes == 0) return used;
    size_t alignment = 8;
    while (bytes < alignment && alignment / 2 >= bytes) alignment /= 2;
    return used % alignment; // ok: c.clang-divide-by-zero
}

long per_table(long entries, int rehashing)
{
    long tables = rehashing ? 2 : 1;
    return entries / tables; // ok: c.clang-divide-by-zero
}

long chunks(FILE *conf, long bytes)
{
    long chunk;
    if (fscanf(conf, "chunk=%ld", &chunk) != 1 || chunk <= 0) return -1;
    return bytes / chunk; // ok: c.clang-divide-by-zero
}

unsigned stride(unsigned seed, unsigned len)
{
    unsigned step = seed | 1;
    return len % step; // ok: c.clang-divide-by-zero
}
