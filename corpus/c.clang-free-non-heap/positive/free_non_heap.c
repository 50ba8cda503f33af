/* The buffer may be the stack array, which must not be freed. */
#include <stdlib.h>

void render(int big)
{
    char small[64];
    char *buf = small;
    if (big) buf = malloc(4096);
    if (!buf) return;
    buf[0] = 0;
    free(buf); // expect: c.clang-free-non-heap
}
