/* A length read from the input sizes the allocation without a limit. */
#include <stdio.h>
#include <stdlib.h>

char *read_blob(FILE *in)
{
    unsigned n;
    if (fscanf(in, "%u", &n) != 1) return NULL;
    char *p = malloc(n); // expect: c.clang-tainted-size
    if (p && fread(p, 1, n, in) != n) {
        free(p);
        return NULL;
    }
    return p;
}
