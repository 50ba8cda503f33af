/* The size is checked against a small limit before alloca: the stack use is bounded. */
#include <alloca.h>
#include <string.h>

#define PATH_LIMIT 256

int first_byte(const char *name)
{
    size_t n = strlen(name) + 1;
    if (n > PATH_LIMIT)
        return -1;
    char *buf = alloca(n); // ok: c.alloca-nonconstant
    memcpy(buf, name, n);
    return buf[0];
}

void fill(unsigned count, int value, void (*use)(int *, unsigned))
{
    int *cells = count <= 64 ? alloca(count * sizeof *cells) : NULL; // ok: c.alloca-nonconstant
    if (!cells)
        return;
    for (unsigned i = 0; i < count; i++)
        cells[i] = value;
    use(cells, count);
}
