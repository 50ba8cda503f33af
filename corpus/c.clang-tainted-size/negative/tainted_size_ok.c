/* The length is checked against a limit first. */
#include <stdio.h>
#include <stdlib.h>

char *read_blob(FILE *in)
{
    unsigned n;
    if (fscanf(in, "%u", &n) != 1) return NULL;
    if (n > 65536) return NULL;
    char *p = malloc(n); // ok: c.clang-tainted-size
    if (p && fread(p, 1, n, in) != n) {
        free(p);
        return NULL;
    }
    return p;
}
