/* fix-case: verified — the fill value and the length change places. */
#include <string.h>

struct stats {
    long hits, misses;
};

void stats_reset(struct stats *s)
{
    memset(s, sizeof *s, 0); // expect: c.memset-swapped-args
}
