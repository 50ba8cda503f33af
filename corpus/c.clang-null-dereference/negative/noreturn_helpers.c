/* A NULL test whose arm never comes back: a helper of the same file that always ends in
 * exit(), and error() with a non-zero status (it exits). */
#include <errno.h>
#include <error.h>
#include <stdio.h>
#include <stdlib.h>

static void die(const char *what)
{
    fprintf(stderr, "%s\n", what);
    exit(1);
}

int *make_counter(void)
{
    int *p = malloc(sizeof *p);
    if (p == NULL)
        die("out of memory");
    *p = 0; // ok: c.clang-null-dereference
    return p;
}

void touch(const char *name)
{
    FILE *fp = fopen(name, "wb");
    if (!fp)
        error(EXIT_FAILURE, errno, "cannot open `%s'", name);
    fclose(fp); // ok: c.clang-null-dereference
}

/* A debug switch that is never written stays off in every pass of a long loop: the code
 * under it (a trace through a log that was never set up) never runs. */
int sum_cells(const int *cells, int rows, int cols)
{
    int debug = 0, total = 0;
    int *trace = NULL;
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++) {
            total += cells[r * cols + c];
            if (debug)
                trace[r] = c; // ok: c.clang-null-dereference
        }
    return total;
}
