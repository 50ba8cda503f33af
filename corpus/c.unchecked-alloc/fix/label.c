/* fix-case: rejected (b) — abort() is not declared: the file has no <stdlib.h>. */
#include <string.h>

void free(void *p);

size_t label_length(const char *name)
{
    char *copy = strdup(name); // expect: c.unchecked-alloc
    size_t n = strlen(copy);
    free(copy);
    return n;
}
