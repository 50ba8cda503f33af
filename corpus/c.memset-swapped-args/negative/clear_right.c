/* memset in the right order, and zero-length fills of zero. */
#include <string.h>

struct secret {
    unsigned char key[32];
};

void wipe(struct secret *s)
{
    memset(s->key, 0, sizeof s->key); // ok: c.memset-swapped-args
}

void fill(char *buf, size_t n)
{
    memset(buf, ' ', n); // ok: c.memset-swapped-args
}

void nothing(char *buf)
{
    memset(buf, 0, 0); /* odd but harmless: zero bytes of zero */ // ok: c.memset-swapped-args
    memset(buf, '\0', 0); // ok: c.memset-swapped-args
}
