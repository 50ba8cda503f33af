/* Element counts read from input, multiplied by the element size with no limit. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct entry {
    char key[32];
    long value;
};

struct entry *load_table(int fd, size_t *count)
{
    size_t n;
    if (read(fd, &n, sizeof n) != (ssize_t)sizeof n)
        return NULL;
    struct entry *table = malloc(n * sizeof *table); // expect: c.alloc-size-overflow, c.clang-tainted-size
    if (!table)
        return NULL;
    *count = n;
    return table;
}

double *matrix_from_env(void)
{
    const char *text = getenv("MATRIX_ROWS");
    if (!text)
        return NULL;
    size_t rows = strtoul(text, NULL, 10);
    return malloc(rows * rows * sizeof(double)); // expect: c.alloc-size-overflow, c.clang-tainted-size
}
