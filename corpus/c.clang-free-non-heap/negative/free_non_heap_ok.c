/* Only the heap buffer is freed. */
#include <stdlib.h>

void render(int big)
{
    char small[64];
    char *buf = small;
    if (big) buf = malloc(4096);
    if (!buf) return;
    buf[0] = 0;
    if (buf != small) free(buf); // ok: c.clang-free-non-heap
}
