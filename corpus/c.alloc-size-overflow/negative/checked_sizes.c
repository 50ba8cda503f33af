/* Products that are checked, constant, or computed by calloc. */
#include <stdint.h>
#include <stdlib.h>

struct item {
    int id;
    char name[60];
};

#define MAX_ITEMS 1024

struct item *read_items(uint32_t count)
{
    if (count > MAX_ITEMS) return NULL;
    return malloc(count * sizeof(struct item)); // ok: c.alloc-size-overflow
}

unsigned char *make_image(size_t width, size_t height)
{
    size_t pixels;
    if (__builtin_mul_overflow(width, height, &pixels) || pixels > SIZE_MAX / 4) return NULL;
    return malloc(pixels * 4); // ok: c.alloc-size-overflow
}

/* calloc checks the product itself. */
int *table(size_t n)
{
    return calloc(n, sizeof(int)); // ok: c.alloc-size-overflow
}

char *fixed(void)
{
    return malloc(16 * sizeof(char)); // ok: c.alloc-size-overflow
}

int *grow(int *values, size_t n)
{
    if (n >= SIZE_MAX / sizeof *values) return NULL;
    return realloc(values, n * sizeof *values); // ok: c.alloc-size-overflow
}
