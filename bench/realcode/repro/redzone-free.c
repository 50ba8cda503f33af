#include <stdint.h>
#include <stdlib.h>
/* cache_alloc hands out p + 1; cache_free steps back to the block start */
void *cache_alloc(void) { uint64_t *p = malloc(64); if (!p) return NULL; *p = 0xdeadbeef; return p + 1; }
void cache_free(void *ptr)
{
    uint64_t *pre = ptr;
    --pre;
    if (*pre != 0xdeadbeef) abort();
    ptr = pre;
    free(ptr);
}
// expect-false-alarm: c.clang-free-offset-pointer
