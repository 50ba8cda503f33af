/* Divisors that are zero on some path: an average over entries that may all be filtered
 * out, a rate whose interval is only set for known units, and a page size read from a
 * configuration file with no check. */
#include <stdio.h>

struct entry {
    int bytes;
    int expired;
};

int average_live_size(const struct entry *e, int n)
{
    int live = 0, total = 0;
    for (int i = 0; i < n; i++) {
        if (e[i].expired) continue;
        live++;
        total += e[i].bytes;
    }
    return total / live; // expect: c.clang-divide-by-zero
}

long per_second(long count, char unit)
{
    long interval = 0;
    if (unit == 's') interval = 1;
    else if (unit == 'm') interval = 60;
    return count / interval; // expect: c.clang-divide-by-zero
}

long pages_needed(FILE *conf, long bytes)
{
    long page = 4096;
    if (fscanf(conf, "page_size=%ld", &page) != 1) return -1;
    return (bytes + page - 1) / page; // expect: c.clang-divide-by-zero, c.clang-integer-overflow
}
