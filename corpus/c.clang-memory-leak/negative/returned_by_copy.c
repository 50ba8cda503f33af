/* Blocks returned through the library call that fills them: memcpy(), strcpy() and
 * memset() return their destination. */
#include <stdlib.h>
#include <string.h>

char *dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1); // ok: c.clang-memory-leak
    if (p == NULL)
        return NULL;
    p[n] = '\0';
    return memcpy(p, s, n);
}

char *dup_text(const char *s)
{
    char *p = malloc(strlen(s) + 1); // ok: c.clang-memory-leak
    if (!p)
        return NULL;
    return strcpy(p, s);
}

int *zeroed_table(void)
{
    int *p = malloc(64 * sizeof *p); // ok: c.clang-memory-leak
    if (!p)
        return NULL;
    return memset(p, 0, 64 * sizeof *p);
}
