/* Freed in a helper branch and again at the end, through an alias. */
#include <stdlib.h>

void reset(char *buf, int keep)
{
    char *alias = buf;
    if (!keep) free(buf);
    free(alias); // expect: c.clang-double-free
}
