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
