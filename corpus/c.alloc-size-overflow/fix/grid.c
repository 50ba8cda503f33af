/* fix-case: not offered — calloc(w * h, size) would still multiply w * h unchecked. */
#include <stdlib.h>

float *grid_new(size_t w, size_t h)
{
    return malloc(w * h * sizeof(float)); // expect: c.alloc-size-overflow
}
