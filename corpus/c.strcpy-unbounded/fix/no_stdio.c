/* fix-case: rejected (b) — snprintf is not declared: the file has no <stdio.h>. */
#include <string.h>

size_t remember(const char *word)
{
    char last[12];
    strcpy(last, word); // expect: c.strcpy-unbounded
    return strlen(last);
}
