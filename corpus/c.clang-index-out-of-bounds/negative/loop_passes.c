/* Indexes that loops make safe, whatever the walk knows of the data: a sentinel that the
 * first pass always replaces (an unsigned short cost is below 999999999), and counts
 * stepped down in the loop's own test (`i-- != 0`, `n--` run the body with i >= 0). */
#include <stddef.h>

void pick_table(const unsigned short cost[6], int fave[6], unsigned char selector[1])
{
    int t, bt = -1, bc = 999999999;
    for (t = 0; t < 6; t++)
        if (cost[t] < bc) {
            bc = cost[t];
            bt = t;
        }
    fave[bt]++; // ok: c.clang-index-out-of-bounds
    selector[0] = (unsigned char)bt;
}

int header_checksum(const unsigned char h[8])
{
    int sum = 0;
    unsigned i;
    for (i = 8; i-- != 0;)
        sum += h[i]; // ok: c.clang-index-out-of-bounds
    return sum;
}

static int sum_back(const char *s, unsigned long n)
{
    int total = 0;
    while (n--)
        total += s[n]; // ok: c.clang-index-out-of-bounds
    return total;
}

int sum_empty(void) { return sum_back("", 0); }
