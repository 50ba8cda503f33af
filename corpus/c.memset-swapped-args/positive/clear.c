/* memset calls with the value and the length swapped. */
#include <string.h>

struct secret {
    unsigned char key[32];
};

void wipe(struct secret *s)
{
    memset(s->key, sizeof s->key, 0); // expect: c.memset-swapped-args
}

void reset(char *buf, size_t n)
{
    memset(buf, n, 0); // expect: c.memset-swapped-args
}

void clear_table(int *table)
{
    memset(table, 256 * sizeof(int), 0); // expect: c.memset-swapped-args
}
