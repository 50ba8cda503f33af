/* The early return on a bad header leaks the buffer. */
#include <stdlib.h>
#include <string.h>

int parse(const char *src, size_t n)
{
    char *buf = malloc(n + 1); // expect: c.clang-memory-leak
    if (!buf) return -1;
    memcpy(buf, src, n);
    buf[n] = 0;
    if (buf[0] != '#') return -2;
    free(buf);
    return 0;
}
