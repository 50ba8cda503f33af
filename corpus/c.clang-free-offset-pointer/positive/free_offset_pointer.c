/* The pointer walked along the string is freed instead of the original. */
#include <stdlib.h>
#include <string.h>

void skip_spaces(const char *src)
{
    char *s = strdup(src);
    if (!s) return;
    while (*s == ' ') s++;
    free(s); // expect: c.clang-free-offset-pointer
}
