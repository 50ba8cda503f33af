/* Arithmetic that cannot overflow: the count bounded before scaling, a byte-wise hash in
 * unsigned arithmetic (wraps by definition, each byte bounded by its type), a length
 * clamped against the buffer, a value reduced modulo a table size, and a difference of a
 * checked value from a constant. */
#include <stdio.h>
#include <string.h>

#define MAX_ITEMS 4096

long items_bytes(FILE *in)
{
    long n;
    if (fscanf(in, "%ld", &n) != 1) return -1;
    if (n < 0 || n > MAX_ITEMS) return -1;
    return n * 64; // ok: c.clang-integer-overflow
}

unsigned long line_hash(FILE *in)
{
    char line[128];
    unsigned long h = 5381;
    if (!fgets(line, sizeof line, in)) return 0;
    for (size_t i = 0; line[i]; i++)
        h = h * 33 + (unsigned char)line[i]; // ok: c.clang-integer-overflow
    return h;
}

int padded_length(FILE *in)
{
    int len;
    if (fscanf(in, "%d", &len) != 1) return -1;
    if (len < 0 || len > 1000) return -1;
    return len + 8; // ok: c.clang-integer-overflow
}

int slot_after(FILE *in)
{
    unsigned key;
    if (fscanf(in, "%u", &key) != 1) return -1;
    return (int)(key % 97) + 1; // ok: c.clang-integer-overflow
}

int remaining(FILE *in)
{
    int used;
    if (fscanf(in, "%d", &used) != 1) return -1;
    if (used < 0 || used > 100) return -1;
    return 100 - used; // ok: c.clang-integer-overflow
}
