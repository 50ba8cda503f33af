/* fix-case: verified — the program stops if the allocation fails. */
#include <stdlib.h>
#include <string.h>

char *join_names(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *out = malloc(la + lb + 2); // expect: c.unchecked-alloc
    memcpy(out, a, la);
    out[la] = ' ';
    memcpy(out + la + 1, b, lb + 1);
    return out;
}
