/* Allocation sizes multiplied from counts nobody checked. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

struct item {
    int id;
    char name[60];
};

/* the count comes from the file: 64-bit, so count * 64 can wrap */
struct item *read_items(FILE *in)
{
    unsigned long long count;
    if (fscanf(in, "%llu", &count) != 1)
        return NULL;
    struct item *items = malloc(count * sizeof(struct item)); // expect: c.alloc-size-overflow, c.clang-tainted-size
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
