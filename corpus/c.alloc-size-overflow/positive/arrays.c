/* Allocation sizes multiplied from counts nobody checked. */
#include <stdint.h>
#include <stdlib.h>

struct item {
    int id;
    char name[60];
};

struct item *read_items(uint32_t count)
{
    struct item *items = malloc(count * sizeof(struct item)); // expect: c.alloc-size-overflow
    return items;
}

unsigned char *make_image(size_t width, size_t height)
{
    return malloc(width * height * 4); // expect: c.alloc-size-overflow
}

int *grow(int *values, size_t n)
{
    int *grown = realloc(values, n * sizeof *values); // expect: c.alloc-size-overflow
    return grown;
}
