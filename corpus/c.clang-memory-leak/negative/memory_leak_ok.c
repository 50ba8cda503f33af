/* Every exit frees, returns or hands the buffer over. */
#include <stdlib.h>
#include <string.h>

void remember(char *p);

int parse(const char *src, size_t n, char **out)
{
    char *buf = malloc(n + 1); // ok: c.clang-memory-leak
    if (!buf) return -1;
    memcpy(buf, src, n);
    buf[n] = 0;
    if (buf[0] != '#') {
        free(buf);
        return -2;
    }
    if (buf[1] == '!') {
        remember(buf);
        return 1;
    }
    *out = buf;
    return 0;
}
