/* Either branch frees, never both. */
#include <stdlib.h>

void reset(char *buf, int keep)
{
    char *alias = buf;
    if (!keep) free(buf); // ok: c.clang-double-free
    else free(alias); // ok: c.clang-double-free
}
