/* When realloc fails the old block is lost: buf is its only pointer. */
#include <stdio.h>
#include <stdlib.h>

char *read_all(FILE *f)
{
    size_t cap = 64, len = 0;
    char *buf = malloc(cap);
    if (!buf) return NULL;
    int c;
    while ((c = fgetc(f)) != EOF) {
        if (len + 1 == cap) {
            cap *= 2;
            buf = realloc(buf, cap); // expect: c.clang-realloc-leak
            if (!buf) return NULL;
        }
        buf[len++] = (char)c;
    }
    buf[len] = '\0';
    return buf;
}
