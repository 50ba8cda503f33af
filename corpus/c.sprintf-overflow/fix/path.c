/* fix-case: verified — snprintf bounded by the array size. */
#include <stdio.h>

int open_cache(const char *dir, int id)
{
    char path[64];
    sprintf(path, "%s/cache-%d.db", dir, id); // expect: c.sprintf-overflow
    return path[0];
}
