/* A separate cursor walks; the original is freed. */
#include <stdlib.h>
#include <string.h>

void skip_spaces(const char *src)
{
    char *s = strdup(src);
    if (!s) return;
    char *p = s;
    while (*p == ' ') p++;
    free(s); // ok: c.clang-free-offset-pointer
}
