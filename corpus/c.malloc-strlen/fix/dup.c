/* fix-case: verified — one more byte for the terminator. */
#include <stdlib.h>
#include <string.h>

char *dup_word(const char *w)
{
    char *copy = malloc(strlen(w)); // expect: c.malloc-strlen
    if (!copy)
        return NULL;
    memcpy(copy, w, strlen(w));
    return copy;
}
