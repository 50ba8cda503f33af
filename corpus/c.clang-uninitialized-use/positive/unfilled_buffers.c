/* Buffers read before anything was stored in them: a checksum over a stack block the
 * caller forgot to fill, a histogram whose counters were never zeroed, a scratch area
 * from malloc whose first word is used as a length, and a table whose second half was
 * never filled. */
#include <stdint.h>
#include <stdlib.h>

uint32_t block_checksum(void)
{
    uint8_t block[64];
    uint32_t sum = 0;
    for (int i = 0; i < 64; i++)
        sum += block[i]; // expect: c.clang-uninitialized-use
    return sum;
}

int busiest_bucket(const int *samples, int n)
{
    int counts[16];
    for (int i = 0; i < n; i++)
        if (samples[i] >= 0 && samples[i] < 16) counts[samples[i]]++; // expect: c.clang-uninitialized-use
    return counts[0]; // expect: c.clang-uninitialized-use
}

size_t scratch_length(void)
{
    size_t *scratch = malloc(16 * sizeof *scratch);
    if (scratch == NULL) return 0;
    size_t len = scratch[0]; // expect: c.clang-uninitialized-use
    free(scratch);
    return len;
}

int table_total(void)
{
    int squares[8], total = 0;
    for (int i = 0; i < 4; i++) squares[i] = i * i;
    for (int i = 0; i < 8; i++)
        total += squares[i]; // expect: c.clang-uninitialized-use
    return total;
}
