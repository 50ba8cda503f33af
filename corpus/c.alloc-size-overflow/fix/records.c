/* fix-case: verified — malloc(count * size) becomes calloc(count, size). */
#include <stdlib.h>

struct record {
    long id;
    double score;
};

struct record *records_new(size_t count)
{
    return malloc(count * sizeof(struct record)); // expect: c.alloc-size-overflow
}
