/* Either branch frees, never both. */
#include <stdlib.h>

void reset(char *buf, int keep)
{
    char *alias = buf;
    if (!keep) free(buf);
    else free(alias);
}
